// A token narrowed to one service's audience with an RFC 8707 `resource` at login (contract,
// "Access tokens") works there and nowhere else: the other two refuse it as not meant for them,
// also after the client renewed it once on their refusal (the renewal keeps the narrowing).
import { afterAll, describe, expect, inject, it } from "vitest";
import { ALICE, newClient } from "./support/clients.js";
import { claimsOf } from "./support/jwt.js";
import { refused } from "./support/labels.js";
import { resources, type Resources } from "./support/resources.js";
import { SERVICES, label, type Service } from "./support/verdict.js";
import { newWire } from "./support/wire.js";

const target = inject("target");
const AUDIENCES: Readonly<Record<Service, string>> = { express: "urn:demo:express", koa: "urn:demo:koa", grpc: "urn:demo:grpc" };
const opened: Resources[] = [];
afterAll(() => {
  for (const api of opened) api.close();
});

describe("a token narrowed to one audience", () => {
  it.each(SERVICES)("asked for %s's audience is accepted there and refused by the other two with invalid_token", async (home) => {
    const wire = newWire(target);
    const client = newClient(target, { wire });
    await client.loginWithPassword({ ...ALICE, resource: AUDIENCES[home] });
    const api = resources(target, client, wire);
    opened.push(api);
    for (const service of SERVICES) {
      const expected = service === home ? "ok" : refused("audience_invalid");
      expect(label(await api.me(service)), service).toBe(expected);
    }
    // Each refusing service saw the token twice: the client renewed it on the refusal and sent again.
    for (const service of SERVICES.filter((s) => s !== home)) {
      expect(wire.attempts.filter((a) => a.service === service).map((a) => a.ok), service).toEqual([false, false]);
    }
    // Every renewal kept the narrowing: each access token the issuer handed out has that audience alone.
    expect(wire.exchanges.length).toBeGreaterThan(1);
    for (const exchange of wire.exchanges) {
      expect(exchange.status).toBe(200);
      expect([claimsOf(exchange.accessToken ?? "").aud].flat()).toEqual([AUDIENCES[home]]);
    }
  });
});
