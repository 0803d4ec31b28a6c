/**
 * `@org/token-http`: RFC 6750 and RFC 9449 (DPoP) over HTTP for `@org/token`, with no framework:
 * the token a request presents (header or optional cookie) and its scheme, the whole
 * authentication of a request, the answer to each refusal, the refusal as an error that carries
 * its own status and challenges, and the verifier of the one-call setup. The Express and Koa
 * adapters are thin layers over it. Explicit re-exports only.
 */
export { RETRY_AFTER_SECONDS, TOKEN_EXPIRES_IN, errorBody, httpStatus, refusal, wwwAuthenticate } from "./answer.js";
export type { ChallengeContext, ChallengeError, DpopChallenge, Refusal } from "./answer.js";
export { AuthError, DEFAULT_REALM, checkRealm } from "./error.js";
export type { AuthErrorInit } from "./error.js";
export { DEFAULT_CSRF_HEADER, readCredential } from "./credentials.js";
export type { CookieTransport, CredentialSource, ReadCredentialOptions } from "./credentials.js";
export { credentialFields } from "./fields.js";
export type { CredentialFields } from "./fields.js";
export { HttpAuthenticator } from "./authenticate.js";
export type { Authenticated, HttpAuthenticatorOptions, HttpRequestSource, RequestChallenge } from "./authenticate.js";
export { issuerVerifier } from "./issuer.js";
export type { IssuerOptions } from "./issuer.js";
