import * as grpc from "@grpc/grpc-js";
import { loadResourceService, type ResourceClient } from "@org/proto";
import { KeySet, createSigner, type Jwks } from "@org/token";
import { service as healthService } from "grpc-health-check";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { AUDIENCE, createApp, type App } from "../src/app.js";
import { createKeys } from "@org/resource-core";
import { createLogger } from "../src/logging.js";

export const ISSUER = "http://127.0.0.1:4000";
export const START = Date.UTC(2026, 0, 1, 12, 0, 0);

/** A frozen clock tests move by hand. */
export class Clock {
  now = START;
  readonly read = (): number => this.now;
}

/** A real HTTP server publishing a JWKS at /.well-known/jwks.json, like the issuer. */
export async function startJwksServer(jwks: Jwks): Promise<{ url: string; requests: () => number; close(): Promise<void> }> {
  let requests = 0;
  const server: Server = createServer((req, res) => {
    requests += 1;
    if (req.url !== "/.well-known/jwks.json") {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(jwks));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => requests,
    close: () => new Promise((resolve) => server.close(() => { resolve(); })),
  };
}

/** Collects every log line the service writes. */
export class LogSink extends Writable {
  readonly lines: string[] = [];

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.lines.push(...chunk.toString("utf8").split("\n").filter((line) => line !== ""));
    callback();
  }

  /** Parsed entries whose msg is `msg`. */
  entries(msg: string): Record<string, unknown>[] {
    return this.lines
      .map((line): unknown => JSON.parse(line))
      .filter((entry): entry is Record<string, unknown> => typeof entry === "object" && entry !== null)
      .filter((entry) => entry.msg === msg);
  }
}

export function bind(server: grpc.Server, port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(`127.0.0.1:${port}`, grpc.ServerCredentials.createInsecure(), (error, port) => {
      if (error) reject(error);
      else resolve(port);
    });
  });
}

/** The service on port 0 with keys from a real JWKS server, plus clients and a token minter. */
export interface Running {
  readonly app: App;
  readonly port: number;
  readonly client: ResourceClient;
  readonly health: grpc.Client;
  readonly logs: LogSink;
  readonly clock: Clock;
  readonly jwks: Awaited<ReturnType<typeof startJwksServer>>;
  mint(sub: string, scope: string, aud?: string | string[]): Promise<string>;
  stop(): Promise<void>;
}

export async function startService(): Promise<Running> {
  const keySet = await KeySet.generate();
  const jwks = await startJwksServer(keySet.publicJwks());
  const clock = new Clock();
  const logs = new LogSink();
  const keys = createKeys({ kind: "remote", jwksUrl: new URL("/.well-known/jwks.json", jwks.url) });
  const app = createApp({ issuer: ISSUER, keys: keys.resolver, logger: createLogger("info", logs), clock: clock.read });
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
    mint: async (sub, scope, aud = [AUDIENCE, "urn:demo:express", "urn:demo:koa"]) =>
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
