// What the order bounds buy, measured: memory for filling one owner to the cap, and the largest
// GET /orders answer. Not part of `pnpm test` (figures, not assertions).
//
//   pnpm --filter @org/resource-core bench
//
// Runs with --expose-gc so each figure is taken after a full collection.
import { Buffer } from "node:buffer";
import { DEFAULT_PAGE_SIZE, MAX_ITEM_LENGTH, MAX_QUANTITY } from "../src/order-input.js";
import { MAX_ORDERS_PER_OWNER, OrderLimitError, OrderStore } from "../src/orders.js";

// The security review's figures for the unbounded store: 3000 orders in 2 s from one client.
const REVIEW_ORDERS = 3000;
const REVIEW_RSS_MIB = 50;
const REVIEW_ANSWER_BYTES = 1_000_000;

const MiB = 1024 * 1024;
if (globalThis.gc === undefined) console.warn("run with node --expose-gc for steady figures");

function memory(): { rss: number; heap: number } {
  globalThis.gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  return { rss, heap: heapUsed };
}

/** Tries `attempts` orders for one owner, as the review's client did; counts what was kept. */
function fill(store: OrderStore, owner: string, item: string, attempts: number): { kept: number; refused: number } {
  let kept = 0;
  let refused = 0;
  for (let i = 0; i < attempts; i++) {
    try {
      store.create(owner, { item, quantity: MAX_QUANTITY });
      kept++;
    } catch (error) {
      if (!(error instanceof OrderLimitError)) throw error;
      refused++;
    }
  }
  return { kept, refused };
}

/** Bytes of the JSON body of the largest page, exactly as the HTTP services serialise it. */
function largestAnswer(item: string, owner: string): number {
  const store = new OrderStore();
  fill(store, owner, item, DEFAULT_PAGE_SIZE + 1);
  const page = store.page(owner, { pageSize: DEFAULT_PAGE_SIZE, pageToken: "" });
  if (!page.ok) throw new Error(page.description);
  return Buffer.byteLength(JSON.stringify(page.value));
}

const longestItem = "x".repeat(MAX_ITEM_LENGTH);
// A character JSON must escape as \u0001: 6 bytes for each of the 200, the worst an item can be.
const worstItem = "\u0001".repeat(MAX_ITEM_LENGTH);

const before = memory();
const store = new OrderStore();
const { kept, refused } = fill(store, "alice", worstItem, REVIEW_ORDERS);
const after = memory();
const rssMiB = (after.rss - before.rss) / MiB;
const heapMiB = (after.heap - before.heap) / MiB;

console.log(`orders: ${REVIEW_ORDERS} attempts by one owner, items of ${MAX_ITEM_LENGTH} characters`);
console.log(`  kept ${kept} (MAX_ORDERS_PER_OWNER = ${MAX_ORDERS_PER_OWNER}), refused ${refused}`);
console.log(`  RSS  +${rssMiB.toFixed(1)} MiB, heap +${heapMiB.toFixed(2)} MiB (review, unbounded: +${REVIEW_RSS_MIB} MiB RSS)`);
console.log(`  heap per kept order: ${((after.heap - before.heap) / kept).toFixed(0)} bytes`);
for (const [name, item] of [
  ["ASCII items of 200 characters", longestItem],
  ["items of 200 escaped characters (the worst)", worstItem],
] as const) {
  const bytes = largestAnswer(item, "alice");
  console.log(
    `largest GET /orders answer, ${name}: ${bytes} bytes (${(bytes / 1024).toFixed(1)} KiB; review, unbounded: ~${REVIEW_ANSWER_BYTES / 1_000_000} MB)`,
  );
}
console.log(`  each character of the owner's sub adds ${DEFAULT_PAGE_SIZE} bytes (one per order of the page)`);
