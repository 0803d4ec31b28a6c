// The htu comparison (RFC 9449 §4.3 step 9): each row is the URL a server expects and the htu a
// client wrote, verified through verifyDpopProof. Equal after the normalisation of RFC 3986 §6.2.2
// (case, percent-encoding, dot segments) and §6.2.3 (default port, empty path), ignoring query and
// fragment: accepted. Anything else: htu_mismatch.
import { beforeAll, describe, expect, it } from "vitest";
import type { Key } from "../../src/index.js";
import { forgeProof, outcome, proofClaims, proofHeader, proofKeys, verifyOptions } from "./support.js";

const SAME: readonly (readonly [expected: string, claim: string, why: string])[] = [
  ["https://server.example.com/token", "https://server.example.com/token", "identical"],
  ["https://server.example.com/token", "HTTPS://Server.Example.COM/token", "scheme and host are case-insensitive"],
  ["https://server.example.com/token", "https://server.example.com:443/token", "default https port"],
  ["http://server.example.com/token", "http://server.example.com:80/token", "default http port"],
  ["http://server.example.com/token", "http://server.example.com:/token", "empty port"],
  ["https://server.example.com/", "https://server.example.com", "empty path is /"],
  ["https://server.example.com/token", "https://server.example.com/token?grant_type=x", "query ignored"],
  ["https://server.example.com/token", "https://server.example.com/token#frag", "fragment ignored"],
  ["https://server.example.com/token?a=1", "https://server.example.com/token", "query of the expected URL ignored too"],
  ["https://server.example.com/~alice/x", "https://server.example.com/%7Ealice/%78", "unreserved characters percent-encoded"],
  ["https://server.example.com/a%2Fb", "https://server.example.com/a%2fb", "hex digits of percent-encodings are case-insensitive"],
  ["https://server.example.com/a/c", "https://server.example.com/a/./b/../c", "dot segments"],
  ["https://server.example.com/b", "https://server.example.com/a/%2E%2E/b", "percent-encoded dot segments"],
  ["http://[::1]:4001/me", "http://[0:0:0:0:0:0:0:1]:4001/me", "IPv6 literal, compressed"],
  ["http://[2001:db8::a]/me", "http://[2001:DB8:0:0:0:0:0:A]/me", "IPv6 literal, case"],
  ["http://[::1]/me", "http://[::1]:80/me", "IPv6 literal with the default port"],
  ["http://127.0.0.1:50051/demo.v1.Resource/GetMe", "HTTP://127.0.0.1:50051/demo.v1.Resource/GetMe", "the gRPC form of the contract"],
];

const DIFFERENT: readonly (readonly [expected: string, claim: string, why: string])[] = [
  ["https://server.example.com/token", "https://server.example.com/Token", "the path is case-sensitive"],
  ["https://server.example.com/token", "https://server.example.com/token/", "a trailing slash is another path"],
  ["https://server.example.com/token", "http://server.example.com/token", "another scheme"],
  ["https://server.example.com/token", "https://server.example.com:80/token", "port 80 is not https's default"],
  ["https://server.example.com/token", "https://server.example.com:8443/token", "another port"],
  ["https://server.example.com/token", "https://server.example.com./token", "a trailing dot is another host"],
  ["https://server.example.com/token", "https://example.com/token", "another host"],
  ["https://server.example.com/a/b", "https://server.example.com/a%2Fb", "an encoded slash is not a slash"],
  ["http://[::1]/me", "http://[::2]/me", "another IPv6 address"],
  ["http://[::1]/me", "http://127.0.0.1/me", "IPv6 loopback is not IPv4 loopback"],
  ["https://server.example.com/token", "https://user@server.example.com/token", "userinfo is refused"],
  ["https://server.example.com/token", "https://server.example.com/to ken", "a space is not a URI character"],
  ["https://server.example.com/token", "https://server.example.com\\token", "a backslash is not a URI character"],
  ["https://server.example.com/token", "https://server.example.com/to%zzken", "a bare percent sign"],
  ["https://server.example.com/token", "//server.example.com/token", "not absolute"],
  ["https://server.example.com/token", "urn:server.example.com:token", "not http(s)"],
  ["https://server.example.com/token", "", "empty"],
];

let key: Key;
beforeAll(async () => {
  key = (await proofKeys()).EdDSA;
});

const verdict = (expected: string, claim: string): string =>
  outcome(forgeProof(key, proofHeader(key), proofClaims({ htu: claim })), verifyOptions({ htu: expected }));

describe("htu normalisation", () => {
  it.each(SAME)("%s matches %s (%s)", (expected, claim) => {
    expect(verdict(expected, claim)).toBe("accepted");
    // The relation is symmetric wherever both texts are valid expected URLs.
    if (!claim.includes("#")) expect(verdict(claim, expected)).toBe("accepted");
  });

  it.each(DIFFERENT)("%s does not match %s (%s)", (expected, claim) => {
    expect(verdict(expected, claim)).toBe("dpop_proof_invalid/htu_mismatch");
  });

  it("the result carries the normal form", async () => {
    const { verifyDpopProof } = await import("../../src/index.js");
    const proof = forgeProof(key, proofHeader(key), proofClaims({ htu: "HTTP://127.0.0.1:80/%7eme" }));
    expect(verifyDpopProof(proof, verifyOptions({ htu: "http://127.0.0.1/~me?x=1" })).htu).toBe("http://127.0.0.1/~me");
  });
});
