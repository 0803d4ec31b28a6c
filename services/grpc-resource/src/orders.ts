import { randomUUID } from "node:crypto";
import type { Order } from "@org/proto";

/** A validated order request. */
export interface OrderInput {
  readonly item: string;
  readonly quantity: number;
}

/**
 * Orders kept in this process's memory, per owner: nothing is shared with the other
 * services and everything is gone on restart (a demo, not a database).
 *
 * @example
 * ```ts
 * const store = new OrderStore();
 * store.create("alice", { item: "book", quantity: 1 });
 * store.list("alice"); // [{ id, item: "book", quantity: 1, owner: "alice", created_at }]
 * ```
 */
export class OrderStore {
  readonly #byOwner = new Map<string, Order[]>();
  readonly #clock: () => number;

  /** @param clock - milliseconds since the epoch, for `created_at` (tests freeze it). */
  constructor(clock: () => number = Date.now) {
    this.#clock = clock;
  }

  /** Creates an order owned by `owner` with a random UUID and the current time. */
  create(owner: string, input: OrderInput): Order {
    const order: Order = {
      id: randomUUID(),
      item: input.item,
      quantity: input.quantity,
      owner,
      created_at: new Date(this.#clock()).toISOString(),
    };
    const list = this.#byOwner.get(owner);
    if (list) list.push(order);
    else this.#byOwner.set(owner, [order]);
    return { ...order };
  }

  /** The owner's orders, oldest first (copies). */
  list(owner: string): Order[] {
    return (this.#byOwner.get(owner) ?? []).map((order) => ({ ...order }));
  }
}
