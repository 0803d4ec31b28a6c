import * as grpc from "@grpc/grpc-js";
import { OrderStore, verification } from "@org/resource-core";
import { loadResourceService, type ResourceClient } from "@org/proto";
import { KeySet, createSigner } from "@org/token";
import { ISSUER, logSink, startJwksServer, type JwksServer, type LogSink } from "@org/testkit";
import { service as healthService } from "grpc-health-check";
import { createApp, type App } from "../src/app.js";
import { loadConfig } from "../src/config.js";
import { IDENTITY } from "../src/identity.js";
import { bind as bindAddress } from "../src/serve.js";

export { ISSUER };
export const START = Date.UTC(2026, 0, 1, 12, 0, 0);

/** A frozen clock tests move by hand. */
export class Clock {
  now = START;
  readonly read = (): number => this.now;
}

/** Binds to 127.0.0.1 (port 0 unless told) the way main does. */
export function bind(server: grpc.Server, port = 0): Promise<number> {
  return bindAddress(server, { host: "127.0.0.1", port, portVariable: IDENTITY.portVariable });
}

/** The service on port 0 with keys from a real JWKS server, plus clients and a token minter. */
export interface Running {
  readonly app: App;
  readonly port: number;
  readonly client: ResourceClient;
  readonly health: grpc.Client;
  readonly logs: LogSink;
  readonly clock: Clock;
  readonly jwks: JwksServer;
  mint(sub: string, scope: string, aud?: string | string[]): Promise<string>;
  stop(): Promise<void>;
}

export async function startService(): Promise<Running> {
  const keySet = await KeySet.generate();
  const jwks = await startJwksServer({ jwks: keySet.publicJwks() });
  const clock = new Clock();
  const logs = logSink(IDENTITY.name);
  // Settings and keys exactly as main reads them, on the test's clock.
  const config = loadConfig({ TOKEN_ISSUER: ISSUER, ISSUER_URL: jwks.url });
  const { verifier } = verification(IDENTITY, config, { clock: clock.read });
  const app = createApp({ verifier, logger: logs.logger, orders: new OrderStore(clock.read) });
  const port = await bind(app.server);
  const { Client } = loadResourceService();
  const client = new Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  const health = new grpc.Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  const signer = createSigner({ keys: keySet, issuer: ISSUER, clock: clock.read });
  return {
    app,
    port,
    client,
    health,
    logs,
    clock,
    jwks,
    mint: async (sub, scope, aud = [IDENTITY.audience, "urn:demo:express", "urn:demo:koa"]) =>
      (await signer.accessToken({ sub, client_id: "demo-cli", aud, scope })).token,
    stop: async () => {
      client.close();
      health.close();
      app.server.forceShutdown();
      await jwks.close();
    },
  };
}

/** The outcome of one unary call as a client sees it. */
export interface Outcome<T> {
  readonly code: grpc.status;
  readonly details: string;
  readonly value: T | undefined;
  readonly expiresIn: readonly string[];
}

type UnaryMethod<Req, Res> = (
  request: Req,
  metadata: grpc.Metadata,
  callback: grpc.requestCallback<Res>,
) => grpc.ClientUnaryCall;

/** Calls a unary method with an optional bearer token and collects status, value and metadata. */
export function invoke<Req, Res>(method: UnaryMethod<Req, Res>, request: Req, token?: string): Promise<Outcome<Res>> {
  const metadata = new grpc.Metadata();
  if (token !== undefined) metadata.set("authorization", `Bearer ${token}`);
  return new Promise((resolve) => {
    let expiresIn: string[] = [];
    const call = method(request, metadata, (error, value) => {
      resolve({ code: error?.code ?? grpc.status.OK, details: error?.details ?? "", value, expiresIn });
    });
    call.on("metadata", (received: grpc.Metadata) => {
      expiresIn = received.get("token-expires-in").map(String);
    });
  });
}

/** grpc.health.v1.Health/Check through the package's own service definition. */
export function healthCheck(client: grpc.Client, service: string): Promise<{ code: grpc.status; status?: unknown }> {
  const check = healthService.Check;
  if (check === undefined) throw new Error("grpc-health-check lacks Check");
  return new Promise((resolve) => {
    client.makeUnaryRequest(
      check.path,
      check.requestSerialize,
      (bytes: Buffer): unknown => check.responseDeserialize(bytes),
      { service },
      (error, value) => {
        const status: unknown = typeof value === "object" && value !== null ? Reflect.get(value, "status") : undefined;
        resolve({ code: error?.code ?? grpc.status.OK, status });
      },
    );
  });
}
