import { TOKEN_ERRORS, TokenError, type TokenErrorCode } from "@org/token";
import { describe, expect, it } from "vitest";
import { RETRY_AFTER_SECONDS, errorBody, httpStatus, refusal, wwwAuthenticate } from "../src/index.js";

const CODES = Object.keys(TOKEN_ERRORS) as TokenErrorCode[];

describe("httpStatus", () => {
  it("maps the kinds of failure as the style guide's table says", () => {
    const status = (code: TokenErrorCode): number => httpStatus(new TokenError(code));
    expect(status("token_missing")).toBe(401);
    expect(status("invalid_request")).toBe(400);
    expect(status("keys_unavailable")).toBe(503);
    expect(status("scope_insufficient")).toBe(403);
    const invalidToken = CODES.filter((c) => TOKEN_ERRORS[c].kind === "token_invalid");
    expect(invalidToken.length).toBeGreaterThan(0);
    for (const c of invalidToken) expect(status(c)).toBe(401);
  });

  it.each(CODES)("%s has a status", (code) => {
    expect([400, 401, 403, 503]).toContain(httpStatus(new TokenError(code)));
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

describe("refusal", () => {
  it("is status, challenge and body; Retry-After only when the failure is temporary", () => {
    expect(refusal(new TokenError("token_expired"), "koa")).toEqual({
      status: 401,
      headers: { "WWW-Authenticate": wwwAuthenticate("koa", new TokenError("token_expired")) },
      body: errorBody(new TokenError("token_expired")),
    });
    expect(refusal(new TokenError("keys_unavailable"), "koa")).toEqual({
      status: 503,
      headers: { "WWW-Authenticate": 'Bearer realm="koa"', "Retry-After": String(RETRY_AFTER_SECONDS) },
      body: { error: "keys_unavailable", error_description: "The signing keys are temporarily unavailable" },
    });
  });
});
