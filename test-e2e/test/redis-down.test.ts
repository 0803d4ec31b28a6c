// Redis unreachable (contract, "Revocation"; the resource services' REVOCATION_MAX_STALENESS and
// REVOCATION_FAIL_OPEN=false): for the staleness limit the services answer from the revocation state
// they hold, both ways; past it they fail closed (503 with Retry-After, gRPC UNAVAILABLE; /readyz and
// gRPC health not ready) while a token that fails another check still gets its 401; the issuer
// answers 503 temporarily_unavailable to logout, revocation and the refresh grant, without hanging.
// Redis restarted on the same port with its AOF: everything recovers by itself, no service
// restarted, and the revocation made before the outage still holds.
import { isClientError } from "@org/client";
import { describe, expect, it } from "vitest";
import { ALICE, loggedIn } from "./support/clients.js";
import { againstUrls } from "./support/env.js";
import { oauthError, refreshGrant } from "./support/issuer.js";
import { refused, unavailable } from "./support/labels.js";
import { ownTopology } from "./support/own.js";
import { SETTLES, elapsed } from "./support/poll.js";
import { newProbe, same } from "./support/probe.js";
import { readinessEverywhere } from "./support/readiness.js";
import { resources } from "./support/resources.js";
import { payloadByteChanged } from "./support/tamper.js";
import { SERVICES, label } from "./support/verdict.js";
import { newWire } from "./support/wire.js";

/**
 * Small, so the test passes the limit soon, yet roomy enough that the checks "within the limit",
 * made right after Redis stops, finish inside it on a loaded machine (the replica proves contact
 * at least once a second, so at most about one second of it has passed when Redis stops).
 */
const STALENESS_SECONDS = 6;
/** The issuer's own Redis commands are bounded (contract: 503 within 5 s); generous over that. */
const ISSUER_TIMEOUT_SECONDS = 30;

const local = ownTopology({ env: { REVOCATION_MAX_STALENESS: String(STALENESS_SECONDS) }, redis: "aof" });

describe("Redis down", () => {
  // Skipped against URLs: it stops and restarts the Redis process.
  it.skipIf(againstUrls())(
    "the services answer from memory within the staleness limit, then fail closed with 503 and not ready, the issuer answers 503 temporarily_unavailable, and all recover with the revocation kept once Redis is back (local topology only: stops Redis)",
    async () => {
      const { target, topology, redis } = local();
      if (redis === undefined) throw new Error("this scenario needs the topology's Redis");
      // maxRetries 0: the client hands a 503 back at once instead of waiting for Retry-After.
      const options = { maxRetries: 0, issuerTimeoutSeconds: ISSUER_TIMEOUT_SECONDS };
      const wire = newWire(target);
      const alice = await loggedIn(target, ALICE, { wire, options });
      const api = resources(target, alice, wire);
      const probe = newProbe(target);
      try {
        const token = await alice.accessToken();
        const pids = { ...topology.pids };
        // The revocation before the outage: alice's demo-web session ends.
        const web = await loggedIn(target, ALICE, { clientId: "demo-web", options });
        const webToken = await web.accessToken();
        await web.logout({ clientOnly: true });
        await expect.poll(() => probe.everywhere(webToken), SETTLES).toEqual(same(refused("token_revoked")));
        // Sessions whose logout, revocation and refresh are tried while Redis is down.
        const leaving = await loggedIn(target, ALICE, { options });
        const revoking = await loggedIn(target, ALICE, { options });
        const refreshWire = newWire(target);
        await loggedIn(target, ALICE, { wire: refreshWire, options });
        const refreshToken = refreshWire.exchanges[0]?.refreshToken ?? "";

        await redis.kill();
        const down = performance.now();
        // Within the limit: the state in memory answers, the good token passes, the revoked one does not.
        for (const service of SERVICES) expect(label(await api.me(service)), service).toBe("ok");
        expect(await probe.everywhere(webToken)).toEqual(same(refused("token_revoked")));

        // The issuer cannot persist a revocation or check a grant: 503, not a hang, nothing revoked.
        const logout = await leaving.logout().catch((e: unknown) => e);
        expect(isClientError(logout) && [logout.error, logout.status]).toEqual(["temporarily_unavailable", 503]);
        const revoke = await revoking.revoke().catch((e: unknown) => e);
        expect(isClientError(revoke) && [revoke.error, revoke.status]).toEqual(["temporarily_unavailable", 503]);
        expect(await refreshGrant(target, refreshToken)).toEqual(oauthError(503, "temporarily_unavailable"));

        // Past the limit: fail closed everywhere, not ready; another check's 401 still comes first.
        await expect.poll(() => probe.everywhere(token), SETTLES).toEqual(same(unavailable("revocation_unavailable")));
        console.log(`redis down: the services failed closed ${String(elapsed(down))} ms after Redis stopped (limit ${String(STALENESS_SECONDS)} s)`);
        for (const service of SERVICES) expect(label(await api.me(service)), service).toBe(unavailable("revocation_unavailable"));
        await expect.poll(() => readinessEverywhere(target), SETTLES).toEqual({ express: "not_ready", koa: "not_ready", grpc: "not_ready" });
        expect(await probe.everywhere(payloadByteChanged(token))).toEqual(same(refused("signature_invalid")));
        const body = await (await fetch(`${target.express}/me`, { headers: { authorization: `Bearer ${token}` } })).json();
        expect(body).toEqual({ error: "revocation_unavailable", error_description: "Revocation state is temporarily unavailable" });

        await redis.restart();
        const back = performance.now();
        await expect.poll(() => probe.everywhere(token), SETTLES).toEqual(same("ok"));
        console.log(`redis down: the services recovered ${String(elapsed(back))} ms after Redis was back`);
        expect(await probe.everywhere(webToken)).toEqual(same(refused("token_revoked")));
        await expect.poll(() => readinessEverywhere(target), SETTLES).toEqual({ express: "ready", koa: "ready", grpc: "ready" });
        for (const service of SERVICES) expect(label(await api.me(service)), service).toBe("ok");
        expect(topology.pids).toEqual(pids);
        // The issuer recovers by itself too (its Redis connections reconnect with a backoff), and the
        // refresh token refused during the outage was not used up.
        await expect.poll(async () => (await refreshGrant(target, refreshToken)).status, SETTLES).toBe(200);
      } finally {
        api.close();
        probe.close();
      }
    },
    120_000,
  );
});
