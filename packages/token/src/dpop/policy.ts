// What a resource server does with a presented token beyond verifying it (RFC 9449 §7): the DPoP
// scheme needs exactly one proof, made for this request and this token, by the key the token is
// bound to; a bound token presented as Bearer is a downgrade (§7.2); a server may demand DPoP.
// Transport-free: HTTP and gRPC adapters read the scheme, the proofs and the request URL their
// own way and hand them in, so both refuse the same things with the same codes.
import { TokenError } from "../errors.js";
import { parseAuthorization, type AuthScheme, type Credential } from "../bearer.js";
import type { VerifiedToken } from "../verify/types.js";
import { checkDpopBinding } from "./binding.js";
import { normalizeHtu } from "./htu.js";
import type { DpopAlgorithm } from "./jwk.js";
import { resolveProofOptions } from "./options.js";
import { proofInvalid } from "./reasons.js";
import { DpopReplayCache } from "./replay.js";
import { verifyDpopProof, type VerifiedDpopProof, type VerifyDpopProofOptions } from "./verify.js";

/**
 * Options of a {@link DpopPolicy}.
 *
 * @example
 * ```ts
 * const options: DpopPolicyOptions = { required: true, publicBaseUrl: "https://api.example.com" };
 * ```
 */
export interface DpopPolicyOptions {
  /** Refuse every token that is not DPoP-bound and presented with a proof. Default false. */
  readonly required?: boolean;
  /**
   * The service's externally visible base URL, e.g. `https://api.example.com` or
   * `https://example.com/api`: the `htu` of a request is it followed by the request's path.
   * Behind a proxy the URL the client signs is not the one the service sees. Default: the URL of
   * the request as the service sees it (scheme and Host).
   */
  readonly publicBaseUrl?: string;
  /** This instance's memory of accepted proofs; default a new {@link DpopReplayCache}. */
  readonly replay?: DpopReplayCache;
  /** Proof algorithms accepted (and offered in challenges); default both. */
  readonly algorithms?: readonly DpopAlgorithm[];
  /** See `verifyDpopProof`; defaults 60 s, 5 s, 4096 bytes. */
  readonly maxAgeSeconds?: number;
  readonly clockTolerance?: number;
  readonly maxProofBytes?: number;
  /** Milliseconds since the epoch; default Date.now. */
  readonly clock?: () => number;
}

/**
 * What a request presented: the token with its scheme, every DPoP proof it carried, and what a
 * proof must be made for.
 *
 * @example
 * ```ts
 * const presentation: DpopPresentation = {
 *   scheme: "DPoP", token, proofs: req.headersDistinct.dpop ?? [], htm: req.method,
 *   htu: () => policy.htu(req.originalUrl, () => `http://${req.headers.host ?? ""}`),
 * };
 * ```
 */
export interface DpopPresentation {
  readonly scheme: AuthScheme;
  readonly token: string;
  /** Every `DPoP` header field (gRPC: `dpop` metadata entry) of the request, in order. */
  readonly proofs: readonly string[];
  readonly htm: string;
  /** The request's htu; called only when a proof is checked. May throw like {@link DpopPolicy.htu}. */
  readonly htu: () => string;
}

