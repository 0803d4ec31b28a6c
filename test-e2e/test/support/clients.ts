// The demo identities (contract, "Demo identities") and @org/client clients for them, made the
// way an application makes them, plus what a scenario needs to watch them: the wire record and
// the client's events.
import { createClient, type Client, type ClientEvent, type ClientOptions, type FetchLike } from "@org/client";
import type { Target } from "./env.js";
import type { Wire } from "./wire.js";

/** A demo user. */
export interface User {
  readonly username: string;
  readonly password: string;
}

export const ALICE: User = { username: "alice", password: "alice-demo-password" };
export const BOB: User = { username: "bob", password: "bob-demo-password" };
/** Alice's scopes, as the issuer grants them to demo-cli and demo-web. */
export const ALICE_SCOPES = ["profile", "orders:read", "orders:write"] as const;
/** The confidential client of the client credentials grant. */
export const REPORTING_JOB = { clientId: "reporting-job", clientSecret: "reporting-job-secret" } as const;
/** The revocation admin. */
export const OPS_CONSOLE = { clientId: "ops-console", clientSecret: "ops-console-secret" } as const;

/** Options of {@link newClient}. */
export interface ClientSetup {
  /** Default `demo-cli`. */
  readonly clientId?: string;
  readonly clientSecret?: string;
  /** Records what goes over the wire. */
  readonly wire?: Wire;
  /** Receives the client's events. */
  readonly events?: ClientEvent[];
  /** Any other client option (clock, maxRetries, refreshAheadSeconds, issuerTimeoutSeconds). */
  readonly options?: Omit<ClientOptions, "issuer" | "clientId" | "clientSecret" | "fetch" | "onEvent">;
}

/**
 * The issuer is addressed by its identifier (what the metadata and every `iss` say). In compose that
 * is `http://issuer:4000`, a name only the containers resolve; this fetch sends what is addressed
 * to the identifier to where the issuer is reached from here (ISSUER_URL), as a hosts entry would.
 * Locally both are the same URL and nothing is rewritten.
 */
function issuerFetch(target: Target): FetchLike {
  if (target.issuer === target.issuerUrl) return (request) => globalThis.fetch(request);
  return (request) => {
    if (!request.url.startsWith(`${target.issuer}/`)) return globalThis.fetch(request);
    return globalThis.fetch(new Request(`${target.issuerUrl}${request.url.slice(target.issuer.length)}`, request));
  };
}

/** Plain http to a host that is not loopback: compose's internal issuer name. */
function insecureIssuer(target: Target): boolean {
  const { protocol, hostname } = new URL(target.issuer);
  return protocol === "http:" && !["127.0.0.1", "localhost", "[::1]"].includes(hostname);
}

/**
 * A client of the target's issuer: public `demo-cli` by default, confidential with a secret.
 *
 * @example
 * ```ts
 * const client = newClient(target);
 * await client.loginWithPassword(ALICE);
 * ```
 */
export function newClient(target: Target, setup: ClientSetup = {}): Client {
  const { wire, events } = setup;
  const base = issuerFetch(target);
  return createClient({
    issuer: target.issuer,
    clientId: setup.clientId ?? "demo-cli",
    ...(setup.clientSecret === undefined ? {} : { clientSecret: setup.clientSecret }),
    fetch: wire === undefined ? base : wire.fetch(base),
    ...(events === undefined
      ? {}
      : {
          onEvent: (event: ClientEvent) => {
            events.push(event);
          },
        }),
    // Only for compose's issuer name, on its private network (see issuerFetch).
    ...(insecureIssuer(target) ? { allowInsecureHttp: true } : {}),
    ...setup.options,
  });
}

/**
 * A client logged in as `user` (password grant).
 *
 * @example
 * ```ts
 * const web = await loggedIn(target, ALICE, { clientId: "demo-web" });
 * ```
 */
export async function loggedIn(target: Target, user: User, setup: ClientSetup = {}): Promise<Client> {
  const client = newClient(target, setup);
  await client.loginWithPassword(user);
  return client;
}

/**
 * reporting-job, logged in with client credentials.
 *
 * @example
 * ```ts
 * const job = await reportingJob(target);
 * ```
 */
export async function reportingJob(target: Target, setup: ClientSetup = {}): Promise<Client> {
  const client = newClient(target, { ...setup, ...REPORTING_JOB });
  await client.loginWithClientCredentials({ scope: "orders:read" });
  return client;
}
