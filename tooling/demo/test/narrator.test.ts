import { describe, expect, it } from "vitest";
import { Narrator, useColour } from "../src/narrator.js";

function capture(colour: boolean): { n: Narrator; text: () => string } {
  let out = "";
  return { n: new Narrator({ write: (t: string) => (out += t) }, colour), text: () => out };
}

describe("useColour", () => {
  it("colours a terminal only, and never under a non-empty NO_COLOR", () => {
    expect(useColour({ isTTY: true }, {})).toBe(true);
    expect(useColour({ isTTY: false }, {})).toBe(false);
    expect(useColour({}, {})).toBe(false);
    expect(useColour({ isTTY: true }, { NO_COLOR: "1" })).toBe(false);
    expect(useColour({ isTTY: true }, { NO_COLOR: "" })).toBe(true);
  });
});

describe("Narrator", () => {
  it("writes no escape code at all when plain", () => {
    const { n, text } = capture(false);
    n.title("t");
    n.heading(1, "step", "why");
    n.line("ok", "fine");
    n.line("fail", "not fine");
    n.table(["", "step", "what"], [["ok", "1. a", "x"], ["skip", "2. bb", "y"]]);
    expect(text()).not.toContain("\u001b[");
    expect(text()).toContain("1. step\n   why\n   ✓ fine\n   ✗ not fine\n");
  });

  it("pads the closing table into columns, marks first", () => {
    const { n, text } = capture(false);
    n.table(["", "step", "what happened"], [["ok", "1. short", "a"], ["fail", "2. a longer one", "b"]]);
    expect(text().split("\n").slice(1, 5)).toEqual([
      "   step             what happened",
      "-  ---------------  -------------",
      "✓  1. short         a",
      "✗  2. a longer one  b",
    ]);
  });

  it("colours marks and headings on a terminal", () => {
    const { n, text } = capture(true);
    n.line("ok", "fine");
    expect(text()).toBe("   \u001b[32m✓\u001b[0m fine\n");
  });
});
