// Argument parsing for the keys CLI. node:util parseArgs reads any argument that begins with "-" as an
// option, but a kid is a base64url RFC 7638 thumbprint and begins with "-" one time in 64. So only the
// options this CLI knows are options; everything else is a positional, and "--" ends the options.

export interface ParsedArgs {
  readonly positionals: readonly string[];
  readonly values: ReadonlyMap<string, string | true>;
}

const OPTION = /^--([a-z][a-z0-9-]*)(?:=(.*))?$/s;

/**
 * Splits `argv` into positionals and the known options. `strings` take a value (`--alg ES256` or
 * `--alg=ES256`); `flags` take none. An argument that looks like a lower-case long option (letters, digits,
 * hyphens) but is not
 * known is refused, so a typo such as `--forse` is not taken for a kid.
 *
 * @example
 * parseCliArgs(["promote", "f.json", "-s3k…", "--force"], { strings: [], flags: ["force"] })
 * // positionals ["promote", "f.json", "-s3k…"], values Map { "force" => true }
 */
export function parseCliArgs(
  argv: readonly string[],
  known: { readonly strings: readonly string[]; readonly flags: readonly string[] },
): ParsedArgs {
  const positionals: string[] = [];
  const values = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? "";
    if (arg === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    const match = OPTION.exec(arg);
    if (match === null) {
      positionals.push(arg);
      continue;
    }
    const name = match[1] ?? "";
    const inline = match[2];
    if (known.flags.includes(name)) {
      if (inline !== undefined) throw new TypeError(`--${name} takes no value`);
      values.set(name, true);
    } else if (known.strings.includes(name)) {
      const value = inline ?? argv[i + 1];
      if (value === undefined) throw new TypeError(`--${name} needs a value`);
      if (inline === undefined) i += 1;
      values.set(name, value);
    } else {
      throw new TypeError(`unknown option --${name}`);
    }
  }
  return { positionals, values };
}
