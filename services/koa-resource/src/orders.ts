import { randomUUID } from "node:crypto";

/** An order as the contract shows it. */
export interface Order {
  readonly id: string;
  readonly item: string;
  readonly quantity: number;
  /** The `sub` of the token that created it. */
  readonly owner: string;
  /** ISO 8601. */
  readonly created_at: string;
}

/** What a client may send to create an order. */
export interface OrderInput {
  readonly item: string;
  readonly quantity: number;
}

/**
 * Orders held in this process's memory only: they vanish on restart and are not shared with the
 * other resource services (the demo needs no database).
 *
 * @example
 * const store = new OrderStore();
 * store.create("alice", { item: "book", quantity: 1 });
 * store.list("alice"); // [{ id, item: "book", quantity: 1, owner: "alice", created_at }]
 */
export class OrderStore {
  readonly #byOwner = new Map<string, Order[]>();

  constructor(private readonly clock: () => number = Date.now) {}

  create(owner: string, input: OrderInput): Order {
    const order: Order = {
      id: randomUUID(),
      item: input.item,
      quantity: input.quantity,
      owner,
      created_at: new Date(this.clock()).toISOString(),
    };
    const own = this.#byOwner.get(owner);
    if (own === undefined) this.#byOwner.set(owner, [order]);
    else own.push(order);
    return order;
  }

  /** The owner's orders, oldest first. */
  list(owner: string): readonly Order[] {
    return [...(this.#byOwner.get(owner) ?? [])];
  }
}
