// Revocation at the issuer against a real redis-server: /logout, /revoke, /admin/revocations, the
// claims it stamps, refresh-token reuse detection, key withdrawal for good, and Redis going away.
// What the resource services see is checked with a replica and a verifier, as they run them.
import { createRevocationReplica, type RevocationReplica } from "@org/revocation";
import { createVerifier, staticKeys, KeySet, type Verifier } from "@org/token";
import { proof, proofKey, startRedis, type RunningRedis } from "@org/testkit";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ALICE, basic, decodePart, errorOf, SECRETS, startIssuer, tokenBody, type Issuer } from "./helpers.js";

let redis: RunningRedis;
beforeAll(async () => {
  redis = await startRedis({ aof: true });
});
afterAll(async () => {
  await redis.stop();
});

const running: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const r of running.splice(0).reverse()) await r.close();
  await redis.command("FLUSHALL");
});

async function issuerWithRevocation(options: Parameters<typeof startIssuer>[0] = {}): Promise<Issuer> {
  const issuer = await startIssuer({ redisUrl: redis.url, ...options });
  running.push(issuer);
  return issuer;
}

/** A resource service's view: its replica and a verifier (cache on, as in the services) on the issuer's clock. */
async function resourceView(issuer: Issuer, audience = "urn:demo:koa"): Promise<{ replica: RevocationReplica; verifier: Verifier; outcome(token: string): Promise<string> }> {
  const replica = createRevocationReplica({ url: redis.url, maxAccessLifetimeSeconds: 300, clock: issuer.clock.now });
  await replica.start();
  running.push({ close: () => replica.close() });
  const jwks = await (await fetch(`${issuer.url}/.well-known/jwks.json`)).text();
  const verifier = createVerifier({ issuer: issuer.config.issuer, audience, keys: staticKeys(jwks), clock: issuer.clock.now, revocation: replica.checker });
  const outcome = (token: string): Promise<string> =>
    verifier.verify(token).then(
      () => "accepted",
      (e: unknown) => (e as { code: string }).code,
    );
  return { replica, verifier, outcome };
}

const login = async (issuer: Issuer, username: "alice" | "bob" = "alice", clientId = "demo-cli") =>
  tokenBody(await issuer.post({ ...ALICE, username, password: SECRETS[username], client_id: clientId }));
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe("tokens carry what the checks need", () => {
  it("stamps sid (one per login, kept through the refresh chain) and rev into access and refresh tokens", async () => {
    const issuer = await issuerWithRevocation();
    const first = await login(issuer);
    const a = decodePart(first.access_token, 1);
    const r = decodePart(first.refresh_token ?? "", 1);
    expect(a.sid).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(r.sid).toBe(a.sid);
    expect(a.rev).toBe(0);
    const refreshed = await tokenBody(await issuer.post({ grant_type: "refresh_token", refresh_token: first.refresh_token ?? "" }));
    expect(decodePart(refreshed.access_token, 1).sid).toBe(a.sid);
    expect(decodePart((await login(issuer)).access_token, 1).sid).not.toBe(a.sid);
  });
});

