// Number and table formatting for BENCHMARKS.md: pure functions, tested.
import type { Summary } from "../harness/stats.js";

/**
 * A count or rate with thousands separators, e.g. `12,345`; figures under 100 keep significant
 * digits (`3.42`, `0.081`).
 *
 * @example
 * ```ts
 * formatNumber(12345.6); // "12,346"
 * formatNumber(3.4219); // "3.42"
 * ```
 */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return "n/a";
  const abs = Math.abs(value);
  if (abs >= 100 || abs === 0) return Math.round(value).toLocaleString("en-US");
  if (abs >= 10) return value.toFixed(1);
  if (abs >= 1) return value.toFixed(2);
  return value.toPrecision(2);
}

/**
 * A ratio as `0.95x`; `n/a` when it could not be formed.
 *
 * @example
 * ```ts
 * formatRatio(0.9512); // "0.95x"
 * ```
 */
export function formatRatio(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(2)}x` : "n/a";
}

/**
 * A median with its spread: `12,345 ±4%`.
 *
 * @example
 * ```ts
 * formatSummary({ median: 12345, spread: 0.04, rounds: 5 }); // "12,345 ±4%"
 * ```
 */
export function formatSummary(summary: Summary): string {
  return `${formatNumber(summary.median)} ±${String(Math.round(summary.spread * 100))}%`;
}

/**
 * Bytes in binary units: `512 B`, `1.5 KiB`, `38.2 MiB`.
 *
 * @example
 * ```ts
 * formatBytes(40_000_000); // "38.1 MiB"
 * ```
 */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return "n/a";
  const units = ["B", "KiB", "MiB", "GiB"] as const;
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${String(Math.round(value))} B` : `${value.toFixed(1)} ${units[unit] ?? ""}`;
}

/** One column of a {@link markdownTable}: its heading and whether figures align right. */
export interface Column {
  readonly title: string;
  readonly numeric?: boolean;
}

/** Characters that would break a table cell. */
function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

/**
 * A GitHub-flavoured Markdown table; numeric columns align right. Throws TypeError when a row
 * has another number of cells than there are columns.
 *
 * @example
 * ```ts
 * markdownTable([{ title: "case" }, { title: "ops/s", numeric: true }], [["jose", "12,000"]]);
 * // "| case | ops/s |\n| --- | ---: |\n| jose | 12,000 |"
 * ```
 */
export function markdownTable(columns: readonly Column[], rows: readonly (readonly string[])[]): string {
  for (const row of rows) {
    if (row.length !== columns.length) throw new TypeError(`a row has ${String(row.length)} cells for ${String(columns.length)} columns`);
  }
  const head = `| ${columns.map((c) => cell(c.title)).join(" | ")} |`;
  const rule = `| ${columns.map((c) => (c.numeric === true ? "---:" : "---")).join(" | ")} |`;
  return [head, rule, ...rows.map((row) => `| ${row.map(cell).join(" | ")} |`)].join("\n");
}
