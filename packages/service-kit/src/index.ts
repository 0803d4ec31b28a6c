/**
 * `@org/service-kit`: what every service of the topology runs on, the issuer and the three resource
 * services alike: settings readers, the logger, readiness, start-up and graceful stop.
 * Explicit re-exports only.
 */
export { ConfigError, fileErrorCode, isLoopbackHost, readSettings } from "./settings.js";
export type { Env, LogLevel, Settings } from "./settings.js";
export { causeKind, createLogger, requestId } from "./logger.js";
export type { Logger, LoggerOptions } from "./logger.js";
export { writePrivateFile } from "./files.js";
export { corsPackageOptions, corsPolicy, parseOrigins } from "./cors.js";
export type { CorsPackageOptions, CorsPolicy } from "./cors.js";
export { createMetrics, metricsAnswer, readGauge } from "./metrics.js";
export type { Registry } from "./metrics.js";
export { requestLog } from "./request-log.js";
export type { RequestFacts, RequestLog } from "./request-log.js";
export { Readiness, readyzAnswer } from "./readiness.js";
export type { ReadyState } from "./readiness.js";
export { StartupError, bindError, listenHttp, runService } from "./startup.js";
export type { ListenAddress } from "./startup.js";
export { SHUTDOWN_GRACE_MS, closeHttpServer, stopOnSignals } from "./shutdown.js";
export type { StopOptions } from "./shutdown.js";
