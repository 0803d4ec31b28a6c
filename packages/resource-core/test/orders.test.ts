import { describe, expect, it } from "vitest";
import { OrderStore } from "../src/index.js";

const NOW_MS = Date.UTC(2026, 10, 29, 1, 0, 0);

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
    expect(store.list("alice")).toEqual([first, second]);
    expect(store.list("carol")).toEqual([]);
  });

  it("hands out copies, so a caller cannot change what is stored", () => {
    const store = new OrderStore();
    const created = store.create("alice", { item: "tea", quantity: 1 });
    Object.assign(created, { quantity: 99 });
    const listed = store.list("alice");
    listed.pop();
    expect(store.list("alice")).toEqual([{ ...created, quantity: 1 }]);
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
});
