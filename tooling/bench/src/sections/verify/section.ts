// Section 1: verifications per second of one realistic access token per algorithm, for @org/token
// (uncached and cached, verify() and verifySync), jose, fast-jwt (cache on and off), jsonwebtoken
// and two node:crypto floors. Rounds are interleaved across cases; the median round is reported.
import { ALGORITHMS, type Algorithm } from "@org/token";
import { interleavedRates, type RateSettings } from "../../harness/rounds.js";
import { ratio, summarize, type Summary } from "../../harness/stats.js";
import { chartLink, type NamedChart, type Section, type SectionOutput } from "../../harness/section.js";
import { formatRatio, formatSummary, markdownTable } from "../../report/format.js";
import { casesFor, type BenchCase } from "./cases.js";

/**
 * Rounds for the verification figures.
 *
 * @example
 * ```ts
 * verifySettings(true).rounds; // 2
 * ```
 */
export function verifySettings(quick: boolean): RateSettings {
  return quick ? { rounds: 2, roundMs: 100, warmupMs: 50 } : { rounds: 5, roundMs: 250, warmupMs: 150 };
}

interface Measured {
  readonly c: BenchCase;
  readonly rate: Summary;
}

function byRole(measured: readonly Measured[], role: BenchCase["role"]): number {
  return measured.find((m) => m.c.role === role)?.rate.median ?? Number.NaN;
}

function table(measured: readonly Measured[]): string {
  const floorPlus = byRole(measured, "floor+");
  const floor = byRole(measured, "floor");
  const fastCached = byRole(measured, "fast-jwt cached");
  const rows = measured.map(({ c, rate }) => [
    c.name,
    formatSummary(rate),
    formatRatio(ratio(rate.median, floorPlus)),
    formatRatio(ratio(rate.median, floor)),
    c.name.includes("cached") && !c.name.includes("uncached") ? formatRatio(ratio(rate.median, fastCached)) : "",
  ]);
  return markdownTable(
    [
      { title: "case" },
      { title: "ops/s (median ± spread)", numeric: true },
      { title: "vs floor+", numeric: true },
      { title: "vs floor", numeric: true },
      { title: "vs fast-jwt cached", numeric: true },
    ],
    rows,
  );
}

async function measureAlgorithm(alg: Algorithm, settings: RateSettings): Promise<{ tokenBytes: number; measured: Measured[] }> {
  const { token, cases } = await casesFor(alg);
  const perCase = await interleavedRates(cases, settings);
  return { tokenBytes: token.length, measured: cases.map((c, i) => ({ c, rate: summarize(perCase[i] ?? []) })) };
}

/** Section 1 of BENCHMARKS.md. */
export const verifySection: Section = {
  id: "verify",
  title: "Verification per algorithm",
  async run(settings, log): Promise<SectionOutput> {
    const rates = verifySettings(settings.quick);
    const figures: Record<string, number> = {};
    const charts: NamedChart[] = [];
    const parts = [
      `One realistic access token (RFC 9068 claims, three audiences, three scopes, sid, auth_time) per algorithm; ` +
        `${String(rates.rounds)} interleaved rounds of ${String(rates.roundMs)} ms per case after ${String(rates.warmupMs)} ms of warm-up; ` +
        "async APIs are awaited one call at a time, as a request handler would. " +
        "**floor** is `node:crypto` verify alone on pre-decoded input; **floor+** adds what any verifier must do at least: " +
        "split, base64url-decode, `JSON.parse`, the signature and the claim checks. jsonwebtoken 9 has no EdDSA.",
    ];
    for (const alg of ALGORITHMS) {
      log(`verify: ${alg}`);
      const { tokenBytes, measured } = await measureAlgorithm(alg, rates);
      const floorPlus = byRole(measured, "floor+");
      figures[`verify.${alg}.uncached_vs_floorplus`] = ratio(byRole(measured, "uncached"), floorPlus);
      figures[`verify.${alg}.cached_vs_fastjwt_cached`] = ratio(byRole(measured, "cached"), byRole(measured, "fast-jwt cached"));
      for (const { c, rate } of measured) figures[`verify.${alg}.${c.name}`] = rate.median;
      const chart: NamedChart = {
        name: `verify-${alg.toLowerCase()}`,
        spec: {
          title: `${alg}: verifications per second`,
          unit: "ops/s",
          ratioTo: "floor+",
          bars: measured.map(({ c, rate }) => ({ label: c.name, value: rate.median, ratio: ratio(rate.median, floorPlus), accent: c.ours === true })),
        },
      };
      charts.push(chart);
      parts.push(`### ${alg} (token of ${String(tokenBytes)} bytes)`, table(measured), chartLink(chart));
    }
    return { markdown: parts.join("\n\n"), charts, figures };
  },
};
