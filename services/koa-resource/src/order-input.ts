import type { OrderInput } from "./orders.js";

export const MAX_ITEM_LENGTH = 200;
export const MAX_QUANTITY = 1_000_000;

/** Either the validated input or the one fixed, safe reason it was refused. */
export type OrderInputResult =
  | { readonly ok: true; readonly value: OrderInput }
  | { readonly ok: false; readonly description: string };

/**
 * Validates a parsed JSON body as `{item, quantity}`: item a non-blank string of at most 200
 * characters, quantity an integer from 1 to 1 000 000, no other fields.
 *
 * @example
 * parseOrderInput({ item: "book", quantity: 2 }); // { ok: true, value: { item: "book", quantity: 2 } }
 * parseOrderInput({ item: "" });                  // { ok: false, description: "item must be a non-empty string" }
 */
export function parseOrderInput(body: unknown): OrderInputResult {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return refuse("the body must be a JSON object {item, quantity}");
  }
  const fields: Record<string, unknown> = { ...body };
  const { item, quantity, ...rest } = fields;
  if (typeof item !== "string" || item.trim() === "") return refuse("item must be a non-empty string");
  if (item.length > MAX_ITEM_LENGTH) return refuse(`item must be at most ${MAX_ITEM_LENGTH} characters`);
  if (typeof quantity !== "number" || !Number.isInteger(quantity) || quantity < 1 || quantity > MAX_QUANTITY) {
    return refuse(`quantity must be an integer from 1 to ${MAX_QUANTITY}`);
  }
  // Named fields only: an unknown one is most likely a client bug worth surfacing.
  if (Object.keys(rest).length > 0) return refuse("only item and quantity are allowed");
  return { ok: true, value: { item, quantity } };
}

function refuse(description: string): OrderInputResult {
  return { ok: false, description };
}
