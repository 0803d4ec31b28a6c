// The first table of the memory section: each service's RSS idle and after the services section's
// load, taken from that section's result (the same processes; no second load).
import type { SectionResult } from "../../harness/section.js";
import { formatBytes, formatRatio, markdownTable } from "../../report/format.js";
import { ratio } from "../../harness/stats.js";

/** One process of the services section. */
export interface RssRow {
  readonly server: string;
  readonly idleBytes: number;
  readonly afterBytes: number;
}

function isRssRow(value: unknown): value is RssRow {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.server === "string" && typeof v.idleBytes === "number" && typeof v.afterBytes === "number";
}

/**
 * The RSS table from the services section's result, or a line saying it did not run.
 *
 * @example
 * ```ts
 * rssFromServices(results); // "| process | RSS idle | … |"
 * ```
 */
export function rssFromServices(results: readonly SectionResult[]): string {
  const services = results.find((r) => r.id === "services");
  const rows: unknown = services?.data?.rss;
  if (!Array.isArray(rows)) return "RSS of the services: not measured in this run (it comes from the services section: `--only services,memory`).";
  const valid = rows.filter(isRssRow);
  return [
    "RSS of each process of the services section (`/proc/<pid>/status` VmRSS), idle after start and again after all its rounds of load:",
    markdownTable(
      [{ title: "process" }, { title: "RSS idle", numeric: true }, { title: "RSS after load", numeric: true }, { title: "after / idle", numeric: true }],
      valid.map((r) => [r.server, formatBytes(r.idleBytes), formatBytes(r.afterBytes), formatRatio(ratio(r.afterBytes, r.idleBytes))]),
    ),
  ].join("\n\n");
}
