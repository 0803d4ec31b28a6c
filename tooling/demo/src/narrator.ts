// How the demo speaks: a numbered heading per step, one short line of explanation, then what was
// seen, each line marked as expected or not. Colours only on a terminal, and never with NO_COLOR
// (https://no-color.org: any non-empty value).

/** The outcome of one check inside a step. */
export type Mark = "ok" | "fail" | "skip" | "info";

/** Where the demo writes. */
export interface Sink {
  write(text: string): unknown;
}

const CODES = { bold: "1", dim: "2", red: "31", green: "32", yellow: "33", cyan: "36" } as const;
type Style = keyof typeof CODES;

/**
 * Whether to colour: `NO_COLOR` set and non-empty turns colour off; otherwise only on a TTY.
 *
 * @example
 * ```ts
 * useColour(process.stdout, process.env); // false under NO_COLOR=1 or when piped
 * ```
 */
export function useColour(stream: { readonly isTTY?: boolean }, env: Readonly<Record<string, string | undefined>>): boolean {
  const noColor = env.NO_COLOR;
  if (noColor !== undefined && noColor !== "") return false;
  return stream.isTTY === true;
}

const SYMBOL: Record<Mark, string> = { ok: "✓", fail: "✗", skip: "–", info: "·" };
const MARK_STYLE: Record<Mark, Style> = { ok: "green", fail: "red", skip: "yellow", info: "dim" };

/**
 * Writes the story. Every line goes through `paint`, so a plain run has no escape codes at all.
 *
 * @example
 * ```ts
 * const n = new Narrator(process.stdout, useColour(process.stdout, process.env));
 * n.heading(1, "alice logs in", "One password-grant login at the issuer.");
 * n.line("ok", "200, token_type Bearer, expires_in 300");
 * ```
 */
export class Narrator {
  readonly #sink: Sink;
  readonly #colour: boolean;

  constructor(sink: Sink, colour: boolean) {
    this.#sink = sink;
    this.#colour = colour;
  }

  paint(style: Style, text: string): string {
    return this.#colour ? `\u001b[${CODES[style]}m${text}\u001b[0m` : text;
  }

  /** The story's title. */
  title(text: string): void {
    this.#sink.write(`${this.paint("bold", text)}\n`);
  }

  /** A numbered step and the one line that says why it matters. */
  heading(n: number, title: string, why: string): void {
    this.#sink.write(`\n${this.paint("bold", `${n}. ${title}`)}\n   ${this.paint("dim", why)}\n`);
  }

  /** One observation, marked. */
  line(mark: Mark, text: string): void {
    this.#sink.write(`   ${this.paint(MARK_STYLE[mark], SYMBOL[mark])} ${text}\n`);
  }

  /** Lines shown as they are (a decoded token, a table), indented. */
  block(lines: readonly string[]): void {
    for (const l of lines) this.#sink.write(`     ${this.paint("cyan", l)}\n`);
  }

  /** A plain line outside any step. */
  note(text: string): void {
    this.#sink.write(`${text}\n`);
  }

  /** The closing table: one row per step, the mark coloured. */
  table(header: readonly string[], rows: readonly (readonly [Mark, ...string[]])[]): void {
    const cells = rows.map(([mark, ...rest]) => [SYMBOL[mark], ...rest]);
    const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? "").length)));
    const format = (c: readonly string[]): string => c.map((v, i) => v.padEnd(widths[i] ?? 0)).join("  ").trimEnd();
    this.#sink.write(`\n${this.paint("bold", format(header))}\n`);
    this.#sink.write(`${widths.map((w) => "-".repeat(w)).join("  ")}\n`);
    rows.forEach(([mark], i) => {
      const text = format(cells[i] ?? []);
      // The mark column is the first; colour it without disturbing the padding.
      this.#sink.write(`${this.paint(MARK_STYLE[mark], text.slice(0, 1))}${text.slice(1)}\n`);
    });
  }
}
