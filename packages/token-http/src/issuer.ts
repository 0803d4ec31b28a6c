// The one-call setup's verifier: the application names the issuer and its own audience; the keys
// are found through the issuer's RFC 8414 metadata (`discoverKeys` in the core). Both HTTP
// adapters' `auth()` build their verifier here, so their options cannot drift.
import {
  createVerifier,
  discoverKeys,
  type Algorithm,
  type RemoteKeysOptions,
  type RevocationChecker,
  type Verifier,
} from "@org/token";

/**
 * What the one-call setup needs: the issuer identifier and this service's audience, plus the
 * verifier settings an application may want to tune.
 *
 * @example
 * ```ts
 * const options: IssuerOptions = { issuerBaseURL: "http://127.0.0.1:4000", audience: "urn:demo:express" };
 * ```
 */
export interface IssuerOptions {
  /**
   * The issuer identifier: the exact `iss` of its tokens and the `issuer` of its RFC 8414
   * metadata, which is fetched from `/.well-known/oauth-authorization-server` under it.
   */
  readonly issuerBaseURL: string;
  /** This service's audience: every token's `aud` must contain it. */
  readonly audience: string;
  /** Allowlist on top of key pinning; default all four. */
  readonly algorithms?: readonly Algorithm[];
  /** Seconds, default 5. */
  readonly clockTolerance?: number;
  /** Seconds: refuse tokens that live longer. Default: no limit. */
  readonly maxTokenLifetime?: number;
  readonly revocation?: RevocationChecker;
  /** Timeouts and cooldowns of the metadata and JWKS fetches (see `remoteKeys`). */
  readonly keys?: Omit<RemoteKeysOptions, "clock">;
  /** Milliseconds since the epoch; default Date.now. */
  readonly clock?: () => number;
}

/**
 * A verifier for `audience` that trusts tokens of `issuerBaseURL`, with the keys discovered
 * lazily: nothing is fetched until the first request, which waits for the metadata and the
 * JWKS; a failure is `keys_unavailable` (503) and is tried again (at most once a second).
 *
 * @throws TypeError when `issuerBaseURL` is not an absolute http(s) URL without query, fragment
 *   or credentials, `audience` is not a non-empty string, or another option is invalid.
 * @example
 * ```ts
 * const verifier = issuerVerifier({ issuerBaseURL: "http://127.0.0.1:4000", audience: "urn:demo:koa" });
 * await verifier.verify(token);
 * ```
 */
export function issuerVerifier(options: IssuerOptions): Verifier {
  const { issuerBaseURL, audience, clock } = options;
  const keys = discoverKeys(issuerBaseURL, clock === undefined ? { ...options.keys } : { ...options.keys, clock });
  return createVerifier({
    issuer: issuerBaseURL,
    audience,
    keys,
    ...(options.algorithms === undefined ? {} : { algorithms: options.algorithms }),
    ...(options.clockTolerance === undefined ? {} : { clockTolerance: options.clockTolerance }),
    ...(options.maxTokenLifetime === undefined ? {} : { maxTokenLifetime: options.maxTokenLifetime }),
    ...(options.revocation === undefined ? {} : { revocation: options.revocation }),
    ...(clock === undefined ? {} : { clock }),
  });
}
