import { describe, expect, it } from "vitest";
import { checkLicense } from "../src/checks/license.js";
import { LICENSE, soundFiles, withFiles } from "./support/package.js";

describe("checkLicense", () => {
  it("accepts the repository's LICENSE", () => {
    expect(checkLicense(soundFiles(), LICENSE)).toEqual([]);
  });

  it("refuses another text and a missing file", () => {
    expect(checkLicense(withFiles({ LICENSE: "ISC License\n" }), LICENSE)).toEqual(["LICENSE: differs from the repository's"]);
    expect(checkLicense(withFiles({ LICENSE: undefined }), LICENSE)).toEqual(["LICENSE: missing"]);
  });
});
