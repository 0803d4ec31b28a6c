import { describe, expect, it } from "vitest";
import { PAGE_TOKEN_INVALID, parseOrderBody, parseOrderRequest, parsePageQuery, parsePageRequest } from "../src/order-input.js";

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

describe("paging", () => {
  const SIZE = "page_size must be an integer of 0 or more";
  // The contract's figures, written out: [name, page_size as HTTP sends it, as gRPC does, expected].
  const sizes: [string, string | undefined, number, number | string][] = [
    ["absent (gRPC: unset)", undefined, 0, 100],
    ["0: the default", "0", 0, 100],
    ["1", "1", 1, 1],
    ["99", "99", 99, 99],
    ["100: the largest", "100", 100, 100],
    ["101: lowered to 100", "101", 101, 100],
    ["the largest int32: lowered to 100", "2147483647", 2_147_483_647, 100],
    ["-1", "-1", -1, SIZE],
    ["the smallest int32", "-2147483648", -2_147_483_648, SIZE],
  ];
  const outcomeOf = (result: ReturnType<typeof parsePageQuery>): number | string =>
    result.ok ? result.value.pageSize : result.description;

  describe.each([
    ["parsePageQuery", (size: string | undefined) => parsePageQuery(size === undefined ? {} : { page_size: size })],
    ["parsePageRequest", (_http: string | undefined, size: number) => parsePageRequest({ page_size: size, page_token: "" })],
  ])("%s: page_size", (_name, parse) => {
    it.each(sizes)("%s", (_case, http, grpc, expected) => {
      expect(outcomeOf(parse(http, grpc))).toBe(expected);
    });
  });

  it.each([
    ["empty", ""],
    ["a fraction", "1.5"],
    ["an exponent", "1e2"],
    ["a sign", "+5"],
    ["hexadecimal", "0x10"],
    ["padded", " 5"],
    ["a word", "ten"],
    ["digits then text", "5a"],
    ["a non-ASCII digit", "٥"],
  ])("parsePageQuery refuses a page_size that is %s", (_name, size) => {
    expect(parsePageQuery({ page_size: size })).toEqual({ ok: false, description: SIZE });
  });

  it("parsePageQuery lowers a page_size too long for a number to 100", () => {
    expect(parsePageQuery({ page_size: "9".repeat(400) })).toEqual({ ok: true, value: { pageSize: 100, pageToken: "" } });
  });

  it.each([[1.5], [Number.NaN], [Number.POSITIVE_INFINITY], ["5"], [null]])(
    "parsePageRequest refuses a page_size of %j (not what a decoded int32 can be)",
    (size) => {
      expect(parsePageRequest({ page_size: size, page_token: "" })).toEqual({ ok: false, description: SIZE });
    },
  );

  it.each([
    ["page_size", { page_size: ["1", "2"] }],
    ["page_token", { page_token: ["a", "b"] }],
  ])("parsePageQuery refuses a repeated %s", (_name, query) => {
    expect(parsePageQuery(query)).toEqual({ ok: false, description: "page_size and page_token may each be given once" });
  });

  it("passes the token on undecoded (the store judges it) and ignores other parameters", () => {
    expect(parsePageQuery({ page_token: "abc", cache: "1" })).toEqual({ ok: true, value: { pageSize: 100, pageToken: "abc" } });
    expect(parsePageRequest({ page_size: 5, page_token: "abc" })).toEqual({ ok: true, value: { pageSize: 5, pageToken: "abc" } });
    expect(parsePageQuery({ page_token: "" })).toEqual({ ok: true, value: { pageSize: 100, pageToken: "" } });
  });

  it("refuses a token that is not a string with the token text", () => {
    expect(parsePageRequest({ page_size: 0, page_token: 5 })).toEqual({ ok: false, description: PAGE_TOKEN_INVALID });
  });

  it("refuses what is not a query or a message", () => {
    expect(parsePageQuery(null)).toEqual({ ok: false, description: "the query could not be read" });
    expect(parsePageRequest(undefined)).toEqual({ ok: false, description: "the request must be a ListOrdersRequest" });
  });

  it("reads a query object without a prototype, as querystring makes them", () => {
    const query: Record<string, string> = Object.create(null) as Record<string, string>;
    query.page_size = "7";
    expect(parsePageQuery(query)).toEqual({ ok: true, value: { pageSize: 7, pageToken: "" } });
  });
});
