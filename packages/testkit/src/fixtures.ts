// One set of fixtures for every suite: an issuer name, a frozen clock, keys, a token maker, a
// verifier on that clock (so Token-Expires-In and created_at are exact), and an in-memory log sink.
import {
  TokenError,
  createSigner,
  createVerifier,
  generateKey,
  staticKeys,
  type Key,
  type KeyResolver,
  type Verifier,
} from "@org/token";
import { createLogger, type Logger } from "@org/service-kit";

/** The `iss` of every fixture token (the contract's default issuer). */
export const ISSUER = "http://127.0.0.1:4000";
/** The frozen "now" of the fixtures. */
export const NOW_MS = Date.UTC(2026, 10, 29, 1, 0, 0);
/** Lifetime of fixture tokens, in seconds. */
export const TTL = 300;
/** The contract's three resource audiences: what an unnarrowed token carries. */
export const ALL_AUDIENCES: readonly string[] = Object.freeze(["urn:demo:express", "urn:demo:koa", "urn:demo:grpc"]);
/** The frozen clock. */
export const clock = (): number => NOW_MS;

/** What a fixture token says; everything has a default. */
export interface TokenOptions {
  readonly sub?: string;
  readonly client_id?: string;
  readonly scope?: string;
  readonly aud?: string | readonly string[];
  readonly issuer?: string;
  /** Sign with another key (e.g. one the verifier does not know). */
  readonly key?: Key;
  /** When it was issued; default: the maker's clock (the frozen one unless told). */
  readonly issuedAtMs?: number;
  /** Binds the token to a DPoP key (RFC 9449 §6): the key's thumbprint. */
  readonly cnf?: { readonly jkt: string };
}

/**
 * Signs access tokens the way the issuer does: `alice` via `demo-cli`, all scopes of the demo,
 * all three audiences, issued now on the frozen clock, unless `defaults` or each call say otherwise.
 *
 * @example
 * ```ts
 * const token = tokenMaker(key);
 * await token({ scope: "profile" });
 * const live = tokenMaker(key, { clock: Date.now }); // for a service in another process
 * ```
 */
export function tokenMaker(
  key: Key,
  defaults: TokenOptions & { readonly clock?: () => number } = {},
): (options?: TokenOptions) => Promise<string> {
  const signingClock = defaults.clock ?? clock;
  return async (options = {}) => {
    const o = { ...defaults, ...options };
    const issuedAt = o.issuedAtMs ?? signingClock();
    const signer = createSigner({ keys: o.key ?? key, issuer: o.issuer ?? ISSUER, accessTokenTtl: TTL, clock: () => issuedAt });
    const { token } = await signer.accessToken({
      sub: o.sub ?? "alice",
      client_id: o.client_id ?? "demo-cli",
      aud: [...(typeof o.aud === "string" ? [o.aud] : (o.aud ?? ALL_AUDIENCES))],
      scope: o.scope ?? "profile orders:read orders:write",
      ...(o.cnf === undefined ? {} : { cnf: { jkt: o.cnf.jkt } }),
    });
    return token;
  };
}

/** A key, a verifier on the frozen clock for one audience, and a token maker for it. */
export interface Fixture {
  readonly key: Key;
  readonly verifier: Verifier;
  readonly token: (options?: TokenOptions) => Promise<string>;
}

/**
 * One static key (as with JWKS / JWKS_FILE), a verifier for `audience` on the frozen clock, and
 * tokens signed by that key with `defaults`.
 *
 * @example
 * ```ts
 * const f = await fixture("urn:demo:koa", { scope: "profile", aud: "urn:demo:koa" });
 * await f.verifier.verify(await f.token());
 * ```
 */
export async function fixture(audience: string, defaults: TokenOptions = {}): Promise<Fixture> {
  const key = await generateKey();
  const verifier = createVerifier({ issuer: ISSUER, audience, keys: staticKeys(key), clock });
  return { key, verifier, token: tokenMaker(key, defaults) };
}

/**
 * A verifier whose keys never loaded: every verification fails with keys_unavailable.
 *
 * @example
 * ```ts
 * await adapter.start(keylessVerifier("urn:demo:express")); // every request: 503
 * ```
 */
export function keylessVerifier(audience: string): Verifier {
  const keys: KeyResolver = {
    resolve() {
      throw new TokenError("keys_unavailable");
    },
  };
  return createVerifier({ issuer: ISSUER, audience, keys, clock });
}

/** A real service logger writing into memory. */
export interface LogSink {
  readonly logger: Logger;
  readonly lines: string[];
  /** Every line, joined. */
  text(): string;
  /** The parsed lines whose `msg` is `msg` (all of them without it). */
  entries(msg?: string): Record<string, unknown>[];
}

/**
 * A real `@org/service-kit` logger of service `name` (debug level, the service's redaction)
 * writing into memory.
 *
 * @example
 * ```ts
 * const sink = logSink("koa-resource");
 * createApp({ verifier, logger: sink.logger });
 * expect(sink.text()).not.toContain(token);
 * ```
 */
export function logSink(name: string): LogSink {
  const lines: string[] = [];
  const logger = createLogger({ service: name, level: "debug", destination: { write: (line: string) => lines.push(line) } });
  const entries = (msg?: string): Record<string, unknown>[] =>
    lines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((entry) => msg === undefined || entry.msg === msg);
  return { logger, lines, text: () => lines.join(""), entries };
}
