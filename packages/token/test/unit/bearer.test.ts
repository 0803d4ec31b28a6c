import { describe, expect, it } from "vitest";
import { parseBearer, type TokenErrorCode } from "../../src/index.js";
import { throwsWith } from "./support.js";

describe("parseBearer", () => {
  it.each([
    ["Bearer abc.def.ghi", "abc.def.ghi"],
    ["bearer abc", "abc"],
    ["BEARER abc", "abc"],
    ["BeArEr abc", "abc"],
    ["Bearer  abc", "abc"], // RFC 6750 §2.1: 1*SP
    ["Bearer a-b._~+/c==", "a-b._~+/c=="],
  ])("%j -> %j", (header, token) => {
    expect(parseBearer(header)).toBe(token);
  });

  it.each<[string | undefined, TokenErrorCode]>([
    [undefined, "token_missing"],
    ["", "token_missing"],
    ["Bearer", "invalid_request"],
    ["Bearer ", "invalid_request"],
    ["Bearer a b", "invalid_request"],
    ["Bearer a, Bearer b", "invalid_request"],
    ["Bearer a,b", "invalid_request"],
    ["Basic dXNlcjpwYXNz", "invalid_request"],
    ["Basic x", "invalid_request"],
    ["Bearerabc", "invalid_request"],
    ["Bearer\tabc", "invalid_request"],
    [" Bearer abc", "invalid_request"],
    ["Bearer abc ", "invalid_request"],
    ["Bearer a=b", "invalid_request"],
    ["Bearer =abc", "invalid_request"],
    ["Bearer a\"b", "invalid_request"],
    ["Bearer abc\n", "invalid_request"],
    ["Bearer äbc", "invalid_request"],
    ["Token abc", "invalid_request"],
  ])("%j -> %s", (header, code) => {
    throwsWith(() => parseBearer(header), code);
  });

  it("treats a non-string at runtime as a malformed request", () => {
    throwsWith(() => parseBearer(["Bearer a"] as unknown as string), "invalid_request");
  });
});
