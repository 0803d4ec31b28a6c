// The issuer's keys found through its RFC 8414 metadata: the resource service is told only the
// issuer identifier; `jwks_uri` comes from `/.well-known/oauth-authorization-server`. It lives in
// the core beside remoteKeys because it is the same kind of work (a bounded GET of a small JSON
// document from the issuer) and every transport needs it, gRPC included: nothing here is HTTP
// serving, so it belongs to no adapter.
import { TokenError } from "../errors.js";
import { fetchJson } from "../lib/fetch-json.js";
import type { RemoteKeys, RemoteKeysOptions, RemoteKeysStatus } from "./remote.js";
import type { Key } from "./types.js";
import { FIRST_LOAD_RETRY_MS, option, remoteKeys } from "./remote.js";

const MAX_METADATA_BYTES = 64 * 1024;

/**
 * RFC 8414 §3.1: the well-known path goes between the host and the issuer's own path
 * (`https://a.example/tenant` -> `https://a.example/.well-known/oauth-authorization-server/tenant`).
 */
function metadataUrl(issuer: string): URL {
  const url = issuerUrl(issuer);
  const path = url.pathname === "/" ? "" : url.pathname.replace(/\/$/, "");
  return new URL(`/.well-known/oauth-authorization-server${path}`, url.origin);
}

/** The issuer identifier as a URL; TypeError unless RFC 8414 §2 allows it (we also allow http). */
function issuerUrl(issuer: unknown): URL {
  if (typeof issuer !== "string" || !URL.canParse(issuer)) throw new TypeError("the issuer must be an absolute URL string");
  const url = new URL(issuer);
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new TypeError("the issuer must be an http(s) URL");
  // RFC 8414 §2: no query and no fragment. Credentials in the URL would be sent to the issuer.
  if (/[?#]/.test(issuer) || url.username !== "" || url.password !== "") {
    throw new TypeError("the issuer URL must have no query, fragment or credentials");
  }
  return url;
}

/** `jwks_uri` of the metadata, after the checks RFC 8414 §3.3 asks of the document. */
function jwksUriOf(body: unknown, issuer: string): URL {
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw new Error("the metadata is not a JSON object");
  const fields = body as Record<string, unknown>;
  // §3.3: the issuer in the document must be identical to the one we asked about (mix-up defence);
  // it is also the `iss` every token must carry, so a mismatch could never verify anything.
  if (fields.issuer !== issuer) throw new Error("the metadata names another issuer");
  const uri = fields.jwks_uri;
  if (typeof uri !== "string" || !URL.canParse(uri)) throw new Error("the metadata has no usable jwks_uri");
  const url = new URL(uri);
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new Error("jwks_uri is not an http(s) URL");
  // Metadata fetched over TLS must not send us to plain http for the keys.
  if (issuer.startsWith("https:") && url.protocol !== "https:") throw new Error("jwks_uri downgrades https to http");
  return url;
}

/**
 * Keys of the issuer `issuer`, found through its RFC 8414 metadata: on first use it GETs
 * `/.well-known/oauth-authorization-server`, checks that the document names exactly `issuer`,
 * and from then on behaves as {@link remoteKeys} on the document's `jwks_uri` (same options).
 * Lazy: nothing is fetched before the first `resolve` or `ready`; concurrent callers share one
 * discovery; the result is kept for the life of the resolver. A failed discovery (unreachable,
 * not 200, a redirect, over 64 KiB, not JSON, another issuer, no usable `jwks_uri`) is
 * `keys_unavailable` and is tried again by the next caller, at most once per second.
 *
 * @throws TypeError at creation when `issuer` is not an absolute http(s) URL without query,
 *   fragment or credentials, or an option is not a number >= 0.
 * @example
 * ```ts
 * const issuer = "http://127.0.0.1:4000";
 * const verifier = createVerifier({ issuer, audience: "urn:demo:express", keys: discoverKeys(issuer) });
 * await verifier.verify(token); // the first call discovers, then fetches the JWKS
 * ```
 */
export function discoverKeys(issuer: string, options: RemoteKeysOptions = {}): RemoteKeys {
  const url = metadataUrl(issuer);
  // Checked now, so a bad option is a TypeError at start-up rather than a 503 per request.
  const timeoutMs = option("timeoutMs", options.timeoutMs, 5_000);
  const retryMs = Math.min(option("cooldownMs", options.cooldownMs, 30_000), FIRST_LOAD_RETRY_MS);
  return new DiscoveredKeys(issuer, url, { ...options, timeoutMs }, retryMs);
}

/** The state behind {@link discoverKeys}. */
class DiscoveredKeys implements RemoteKeys {
  readonly #issuer: string;
  readonly #url: URL;
  readonly #options: RemoteKeysOptions & { readonly timeoutMs: number };
  readonly #retryMs: number;
  readonly #clock: () => number;
  #keys: RemoteKeys | undefined;
  #inflight: Promise<RemoteKeys> | undefined;
  #failedAt = -Infinity;

  constructor(issuer: string, url: URL, options: RemoteKeysOptions & { readonly timeoutMs: number }, retryMs: number) {
    this.#issuer = issuer;
    this.#url = url;
    this.#options = options;
    this.#retryMs = retryMs;
    this.#clock = options.clock ?? Date.now;
  }

  resolve(kid: string | undefined): Key | Promise<Key> {
    if (this.#keys !== undefined) return this.#keys.resolve(kid);
    return this.#discovered().then((keys) => keys.resolve(kid));
  }

  async ready(): Promise<void> {
    await (await this.#discovered()).ready();
  }

  status(): RemoteKeysStatus {
    return this.#keys?.status() ?? { loadedAt: undefined, fetches: 0, failures: 0, keys: 0 };
  }

  /** The JWKS resolver, discovering it first when needed; one discovery at a time. */
  #discovered(): Promise<RemoteKeys> {
    if (this.#keys !== undefined) return Promise.resolve(this.#keys);
    if (this.#inflight !== undefined) return this.#inflight;
    // A flood of requests while the issuer is down costs one discovery per second, not one each.
    if (this.#clock() - this.#failedAt < this.#retryMs) throw new TokenError("keys_unavailable");
    this.#inflight = fetchJson(this.#url, "issuer metadata", this.#options.timeoutMs, MAX_METADATA_BYTES)
      .then((body) => {
        this.#keys = remoteKeys(jwksUriOf(body, this.#issuer), this.#options);
        return this.#keys;
      })
      .catch((cause: unknown) => {
        this.#failedAt = this.#clock();
        throw new TokenError("keys_unavailable", { cause });
      })
      .finally(() => {
        this.#inflight = undefined;
      });
    return this.#inflight;
  }
}
