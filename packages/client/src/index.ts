/**
 * `@org/client`: a small typed OAuth 2 client that keeps its access token fresh by itself.
 * No runtime dependency beyond the platform (`fetch`, `AbortSignal`); the gRPC part lives at
 * `@org/client/grpc`. Explicit re-exports only.
 */
export { createClient } from "./client.js";
export type { Client, ClientCredentialsLogin, LoginResult, PasswordLogin } from "./client.js";
export { authorizationHeaders } from "./authorization.js";
export { DpopProver } from "./dpop.js";
export type { DpopAlgorithm, DpopOptions, ProofTarget } from "./dpop.js";
export type { AuthTarget, Authorization, Presentation, TokenSnapshot } from "./authorization.js";
export { ClientError, LOCAL_ERRORS, isClientError } from "./errors.js";
export type { ClientErrorDetails, LocalErrorCode } from "./errors.js";
export type { ClientEvent, RenewReason } from "./events.js";
export { DEFAULT_RETRY_AFTER_MS, TOKEN_EXPIRES_IN } from "./fetch.js";
export { MAX_ISSUER_ANSWER_BYTES } from "./issuer.js";
export { DEFAULTS, LIMITS } from "./options.js";
export type { ClientOptions, FetchLike } from "./options.js";
export { MAX_LOGIN_ITEMS } from "./params.js";
export type { ResourceInput, ScopeInput } from "./params.js";
export { RENEW_RETRY_DEFAULT_MS } from "./session.js";
