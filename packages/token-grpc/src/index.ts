export { createAuthInterceptor } from "./interceptor.js";
export type { AuthInterceptorOptions, RefusedCall } from "./interceptor.js";
export type { ScopeRules } from "./policy.js";
export { HEALTH_METHODS, TOKEN_EXPIRES_IN, statusFor } from "./status.js";
export type { RefusalStatus } from "./status.js";
export { authOf } from "./call-auth.js";
