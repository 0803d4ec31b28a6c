import { randomUUID } from "node:crypto";

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

/** What a client may send to create an order, once validated. */
export interface OrderInput {
  readonly item: string;
  readonly quantity: number;
}

/**
 * Orders held in this process's memory only, per owner: they vanish on restart and are not
 * shared with the other resource services (the demo needs no database).
 *
 * @example
 * const store = new OrderStore();
 * store.create("alice", { item: "book", quantity: 1 });
 * store.list("alice"); // [{ id, item: "book", quantity: 1, owner: "alice", created_at }]
 */
export class OrderStore {
  readonly #byOwner = new Map<string, Order[]>();
  readonly #clock: () => number;

  /** @param clock - milliseconds since the epoch, for `created_at` (tests freeze it). */
  constructor(clock: () => number = Date.now) {
    this.#clock = clock;
  }

  /** Creates an order owned by `owner` with a random UUID and the current time (a copy). */
  create(owner: string, input: OrderInput): Order {
    const order: Order = {
      id: randomUUID(),
      item: input.item,
      quantity: input.quantity,
      owner,
      created_at: new Date(this.#clock()).toISOString(),
    };
    const own = this.#byOwner.get(owner);
    if (own === undefined) this.#byOwner.set(owner, [order]);
    else own.push(order);
    return { ...order };
  }

  /** The owner's orders, oldest first (copies: a caller cannot change the store). */
  list(owner: string): Order[] {
    return (this.#byOwner.get(owner) ?? []).map((order) => ({ ...order }));
  }
}
