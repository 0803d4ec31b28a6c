import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isClientError, type ClientError } from "../src/index.js";
import { setup, until, type Env } from "./support/env.js";
import { ALICE } from "./support/issuer.js";

let env: Env;
beforeEach(async () => {
  env = await setup();
});
afterEach(async () => {
  await env.close();
});

async function rejection(promise: Promise<unknown>): Promise<ClientError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isClientError(error)) throw new Error(`expected a ClientError, got ${String(error)}`);
  return error;
}

describe("refresh ahead of expiry", () => {
  it("refreshes once fewer than 30 s of expires_in are left, before sending", async () => {
    const client = env.publicClient();
    await client.loginWithPassword(ALICE);
    const first = env.issuer.lastAccessToken;
    env.time.advance(269); // 31 s left
    await client.fetch(`${env.resource.url}/a`);
    expect(env.issuer.grants("refresh_token")).toHaveLength(0);
    env.time.advance(2); // 29 s left
    await client.fetch(`${env.resource.url}/b`);
    expect(env.issuer.grants("refresh_token")).toHaveLength(1);
    expect(env.resource.tokens).toEqual([first, env.issuer.lastAccessToken]);
    expect(env.issuer.lastAccessToken).not.toBe(first);
    expect(env.events.at(-1)).toEqual({ type: "token", grant: "refresh_token", reason: "ahead", expiresIn: 300 });
  });

  it("uses 10% of the lifetime when that is shorter than refreshAheadSeconds", async () => {
    env.issuer.expiresIn = 60;
    const client = env.publicClient();
    await client.loginWithPassword(ALICE);
    env.time.advance(53); // 7 s left: above 6 s (10% of 60 s)
    await client.accessToken();
    expect(env.issuer.grants("refresh_token")).toHaveLength(0);
    env.time.advance(2); // 5 s left
    await client.accessToken();
    expect(env.issuer.grants("refresh_token")).toHaveLength(1);
  });

  it("honours refreshAheadSeconds", async () => {
    const client = env.publicClient({ refreshAheadSeconds: 5 });
    await client.loginWithPassword(ALICE);
    env.time.advance(290); // 10 s left
    await client.accessToken();
    expect(env.issuer.grants("refresh_token")).toHaveLength(0);
    env.time.advance(6);
    await client.accessToken();
    expect(env.issuer.grants("refresh_token")).toHaveLength(1);
  });

  it("renews an expired token as well", async () => {
    const client = env.publicClient();
    await client.loginWithPassword(ALICE);
    env.time.advance(1000);
    expect(await client.accessToken()).toBe(env.issuer.lastAccessToken);
    expect(env.events.at(-1)).toMatchObject({ type: "token", reason: "expired" });
  });

  it("sends the refresh grant with client_id for a public client and Basic for a confidential one", async () => {
    const client = env.publicClient();
    await client.loginWithPassword(ALICE);
    const [refreshToken] = [...env.issuer.liveRefresh.keys()];
    env.time.advance(290);
    await client.accessToken();
    const [call] = env.issuer.grants("refresh_token");
    expect(call?.params.get("refresh_token")).toBe(refreshToken);
    expect(call?.params.get("client_id")).toBe("demo-cli");
    expect(call?.authorization).toBeUndefined();
    expect([...(call?.params.keys() ?? [])].sort()).toEqual(["client_id", "grant_type", "refresh_token"]);
  });
});

