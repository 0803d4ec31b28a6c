// `pnpm bench`: runs the selected sections one after the other, each in a process of its own, then
// writes BENCHMARKS.md and docs/bench/*.svg at the repository root (from scratch), or with
// --no-write prints the report only. In a section's own process (--section), runs that section.
import { mkdir, readdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs, type Args } from "./cli/args.js";
import { MEASURED_PACKAGES, load, machine, packageVersion, redisVersion } from "./harness/machine.js";
import { CHART_DIR, encodeResult, runHere, runInChild, type Section, type SectionId, type SectionResult } from "./harness/section.js";
import { barChart } from "./report/chart.js";
import { renderDocument, type RunInfo } from "./report/document.js";
import { targetRows, targetsTable } from "./report/targets.js";
import { rssFromServices } from "./sections/memory/rss.js";

// Loaded on demand: a section's process imports only its own code.
const SECTIONS: Readonly<Record<SectionId, () => Promise<Section>>> = {
  verify: async () => (await import("./sections/verify/section.js")).verifySection,
  stateful: async () => (await import("./sections/stateful/section.js")).statefulSection,
  services: async () => (await import("./sections/services/section.js")).servicesSection,
  revocation: async () => (await import("./sections/revocation/section.js")).revocationSection,
  issuer: async () => (await import("./sections/issuer/section.js")).issuerSection,
  memory: async () => (await import("./sections/memory/section.js")).memorySection,
  scale: async () => (await import("./sections/scale/section.js")).scaleSection,
};

const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const progress = (line: string): void => {
  process.stderr.write(`bench: ${line}\n`);
};

async function runSectionProcess(id: SectionId, resultFile: string, args: Args): Promise<void> {
  const section = await SECTIONS[id]();
  const result = await runHere(section, { quick: args.quick, full: args.full }, progress);
  await writeFile(resultFile, encodeResult(result));
}

async function writeReport(root: string, document: string, results: readonly SectionResult[]): Promise<string[]> {
  const dir = join(root, CHART_DIR);
  await mkdir(dir, { recursive: true });
  // From scratch: charts of an earlier run that this one did not draw must not linger.
  for (const name of await readdir(dir)) if (name.endsWith(".svg")) await rm(join(dir, name));
  const written = [join(root, "BENCHMARKS.md")];
  for (const { charts } of results) {
    for (const chart of charts) {
      const file = join(dir, `${chart.name}.svg`);
      await writeFile(file, barChart(chart.spec));
      written.push(file);
    }
  }
  await writeFile(join(root, "BENCHMARKS.md"), document);
  return written;
}

async function runSuite(args: Args): Promise<void> {
  const started = performance.now();
  const loadBefore = load();
  const flags = [...(args.quick ? ["--quick"] : []), ...(args.full ? ["--full"] : [])];
  if (args.quick) progress("--quick: fewer and shorter rounds; the figures are indicative only");
  const results: SectionResult[] = [];
  const entry = fileURLToPath(import.meta.url);
  for (const id of args.only) {
    progress(`section ${id}`);
    const result = await runInChild(entry, id, flags);
    progress(`section ${id} done in ${result.seconds.toFixed(0)} s`);
    results.push(result);
  }
  const info: RunInfo = {
    date: new Date(),
    machine: machine(),
    loadBefore,
    loadAfter: load(),
    versions: { ...Object.fromEntries(MEASURED_PACKAGES.map((name) => [name, packageVersion(name)])), "redis-server": redisVersion() },
    settings: { quick: args.quick, full: args.full },
    seconds: (performance.now() - started) / 1000,
  };
  const document = renderDocument(info, results, { memory: rssFromServices });
  if (!args.write) {
    process.stdout.write(document);
    return;
  }
  const written = await writeReport(args.out ?? REPO_ROOT, document, results);
  const figures = Object.assign({}, ...results.map((r) => r.figures)) as Record<string, number>;
  process.stdout.write(`${targetsTable(targetRows(figures))}\n\nwrote ${written.join(", ")}\n`);
}

let args: Args;
try {
  args = parseArgs(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof TypeError)) throw error;
  process.stderr.write(`bench: ${error.message}\n`);
  process.exit(2);
}
if (args.section === undefined) await runSuite(args);
else await runSectionProcess(args.section.id, args.section.result, args);
