// One set of order rules and refusal texts for every transport: the HTTP services check a parsed
// JSON body and query, the gRPC service a decoded CreateOrderRequest or ListOrdersRequest; each
// pair ends in one check (checkOrder, checkPage).

/**
 * What a client may send to create an order, once validated.
 *
 * @example
 * const input: OrderInput = { item: "tea", quantity: 2 };
 */
export interface OrderInput {
  readonly item: string;
  readonly quantity: number;
}

export const MAX_ITEM_LENGTH = 200;
export const MAX_QUANTITY = 1_000_000;
/** Orders per page when the client asks for none (page_size absent or 0, AIP-158). */
export const DEFAULT_PAGE_SIZE = 100;
/** The most orders one page holds; a larger page_size is lowered to it (AIP-158), not refused. */
export const MAX_PAGE_SIZE = 100;

const PAGE_QUERY_INVALID = "the query could not be read";
const PAGE_QUERY_REPEATED = "page_size and page_token may each be given once";
const PAGE_SIZE_INVALID = "page_size must be an integer of 0 or more";
/** The one refusal of a page_token, whatever is wrong with it; the store, which reads tokens, uses it too. */
export const PAGE_TOKEN_INVALID = "page_token is not a next_page_token of this list";

/**
 * Either the checked value or the one fixed, safe reason it was refused.
 *
 * @example
 * const result: Checked<PageRequest> = parsePageQuery(query);
 * if (!result.ok) throw new RequestError(400, result.description);
 */
export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly description: string };

/**
 * Either the validated order input or why it was refused.
 *
 * @example
 * const result: OrderInputResult = parseOrderBody(body);
 * if (!result.ok) throw new RequestError(400, result.description);
 */
export type OrderInputResult = Checked<OrderInput>;

/**
 * Which page of an owner's orders a client asks for, once checked.
 *
 * @example
 * const request: PageRequest = { pageSize: 100, pageToken: "" }; // the first page
 */
export interface PageRequest {
  /** 1 to {@link MAX_PAGE_SIZE}. */
  readonly pageSize: number;
  /** "" for the first page, else a `next_page_token` (not yet decoded: the store does that). */
  readonly pageToken: string;
}

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

/**
 * Validates the query of `GET /orders` (as Express's and Koa's query parsers hand it over: each
 * value a string, or an array when repeated): `page_size` absent or "0" means
 * {@link DEFAULT_PAGE_SIZE}, a larger one is lowered to {@link MAX_PAGE_SIZE}, anything but
 * decimal digits is refused; `page_token` absent or "" means the first page. Each may appear
 * once. Other parameters are ignored, as query strings often carry a cache buster.
 *
 * @example
 * parsePageQuery({ page_size: "500" }); // { ok: true, value: { pageSize: 100, pageToken: "" } }
 * parsePageQuery({ page_size: "-1" });  // { ok: false, description: "page_size must be an integer of 0 or more" }
 */
export function parsePageQuery(query: unknown): Checked<PageRequest> {
  if (typeof query !== "object" || query === null) return refuse(PAGE_QUERY_INVALID);
  const size: unknown = Reflect.get(query, "page_size");
  const token: unknown = Reflect.get(query, "page_token");
  // A repeated parameter is ambiguous (which one wins differs between parsers and proxies).
  if (Array.isArray(size) || Array.isArray(token)) return refuse(PAGE_QUERY_REPEATED);
  if (size !== undefined && (typeof size !== "string" || !/^[0-9]+$/.test(size))) return refuse(PAGE_SIZE_INVALID);
  // Digits only, so Number() is an integer, or Infinity for an absurdly long one: either way no
  // more than the maximum is asked for.
  return checkPage(size === undefined ? 0 : Math.min(Number(size), MAX_PAGE_SIZE), token ?? "");
}

/**
 * Validates a decoded `ListOrdersRequest` with the same rules and texts as
 * {@link parsePageQuery}. proto3 has no "absent": an unset page_size arrives as 0 and an unset
 * page_token as "", which are the defaults, so a client that sends `{}` gets the first page.
 *
 * @example
 * parsePageRequest({ page_size: 0, page_token: "" }); // { ok: true, value: { pageSize: 100, pageToken: "" } }
 * parsePageRequest({ page_size: -5, page_token: "" }); // { ok: false, description: "page_size must be an integer of 0 or more" }
 */
export function parsePageRequest(request: unknown): Checked<PageRequest> {
  if (typeof request !== "object" || request === null) return refuse("the request must be a ListOrdersRequest");
  return checkPage(Reflect.get(request, "page_size"), Reflect.get(request, "page_token"));
}

function checkPage(size: unknown, token: unknown): Checked<PageRequest> {
  if (typeof size !== "number" || !Number.isInteger(size) || size < 0) return refuse(PAGE_SIZE_INVALID);
  if (typeof token !== "string") return refuse(PAGE_TOKEN_INVALID);
  const pageSize = size === 0 ? DEFAULT_PAGE_SIZE : Math.min(size, MAX_PAGE_SIZE);
  return { ok: true, value: { pageSize, pageToken: token } };
}

function checkOrder(item: unknown, quantity: unknown): OrderInputResult {
  if (typeof item !== "string" || item.trim() === "") return refuse("item must be a non-empty string");
  if (item.length > MAX_ITEM_LENGTH) return refuse(`item must be at most ${MAX_ITEM_LENGTH} characters`);
  if (typeof quantity !== "number" || !Number.isInteger(quantity) || quantity < 1 || quantity > MAX_QUANTITY) {
    return refuse(`quantity must be an integer from 1 to ${MAX_QUANTITY}`);
  }
  return { ok: true, value: { item, quantity } };
}

function refuse(description: string): { readonly ok: false; readonly description: string } {
  return { ok: false, description };
}
