// Public surface of @org/token-koa: explicit named re-exports only.
export { authenticate, authOf, TOKEN_EXPIRES_IN } from "./authenticate.js";
export type { AuthenticateOptions } from "./authenticate.js";
export { requireScope } from "./require-scope.js";
export { authErrors, KEYS_RETRY_AFTER_SECONDS } from "./auth-errors.js";
export type { AuthErrorOptions } from "./auth-errors.js";
// The credential choice is framework-free and lives in @org/token; re-exported so this API stays as it was.
export { DEFAULT_CSRF_HEADER, selectCredential } from "@org/token";
export type { CookieTransport, Credential, CredentialSource } from "@org/token";
