// The options of createClient, checked once: a caller's mistake is a TypeError at creation,
// never a surprise on the first request.
import type { DpopAlgorithm, DpopOptions } from "./dpop.js";
import type { ClientEvent } from "./events.js";
import { sleep as timerSleep } from "./lib/sleep.js";
import { isObject } from "./lib/object.js";
import { assertTransport } from "./lib/url.js";

/**
 * The one fetch signature the client calls: always with a `Request`. `globalThis.fetch` fits.
 *
 * @example
 * ```ts
 * const logged: FetchLike = (request) => { console.warn(request.method, request.url); return fetch(request); };
 * createClient({ issuer, clientId, fetch: logged });
 * ```
 */
export type FetchLike = (request: Request) => Promise<Response>;

/**
 * Options of {@link createClient}. Times are seconds unless the name says otherwise.
 *
 * @example
 * ```ts
 * const options: ClientOptions = { issuer: "http://127.0.0.1:4000", clientId: "demo-cli" };
 * ```
 */
export interface ClientOptions {
  /** The issuer identifier, exactly as its metadata's `issuer` (and the tokens' `iss`) spell it. */
  readonly issuer: string;
  /** This client's `client_id`. */
  readonly clientId: string;
  /** A confidential client's secret (sent with HTTP Basic); absent for a public client. */
  readonly clientSecret?: string;
  /** The fetch to use; default `globalThis.fetch`. */
  readonly fetch?: FetchLike;
  /** Milliseconds since the epoch; default `Date.now`. Drives the expiry estimate and HTTP-dates. */
  readonly clock?: () => number;
  /** Waits `ms` between retries, ending early (rejecting) when `signal` aborts; default a timer. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Refresh when fewer seconds than this are left (or 10% of the lifetime, if shorter). Default 30. */
  readonly refreshAheadSeconds?: number;
  /** Retries after 429 or 503, per request. Default 2, at most 10. */
  readonly maxRetries?: number;
  /** Longest Retry-After waited for; a longer one returns the answer at once. Default 10, at most 3600. */
  readonly maxRetryAfterSeconds?: number;
  /** Time limit of each request to the issuer. Default 10, at most 300. */
  readonly issuerTimeoutSeconds?: number;
  /** Allow plain http to hosts that are not loopback (never the default). */
  readonly allowInsecureHttp?: boolean;
  /** Told what the client does (logins, refreshes, retries); never given a token or secret. Must not throw. */
  readonly onEvent?: (event: ClientEvent) => void;
  /**
   * DPoP-bound tokens (RFC 9449): `true` (ES256) or `{ alg }`. The client makes one
   * non-extractable key pair, sends a proof with every token request (the tokens, a public
   * client's refresh token included, are bound to the key) and a fresh one with every request
   * that carries the token. Default off: Bearer.
   */
  readonly dpop?: boolean | DpopOptions;
}

/** The options with defaults applied and checked. */
export interface Settings {
  readonly issuer: URL;
  /** The issuer identifier as configured, compared exactly with the metadata's. */
  readonly issuerId: string;
  readonly clientId: string;
  readonly clientSecret: string | undefined;
  readonly fetch: FetchLike;
  readonly clock: () => number;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly refreshAheadMs: number;
  readonly maxRetries: number;
  readonly maxRetryAfterMs: number;
  readonly issuerTimeoutMs: number;
  readonly allowInsecureHttp: boolean;
  readonly emit: (event: ClientEvent) => void;
  /** The DPoP algorithm; undefined: Bearer. */
  readonly dpop: DpopAlgorithm | undefined;
}

/**
 * Defaults of {@link ClientOptions}, in seconds or counts.
 *
 * @example
 * ```ts
 * createClient({ issuer, clientId, maxRetries: DEFAULTS.maxRetries + 1 });
 * ```
 */
export const DEFAULTS = Object.freeze({
  refreshAheadSeconds: 30,
  maxRetries: 2,
  maxRetryAfterSeconds: 10,
  issuerTimeoutSeconds: 10,
});
/**
 * Largest accepted value of each bounded option; beyond it createClient throws TypeError.
 *
 * @example
 * ```ts
 * createClient({ issuer, clientId, maxRetryAfterSeconds: LIMITS.maxRetryAfterSeconds });
 * ```
 */
