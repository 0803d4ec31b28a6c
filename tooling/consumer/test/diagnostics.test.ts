import { describe, expect, it } from "vitest";
import { isThirdParty, tscDiagnostics } from "../src/diagnostics.js";

const OUTPUT = [
  "node_modules/@types/koa/index.d.ts(358,64): error TS2694: Namespace '\"content-disposition\"' has no exported member 'Options'.",
  "cjs/express.ts(3,1): error TS2322: Type 'number' is not assignable to type 'string'.",
  "  The expected type comes from property 'sub'.",
  "node_modules/@org/token-express/dist/index.d.ts(1,20): error TS2307: Cannot find module '@org/token-http'.",
  "error TS5083: Cannot read file '/tmp/project/tsconfig.json'.",
  "",
].join("\n");

describe("tscDiagnostics", () => {
  it("reads located and global errors, first lines only", () => {
    expect(tscDiagnostics(OUTPUT)).toEqual([
      { file: "node_modules/@types/koa/index.d.ts", code: "TS2694", message: "Namespace '\"content-disposition\"' has no exported member 'Options'." },
      { file: "cjs/express.ts", code: "TS2322", message: "Type 'number' is not assignable to type 'string'." },
      { file: "node_modules/@org/token-express/dist/index.d.ts", code: "TS2307", message: "Cannot find module '@org/token-http'." },
      { file: "", code: "TS5083", message: "Cannot read file '/tmp/project/tsconfig.json'." },
    ]);
  });
});

describe("isThirdParty", () => {
  it("is true only under node_modules outside our scope", () => {
    expect(tscDiagnostics(OUTPUT).map((d) => isThirdParty(d))).toEqual([true, false, false, false]);
  });
});
