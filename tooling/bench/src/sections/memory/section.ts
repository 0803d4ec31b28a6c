// Section 6: memory. The two bounds a resource service keeps in its heap, measured at their cap:
// the verified-token cache and the revocation replica's state. (The services' RSS, idle and after
// load, comes from the services section; see rss.ts.)
import { DEFAULT_MAX_ENTRIES } from "@org/revocation";
import { DEFAULT_CACHE_ENTRIES, createSigner, createVerifier, generateKey, staticKeys } from "@org/token";
import { settledHeap } from "../../harness/heap.js";
import type { Section, SectionOutput } from "../../harness/section.js";
import { formatBytes, formatNumber, markdownTable } from "../../report/format.js";
import { NOW, entryAt, measuredState } from "../scale/state.js";
import { ISSUER, typicalInput } from "../verify/cases.js";

const AUDIENCE = "urn:demo:express";

/** The verified-token cache at its default cap: entries kept after 1.5 × cap tokens, heap at cap. */
async function cacheAtCap(): Promise<{ entries: number; heap: number; tokenBytes: number }> {
  const key = await generateKey("EdDSA");
  const signer = createSigner({ keys: key, issuer: ISSUER, accessTokenTtl: 3600 });
  const tokens: string[] = [];
  for (let i = 0; i < DEFAULT_CACHE_ENTRIES * 1.5; i++) tokens.push((await signer.accessToken(typicalInput({ n: i }))).token);
  const filled = await (async () => {
    const verifier = createVerifier({ issuer: ISSUER, audience: AUDIENCE, keys: staticKeys(key) });
    for (const token of tokens) verifier.verifySync(token);
    const heap = await settledHeap();
    // Read after the heap, so the verifier is still alive when it is measured.
    return { entries: verifier.stats().cacheEntries, heap };
  })();
  // The verifier is out of scope: its cache can be collected; the tokens stay, so they are not counted.
  return { entries: filled.entries, heap: filled.heap - (await settledHeap()), tokenBytes: tokens[0]?.length ?? 0 };
}

/** The revocation state at `size` entries (the cap, or a quick fraction of it), and whether it refuses one more. */
async function replicaAt(size: number): Promise<{ heapPerEntry: number; refusesMore: boolean }> {
  const { state, heapPerEntry } = await measuredState(size, size);
  state.apply(entryAt(size), NOW);
  return { heapPerEntry, refusesMore: state.overflowed && state.size === size };
}

/** Section 6 of BENCHMARKS.md. */
export const memorySection: Section = {
  id: "memory",
  title: "Memory",
  async run(run, log): Promise<SectionOutput> {
    log("memory: the verified-token cache at its cap");
    const cache = await cacheAtCap();
    const size = run.quick ? DEFAULT_MAX_ENTRIES / 10 : DEFAULT_MAX_ENTRIES;
    log(`memory: the revocation state at ${String(size)} entries`);
    const replica = await replicaAt(size);
    const replicaAtCap = replica.heapPerEntry * DEFAULT_MAX_ENTRIES;
    const markdown = [
      "The bounds of the resource services' heaps, each filled to its cap in this process (`--expose-gc`, heap read after full collections):",
      markdownTable(
        [{ title: "bound" }, { title: "cap", numeric: true }, { title: "kept at the cap", numeric: true }, { title: "heap per entry", numeric: true }, { title: "heap at the cap", numeric: true }],
        [
          [
            `verified-token cache (typical ${String(cache.tokenBytes)}-byte tokens; ${formatNumber(DEFAULT_CACHE_ENTRIES * 1.5)} verified)`,
            formatNumber(DEFAULT_CACHE_ENTRIES), formatNumber(cache.entries), formatBytes(cache.heap / cache.entries), formatBytes(cache.heap),
          ],
          [
            `revocation replica state (the mix of the scale section${run.quick ? `; --quick: measured at ${formatNumber(size)} entries, scaled to the cap` : ""})`,
            formatNumber(DEFAULT_MAX_ENTRIES), replica.refusesMore ? `${formatNumber(size)}, one more refused` : "**not bounded**",
            formatBytes(replica.heapPerEntry), formatBytes(replicaAtCap),
          ],
        ],
      ),
      "Past its cap the cache drops its least recently used entry; the replica refuses new targets and fails closed (it reports `unavailable` " +
        "and every check throws `revocation_unavailable`), since a state that dropped entries would accept revoked tokens.",
    ].join("\n\n");
    return {
      markdown,
      charts: [],
      figures: { "memory.cache_bytes_at_cap": cache.heap, "memory.replica_bytes_at_cap": replicaAtCap },
    };
  },
};
