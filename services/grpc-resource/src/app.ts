import * as grpc from "@grpc/grpc-js";
import { OrderStore, type ResourceAppOptions } from "@org/resource-core";
import { RESOURCE_METHODS, RESOURCE_SERVICE_NAME, loadResourceService } from "@org/proto";
import { DpopPolicy } from "@org/token";
import { HEALTH_METHODS, createAuthInterceptor, type ScopeRules } from "@org/token-grpc";
import { callLogger, logRefusal } from "./logging.js";
import { HEALTH_LIST_METHOD, HealthService } from "./routes/health.js";
import { createResourceHandlers } from "./routes/resource.js";

/** Same scope rules as the HTTP services; anything not listed here is refused. */
export const RESOURCE_RULES: ScopeRules = Object.freeze({
  [RESOURCE_METHODS.GetMe]: [],
  [RESOURCE_METHODS.ListOrders]: ["orders:read"],
  [RESOURCE_METHODS.CreateOrder]: ["orders:write"],
});

/** The methods this server offers: the only values of the metrics' `method` label besides "other". */
const CALL_METHODS: readonly string[] = [...Object.values(RESOURCE_METHODS), ...HEALTH_METHODS, HEALTH_LIST_METHOD];

/** Health service names reported; "" is the whole server. */
export const HEALTH_SERVICES: readonly string[] = ["", RESOURCE_SERVICE_NAME];

export interface App {
  /** Not yet bound: call `bindAsync` (main.ts, or a test on port 0). */
  readonly server: grpc.Server;
  readonly orders: OrderStore;
  /** The public health service: SERVING while `readiness` is not `not_ready`; `shutdown()` on stop. */
  readonly health: HealthService;
}

/**
 * Builds the gRPC server: call logging, the auth interceptor, the Resource handlers and the
 * standard `grpc.health.v1.Health` service (public; "" and "demo.v1.Resource" are SERVING
 * while `options.readiness` is `ready` or `degraded`, as `/readyz` answers 200).
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
    // List too: it tells no more than Check (two fixed names), and probes call it without a token.
    public: [...HEALTH_METHODS, HEALTH_LIST_METHOD],
    onRefused: logRefusal(logger, options.metrics),
    dpop: options.dpop ?? new DpopPolicy(),
    // serve.ts binds plaintext h2c (the demo): proofs name http://<authority>/… unless PUBLIC_BASE_URL says otherwise.
    urlScheme: "http",
  });
  // Order matters: the logger is outermost so it sees refusals; auth is last so the metadata
  // object it hands on is the one handlers get (authOf relies on that).
  const server = new grpc.Server({
    interceptors: [callLogger(logger, options.metrics, CALL_METHODS), auth],
    // Orders are tiny; refuse large messages before they are decoded.
    "grpc.max_receive_message_length": 64 * 1024,
  });
  const orders = options.orders ?? new OrderStore();
  server.addService(loadResourceService().service, createResourceHandlers(orders, logger));

  const { readiness } = options;
  const canVerify = (): boolean => readiness === undefined || readiness.state.status !== "not_ready";
  const health = new HealthService(HEALTH_SERVICES, canVerify());
  health.addTo(server);
  readiness?.onChange(() => {
    health.setServing(canVerify());
  });
  return { server, orders, health };
}
