// The findings of the stateless/stateful section, written from the figures: who wins where, and
// what a network round trip would add (not measured here: everything runs on loopback).
import { formatNumber, formatRatio } from "../../report/format.js";
import { ratio } from "../../harness/stats.js";

/** The p50 figures (µs) the text compares. */
export interface StatefulFigures {
  readonly verifyUncached: number;
  readonly verifyCached: number;
  readonly session: number;
  /** CPU µs of a session lookup, client and redis-server together. */
  readonly sessionCpu: number;
  readonly verifyCachedCpu: number;
  readonly naive: number;
  readonly replica: number;
}

/** Round trips a datacentre network adds, µs: same zone, across zones. */
const RTTS = [250, 1000] as const;

/**
 * The section's closing paragraphs.
 *
 * @example
 * ```ts
 * explain({ verifyUncached: 60, verifyCached: 2, session: 40, sessionCpu: 30, verifyCachedCpu: 2, naive: 42, replica: 2.1 });
 * ```
 */
export function explain(f: StatefulFigures): string {
  const µs = (v: number): string => `${formatNumber(v)} µs`;
  const first =
    f.verifyUncached <= f.session
      ? `A first request's full verification (${µs(f.verifyUncached)}) already costs no more than a session lookup on loopback (${µs(f.session)}).`
      : `On loopback a session lookup (${µs(f.session)}) is cheaper than a first request's full signature verification (${µs(f.verifyUncached)}): ` +
        "there the session wins, once per token.";
  return [
    "**Where each wins.** " +
      first +
      ` Every later request with the same token is served by the verified-token cache in ${µs(f.verifyCached)} ` +
      `(${formatRatio(ratio(f.verifyCached, f.session))} of the lookup) and ${µs(f.verifyCachedCpu)} of CPU, against ${µs(f.sessionCpu)} of CPU ` +
      "for the lookup (client and redis-server); the stateless path also needs no shared store to stay up. " +
      `A Redis GET per request on top of verification (the naive revocation check, ${µs(f.naive)}) gives the round trip back; ` +
      `the in-memory replica keeps the check at ${µs(f.replica)}.`,
    "**A real network** (not measured here: every process runs on this machine, on loopback) adds one round trip to every request " +
      "that asks Redis: `latency ≈ t_verify + t_GET(loopback) + RTT`, while the stateless and replica paths add `0`. " +
      `At an RTT of ${RTTS.map((rtt) => `${µs(rtt)} a session lookup takes about ${µs(f.session + rtt)} and the naive check ${µs(f.naive + rtt)}`).join("; at ")}, ` +
      `against ${µs(f.replica)} for the replica. A handler that waits on Redis also holds its request that much longer: ` +
      "requests in flight ≈ requests/s × latency (Little's law).",
  ].join("\n\n");
}
