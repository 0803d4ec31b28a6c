// One set of order rules and refusal texts for every transport: the HTTP services check a parsed
// JSON body, the gRPC service a decoded CreateOrderRequest; both end in checkOrder.
import type { OrderInput } from "./orders.js";

export const MAX_ITEM_LENGTH = 200;
export const MAX_QUANTITY = 1_000_000;

/**
 * Either the validated input or the one fixed, safe reason it was refused.
 *
 * @example
 * const result: OrderInputResult = parseOrderBody(body);
 * if (!result.ok) throw new RequestError(400, result.description);
 */
export type OrderInputResult =
  | { readonly ok: true; readonly value: OrderInput }
  | { readonly ok: false; readonly description: string };

/**
 * Validates a parsed JSON body as `{item, quantity}`: item a non-blank string of at most 200
 * characters, quantity an integer from 1 to 1 000 000, no other fields.
 *
 * @example
 * parseOrderBody({ item: "book", quantity: 2 }); // { ok: true, value: { item: "book", quantity: 2 } }
 * parseOrderBody({ item: "" });                  // { ok: false, description: "item must be a non-empty string" }
 */
export function parseOrderBody(body: unknown): OrderInputResult {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return refuse("the body must be a JSON object {item, quantity}");
  }
  const fields: Record<string, unknown> = { ...body };
  const { item, quantity, ...rest } = fields;
  const checked = checkOrder(item, quantity);
  if (!checked.ok) return checked;
  // Named fields only: an unknown one is most likely a client bug worth surfacing.
  if (Object.keys(rest).length > 0) return refuse("only item and quantity are allowed");
  return checked;
}

/**
 * Validates a decoded `CreateOrderRequest` with the same item and quantity rules and texts as
 * {@link parseOrderBody}. proto3 has no "absent": a missing item arrives as "" and a missing
 * quantity as 0, so both are refused by the same checks. A decoded message has only its own
 * fields, so there are no unknown ones to refuse.
 *
 * @example
 * parseOrderRequest({ item: "book", quantity: 2 }); // { ok: true, value: { item: "book", quantity: 2 } }
 * parseOrderRequest({ item: "", quantity: 2 });     // { ok: false, description: "item must be a non-empty string" }
 */
export function parseOrderRequest(request: unknown): OrderInputResult {
  if (typeof request !== "object" || request === null) return refuse("the request must be a CreateOrderRequest");
  return checkOrder(Reflect.get(request, "item"), Reflect.get(request, "quantity"));
}

function checkOrder(item: unknown, quantity: unknown): OrderInputResult {
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
