import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixture, logSink, TTL, type Fixture } from "../fixtures.js";
import type { Running } from "../listen.js";
import type { HttpResourceService } from "./service.js";

// The contract's figures, written out here rather than imported: the suite checks the service
// against the contract, so a bound that drifts in the code fails it.
const MAX_ORDERS_PER_OWNER = 1000;
const DEFAULT_PAGE_SIZE = 100;
const PAGE_SIZE_INVALID = "page_size must be an integer of 0 or more";
const PAGE_TOKEN_INVALID = "page_token is not a next_page_token of this list";
// Orders created at once while filling an owner to the cap: enough to be quick, few enough for
// a loaded machine.
const FILL_CONCURRENCY = 8;

interface Order {
  readonly id: string;
  readonly owner: string;
}
interface Page {
  readonly orders: Order[];
  readonly next_page_token: string;
}

/**
 * The order bounds of the contract over real HTTP: at most 1000 orders per owner (409 beyond)
 * and `GET /orders` in pages (`page_size`, `page_token`, `next_page_token`, Google AIP-158).
 * Starts its own instance of the service, so every owner's list is known, plus a second one to
 * stand for another instance or a restart.
 *
 * @example
 * describeOrderBounds(service); // describeRoutes runs it
 */
export function describeOrderBounds(service: HttpResourceService): void {
  describe("order bounds", () => {
    orderBounds(service);
  });
}

