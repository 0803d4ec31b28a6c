import { describe, expect, it } from "vitest";
import { isTokenError, TOKEN_ERRORS, TokenError, type TokenErrorCode } from "../../src/index.js";

const CODES = Object.keys(TOKEN_ERRORS) as TokenErrorCode[];

describe("TOKEN_ERRORS", () => {
  it("has all 23 codes", () => {
    expect(CODES.sort()).toEqual(
      [
        "algorithm_not_allowed", "audience_invalid", "invalid_request", "issuer_invalid", "key_unknown",
        "keys_unavailable", "revocation_unavailable", "scope_insufficient", "signature_invalid", "token_expired", "token_lifetime_exceeded",
        "token_malformed", "token_missing", "token_not_yet_valid", "token_revoked", "type_invalid",
        "dpop_proof_invalid", "dpop_binding_mismatch", "dpop_replay_cache_full",
        "dpop_proof_missing", "dpop_proof_without_token", "dpop_scheme_required", "dpop_required",
      ].sort(),
    );
  });

  it.each(CODES)("%s has a kind and a fixed description", (code) => {
    const info = TOKEN_ERRORS[code];
    expect(["credentials_missing", "request_invalid", "token_invalid", "scope_insufficient", "unavailable", "proof_invalid"]).toContain(info.kind);
    expect(info.description).toMatch(/^[A-Z][\x20-\x7e]+$/);
    expect(info.description).not.toMatch(/["\\]/);
    const e = new TokenError(code);
    expect(e).toMatchObject({ code, kind: info.kind, description: info.description, message: info.description });
    expect(e.name).toBe("TokenError");
  });

  it("sorts the codes into the kinds of the style guide's table", () => {
    expect(TOKEN_ERRORS.token_missing.kind).toBe("credentials_missing");
    expect(TOKEN_ERRORS.invalid_request.kind).toBe("request_invalid");
    expect(TOKEN_ERRORS.keys_unavailable.kind).toBe("unavailable");
    expect(TOKEN_ERRORS.scope_insufficient.kind).toBe("scope_insufficient");
    expect(CODES.filter((c) => TOKEN_ERRORS[c].kind === "token_invalid")).toHaveLength(14);
  });

  it("sorts the DPoP codes: a bad proof is its own kind, a binding mismatch a bad token, a full replay cache a temporary failure", () => {
    expect(TOKEN_ERRORS.dpop_proof_invalid).toEqual({ kind: "proof_invalid", description: "The DPoP proof is invalid" });
    expect(TOKEN_ERRORS.dpop_binding_mismatch.kind).toBe("token_invalid");
    expect(TOKEN_ERRORS.dpop_replay_cache_full.kind).toBe("unavailable");
    expect(CODES.filter((c) => TOKEN_ERRORS[c].kind === "proof_invalid")).toEqual(["dpop_proof_invalid", "dpop_proof_missing"]);
  });

  it("sorts the presentation codes: a downgrade and a refused Bearer token are bad tokens, a proof alone a bad request", () => {
    expect(TOKEN_ERRORS.dpop_scheme_required.kind).toBe("token_invalid");
    expect(TOKEN_ERRORS.dpop_required.kind).toBe("token_invalid");
    expect(TOKEN_ERRORS.dpop_proof_without_token.kind).toBe("request_invalid");
    expect(TOKEN_ERRORS.dpop_proof_missing.kind).toBe("proof_invalid");
  });

  it("carries no transport numbers", () => {
    for (const code of CODES) expect(Object.keys(TOKEN_ERRORS[code]).sort()).toEqual(["description", "kind"]);
    expect(Object.keys(new TokenError("token_expired"))).not.toContain("status");
  });

  it("is frozen", () => {
    expect(Object.isFrozen(TOKEN_ERRORS)).toBe(true);
    expect(Object.isFrozen(TOKEN_ERRORS.token_expired)).toBe(true);
  });
});

describe("TokenError", () => {
  it("keeps the cause and the scope, never input in the message", () => {
    const cause = new Error("secret detail");
    const e = new TokenError("token_malformed", { cause });
    expect(e.cause).toBe(cause);
    expect(e.message).not.toContain("secret");
    expect(e.scope).toBeUndefined();
    expect(new TokenError("scope_insufficient", { scope: "a b" }).scope).toBe("a b");
  });

  it("keeps a DPoP reason apart from the description", () => {
    const e = new TokenError("dpop_proof_invalid", { reason: "ath_mismatch" });
    expect(e.reason).toBe("ath_mismatch");
    expect(e.message).toBe("The DPoP proof is invalid");
    expect(new TokenError("token_expired").reason).toBeUndefined();
  });

  it("isTokenError tells it apart", () => {
    expect(isTokenError(new TokenError("token_revoked"))).toBe(true);
    expect(isTokenError(new Error("x"))).toBe(false);
    expect(isTokenError({ code: "token_revoked" })).toBe(false);
  });
});

