import * as grpc from "@grpc/grpc-js";
import type { ListOrdersRequest, ListOrdersResponse, Order } from "@org/proto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { invoke, startService, type Outcome, type Running } from "./helpers.js";

// The contract's figures, written out: the tests check the service against the contract.
const MAX_ORDERS_PER_OWNER = 1000;
const PAGE_SIZE_INVALID = "page_size must be an integer of 0 or more";
const PAGE_TOKEN_INVALID = "page_token is not a next_page_token of this list";
// Calls in flight while filling an owner to the cap.
const FILL_CONCURRENCY = 8;

// Two instances: `svc` under test, `other` standing for another instance or a restart.
let svc: Running;
let other: Running;
beforeAll(async () => {
  [svc, other] = await Promise.all([startService(), startService()]);
});
afterAll(async () => {
  await Promise.all([svc.stop(), other.stop()]);
});

const list = (token: string, request: Partial<ListOrdersRequest> = {}, at = svc): Promise<Outcome<ListOrdersResponse>> =>
  invoke<Partial<ListOrdersRequest>, ListOrdersResponse>((r, md, cb) => at.client.ListOrders(r, md, cb), request, token);
const create = (token: string, item: string, at = svc): Promise<Outcome<Order>> =>
  invoke<{ item: string; quantity: number }, Order>((r, md, cb) => at.client.CreateOrder(r, md, cb), { item, quantity: 1 }, token);

async function pageOf(token: string, request: Partial<ListOrdersRequest> = {}, at = svc): Promise<ListOrdersResponse> {
  const outcome = await list(token, request, at);
  expect(outcome.details).toBe("");
  if (outcome.value === undefined) throw new Error(`ListOrders failed with ${String(outcome.code)}`);
  return outcome.value;
}

/** `count` orders one after the other; their ids in creation order. */
async function fillInOrder(token: string, count: number, at = svc): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const outcome = await create(token, `order ${i + 1}`, at);
    if (outcome.value === undefined) throw new Error(`CreateOrder failed with ${String(outcome.code)}`);
    ids.push(outcome.value.id);
  }
  return ids;
}

async function walk(token: string, pageSize: number): Promise<ListOrdersResponse[]> {
  const pages = [await pageOf(token, { page_size: pageSize })];
  for (let last = pages.at(-1); last !== undefined && last.next_page_token !== ""; last = pages.at(-1)) {
    pages.push(await pageOf(token, { page_size: pageSize, page_token: last.next_page_token }));
  }
  return pages;
}
const idsOf = (pages: ListOrdersResponse[]): string[] => pages.flatMap((page) => page.orders.map((order) => order.id));

