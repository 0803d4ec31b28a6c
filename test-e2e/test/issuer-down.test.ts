// The issuer down (contract, "Starting it": decoupled verification): the resource services keep
// verifying the tokens already issued, the client keeps its valid token while a renewal fails and
// then reports the documented network_error, not a hang; once the issuer is back, logins and the
// same client's renewal work again. The client's clock is the only thing faked: moving it ahead
// makes the client want a renewal while the token is still good for the services.
import { isClientError, type ClientEvent } from "@org/client";
import { describe, expect, it } from "vitest";
import { ALICE, loggedIn } from "./support/clients.js";
import { againstUrls } from "./support/env.js";
import { ownTopology } from "./support/own.js";
import { readinessEverywhere } from "./support/readiness.js";
import { resources, type Resources } from "./support/resources.js";
import { SERVICES, label } from "./support/verdict.js";
import { newWire } from "./support/wire.js";

/** The issuer's default access token lifetime (the topology sets none). */
const TTL_MS = 300_000;
const local = ownTopology({ redis: "off" });

async function everyServiceOk(api: Resources): Promise<void> {
  for (const service of SERVICES) expect(label(await api.me(service)), service).toBe("ok");
}

describe("issuer down", () => {
  // Skipped against URLs: it stops and relaunches the issuer process.
  it.skipIf(againstUrls())(
    "the services keep verifying existing tokens, the client's renewal fails with network_error and not a hang, and after a relaunch new logins work (local topology only: stops the issuer)",
    async () => {
      const { target, topology } = local();
      let clientTimeMs = 0;
      const events: ClientEvent[] = [];
      const wire = newWire(target);
      const client = await loggedIn(target, ALICE, { wire, events, options: { clock: () => Date.now() + clientTimeMs } });
      const api = resources(target, client, wire);
      try {
        await everyServiceOk(api);

        await topology.stopService("issuer");
        await everyServiceOk(api);
        expect(await readinessEverywhere(target)).toEqual({ express: "ready", koa: "ready", grpc: "ready" });

        // Inside the refresh-ahead window: the renewal fails, the token still valid stays in use.
        clientTimeMs = TTL_MS - 10_000;
        await everyServiceOk(api);
        const failed = events.filter((e) => e.type === "renew_failed");
        expect(failed.length).toBeGreaterThan(0);
        expect(failed.every((e) => e.keptCurrent && e.error.error === "network_error")).toBe(true);

        // Past expiry (for the client): the failure is thrown, on HTTP and on gRPC before the call is sent.
        clientTimeMs = TTL_MS + 1_000;
        const error = await client.accessToken().catch((e: unknown) => e);
        expect(isClientError(error) && [error.error, error.temporary]).toEqual(["network_error", true]);
        const fetchError = await api.me("koa").catch((e: unknown) => e);
        expect(isClientError(fetchError) && fetchError.error).toBe("network_error");
        const sent = wire.attempts.length;
        expect(await api.me("grpc")).toEqual({ kind: "unavailable", description: expect.stringContaining("network_error") as unknown });
        expect(wire.attempts.slice(sent)).toEqual([{ service: "grpc", ok: false, status: "UNAVAILABLE", kid: undefined }]);

        await topology.relaunch("issuer");
        const fresh = resources(target, await loggedIn(target, ALICE));
        try {
          await everyServiceOk(fresh);
        } finally {
          fresh.close();
        }
        await everyServiceOk(api); // the same client renews by itself now
        expect(events.at(-1)).toEqual({ type: "token", grant: "refresh_token", reason: "expired", expiresIn: TTL_MS / 1000 });
      } finally {
        api.close();
      }
    },
    90_000,
  );
});
