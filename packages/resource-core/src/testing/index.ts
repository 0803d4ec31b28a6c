/**
 * `@org/resource-core/testing`: the HTTP resource services' test suites, one per concern, run by
 * each service against its own app (`pnpm --filter @org/koa-resource test` tests Koa alone).
 * Explicit re-exports only.
 */
import { describe } from "vitest";
import { describeConfig } from "./config.js";
import { describeCookie } from "./cookie.js";
import { describeKeys } from "./keys.js";
import { describeLogging } from "./logging.js";
import { describeRoutes } from "./routes.js";
import type { HttpResourceService } from "./service.js";

export { httpResourceService } from "./service.js";

export { describeConfig, describeCookie, describeKeys, describeLogging, describeRoutes };
export type { HttpResourceService, ResourceAppOptions, Running, ServiceIdentity } from "./service.js";

/**
 * Every HTTP service suite, each in its own `describe` block.
 *
 * @example
 * describeHttpResourceService(service);
 */
export function describeHttpResourceService(service: HttpResourceService): void {
  describe("routes", () => {
    describeRoutes(service);
  });
  describe("config", () => {
    describeConfig(service);
  });
  describe("keys", () => {
    describeKeys(service);
  });
  describe("cookie", () => {
    describeCookie(service);
  });
  describe("logging", () => {
    describeLogging(service);
  });
}
