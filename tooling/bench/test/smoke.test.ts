// The harness's plumbing on trivial cases: rounds, a section run here and in a child process, the
// report. Not the benchmarks themselves.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { machine } from "../src/harness/machine.js";
import { interleave, interleavedRates } from "../src/harness/rounds.js";
import { decodeResult, encodeResult, runHere, runInChild, type Section } from "../src/harness/section.js";
import { barChart } from "../src/report/chart.js";
import { renderDocument } from "../src/report/document.js";

// Stands in for dist/main.js in a section's process: answers --section <id> --result <file> with a
// trivial result, and fails when asked for the "scale" section.
const CHILD = `
import { writeFileSync } from "node:fs";
const args = process.argv.slice(2);
const id = args[args.indexOf("--section") + 1];
if (id === "scale") process.exit(3);
const quick = args.filter((a) => a === "--quick").length;
const result = { id, seconds: 0.01, markdown: "child saw " + quick + " --quick", charts: [], figures: { "x.nan": "NaN", "x.one": 1 } };
writeFileSync(args[args.indexOf("--result") + 1], JSON.stringify(result));
`;

const trivial: Section = {
  id: "verify",
  title: "trivial",
  async run(settings) {
    const [a = [], b = []] = await interleavedRates(
      [
        { name: "sync", run: () => 1 + 1, async: false },
        { name: "async", run: () => Promise.resolve(1), async: true },
      ],
      { rounds: 3, roundMs: 5, warmupMs: 1 },
    );
    return {
      markdown: `rounds ${String(a.length)} and ${String(b.length)}, quick ${String(settings.quick)}`,
      charts: [{ name: "trivial", spec: { title: "trivial", unit: "ops/s", bars: [{ label: "sync", value: a[0] ?? 0 }] } }],
      figures: { "verify.EdDSA.uncached_vs_floorplus": 0.96, "x.rate": a[0] ?? Number.NaN },
    };
  },
};

describe("the harness", () => {
  it("interleaves rounds, starting each round at the next case", async () => {
    const order: string[] = [];
    const results = await interleave(["a", "b", "c"], 3, (c, round) => {
      order.push(c);
      return Promise.resolve(`${c}${String(round)}`);
    });
    expect(order.join("")).toBe("abcbcacab");
    expect(results).toEqual([["a0", "a1", "a2"], ["b0", "b1", "b2"], ["c0", "c1", "c2"]]);
    await expect(interleave(["a"], 0, () => Promise.resolve(1))).rejects.toThrow(TypeError);
  });

  it("runs a section here, round-trips its result through JSON (NaN kept) and renders the report", async () => {
    const result = await runHere(trivial, { quick: true, full: false }, () => undefined);
    expect(result.markdown).toBe("rounds 3 and 3, quick true");
    expect(result.figures["x.rate"]).toBeGreaterThan(0);
    const again = decodeResult(encodeResult({ ...result, figures: { ...result.figures, "x.nan": Number.NaN } }));
    expect(again.figures["x.nan"]).toBeNaN();
    expect(again.charts).toEqual(result.charts);
    expect(barChart(again.charts[0]?.spec ?? { title: "", unit: "", bars: [] })).toContain("<svg");
    const doc = renderDocument(
      { date: new Date(0), machine: machine(), loadBefore: [0, 0, 0], loadAfter: [1, 1, 1], versions: { jose: "6" }, settings: { quick: true, full: false }, seconds: 1 },
      [again],
    );
    expect(doc).toContain("## Targets");
    expect(doc).toContain("| uncached verify() / floor+, EdDSA | 0.96x | ≥ 0.95 | met |");
    expect(doc).toContain("| protected / unprotected requests/s, revocation on, koa | n/a | ≥ 0.90 | not measured |");
    expect(doc).toContain("**Quick run**");
    expect(doc).toContain("> Partial run: stateful, services, revocation, issuer, memory, scale not measured.");
    expect(doc).toContain("## 1. Verification per algorithm\n\nrounds 3 and 3, quick true");
  });

  it("runs a section in a child process and reads its result; a failing child rejects", async () => {
    const dir = await mkdtemp(join(tmpdir(), "bench-smoke-"));
    try {
      const entry = join(dir, "entry.mjs");
      await writeFile(entry, CHILD);
      const result = await runInChild(entry, "memory", ["--quick"]);
      expect(result).toMatchObject({ id: "memory", markdown: "child saw 1 --quick", figures: { "x.one": 1 } });
      expect(result.figures["x.nan"]).toBeNaN();
      await expect(runInChild(entry, "scale", [])).rejects.toThrow("section scale failed (exit code 3)");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
