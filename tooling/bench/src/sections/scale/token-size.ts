// Verification against the token's size: a small token (the required claims only), the typical
// one, and one carrying 4 KB of claims; ops/s uncached and cached, and the heap a cached entry takes.
import { createSigner, createVerifier, staticKeys, type Key, type Signer } from "@org/token";
import { settledHeap } from "../../harness/heap.js";
import { interleavedRates, type RateCase, type RateSettings } from "../../harness/rounds.js";
import { chartLink, type NamedChart, type SectionOutput } from "../../harness/section.js";
import { ratio, summarize } from "../../harness/stats.js";
import { formatBytes, formatNumber, formatRatio, formatSummary, markdownTable } from "../../report/format.js";
import { ISSUER, typicalInput } from "../verify/cases.js";

const AUDIENCE = "urn:demo:express";

interface Variant {
  readonly name: string;
  readonly sign: (signer: Signer, i: number) => Promise<string>;
}

const VARIANTS: readonly Variant[] = [
  { name: "small (required claims only)", sign: async (signer, i) => (await signer.accessToken({ sub: `u${String(i)}`, client_id: "c", aud: AUDIENCE, scope: ["profile"] })).token },
  { name: "typical", sign: async (signer, i) => (await signer.accessToken(typicalInput({ n: i }))).token },
  { name: "4 KB of claims", sign: async (signer, i) => (await signer.accessToken(typicalInput({ n: i, profile: "x".repeat(4096) }))).token },
];

/** Heap per cached verification of tokens like `tokens` (all distinct), kept apart from the tokens' own strings. */
async function heapPerCached(key: Key, tokens: readonly string[]): Promise<number> {
  const filled = await (async () => {
    const verifier = createVerifier({ issuer: ISSUER, audience: AUDIENCE, keys: staticKeys(key), cache: { maxEntries: tokens.length } });
    for (const token of tokens) verifier.verifySync(token);
    const heap = await settledHeap();
    // Read after the heap, so the verifier is still alive when it is measured.
    if (verifier.stats().cacheEntries !== tokens.length) throw new Error("the cache did not keep every token");
    return heap;
  })();
  return (filled - (await settledHeap())) / tokens.length;
}

/**
 * The token-size part of the scale section.
 *
 * @example
 * ```ts
 * const { markdown } = await tokenSizes(key, { rounds: 5, roundMs: 250, warmupMs: 150 }, 2000);
 * ```
 */
export async function tokenSizes(key: Key, rates: RateSettings, perCache: number): Promise<Pick<SectionOutput, "markdown" | "charts" | "figures">> {
  const signer = createSigner({ keys: key, issuer: ISSUER, accessTokenTtl: 3600 });
  const options = { issuer: ISSUER, audience: AUDIENCE, keys: staticKeys(key) };
  const cases: RateCase[] = [];
  const bytes: number[] = [];
  const heaps: number[] = [];
  for (const v of VARIANTS) {
    const token = await v.sign(signer, -1);
    bytes.push(token.length);
    const cold = createVerifier({ ...options, cache: false });
    const warm = createVerifier(options);
    cases.push({ name: `${v.name}, uncached`, run: () => cold.verifySync(token), async: false }, { name: `${v.name}, cached`, run: () => warm.verifySync(token), async: false });
    const many = await Promise.all(Array.from({ length: perCache }, (_, i) => v.sign(signer, i)));
    heaps.push(await heapPerCached(key, many));
  }
  const r = (await interleavedRates(cases, rates)).map(summarize);
  const typical = (k: number): number => r[2 + k]?.median ?? Number.NaN;
  const rows = VARIANTS.map((v, i) => [
    v.name, formatNumber(bytes[i] ?? Number.NaN),
    formatSummary(r[2 * i] ?? summarize([])), formatRatio(ratio(r[2 * i]?.median ?? Number.NaN, typical(0))),
    formatSummary(r[2 * i + 1] ?? summarize([])), formatRatio(ratio(r[2 * i + 1]?.median ?? Number.NaN, typical(1))),
    formatBytes(heaps[i] ?? Number.NaN),
  ]);
  const chart: NamedChart = {
    name: "scale-token-size",
    spec: {
      title: "verify() against the token's size (EdDSA)",
      unit: "ops/s",
      ratioTo: "the typical token, same path",
      bars: cases.map((c, i) => ({ label: c.name, value: r[i]?.median ?? Number.NaN, ratio: ratio(r[i]?.median ?? Number.NaN, typical(i % 2)), accent: true })),
    },
  };
  const markdown = [
    `**Against the token's size** (EdDSA, \`verifySync\`; interleaved rounds as above; heap per cached verification over ${formatNumber(perCache)} distinct tokens of each kind, the tokens' own strings left out).`,
    markdownTable(
      [
        { title: "token" }, { title: "bytes", numeric: true }, { title: "uncached ops/s", numeric: true }, { title: "vs typical", numeric: true },
        { title: "cached ops/s", numeric: true }, { title: "vs typical", numeric: true }, { title: "heap per cached entry", numeric: true },
      ],
      rows,
    ),
    chartLink(chart),
  ].join("\n\n");
  return { markdown, charts: [chart], figures: { "scale.token_4kb_uncached_vs_typical": ratio(r[4]?.median ?? Number.NaN, typical(0)) } };
}
