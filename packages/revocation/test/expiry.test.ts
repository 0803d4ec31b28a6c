import { describe, expect, it } from "vitest";
import { ExpiryBuckets } from "../src/state/expiry.js";

function collect(buckets: ExpiryBuckets, now: number): string[] {
  const out: string[] = [];
  buckets.sweep(now, (table, key) => out.push(`${String(table)}:${key}`));
  return out;
}

describe("ExpiryBuckets", () => {
  it("hands over an item once its second has come, never before", () => {
    const b = new ExpiryBuckets();
    b.add(10_500, 1, "a"); // due from 11 000
    b.add(12_000, 2, "b"); // due from 12 000
    expect(collect(b, 10_999)).toEqual([]);
    expect(collect(b, 11_000)).toEqual(["1:a"]);
    expect(collect(b, 11_999)).toEqual([]);
    expect(collect(b, 12_000)).toEqual(["2:b"]);
    expect(b.pending).toBe(0);
  });

  it("an item added after its second was swept goes to the next sweep", () => {
    const b = new ExpiryBuckets();
    expect(collect(b, 20_000)).toEqual([]);
    b.add(5_000, 1, "late");
    expect(b.pending).toBe(1);
    expect(collect(b, 20_000)).toEqual([]); // the same second again
    expect(collect(b, 21_000)).toEqual(["1:late"]);
  });

  it("after a long pause walks buckets, not seconds, and drops every due one", () => {
    const b = new ExpiryBuckets();
    collect(b, 0);
    for (let i = 1; i <= 5; i++) b.add(i * 1_000, 1, `k${String(i)}`);
    b.add(1e13, 1, "far");
    expect(collect(b, 1e12).sort()).toEqual(["1:k1", "1:k2", "1:k3", "1:k4", "1:k5"]);
    expect(b.pending).toBe(1);
    expect(collect(b, 1e13)).toEqual(["1:far"]);
  });

  it("a clock that goes back sweeps nothing and loses nothing", () => {
    const b = new ExpiryBuckets();
    collect(b, 50_000);
    b.add(60_000, 1, "x");
    expect(collect(b, 40_000)).toEqual([]);
    expect(collect(b, 60_000)).toEqual(["1:x"]);
  });
});
