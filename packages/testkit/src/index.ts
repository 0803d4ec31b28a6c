/**
 * `@org/testkit`: dev-only test helpers and shared vitest suites. One set of fixtures (issuer,
 * frozen clock, keys, tokens, verifier, log sink), one JWKS stand-in server, loopback helpers, the
 * HTTP adapters' suites (run by each adapter against its framework) and the HTTP resource
 * services' suites (run by each service against its own app). Never a runtime dependency.
 * Explicit re-exports only.
 */
export { killAfterTest } from "./child.js";
export { listening } from "./listen.js";
export type { Running } from "./listen.js";
export { ALL_AUDIENCES, ISSUER, NOW_MS, TTL, clock, fixture, keylessVerifier, logSink, tokenMaker } from "./fixtures.js";
export type { Fixture, LogSink, TokenOptions } from "./fixtures.js";
export { startJwksServer } from "./jwks-server.js";
export type { JwksAnswer, JwksServer } from "./jwks-server.js";
export type { AdapterDriver, DiscoveredStart } from "./adapter/driver.js";
export { describeAuthenticate } from "./adapter/authenticate.js";
export { describeCookieTransport } from "./adapter/cookie.js";
export { describeDefaultHandler } from "./adapter/default-handler.js";
export { describeDiscovery } from "./adapter/discovery.js";
export { describeDpop } from "./adapter/dpop.js";
export { proof, proofKey } from "./dpop.js";
export type { ProofKey, ProofSpec } from "./dpop.js";
export { describeGuards } from "./adapter/guards.js";
export { httpResourceService } from "./service/service.js";
export type { HttpResourceService, HttpServiceWiring, ResourceSettings, ServiceIdentity, StartOptions } from "./service/service.js";
export { describeConfig } from "./service/config.js";
export { describeCookie } from "./service/cookie.js";
export { describeDpopSettings } from "./service/dpop.js";
export { describeKeys } from "./service/keys.js";
export { describeLogging } from "./service/logging.js";
export { describeRoutes } from "./service/routes.js";
export { describeOperations } from "./service/operations.js";
export { startRedis } from "./redis.js";
export type { RunningRedis, StartRedisOptions } from "./redis.js";
