// The resource server's last DPoP step (RFC 9449 §4.3 step 12, §6): the token's confirmation
// claim names the key that signed the proof.
import { timingSafeEqual } from "node:crypto";
import { TokenError } from "../errors.js";
import type { Confirmation } from "../verify/types.js";
import type { VerifiedDpopProof } from "./verify.js";

/**
 * Throws TokenError `dpop_binding_mismatch` (kind `token_invalid`: `error="invalid_token"`) unless
 * the token's `cnf.jkt` is the thumbprint of the key that signed the verified proof. A token
 * without `cnf.jkt` is not bound and fails too: it may not be presented with the DPoP scheme
 * (RFC 9449 §7.1). The comparison takes the same time wherever the two differ.
 *
 * @example
 * ```ts
 * const auth = await verifier.verify(token);
 * const proof = verifyDpopProof(req.headers.dpop, { htm: "GET", htu, accessToken: token, replay });
 * checkDpopBinding(auth.claims, proof);
 * ```
 */
export function checkDpopBinding(claims: { readonly cnf?: Confirmation | undefined }, proof: Pick<VerifiedDpopProof, "jkt">): void {
  const cnf: unknown = claims.cnf;
  const bound = typeof cnf === "object" && cnf !== null ? (cnf as Record<string, unknown>).jkt : undefined;
  if (typeof bound !== "string" || typeof proof.jkt !== "string") throw new TokenError("dpop_binding_mismatch");
  const a = Buffer.from(bound, "utf8");
  const b = Buffer.from(proof.jkt, "utf8");
  if (a.length !== b.length || !timingSafeEqual(a, b)) throw new TokenError("dpop_binding_mismatch");
}
