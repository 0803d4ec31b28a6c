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

describe("wwwAuthenticate with DPoP (RFC 9449 §7.1)", () => {
  const dpop = { algorithms: ["EdDSA", "ES256"], required: false };
  const required = { ...dpop, required: true };
  const DPOP = 'DPoP realm="api", algs="EdDSA ES256"';
  const error = (code: TokenErrorCode, scope?: string): TokenError => new TokenError(code, scope === undefined ? undefined : { scope });
  const described = (code: TokenErrorCode, param: string): string => `error="${param}", error_description="${TOKEN_ERRORS[code].description}"`;

  it.each<[string, TokenError | undefined, Parameters<typeof wwwAuthenticate>[2], string]>([
    ["no token: both schemes, Bearer first", error("token_missing"), { dpop }, `Bearer realm="api", ${DPOP}`],
    ["no error at all", undefined, { dpop }, `Bearer realm="api", ${DPOP}`],
    ["no token, DPoP required: DPoP only", error("token_missing"), { dpop: required }, DPOP],
    ["a bad Bearer token: Bearer, as before DPoP", error("token_expired"), { scheme: "Bearer", dpop }, `Bearer realm="api", ${described("token_expired", "invalid_token")}`],
    ["a bad DPoP token", error("token_expired"), { scheme: "DPoP", dpop }, `${DPOP}, ${described("token_expired", "invalid_token")}`],
    ["a bad proof", error("dpop_proof_invalid"), { scheme: "DPoP", dpop }, `${DPOP}, ${described("dpop_proof_invalid", "invalid_dpop_proof")}`],
    ["no proof", error("dpop_proof_missing"), { scheme: "DPoP", dpop }, `${DPOP}, ${described("dpop_proof_missing", "invalid_dpop_proof")}`],
    ["a bound token as Bearer: told on the DPoP challenge", error("dpop_scheme_required"), { scheme: "Bearer", dpop }, `${DPOP}, ${described("dpop_scheme_required", "invalid_token")}`],
    ["a Bearer token where DPoP is required", error("dpop_required"), { scheme: "Bearer", dpop: required }, `${DPOP}, ${described("dpop_required", "invalid_token")}`],
    ["any Bearer refusal where DPoP is required", error("token_expired"), { scheme: "Bearer", dpop: required }, `${DPOP}, ${described("token_expired", "invalid_token")}`],
    ["a proof without a token", error("dpop_proof_without_token"), { dpop }, `${DPOP}, ${described("dpop_proof_without_token", "invalid_request")}`],
    ["malformed credentials of no known scheme", error("invalid_request"), { dpop }, `Bearer realm="api", ${described("invalid_request", "invalid_request")}`],
    ["malformed DPoP credentials", error("invalid_request"), { scheme: "DPoP", dpop }, `${DPOP}, ${described("invalid_request", "invalid_request")}`],
    ["missing scope of a DPoP token", error("scope_insufficient", "orders:write"), { scheme: "DPoP", dpop }, `${DPOP}, ${described("scope_insufficient", "insufficient_scope")}, scope="orders:write"`],
    ["keys unavailable to a DPoP request", error("keys_unavailable"), { scheme: "DPoP", dpop }, DPOP],
    ["keys unavailable to a Bearer request", error("keys_unavailable"), { scheme: "Bearer", dpop }, 'Bearer realm="api"'],
    ["a full replay cache", error("dpop_replay_cache_full"), { scheme: "DPoP", dpop }, DPOP],
    ["a service without DPoP: Bearer alone, whatever the code", error("dpop_scheme_required"), { scheme: "Bearer" }, `Bearer realm="api", ${described("dpop_scheme_required", "invalid_token")}`],
  ])("%s", (_name, err, context, expected) => {
    expect(wwwAuthenticate("api", err, context)).toBe(expected);
  });

  it("writes only the algs that are tokens, and none when none is", () => {
    expect(wwwAuthenticate("api", undefined, { dpop: { algorithms: ["ES256", 'x" y'], required: true } })).toBe('DPoP realm="api", algs="ES256"');
    expect(wwwAuthenticate("api", undefined, { dpop: { algorithms: [], required: true } })).toBe('DPoP realm="api"');
  });

  it("refusal() passes the context on and keeps Retry-After for a full replay cache", () => {
    expect(refusal(error("dpop_replay_cache_full"), "koa", { scheme: "DPoP", dpop })).toEqual({
      status: 503,
      headers: { "WWW-Authenticate": 'DPoP realm="koa", algs="EdDSA ES256"', "Retry-After": String(RETRY_AFTER_SECONDS) },
      body: { error: "dpop_replay_cache_full", error_description: TOKEN_ERRORS.dpop_replay_cache_full.description },
    });
    expect(refusal(error("dpop_proof_invalid"), "koa", { scheme: "DPoP", dpop })).toMatchObject({ status: 401, body: { error: "invalid_dpop_proof" } });
    expect(refusal(error("dpop_proof_without_token"), "koa", { dpop })).toMatchObject({ status: 400, body: { error: "invalid_request" } });
  });
});