describe("the Token-Expires-In hint", () => {
  it("moves the expiry estimate earlier: a server that counts 20 s left triggers the refresh", async () => {
    env.resource.script({ status: 200, headers: { "token-expires-in": "20" } });
    const client = env.publicClient();
    await client.loginWithPassword(ALICE);
    await client.fetch(env.resource.url);
    expect(env.issuer.grants("refresh_token")).toHaveLength(0);
    await client.fetch(env.resource.url);
    expect(env.issuer.grants("refresh_token")).toHaveLength(1);
  });

  it("counts from when the answer arrives, on the client's clock", async () => {
    env.resource.script({ status: 200, headers: { "token-expires-in": "100" } });
    const client = env.publicClient();
    await client.loginWithPassword(ALICE);
    await client.fetch(env.resource.url);
    env.time.advance(69); // 31 s left by the hint (231 s by expires_in)
    await client.accessToken();
    expect(env.issuer.grants("refresh_token")).toHaveLength(0);
    env.time.advance(2);
    await client.accessToken();
    expect(env.issuer.grants("refresh_token")).toHaveLength(1);
  });

  it("never extends the estimate past expires_in", async () => {
    env.resource.reply = () => ({ status: 200, headers: { "token-expires-in": "100000" } });
    const client = env.publicClient();
    await client.loginWithPassword(ALICE);
    await client.fetch(env.resource.url);
    env.time.advance(271);
    await client.accessToken();
    expect(env.issuer.grants("refresh_token")).toHaveLength(1);
  });

  it.each(["", "-5", "1e3", "20 s", "12345678901", "0x10"])("ignores a malformed hint %j", async (hint) => {
    env.resource.reply = () => ({ status: 200, headers: { "token-expires-in": hint } });
    const client = env.publicClient();
    await client.loginWithPassword(ALICE);
    await client.fetch(env.resource.url);
    await client.fetch(env.resource.url);
    expect(env.issuer.grants("refresh_token")).toHaveLength(0);
  });

  it("ignores a hint about a token the client has already replaced", async () => {
    const client = env.publicClient();
    await client.loginWithPassword(ALICE);
    const stale = await client.authorize({ method: "GET", url: env.resource.url });
    env.time.advance(280);
    await client.accessToken(); // renewed: a new generation
    stale.observeExpiresIn("1");
    stale.refused();
    await client.accessToken();
    expect(env.issuer.grants("refresh_token")).toHaveLength(1);
  });
});

describe("one shared renewal", () => {
  it("sends exactly one POST /token for 50 parallel requests with an expiring token", async () => {
    const client = env.publicClient();
    await client.loginWithPassword(ALICE);
    env.time.advance(290);
    env.issuer.hold();
    const responses = Promise.all(Array.from({ length: 50 }, (_, i) => client.fetch(`${env.resource.url}/${i}`)));
    await until(() => env.issuer.grants("refresh_token").length === 1, "the refresh to reach the issuer");
    env.issuer.release();
    const statuses = (await responses).map((r) => r.status);
    expect(statuses).toEqual(Array.from({ length: 50 }, () => 200));
    expect(env.issuer.grants("refresh_token")).toHaveLength(1);
    expect(new Set(env.resource.tokens)).toEqual(new Set([env.issuer.lastAccessToken]));
    expect(env.resource.seen).toHaveLength(50);
  });

  it("shares it between accessToken, fetch and authorize callers", async () => {
    const client = env.publicClient();
    await client.loginWithPassword(ALICE);
    env.time.advance(295);
    const all = await Promise.all([
      client.accessToken(),
      client.authorize({ method: "POST", url: "http://127.0.0.1:1/x" }).then((a) => a.headers.authorization),
      client.accessToken(),
    ]);
    const token = env.issuer.lastAccessToken;
    expect(all).toEqual([token, `Bearer ${token}`, token]);
    expect(env.issuer.grants("refresh_token")).toHaveLength(1);
  });
});

describe("rotation", () => {
  it("always stores the new refresh token, so each refresh presents the last one issued", async () => {
    const client = env.publicClient();
    await client.loginWithPassword(ALICE);
    for (let i = 0; i < 3; i += 1) {
      const [live] = [...env.issuer.liveRefresh.keys()];
      env.time.advance(290);
      await client.accessToken();
      expect(env.issuer.grants("refresh_token").at(-1)?.params.get("refresh_token")).toBe(live);
    }
    expect(env.issuer.grants("refresh_token")).toHaveLength(3);
    expect(env.events.filter((e) => e.type === "renew_failed")).toEqual([]);
  });

  it("keeps the old refresh token when a refresh answer carries none (RFC 6749 §6)", async () => {
    const client = env.publicClient();
    await client.loginWithPassword(ALICE);
    const [original] = [...env.issuer.liveRefresh.keys()];
    env.issuer.scripted.push({ status: 200, body: { access_token: "second", token_type: "Bearer", expires_in: 300 } });
    env.time.advance(290);
    expect(await client.accessToken()).toBe("second");
    env.time.advance(290);
    await client.accessToken();
    expect(env.issuer.grants("refresh_token").map((c) => c.params.get("refresh_token"))).toEqual([original, original]);
  });
});

