import { describe, expect, it } from "vitest";
import { parseOrderBody, parseOrderRequest } from "../src/index.js";

const ITEM = "item must be a non-empty string";
const LONG = "item must be at most 200 characters";
const QUANTITY = "quantity must be an integer from 1 to 1000000";

// Rules both transports share: [name, item, quantity, expected description or "ok"].
const rules: [string, unknown, unknown, string][] = [
  ["smallest", "a", 1, "ok"],
  ["largest", "x".repeat(200), 1_000_000, "ok"],
  ["item empty", "", 1, ITEM],
  ["item blank", "   ", 1, ITEM],
  ["item not a string", 5, 1, ITEM],
  ["item missing", undefined, 1, ITEM],
  ["item too long", "x".repeat(201), 1, LONG],
  ["quantity zero", "a", 0, QUANTITY],
  ["quantity negative", "a", -1, QUANTITY],
  ["quantity fractional", "a", 1.5, QUANTITY],
  ["quantity too big", "a", 1_000_001, QUANTITY],
  ["quantity a string", "a", "1", QUANTITY],
  ["quantity missing", "a", undefined, QUANTITY],
];
const outcome = (result: ReturnType<typeof parseOrderBody>): string => (result.ok ? "ok" : result.description);

describe.each([
  ["parseOrderBody", parseOrderBody],
  ["parseOrderRequest", parseOrderRequest],
])("%s", (_name, parse) => {
  it.each(rules)("%s", (_rule, item, quantity, expected) => {
    expect(outcome(parse({ item, quantity }))).toBe(expected);
  });

  it("returns only item and quantity", () => {
    expect(parse({ item: "tea", quantity: 3 })).toEqual({ ok: true, value: { item: "tea", quantity: 3 } });
  });
});

describe("parseOrderBody only", () => {
  it("refuses unknown fields, after the item and quantity rules", () => {
    expect(outcome(parseOrderBody({ item: "a", quantity: 1, owner: "bob" }))).toBe("only item and quantity are allowed");
    expect(outcome(parseOrderBody({ item: "", quantity: 1, owner: "bob" }))).toBe(ITEM);
  });

  it.each([[[]], [null], ["item"], [1]])("refuses %j as not a JSON object", (body) => {
    expect(outcome(parseOrderBody(body))).toBe("the body must be a JSON object {item, quantity}");
  });
});

describe("parseOrderRequest only", () => {
  it("refuses what is not a message", () => {
    expect(outcome(parseOrderRequest(null))).toBe("the request must be a CreateOrderRequest");
  });
});
