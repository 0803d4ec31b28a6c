/**
 * `@org/client/grpc`: grpc-js call credentials and a client interceptor over an `@org/client`
 * Client. The only part of the package that imports `@grpc/grpc-js` (an optional peer
 * dependency). Explicit re-exports only.
 */
export { callCredentials } from "./credentials.js";
export type { CallCredentialsOptions } from "./credentials.js";
export { TOKEN_EXPIRES_IN_METADATA, retryInterceptor } from "./retry.js";
