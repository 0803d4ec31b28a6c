import { describe, expect, it } from "vitest";
import { parseHttpDate } from "../../src/lib/http-date.js";
import { retryAfterSeconds } from "../../src/lib/retry-after.js";

const NOW = Date.UTC(1994, 10, 6, 8, 49, 37);

describe("parseHttpDate (RFC 9110 §5.6.7)", () => {
  it.each([
    ["IMF-fixdate", "Sun, 06 Nov 1994 08:49:37 GMT"],
    ["RFC 850", "Sunday, 06-Nov-94 08:49:37 GMT"],
    ["asctime", "Sun Nov  6 08:49:37 1994"],
  ])("reads the %s form", (_name, value) => {
    expect(parseHttpDate(value, NOW)).toBe(NOW);
  });

  it("puts an RFC 850 year more than 50 years ahead in the past century", () => {
    const now = Date.UTC(2026, 0, 1);
    expect(new Date(parseHttpDate("Thursday, 01-Jan-70 00:00:00 GMT", now) ?? 0).getUTCFullYear()).toBe(2070);
    expect(new Date(parseHttpDate("Monday, 01-Jan-80 00:00:00 GMT", now) ?? 0).getUTCFullYear()).toBe(1980);
  });

  it.each([
    "Sun, 06 Nov 1994 08:49:37 UTC",
    "Sun, 6 Nov 1994 08:49:37 GMT",
    "Sun, 31 Feb 1994 08:49:37 GMT",
    "Sun, 06 Nov 1994 24:00:00 GMT",
    "1994-11-06T08:49:37Z",
    "Sun, 06 Foo 1994 08:49:37 GMT",
    "",
  ])("refuses %j", (value) => {
    expect(parseHttpDate(value, NOW)).toBeUndefined();
  });
});

describe("retryAfterSeconds (RFC 9110 §10.2.3)", () => {
  it.each([
    ["0", 0],
    ["7", 7],
    [" 7 ", 7],
    ["Sun, 06 Nov 1994 08:49:40 GMT", 3],
    ["Sun, 06 Nov 1994 08:00:00 GMT", 0],
    ["9999999999999999999999", Number.MAX_SAFE_INTEGER],
  ] as const)("reads %j as %d s", (value, seconds) => {
    expect(retryAfterSeconds(value, NOW)).toBe(seconds);
  });

  it("rounds a date's remaining milliseconds up", () => {
    expect(retryAfterSeconds("Sun, 06 Nov 1994 08:49:40 GMT", NOW + 500)).toBe(3);
  });

  it.each([null, "", "-1", "1.5", "soon", "0x10"])("has nothing for %j", (value) => {
    expect(retryAfterSeconds(value, NOW)).toBeUndefined();
  });
});
