import * as grpc from "@grpc/grpc-js";
import { OrderStore, dpopPolicy, verification } from "@org/resource-core";
import { loadResourceService, type ResourceClient } from "@org/proto";
import type { Readiness } from "@org/service-kit";
import { KeySet, createSigner, type Verifier } from "@org/token";
import { ISSUER, logSink, startJwksServer, type JwksServer, type LogSink } from "@org/testkit";
import { service as healthService } from "grpc-health-check";
import { vi } from "vitest";
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
  mint(sub: string, scope: string, aud?: string | string[], cnf?: { jkt: string }): Promise<string>;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** What health reports; default: always ready. */
  readonly readiness?: Readiness;
  /** Called whenever the server starts verifying a token: the call has reached the server. */
  readonly onVerify?: () => void;
  /** More settings, as main reads them (REQUIRE_DPOP, PUBLIC_BASE_URL, …). */
  readonly env?: Readonly<Record<string, string>>;
}

export async function startService(options: StartOptions = {}): Promise<Running> {
  const keySet = await KeySet.generate();
  const jwks = await startJwksServer({ jwks: keySet.publicJwks() });
  const clock = new Clock();
  const logs = logSink(IDENTITY.name);
  // Settings and keys exactly as main reads them, on the test's clock.
  const config = loadConfig({ ...options.env, TOKEN_ISSUER: ISSUER, ISSUER_URL: jwks.url });
  const { verifier } = verification(IDENTITY, config, { clock: clock.read });
  const app = createApp({
    verifier: observed(verifier, options.onVerify),
    logger: logs.logger,
    orders: new OrderStore(clock.read),
    dpop: dpopPolicy(config, clock.read),
    ...(options.readiness === undefined ? {} : { readiness: options.readiness }),
  });
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
    mint: async (sub, scope, aud = [IDENTITY.audience, "urn:demo:express", "urn:demo:koa"], cnf) =>
      (await signer.accessToken({ sub, client_id: "demo-cli", aud, scope, ...(cnf === undefined ? {} : { cnf }) })).token,
    stop: async () => {
      client.close();
      health.close();
      app.server.forceShutdown();
      await jwks.close();
    },
  };
}

/** The same verifier, calling `onVerify` first. */
function observed(verifier: Verifier, onVerify: (() => void) | undefined): Verifier {
  if (onVerify === undefined) return verifier;
  return {
    verify: (token) => {
      onVerify();
      return verifier.verify(token);
    },
    verifySync: (token) => verifier.verifySync(token),
    flush: () => {
      verifier.flush();
    },
    secondsLeft: (token) => verifier.secondsLeft(token),
    stats: () => verifier.stats(),
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

/**
 * Calls a unary method with an optional bearer token (or, with `dpop`, a DPoP token and that
 * proof) and collects status, value and metadata.
 */
export function invoke<Req, Res>(method: UnaryMethod<Req, Res>, request: Req, token?: string, dpop?: string): Promise<Outcome<Res>> {
  const metadata = new grpc.Metadata();
  if (token !== undefined) metadata.set("authorization", `${dpop === undefined ? "Bearer" : "DPoP"} ${token}`);
  if (dpop !== undefined) metadata.set("dpop", dpop);
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

/** A health method's definition from grpc-health-check (the standard proto). */
function healthMethod(name: "Check" | "Watch" | "List"): NonNullable<(typeof healthService)[string]> {
  const method = healthService[name];
  if (method === undefined) throw new Error(`grpc-health-check lacks ${name}`);
  return method;
}

const statusOf = (value: unknown): unknown => (typeof value === "object" && value !== null ? Reflect.get(value, "status") : undefined);

/** grpc.health.v1.Health/Check through the package's own service definition. */
export function healthCheck(client: grpc.Client, service: string): Promise<{ code: grpc.status; details: string; status?: unknown }> {
  const check = healthMethod("Check");
  return new Promise((resolve) => {
    client.makeUnaryRequest(
      check.path,
      check.requestSerialize,
      (bytes: Buffer): unknown => check.responseDeserialize(bytes),
      { service },
      (error, value) => {
        if (error) resolve({ code: error.code, details: error.details });
        else resolve({ code: grpc.status.OK, details: "", status: statusOf(value) });
      },
    );
  });
}

/** grpc.health.v1.Health/List: each name with its status. */
export function healthList(client: grpc.Client): Promise<{ code: grpc.status; statuses?: Record<string, unknown> }> {
  const list = healthMethod("List");
  return new Promise((resolve) => {
    client.makeUnaryRequest(
      list.path,
      list.requestSerialize,
      (bytes: Buffer): unknown => list.responseDeserialize(bytes),
      {},
      (error, value) => {
        if (error) {
          resolve({ code: error.code });
          return;
        }
        const statuses: unknown = typeof value === "object" && value !== null ? Reflect.get(value, "statuses") : undefined;
        const entries = typeof statuses === "object" && statuses !== null ? Object.entries(statuses) : [];
        resolve({ code: grpc.status.OK, statuses: Object.fromEntries(entries.map(([name, entry]) => [name, statusOf(entry)])) });
      },
    );
  });
}

/** An open grpc.health.v1.Health/Watch stream as a client sees it. */
export interface HealthWatch {
  /** Every status received, in order. */
  readonly statuses: readonly unknown[];
  /** The stream's final status, once it ended. */
  readonly ended: Promise<{ code: grpc.status; details: string }>;
  isEnded(): boolean;
  cancel(): void;
}

export function watchHealth(client: grpc.Client, service: string): HealthWatch {
  const watch = healthMethod("Watch");
  const statuses: unknown[] = [];
  let done = false;
  const stream = client.makeServerStreamRequest(
    watch.path,
    watch.requestSerialize,
    (bytes: Buffer): unknown => watch.responseDeserialize(bytes),
    { service },
  );
  stream.on("data", (message: unknown) => statuses.push(statusOf(message)));
  // A non-OK end also comes as 'error'; 'status' carries it either way.
  stream.on("error", () => undefined);
  const ended = new Promise<{ code: grpc.status; details: string }>((resolve) => {
    stream.on("status", (status: grpc.StatusObject) => {
      done = true;
      resolve({ code: status.code, details: status.details });
    });
  });
  return {
    statuses,
    ended,
    isEnded: () => done,
    cancel: () => {
      stream.cancel();
    },
  };
}

/** Polls `check` until it passes: generous, never a fixed sleep (the machine may be loaded). */
export function eventually(check: () => void): Promise<void> {
  return vi.waitFor(check, { timeout: 20_000, interval: 5 });
}
