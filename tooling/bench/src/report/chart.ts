// Horizontal bar charts as SVG text. Hand-written: a chart here is a few rectangles and labels,
// and a charting library would add a dependency (and a headless browser) for no better result.
// Pure: the same spec always gives the same bytes, so regenerated charts diff cleanly.

/** One bar: its label, its value in the chart's unit, and the ratio printed on it. */
export interface Bar {
  readonly label: string;
  readonly value: number;
  /** Printed after the value, e.g. 0.95 → "0.95x"; omitted when undefined. */
  readonly ratio?: number;
  /** Drawn in the accent colour: the project's own cases. */
  readonly accent?: boolean;
}

/** What a chart shows. */
export interface ChartSpec {
  readonly title: string;
  /** The unit of every value, e.g. "ops/s" or "µs per request". */
  readonly unit: string;
  /** What the ratios are relative to, e.g. "floor+"; printed in the subtitle. */
  readonly ratioTo?: string;
  readonly bars: readonly Bar[];
}

const WIDTH = 820;
const BAR_HEIGHT = 20;
const GAP = 8;
const TOP = 56;
const PAD = 12;
const VALUE_SPACE = 190;
const CHAR_WIDTH = 6.6; // 12 px sans-serif, an average glyph
const MAX_LABEL = 300;

// Mid-tone fills read on white and on dark backgrounds alike; text follows the viewer's scheme.
const STYLE = [
  "text{font:12px -apple-system,'Segoe UI',Helvetica,Arial,sans-serif;fill:#57606a}",
  ".t{font-size:15px;font-weight:600;fill:#24292f}",
  ".v{fill:#24292f}",
  ".b{fill:#8c959f}.a{fill:#2f81f7}",
  "@media (prefers-color-scheme:dark){text{fill:#8b949e}.t,.v{fill:#e6edf3}}",
].join("");

/**
 * Text made safe for SVG content and attributes.
 *
 * @example
 * ```ts
 * escapeXml("a < b & c"); // "a &lt; b &amp; c"
 * ```
 */
export function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}

function shortNumber(value: number): string {
  if (value >= 1e6) return `${(value / 1e6).toFixed(2)}M`;
  if (value >= 1e4) return `${(value / 1e3).toFixed(1)}k`;
  if (value >= 100) return Math.round(value).toLocaleString("en-US");
  if (value >= 1) return value.toFixed(2);
  return value.toPrecision(2);
}

/** The text printed after a bar: value, unit and ratio. */
export function barText(bar: Bar, unit: string): string {
  if (!Number.isFinite(bar.value)) return "n/a";
  const ratio = bar.ratio !== undefined && Number.isFinite(bar.ratio) ? ` · ${bar.ratio.toFixed(2)}x` : "";
  return `${shortNumber(bar.value)} ${unit}${ratio}`;
}

/**
 * Renders a horizontal bar chart: a title, the unit (and what ratios compare to) under it, one
 * labelled bar per value, scaled to the largest, with value and ratio printed after each bar.
 * Throws TypeError for a chart without bars or with a negative value; a NaN value draws no bar and
 * reads "n/a".
 *
 * @example
 * ```ts
 * const svg = barChart({ title: "EdDSA verify", unit: "ops/s", ratioTo: "floor+", bars: [{ label: "floor+", value: 20000, ratio: 1 }] });
 * ```
 */
export function barChart(spec: ChartSpec): string {
  if (spec.bars.length === 0) throw new TypeError("a chart needs at least one bar");
  for (const bar of spec.bars) {
    if (bar.value < 0) throw new TypeError(`bar "${bar.label}" has a negative value`);
  }
  const longest = Math.max(...spec.bars.map((b) => b.label.length));
  const labelWidth = Math.min(MAX_LABEL, Math.ceil(longest * CHAR_WIDTH) + PAD);
  const barSpace = WIDTH - labelWidth - VALUE_SPACE - 2 * PAD;
  const max = Math.max(...spec.bars.map((b) => (Number.isFinite(b.value) ? b.value : 0)));
  const height = TOP + spec.bars.length * (BAR_HEIGHT + GAP) + PAD;
  const subtitle = spec.ratioTo === undefined ? spec.unit : `${spec.unit}; ratio to ${spec.ratioTo}`;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${String(WIDTH)}" height="${String(height)}" viewBox="0 0 ${String(WIDTH)} ${String(height)}" role="img" aria-label="${escapeXml(spec.title)}">`,
    `<style>${STYLE}</style>`,
    `<text class="t" x="${String(PAD)}" y="22">${escapeXml(spec.title)}</text>`,
    `<text x="${String(PAD)}" y="40">${escapeXml(subtitle)}</text>`,
  ];
  spec.bars.forEach((bar, i) => {
    const y = TOP + i * (BAR_HEIGHT + GAP);
    const w = Number.isFinite(bar.value) && max > 0 ? Math.max(1, Math.round((bar.value / max) * barSpace)) : 0;
    const x = PAD + labelWidth;
    const textY = y + BAR_HEIGHT / 2 + 4;
    const label = bar.label.length * CHAR_WIDTH > MAX_LABEL ? `${bar.label.slice(0, Math.floor(MAX_LABEL / CHAR_WIDTH) - 2)}…` : bar.label;
    parts.push(
      `<text x="${String(x - 6)}" y="${String(textY)}" text-anchor="end">${escapeXml(label)}</text>`,
      `<rect class="${bar.accent === true ? "a" : "b"}" x="${String(x)}" y="${String(y)}" width="${String(w)}" height="${String(BAR_HEIGHT)}" rx="2"/>`,
      `<text class="v" x="${String(x + w + 6)}" y="${String(textY)}">${escapeXml(barText(bar, spec.unit))}</text>`,
    );
  });
  parts.push("</svg>");
  return `${parts.join("\n")}\n`;
}
