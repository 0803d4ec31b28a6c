import { Readiness } from "@org/service-kit";
import { TokenError } from "@org/token";
import { errorBody } from "@org/token-http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixture, logSink, NOW_MS, TTL, type Fixture } from "../fixtures.js";
import type { Running } from "../listen.js";
import { describeOrderBounds } from "./order-bounds.js";
import type { HttpResourceService } from "./service.js";

/**
 * The contract's routes: /healthz, /me, /orders with their scopes, body rules and error answers,
 * then the order bounds (the cap per owner and paging) on an instance of their own.
 *
 * @example
 * // test/routes.test.ts of a service
 * describeRoutes(service);
 */
export function describeRoutes(service: HttpResourceService): void {
  const { identity, bodyLimitBytes: BODY_LIMIT_BYTES } = service;
  let setup: Fixture;
  let server: Running;
  let alice: string;

  beforeAll(async () => {
    setup = await fixture(identity.audience);
    server = await service.start({ verifier: setup.verifier, logger: logSink(identity.name).logger });
    alice = await setup.token();
  });
  afterAll(async () => {
    await server.close();
  });

  function call(method: string, path: string, token?: string, body?: string, type = "application/json") {
    const headers: Record<string, string> = {};
    if (token !== undefined) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers["content-type"] = type;
    return fetch(`${server.url}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
  }

  describe("public routes", () => {
    it("answers GET /healthz with 200 and no token", async () => {
      const res = await call("GET", "/healthz");
      expect(res.status).toBe(200);
    });

    it("answers unknown routes and methods with a JSON 404, token or not", async () => {
      const answers = [
        await call("GET", "/nope"),
        await call("GET", "/nope", alice),
        await call("DELETE", "/orders", alice),
        await call("OPTIONS", "/me"),
      ];
      for (const res of answers) {
        expect(res.status).toBe(404);
        expect(res.headers.get("content-type")).toMatch(/^application\/json/);
        expect(await res.json()).toMatchObject({ error: "not_found" });
      }
    });

    it("answers GET /readyz with 200 when ready, 503 with the reason when not, 200 degraded", async () => {
      const readiness = new Readiness();
      const probe = await service.start({ verifier: setup.verifier, logger: logSink(identity.name).logger, readiness });
      try {
        const ready = await fetch(`${probe.url}/readyz`);
        expect(ready.status).toBe(200);
        expect(await ready.json()).toEqual({ status: "ready" });
        readiness.set("keys", { status: "not_ready", reason: "the issuer's signing keys are not loaded yet" });
        const notReady = await fetch(`${probe.url}/readyz`);
        expect(notReady.status).toBe(503);
        expect(notReady.headers.get("cache-control")).toBe("no-store");
        expect(await notReady.json()).toEqual({ status: "not_ready", reason: "the issuer's signing keys are not loaded yet" });
        expect((await fetch(`${probe.url}/healthz`)).status).toBe(200); // liveness is another question
        readiness.set("keys", { status: "degraded", reason: "failing open" });
        const degraded = await fetch(`${probe.url}/readyz`);
        expect(degraded.status).toBe(200);
        expect(await degraded.json()).toEqual({ status: "degraded", reason: "failing open" });
      } finally {
        await probe.close();
      }
    });

    it("sends a request id back", async () => {
      const res = await call("GET", "/healthz");
      expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    });
  });

  describe("GET /me", () => {
    it("describes the token and names the service", async () => {
      const res = await call("GET", "/me", alice);
      expect(res.status).toBe(200);
      expect(res.headers.get("token-expires-in")).toBe(String(TTL));
      expect(await res.json()).toEqual({
        sub: "alice",
        client_id: "demo-cli",
        scope: ["profile", "orders:read", "orders:write"],
        service: identity.service,
      });
    });

    it("answers no token with 401 and the bare challenges: Bearer first, then DPoP", async () => {
      const res = await call("GET", "/me");
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toBe(`Bearer realm="${identity.service}", DPoP realm="${identity.service}", algs="EdDSA ES256"`);
      expect(await res.json()).toEqual(errorBody(new TokenError("token_missing")));
    });

    it("answers a token narrowed to another service with 401 invalid_token", async () => {
      const res = await call("GET", "/me", await setup.token({ aud: "urn:demo:grpc" }));
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toContain('error="invalid_token"');
      expect(await res.json()).toEqual(errorBody(new TokenError("audience_invalid")));
    });
  });

  describe("orders", () => {
    it("needs orders:read to list and orders:write to create", async () => {
      const profileOnly = await setup.token({ scope: "profile" });
      const list = await call("GET", "/orders", profileOnly);
      expect(list.status).toBe(403);
      expect(list.headers.get("www-authenticate")).toContain('scope="orders:read"');
      expect(list.headers.get("token-expires-in")).toBe(String(TTL));
      const readOnly = await setup.token({ scope: "orders:read" });
      const create = await call("POST", "/orders", readOnly, JSON.stringify({ item: "book", quantity: 1 }));
      expect(create.status).toBe(403);
      expect(create.headers.get("www-authenticate")).toContain('scope="orders:write"');
      expect(await create.json()).toEqual(errorBody(new TokenError("scope_insufficient", { scope: "orders:write" })));
    });

    it("creates an order and lists only the caller's own", async () => {
      const carol = await setup.token({ sub: "carol" });
      const dave = await setup.token({ sub: "dave" });
      const res = await call("POST", "/orders", carol, JSON.stringify({ item: "tea", quantity: 3 }));
      expect(res.status).toBe(201);
      expect(res.headers.get("token-expires-in")).toBe(String(TTL));
      const order = (await res.json()) as Record<string, unknown>;
      expect(order.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(order).toEqual({
        id: order.id,
        item: "tea",
        quantity: 3,
        owner: "carol",
        created_at: new Date(NOW_MS).toISOString(),
      });
      expect(await (await call("GET", "/orders", carol)).json()).toEqual({ orders: [order], next_page_token: "" });
      expect(await (await call("GET", "/orders", dave)).json()).toEqual({ orders: [], next_page_token: "" });
    });

    const invalid: [string, string, string][] = [
      ["empty object", "{}", "item must be a non-empty string"],
      ["item missing", '{"quantity":1}', "item must be a non-empty string"],
      ["item empty", '{"item":"","quantity":1}', "item must be a non-empty string"],
      ["item blank", '{"item":"   ","quantity":1}', "item must be a non-empty string"],
      ["item not a string", '{"item":5,"quantity":1}', "item must be a non-empty string"],
      ["item too long", JSON.stringify({ item: "x".repeat(201), quantity: 1 }), "item must be at most 200 characters"],
      ["quantity missing", '{"item":"a"}', "quantity must be an integer from 1 to 1000000"],
      ["quantity zero", '{"item":"a","quantity":0}', "quantity must be an integer from 1 to 1000000"],
      ["quantity negative", '{"item":"a","quantity":-1}', "quantity must be an integer from 1 to 1000000"],
      ["quantity fractional", '{"item":"a","quantity":1.5}', "quantity must be an integer from 1 to 1000000"],
      ["quantity too big", '{"item":"a","quantity":1000001}', "quantity must be an integer from 1 to 1000000"],
      ["quantity a string", '{"item":"a","quantity":"1"}', "quantity must be an integer from 1 to 1000000"],
      ["unknown field", '{"item":"a","quantity":1,"owner":"bob"}', "only item and quantity are allowed"],
      ["an array", "[]", "the body must be a JSON object {item, quantity}"],
      ["not JSON", '{"item":', "the request body is not valid JSON"],
      ["a bare string", '"item"', "the request body is not valid JSON"],
    ];
    it.each(invalid)("refuses %s with 400 invalid_request", async (_name, body, description) => {
      const res = await call("POST", "/orders", alice, body);
      expect(res.status).toBe(400);
      expect(res.headers.get("token-expires-in")).toBe(String(TTL));
      expect(await res.json()).toEqual({ error: "invalid_request", error_description: description });
    });

    it("accepts the largest valid order", async () => {
      const res = await call("POST", "/orders", alice, JSON.stringify({ item: "x".repeat(200), quantity: 1_000_000 }));
      expect(res.status).toBe(201);
    });

    it("refuses a body that is not JSON content", async () => {
      const res = await call("POST", "/orders", alice, "item=a&quantity=1", "application/x-www-form-urlencoded");
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({
        error: "invalid_request",
        error_description: "the body must be a JSON object {item, quantity}",
      });
    });

    it(`refuses a body over ${BODY_LIMIT_BYTES} bytes with 413`, async () => {
      const body = JSON.stringify({ item: "a", quantity: 1, pad: "x".repeat(BODY_LIMIT_BYTES) });
      const res = await call("POST", "/orders", alice, body);
      expect(res.status).toBe(413);
      expect(await res.json()).toEqual({
        error: "invalid_request",
        error_description: `the request body must be at most ${BODY_LIMIT_BYTES} bytes`,
      });
    });

    it("refuses an oversized body sent without Content-Length with 413", async () => {
      const chunk = new TextEncoder().encode(`{"item":"a","quantity":1,"pad":"${"x".repeat(4096)}`);
      let sent = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          // Stops on its own well past the limit, whether or not the server reads that far.
          if (sent++ < 8) controller.enqueue(chunk);
          else controller.close();
        },
      });
      const res = await fetch(`${server.url}/orders`, {
        method: "POST",
        headers: { authorization: `Bearer ${alice}`, "content-type": "application/json" },
        body,
        duplex: "half",
      });
      expect(res.status).toBe(413);
    });

    it("refuses a compressed body with 415", async () => {
      const res = await fetch(`${server.url}/orders`, {
        method: "POST",
        headers: { authorization: `Bearer ${alice}`, "content-type": "application/json", "content-encoding": "gzip" },
        body: "{}",
      });
      expect(res.status).toBe(415);
    });

    it("checks the token before reading the body", async () => {
      const res = await call("POST", "/orders", undefined, "x".repeat(BODY_LIMIT_BYTES * 2));
      expect(res.status).toBe(401);
    });
  });

  describeOrderBounds(service);
}