export const LIMITS = Object.freeze({
  refreshAheadSeconds: 3600,
  maxRetries: 10,
  maxRetryAfterSeconds: 3600,
  issuerTimeoutSeconds: 300,
});

function bounded(name: keyof typeof DEFAULTS, value: unknown, integer: boolean, min: number): number {
  if (value === undefined) return DEFAULTS[name];
  const max = LIMITS[name];
  if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
    throw new TypeError(`${name} must be ${integer ? "an integer" : "a number"} from ${min} to ${max}`);
  }
  return value;
}

function optionalFunction<T>(name: string, value: T | undefined): T | undefined {
  if (value !== undefined && typeof value !== "function") throw new TypeError(`${name} must be a function`);
  return value;
}

function issuerUrl(value: unknown, allowInsecureHttp: boolean): URL {
  if (typeof value !== "string" || !URL.canParse(value)) throw new TypeError("issuer must be an absolute URL");
  const url = new URL(value);
  // RFC 8414 §2: an issuer identifier has no query and no fragment.
  if (url.search !== "" || url.hash !== "" || url.username !== "" || url.password !== "") {
    throw new TypeError("issuer must not have a query, a fragment or credentials");
  }
  assertTransport(url, allowInsecureHttp, "issuer");
  return url;
}

function dpopAlgorithm(value: unknown): DpopAlgorithm | undefined {
  if (value === undefined || value === false) return undefined;
  if (value === true) return "ES256";
  if (!isObject(value)) throw new TypeError("dpop must be a boolean or { alg }");
  const alg = value.alg ?? "ES256";
  if (alg !== "ES256" && alg !== "EdDSA") throw new TypeError("dpop.alg must be ES256 or EdDSA");
  return alg;
}

function safeEmit(onEvent: ((event: ClientEvent) => void) | undefined): (event: ClientEvent) => void {
  if (onEvent === undefined) return () => undefined;
  return (event) => {
    try {
      onEvent(event);
    } catch {
      // An observer's bug must not break authentication.
    }
  };
}

/**
 * Applies defaults and checks every option; throws TypeError for a bad one.
 *
 * @example
 * ```ts
 * const settings = settingsFrom({ issuer: "http://127.0.0.1:4000", clientId: "demo-cli" });
 * settings.refreshAheadMs; // 30000
 * ```
 */
export function settingsFrom(options: ClientOptions): Settings {
  if (!isObject(options)) throw new TypeError("options must be an object");
  const allowInsecureHttp = options.allowInsecureHttp ?? false;
  if (typeof allowInsecureHttp !== "boolean") throw new TypeError("allowInsecureHttp must be a boolean");
  const { clientId, clientSecret } = options;
  if (typeof clientId !== "string" || clientId === "") throw new TypeError("clientId must be a non-empty string");
  if (clientSecret !== undefined && (typeof clientSecret !== "string" || clientSecret === "")) {
    throw new TypeError("clientSecret must be a non-empty string when given");
  }
  const fetch = optionalFunction("fetch", options.fetch) ?? ((request: Request) => globalThis.fetch(request));
  return {
    issuer: issuerUrl(options.issuer, allowInsecureHttp),
    issuerId: options.issuer,
    clientId,
    clientSecret,
    fetch,
    clock: optionalFunction("clock", options.clock) ?? Date.now,
    sleep: optionalFunction("sleep", options.sleep) ?? timerSleep,
    refreshAheadMs: bounded("refreshAheadSeconds", options.refreshAheadSeconds, false, 0) * 1000,
    maxRetries: bounded("maxRetries", options.maxRetries, true, 0),
    maxRetryAfterMs: bounded("maxRetryAfterSeconds", options.maxRetryAfterSeconds, false, 0) * 1000,
    issuerTimeoutMs: bounded("issuerTimeoutSeconds", options.issuerTimeoutSeconds, false, 0.001) * 1000,
    allowInsecureHttp,
    emit: safeEmit(optionalFunction("onEvent", options.onEvent)),
    dpop: dpopAlgorithm(options.dpop),
  };
}
