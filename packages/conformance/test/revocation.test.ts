// Revocation on all three transports against one real topology with Redis (contract,
// "Revocation"): every scope refuses exactly its tokens everywhere, a cached verification included;
// a login right after a logout is accepted; a withdrawn key's tokens are refused and the next key
// takes over; Redis going away keeps answering for REVOCATION_MAX_STALENESS, then fails closed
// (503/UNAVAILABLE, not ready), and everything recovers after Redis is back, nothing forgotten.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { passwordGrant, reportingJobGrant, requestToken, type TokenResponse } from "./issuer-client.js";
import { STALENESS_SECONDS, TRANSPORTS, everywhere, startWorld, type Seen, type World } from "./revocation-world.js";

let world: World;
beforeAll(async () => {
  world = await startWorld();
}, 120_000);
afterAll(async () => {
  await world.close();
});

const issuer = (): string => world.topology.urls.issuer;
const login = (user: "alice" | "bob", clientId = "demo-cli"): Promise<TokenResponse> =>
  requestToken(issuer(), passwordGrant(user).map(([k, v]) => (k === "client_id" ? [k, clientId] : [k, v])));
const form = (fields: Record<string, string>): URLSearchParams => new URLSearchParams(fields);
const ADMIN = `Basic ${Buffer.from("ops-console:ops-console-secret").toString("base64")}`;

