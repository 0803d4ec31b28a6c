// DPoP at the token endpoint (RFC 9449 §5): a token request may carry one proof, made for POST and
// the metadata's token_endpoint; its key then binds the access token (cnf.jkt) and, for a public
// client, the refresh token, whose later use needs a proof by that same key. A bad proof is 400
// invalid_dpop_proof. One DpopPolicy per issuer instance holds the replay cache (§11.1).
import { DpopPolicy, TokenError, checkDpopBinding, isTokenError, type RefreshTokenClaims } from "@org/token";
import { OAuthError } from "../errors.js";

/** The key a token request proved possession of: what `cnf.jkt` binds the tokens to. */
export interface DpopBinding {
  /** RFC 7638 thumbprint of the proof key. */
  readonly jkt: string;
}

/**
 * The DPoP rules of the issuer's endpoints: its policy (one replay cache per instance) and the
 * URLs proofs must name, built from the issuer identifier like the metadata's endpoints.
 */
export interface IssuerDpop {
  readonly policy: DpopPolicy;
  /** `<issuer>/token`: the metadata's `token_endpoint`, the `htu` of token requests. */
  readonly tokenEndpoint: string;
}

/**
 * The issuer's DPoP rules for `issuer` (the `iss` and metadata `issuer`). The policy's
 * `publicBaseUrl` is the issuer, so `/logout` proofs name `<issuer>/logout` whatever Host the
 * request came with.
 *
 * @example
 * const dpop = issuerDpop(config.issuer);
 * app.use(tokenRoutes(ctx, dpop));
 */
export function issuerDpop(issuer: string, clock?: () => number): IssuerDpop {
  const policy = new DpopPolicy({ publicBaseUrl: issuer, ...(clock === undefined ? {} : { clock }) });
  return { policy, tokenEndpoint: `${issuer}/token` };
}

const INVALID_PROOF = "the DPoP proof is invalid";

/**
 * The proof of a token request, checked (htm POST, htu the token endpoint, a jti not seen, no
 * `ath`: there is no access token yet); undefined when the request carries none (a Bearer request).
 * Throws OAuthError 400 `invalid_dpop_proof` for a bad proof or more than one `DPoP` field
 * (§4.3 step 1), 503 `temporarily_unavailable` when the replay cache is full.
 *
 * @example
 * const binding = tokenRequestProof(dpop, req.headersDistinct.dpop ?? []);
 */
export function tokenRequestProof(dpop: IssuerDpop, fields: readonly string[]): DpopBinding | undefined {
  const [proof] = fields;
  if (proof === undefined) return undefined;
  // Two fields, or two joined by a comma (a compact JWS has none): which key was meant is ambiguous.
  if (fields.length > 1 || proof.includes(",")) {
    throw new OAuthError("invalid_dpop_proof", "send exactly one DPoP proof", { cause: new TokenError("dpop_proof_invalid", { reason: "proof_repeated" }) });
  }
  try {
    return { jkt: dpop.policy.verify(proof, { htm: "POST", htu: dpop.tokenEndpoint }).jkt };
  } catch (error) {
    if (!isTokenError(error)) throw error;
    if (error.kind === "unavailable") {
      throw new OAuthError("temporarily_unavailable", "DPoP proofs cannot be checked right now; retry later", { headers: { "Retry-After": "1" }, cause: error });
    }
    throw new OAuthError("invalid_dpop_proof", INVALID_PROOF, { cause: error });
  }
}

/**
 * The refresh grant's rule (§5): a refresh token bound to a key (`cnf.jkt`) is only usable with a
 * proof by that key. Throws OAuthError 400 `invalid_dpop_proof` when the request has no proof,
 * `invalid_grant` when the proof is by another key (the thumbprints compared in constant time).
 * An unbound refresh token passes, with or without a proof.
 *
 * @example
 * checkRefreshBinding(claims, ctx.dpop);
 */
export function checkRefreshBinding(claims: RefreshTokenClaims, binding: DpopBinding | undefined): void {
  const cnf: unknown = claims.cnf;
  if (typeof cnf !== "object" || cnf === null || !Object.hasOwn(cnf, "jkt")) return;
  if (binding === undefined) throw new OAuthError("invalid_dpop_proof", "the refresh token is DPoP-bound: send a DPoP proof by its key");
  try {
    checkDpopBinding(claims, binding);
  } catch (error) {
    throw new OAuthError("invalid_grant", "the refresh token is bound to another DPoP key", { cause: error });
  }
}
