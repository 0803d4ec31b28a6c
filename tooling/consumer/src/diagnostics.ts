// tsc's diagnostics, sorted into ours and third parties'. The consumer project checks every
// declaration file (skipLibCheck off), so a published type error of ours cannot hide; but it
// also sees third-party ones that a consumer cannot fix either (see the README), and those are
// kept apart rather than failing the check.

/**
 * One `error TSnnnn` of tsc's plain output.
 *
 * @example
 * ```ts
 * const d: Diagnostic = { file: "esm/a.ts", code: "TS2322", message: "Type 'number' is not assignable to type 'string'." };
 * ```
 */
export interface Diagnostic {
  /** The file as tsc prints it (relative to the project), or "" for a global error. */
  readonly file: string;
  readonly code: string;
  /** The first line of the message. */
  readonly message: string;
}

const LOCATED = /^(.+?)\(\d+,\d+\): error (TS\d+): (.*)$/;
const GLOBAL = /^error (TS\d+): (.*)$/;

/**
 * The errors in tsc's output (`--pretty false`, which is tsc's default when not on a terminal).
 *
 * @example
 * ```ts
 * tscDiagnostics("esm/a.ts(1,7): error TS2322: Type 'number' is not assignable to type 'string'.");
 * // [{ file: "esm/a.ts", code: "TS2322", message: "Type 'number' is not assignable to type 'string'." }]
 * ```
 */
export function tscDiagnostics(output: string): Diagnostic[] {
  const found: Diagnostic[] = [];
  for (const line of output.split("\n")) {
    const located = LOCATED.exec(line.trimEnd());
    if (located !== null) {
      found.push({ file: located[1] ?? "", code: located[2] ?? "", message: located[3] ?? "" });
      continue;
    }
    const global = GLOBAL.exec(line.trimEnd());
    if (global !== null) found.push({ file: "", code: global[1] ?? "", message: global[2] ?? "" });
  }
  return found;
}

/**
 * Whether a diagnostic is in a third party's declaration file: under node_modules, and not in
 * a package of our scope. Everything else (the programs, our packages, global errors) is ours.
 *
 * @example
 * ```ts
 * isThirdParty({ file: "node_modules/@types/koa/index.d.ts", code: "TS2694", message: "" }); // true
 * isThirdParty({ file: "node_modules/@org/token/dist/index.d.ts", code: "TS2307", message: "" }); // false
 * ```
 */
export function isThirdParty(diagnostic: Diagnostic, scope = "@org"): boolean {
  const file = diagnostic.file.replaceAll("\\", "/");
  return /(?:^|\/)node_modules\//.test(file) && !file.includes(`node_modules/${scope}/`);
}
