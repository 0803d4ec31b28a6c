import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixture, logSink, type Fixture, type LogSink } from "../fixtures.js";
import type { Running } from "../listen.js";
import type { HttpResourceService } from "./service.js";

/**
 * One log line per request with its id and subject, token rejections by code, and never a
 * token, Authorization header or cookie in the logs.
 *
 * @example
 * describeLogging(service);
 */
export function describeLogging(service: HttpResourceService): void {
  const { identity } = service;
  let setup: Fixture;
  let sink: LogSink;
  let server: Running;

  beforeAll(async () => {
    setup = await fixture(identity.audience);
    sink = logSink(identity.name);
    server = await service.start({ verifier: setup.verifier, logger: sink.logger, cookieName: "access_token" });
  });
  afterAll(async () => {
    await server.close();
  });

  const entries = (): Record<string, unknown>[] => sink.entries();

  describe("logs", () => {
    it("log each request with its id, and never a token, header or cookie", async () => {
      const good = await setup.token();
      const narrowed = await setup.token({ aud: "urn:demo:grpc" });
      const secretish = `${good}x`; // a bad signature
      await fetch(`${server.url}/me?access_token=${good}`, { headers: { authorization: `Bearer ${good}`, "x-request-id": "req-1" } });
      await fetch(`${server.url}/me`, { headers: { authorization: `Bearer ${narrowed}` } });
      await fetch(`${server.url}/me`, { headers: { authorization: `Bearer ${secretish}` } });
      await fetch(`${server.url}/me`, { headers: { cookie: `access_token=${good}` } });
      await fetch(`${server.url}/orders`, { method: "POST", headers: { cookie: `access_token=${good}` } });
      await fetch(`${server.url}/orders`, {
        method: "POST",
        headers: { authorization: `Bearer ${good}`, "content-type": "application/json" },
        body: `{"item": "${good}"`,
      });

      const text = sink.text();
      for (const secret of [good, narrowed, secretish]) {
        for (const part of secret.split(".")) expect(text).not.toContain(part);
      }
      expect(text.toLowerCase()).not.toContain("bearer");
      const requests = entries().filter((e) => e.msg === "request");
      expect(requests).toHaveLength(6);
      expect(requests[0]).toMatchObject({ reqId: "req-1", method: "GET", path: "/me", status: 200, sub: "alice" });
      expect(entries()).toContainEqual(expect.objectContaining({ msg: "token rejected", code: "audience_invalid" }));
      expect(entries()).toContainEqual(expect.objectContaining({ msg: "token rejected", code: "invalid_request" }));
    });
  });
}
