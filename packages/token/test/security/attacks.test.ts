// The attack table: every known way to get a forged, confused, stale or malformed token past a JWT
// verifier, each asserted by the exact TokenErrorCode the verifier must answer (the table is the
// specification). Run twice, with the verified-token cache off and on, since a cache must never turn
// a rejection into an acceptance.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it, vi } from "vitest";
import { createSigner, generateKey } from "../../src/index.js";
import {
  algNoneRows,
  claimRows,
  embeddedKeyRows,
  headerRuleRows,
  keyConfusionRows,
  signatureRows,
  type AttackContext,
  type AttackRow,
} from "./attack-rows.js";
import { b64u, claimsAt, clockAt, ISSUER, keysByAlg, NOW, outcome, validToken, verifierFor } from "./fixtures.js";
import { encodingRows, jsonRows, segmentRows, sizeRows, utf8Rows } from "./garbage-rows.js";

// A real server on loopback for the jku/x5u rows: the verifier must never call it.
const trapRequests: string[] = [];
const trap = createServer((req, res) => {
  trapRequests.push(req.url ?? "");
  res.writeHead(200, { "content-type": "application/json" }).end('{"keys":[]}');
});
await new Promise<void>((resolve) => trap.listen(0, "127.0.0.1", resolve));
afterAll(() => new Promise<void>((resolve) => trap.close(() => { resolve(); })));

const keys = await keysByAlg();
const attacker = await generateKey("EdDSA");
const signer = createSigner({ keys: keys.EdDSA, issuer: ISSUER, clock: clockAt(NOW) });
const refresh = await signer.refreshToken({ sub: "alice", client_id: "demo-cli", scope: "profile" });
const ctx: AttackContext = {
  keys,
  attacker,
  trap: `http://127.0.0.1:${String((trap.address() as AddressInfo).port)}`,
  refreshToken: refresh.token,
};

const table: AttackRow[] = [
  ...algNoneRows(ctx),
  ...keyConfusionRows(ctx),
  ...embeddedKeyRows(ctx),
  ...headerRuleRows(ctx),
  ...signatureRows(ctx),
  ...claimRows(ctx),
  ...segmentRows(ctx),
  ...encodingRows(ctx),
  ...jsonRows(ctx),
  ...utf8Rows(ctx),
  ...sizeRows(ctx),
];

/** The verifier whose key the row's token claims (by kid), so each row meets its own algorithm. */
function verifierForRow(token: string, cache: boolean): ReturnType<typeof verifierFor> {
  const header = token.split(".")[0] ?? "";
  const key = Object.values(keys).find((k) => Buffer.from(header, "base64url").toString("latin1").includes(k.kid)) ?? keys.EdDSA;
  return verifierFor(key, cache ? { cache: { maxEntries: 1000 } } : {});
}

describe.each([false, true])("attack table (cache %s)", (cache) => {
  it.each(table)("$name -> $expected", async ({ token, expected }) => {
    const verifier = verifierForRow(token, cache);
    expect(await outcome(verifier, token)).toBe(expected);
    // Asking again must give the same answer (a cached or memoised failure must not flip).
    expect(await outcome(verifier, token)).toBe(expected);
  });
});

describe("attack table invariants", () => {
  it("never contacts a jku or x5u URL", () => {
    expect(table.some((r) => r.name.includes("jku"))).toBe(true);
    expect(trapRequests).toEqual([]);
  });

  it("is a real specification: it has accepted controls and every family of rejections", () => {
    const codes = new Set(table.map((r) => r.expected));
    for (const code of ["accepted", "token_malformed", "signature_invalid", "algorithm_not_allowed", "token_expired",
      "token_not_yet_valid", "issuer_invalid", "audience_invalid", "type_invalid", "key_unknown"] as const) {
      expect(codes).toContain(code);
    }
  });
});

describe("size limit", () => {
  it("rejects an oversized token before decoding any of it", async () => {
    // The header is valid base64url JSON with a marker: if the verifier decoded it, JSON.parse would see the marker.
    const header = b64u(JSON.stringify({ alg: "EdDSA", typ: "at+jwt", kid: keys.EdDSA.kid, marker: "size-probe" }));
    const token = `${header}.${b64u(JSON.stringify(claimsAt({ pad: "y".repeat(9000) })))}.${b64u(Buffer.alloc(64))}`;
    const parse = vi.spyOn(JSON, "parse");
    try {
      expect(await outcome(verifierFor(keys.EdDSA), token)).toBe("token_malformed");
      const sawMarker = parse.mock.calls.some(([text]) => text.includes("size-probe"));
      expect(sawMarker).toBe(false);
    } finally {
      parse.mockRestore();
    }
  });

  it("counts maxTokenBytes exactly: a token of N bytes passes at N and fails at N - 1", async () => {
    const token = validToken(keys.ES256, { pad: "z".repeat(1000) });
    expect(await outcome(verifierFor(keys.ES256, { maxTokenBytes: token.length }), token)).toBe("accepted");
    expect(await outcome(verifierFor(keys.ES256, { maxTokenBytes: token.length - 1 }), token)).toBe("token_malformed");
  });

  it("the control decodes: the same marker header IS parsed when the token is small", async () => {
    const header = b64u(JSON.stringify({ alg: "EdDSA", typ: "at+jwt", kid: keys.EdDSA.kid, marker: "size-probe" }));
    const token = `${header}.${b64u(JSON.stringify(claimsAt()))}.${b64u(Buffer.alloc(64))}`;
    const parse = vi.spyOn(JSON, "parse");
    try {
      expect(await outcome(verifierFor(keys.EdDSA), token)).toBe("signature_invalid");
      expect(parse.mock.calls.some(([text]) => text.includes("size-probe"))).toBe(true);
    } finally {
      parse.mockRestore();
    }
  });
});
