// Test helpers: cheap-scrypt identities, a fake clock, and the real app on 127.0.0.1 port 0.
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { createVerifier, KeySet, staticKeys, type Verifier } from "@org/token";
import type { Logger } from "@org/service-kit";
import { createApp } from "../src/app.js";
import { loadConfig as parseConfig, type Config } from "../src/config.js";
import { hashSecret, verifySecret, type ScryptParams } from "../src/identities/hash.js";
import { parseIdentities, type Identities } from "../src/identities/store.js";
import { Readiness, createLogger } from "@org/service-kit";
import type { SecretCheck } from "../src/grants/context.js";
import { followRevocation, issuerRevocation } from "../src/revocation/setup.js";
import type { ThrottleOptions } from "../src/throttle.js";

/** Params are stored per hash, so tests may use a cost that takes well under a millisecond. */
export const CHEAP: ScryptParams = { N: 16, r: 1, p: 1 };

export const SECRETS = {
  alice: "alice-demo-password",
  bob: "bob-demo-password",
  reporting: "reporting-job-secret",
  ops: "ops-console-secret",
} as const;

/** The contract's demo identities, hashed cheaply. */
export async function identitiesDocument(): Promise<Record<string, unknown>> {
  return {
    users: [
      { username: "alice", password_hash: await hashSecret(SECRETS.alice, CHEAP), scopes: ["profile", "orders:read", "orders:write"] },
      { username: "bob", password_hash: await hashSecret(SECRETS.bob, CHEAP), scopes: ["profile", "orders:read"] },
    ],
    clients: [
      { client_id: "demo-cli", type: "public", grant_types: ["password", "refresh_token"] },
      {
        client_id: "reporting-job",
        type: "confidential",
        secret_hash: await hashSecret(SECRETS.reporting, CHEAP),
        grant_types: ["client_credentials"],
        scopes: ["orders:read"],
      },
      { client_id: "demo-web", type: "public", grant_types: ["password", "refresh_token"] },
      {
        client_id: "ops-console",
        type: "confidential",
        secret_hash: await hashSecret(SECRETS.ops, CHEAP),
        grant_types: [],
        revocation_admin: true,
      },
    ],
  };
}

let cached: Identities | undefined;
export async function testIdentities(): Promise<Identities> {
  cached ??= await parseIdentities(await identitiesDocument());
  return cached;
}

/**
 * The real scrypt check, counted and held: every run waits until `release()`, so a test can fire a burst
 * of parallel requests and see how many reached the secret comparison before any of them is answered.
 */
export class HeldChecks {
  /** Runs started (requests that reached the secret comparison). */
  calls = 0;
  /** Runs started and not finished. */
  running = 0;
  /** The most runs that were ever under way at once. */
  maxRunning = 0;
  private open = (): void => undefined;
  private readonly gate = new Promise<void>((resolve) => {
    this.open = resolve;
  });

  readonly check: SecretCheck = async (secret, stored) => {
    this.calls += 1;
    this.running += 1;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    try {
      await this.gate;
      return await verifySecret(secret, stored);
    } finally {
      this.running -= 1;
    }
  };

  /** Lets every held run, and every later one, go ahead. */
  release(): void {
    this.open();
  }
}

/** A clock tests move by hand; starts at a fixed instant. */
export class FakeClock {
  ms = Date.UTC(2026, 0, 1, 12, 0, 0);
  readonly now = (): number => this.ms;
  tick(seconds: number): void {
    this.ms += seconds * 1000;
  }
}

