import { describe, expect, it } from "vitest";
import { parseAuthorization, parseBearer, type TokenErrorCode } from "../../src/index.js";
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
    // RFC 6750 §3.1: another scheme carries no Bearer credentials, like no header at all.
    ["Basic dXNlcjpwYXNz", "token_missing"],
    ["Basic x", "token_missing"],
    ["Token abc", "token_missing"],
    ["DPoP abc", "token_missing"],
    ["eyJhbGciOiJFZERTQSJ9.e30.c2ln", "token_missing"], // a bare token
    ["Bearerabc", "token_missing"], // the token glued to the scheme
    ["Bearer.abc", "token_missing"],
    ["Bearer\tabc", "invalid_request"],
    [" Bearer abc", "invalid_request"],
    ["Bearer abc ", "invalid_request"],
    ["Bearer a=b", "invalid_request"],
    ["Bearer =abc", "invalid_request"],
    ["Bearer a\"b", "invalid_request"],
    ["Bearer abc\n", "invalid_request"],
    ["Bearer äbc", "invalid_request"],
    ["Bearer=abc", "invalid_request"],
    ["bearer", "invalid_request"],
  ])("%j -> %s", (header, code) => {
    throwsWith(() => parseBearer(header), code);
  });

  it("treats a non-string at runtime as a malformed request", () => {
    throwsWith(() => parseBearer(["Bearer a"] as unknown as string), "invalid_request");
  });
});

describe("parseAuthorization", () => {
  it.each([
    ["Bearer abc", { scheme: "Bearer", token: "abc" }],
    ["DPoP abc.def.ghi", { scheme: "DPoP", token: "abc.def.ghi" }],
    ["dpop abc", { scheme: "DPoP", token: "abc" }],
    ["DPOP  a-b._~+/c==", { scheme: "DPoP", token: "a-b._~+/c==" }],
  ])("with dpop: %j -> %j", (header, credential) => {
    expect(parseAuthorization(header, { dpop: true })).toEqual(credential);
  });

  it.each<[string | undefined, TokenErrorCode]>([
    [undefined, "token_missing"],
    ["Basic dXNlcjpwYXNz", "token_missing"],
    ["DPoPabc", "token_missing"],
    ["DPoP", "invalid_request"],
    ["DPoP ", "invalid_request"],
    ["DPoP a b", "invalid_request"],
    ["DPoP a, DPoP b", "invalid_request"],
    ["DPoP a\"b", "invalid_request"],
    ["Bearer a b", "invalid_request"],
  ])("with dpop: %j -> %s", (header, code) => {
    throwsWith(() => parseAuthorization(header, { dpop: true }), code);
  });

  it("without dpop, a DPoP credential is another scheme: no token, as parseBearer says", () => {
    for (const header of ["DPoP abc", "DPoP", "DPoP a b"]) {
      throwsWith(() => parseAuthorization(header), "token_missing");
      throwsWith(() => parseBearer(header), "token_missing");
    }
    expect(parseAuthorization("Bearer abc")).toEqual({ scheme: "Bearer", token: "abc" });
  });
});
