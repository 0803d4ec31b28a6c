// The suite's command line: `pnpm bench -- [--only a,b] [--quick] [--full] [--no-write] [--out dir]`,
// and the two flags the parent passes to a section's own process.
import { SECTION_IDS, isSectionId, type SectionId } from "../harness/section.js";

/** Parsed command line. */
export interface Args {
  readonly only: readonly SectionId[];
  readonly quick: boolean;
  readonly full: boolean;
  /** Print the report only; write neither BENCHMARKS.md nor charts (the per-package bench scripts). */
  readonly write: boolean;
  /** Where BENCHMARKS.md and docs/bench/ go; undefined: the repository root. */
  readonly out: string | undefined;
  /** Set in a section's own process: which section to run, and the file its result goes to. */
  readonly section: { readonly id: SectionId; readonly result: string } | undefined;
}

/** The usage line printed with an argument error. */
export const USAGE = `usage: pnpm bench -- [--only ${SECTION_IDS.join(",")}] [--quick] [--full] [--no-write] [--out <dir>]`;

function value(argv: readonly string[], i: number, flag: string): string {
  const next = argv[i + 1];
  if (next === undefined || next.startsWith("--")) throw new TypeError(`${flag} needs a value\n${USAGE}`);
  return next;
}

function sections(list: string): SectionId[] {
  const names = list.split(",").map((s) => s.trim()).filter((s) => s.length > 0);
  if (names.length === 0) throw new TypeError(`--only needs at least one section\n${USAGE}`);
  for (const name of names) if (!isSectionId(name)) throw new TypeError(`unknown section "${name}"\n${USAGE}`);
  // Report order, whatever order they were named in.
  return SECTION_IDS.filter((id) => names.includes(id));
}

/**
 * Parses the suite's arguments; a lone `--` (what `pnpm bench -- …` passes on) is skipped.
 * Throws TypeError, with the usage, for an unknown flag or section.
 *
 * @example
 * ```ts
 * parseArgs(["--only", "verify,services", "--quick"]).only; // ["verify", "services"]
 * ```
 */
export function parseArgs(argv: readonly string[]): Args {
  let only: readonly SectionId[] = SECTION_IDS;
  let quick = false;
  let full = false;
  let write = true;
  let out: string | undefined;
  let sectionId: SectionId | undefined;
  let result: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    switch (arg) {
      case "--":
        break;
      case "--only":
        only = sections(value(argv, i++, arg));
        break;
      case "--quick":
        quick = true;
        break;
      case "--full":
        full = true;
        break;
      case "--no-write":
        write = false;
        break;
      case "--out":
        out = value(argv, i++, arg);
        break;
      case "--section": {
        const id = value(argv, i++, arg);
        if (!isSectionId(id)) throw new TypeError(`unknown section "${id}"\n${USAGE}`);
        sectionId = id;
        break;
      }
      case "--result":
        result = value(argv, i++, arg);
        break;
      default:
        throw new TypeError(`unknown argument "${String(arg)}"\n${USAGE}`);
    }
  }
  if ((sectionId === undefined) !== (result === undefined)) throw new TypeError("--section and --result go together");
  const section = sectionId !== undefined && result !== undefined ? { id: sectionId, result } : undefined;
  return { only, quick, full, write, out, section };
}
