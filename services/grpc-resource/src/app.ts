import * as grpc from "@grpc/grpc-js";
import { OrderStore, type ResourceAppOptions } from "@org/resource-core";
import { RESOURCE_METHODS, RESOURCE_SERVICE_NAME, loadResourceService } from "@org/proto";
import { HEALTH_METHODS, createAuthInterceptor, type ScopeRules } from "@org/token-grpc";
import { HealthImplementation } from "grpc-health-check";
import { callLogger, logRefusal } from "./logging.js";
import { createResourceHandlers } from "./routes/resource.js";

/** Same scope rules as the HTTP services; anything not listed here is refused. */
export const RESOURCE_RULES: ScopeRules = Object.freeze({
  [RESOURCE_METHODS.GetMe]: [],
  [RESOURCE_METHODS.ListOrders]: ["orders:read"],
  [RESOURCE_METHODS.CreateOrder]: ["orders:write"],
});

/** Health service names reported; "" is the whole server. */
export const HEALTH_SERVICES: readonly string[] = ["", RESOURCE_SERVICE_NAME];

export interface App {
  /** Not yet bound: call `bindAsync` (main.ts, or a test on port 0). */
  readonly server: grpc.Server;
  readonly orders: OrderStore;
  /** Flips every health entry between SERVING and NOT_SERVING (NOT_SERVING on shutdown). */
  setServing(serving: boolean): void;
}

/**
 * Builds the gRPC server: call logging, the auth interceptor, the Resource handlers and the
 * standard `grpc.health.v1.Health` service (public, SERVING for "" and "demo.v1.Resource").
 *
 * @example
 * ```ts
 * const app = createApp({ verifier, logger });
 * app.server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, port) => {});
 * ```
 */
export function createApp(options: ResourceAppOptions): App {
  const { logger, verifier } = options;
  const auth = createAuthInterceptor({
    verifier,
    rules: RESOURCE_RULES,
    public: HEALTH_METHODS,
    onRefused: logRefusal(logger),
  });
  // Order matters: the logger is outermost so it sees refusals; auth is last so the metadata
  // object it hands on is the one handlers get (authOf relies on that).
  const server = new grpc.Server({
    interceptors: [callLogger(logger), auth],
    // Orders are tiny; refuse large messages before they are decoded.
    "grpc.max_receive_message_length": 64 * 1024,
  });
  const orders = options.orders ?? new OrderStore();
  server.addService(loadResourceService().service, createResourceHandlers(orders, logger));

  const health = new HealthImplementation(Object.fromEntries(HEALTH_SERVICES.map((name) => [name, "SERVING"])));
  health.addToServer(server);
  let current = true;
  // Only a change is sent: every setStatus call is a message to each health watcher.
  const setServing = (serving: boolean): void => {
    if (serving === current) return;
    current = serving;
    for (const name of HEALTH_SERVICES) health.setStatus(name, serving ? "SERVING" : "NOT_SERVING");
  };
  return { server, orders, setServing };
}
