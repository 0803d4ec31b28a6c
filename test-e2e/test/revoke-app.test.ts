// The revocation admin withdraws one client application (contract, "Revocation":
// POST /admin/revocations {"scope":"client"} as ops-console): every token of that application is
// refused everywhere, the same user's tokens on another application keep working, and the
// application's next login (issued after the revocation) is accepted.
import { isClientError } from "@org/client";
import { afterAll, describe, expect, inject, it } from "vitest";
import { ALICE, BOB, REPORTING_JOB, loggedIn } from "./support/clients.js";
import { adminRevoke, oauthError, refreshGrant } from "./support/issuer.js";
import { refused } from "./support/labels.js";
import { SETTLES } from "./support/poll.js";
import { newProbe, same } from "./support/probe.js";
import { resources, type Resources } from "./support/resources.js";
import { SERVICES, label } from "./support/verdict.js";
import { newWire } from "./support/wire.js";

const target = inject("target");
const probe = newProbe(target);
const opened: Resources[] = [];
afterAll(() => {
  probe.close();
  for (const api of opened) api.close();
});

describe("revoking one application", () => {
  it("refuses demo-web's tokens for every user everywhere while alice's demo-cli session keeps working", async () => {
    const webWire = newWire(target);
    const web = await loggedIn(target, ALICE, { clientId: "demo-web", wire: webWire });
    const bobWeb = await loggedIn(target, BOB, { clientId: "demo-web" });
    const cli = await loggedIn(target, ALICE);
    const webApi = resources(target, web, webWire);
    const cliApi = resources(target, cli);
    opened.push(webApi, cliApi);
    const tokens = { web: await web.accessToken(), bobWeb: await bobWeb.accessToken(), cli: await cli.accessToken() };
    for (const token of Object.values(tokens)) expect(await probe.everywhere(token)).toEqual(same("ok"));
    const webRefresh = webWire.exchanges.at(-1)?.refreshToken ?? "";

    expect(await adminRevoke(target, { scope: "client", client_id: "demo-web" })).toEqual({ status: 204, body: undefined });
    await expect.poll(() => probe.everywhere(tokens.web), SETTLES).toEqual(same(refused("token_revoked")));
    await expect.poll(() => probe.everywhere(tokens.bobWeb), SETTLES).toEqual(same(refused("token_revoked")));
    expect(await refreshGrant(target, webRefresh, "demo-web")).toEqual(oauthError(400, "invalid_grant"));
    const ended = await webApi.me("koa").catch((error: unknown) => error);
    expect(isClientError(ended) && ended.error).toBe("invalid_grant");

    for (const service of SERVICES) expect(label(await cliApi.me(service)), service).toBe("ok");
    expect(await probe.everywhere(tokens.cli)).toEqual(same("ok"));
    const webAgain = await loggedIn(target, ALICE, { clientId: "demo-web" });
    expect(await probe.everywhere(await webAgain.accessToken())).toEqual(same("ok"));
  });

  it("is the revocation admin's alone: another confidential client is refused with 403 unauthorized_client", async () => {
    const answer = await adminRevoke(target, { scope: "client", client_id: "demo-cli" }, REPORTING_JOB);
    expect(answer).toEqual(oauthError(403, "unauthorized_client"));
  });
});
