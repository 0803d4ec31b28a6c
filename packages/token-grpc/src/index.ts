export { createAuthInterceptor } from "./interceptor.js";
export type { AuthInterceptorOptions, RefusedCall } from "./interceptor.js";
export type { ScopeRules } from "./policy.js";
export { HEALTH_METHODS, INTERNAL_ERROR, METHOD_NOT_ALLOWED, TOKEN_EXPIRES_IN, statusFor } from "./status.js";
export type { RefusalStatus } from "./status.js";
export { authOf } from "./call-auth.js";
