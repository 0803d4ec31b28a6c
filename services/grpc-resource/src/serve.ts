// The `serve` of the gRPC service for the resource services' shared start routine: bind HOST and
// GRPC_PORT (plaintext h2c in the demo), and a graceful stop that reports what it had to cut.
import { createServer, type Server } from "node:http";
import * as grpc from "@grpc/grpc-js";
import type { ResourceParts, Serving } from "@org/resource-core";
import { SHUTDOWN_GRACE_MS, bindError, closeHttpServer, listenHttp, metricsAnswer, readyzAnswer, type Readiness, type Registry } from "@org/service-kit";
import type { App } from "./app.js";

/**
 * Binds `app.server` and resolves with the port; rejects with the kit's StartupError (naming
 * GRPC_PORT or HOST) when the address cannot be bound.
 *
 * @example
 * ```ts
 * const port = await bind(app.server, { host: "127.0.0.1", port: 0, portVariable: "GRPC_PORT" });
 * ```
 */
export function bind(server: grpc.Server, address: { host: string; port: number; portVariable: string }): Promise<number> {
  const host = address.host.includes(":") ? `[${address.host}]` : address.host;
  return new Promise((resolve, reject) => {
    server.bindAsync(`${host}:${address.port}`, grpc.ServerCredentials.createInsecure(), (error, port) => {
      if (error === null) {
        resolve(port);
        return;
      }
      // grpc-js reports a bind failure as text only: name the usual cause when it says so.
      const code = /EADDRINUSE|address already in use/i.test(error.message) ? "EADDRINUSE" : undefined;
      reject(bindError(address, code));
    });
  });
}

/**
 * Stops accepting calls and lets running ones finish: the health service first sends NOT_SERVING
 * to its watchers and ends their streams (they never end by themselves, and would otherwise hold
 * the stop for the whole grace), then `tryShutdown`; after `graceMs` the calls still running are
 * cut and the promise rejects (work was lost).
 *
 * @example
 * ```ts
 * await closeGrpcServer(app, 10_000);
 * ```
 */
export function closeGrpcServer(app: Pick<App, "server" | "health">, graceMs = SHUTDOWN_GRACE_MS): Promise<void> {
  app.health.shutdown();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      app.server.forceShutdown();
      reject(new Error(`calls still running after ${graceMs} ms were cut`));
    }, graceMs);
    app.server.tryShutdown(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * The serve step: builds the app with `build`, binds it, and stops it with {@link closeGrpcServer}.
 *
 * @example
 * ```ts
 * await runResourceService(IDENTITY, loadConfig, grpcServing((parts) => createApp(parts)));
 * ```
 */
export function grpcServing(build: (parts: ResourceParts) => App): (parts: ResourceParts) => Promise<Serving> {
  return async (parts) => {
    const app = build(parts);
    const { host, port, metricsPort } = parts.config;
    const bound = await bind(app.server, { host, port, portVariable: parts.identity.portVariable });
    const operations = metricsPort === undefined ? undefined : operationsServer(parts.readiness, parts.metrics.registry);
    if (operations !== undefined && metricsPort !== undefined) {
      const at = await listenHttp(operations, { host, port: metricsPort, portVariable: "METRICS_PORT" });
      parts.logger.info({ host, port: at }, "metrics and probes listening (GET /metrics, /healthz, /readyz)");
    }
    return {
      port: bound,
      close: async () => {
        await Promise.all([closeGrpcServer(app), operations === undefined ? undefined : closeHttpServer(operations)]);
      },
    };
  };
}

/**
 * The gRPC service's small HTTP side, for operators: `GET /metrics` (Prometheus), `/healthz`
 * (liveness) and `/readyz` (the same readiness as gRPC health), nothing else. Keep it on the
 * operators' network.
 *
 * @example
 * ```ts
 * await listenHttp(operationsServer(readiness, registry), { host, port: 9464, portVariable: "METRICS_PORT" });
 * ```
 */
export function operationsServer(readiness: Readiness, registry: Registry): Server {
  return createServer((req, res) => {
    const send = (status: number, type: string, body: string): void => {
      res.writeHead(status, { "content-type": type, "cache-control": "no-store", "x-content-type-options": "nosniff" }).end(body);
    };
    const path = (req.url ?? "").split("?")[0];
    if (req.method !== "GET") send(405, "application/json", JSON.stringify({ error: "method_not_allowed" }));
    else if (path === "/healthz") send(200, "application/json", JSON.stringify({ status: "ok" }));
    else if (path === "/readyz") {
      const { status, body } = readyzAnswer(readiness.state);
      send(status, "application/json", JSON.stringify(body));
    } else if (path === "/metrics") {
      metricsAnswer(registry).then(
        ({ contentType, body }) => {
          send(200, contentType, body);
        },
        () => {
          send(500, "application/json", JSON.stringify({ error: "server_error" }));
        },
      );
    } else send(404, "application/json", JSON.stringify({ error: "not_found" }));
  });
}
