// Public surface of @org/token-koa: explicit named re-exports only.
export { auth } from "./auth.js";
export type { AuthOptions } from "./auth.js";
export { authenticate, authOf } from "./authenticate.js";
export type { AuthenticateOptions } from "./authenticate.js";
export { requireAnyScope, requireClaims, requireScope } from "./guards.js";
export { authErrorHandler } from "./error-handler.js";
export type { AuthErrorOptions } from "./error-handler.js";
// The HTTP side of RFC 6750 is framework-free and lives in @org/token-http.
export { AuthError, DEFAULT_CSRF_HEADER, DEFAULT_REALM, TOKEN_EXPIRES_IN } from "@org/token-http";
export type { CookieTransport, IssuerOptions } from "@org/token-http";
// DPoP: the options of `dpop` are a DpopPolicy's; a policy can be shared between middlewares.
export { DpopPolicy, DpopReplayCache } from "@org/token";
export type { DpopPolicyOptions } from "@org/token";
// The claim check's type is the core's.
export type { ClaimCheck } from "@org/token";
