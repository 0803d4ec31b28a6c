// Public surface of @org/token-koa: explicit named re-exports only.
export { authenticate, authOf } from "./authenticate.js";
export type { AuthenticateOptions } from "./authenticate.js";
export { requireScope } from "./require-scope.js";
export { authErrorHandler } from "./error-handler.js";
export type { AuthErrorOptions } from "./error-handler.js";
// The HTTP side of RFC 6750 is framework-free and lives in @org/token-http.
export { DEFAULT_CSRF_HEADER, TOKEN_EXPIRES_IN } from "@org/token-http";
export type { CookieTransport } from "@org/token-http";
