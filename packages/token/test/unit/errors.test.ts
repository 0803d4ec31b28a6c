import { describe, expect, it } from "vitest";
import { errorBody, isTokenError, TOKEN_ERRORS, TokenError, wwwAuthenticate, type TokenErrorCode } from "../../src/index.js";

const CODES = Object.keys(TOKEN_ERRORS) as TokenErrorCode[];

describe("TOKEN_ERRORS", () => {
  it("has all 15 codes", () => {
    expect(CODES.sort()).toEqual(
      [
        "algorithm_not_allowed", "audience_invalid", "invalid_request", "issuer_invalid", "key_unknown",
        "keys_unavailable", "revocation_unavailable", "scope_insufficient", "signature_invalid", "token_expired", "token_malformed",
        "token_missing", "token_not_yet_valid", "token_revoked", "type_invalid",
      ].sort(),
    );
  });

  it.each(CODES)("%s has a status, a gRPC code and a fixed description", (code) => {
    const info = TOKEN_ERRORS[code];
    expect([400, 401, 403, 503]).toContain(info.status);
    expect([7, 14, 16]).toContain(info.grpcCode);
    expect(info.description).toMatch(/^[A-Z][\x20-\x7e]+$/);
    expect(info.description).not.toMatch(/["\\]/);
    const e = new TokenError(code);
    expect(e).toMatchObject({ code, status: info.status, grpcCode: info.grpcCode, description: info.description, message: info.description });
    expect(e.name).toBe("TokenError");
  });

  it("maps the kinds of failure as the style guide's table says", () => {
    expect(TOKEN_ERRORS.token_missing).toMatchObject({ status: 401, error: null, grpcCode: 16 });
    expect(TOKEN_ERRORS.invalid_request).toMatchObject({ status: 400, error: "invalid_request", grpcCode: 16 });
    expect(TOKEN_ERRORS.keys_unavailable).toMatchObject({ status: 503, error: null, grpcCode: 14 });
    expect(TOKEN_ERRORS.scope_insufficient).toMatchObject({ status: 403, error: "insufficient_scope", grpcCode: 7 });
    const invalidToken = CODES.filter((c) => TOKEN_ERRORS[c].error === "invalid_token");
    expect(invalidToken).toHaveLength(10);
    for (const c of invalidToken) expect(TOKEN_ERRORS[c]).toMatchObject({ status: 401, grpcCode: 16 });
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

  it("isTokenError tells it apart", () => {
    expect(isTokenError(new TokenError("token_revoked"))).toBe(true);
    expect(isTokenError(new Error("x"))).toBe(false);
    expect(isTokenError({ code: "token_revoked" })).toBe(false);
  });
});

describe("wwwAuthenticate", () => {
  it.each<[string, TokenError | undefined, string]>([
    ["no token", undefined, 'Bearer realm="express"'],
    ["token_missing", new TokenError("token_missing"), 'Bearer realm="express"'],
    ["keys_unavailable", new TokenError("keys_unavailable"), 'Bearer realm="express"'],
    [
      "invalid_request",
      new TokenError("invalid_request"),
      'Bearer realm="express", error="invalid_request", error_description="The Authorization header is malformed"',
    ],
    [
      "token_expired",
      new TokenError("token_expired"),
      'Bearer realm="express", error="invalid_token", error_description="The access token expired"',
    ],
    [
      "signature_invalid",
      new TokenError("signature_invalid"),
      'Bearer realm="express", error="invalid_token", error_description="The access token signature is invalid"',
    ],
    [
      "scope_insufficient",
      new TokenError("scope_insufficient", { scope: "orders:write" }),
      'Bearer realm="express", error="insufficient_scope", error_description="The access token lacks the required scope", scope="orders:write"',
    ],
  ])("%s", (_name, error, expected) => {
    expect(wwwAuthenticate("express", error)).toBe(expected);
  });

  it("refuses a realm that would break the quoted-string", () => {
    for (const realm of ['a"b', "a\\b", "a\nb", "é"]) expect(() => wwwAuthenticate(realm)).toThrow(TypeError);
  });

  it("leaves out a scope that would break the quoted-string", () => {
    const header = wwwAuthenticate("koa", new TokenError("scope_insufficient", { scope: 'x" injected="1' }));
    expect(header).not.toContain("injected");
  });
});

describe("errorBody", () => {
  it("uses the table's error, or the code when it has none", () => {
    expect(errorBody(new TokenError("token_revoked"))).toEqual({
      error: "invalid_token",
      error_description: "The access token has been revoked",
    });
    expect(errorBody(new TokenError("keys_unavailable"))).toEqual({
      error: "keys_unavailable",
      error_description: "The signing keys are temporarily unavailable",
    });
    expect(errorBody(new TokenError("scope_insufficient", { scope: "a" })).error).toBe("insufficient_scope");
  });
});
