// POST /token grant_type=refresh_token: rotation, narrowing only, and what is never accepted.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashSecret } from "../src/identities/hash.js";
import { parseIdentities } from "../src/identities/store.js";
import { ALICE, CHEAP, decodePart, errorOf, identitiesDocument, SECRETS, startIssuer, tokenBody, type Issuer } from "./helpers.js";

let issuer: Issuer;
beforeAll(async () => {
  issuer = await startIssuer();
});
afterAll(() => issuer.close());

async function login(params: Record<string, string | string[]> = {}): Promise<{ access: string; refresh: string }> {
  const body = await tokenBody(await issuer.post({ ...ALICE, ...params }));
  return { access: body.access_token, refresh: body.refresh_token ?? "" };
}

const refresh = (token: string, params: Record<string, string | string[]> = {}): Promise<Response> =>
  issuer.post({ grant_type: "refresh_token", refresh_token: token, ...params });

describe("refresh grant", () => {
  it("rotates: a new access token and a new refresh token, same scope and audiences", async () => {
    const first = await login();
    issuer.clock.tick(10);
    const res = await refresh(first.refresh);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const body = await tokenBody(res);
    expect(body.scope).toBe("profile orders:read orders:write");
    expect(body.refresh_token).toBeDefined();
    expect(body.refresh_token).not.toBe(first.refresh);
    expect(body.access_token).not.toBe(first.access);
    const claims = (await (await issuer.verifier()).verify(body.access_token)).claims;
    expect(claims).toMatchObject({ sub: "alice", client_id: "demo-cli", aud: ["urn:demo:express", "urn:demo:koa", "urn:demo:grpc"] });
    // The rotated token refreshes again.
    expect((await refresh(body.refresh_token ?? "")).status).toBe(200);
  });

  it("refresh token header is rt+jwt with the issuer's token endpoint as aud", async () => {
    const { refresh: token } = await login();
    expect(decodePart(token, 0).typ).toBe("rt+jwt");
    expect(decodePart(token, 1).aud).toBe("http://127.0.0.1:4000/token");
  });

  it("may narrow scope and resource", async () => {
    const { refresh: token } = await login();
    const body = await tokenBody(await refresh(token, { scope: "orders:read", resource: "urn:demo:koa" }));
    expect(body.scope).toBe("orders:read");
    expect(decodePart(body.access_token, 1).aud).toBe("urn:demo:koa");
    // The rotated refresh token keeps the original grant (RFC 6749 §6): it can go back to full scope.
    const again = await tokenBody(await refresh(body.refresh_token ?? ""));
    expect(again.scope).toBe("profile orders:read orders:write");
  });

  it("never widens scope: invalid_scope", async () => {
    const { refresh: token } = await login({ scope: "orders:read" });
    expect(await errorOf(await refresh(token, { scope: "orders:read orders:write" }))).toMatchObject({ status: 400, error: "invalid_scope" });
  });

  it("never widens resources: invalid_target", async () => {
    const { refresh: token } = await login({ resource: "urn:demo:koa" });
    expect(await errorOf(await refresh(token, { resource: "urn:demo:express" }))).toMatchObject({ status: 400, error: "invalid_target" });
    const ok = await tokenBody(await refresh(token));
    expect(decodePart(ok.access_token, 1).aud).toBe("urn:demo:koa");
  });

  it("rejects an access token presented as a refresh token", async () => {
    const { access } = await login();
    expect(await errorOf(await refresh(access))).toMatchObject({ status: 400, error: "invalid_grant" });
  });

  it.each([["garbage"], ["a.b.c"], ["x".repeat(4000)]])("rejects a malformed refresh token %#", async (token) => {
    expect(await errorOf(await refresh(token))).toMatchObject({ status: 400, error: "invalid_grant" });
  });

  it("rejects a missing refresh_token as invalid_request", async () => {
    expect(await errorOf(await issuer.post({ grant_type: "refresh_token" }))).toMatchObject({ status: 400, error: "invalid_request" });
  });

  it("rejects an expired refresh token", async () => {
    const { refresh: token } = await login();
    issuer.clock.tick(86_400 + 60);
    expect(await errorOf(await refresh(token))).toMatchObject({ status: 400, error: "invalid_grant" });
  });

  it("does not stretch the session: rotated tokens stop at login + REFRESH_TOKEN_TTL", async () => {
    let { refresh: token } = await login();
    for (let i = 0; i < 3; i++) {
      issuer.clock.tick(25_000);
      const body = await tokenBody(await refresh(token));
      token = body.refresh_token ?? "";
    }
    issuer.clock.tick(12_000);
    // 87 000 s after login: this refresh token itself is only 12 000 s old, but the session is over.
    expect(await errorOf(await refresh(token))).toMatchObject({ status: 400, error: "invalid_grant" });
  });

  it("rejects a refresh token presented by another client", async () => {
    const { refresh: token } = await login();
    const res = await refresh(token, { client_id: "reporting-job", client_secret: SECRETS.reporting });
    expect(await errorOf(res)).toMatchObject({ status: 400, error: "invalid_grant" });
  });

  it("accepts the refresh with the token's own public client_id", async () => {
    const { refresh: token } = await login();
    expect((await refresh(token, { client_id: "demo-cli" })).status).toBe(200);
  });

  it("rejects a refresh token from another issuer's keys", async () => {
    const other = await startIssuer();
    try {
      const body = await tokenBody(await other.post(ALICE));
      expect(await errorOf(await refresh(body.refresh_token ?? ""))).toMatchObject({ status: 400, error: "invalid_grant" });
    } finally {
      await other.close();
    }
  });

  it("re-checks that the user and the client still exist", async () => {
    const { refresh: token } = await login();
    const document = await identitiesDocument();
    const withoutAlice = await parseIdentities({ ...document, users: [{ username: "bob", password_hash: await hashSecret(SECRETS.bob, CHEAP), scopes: ["profile"] }] });
    const withoutCli = await parseIdentities({ ...document, clients: [] });
    for (const identities of [withoutAlice, withoutCli]) {
      const restarted = await startIssuer({ keys: issuer.keys, identities, clock: issuer.clock });
      try {
        const res = await restarted.post({ grant_type: "refresh_token", refresh_token: token });
        expect(await errorOf(res)).toMatchObject({ status: 400, error: "invalid_grant" });
      } finally {
        await restarted.close();
      }
    }
  });
});