// RFC 3986 §2: what a URI may contain; anything else in a request path is percent-encoded first.
// scheme "://" authority, nothing else: no userinfo, path, query or white space.
const ORIGIN = /^https?:\/\/[^/?#@\s]+$/i;
const NOT_URI = /[^A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]/gu;

function publicBase(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const url = typeof value === "string" && URL.canParse(value) ? new URL(value) : undefined;
  if (url === undefined || (url.protocol !== "http:" && url.protocol !== "https:") || url.host === "") {
    throw new TypeError("publicBaseUrl must be an absolute http(s) URL");
  }
  if (url.username !== "" || url.password !== "" || url.search !== "" || url.hash !== "" || /[?#]/.test(value as string)) {
    throw new TypeError("publicBaseUrl must not carry credentials, a query or a fragment");
  }
  // The request path follows it: "https://example.com/api/" and ".../api" both prefix "/me" once.
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, "")}`;
}

/**
 * A resource server's DPoP rules (RFC 9449 §7), created once per service instance: the replay
 * cache it holds is that instance's (§11.1). Throws TypeError at creation for a bad option.
 *
 * @example
 * ```ts
 * const policy = new DpopPolicy({ required: config.requireDpop, publicBaseUrl: config.publicBaseUrl });
 * const credential = policy.credential(req.headers.authorization, proofs);
 * const auth = await verifier.verify(credential.token);
 * checkPresentation(auth, { ...credential, proofs, htm: req.method, htu: () => policy.htu(req.url, origin) }, policy);
 * ```
 */
export class DpopPolicy {
  /** Only DPoP-bound tokens with a proof are accepted. */
  readonly required: boolean;
  readonly algorithms: readonly DpopAlgorithm[];
  readonly replay: DpopReplayCache;
  /** The normalised base, without a trailing slash; undefined: each request's own URL. */
  readonly publicBaseUrl: string | undefined;
  readonly #proof: Omit<VerifyDpopProofOptions, "htm" | "htu" | "accessToken">;

  constructor(options: DpopPolicyOptions = {}) {
    const required = options.required ?? false;
    if (typeof required !== "boolean") throw new TypeError("required must be a boolean");
    this.required = required;
    this.publicBaseUrl = publicBase(options.publicBaseUrl);
    this.replay = options.replay ?? new DpopReplayCache();
    const { algorithms, maxAgeSeconds, clockTolerance, maxProofBytes, clock } = options;
    const proof = { replay: this.replay, algorithms, maxAgeSeconds, clockTolerance, maxProofBytes, clock };
    // Every other option is checked now, by the same code that applies them to each proof.
    this.algorithms = Object.freeze([...resolveProofOptions({ ...proof, htm: "GET", htu: "http://127.0.0.1/" }).algorithms]);
    this.#proof = Object.freeze({ ...proof, algorithms: this.algorithms });
  }

  /**
   * The token a request presents and its scheme, from the `Authorization` value and the
   * request's proofs: `Bearer` or `DPoP` (see `parseAuthorization`). Throws TokenError
   * `dpop_proof_without_token` when there is no token but a proof (RFC 9449 §7.1 needs both),
   * else what `parseAuthorization` throws.
   */
  credential(authorization: string | undefined, proofs: readonly string[]): Credential {
    try {
      return parseAuthorization(authorization, { dpop: true });
    } catch (error) {
      if (error instanceof TokenError && error.code === "token_missing" && proofs.length > 0) throw new TokenError("dpop_proof_without_token");
      throw error;
    }
  }

  /**
   * The htu of a request whose target is `path` (origin-form, as the request line has it; the
   * query is dropped): `publicBaseUrl` + path, else `origin()` + path, normalised as
   * `verifyDpopProof` compares it. Throws TokenError `dpop_proof_invalid` (`htu_mismatch`) when
   * no URL can be made of them (a Host that is no authority, a target that is not a path): no
   * proof can be for such a request.
   */
  htu(path: string, origin: () => string): string {
    if (!path.startsWith("/")) throw proofInvalid("htu_mismatch");
    const query = path.search(/[?#]/);
    const base = this.publicBaseUrl ?? origin();
    // Checked apart from the path: the URL parser would read "http://" + "/me" as host "me".
    if (this.publicBaseUrl === undefined && !ORIGIN.test(base)) throw proofInvalid("htu_mismatch");
    const text = `${base}${query === -1 ? path : path.slice(0, query)}`.replace(NOT_URI, (c) => encodeURIComponent(c));
    const htu = normalizeHtu(text);
    if (htu === undefined) throw proofInvalid("htu_mismatch");
    return htu;
  }

  /**
   * `verifyDpopProof` with this policy's options (and replay cache) for one request; `accessToken`
   * turns the `ath` check on (a resource server always passes it, a token endpoint has none yet).
   * See {@link checkPresentation} for the whole of a resource server's rules.
   */
  verify(proof: string, request: { readonly htm: string; readonly htu: string; readonly accessToken?: string }): VerifiedDpopProof {
    return verifyDpopProof(proof, { ...this.#proof, ...request });
  }
}

/**
 * The presentation rules of RFC 9449 §7 for a token that `verified` already passed; returns the
 * verified proof of a DPoP request, undefined for an accepted Bearer one. `policy` undefined: the
 * service takes Bearer only. Throws TokenError:
 * - `dpop_scheme_required` (invalid_token): a DPoP-bound token (`cnf.jkt`) presented as Bearer, a
 *   downgrade (§7.2), refused with or without a policy;
 * - `dpop_required` (invalid_token): an unbound Bearer token when `policy.required`;
 * - `dpop_proof_missing` (invalid_dpop_proof): the DPoP scheme without a proof;
 * - `dpop_proof_invalid`: two proofs (`proof_repeated`, §4.3 step 1; a comma means two fields
 *   joined, a compact JWS has none), an unusable request URL (`htu_mismatch`), or any check of
 *   `verifyDpopProof` with htm, htu and the token's `ath`;
 * - `dpop_replay_cache_full` (unavailable);
 * - `dpop_binding_mismatch` (invalid_token): the proof's key is not the token's, or the token is not bound.
 *
 * @example
 * ```ts
 * const auth = await verifier.verify(credential.token);
 * checkPresentation(auth, { ...credential, proofs, htm: "GET", htu: () => policy.htu("/me", () => origin) }, policy);
 * ```
 */
export function checkPresentation(
  verified: VerifiedToken,
  presentation: DpopPresentation,
  policy: DpopPolicy | undefined,
): VerifiedDpopProof | undefined {
  const cnf: unknown = verified.claims.cnf;
  const bound = typeof cnf === "object" && cnf !== null && Object.hasOwn(cnf, "jkt");
  if (presentation.scheme === "Bearer") {
    if (bound) throw new TokenError("dpop_scheme_required");
    if (policy?.required === true) throw new TokenError("dpop_required");
    return undefined;
  }
  if (policy === undefined) throw new TypeError("a DPoP presentation needs a DpopPolicy");
  const { proofs } = presentation;
  const [first] = proofs;
  if (first === undefined) throw new TokenError("dpop_proof_missing");
  if (proofs.length > 1 || first.includes(",")) throw proofInvalid("proof_repeated");
  const proof = policy.verify(first, { htm: presentation.htm, htu: presentation.htu(), accessToken: presentation.token });
  checkDpopBinding(verified.claims, proof);
  return proof;
}
