import { describe, expect, it } from "vitest";
import { parseArgs } from "../src/cli/args.js";
import { median, percentile, ratio, summarize } from "../src/harness/stats.js";
import { formatBytes, formatNumber, formatRatio, formatSummary, markdownTable } from "../src/report/format.js";
import { targetRows, targetsTable } from "../src/report/targets.js";
import { protectedRatio, type Measured } from "../src/sections/services/report.js";

describe("numbers", () => {
  it.each([
    [12_345.6, "12,346"],
    [100, "100"],
    [42.25, "42.3"],
    [3.14159, "3.14"],
    [0.012345, "0.012"],
    [0, "0"],
    [Number.NaN, "n/a"],
  ])("formatNumber(%d) is %s", (value, text) => {
    expect(formatNumber(value)).toBe(text);
  });

  it.each([
    [0.9512, "0.95x"],
    [12, "12.00x"],
    [Number.NaN, "n/a"],
  ])("formatRatio(%d) is %s", (value, text) => {
    expect(formatRatio(value)).toBe(text);
  });

  it.each([
    [512, "512 B"],
    [1536, "1.5 KiB"],
    [40_000_000, "38.1 MiB"],
    [Number.NaN, "n/a"],
  ])("formatBytes(%d) is %s", (value, text) => {
    expect(formatBytes(value)).toBe(text);
  });

  it("summarises rounds as their median with half their range", () => {
    const s = summarize([110, 90, 100]);
    expect(s).toEqual({ median: 100, spread: 0.1, rounds: 3 });
    expect(formatSummary(s)).toBe("100 ±10%");
    expect(summarize([])).toEqual({ median: Number.NaN, spread: 0, rounds: 0 });
  });

  it("takes medians, nearest-rank percentiles and ratios", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(3);
    expect(percentile([1, 2, 3, 4], 50)).toBe(3);
    expect(percentile([5, 1, 4, 2, 3], 99)).toBe(5);
    expect(percentile([], 50)).toBeNaN();
    expect(ratio(95, 100)).toBe(0.95);
    expect(ratio(1, 0)).toBeNaN();
  });
});

describe("markdownTable", () => {
  it("aligns numeric columns right and escapes pipes and newlines in cells", () => {
    const table = markdownTable([{ title: "case" }, { title: "ops/s", numeric: true }], [["a|b", "1\n2"]]);
    expect(table).toBe("| case | ops/s |\n| --- | ---: |\n| a\\|b | 1 2 |");
  });

  it("refuses a row with another number of cells", () => {
    expect(() => markdownTable([{ title: "a" }, { title: "b" }], [["only one"]])).toThrow(TypeError);
  });
});

describe("targets", () => {
  const all = {
    "services.express.on.ratio": 0.93,
    "services.koa.on.ratio": 0.89,
    "services.grpc.on.ratio": 0.95,
    "verify.EdDSA.uncached_vs_floorplus": 0.97,
    "verify.EdDSA.cached_vs_fastjwt_cached": 1.4,
    "scale.lookup_growth": 1.1,
  };

  it("judges each figure against its threshold, and says what was not measured", () => {
    const rows = targetRows(all);
    const verdict = (start: string) => rows.find((r) => r.target.startsWith(start))?.met;
    expect(verdict("protected / unprotected requests/s, revocation on, express")).toBe(true);
    expect(verdict("protected / unprotected requests/s, revocation on, koa")).toBe(false);
    expect(verdict("uncached verify() / floor+, EdDSA")).toBe(true);
    expect(verdict("uncached verify() / floor+, ES256")).toBeUndefined();
    expect(verdict("cached verify() / fast-jwt cached, EdDSA")).toBe(true);
    expect(verdict("revocation lookup cost")).toBe(true);
    expect(targetRows({ "scale.lookup_growth": 1.6 }).at(-1)?.met).toBe(false);
    expect(targetRows({ "services.grpc.on.ratio": Number.NaN }).find((r) => r.target.endsWith("grpc"))?.met).toBeUndefined();
  });

  it("prints one line per target with its figure and verdict", () => {
    const table = targetsTable(targetRows(all));
    expect(table).toContain("| protected / unprotected requests/s, revocation on, koa | 0.89x | ≥ 0.90 | **missed** |");
    expect(table).toContain("| uncached verify() / floor+, ES256 | n/a | ≥ 0.95 | not measured |");
    expect(table.split("\n")).toHaveLength(2 + 3 + 4 + 4 + 1);
  });
});

describe("protectedRatio", () => {
  const measured = (route: Measured["route"], rounds: number[]): Measured => ({
    transport: "koa", variant: "on", route, rounds, perSecond: summarize(rounds), p99: summarize([1]), failed: 0,
  });

  it("is the median of the rounds' paired ratios, not the ratio of the medians", () => {
    // Round 2 was loaded from outside: both routes dropped together.
    const rows = [measured("protected", [900, 450, 880]), measured("unprotected", [1000, 500, 1000])];
    expect(protectedRatio(rows, "koa", "on")).toBeCloseTo(0.9, 10);
    expect(ratio(median([900, 450, 880]), median([1000, 500, 1000]))).toBeCloseTo(0.88, 10);
  });

  it("is NaN for a server that was not measured", () => {
    expect(protectedRatio([measured("protected", [900])], "koa", "on")).toBeNaN();
    expect(protectedRatio([], "express", "off")).toBeNaN();
  });
});

describe("parseArgs", () => {
  it("takes sections in report order, the modes, and skips pnpm's lone --", () => {
    const args = parseArgs(["--", "--only", "services,verify", "--quick", "--no-write"]);
    expect(args.only).toEqual(["verify", "services"]);
    expect(args).toMatchObject({ quick: true, full: false, write: false, out: undefined, section: undefined });
    expect(parseArgs([]).only).toHaveLength(7);
    expect(parseArgs(["--section", "scale", "--result", "/tmp/r.json"]).section).toEqual({ id: "scale", result: "/tmp/r.json" });
  });

  it.each([
    [["--only", "nope"]],
    [["--only"]],
    [["--only", ","]],
    [["--fast"]],
    [["--section", "verify"]],
    [["--section", "nope", "--result", "f"]],
  ])("refuses %j with a TypeError", (argv) => {
    expect(() => parseArgs(argv)).toThrow(TypeError);
  });
});
