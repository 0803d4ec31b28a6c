// This service as the shared HTTP service suites of @org/testkit see it.
import { BODY_LIMIT_BYTES, OrderStore, dpopPolicy, resourceMetrics, verification } from "@org/resource-core";
import { createMetrics } from "@org/service-kit";
import { httpResourceService } from "@org/testkit";
import { createApp } from "../src/app.js";
import { loadConfig } from "../src/config.js";
import { IDENTITY } from "../src/identity.js";

export const service = httpResourceService({
  identity: IDENTITY,
  main: new URL("../dist/main.js", import.meta.url),
  bodyLimitBytes: BODY_LIMIT_BYTES,
  loadConfig,
  verifierFor: (config, clock) => verification(IDENTITY, config, { clock }).verifier,
  dpopFor: (config, clock) => dpopPolicy(config, clock),
  // The koa app's own listen, as in main.ts, on a free port.
  listen: ({ withMetrics, ...options }) => {
    const registry = withMetrics === true ? createMetrics(IDENTITY.name) : undefined;
    const metrics =
      registry === undefined
        ? undefined
        : { registry, ...resourceMetrics(registry, { transport: "http", verifier: options.verifier, keys: { resolver: { resolve: () => { throw new Error("unused"); } }, ready: () => Promise.resolve(), description: "test" } }) };
    return createApp({ ...options, orders: new OrderStore(options.clock), ...(metrics === undefined ? {} : { metrics }) }).listen(0, "127.0.0.1");
  },
});
