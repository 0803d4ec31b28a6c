import type { OrderInput } from "../orders.js";

export const MAX_ITEM_LENGTH = 200;
export const MAX_QUANTITY = 1_000_000;

/** Either the validated input or the one fixed, safe reason it was refused. */
export type OrderInputResult =
  | { readonly ok: true; readonly value: OrderInput }
  | { readonly ok: false; readonly description: string };

/**
 * Validates a decoded `CreateOrderRequest`: item a non-blank string of at most 200 characters,
 * quantity an integer from 1 to 1 000 000. The same rules and texts as the HTTP services.
 * proto3 has no "absent": a missing item arrives as "" and a missing quantity as 0, so both
 * are refused by the same checks.
 *
 * @example
 * ```ts
 * parseOrderInput({ item: "book", quantity: 2 }); // { ok: true, value: { item: "book", quantity: 2 } }
 * parseOrderInput({ item: "", quantity: 2 });     // { ok: false, description: "item must be a non-empty string" }
 * ```
 */
export function parseOrderInput(request: unknown): OrderInputResult {
  if (typeof request !== "object" || request === null) return refuse("the request must be a CreateOrderRequest");
  const item: unknown = Reflect.get(request, "item");
  const quantity: unknown = Reflect.get(request, "quantity");
  if (typeof item !== "string" || item.trim() === "") return refuse("item must be a non-empty string");
  if (item.length > MAX_ITEM_LENGTH) return refuse(`item must be at most ${MAX_ITEM_LENGTH} characters`);
  if (typeof quantity !== "number" || !Number.isInteger(quantity) || quantity < 1 || quantity > MAX_QUANTITY) {
    return refuse(`quantity must be an integer from 1 to ${MAX_QUANTITY}`);
  }
  return { ok: true, value: { item, quantity } };
}

function refuse(description: string): OrderInputResult {
  return { ok: false, description };
}
