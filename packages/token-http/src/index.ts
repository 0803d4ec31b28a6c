/**
 * `@org/token-http`: RFC 6750 over HTTP for `@org/token`, with no framework: the token a request
 * presents (header or optional cookie), the answer to each refusal, the refusal as an error that
 * carries its own status and headers, and the verifier of the one-call setup. The Express and
 * Koa adapters are thin layers over it. Explicit re-exports only.
 */
export { RETRY_AFTER_SECONDS, TOKEN_EXPIRES_IN, errorBody, httpStatus, refusal, wwwAuthenticate } from "./answer.js";
export type { ChallengeError, Refusal } from "./answer.js";
export { AuthError, DEFAULT_REALM, checkRealm } from "./error.js";
export type { AuthErrorInit } from "./error.js";
export { DEFAULT_CSRF_HEADER, readCredential } from "./credentials.js";
export type { CookieTransport, CredentialSource } from "./credentials.js";
export { issuerVerifier } from "./issuer.js";
export type { IssuerOptions } from "./issuer.js";
