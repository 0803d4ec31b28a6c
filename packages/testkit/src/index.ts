/**
 * `@org/testkit`: loopback test helpers and the HTTP adapters' shared suites (each adapter's
 * test files call them with a driver that builds the app with its own middlewares). Explicit
 * re-exports only.
 */
export { killAfterTest } from "./child.js";
export { listening } from "./listen.js";
export type { Running } from "./listen.js";
export type { AdapterDriver } from "./adapter/driver.js";
export { describeAuthenticate } from "./adapter/authenticate.js";
export { describeCookieTransport } from "./adapter/cookie.js";
export { startRedis, type RunningRedis, type StartRedisOptions } from "./redis.js";
