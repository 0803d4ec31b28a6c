import { inspect } from "node:util";
import { TOKEN_ERRORS, TokenError, isTokenError, type TokenErrorCode } from "@org/token";
import { describe, expect, it } from "vitest";
import { AuthError, DEFAULT_REALM, RETRY_AFTER_SECONDS, checkRealm, refusal } from "../src/index.js";

const CODES = Object.keys(TOKEN_ERRORS) as TokenErrorCode[];

describe("AuthError", () => {
  it.each(CODES)("%s carries the answer refusal() gives, in the http-errors shape", (code) => {
    const err = new AuthError(code, { realm: "express", scope: "orders:read" });
    const answer = refusal(new TokenError(code, { scope: "orders:read" }), "express");
    expect(err).toBeInstanceOf(TokenError);
    expect(isTokenError(err)).toBe(true);
    expect(err).toMatchObject({ name: "AuthError", code, kind: TOKEN_ERRORS[code].kind, message: TOKEN_ERRORS[code].description });
    expect(err.status).toBe(answer.status);
    expect(err.statusCode).toBe(answer.status);
    expect(err.headers).toEqual(answer.headers);
    expect(err.body).toEqual(answer.body);
    expect(err.expose).toBe(true);
    expect(err.realm).toBe("express");
  });

  it("names the default realm and asks to retry when the failure is temporary", () => {
    expect(new AuthError("token_missing").headers).toEqual({ "WWW-Authenticate": `Bearer realm="${DEFAULT_REALM}"` });
    expect(DEFAULT_REALM).toBe("api");
    const unavailable = new AuthError("revocation_unavailable", { realm: "koa" });
    expect(unavailable.status).toBe(503);
    expect(unavailable.headers).toEqual({ "WWW-Authenticate": 'Bearer realm="koa"', "Retry-After": String(RETRY_AFTER_SECONDS) });
    expect(new AuthError("scope_insufficient", { scope: "a b" }).headers["WWW-Authenticate"]).toContain('scope="a b"');
  });

  it("prints as one line without its cause: no frames, nothing quoted from the token", () => {
    const cause = new SyntaxError('Unexpected token in JSON: "eyJzZWNyZXQiOiJ0b2tlbi1wYXJ0In0"');
    const err = new AuthError("token_malformed", { cause, realm: "express" });
    expect(err.stack).toBe("AuthError: The access token is malformed");
    expect(inspect(err)).toBe("AuthError [token_malformed]: The access token is malformed");
    expect(inspect({ err })).not.toContain("eyJ");
    expect(err.cause).toBe(cause);
  });

  it("lets a handler overwrite status, as Koa's default handler does", () => {
    const err = new AuthError("token_expired");
    err.status = 401;
    expect(err.status).toBe(401);
    expect(Object.isFrozen(err.headers)).toBe(true);
  });

  it("from() keeps code, scope and cause, and returns the same error when nothing changes", () => {
    const cause = new Error("library detail");
    const plain = new TokenError("scope_insufficient", { scope: "orders:write", cause });
    const err = AuthError.from(plain, "koa");
    expect(err).toMatchObject({ code: "scope_insufficient", scope: "orders:write", realm: "koa", status: 403 });
    expect(err.cause).toBe(cause);
    expect(AuthError.from(err)).toBe(err);
    expect(AuthError.from(err, "koa")).toBe(err);
    const moved = AuthError.from(err, "express");
    expect(moved).not.toBe(err);
    expect(moved.headers["WWW-Authenticate"]).toContain('realm="express"');
    expect(AuthError.from(new TokenError("token_missing")).realm).toBe(DEFAULT_REALM);
  });

  it("refuses a realm that would break the challenge", () => {
    for (const realm of ['a"b', "a\\b", "a\nb"]) {
      expect(() => new AuthError("token_missing", { realm })).toThrow(TypeError);
      expect(() => checkRealm(realm)).toThrow(TypeError);
    }
    expect(checkRealm(undefined)).toBe(DEFAULT_REALM);
    expect(checkRealm("express")).toBe("express");
  });

  it("carries the challenge context, keeps it through from(), and takes a new one when given", () => {
    const dpop = { algorithms: ["EdDSA", "ES256"], required: false };
    const err = new AuthError("dpop_proof_invalid", { realm: "express", scheme: "DPoP", dpop, reason: "htu_mismatch" });
    expect(err).toMatchObject({ status: 401, scheme: "DPoP", dpop, reason: "htu_mismatch" });
    expect(err.headers["WWW-Authenticate"]).toBe(
      'DPoP realm="express", algs="EdDSA ES256", error="invalid_dpop_proof", error_description="The DPoP proof is invalid"',
    );
    expect(Object.isFrozen(err.dpop)).toBe(true);
    // An error handler with its own realm keeps the scheme and DPoP challenge of the refusal.
    const moved = AuthError.from(err, "koa");
    expect(moved).toMatchObject({ realm: "koa", scheme: "DPoP", dpop, reason: "htu_mismatch" });
    expect(moved.headers["WWW-Authenticate"]).toContain('DPoP realm="koa", algs="EdDSA ES256", error="invalid_dpop_proof"');
    // A guard's plain TokenError gets the request's context.
    const scoped = AuthError.from(new TokenError("scope_insufficient", { scope: "orders:read" }), "koa", { scheme: "DPoP", dpop });
    expect(scoped.headers["WWW-Authenticate"]).toMatch(/^DPoP realm="koa", algs="EdDSA ES256", error="insufficient_scope", .*scope="orders:read"$/);
    const missing = AuthError.from(new TokenError("token_missing"), "koa", { dpop });
    expect(missing.headers["WWW-Authenticate"]).toBe('Bearer realm="koa", DPoP realm="koa", algs="EdDSA ES256"');
    expect(AuthError.from(err, undefined, {}).headers["WWW-Authenticate"]).toMatch(/^Bearer realm="express", error="invalid_dpop_proof"/);
  });
});
