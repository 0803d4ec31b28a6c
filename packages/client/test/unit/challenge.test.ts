import { describe, expect, it } from "vitest";
import { MAX_CHALLENGE_CHARS, isInvalidTokenChallenge, parseChallenges } from "../../src/lib/challenge.js";

function shape(header: string | null): [string, Record<string, string>][] {
  return parseChallenges(header).map((c) => [c.scheme, Object.fromEntries(c.params)]);
}

describe("parseChallenges (RFC 9110 §11.6.1)", () => {
  it.each([
    ['Bearer realm="api"', [["bearer", { realm: "api" }]]],
    ['Bearer realm="api", error="invalid_token", error_description="The access token expired"', [
      ["bearer", { realm: "api", error: "invalid_token", error_description: "The access token expired" }],
    ]],
    ["Bearer error=invalid_token", [["bearer", { error: "invalid_token" }]]],
    ['DPoP algs="ES256 EdDSA", Bearer realm="api", error="invalid_token"', [
      ["dpop", { algs: "ES256 EdDSA" }],
      ["bearer", { realm: "api", error: "invalid_token" }],
    ]],
    ['Basic realm="issuer", charset="UTF-8", Bearer', [["basic", { realm: "issuer", charset: "UTF-8" }], ["bearer", {}]]],
    ["Negotiate abc+/==, Bearer error=invalid_token", [["negotiate", {}], ["bearer", { error: "invalid_token" }]]],
    ['Bearer realm="a \\"quoted\\" realm"', [["bearer", { realm: 'a "quoted" realm' }]]],
    ['BEARER ERROR="invalid_token", error="other"', [["bearer", { error: "invalid_token" }]]],
    [", , Bearer realm=x", [["bearer", { realm: "x" }]]],
  ] as const)("reads %j", (header, expected) => {
    expect(shape(header)).toEqual(expected);
  });

  it("stops at the first malformed part", () => {
    expect(shape('Bearer realm="unterminated')).toEqual([["bearer", {}]]);
    expect(shape("(bad)")).toEqual([]);
  });

  it("does not parse a header longer than the limit", () => {
    expect(parseChallenges(`Bearer error="invalid_token", x="${"a".repeat(MAX_CHALLENGE_CHARS)}"`)).toEqual([]);
  });
});

describe("isInvalidTokenChallenge", () => {
  it.each([
    ['Bearer realm="api", error="invalid_token"', true],
    ['Bearer error="invalid_token"', true],
    ['DPoP error="invalid_dpop_proof", Bearer realm="x", error="invalid_token"', true],
    ['Bearer realm="api"', false],
    ['Bearer realm="api", error="insufficient_scope", scope="orders:write"', false],
    ['Bearer realm="error=\\"invalid_token\\""', false],
    // RFC 9449 §7.1: a refused DPoP token asks for a new one too; a refused proof does not.
    ['DPoP error="invalid_token"', true],
    ['DPoP realm="api", algs="EdDSA ES256", error="invalid_token", error_description="x"', true],
    ['DPoP realm="api", algs="EdDSA ES256", error="invalid_dpop_proof"', false],
    ['DPoP realm="api", algs="EdDSA ES256"', false],
    ['Basic realm="invalid_token"', false],
    [null, false],
  ] as const)("%j: %s", (header, expected) => {
    expect(isInvalidTokenChallenge(header)).toBe(expected);
  });
});
