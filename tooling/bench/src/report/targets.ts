// The targets, judged from the figures the sections measured (never written by hand).
import { ALGORITHMS } from "@org/token";
import { formatRatio, markdownTable } from "./format.js";

/** One target: which figure, how it is judged, and the verdict. */
export interface TargetRow {
  readonly target: string;
  readonly figure: number;
  readonly threshold: string;
  /** undefined: the figure was not measured in this run. */
  readonly met: boolean | undefined;
}

/** The transports whose protected/unprotected ratio is a target. */
export const TRANSPORTS = ["express", "koa", "grpc"] as const;

/** How much the per-probe cost of a revocation lookup may grow from the smallest to the largest state. */
export const LOOKUP_GROWTH_LIMIT = 1.5;

function judge(figure: number | undefined, ok: (v: number) => boolean): { figure: number; met: boolean | undefined } {
  if (figure === undefined || !Number.isFinite(figure)) return { figure: Number.NaN, met: undefined };
  return { figure, met: ok(figure) };
}

/**
 * Every target row, from the merged figures of the sections that ran.
 *
 * @example
 * ```ts
 * targetRows({ "verify.EdDSA.uncached_vs_floorplus": 0.97 })[3]; // { target: "uncached verify() ≥ 0.95x floor+, EdDSA", met: true, … }
 * ```
 */
export function targetRows(figures: Readonly<Record<string, number>>): TargetRow[] {
  const rows: TargetRow[] = [];
  for (const t of TRANSPORTS) {
    const v = judge(figures[`services.${t}.on.ratio`], (x) => x >= 0.9);
    rows.push({ target: `protected / unprotected requests/s, revocation on, ${t}`, threshold: "≥ 0.90", ...v });
  }
  for (const alg of ALGORITHMS) {
    const v = judge(figures[`verify.${alg}.uncached_vs_floorplus`], (x) => x >= 0.95);
    rows.push({ target: `uncached verify() / floor+, ${alg}`, threshold: "≥ 0.95", ...v });
  }
  for (const alg of ALGORITHMS) {
    const v = judge(figures[`verify.${alg}.cached_vs_fastjwt_cached`], (x) => x >= 1);
    rows.push({ target: `cached verify() / fast-jwt cached, ${alg}`, threshold: "≥ 1.00", ...v });
  }
  const growth = judge(figures["scale.lookup_growth"], (x) => x <= LOOKUP_GROWTH_LIMIT);
  rows.push({
    target: "revocation lookup cost, largest / smallest state (each per bare Map.has at its size)",
    threshold: `≤ ${LOOKUP_GROWTH_LIMIT.toFixed(2)}`,
    ...growth,
  });
  return rows;
}

/**
 * The Targets table of BENCHMARKS.md.
 *
 * @example
 * ```ts
 * targetsTable(targetRows(figures));
 * ```
 */
export function targetsTable(rows: readonly TargetRow[]): string {
  const verdict = (met: boolean | undefined): string => (met === undefined ? "not measured" : met ? "met" : "**missed**");
  return markdownTable(
    [{ title: "target" }, { title: "figure", numeric: true }, { title: "needs" }, { title: "verdict" }],
    rows.map((r) => [r.target, formatRatio(r.figure), r.threshold, verdict(r.met)]),
  );
}
