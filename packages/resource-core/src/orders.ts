import { randomUUID } from "node:crypto";
import { MAX_PAGE_SIZE, PAGE_TOKEN_INVALID, type Checked, type OrderInput, type PageRequest } from "./order-input.js";
import { orderAfter, pageTokenAfter } from "./page-token.js";
import { RequestError } from "./request-error.js";

/**
 * The most orders one owner may have. With items of at most 200 characters that bounds an
 * owner's share of memory to a few hundred KiB, and owners are the token subjects the issuer
 * signs for, not something a client can invent.
 */
export const MAX_ORDERS_PER_OWNER = 1000;

/** An order as the contract shows it (HTTP JSON and the `demo.v1.Order` message alike). */
export interface Order {
  readonly id: string;
  readonly item: string;
  readonly quantity: number;
  /** The `sub` of the token that created it. */
  readonly owner: string;
  /** ISO 8601. */
  readonly created_at: string;
}

/**
 * One page of an owner's orders, shaped as the contract's `GET /orders` answer and the
 * `demo.v1.ListOrdersResponse` message.
 *
 * @example
 * const page: OrderPage = { orders: [], next_page_token: "" }; // the last (here: only) page
 */
export interface OrderPage {
  readonly orders: Order[];
  /** The `page_token` of the next page; "" on the last page. */
  readonly next_page_token: string;
}

/**
 * Refusal of an order beyond {@link MAX_ORDERS_PER_OWNER}: a {@link RequestError} the HTTP
 * services answer as 409 `{error: "order_limit_reached", error_description}`; the gRPC service
 * maps it to FAILED_PRECONDITION with the same text.
 *
 * @example
 * try { store.create(owner, input); } catch (err) { if (err instanceof OrderLimitError) … }
 */
export class OrderLimitError extends RequestError {
  constructor() {
    super(409, `an owner may have at most ${MAX_ORDERS_PER_OWNER} orders`, "order_limit_reached");
    this.name = "OrderLimitError";
  }
}

/**
 * Orders held in this process's memory only, per owner, at most {@link MAX_ORDERS_PER_OWNER}
 * each, append-only: they vanish on restart and are not shared with the other resource services
 * (the demo needs no database).
 *
 * @example
 * const store = new OrderStore();
 * store.create("alice", { item: "book", quantity: 1 });
 * store.page("alice", { pageSize: 100, pageToken: "" });
 * // { ok: true, value: { orders: [{ id, item: "book", quantity: 1, owner: "alice", created_at }], next_page_token: "" } }
 */
export class OrderStore {
  readonly #byOwner = new Map<string, Order[]>();
  readonly #clock: () => number;

  /** @param clock - milliseconds since the epoch, for `created_at` (tests freeze it). */
  constructor(clock: () => number = Date.now) {
    this.#clock = clock;
  }

  /**
   * Creates an order owned by `owner` with a random UUID and the current time (a copy).
   *
   * @throws {OrderLimitError} when the owner already has {@link MAX_ORDERS_PER_OWNER} orders.
   */
  create(owner: string, input: OrderInput): Order {
    const own = this.#byOwner.get(owner);
    if (own !== undefined && own.length >= MAX_ORDERS_PER_OWNER) throw new OrderLimitError();
    const order: Order = {
      id: randomUUID(),
      item: input.item,
      quantity: input.quantity,
      owner,
      created_at: new Date(this.#clock()).toISOString(),
    };
    if (own === undefined) this.#byOwner.set(owner, [order]);
    else own.push(order);
    return { ...order };
  }

  /**
   * One page of the owner's orders, oldest first (copies: a caller cannot change the store):
   * the first page for an empty token, else the orders after the one the token names (see
   * page-token.ts). A token that names no order of this owner in this store is refused with
   * {@link PAGE_TOKEN_INVALID}.
   *
   * @throws {TypeError} when `pageSize` is not an integer from 1 to {@link MAX_PAGE_SIZE}
   *   (parsePageQuery and parsePageRequest only produce such sizes).
   */
  page(owner: string, request: PageRequest): Checked<OrderPage> {
    const { pageSize, pageToken } = request;
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
      throw new TypeError(`pageSize must be an integer from 1 to ${MAX_PAGE_SIZE}`);
    }
    const own = this.#byOwner.get(owner) ?? [];
    const start = pageToken === "" ? 0 : resumeAfter(own, pageToken);
    if (start === undefined) return { ok: false, description: PAGE_TOKEN_INVALID };
    const orders = own.slice(start, start + pageSize);
    const last = orders.at(-1);
    const more = start + orders.length < own.length;
    return {
      ok: true,
      value: {
        orders: orders.map((order) => ({ ...order })),
        next_page_token: more && last !== undefined ? pageTokenAfter(last.id) : "",
      },
    };
  }
}

/** Index just after the order the token names, or undefined when it names none of `own`. */
function resumeAfter(own: readonly Order[], token: string): number | undefined {
  const id = orderAfter(token);
  if (id === undefined) return undefined;
  // A linear search: at most MAX_ORDERS_PER_OWNER ids, a few microseconds, and no index to keep.
  const index = own.findIndex((order) => order.id === id);
  return index === -1 ? undefined : index + 1;
}
