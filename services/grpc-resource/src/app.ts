import * as grpc from "@grpc/grpc-js";
import { OrderStore } from "@org/resource-core";
import { RESOURCE_METHODS, RESOURCE_SERVICE_NAME, loadResourceService } from "@org/proto";
import { createVerifier, type KeyResolver, type Verifier } from "@org/token";
import { HEALTH_METHODS, createAuthInterceptor, type ScopeRules } from "@org/token-grpc";
import { HealthImplementation } from "grpc-health-check";
import type { Logger } from "pino";
import { callLogger, logRefusal } from "./logging.js";
import { createResourceHandlers } from "./rpc/handlers.js";

/** The `aud` value this service demands. */
export const AUDIENCE = "urn:demo:grpc";

/** Same scope rules as the HTTP services; anything not listed here is refused. */
export const RESOURCE_RULES: ScopeRules = Object.freeze({
  [RESOURCE_METHODS.GetMe]: [],
  [RESOURCE_METHODS.ListOrders]: ["orders:read"],
  [RESOURCE_METHODS.CreateOrder]: ["orders:write"],
});

/** Health service names reported; "" is the whole server. */
export const HEALTH_SERVICES: readonly string[] = ["", RESOURCE_SERVICE_NAME];

export interface AppOptions {
  /** Exact `iss` to demand. */
  readonly issuer: string;
  /** Where the issuer's public keys come from. */
  readonly keys: KeyResolver;
  readonly logger: Logger;
  /** Milliseconds since the epoch; tests freeze it. */
  readonly clock?: () => number;
}

export interface App {
  /** Not yet bound: call `bindAsync` (main.ts, or a test on port 0). */
  readonly server: grpc.Server;
  readonly verifier: Verifier;
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
 * const app = createApp({ issuer, keys: staticKeys(jwks), logger });
 * app.server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, port) => {});
 * ```
 */
export function createApp(options: AppOptions): App {
  const { logger, clock } = options;
  const verifier = createVerifier({
    issuer: options.issuer,
    audience: AUDIENCE,
    keys: options.keys,
    ...(clock === undefined ? {} : { clock }),
  });
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
  const orders = new OrderStore(clock);
  server.addService(loadResourceService().service, createResourceHandlers(orders, logger));

  const health = new HealthImplementation(Object.fromEntries(HEALTH_SERVICES.map((name) => [name, "SERVING"])));
  health.addToServer(server);
  const setServing = (serving: boolean): void => {
    for (const name of HEALTH_SERVICES) health.setStatus(name, serving ? "SERVING" : "NOT_SERVING");
  };
  return { server, verifier, orders, setServing };
}
