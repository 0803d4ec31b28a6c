// Section 7: scale. The cost of a revocation lookup, and of verify() with it, as the replica's
// state grows from 10^3 to 10^6 entries; and verification against the token's size.
import { DEFAULT_MAX_ENTRIES, type RevocationState } from "@org/revocation";
import { createSigner, createVerifier, generateKey, staticKeys, type Key, type RevocationChecker } from "@org/token";
import { interleave, interleavedRates, type RateCase } from "../../harness/rounds.js";
import { chartLink, type NamedChart, type Section, type SectionOutput } from "../../harness/section.js";
import { ratio, summarize } from "../../harness/stats.js";
import { formatBytes, formatNumber, formatRatio, formatSummary, markdownTable } from "../../report/format.js";
import { ISSUER, typicalInput } from "../verify/cases.js";
import { NOW, lookupRound, mapHasRound, measuredState, subjects, type TimedRound } from "./state.js";
import { tokenSizes } from "./token-size.js";

const AUDIENCE = "urn:demo:express";

function settings(run: { quick: boolean; full: boolean }) {
  const sizes = run.quick ? [1_000, 10_000, 100_000] : [1_000, 10_000, 100_000, 1_000_000];
  if (run.full) sizes.push(DEFAULT_MAX_ENTRIES);
  return run.quick
    ? { sizes, rounds: 2, checks: 200_000, rate: { rounds: 2, roundMs: 100, warmupMs: 50 } }
    : { sizes, rounds: 5, checks: 1_000_000, rate: { rounds: 5, roundMs: 250, warmupMs: 150 } };
}

function checkerOf(state: RevocationState): RevocationChecker {
  // What the replica's checker does once its health allows answering: one call into the state.
  return { isRevoked: (token) => state.isRevoked(token.claims, token.kid, NOW) };
}

async function verifyCases(key: Key, states: readonly RevocationState[], sizes: readonly number[]): Promise<RateCase[]> {
  const { token } = await createSigner({ keys: key, issuer: ISSUER, accessTokenTtl: 3600 }).accessToken(typicalInput({ rev: 0 }));
  const options = { issuer: ISSUER, audience: AUDIENCE, keys: staticKeys(key) };
  return states.flatMap((state, i) => {
    const cold = createVerifier({ ...options, cache: false, revocation: checkerOf(state) });
    const warm = createVerifier({ ...options, revocation: checkerOf(state) });
    const n = formatNumber(sizes[i] ?? 0);
    return [
      { name: `uncached, ${n} entries`, run: () => cold.verifySync(token), async: false },
      { name: `cached, ${n} entries`, run: () => warm.verifySync(token), async: false },
    ];
  });
}

/** Section 7 of BENCHMARKS.md. */
export const scaleSection: Section = {
  id: "scale",
  title: "Scale",
  async run(run, log): Promise<SectionOutput> {
    const s = settings(run);
    const states: RevocationState[] = [];
    const heap: number[] = [];
    for (const size of s.sizes) {
      log(`scale: a state of ${String(size)} entries`);
      const { state, heapPerEntry } = await measuredState(size, Math.max(DEFAULT_MAX_ENTRIES, size));
      states.push(state);
      heap.push(heapPerEntry);
    }
    // Lookups and their Map.has floors, all sizes, in the same interleaved rounds.
    const timed: TimedRound[] = states.flatMap((state, i) => [lookupRound(state, subjects(s.sizes[i] ?? 0)), mapHasRound(s.sizes[i] ?? 0)]);
    for (const round of timed) round(s.checks); // warm-up
    const perCase = await interleave(timed, s.rounds, (round) => Promise.resolve(round(s.checks)));
    const lookups = s.sizes.map((_, i) => perCase[2 * i] ?? []);
    const floors = s.sizes.map((_, i) => summarize(perCase[2 * i + 1] ?? []).median);
    const key = await generateKey("EdDSA");
    const cases = await verifyCases(key, states, s.sizes);
    log("scale: verify() against the state's size");
    const rates = (await interleavedRates(cases, s.rate)).map(summarize);
    const rows = s.sizes.map((size, i) => {
      const ns = summarize(lookups[i] ?? []);
      return [
        formatNumber(size), formatSummary(ns), formatNumber(floors[i] ?? Number.NaN), formatRatio(ratio(ns.median, floors[i] ?? Number.NaN)),
        formatBytes(heap[i] ?? Number.NaN), formatSummary(rates[2 * i] ?? summarize([])), formatSummary(rates[2 * i + 1] ?? summarize([])),
      ];
    });
    const first = summarize(lookups[0] ?? []).median / (floors[0] ?? Number.NaN);
    const last = summarize(lookups.at(-1) ?? []).median / (floors.at(-1) ?? Number.NaN);
    const growth = last / first;
    log("scale: token sizes");
    const sizes = await tokenSizes(key, s.rate, run.quick ? 500 : 2_000);
    const chart: NamedChart = {
      name: "scale-revocation",
      spec: {
        title: "Revocation lookup against the number of entries",
        unit: "ns per isRevoked",
        ratioTo: "the smallest state",
        bars: s.sizes.map((size, i) => {
          const ns = summarize(lookups[i] ?? []).median;
          return { label: `${formatNumber(size)} entries`, value: ns, ratio: ratio(ns, summarize(lookups[0] ?? []).median), accent: true };
        }),
      },
    };
    const markdown = [
      "**Against the number of revoked entries.** A replica's state of each size (4 in 10 user logouts, 3 single tokens, 2 grants, 1 client " +
        `or "revoke this app"), all kept at once; ${String(s.rounds)} interleaved rounds of ${formatNumber(s.checks)} checks cycling over ` +
        "4 096 subjects, a quarter of them revoked. A check is a fixed number of probes (at most 6 Map/Set lookups) whatever the size: the bare " +
        "`Map.has` column, on a Map as large with keys of the same shape, shows what one probe costs at that size on this machine, so growth from " +
        "CPU cache misses can be told apart from growth of the algorithm. verify() here is `verifySync` (EdDSA) with the state as its revocation " +
        `checker. ${run.full ? "" : `The cap (${formatNumber(DEFAULT_MAX_ENTRIES)} entries) is measured with \`--full\`.`}`,
      markdownTable(
        [
          { title: "entries", numeric: true },
          { title: "ns per isRevoked", numeric: true },
          { title: "ns per bare Map.has", numeric: true },
          { title: "isRevoked / Map.has", numeric: true },
          { title: "heap per entry", numeric: true },
          { title: "verify() uncached ops/s", numeric: true },
          { title: "verify() cached ops/s", numeric: true },
        ],
        rows,
      ),
      `Largest / smallest state: ${formatRatio(ratio(summarize(lookups.at(-1) ?? []).median, summarize(lookups[0] ?? []).median))} per isRevoked, ` +
        `${formatRatio(growth)} once each is divided by the bare Map.has at its size (the Targets figure).`,
      chartLink(chart),
      sizes.markdown,
    ].join("\n\n");
    return { markdown, charts: [chart, ...sizes.charts], figures: { "scale.lookup_growth": growth, ...sizes.figures } };
  },
};