describe("POST /logout", () => {
  it("refuses every token of the user on every client, on a cached verification too; no one else's; a login right after is accepted", async () => {
    const issuer = await issuerWithRevocation();
    const view = await resourceView(issuer);
    const cli = await login(issuer);
    const web = await login(issuer, "alice", "demo-web");
    const bob = await login(issuer, "bob");
    expect(await view.outcome(cli.access_token)).toBe("accepted"); // cached from now on
    const res = await issuer.post({}, { path: "/logout", headers: bearer(cli.access_token) });
    expect(res.status).toBe(204);
    await expect.poll(() => view.outcome(cli.access_token)).toBe("token_revoked");
    expect(await view.outcome(web.access_token)).toBe("token_revoked");
    expect(await view.outcome(bob.access_token)).toBe("accepted");
    // The same second on the same clock: rev, not iat, tells it apart.
    const again = await login(issuer);
    expect(await view.outcome(again.access_token)).toBe("accepted");
    expect(decodePart(again.access_token, 1).rev).toBeGreaterThan(0);
    // Its refresh tokens too.
    const refresh = await issuer.post({ grant_type: "refresh_token", refresh_token: web.refresh_token ?? "" });
    expect(await errorOf(refresh)).toMatchObject({ status: 400, error: "invalid_grant" });
  });

  it("with client_id, ends only that app's sessions of the user", async () => {
    const issuer = await issuerWithRevocation();
    const view = await resourceView(issuer);
    const cli = await login(issuer);
    const web = await login(issuer, "alice", "demo-web");
    const res = await issuer.post({ client_id: "demo-web" }, { path: "/logout", headers: bearer(cli.access_token) });
    expect(res.status).toBe(204);
    await expect.poll(() => view.outcome(web.access_token)).toBe("token_revoked");
    expect(await view.outcome(cli.access_token)).toBe("accepted");
    const unknown = await issuer.post({ client_id: "no-such-app" }, { path: "/logout", headers: bearer(cli.access_token) });
    expect(await errorOf(unknown)).toMatchObject({ status: 400, error: "invalid_request" });
  });

  it("answers no token with 401 and the bare challenges, a bad one with invalid_token, and writes nothing", async () => {
    const issuer = await issuerWithRevocation();
    const none = await issuer.post({}, { path: "/logout" });
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toBe('Bearer realm="issuer", DPoP realm="issuer", algs="EdDSA ES256"');
    const bad = await issuer.post({}, { path: "/logout", headers: bearer("not.a.token") });
    expect(bad.status).toBe(401);
    expect(bad.headers.get("www-authenticate")).toContain('error="invalid_token"');
    expect(await redis.command("GET", "revocation:seq")).toBeNull();
  });
});

describe("POST /logout with DPoP", () => {
  it("takes a DPoP token with its proof for <issuer>/logout, and refuses it as Bearer or without the proof", async () => {
    const issuer = await issuerWithRevocation();
    const view = await resourceView(issuer);
    const key = proofKey("EdDSA");
    const at = (htm: string, htu: string, token?: string): string => proof(key, { htm, htu, ...(token === undefined ? {} : { token }), iatMs: issuer.clock.ms });
    const login = await tokenBody(await issuer.post(ALICE, { headers: { dpop: at("POST", `${issuer.config.issuer}/token`) } }));
    const token = login.access_token;
    const logoutUrl = `${issuer.config.issuer}/logout`;
    const asBearer = await issuer.post({}, { path: "/logout", headers: bearer(token) });
    expect(asBearer.status).toBe(401);
    expect(asBearer.headers.get("www-authenticate")).toMatch(/^DPoP realm="issuer", algs="EdDSA ES256", error="invalid_token"/);
    const noProof = await issuer.post({}, { path: "/logout", headers: { authorization: `DPoP ${token}` } });
    expect(noProof.status).toBe(401);
    expect(noProof.headers.get("www-authenticate")).toContain('error="invalid_dpop_proof"');
    const wrongUrl = await issuer.post({}, { path: "/logout", headers: { authorization: `DPoP ${token}`, dpop: at("POST", `${issuer.config.issuer}/token`, token) } });
    expect(wrongUrl.status).toBe(401);
    expect(await redis.command("GET", "revocation:seq")).toBeNull();
    const res = await issuer.post({}, { path: "/logout", headers: { authorization: `DPoP ${token}`, dpop: at("POST", logoutUrl, token) } });
    expect(res.status).toBe(204);
    await expect.poll(() => view.outcome(token)).toBe("token_revoked");
  });
});

describe("POST /revoke", () => {
  it("a refresh token revokes its whole grant (every token of that login's chain), nothing else", async () => {
    const issuer = await issuerWithRevocation();
    const view = await resourceView(issuer);
    const first = await login(issuer);
    const second = await tokenBody(await issuer.post({ grant_type: "refresh_token", refresh_token: first.refresh_token ?? "" }));
    const other = await login(issuer);
    const res = await issuer.post({ token: second.refresh_token ?? "", token_type_hint: "refresh_token", client_id: "demo-cli" }, { path: "/revoke" });
    expect(res.status).toBe(200);
    await expect.poll(() => view.outcome(first.access_token)).toBe("token_revoked");
    expect(await view.outcome(second.access_token)).toBe("token_revoked");
    expect(await view.outcome(other.access_token)).toBe("accepted");
    const refresh = await issuer.post({ grant_type: "refresh_token", refresh_token: second.refresh_token ?? "" });
    expect(await errorOf(refresh)).toMatchObject({ status: 400, error: "invalid_grant" });
  });

  it("an access token revokes that token alone", async () => {
    const issuer = await issuerWithRevocation();
    const view = await resourceView(issuer);
    const one = await login(issuer);
    const two = await login(issuer);
    expect((await issuer.post({ token: one.access_token, client_id: "demo-cli" }, { path: "/revoke" })).status).toBe(200);
    await expect.poll(() => view.outcome(one.access_token)).toBe("token_revoked");
    expect(await view.outcome(two.access_token)).toBe("accepted");
  });

  it("refuses another client's token with unauthorized_client, and answers 200 for an unknown one", async () => {
    const issuer = await issuerWithRevocation();
    const cli = await login(issuer);
    const stolen = await issuer.post({ token: cli.access_token, client_id: "demo-web" }, { path: "/revoke" });
    expect(await errorOf(stolen)).toMatchObject({ status: 400, error: "unauthorized_client" });
    expect((await issuer.post({ token: "garbage", client_id: "demo-cli" }, { path: "/revoke" })).status).toBe(200);
    expect(await redis.command("GET", "revocation:seq")).toBeNull();
    const anonymous = await issuer.post({ token: cli.access_token }, { path: "/revoke" });
    expect(await errorOf(anonymous)).toMatchObject({ status: 401, error: "invalid_client" });
  });
});

