// What a section of the suite is, and the plumbing that runs each one in a process of its own:
// a fresh heap and JIT per section, so that one section's garbage or warm code never counts for
// another, and one measurement at a time.
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ChartSpec } from "../report/chart.js";

/** The sections of BENCHMARKS.md, in order. */
export const SECTION_IDS = ["verify", "stateful", "services", "revocation", "issuer", "memory", "scale"] as const;
export type SectionId = (typeof SECTION_IDS)[number];

/** How long to measure: `quick` for trying the suite out; `full` adds the costly cases. */
export interface RunSettings {
  readonly quick: boolean;
  readonly full: boolean;
}

/** A chart of a section, written to docs/bench/<name>.svg. */
export interface NamedChart {
  readonly name: string;
  readonly spec: ChartSpec;
}

/** What a section measured, ready for the report. */
export interface SectionOutput {
  /** Markdown under the section's heading: method notes, tables, findings. */
  readonly markdown: string;
  readonly charts: readonly NamedChart[];
  /** Figures the Targets table reads, by stable key (see report/targets.ts). */
  readonly figures: Readonly<Record<string, number>>;
  /** Structured figures another section's text uses (the services' RSS for the memory section). */
  readonly data?: Readonly<Record<string, unknown>>;
}

/** A section's output with its id and how long it took. */
export interface SectionResult extends SectionOutput {
  readonly id: SectionId;
  readonly seconds: number;
}

/** One section of the suite. */
export interface Section {
  readonly id: SectionId;
  readonly title: string;
  run(settings: RunSettings, log: (line: string) => void): Promise<SectionOutput>;
}

/**
 * Whether `name` is a section id.
 *
 * @example
 * ```ts
 * isSectionId("verify"); // true
 * ```
 */
export function isSectionId(name: string): name is SectionId {
  return (SECTION_IDS as readonly string[]).includes(name);
}

// JSON has no NaN: a figure that could not be measured travels as this string.
const NAN = "NaN";

/**
 * A section result as JSON, NaN kept.
 *
 * @example
 * ```ts
 * decodeResult(encodeResult(result)); // equal to result, NaN included
 * ```
 */
export function encodeResult(result: SectionResult): string {
  return JSON.stringify(result, (_key, value: unknown) => (typeof value === "number" && Number.isNaN(value) ? NAN : value));
}

/**
 * The inverse of {@link encodeResult}. Throws on text that is not a section result.
 *
 * @example
 * ```ts
 * const result = decodeResult(await readFile(file, "utf8"));
 * ```
 */
export function decodeResult(text: string): SectionResult {
  const value: unknown = JSON.parse(text, (_key, v: unknown) => (v === NAN ? Number.NaN : v));
  if (typeof value !== "object" || value === null) throw new Error("a section result must be an object");
  const r = value as Partial<SectionResult>;
  if (typeof r.id !== "string" || !isSectionId(r.id) || typeof r.markdown !== "string" || !Array.isArray(r.charts)) {
    throw new Error("not a section result");
  }
  return value as SectionResult;
}

/**
 * Runs `section` here and times it (what the child process does).
 *
 * @example
 * ```ts
 * const result = await runHere(verifySection, { quick: true, full: false }, console.log);
 * ```
 */
export async function runHere(section: Section, settings: RunSettings, log: (line: string) => void): Promise<SectionResult> {
  const started = performance.now();
  const output = await section.run(settings, log);
  return { ...output, id: section.id, seconds: (performance.now() - started) / 1000 };
}

/**
 * Runs one section in a child process: `node --expose-gc <entry> --section <id> --result <file>`
 * plus `flags`; its output goes to this process's stderr as progress. Rejects when the child fails.
 *
 * @example
 * ```ts
 * const result = await runInChild(fileURLToPath(import.meta.url), "verify", ["--quick"]);
 * ```
 */
export async function runInChild(entry: string, id: SectionId, flags: readonly string[]): Promise<SectionResult> {
  const dir = await mkdtemp(join(tmpdir(), "bench-section-"));
  const file = join(dir, "result.json");
  try {
    await writeFile(file, "");
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(process.execPath, ["--expose-gc", entry, "--section", id, "--result", file, ...flags], {
        stdio: ["ignore", "inherit", "inherit"],
      });
      child.once("error", reject);
      child.once("exit", (exitCode, signal) => {
        resolve(signal === null ? exitCode : 128);
      });
    });
    if (code !== 0) throw new Error(`section ${id} failed (exit code ${String(code)})`);
    return decodeResult(await readFile(file, "utf8"));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Where the charts go, relative to the repository root (and so to BENCHMARKS.md). */
export const CHART_DIR = "docs/bench";

/**
 * The Markdown image of a chart, for a section to place under its table.
 *
 * @example
 * ```ts
 * chartLink(chart); // "![EdDSA: verifications per second](docs/bench/verify-eddsa.svg)"
 * ```
 */
export function chartLink(chart: NamedChart): string {
  return `![${chart.spec.title}](${CHART_DIR}/${chart.name}.svg)`;
}
