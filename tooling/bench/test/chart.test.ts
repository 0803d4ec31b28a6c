import { describe, expect, it } from "vitest";
import { barChart, barText, escapeXml, type ChartSpec } from "../src/report/chart.js";

const spec: ChartSpec = {
  title: "EdDSA <verify> & more",
  unit: "ops/s",
  ratioTo: "floor+",
  bars: [
    { label: "floor+", value: 20_000, ratio: 1 },
    { label: "@org/token verify() uncached", value: 10_000, ratio: 0.5, accent: true },
    { label: "broken", value: Number.NaN },
  ],
};

/** The width of each bar's rect, in order. */
function widths(svg: string): number[] {
  return [...svg.matchAll(/<rect class="[ab]" x="\d+" y="\d+" width="(\d+)"/g)].map((m) => Number(m[1]));
}

describe("barChart", () => {
  it("draws one bar per value, scaled to the largest", () => {
    const [largest, half, none] = widths(barChart(spec));
    expect(largest).toBeGreaterThan(100);
    expect(half).toBe(Math.round((largest ?? 0) / 2));
    expect(none).toBe(0);
  });

  it("prints the value, unit and ratio after each bar, and n/a for a value it lacks", () => {
    const svg = barChart(spec);
    expect(svg).toContain(">20.0k ops/s · 1.00x</text>");
    expect(svg).toContain(">10.0k ops/s · 0.50x</text>");
    expect(svg).toContain(">n/a</text>");
  });

  it("has a title, the unit with what ratios compare to, and escapes every text", () => {
    const svg = barChart(spec);
    expect(svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"")).toBe(true);
    expect(svg.trimEnd().endsWith("</svg>")).toBe(true);
    expect(svg).toContain(">EdDSA &lt;verify&gt; &amp; more</text>");
    expect(svg).toContain('aria-label="EdDSA &lt;verify&gt; &amp; more"');
    expect(svg).toContain(">ops/s; ratio to floor+</text>");
    expect(svg).not.toMatch(/<verify>/);
  });

  it("marks the accent bars and follows the viewer's colour scheme", () => {
    const svg = barChart(spec);
    expect(svg.match(/<rect class="a"/g)?.length).toBe(1);
    expect(svg).toContain("@media (prefers-color-scheme:dark)");
  });

  it("grows with the number of bars and gives the same bytes for the same spec", () => {
    const height = (s: string): number => Number(/height="(\d+)"/.exec(s)?.[1]);
    const one = barChart({ ...spec, bars: spec.bars.slice(0, 1) });
    expect(height(barChart(spec))).toBeGreaterThan(height(one));
    expect(barChart(spec)).toBe(barChart(spec));
  });

  it.each([
    ["no bars", { ...spec, bars: [] }],
    ["a negative value", { ...spec, bars: [{ label: "x", value: -1 }] }],
  ])("refuses a chart with %s", (_name, bad) => {
    expect(() => barChart(bad)).toThrow(TypeError);
  });
});

describe("barText and escapeXml", () => {
  it.each([
    [{ label: "a", value: 1_234_567 }, "µs", "1.23M µs"],
    [{ label: "a", value: 512, ratio: 0.953 }, "requests/s", "512 requests/s · 0.95x"],
    [{ label: "a", value: 3.14159 }, "ms", "3.14 ms"],
    [{ label: "a", value: 0.0123, ratio: Number.NaN }, "ms", "0.012 ms"],
  ])("%o in %s reads %s", (bar, unit, text) => {
    expect(barText(bar, unit)).toBe(text);
  });

  it("escapes the five XML specials", () => {
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;");
  });
});
