import { TokenError } from "@org/token";
import { errorBody } from "@org/token-http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixture, logSink, TTL, type Fixture } from "../fixtures.js";
import type { Running } from "../listen.js";
import type { HttpResourceService } from "./service.js";

/**
 * TOKEN_COOKIE wiring: the cookie alone on GET, X-Requested-With on POST, never with an
 * Authorization header, off when unset.
 *
 * @example
 * describeCookie(service);
 */
export function describeCookie(service: HttpResourceService): void {
  const { identity } = service;
  let setup: Fixture;
  let server: Running;
  let plain: Running;
  let cookie: string;

  beforeAll(async () => {
    setup = await fixture(identity.audience);
    server = await service.start({ verifier: setup.verifier, logger: logSink(identity.name).logger, cookieName: "access_token" });
    plain = await service.start({ verifier: setup.verifier, logger: logSink(identity.name).logger });
    cookie = `access_token=${await setup.token()}`;
  });
  afterAll(async () => {
    await Promise.all([server.close(), plain.close()]);
  });

  const order = JSON.stringify({ item: "cookie jar", quantity: 1 });

  describe("TOKEN_COOKIE", () => {
    it("accepts the cookie alone on GET", async () => {
      const res = await fetch(`${server.url}/me`, { headers: { cookie } });
      expect(res.status).toBe(200);
      expect(res.headers.get("token-expires-in")).toBe(String(TTL));
    });

    it("needs X-Requested-With on POST", async () => {
      const headers = { cookie, "content-type": "application/json" };
      const refused = await fetch(`${server.url}/orders`, { method: "POST", headers, body: order });
      expect(refused.status).toBe(400);
      expect(await refused.json()).toEqual(errorBody(new TokenError("invalid_request")));
      const accepted = await fetch(`${server.url}/orders`, {
        method: "POST",
        headers: { ...headers, "x-requested-with": "fetch" },
        body: order,
      });
      expect(accepted.status).toBe(201);
    });

    it("refuses the cookie together with an Authorization header", async () => {
      const res = await fetch(`${server.url}/me`, { headers: { cookie, authorization: `Bearer ${await setup.token()}` } });
      expect(res.status).toBe(400);
    });

    it("is off when TOKEN_COOKIE is unset", async () => {
      const res = await fetch(`${plain.url}/me`, { headers: { cookie } });
      expect(res.status).toBe(401);
    });
  });
}
