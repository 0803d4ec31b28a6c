import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { PAGE_TOKEN_INVALID } from "../src/order-input.js";
import { MAX_ORDERS_PER_OWNER, OrderLimitError, OrderStore, type Order, type OrderPage } from "../src/orders.js";
import { pageTokenAfter } from "../src/page-token.js";
import { RequestError } from "../src/request-error.js";

const NOW_MS = Date.UTC(2026, 10, 29, 1, 0, 0);

/** The page, or the test fails with the refusal. */
function pageOf(store: OrderStore, owner: string, pageSize = 100, pageToken = ""): OrderPage {
  const result = store.page(owner, { pageSize, pageToken });
  if (!result.ok) throw new Error(`refused: ${result.description}`);
  return result.value;
}

/** `count` orders for `owner`, item "1", "2", … in creation order. */
function fill(store: OrderStore, owner: string, count: number): Order[] {
  return Array.from({ length: count }, (_, i) => store.create(owner, { item: String(i + 1), quantity: 1 }));
}

/** Every page from the first with `pageSize`, following next_page_token until it is "". */
function walk(store: OrderStore, owner: string, pageSize: number): OrderPage[] {
  const pages = [pageOf(store, owner, pageSize)];
  for (let last = pages[0]; last !== undefined && last.next_page_token !== ""; ) {
    last = pageOf(store, owner, pageSize, last.next_page_token);
    pages.push(last);
  }
  return pages;
}

describe("OrderStore", () => {
  it("creates orders with a UUID, the owner and the clock's time, listed per owner oldest first", () => {
    const store = new OrderStore(() => NOW_MS);
    const first = store.create("alice", { item: "tea", quantity: 1 });
    const second = store.create("alice", { item: "cups", quantity: 2 });
    store.create("bob", { item: "book", quantity: 1 });
    expect(first).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/) as unknown,
      item: "tea",
      quantity: 1,
      owner: "alice",
      created_at: new Date(NOW_MS).toISOString(),
    });
    expect(first.id).not.toBe(second.id);
    expect(pageOf(store, "alice")).toEqual({ orders: [first, second], next_page_token: "" });
    expect(pageOf(store, "carol")).toEqual({ orders: [], next_page_token: "" });
  });

  it("hands out copies, so a caller cannot change what is stored", () => {
    const store = new OrderStore();
    const created = store.create("alice", { item: "tea", quantity: 1 });
    Object.assign(created, { quantity: 99 });
    const listed = pageOf(store, "alice");
    Object.assign(listed.orders[0] ?? {}, { quantity: 98 });
    listed.orders.pop();
    expect(pageOf(store, "alice").orders).toEqual([{ ...created, quantity: 1 }]);
  });
});