describe("when renewal fails", () => {
  it("ends the session when the issuer refuses the refresh token for good", async () => {
    const client = env.publicClient();
    await client.loginWithPassword(ALICE);
    env.issuer.liveRefresh.clear();
    env.time.advance(290);
    const error = await rejection(client.accessToken());
    expect(error).toMatchObject({ error: "invalid_grant", status: 400 });
    expect((await rejection(client.accessToken())).error).toBe("login_required");
    expect(env.events.slice(-2)).toEqual([
      { type: "renew_failed", reason: "ahead", error, keptCurrent: false },
      { type: "session_ended", reason: "refused" },
    ]);
  });

  it("keeps using the still-valid token after a temporary failure, and tries again after Retry-After", async () => {
    const client = env.publicClient();
    await client.loginWithPassword(ALICE);
    const first = env.issuer.lastAccessToken;
    env.issuer.scripted.push({ status: 503, body: { error: "temporarily_unavailable" }, headers: { "retry-after": "5" } });
    env.time.advance(280);
    expect(await client.accessToken()).toBe(first);
    expect(env.events.at(-1)).toMatchObject({ type: "renew_failed", keptCurrent: true, error: { status: 503, retryAfter: 5 } });
    env.time.advance(4);
    expect(await client.accessToken()).toBe(first);
    expect(env.issuer.grants("refresh_token")).toHaveLength(1);
    env.time.advance(1);
    expect(await client.accessToken()).not.toBe(first);
    expect(env.issuer.grants("refresh_token")).toHaveLength(2);
  });

  it("throws the temporary failure once the token has expired", async () => {
    const client = env.publicClient();
    await client.loginWithPassword(ALICE);
    env.issuer.scripted.push({ status: 503, body: { error: "temporarily_unavailable" }, headers: { "retry-after": "5" } });
    env.time.advance(301);
    expect(await rejection(client.accessToken())).toMatchObject({ error: "temporarily_unavailable", retryAfter: 5 });
    expect(await client.accessToken()).toBe(env.issuer.lastAccessToken);
  });

  it("lets every caller waiting on a failed renewal see the same outcome", async () => {
    const client = env.publicClient();
    await client.loginWithPassword(ALICE);
    env.issuer.liveRefresh.clear();
    env.time.advance(301);
    const errors = await Promise.all(Array.from({ length: 5 }, () => rejection(client.accessToken())));
    expect(errors.map((e) => e.error)).toEqual(Array.from({ length: 5 }, () => "invalid_grant"));
    expect(env.issuer.grants("refresh_token")).toHaveLength(1);
  });

  it("keeps a password session without a refresh token until it expires, then asks for a login", async () => {
    env.issuer.issueRefreshToken = false;
    const client = env.publicClient();
    await client.loginWithPassword(ALICE);
    env.time.advance(290);
    expect(await client.accessToken()).toBe(env.issuer.lastAccessToken);
    env.time.advance(10);
    expect((await rejection(client.accessToken())).error).toBe("login_required");
    expect(env.issuer.to("/token")).toHaveLength(1);
  });

  it("drops a refresh that lands after a logout", async () => {
    const client = env.publicClient();
    await client.loginWithPassword(ALICE);
    env.time.advance(290);
    env.issuer.hold();
    const pending = rejection(client.accessToken());
    await until(() => env.issuer.grants("refresh_token").length === 1, "the refresh to reach the issuer");
    await client.logout();
    env.issuer.release();
    expect((await pending).error).toBe("login_required");
    expect((await rejection(client.accessToken())).error).toBe("login_required");
  });
});

describe("a client-credentials client", () => {
  it("logs in again instead of refreshing, with the same scope and resource", async () => {
    const client = env.confidentialClient();
    await client.loginWithClientCredentials({ scope: "orders:read", resource: "urn:demo:koa" });
    env.time.advance(290);
    await client.accessToken();
    const calls = env.issuer.grants("client_credentials");
    expect(calls).toHaveLength(2);
    expect(calls[1]?.params.toString()).toBe(calls[0]?.params.toString());
    expect(calls[1]?.authorization).toBe(calls[0]?.authorization);
    expect(env.issuer.grants("refresh_token")).toHaveLength(0);
    expect(env.events.at(-1)).toEqual({ type: "token", grant: "client_credentials", reason: "ahead", expiresIn: 300 });
  });
});
