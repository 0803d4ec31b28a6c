// Refresh ahead of expiry (the client's README, "Refresh policy"; contract, "Revocation": refresh
// tokens rotate on every use, and an old one presented again after the grace window is refused and
// ends its whole grant). With a 4 s access token the client renews by itself, with the refresh
// grant, before any service sees an expired token; no call, retried or not, meets a 401.
import type { ClientEvent } from "@org/client";
import { describe, expect, it } from "vitest";
import { ALICE, loggedIn } from "./support/clients.js";
import { againstUrls } from "./support/env.js";
import { oauthError, refreshGrant } from "./support/issuer.js";
import { refused } from "./support/labels.js";
import { ownTopology } from "./support/own.js";
import { SETTLES } from "./support/poll.js";
import { newProbe, same } from "./support/probe.js";
import { resources } from "./support/resources.js";
import { SERVICES, label } from "./support/verdict.js";
import { newWire } from "./support/wire.js";

const TTL_SECONDS = 4;
/** The contract's ceiling on the rotation grace window, plus a margin. */
const PAST_GRACE_MS = 5_000 + 1_000;
/** Stop calling after this many renewals (and once the first rotated token is past its grace). */
const RENEWALS = 2;
/** Enough for the renewals on the slowest machine; reaching it fails the test. */
const LOOP_LIMIT_MS = 90_000;

const local = ownTopology({ env: { ACCESS_TOKEN_TTL: String(TTL_SECONDS) }, redis: "on" });

describe("refresh before expiry", () => {
  // Skipped against URLs: it needs the issuer's ACCESS_TOKEN_TTL set short, a setting of its process.
  it.skipIf(againstUrls())(
    "renews ahead of expiry with rotating refresh tokens, no call sees a 401, and a rotated refresh token is refused afterwards with invalid_grant (local topology only: sets ACCESS_TOKEN_TTL)",
    async () => {
      const { target } = local();
      const wire = newWire(target);
      const events: ClientEvent[] = [];
      const client = await loggedIn(target, ALICE, { wire, events });
      const api = resources(target, client, wire);
      const probe = newProbe(target);
      try {
        const refreshes = (): typeof wire.exchanges => wire.exchanges.filter((e) => e.grant === "refresh_token");
        const done = (): boolean => {
          const first = refreshes()[0];
          return refreshes().length >= RENEWALS && first !== undefined && Date.now() - first.at > PAST_GRACE_MS;
        };
        const deadline = Date.now() + LOOP_LIMIT_MS;
        while (!done()) {
          if (Date.now() > deadline) throw new Error(`only ${String(refreshes().length)} renewals in ${String(LOOP_LIMIT_MS)} ms`);
          for (const service of SERVICES) expect(label(await api.me(service)), service).toBe("ok");
        }

        // Below the client's own retries, every request was answered 2xx / OK: none met a 401.
        expect(wire.attempts.filter((a) => !a.ok)).toEqual([]);
        console.log(`refresh: ${String(wire.attempts.length)} calls, ${String(refreshes().length)} renewals, none refused`);
        // Every renewal was the client's own, by the refresh grant, never after a refusal.
        const renewals = events.filter((e) => e.type === "token" && e.reason !== "login");
        expect(renewals.length).toBe(refreshes().length);
        expect(renewals.every((e) => e.type === "token" && e.grant === "refresh_token" && e.reason !== "refused")).toBe(true);
        expect(renewals.some((e) => e.type === "token" && e.reason === "ahead")).toBe(true);
        // Each refresh presented the refresh token of the answer before it and got a new one.
        wire.exchanges.forEach((exchange, i) => {
          expect(exchange.status).toBe(200);
          if (i === 0) return;
          expect(exchange.presented).toBe(wire.exchanges[i - 1]?.refreshToken);
          expect(exchange.refreshToken).not.toBe(exchange.presented);
        });

        // The first refresh token, rotated more than the grace window ago, is refused: reuse.
        const rotated = wire.exchanges[0]?.refreshToken ?? "";
        expect(await refreshGrant(target, rotated)).toEqual(oauthError(400, "invalid_grant"));
        // Reuse detection ends the whole grant: the token the client holds now is refused everywhere.
        const current = wire.exchanges.at(-1)?.accessToken ?? "";
        await expect.poll(() => probe.everywhere(current), SETTLES).toEqual(same(refused("token_revoked")));
      } finally {
        api.close();
        probe.close();
      }
    },
    120_000,
  );
});