function orderBounds(service: HttpResourceService): void {
  const { identity } = service;
  let setup: Fixture;
  let server: Running;
  let other: Running;

  beforeAll(async () => {
    setup = await fixture(identity.audience);
    const options = { verifier: setup.verifier, logger: logSink(identity.name).logger };
    server = await service.start(options);
    other = await service.start(options);
  });
  afterAll(async () => {
    await Promise.all([server.close(), other.close()]);
  });

  const tokenOf = (sub: string): Promise<string> => setup.token({ sub });
  const get = async (token: string, query = "", at: Running = server): Promise<Response> =>
    fetch(`${at.url}/orders${query}`, { headers: { authorization: `Bearer ${token}` } });
  const create = (token: string, item: string, at: Running = server): Promise<Response> =>
    fetch(`${at.url}/orders`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ item, quantity: 1 }),
    });
  async function pageAt(token: string, query = "", at: Running = server): Promise<Page> {
    const res = await get(token, query, at);
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as Page;
  }
  /** Creates `count` orders one after the other and returns their ids in creation order. */
  async function fillInOrder(token: string, count: number, at: Running = server): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const res = await create(token, `order ${i + 1}`, at);
      expect(res.status).toBe(201);
      ids.push(((await res.json()) as Order).id);
    }
    return ids;
  }
  /** Every page from the first, `page_size` as given, until next_page_token is "". */
  async function walk(token: string, pageSize: string): Promise<Page[]> {
    const pages = [await pageAt(token, `?page_size=${pageSize}`)];
    for (let last = pages.at(-1); last !== undefined && last.next_page_token !== ""; last = pages.at(-1)) {
      pages.push(await pageAt(token, `?page_size=${pageSize}&page_token=${encodeURIComponent(last.next_page_token)}`));
    }
    return pages;
  }
  const ids = (pages: Page[]): string[] => pages.flatMap((page) => page.orders.map((order) => order.id));

  describe("GET /orders pages", () => {
    let pager: string;
    let created: string[];
    beforeAll(async () => {
      pager = await tokenOf("pager");
      created = await fillInOrder(pager, DEFAULT_PAGE_SIZE + 1);
    });

    it("answers an owner without orders with an empty page and next_page_token \"\"", async () => {
      expect(await pageAt(await tokenOf("nobody"))).toEqual({ orders: [], next_page_token: "" });
    });

    it("gives a client that sends no paging parameters the first 100, oldest first, then the rest", async () => {
      const first = await pageAt(pager);
      expect(first.orders.map((order) => order.id)).toEqual(created.slice(0, 100));
      // URL-safe, so it can be sent back as it is (AIP-158).
      expect(first.next_page_token).toMatch(/^[A-Za-z0-9_-]+$/);
      const last = await pageAt(pager, `?page_token=${first.next_page_token}`);
      expect(last).toEqual({ orders: [expect.objectContaining({ id: created[100], owner: "pager" })], next_page_token: "" });
    });

    it.each([
      ["0 (the default)", "0", 100],
      ["1", "1", 1],
      ["100", "100", 100],
      ["101 (lowered to 100)", "101", 100],
      ["a million (lowered to 100)", "1000000", 100],
    ])("takes page_size %s", async (_name, size, expected) => {
      const page = await pageAt(pager, `?page_size=${size}`);
      expect(page.orders.map((order) => order.id)).toEqual(created.slice(0, expected));
      expect(page.next_page_token).not.toBe("");
    });

    it("walks the whole list in pages of 40: 40, 40, 21, each order once, the last token \"\"", async () => {
      const pages = await walk(pager, "40");
      expect(pages.map((page) => page.orders.length)).toEqual([40, 40, 21]);
      expect(ids(pages)).toEqual(created);
      expect(pages.map((page) => page.next_page_token === "")).toEqual([false, false, true]);
    });

    it.each([
      ["a negative page_size", "?page_size=-1", PAGE_SIZE_INVALID],
      ["a fractional page_size", "?page_size=1.5", PAGE_SIZE_INVALID],
      ["a page_size that is a word", "?page_size=ten", PAGE_SIZE_INVALID],
      ["an empty page_size", "?page_size=", PAGE_SIZE_INVALID],
      ["a page_size with an exponent", "?page_size=1e2", PAGE_SIZE_INVALID],
      ["page_size given twice", "?page_size=1&page_size=2", "page_size and page_token may each be given once"],
      ["page_token given twice", "?page_token=a&page_token=b", "page_size and page_token may each be given once"],
    ])("refuses %s with 400 invalid_request", async (_name, query, description) => {
      const res = await get(pager, query);
      expect(res.status).toBe(400);
      expect(res.headers.get("token-expires-in")).toBe(String(TTL));
      expect(await res.json()).toEqual({ error: "invalid_request", error_description: description });
    });

    it("checks the token and its scope before the query", async () => {
      const noToken = await fetch(`${server.url}/orders?page_size=-1`);
      expect(noToken.status).toBe(401);
      const profileOnly = await get(await setup.token({ sub: "pager", scope: "profile" }), "?page_size=-1");
      expect(profileOnly.status).toBe(403);
    });

    describe("refuses a page token that is not a next_page_token of the caller's list here, with 400", () => {
      const tokens: [string, () => Promise<string>][] = [
        ["free text", () => Promise.resolve("next")],
        ["an offset", () => Promise.resolve("100")],
        ["a real one with a character changed", async () => {
          const real = (await pageAt(pager, "?page_size=1")).next_page_token;
          return real.slice(0, 10) + (real[10] === "A" ? "B" : "A") + real.slice(11);
        }],
        ["another owner's (the list is always the caller's own)", async () => {
          const bob = await tokenOf("bob-pager");
          await fillInOrder(bob, 2);
          return (await pageAt(bob, "?page_size=1")).next_page_token;
        }],
        ["one from another instance of the service (or before a restart)", async () => {
          const elsewhere = await tokenOf("pager");
          await fillInOrder(elsewhere, 2, other);
          return (await pageAt(elsewhere, "?page_size=1", other)).next_page_token;
        }],
        ["a very long one", () => Promise.resolve("A".repeat(4000))],
      ];
      it.each(tokens)("%s", async (_name, make) => {
        const token = await make();
        expect(token).not.toBe("");
        const res = await get(pager, `?page_token=${encodeURIComponent(token)}`);
        expect(res.status).toBe(400);
        expect(await res.json()).toEqual({ error: "invalid_request", error_description: PAGE_TOKEN_INVALID });
      });
    });
  });

  describe(`at most ${MAX_ORDERS_PER_OWNER} orders per owner`, () => {
    // A thousand real requests: given far more time than they need on an idle machine.
    it("refuses the 1001st with 409 and a JSON error, and still lists all 1000 in 10 pages", { timeout: 180_000 }, async () => {
      const filler = await tokenOf("filler");
      let started = 0;
      await Promise.all(
        Array.from({ length: FILL_CONCURRENCY }, async () => {
          while (started < MAX_ORDERS_PER_OWNER) {
            started += 1;
            expect((await create(filler, `order ${started}`)).status).toBe(201);
          }
        }),
      );
      const refused = await create(filler, "one too many");
      expect(refused.status).toBe(409);
      expect(refused.headers.get("content-type")).toMatch(/^application\/json/);
      expect(refused.headers.get("token-expires-in")).toBe(String(TTL));
      expect(await refused.json()).toEqual({
        error: "order_limit_reached",
        error_description: `an owner may have at most ${MAX_ORDERS_PER_OWNER} orders`,
      });
      const pages = await walk(filler, "100");
      expect(pages.map((page) => page.orders.length)).toEqual(Array.from({ length: 10 }, () => 100));
      expect(new Set(ids(pages)).size).toBe(MAX_ORDERS_PER_OWNER);
      expect(pages.at(-1)?.next_page_token).toBe("");
      // The cap is the owner's: another owner still creates.
      expect((await create(await tokenOf("not-full"), "tea")).status).toBe(201);
    });
  });
}
