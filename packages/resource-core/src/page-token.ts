// Page tokens of the order list (AIP-158: opaque to clients, URL-safe).
//
// A token names the last order of the page it ends: base64url(version byte 1 ‖ the order's
// 16-byte UUID), 23 characters. Chosen over an offset because the position it names can only
// be one of the caller's own orders in this store:
// - the list is always the caller's own (owner = sub), and the store resumes only after an order
//   found in that list, so another owner's token, one from another service's store, or one from
//   before a restart (ids are random UUIDs) names nothing there: a clean 400, never another page;
// - orders are append-only per owner, so the order a token names keeps its place for good;
// - no secret to generate, keep or rotate (an offset would need a MAC bound to the owner and the
//   store to tell a stale or forged token from a real one).
// A client that builds a token from one of its own order ids gets the page after that order:
// exactly what the token says, and nothing it could not list anyway. The version byte lets the
// encoding change later without reading an old token as a new one.
import { Buffer } from "node:buffer";

const VERSION = 1;
const UUID_BYTES = 16;
/** base64url, unpadded, of 1 + 16 bytes. */
const TOKEN_LENGTH = 23;
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{23}$/;
const UUID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The `next_page_token` of a page that ends with the order `id`.
 *
 * @throws {TypeError} when `id` is not a lower-case UUID (the store's ids always are).
 * @example
 * pageTokenAfter("9b2f6c1e-7d4a-4f3b-8e21-5a6c7d8e9f01"); // "AZsvbB59Sk87jiFabH2OnwE"
 */
export function pageTokenAfter(id: string): string {
  if (!UUID_SHAPE.test(id)) throw new TypeError("a page token names an order by its UUID");
  const bytes = Buffer.alloc(1 + UUID_BYTES);
  bytes[0] = VERSION;
  bytes.write(id.replaceAll("-", ""), 1, "hex");
  return bytes.toString("base64url");
}

/**
 * The order id a page token names, or undefined when it is not a token this module wrote: wrong
 * length or alphabet, a non-canonical encoding of the same bytes, or another version.
 *
 * @example
 * orderAfter(pageTokenAfter(order.id)); // order.id
 * orderAfter("not-a-token");            // undefined
 */
export function orderAfter(token: string): string | undefined {
  // Length first: nothing longer is ever decoded.
  if (token.length !== TOKEN_LENGTH || !TOKEN_SHAPE.test(token)) return undefined;
  const bytes = Buffer.from(token, "base64url");
  // 23 characters carry 2 bits more than 17 bytes; only the encoding with those bits zero is
  // ours, so each token has exactly one spelling.
  if (bytes.length !== 1 + UUID_BYTES || bytes[0] !== VERSION || bytes.toString("base64url") !== token) return undefined;
  const hex = bytes.toString("hex", 1);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