describe("OrderStore bound", () => {
  // The contract's figure, written out: the test fails if the store's cap drifts from it.
  const CAP = 1000;

  it("keeps at most 1000 orders per owner and refuses the 1001st", () => {
    const store = new OrderStore();
    for (let i = 0; i < CAP; i++) store.create("alice", { item: `item ${i}`, quantity: 1 });
    expect(() => store.create("alice", { item: "one too many", quantity: 1 })).toThrow();
    // Another owner is not affected by alice's full list.
    expect(() => store.create("bob", { item: "tea", quantity: 1 })).not.toThrow();
  });

  it("refuses with an OrderLimitError: 409, order_limit_reached, one fixed text; nothing is stored", () => {
    expect(MAX_ORDERS_PER_OWNER).toBe(CAP);
    const store = new OrderStore();
    const kept = fill(store, "alice", CAP);
    let refusal: unknown;
    try {
      store.create("alice", { item: "one too many", quantity: 1 });
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(OrderLimitError);
    expect(refusal).toBeInstanceOf(RequestError);
    expect(refusal).toMatchObject({
      status: 409,
      error: "order_limit_reached",
      description: "an owner may have at most 1000 orders",
    });
    // Still refused later: the bound is on what is held, not a rate.
    expect(() => store.create("alice", { item: "again", quantity: 1 })).toThrow(OrderLimitError);
    expect(walk(store, "alice", 100).flatMap((page) => page.orders)).toEqual(kept);
  });
});

describe("OrderStore paging", () => {
  it("answers an owner without orders with an empty last page", () => {
    expect(pageOf(new OrderStore(), "nobody")).toEqual({ orders: [], next_page_token: "" });
  });

  it.each([
    ["fewer than a page", 3, 100, [3]],
    ["exactly one page", 100, 100, [100]],
    ["one more than a page", 101, 100, [100, 1]],
    ["pages that divide evenly (no empty page at the end)", 21, 7, [7, 7, 7]],
    ["pages that do not", 50, 7, [7, 7, 7, 7, 7, 7, 7, 1]],
    ["one order per page", 3, 1, [1, 1, 1]],
    ["a full owner in the largest pages", 1000, 100, Array.from({ length: 10 }, () => 100)],
  ])("pages %s: %i orders by %i", (_name, count, pageSize, sizes) => {
    const store = new OrderStore();
    const all = fill(store, "alice", count);
    fill(store, "bob", 5);
    const pages = walk(store, "alice", pageSize);
    expect(pages.map((page) => page.orders.length)).toEqual(sizes);
    // Oldest first, each order once, only the owner's.
    expect(pages.flatMap((page) => page.orders)).toEqual(all);
    // A token on every page but the last, which says "" (AIP-158: the field is always there).
    expect(pages.map((page) => page.next_page_token === "")).toEqual(sizes.map((_, i) => i === sizes.length - 1));
  });

  it("keeps a token valid while the owner adds orders (append-only: the named order keeps its place)", () => {
    const store = new OrderStore();
    const first = fill(store, "alice", 101);
    const { next_page_token: token } = pageOf(store, "alice");
    const later = fill(store, "alice", 50);
    expect(pageOf(store, "alice", 100, token)).toEqual({ orders: [...first.slice(100), ...later], next_page_token: "" });
  });

  it("lets each page choose its own size", () => {
    const store = new OrderStore();
    const all = fill(store, "alice", 10);
    const one = pageOf(store, "alice", 3);
    const two = pageOf(store, "alice", 5, one.next_page_token);
    const three = pageOf(store, "alice", 100, two.next_page_token);
    expect([one, two, three].map((page) => page.orders)).toEqual([all.slice(0, 3), all.slice(3, 8), all.slice(8)]);
    expect(three.next_page_token).toBe("");
  });

  describe("refuses a token that is not a next_page_token of this owner's list in this store", () => {
    const store = new OrderStore();
    const alice = fill(store, "alice", 3);
    fill(store, "bob", 3);
    const real = pageOf(store, "alice", 1).next_page_token;
    const elsewhere = new OrderStore();
    const restarted = fill(elsewhere, "alice", 3);
    const flipped = (token: string, at: number): string =>
      token.slice(0, at) + (token[at] === "A" ? "B" : "A") + token.slice(at + 1);
    const bytes = Buffer.from(real, "base64url");
    // The last of 23 characters carries 4 bits of the token and 2 unused ones, zero in ours.
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const nonCanonical = real.slice(0, -1) + alphabet.charAt(alphabet.indexOf(real.slice(-1)) + 1);
    const version2 = Buffer.concat([Buffer.from([2]), bytes.subarray(1)]).toString("base64url");

    const bad: [string, string][] = [
      ["free text", "next"],
      ["a number (an offset)", "100"],
      ["the real token with one character changed", flipped(real, 10)],
      ["the real token cut short", real.slice(0, -1)],
      ["the real token with one character more", `${real}A`],
      ["the real token padded", `${real}=`],
      ["a non-canonical spelling of the same bytes (unused bits set)", nonCanonical],
      ["the same bytes in standard base64", bytes.toString("base64")],
      ["another version of the encoding", version2],
      ["a token naming an order of another owner (bob's list is always bob's)", pageTokenAfter(pageOf(store, "bob", 1).orders[0]?.id ?? "")],
      ["a token of the same owner in another store (another service, or before a restart)", pageTokenAfter(restarted[0]?.id ?? "")],
      ["a token naming an order nobody has", pageTokenAfter(randomUUID())],
      ["a very long one", "A".repeat(100_000)],
      ["spaces around the real token", ` ${real} `],
    ];
    it.each(bad)("%s", (_name, token) => {
      expect(store.page("alice", { pageSize: 100, pageToken: token })).toEqual({ ok: false, description: PAGE_TOKEN_INVALID });
    });

    it("and the real token still works (so the refusals above are about the token)", () => {
      expect(Buffer.from(nonCanonical, "base64url").equals(bytes)).toBe(true);
      expect(pageOf(store, "alice", 100, real).orders).toEqual(alice.slice(1));
      // The same token presented by bob: refused, it names none of bob's orders.
      expect(store.page("bob", { pageSize: 100, pageToken: real })).toEqual({ ok: false, description: PAGE_TOKEN_INVALID });
    });
  });

  it.each([[0], [101], [1.5], [-1], [Number.NaN]])("throws a TypeError for a page size of %d (the parsers never make one)", (pageSize) => {
    expect(() => new OrderStore().page("alice", { pageSize, pageToken: "" })).toThrow(TypeError);
  });
});