/** Collects log output so a test can search it. */
export class Capture extends Writable {
  text = "";
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

export interface Issuer {
  readonly url: string;
  readonly config: Config;
  readonly keys: KeySet;
  readonly clock: FakeClock;
  readonly logs: Capture;
  readonly logger: Logger;
  readonly readiness: Readiness;
  close(): Promise<void>;
  /** POSTs form parameters to /token (or another path). */
  post(params: Record<string, string | string[]>, init?: { headers?: Record<string, string>; path?: string }): Promise<Response>;
  /** A verifier for one audience that trusts the JWKS this issuer serves, on the same fake clock. */
  verifier(audience?: string): Promise<Verifier>;
}

export interface StartOptions {
  env?: Record<string, string>;
  keys?: KeySet;
  identities?: Identities;
  clock?: FakeClock;
  throttle?: ThrottleOptions;
  checkSecret?: SecretCheck;
  logLevel?: "info" | "debug" | "trace";
  /** Revocation over this Redis (REDIS_URL), with the issuer's own replica loaded before the first request. */
  redisUrl?: string;
  /** With redisUrl: the replica's staleness limit (default 30 s). */
  maxStalenessMs?: number;
}

export function formBody(params: Record<string, string | string[]>): URLSearchParams {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    for (const v of Array.isArray(value) ? value : [value]) body.append(name, v);
  }
  return body;
}

export function basic(id: string, secret: string): string {
  const enc = (s: string): string => encodeURIComponent(s).replace(/%20/g, "+");
  return `Basic ${Buffer.from(`${enc(id)}:${enc(secret)}`).toString("base64")}`;
}

export async function startIssuer(options: StartOptions = {}): Promise<Issuer> {
  const clock = options.clock ?? new FakeClock();
  const logs = new Capture();
  const logger = createLogger({ service: "issuer", level: options.logLevel ?? "info", destination: logs });
  const config = parseConfig(options.env ?? {});
  const keys = options.keys ?? (await KeySet.generate("EdDSA"));
  const identities = options.identities ?? (await testIdentities());
  const readiness = new Readiness();
  const revocation =
    options.redisUrl === undefined
      ? undefined
      : issuerRevocation({
          redisUrl: options.redisUrl,
          refreshTokenTtl: config.refreshTokenTtl,
          logger,
          clock: clock.now,
          ...(options.maxStalenessMs === undefined ? {} : { maxStalenessMs: options.maxStalenessMs }),
        });
  if (revocation !== undefined) {
    followRevocation(revocation, keys, readiness, logger);
    await revocation.replica.start();
  }
  const app = createApp({
    config,
    keys,
    identities,
    logger,
    readiness,
    clock: clock.now,
    ...(options.throttle ? { throttle: options.throttle } : {}),
    ...(revocation === undefined ? {} : { revocation }),
    ...(options.checkSecret ? { checkSecret: options.checkSecret } : {}),
  });
  const server = app.listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    config,
    keys,
    clock,
    logs,
    logger,
    readiness,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      });
      await revocation?.close();
    },
    post: (params, init = {}) =>
      fetch(`${url}${init.path ?? "/token"}`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", ...init.headers },
        body: formBody(params),
      }),
    verifier: async (audience = "urn:demo:express") => {
      const jwks = await (await fetch(`${url}/.well-known/jwks.json`)).text();
      return createVerifier({ issuer: config.issuer, audience, keys: staticKeys(jwks), clock: clock.now, cache: false });
    },
  };
}

/** Password grant for alice through demo-cli. */
export const ALICE = { grant_type: "password", username: "alice", password: SECRETS.alice, client_id: "demo-cli" };

export interface TokenBody {
  access_token: string;
  token_type: string;
  expires_in: number;
  scope: string;
  refresh_token?: string;
}

export async function tokenBody(res: Response): Promise<TokenBody> {
  if (res.status !== 200) throw new Error(`expected 200, got ${res.status}: ${await res.text()}`);
  return (await res.json()) as TokenBody;
}

export async function errorOf(res: Response): Promise<{ status: number; error: string; description: string }> {
  const body = (await res.json()) as { error: string; error_description: string };
  return { status: res.status, error: body.error, description: body.error_description };
}

/** Decodes a JWS part without verifying (tests only). */
export function decodePart(token: string, index: 0 | 1): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split(".")[index] ?? "", "base64url").toString()) as Record<string, unknown>;
}
