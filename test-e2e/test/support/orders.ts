// Reading a caller's whole order list page by page (contract: `next_page_token`, "" on the last
// page), and the shapes of the answers the scenarios compare with.
import { expect } from "vitest";
import type { Resources } from "./resources.js";
import type { Service, Verdict } from "./verdict.js";

/** An order as the contract gives it. */
export interface Order {
  readonly id: string;
  readonly item: string;
  readonly quantity: number;
  readonly owner: string;
  readonly created_at: string;
}

/** 1000 orders per owner at most, 100 per page: eleven pages always reach the end. */
const MAX_PAGES = 11;

function page(verdict: Verdict): { orders: Order[]; next: string } {
  if (verdict.kind !== "ok") throw new Error(`listing orders: ${JSON.stringify(verdict)}`);
  const value = verdict.value as { orders?: unknown; next_page_token?: unknown };
  if (!Array.isArray(value.orders) || typeof value.next_page_token !== "string") {
    throw new Error(`listing orders: not a contract page: ${JSON.stringify(value)}`);
  }
  return { orders: value.orders as Order[], next: value.next_page_token };
}

/**
 * Every order of the caller on `service`, oldest first, following `next_page_token`.
 *
 * @example
 * ```ts
 * const orders = await allOrders(api, "koa");
 * ```
 */
export async function allOrders(api: Resources, service: Service): Promise<Order[]> {
  const orders: Order[] = [];
  let token = "";
  for (let n = 0; n < MAX_PAGES; n += 1) {
    const { orders: more, next } = page(await api.listOrders(service, token));
    orders.push(...more);
    if (next === "") return orders;
    token = next;
  }
  throw new Error(`listing orders: more than ${String(MAX_PAGES)} pages`);
}

/**
 * The verdict of a created order: 201 / OK with the contract's fields.
 *
 * @example
 * ```ts
 * expect(await api.createOrder("grpc", order)).toEqual(createdOrder(order, "alice"));
 * ```
 */
export function createdOrder(order: { item: string; quantity: number }, owner: string): Verdict {
  return {
    kind: "ok",
    value: { id: expect.any(String) as unknown, ...order, owner, created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as unknown },
  };
}
