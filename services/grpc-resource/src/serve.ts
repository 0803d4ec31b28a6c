// The `serve` of the gRPC service for the resource services' shared start routine: bind HOST and
// GRPC_PORT (plaintext h2c in the demo), and a graceful stop that reports what it had to cut.
import * as grpc from "@grpc/grpc-js";
import type { ResourceParts, Serving } from "@org/resource-core";
import { SHUTDOWN_GRACE_MS, bindError } from "@org/service-kit";
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
    const { host, port } = parts.config;
    const bound = await bind(app.server, { host, port, portVariable: parts.identity.portVariable });
    return { port: bound, close: () => closeGrpcServer(app) };
  };
}