describe("refresh-token reuse", () => {
  it("accepts a retry of the same refresh within the grace, and revokes the grant when a rotated token comes back later", async () => {
    const issuer = await issuerWithRevocation();
    const view = await resourceView(issuer);
    const first = await login(issuer);
    const refresh = (token: string | undefined) => issuer.post({ grant_type: "refresh_token", refresh_token: token ?? "" });
    const second = await tokenBody(await refresh(first.refresh_token));
    // The answer was lost and the client retries the same request at once: still accepted.
    const retried = await tokenBody(await refresh(first.refresh_token));
    issuer.clock.tick(3); // past the 2 s grace
    const replay = await refresh(first.refresh_token);
    expect(await errorOf(replay)).toMatchObject({ status: 400, error: "invalid_grant" });
    // The whole grant is gone: the tokens of every rotation.
    expect(await errorOf(await refresh(retried.refresh_token))).toMatchObject({ error: "invalid_grant" });
    await expect.poll(() => view.outcome(second.access_token)).toBe("token_revoked");
    expect(issuer.logs.text).toContain('"reason":"refresh token reuse"');
  });
});

describe("POST /admin/revocations", () => {
  const admin = { authorization: basic("ops-console", SECRETS.ops), "content-type": "application/json" };
  const call = (issuer: Issuer, body: unknown, headers: Record<string, string> = admin) =>
    fetch(`${issuer.url}/admin/revocations`, { method: "POST", headers, body: JSON.stringify(body) });

  it.each<[string, Record<string, string>, (t: { cli: string; web: string; bob: string; job: string }) => string[]]>([
    ["global", { scope: "global" }, (t) => [t.cli, t.web, t.bob, t.job]],
    ["client", { scope: "client", client_id: "demo-web" }, (t) => [t.web]],
    ["user", { scope: "user", sub: "bob" }, (t) => [t.bob]],
    ["user_client", { scope: "user_client", sub: "alice", client_id: "demo-cli" }, (t) => [t.cli]],
  ])("scope %s refuses exactly its tokens", async (_name, body, revoked) => {
    const issuer = await issuerWithRevocation();
    const view = await resourceView(issuer);
    const tokens = {
      cli: (await login(issuer)).access_token,
      web: (await login(issuer, "alice", "demo-web")).access_token,
      bob: (await login(issuer, "bob")).access_token,
      job: (await tokenBody(await issuer.post({ grant_type: "client_credentials" }, { headers: { authorization: basic("reporting-job", SECRETS.reporting) } }))).access_token,
    };
    expect((await call(issuer, body)).status).toBe(204);
    const expected = revoked(tokens);
    const outcomes = async (): Promise<Record<string, string>> =>
      Object.fromEntries(await Promise.all(Object.entries(tokens).map(async ([k, t]): Promise<[string, string]> => [k, await view.outcome(t)])));
    await expect
      .poll(outcomes)
      .toEqual(Object.fromEntries(Object.entries(tokens).map(([k, t]) => [k, expected.includes(t) ? "token_revoked" : "accepted"])));
    expect(issuer.logs.text).toContain('"audit":"revocation"');
  });

  it("scope token takes the jti of an access or a refresh token", async () => {
    const issuer = await issuerWithRevocation();
    const view = await resourceView(issuer);
    const session = await login(issuer);
    expect((await call(issuer, { scope: "token", jti: String(decodePart(session.access_token, 1).jti) })).status).toBe(204);
    await expect.poll(() => view.outcome(session.access_token)).toBe("token_revoked");
    expect((await call(issuer, { scope: "token", jti: String(decodePart(session.refresh_token ?? "", 1).jti) })).status).toBe(204);
    await expect
      .poll(async () => (await errorOf(await issuer.post({ grant_type: "refresh_token", refresh_token: session.refresh_token ?? "" }))).error)
      .toBe("invalid_grant");
  });

  it("refuses a malformed body (400), no or bad credentials (401), a client that is not an admin (403)", async () => {
    const issuer = await issuerWithRevocation();
    for (const body of [{}, { scope: "everything" }, { scope: "user" }, { scope: "user", sub: "" }, { scope: "global", sub: "x" }, []]) {
      expect(await errorOf(await call(issuer, body))).toMatchObject({ status: 400, error: "invalid_request" });
    }
    expect(await errorOf(await call(issuer, { scope: "global" }, { "content-type": "application/json" }))).toMatchObject({ status: 401, error: "invalid_client" });
    expect(await errorOf(await call(issuer, { scope: "global" }, { ...admin, authorization: basic("ops-console", "wrong") }))).toMatchObject({ status: 401 });
    const notAdmin = await call(issuer, { scope: "global" }, { ...admin, authorization: basic("reporting-job", SECRETS.reporting) });
    expect(await errorOf(notAdmin)).toMatchObject({ status: 403, error: "unauthorized_client" });
    expect(await redis.command("GET", "revocation:seq")).toBeNull();
  });

  it("withdraws a key for good: not published, not signing (the next key signs), its tokens refused, also after a restart", async () => {
    const [a, b] = [await KeySet.generate(), await KeySet.generate()];
    const both = () => new KeySet([a.active, b.active]);
    const issuer = await issuerWithRevocation({ keys: both() });
    const view = await resourceView(issuer);
    const before = await login(issuer);
    expect(decodePart(before.access_token, 0).kid).toBe(a.active.kid);
    expect(await view.outcome(before.access_token)).toBe("accepted");
    expect(await errorOf(await call(issuer, { scope: "key", kid: "no-such-kid" }))).toMatchObject({ status: 400 });
    expect((await call(issuer, { scope: "key", kid: a.active.kid })).status).toBe(204);
    expect((await call(issuer, { scope: "key", kid: a.active.kid })).status).toBe(204); // idempotent
    const jwks = (await (await fetch(`${issuer.url}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] };
    expect(jwks.keys.map((k) => k.kid)).toEqual([b.active.kid]);
    expect(decodePart((await login(issuer)).access_token, 0).kid).toBe(b.active.kid);
    await expect.poll(() => view.outcome(before.access_token)).toBe("token_revoked");
    const last = await call(issuer, { scope: "key", kid: b.active.kid });
    expect(await errorOf(last)).toMatchObject({ status: 409 });
    // A restart with the same keys file does not bring it back.
    const restarted = await issuerWithRevocation({ keys: both() });
    expect(decodePart((await login(restarted)).access_token, 0).kid).toBe(b.active.kid);
    const published = (await (await fetch(`${restarted.url}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] };
    expect(published.keys.map((k) => k.kid)).toEqual([b.active.kid]);
  });
});

describe("Redis unreachable", () => {
  it("answers 503 temporarily_unavailable for revocations and refreshes, never 2xx, and recovers", async () => {
    const own = await startRedis({ aof: true });
    try {
      const issuer = await startIssuer({ redisUrl: own.url, maxStalenessMs: 500 });
      running.push(issuer);
      const session = await login(issuer);
      await own.kill();
      const logout = await issuer.post({}, { path: "/logout", headers: bearer(session.access_token) });
      expect(await errorOf(logout)).toMatchObject({ status: 503, error: "temporarily_unavailable" });
      expect(logout.headers.get("retry-after")).toBe("5");
      await expect
        .poll(async () => (await issuer.post({ grant_type: "refresh_token", refresh_token: session.refresh_token ?? "" })).status, { timeout: 20_000 })
        .toBe(503);
      await own.restart();
      await expect
        .poll(async () => (await issuer.post({}, { path: "/logout", headers: bearer(session.access_token) })).status, { timeout: 20_000 })
        .toBe(204);
    } finally {
      await own.stop();
    }
  });
});
