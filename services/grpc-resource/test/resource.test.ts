import * as grpc from "@grpc/grpc-js";
import type { CreateOrderRequest, ListOrdersResponse, Me, Order } from "@org/proto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { START, invoke, startService, type Outcome, type Running } from "./helpers.js";

let svc: Running;

beforeAll(async () => {
  svc = await startService();
});
afterAll(async () => {
  await svc.stop();
});
beforeEach(() => {
  svc.clock.now = START;
});

const getMe = (token?: string): Promise<Outcome<Me>> =>
  invoke<Record<string, never>, Me>((r, md, cb) => svc.client.GetMe(r, md, cb), {}, token);
const listOrders = (token?: string): Promise<Outcome<ListOrdersResponse>> =>
  invoke<Record<string, never>, ListOrdersResponse>((r, md, cb) => svc.client.ListOrders(r, md, cb), {}, token);
const createOrder = (request: CreateOrderRequest, token?: string): Promise<Outcome<Order>> =>
  invoke<CreateOrderRequest, Order>((r, md, cb) => svc.client.CreateOrder(r, md, cb), request, token);

describe("GetMe", () => {
  it("answers who the token belongs to, with service grpc and the token's lifetime", async () => {
    const outcome = await getMe(await svc.mint("alice", "profile orders:read"));
    expect(outcome).toEqual({
      code: grpc.status.OK,
      details: "",
      value: { sub: "alice", client_id: "demo-cli", scope: ["profile", "orders:read"], service: "grpc" },
      expiresIn: ["300"],
    });
  });

  it("needs no particular scope", async () => {
    expect((await getMe(await svc.mint("bob", ""))).code).toBe(grpc.status.OK);
  });

  it("refuses a call without a token", async () => {
    expect(await getMe()).toMatchObject({ code: grpc.status.UNAUTHENTICATED, details: "No access token was provided" });
  });

  it("refuses a token narrowed to another service", async () => {
    const outcome = await getMe(await svc.mint("alice", "profile", "urn:demo:koa"));
    expect(outcome).toMatchObject({
      code: grpc.status.UNAUTHENTICATED,
      details: "The access token is not intended for this audience",
    });
  });

  it("refuses an expired token", async () => {
    const token = await svc.mint("alice", "profile");
    svc.clock.now += 301_000 + 5_000;
    expect((await getMe(token)).code).toBe(grpc.status.UNAUTHENTICATED);
  });
});

describe("orders", () => {
  it("creates an order owned by the caller and lists only the caller's own", async () => {
    const alice = await svc.mint("alice", "orders:read orders:write");
    const bob = await svc.mint("bob", "orders:read orders:write");
    const created = await createOrder({ item: "tea", quantity: 2 }, alice);
    expect(created.code).toBe(grpc.status.OK);
    expect(created.value).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/) as unknown,
      item: "tea",
      quantity: 2,
      owner: "alice",
      created_at: new Date(START).toISOString(),
    });
    await createOrder({ item: "coffee", quantity: 1 }, bob);
    const mine = await listOrders(alice);
    expect(mine.value?.orders).toEqual([created.value]);
    expect((await listOrders(bob)).value?.orders.map((o) => o.item)).toEqual(["coffee"]);
  });

  it("lists nothing for a caller without orders", async () => {
    expect((await listOrders(await svc.mint("carol", "orders:read"))).value).toEqual({ orders: [], next_page_token: "" });
  });

  const scopeCases: readonly (readonly [string, string, "list" | "create", grpc.status])[] = [
    ["ListOrders without orders:read", "profile orders:write", "list", grpc.status.PERMISSION_DENIED],
    ["ListOrders with orders:read", "orders:read", "list", grpc.status.OK],
    ["CreateOrder without orders:write", "profile orders:read", "create", grpc.status.PERMISSION_DENIED],
    ["CreateOrder with orders:write", "orders:write", "create", grpc.status.OK],
  ];

  it.each(scopeCases)("%s", async (_name, scope, rpc, expected) => {
    const token = await svc.mint("dave", scope);
    const outcome = rpc === "list" ? await listOrders(token) : await createOrder({ item: "pen", quantity: 1 }, token);
    expect(outcome.code).toBe(expected);
    // Authenticated either way, so the client learns how long the token has left.
    expect(outcome.expiresIn).toEqual(["300"]);
  });

  const invalid: readonly (readonly [string, CreateOrderRequest, string])[] = [
    ["an empty item", { item: "", quantity: 1 }, "item must be a non-empty string"],
    ["a blank item", { item: "   ", quantity: 1 }, "item must be a non-empty string"],
    ["an item of 201 characters", { item: "x".repeat(201), quantity: 1 }, "item must be at most 200 characters"],
    ["quantity 0 (also what an absent quantity decodes to)", { item: "tea", quantity: 0 }, "quantity must be an integer from 1 to 1000000"],
    ["a negative quantity", { item: "tea", quantity: -3 }, "quantity must be an integer from 1 to 1000000"],
    ["quantity 1 000 001", { item: "tea", quantity: 1_000_001 }, "quantity must be an integer from 1 to 1000000"],
  ];

  it.each(invalid)("refuses %s with INVALID_ARGUMENT and says why", async (_name, request, details) => {
    const token = await svc.mint("erin", "orders:read orders:write");
    expect(await createOrder(request, token)).toMatchObject({ code: grpc.status.INVALID_ARGUMENT, details });
    expect((await listOrders(token)).value?.orders).toEqual([]);
  });

  it("accepts the limits themselves", async () => {
    const token = await svc.mint("frank", "orders:write");
    expect((await createOrder({ item: "x".repeat(200), quantity: 1_000_000 }, token)).code).toBe(grpc.status.OK);
    expect((await createOrder({ item: "y", quantity: 1 }, token)).code).toBe(grpc.status.OK);
  });
});


describe("logs", () => {
  it("write one line per call with method, code and duration, and never a token", async () => {
    const before = svc.logs.entries("call").length;
    const token = await svc.mint("grace", "orders:read");
    await listOrders(token);
    await createOrder({ item: "tea", quantity: 1 }, token);
    const calls = svc.logs.entries("call").slice(before);
    expect(calls).toMatchObject([
      { method: "/demo.v1.Resource/ListOrders", grpc_code: 0, grpc_status: "OK", service: "grpc-resource" },
      { method: "/demo.v1.Resource/CreateOrder", grpc_code: 7, grpc_status: "PERMISSION_DENIED" },
    ]);
    for (const entry of calls) expect(entry.duration_ms).toBeTypeOf("number");
    expect(svc.logs.entries("token rejected").at(-1)).toMatchObject({ code: "scope_insufficient", grpc_code: 7 });
    const all = svc.logs.lines.join("\n");
    expect(all).not.toContain(token);
    expect(all).not.toContain(token.split(".")[2]);
    expect(all.toLowerCase()).not.toContain("bearer");
  });
});

describe("keys", () => {
  it("came from the JWKS server, fetched once and cached", () => {
    expect(svc.jwks.fetches()).toBe(1);
  });

  it("keep working once the issuer is gone", async () => {
    await svc.jwks.close();
    expect((await getMe(await svc.mint("alice", "profile"))).code).toBe(grpc.status.OK);
  });
});
