// POST /token grant_type=password: success shape, claims, scope and resource rules, failures.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALICE, decodePart, errorOf, startIssuer, tokenBody, type Issuer } from "./helpers.js";

let issuer: Issuer;
beforeAll(async () => {
  issuer = await startIssuer();
});
afterAll(() => issuer.close());

describe("password grant", () => {
  it("answers 200 with access_token, Bearer, expires_in, scope, refresh_token and no-store", async () => {
    const res = await issuer.post(ALICE);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("pragma")).toBe("no-cache");
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    const body = await tokenBody(res);
    expect(body.token_type).toBe("Bearer");
    expect(body.expires_in).toBe(300);
    expect(body.scope).toBe("profile orders:read orders:write");
    expect(typeof body.refresh_token).toBe("string");
    expect(Object.keys(body).sort()).toEqual(["access_token", "expires_in", "refresh_token", "scope", "token_type"]);
  });

  it("signs an RFC 9068 access token that verifies against the served JWKS for all three audiences", async () => {
    const body = await tokenBody(await issuer.post(ALICE));
    const header = decodePart(body.access_token, 0);
    expect(header).toMatchObject({ typ: "at+jwt", alg: "EdDSA", kid: issuer.keys.active.kid });
    for (const aud of ["urn:demo:express", "urn:demo:koa", "urn:demo:grpc"]) {
      const verified = await (await issuer.verifier(aud)).verify(body.access_token);
      expect(verified.claims).toMatchObject({
        iss: "http://127.0.0.1:4000",
        sub: "alice",
        client_id: "demo-cli",
        scope: "profile orders:read orders:write",
        aud: ["urn:demo:express", "urn:demo:koa", "urn:demo:grpc"],
      });
      expect(verified.claims.exp - verified.claims.iat).toBe(300);
      expect(verified.claims.jti.length).toBeGreaterThanOrEqual(22);
    }
  });

  it("gives bob only his own scopes", async () => {
    const body = await tokenBody(await issuer.post({ ...ALICE, username: "bob", password: "bob-demo-password" }));
    expect(body.scope).toBe("profile orders:read");
  });

  it("narrows silently to the allowed scopes when a defined scope is not allowed", async () => {
    const res = await issuer.post({ ...ALICE, username: "bob", password: "bob-demo-password", scope: "orders:read orders:write" });
    const body = await tokenBody(res);
    expect(body.scope).toBe("orders:read");
    const claims = (await (await issuer.verifier()).verify(body.access_token)).claims;
    expect(claims.scope).toBe("orders:read");
  });

  it("grants exactly the requested subset", async () => {
    const body = await tokenBody(await issuer.post({ ...ALICE, scope: "orders:read" }));
    expect(body.scope).toBe("orders:read");
  });

  it.each([
    ["an undefined scope", "orders:read admin"],
    ["a malformed scope", 'orders:read "quoted"'],
  ])("rejects %s with invalid_scope", async (_name, scope) => {
    expect(await errorOf(await issuer.post({ ...ALICE, scope }))).toMatchObject({ status: 400, error: "invalid_scope" });
  });

  it("is invalid_scope when every requested scope is dropped", async () => {
    const res = await issuer.post({ ...ALICE, username: "bob", password: "bob-demo-password", scope: "orders:write" });
    expect(await errorOf(res)).toMatchObject({ status: 400, error: "invalid_scope" });
  });

  it("narrows aud with one or more resource parameters (RFC 8707)", async () => {
    const one = await tokenBody(await issuer.post({ ...ALICE, resource: "urn:demo:koa" }));
    expect(decodePart(one.access_token, 1).aud).toBe("urn:demo:koa");
    await expect((await issuer.verifier("urn:demo:koa")).verify(one.access_token)).resolves.toBeDefined();
    await expect((await issuer.verifier("urn:demo:express")).verify(one.access_token)).rejects.toMatchObject({ code: "audience_invalid" });
    const two = await tokenBody(await issuer.post({ ...ALICE, resource: ["urn:demo:grpc", "urn:demo:express"] }));
    expect(decodePart(two.access_token, 1).aud).toEqual(["urn:demo:express", "urn:demo:grpc"]);
  });

  it.each([["https://evil.example/"], ["urn:demo:issuer"], ["urn:demo:express#x"]])("rejects resource %s with invalid_target", async (resource) => {
    const res = await issuer.post({ ...ALICE, resource: ["urn:demo:koa", resource] });
    const error = await errorOf(res);
    expect(error).toMatchObject({ status: 400, error: "invalid_target" });
    expect(error.description).not.toContain(resource);
  });

  it("answers a wrong password and an unknown user identically with invalid_grant", async () => {
    const wrong = await errorOf(await issuer.post({ ...ALICE, password: "nope" }));
    const unknown = await errorOf(await issuer.post({ ...ALICE, username: "mallory", password: "nope" }));
    expect(wrong).toEqual({ status: 400, error: "invalid_grant", description: "the username or password is wrong" });
    expect(unknown).toEqual(wrong);
  });

  it.each([
    ["username", { grant_type: "password", password: "x", client_id: "demo-cli" }],
    ["password", { grant_type: "password", username: "alice", client_id: "demo-cli" }],
    ["client_id", { grant_type: "password", username: "alice", password: "x" }],
  ])("is invalid_request without %s", async (missing, params) => {
    const error = await errorOf(await issuer.post(params));
    expect(error).toMatchObject({ status: 400, error: "invalid_request" });
    expect(error.description).toContain(missing);
  });

  it("is invalid_client for an unknown client_id", async () => {
    const res = await issuer.post({ ...ALICE, client_id: "nobody" });
    expect(await errorOf(res)).toMatchObject({ status: 401, error: "invalid_client" });
    expect(res.headers.get("www-authenticate")).toBeNull();
  });

  it("is invalid_client when the public client sends a secret", async () => {
    const res = await issuer.post({ ...ALICE, client_secret: "anything" });
    expect(await errorOf(res)).toMatchObject({ status: 401, error: "invalid_client" });
  });

  it("is unauthorized_client when the client may not use the password grant", async () => {
    const res = await issuer.post({ ...ALICE, client_id: "reporting-job", client_secret: "reporting-job-secret" });
    expect(await errorOf(res)).toMatchObject({ status: 400, error: "unauthorized_client" });
  });

  it("accepts a JSON body, resource as an array", async () => {
    const res = await fetch(`${issuer.url}/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ...ALICE, scope: "profile", resource: ["urn:demo:express", "urn:demo:koa"] }),
    });
    const body = await tokenBody(res);
    expect(body.scope).toBe("profile");
    expect(decodePart(body.access_token, 1).aud).toEqual(["urn:demo:express", "urn:demo:koa"]);
  });

  it("never returns a refresh token that works as an access token", async () => {
    const body = await tokenBody(await issuer.post(ALICE));
    await expect((await issuer.verifier()).verify(body.refresh_token ?? "")).rejects.toMatchObject({ code: "type_invalid" });
  });
});
