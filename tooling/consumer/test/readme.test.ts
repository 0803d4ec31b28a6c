import { describe, expect, it } from "vitest";
import { checkReadme, outline } from "../src/checks/readme.js";
import { withFiles } from "./support/package.js";

const problems = (readme: string, extra: Record<string, string> = {}): string[] => checkReadme(withFiles({ "README.md": readme, ...extra }));

describe("outline", () => {
  it("slugs headings as GitHub does, duplicates numbered", () => {
    const { anchors } = outline("# @org/token\n## Cookie transport (optional, off by default)\n## `Token-Expires-In`\n## API\n## API\n");
    expect([...anchors]).toEqual(["orgtoken", "cookie-transport-optional-off-by-default", "token-expires-in", "api", "api-1"]);
  });

  it("finds inline, reference, image and table links, not those in code", () => {
    const markdown = [
      "[a](https://a.example) ![b](dist/b.png) [c][ref]",
      "",
      "| x | y |",
      "| - | - |",
      "| [d](#d) | e |",
      "",
      "```md",
      "[not a link](../fenced)",
      "```",
      "",
      "`[not a link](../inline)`",
      "",
      "[ref]: ../token-http",
    ].join("\n");
    expect(outline(markdown).links).toEqual(["https://a.example", "dist/b.png", "../token-http", "#d"]);
  });
});

describe("checkReadme", () => {
  it("accepts absolute links, own headings and shipped files", () => {
    const readme = "# T\n## Usage\n[u](#usage) [v](./dist/index.js) [w](dist/index.js#L1) [x](https://github.com/panva/jose) [y](mailto:a@b.example)\n";
    expect(problems(readme)).toEqual([]);
  });

  it.each([
    ["[s](../token-http)", "../token-http: outside the package (name the package, or link to the repository)"],
    ["[s](../token-express/README.md#cookie-transport)", "../token-express/README.md#cookie-transport: outside the package (name the package, or link to the repository)"],
    ["[e](examples/issue-and-verify.ts)", "examples/issue-and-verify.ts: not shipped"],
    ["[h](#no-such-heading)", "#no-such-heading: no such heading"],
    ["[r](/packages/token)", "/packages/token: neither http(s) nor a file of the package"],
    ["[f](file:///home/dev/x)", "file:///home/dev/x: neither http(s) nor a file of the package"],
  ])("refuses %s", (link, problem) => {
    expect(problems(`# T\n${link}\n`)).toEqual([problem]);
  });

  it("follows an anchor into another shipped Markdown file", () => {
    const extra = { "dist/NOTES.md": "# Notes\n## Rotation\n" };
    expect(problems("[a](dist/NOTES.md#rotation) [b](dist/NOTES.md#nope)", extra)).toEqual(["dist/NOTES.md#nope: no such heading in dist/NOTES.md"]);
  });

  it("requires a README", () => {
    expect(checkReadme(withFiles({ "README.md": undefined }))).toEqual(["README.md: missing"]);
  });
});
