// What a successful answer must contain, in the contract's terms, whatever the transport.
import { expect } from "vitest";
import type { Operation, OrderInput, Paging } from "./model.js";

/** Who the service must recognise: taken from the claims of the token that was sent. */
export interface Principal {
  readonly sub: string;
  readonly client_id: string;
  readonly scope: readonly string[];
}

const ORDER_SHAPE = {
  id: expect.any(String) as unknown,
  item: expect.any(String) as unknown,
  quantity: expect.any(Number) as unknown,
  owner: expect.any(String) as unknown,
  created_at: expect.any(String) as unknown,
};

/** Asserts the body of a successful call: GET /me, GET /orders, POST /orders. */
export function assertOkValue(
  operation: Operation,
  value: unknown,
  expected: { principal: Principal; service: string; input: OrderInput | undefined; paging: Paging | undefined },
): void {
  const { principal } = expected;
  switch (operation) {
    case "me":
      expect(value).toMatchObject({ sub: principal.sub, client_id: principal.client_id, service: expected.service });
      expect(sorted((value as { scope: unknown }).scope)).toEqual([...principal.scope].sort());
      return;
    case "listOrders": {
      // next_page_token is always there, "" on the last page (AIP-158).
      expect(value).toMatchObject({ orders: expect.any(Array) as unknown, next_page_token: expect.any(String) as unknown });
      const { orders } = value as { orders: unknown[] };
      for (const order of orders) expect(order).toMatchObject({ ...ORDER_SHAPE, owner: principal.sub });
      // page_size absent or 0: at most 100 (the contract's default and maximum).
      const size = expected.paging?.pageSize ?? 0;
      expect(orders.length).toBeLessThanOrEqual(size === 0 ? 100 : Math.min(size, 100));
      return;
    }
    case "createOrder":
      expect(value).toMatchObject({ ...ORDER_SHAPE, ...expected.input, owner: principal.sub });
      assertIsoTimestamp((value as { created_at: string }).created_at);
      expect((value as { id: string }).id).not.toBe("");
      return;
  }
}

function sorted(scope: unknown): unknown {
  return Array.isArray(scope) ? [...(scope as unknown[])].map(String).sort() : scope;
}

function assertIsoTimestamp(text: string): void {
  expect(text).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
  expect(Number.isNaN(Date.parse(text))).toBe(false);
}