async function admin(body: Record<string, string>): Promise<number> {
  const res = await fetch(`${issuer()}/admin/revocations`, {
    method: "POST",
    headers: { authorization: ADMIN, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return res.status;
}

/** Polls until every transport sees `expected` for the token (propagation is pushed, not instant). */
async function settles(token: string, expected: Seen): Promise<void> {
  await expect.poll(() => world.seenEverywhere(token), { timeout: 10_000, interval: 20 }).toEqual(everywhere(expected));
}

describe("every scope, on every transport", () => {
  it("a token is accepted everywhere before any revocation, and a cached verification stays honest", async () => {
    const alice = await login("alice");
    expect(await world.seenEverywhere(alice.access_token)).toEqual(everywhere("accepted"));
    expect(await world.seenEverywhere(alice.access_token)).toEqual(everywhere("accepted")); // now from the caches
  });

  it("logout (user scope): every token of the user on every client, no one else's; a login right after is accepted", async () => {
    const cli = await login("alice");
    const web = await login("alice", "demo-web");
    const bob = await login("bob");
    for (const t of [cli, web, bob]) expect(await world.seenEverywhere(t.access_token)).toEqual(everywhere("accepted"));
    const res = await fetch(`${issuer()}/logout`, { method: "POST", headers: { authorization: `Bearer ${cli.access_token}` } });
    expect(res.status).toBe(204);
    await settles(cli.access_token, "revoked");
    await settles(web.access_token, "revoked");
    expect(await world.seenEverywhere(bob.access_token)).toEqual(everywhere("accepted"));
    const again = await login("alice");
    expect(await world.seenEverywhere(again.access_token)).toEqual(everywhere("accepted"));
  });

  it("logout with client_id (user_client scope): that app's tokens of the user only", async () => {
    const cli = await login("alice");
    const web = await login("alice", "demo-web");
    const res = await fetch(`${issuer()}/logout`, { method: "POST", headers: { authorization: `Bearer ${cli.access_token}` }, body: form({ client_id: "demo-web" }) });
    expect(res.status).toBe(204);
    await settles(web.access_token, "revoked");
    expect(await world.seenEverywhere(cli.access_token)).toEqual(everywhere("accepted"));
  });

  it("/revoke of a refresh token (grant scope): every access token of that login's chain, not another login's", async () => {
    const first = await login("bob");
    const other = await login("bob");
    const refreshed = await requestToken(issuer(), [["grant_type", "refresh_token"], ["refresh_token", first.refresh_token ?? ""]]);
    const res = await fetch(`${issuer()}/revoke`, { method: "POST", body: form({ token: refreshed.refresh_token ?? "", client_id: "demo-cli" }) });
    expect(res.status).toBe(200);
    await settles(first.access_token, "revoked");
    await settles(refreshed.access_token, "revoked");
    expect(await world.seenEverywhere(other.access_token)).toEqual(everywhere("accepted"));
  });

  it("/revoke of an access token (token scope): that token alone", async () => {
    const one = await login("bob");
    const two = await login("bob");
    const res = await fetch(`${issuer()}/revoke`, { method: "POST", body: form({ token: one.access_token, client_id: "demo-cli" }) });
    expect(res.status).toBe(200);
    await settles(one.access_token, "revoked");
    expect(await world.seenEverywhere(two.access_token)).toEqual(everywhere("accepted"));
  });

  it("admin client scope: every token of one application", async () => {
    const job = await requestToken(issuer(), reportingJobGrant());
    const alice = await login("alice");
    expect(await admin({ scope: "client", client_id: "reporting-job" })).toBe(204);
    await settles(job.access_token, "revoked");
    expect(await world.seenEverywhere(alice.access_token)).toEqual(everywhere("accepted"));
    const fresh = await requestToken(issuer(), reportingJobGrant());
    expect(await world.seenEverywhere(fresh.access_token)).toEqual(everywhere("accepted"));
  });

  it("combined scopes: the strictest wins, and a later login escapes only the scopes written before it", async () => {
    const before = await login("bob", "demo-web");
    expect(await admin({ scope: "user_client", sub: "bob", client_id: "demo-web" })).toBe(204);
    await settles(before.access_token, "revoked");
    const between = await login("bob", "demo-web");
    expect(await world.seenEverywhere(between.access_token)).toEqual(everywhere("accepted"));
    expect(await admin({ scope: "user", sub: "bob" })).toBe(204); // covers `between` too
    await settles(between.access_token, "revoked");
    const after = await login("bob", "demo-web");
    expect(await world.seenEverywhere(after.access_token)).toEqual(everywhere("accepted"));
  });
});

describe("emergency key withdrawal", () => {
  it("refuses everything the key signed everywhere (cached too), and the next key signs what comes after", async () => {
    const signedByFirst = await login("alice");
    expect(await world.seenEverywhere(signedByFirst.access_token)).toEqual(everywhere("accepted")); // cached
    const [first, second] = world.keys.keys;
    expect(await admin({ scope: "key", kid: first?.kid ?? "" })).toBe(204);
    await settles(signedByFirst.access_token, "revoked");
    const next = await login("alice");
    const kid = (JSON.parse(Buffer.from(next.access_token.split(".")[0] ?? "", "base64url").toString()) as { kid: string }).kid;
    expect(kid).toBe(second?.kid);
    expect(await world.seenEverywhere(next.access_token)).toEqual(everywhere("accepted"));
    expect(await admin({ scope: "key", kid: second?.kid ?? "" })).toBe(409); // the last key stays
  });
});

describe("Redis unreachable", () => {
  it("keeps answering from memory, then fails closed everywhere (503 / UNAVAILABLE, not ready), and recovers with nothing forgotten", async () => {
    const revokedBefore = await login("alice");
    const good = await login("bob", "demo-web");
    const res = await fetch(`${issuer()}/revoke`, { method: "POST", body: form({ token: revokedBefore.access_token, client_id: "demo-cli" }) });
    expect(res.status).toBe(200);
    await settles(revokedBefore.access_token, "revoked");
    await world.redis.kill();
    // Within REVOCATION_MAX_STALENESS: the state in memory still answers, both ways.
    expect(await world.seen("express", good.access_token)).toBe("accepted");
    expect(await world.seen("koa", revokedBefore.access_token)).toBe("revoked");
    // Past it: fail closed everywhere; a token that fails another check still gets its 401 first.
    await settles(good.access_token, "unavailable");
    // Readiness follows within the replica's status tick (1 s).
    for (const transport of TRANSPORTS) {
      await expect.poll(() => world.ready(transport), { timeout: 10_000 }).toBe(transport === "grpc" ? "NOT_SERVING" : 503);
    }
    expect(await world.seen("express", `${good.access_token}x`)).toMatch(/^other: 401/);
    await world.redis.restart();
    await settles(good.access_token, "accepted");
    await settles(revokedBefore.access_token, "revoked");
    for (const transport of TRANSPORTS) {
      await expect.poll(() => world.ready(transport), { timeout: 10_000 }).toBe(transport === "grpc" ? "SERVING" : 200);
    }
  }, 60_000 + STALENESS_SECONDS * 1000);
});


// Last in the file: it revokes every token issued until now, for every user and client.
describe("global (emergency) scope", () => {
  it("refuses every token issued before it on every transport, users' and clients' alike, and takes every token issued after", async () => {
    const alice = await login("alice");
    const bob = await login("bob", "demo-web");
    const job = await requestToken(issuer(), reportingJobGrant());
    for (const t of [alice, bob, job]) expect(await world.seenEverywhere(t.access_token)).toEqual(everywhere("accepted")); // cached
    expect(await admin({ scope: "global" })).toBe(204);
    for (const t of [alice, bob, job]) await settles(t.access_token, "revoked");
    const refresh = await fetch(`${issuer()}/token`, { method: "POST", body: form({ grant_type: "refresh_token", refresh_token: alice.refresh_token ?? "" }) });
    expect([refresh.status, ((await refresh.json()) as { error?: string }).error]).toEqual([400, "invalid_grant"]);
    const after = await login("alice");
    const jobAfter = await requestToken(issuer(), reportingJobGrant());
    for (const t of [after, jobAfter]) expect(await world.seenEverywhere(t.access_token)).toEqual(everywhere("accepted"));
  });
});