describe("ListOrders pages", () => {
  let pager: string;
  let created: string[];
  beforeAll(async () => {
    pager = await svc.mint("pager", "orders:read orders:write");
    created = await fillInOrder(pager, 101);
  });

  it("answers an owner without orders with an empty page and next_page_token \"\"", async () => {
    expect(await pageOf(await svc.mint("nobody", "orders:read"))).toEqual({ orders: [], next_page_token: "" });
  });

  it("gives a client that sends {} the first 100, oldest first, then the rest with the token", async () => {
    const first = await pageOf(pager);
    expect(first.orders.map((order) => order.id)).toEqual(created.slice(0, 100));
    expect(first.next_page_token).toMatch(/^[A-Za-z0-9_-]+$/);
    const last = await pageOf(pager, { page_token: first.next_page_token });
    expect(last.orders.map((order) => order.id)).toEqual(created.slice(100));
    expect(last.next_page_token).toBe("");
  });

  it.each([
    ["0 (the default)", 0, 100],
    ["1", 1, 1],
    ["100", 100, 100],
    ["101 (lowered to 100)", 101, 100],
    ["the largest int32 (lowered to 100)", 2_147_483_647, 100],
  ])("takes page_size %s", async (_name, size, expected) => {
    const page = await pageOf(pager, { page_size: size });
    expect(page.orders.map((order) => order.id)).toEqual(created.slice(0, expected));
    expect(page.next_page_token).not.toBe("");
  });

  it("walks the whole list in pages of 40: 40, 40, 21, each order once, the last token \"\"", async () => {
    const pages = await walk(pager, 40);
    expect(pages.map((page) => page.orders.length)).toEqual([40, 40, 21]);
    expect(idsOf(pages)).toEqual(created);
    expect(pages.map((page) => page.next_page_token === "")).toEqual([false, false, true]);
  });

  it.each([[-1], [-2_147_483_648]])("refuses page_size %i with INVALID_ARGUMENT", async (size) => {
    expect(await list(pager, { page_size: size })).toMatchObject({
      code: grpc.status.INVALID_ARGUMENT,
      details: PAGE_SIZE_INVALID,
      expiresIn: ["300"],
    });
  });

  describe("refuses a page token that is not a next_page_token of the caller's list here, with INVALID_ARGUMENT", () => {
    const tokens: [string, () => Promise<string>][] = [
      ["free text", () => Promise.resolve("next")],
      ["an offset", () => Promise.resolve("100")],
      [
        "a real one with a character changed",
        async () => {
          const real = (await pageOf(pager, { page_size: 1 })).next_page_token;
          return real.slice(0, 10) + (real[10] === "A" ? "B" : "A") + real.slice(11);
        },
      ],
      [
        "another owner's (the list is always the caller's own)",
        async () => {
          const bob = await svc.mint("bob-pager", "orders:read orders:write");
          await fillInOrder(bob, 2);
          return (await pageOf(bob, { page_size: 1 })).next_page_token;
        },
      ],
      [
        "one from another instance of the service (or before a restart)",
        async () => {
          const elsewhere = await other.mint("pager", "orders:read orders:write");
          await fillInOrder(elsewhere, 2, other);
          return (await pageOf(elsewhere, { page_size: 1 }, other)).next_page_token;
        },
      ],
      ["a very long one", () => Promise.resolve("A".repeat(4000))],
    ];
    it.each(tokens)("%s", async (_name, make) => {
      const token = await make();
      expect(token).not.toBe("");
      expect(await list(pager, { page_token: token })).toMatchObject({
        code: grpc.status.INVALID_ARGUMENT,
        details: PAGE_TOKEN_INVALID,
      });
    });
  });
});

describe(`at most ${MAX_ORDERS_PER_OWNER} orders per owner`, () => {
  // A thousand real calls: given far more time than they need on an idle machine.
  it("refuses the 1001st with FAILED_PRECONDITION, and still lists all 1000 in 10 pages", { timeout: 180_000 }, async () => {
    const filler = await svc.mint("filler", "orders:read orders:write");
    let started = 0;
    await Promise.all(
      Array.from({ length: FILL_CONCURRENCY }, async () => {
        while (started < MAX_ORDERS_PER_OWNER) {
          started += 1;
          expect((await create(filler, `order ${started}`)).code).toBe(grpc.status.OK);
        }
      }),
    );
    expect(await create(filler, "one too many")).toEqual({
      code: grpc.status.FAILED_PRECONDITION,
      details: `an owner may have at most ${MAX_ORDERS_PER_OWNER} orders`,
      value: undefined,
      expiresIn: ["300"],
    });
    const pages = await walk(filler, 100);
    expect(pages.map((page) => page.orders.length)).toEqual(Array.from({ length: 10 }, () => 100));
    expect(new Set(idsOf(pages)).size).toBe(MAX_ORDERS_PER_OWNER);
    expect(pages.at(-1)?.next_page_token).toBe("");
    expect((await create(await svc.mint("not-full", "orders:write"), "tea")).code).toBe(grpc.status.OK);
    // A refusal, not a failure: logged as the call's status, never as a handler error.
    expect(svc.logs.entries("call").some((entry) => entry.grpc_status === "FAILED_PRECONDITION")).toBe(true);
    expect(svc.logs.entries("handler failed")).toEqual([]);
  });
});
