// Logging out (contract, "Revocation": POST /logout, and with form client_id one application only):
// every access token of the sessions it ends is refused by every service shortly after, their
// refresh tokens are refused by the issuer, and a login made afterwards works at once.
import { isClientError, type Client } from "@org/client";
import { afterAll, describe, expect, inject, it } from "vitest";
import { ALICE, loggedIn } from "./support/clients.js";
import { oauthError, refreshGrant } from "./support/issuer.js";
import { refused } from "./support/labels.js";
import { SETTLES, elapsed } from "./support/poll.js";
import { newProbe, same } from "./support/probe.js";
import { resources, type Resources } from "./support/resources.js";
import { SERVICES, label } from "./support/verdict.js";
import { newWire, type Wire } from "./support/wire.js";

const target = inject("target");
const probe = newProbe(target);
const opened: Resources[] = [];
afterAll(() => {
  probe.close();
  for (const api of opened) api.close();
});

/** A session of alice on `clientId`, its calls recorded, that has called all three services once. */
async function session(clientId: string): Promise<{ client: Client; api: Resources; wire: Wire }> {
  const wire = newWire(target);
  const client = await loggedIn(target, ALICE, { clientId, wire });
  const api = resources(target, client, wire);
  opened.push(api);
  for (const service of SERVICES) expect(label(await api.me(service)), `${clientId} on ${service}`).toBe("ok");
  return { client, api, wire };
}

/** The refresh token the client holds now: the last one the issuer gave it. */
function refreshTokenOf(wire: Wire): string {
  const token = wire.exchanges.findLast((e) => e.refreshToken !== undefined)?.refreshToken;
  if (token === undefined) throw new Error("the issuer gave this client no refresh token");
  return token;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

describe("logout", () => {
  it("everywhere: both of alice's sessions are refused by all three services, their refresh tokens too, and a new login works at once", async () => {
    const cli = await session("demo-cli");
    const web = await session("demo-web");
    const tokens = { cli: await cli.client.accessToken(), web: await web.client.accessToken() };
    const refreshTokens = { cli: refreshTokenOf(cli.wire), web: refreshTokenOf(web.wire) };

    await cli.client.logout();
    const start = performance.now();
    await expect.poll(() => probe.everywhere(tokens.cli), SETTLES).toEqual(same(refused("token_revoked")));
    await expect.poll(() => probe.everywhere(tokens.web), SETTLES).toEqual(same(refused("token_revoked")));
    console.log(`logout: both sessions refused by all three services ${String(elapsed(start))} ms after the 204`);

    expect(await refreshGrant(target, refreshTokens.cli)).toEqual(oauthError(400, "invalid_grant"));
    // demo-web does not know yet: its next call is refused, its renewal too, and the session ends.
    const ended = await rejection(web.api.me("express"));
    expect(isClientError(ended) && ended.error).toBe("invalid_grant");
    expect(await refreshGrant(target, refreshTokens.web, "demo-web")).toEqual(oauthError(400, "invalid_grant"));

    const again = await session("demo-cli"); // asserts ok on every service, with no wait
    expect(await probe.everywhere(await again.client.accessToken())).toEqual(same("ok"));
  });

  it("of one application only (client_id): demo-web's session is refused everywhere, demo-cli's keeps working", async () => {
    const cli = await session("demo-cli");
    const web = await session("demo-web");
    const webToken = await web.client.accessToken();
    const webRefresh = refreshTokenOf(web.wire);

    await web.client.logout({ clientOnly: true });
    await expect.poll(() => probe.everywhere(webToken), SETTLES).toEqual(same(refused("token_revoked")));
    expect(await refreshGrant(target, webRefresh, "demo-web")).toEqual(oauthError(400, "invalid_grant"));

    for (const service of SERVICES) expect(label(await cli.api.me(service)), service).toBe("ok");
    expect(await probe.everywhere(await cli.client.accessToken())).toEqual(same("ok"));
    expect(cli.wire.attempts.every((a) => a.ok)).toBe(true);
  });
});
