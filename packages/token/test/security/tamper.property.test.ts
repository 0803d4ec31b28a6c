// Property: changing any byte of any segment of a genuine token makes verification fail. Two kinds
// of change: replace one character with another base64url character (this includes re-spellings a
// lenient decoder maps to the same bytes, e.g. the signature's last character), and flip one bit of
// the decoded bytes and re-encode canonically.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createSigner } from "../../src/index.js";
import { ALGORITHMS, AUDIENCES, clockAt, ISSUER, keysByAlg, NOW, outcome, verifierFor } from "./fixtures.js";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const keys = await keysByAlg();

interface Change {
  readonly segment: number;
  readonly position: number;
  readonly kind: "char" | "bit";
  readonly shift: number;
}

const changeArb: fc.Arbitrary<Change> = fc.record({
  segment: fc.integer({ min: 0, max: 2 }),
  position: fc.nat(),
  kind: fc.constantFrom("char" as const, "bit" as const),
  shift: fc.integer({ min: 1, max: 63 }),
});

/** Apply one change; the result always differs from the input token. */
function tamper(token: string, change: Change): string {
  const segments = token.split(".");
  const text = segments[change.segment] ?? "";
  if (change.kind === "char") {
    const at = change.position % text.length;
    const replacement = ALPHABET[(ALPHABET.indexOf(text.charAt(at)) + change.shift) % 64] ?? "A";
    segments[change.segment] = text.slice(0, at) + replacement + text.slice(at + 1);
  } else {
    const bytes = Buffer.from(text, "base64url");
    const bit = change.position % (bytes.length * 8);
    bytes[bit >> 3] = (bytes[bit >> 3] ?? 0) ^ (1 << (bit & 7));
    segments[change.segment] = bytes.toString("base64url");
  }
  return segments.join(".");
}

describe.each(ALGORITHMS)("tampering with a %s token", (alg) => {
  const key = keys[alg];
  const verifier = verifierFor(key);
  // A cache primed with the genuine token must not answer for any variant of it (keyed by the whole token).
  const cached = verifierFor(key, { cache: { maxEntries: 100 } });
  const signer = createSigner({ keys: key, issuer: ISSUER, clock: clockAt(NOW) });

  it("the untouched token verifies (control)", async () => {
    const { token } = await signer.accessToken({ sub: "alice", client_id: "demo-cli", aud: [...AUDIENCES], scope: "profile orders:read" });
    expect(await outcome(verifier, token)).toBe("accepted");
  });

  it("any one-character or one-bit change is rejected", { timeout: 30_000 }, async () => {
    const { token } = await signer.accessToken({ sub: "alice", client_id: "demo-cli", aud: [...AUDIENCES], scope: "profile orders:read" });
    const signatureLength = token.split(".")[2]?.length ?? 0;
    expect(await outcome(cached, token)).toBe("accepted");
    // Always try the signature's last character: its low bits are padding that a lenient decoder ignores.
    const lastChar: [Change][] = [1, 2, 3, 15].map((shift) => [{ segment: 2, position: signatureLength - 1, kind: "char", shift }]);
    await fc.assert(
      fc.asyncProperty(changeArb, async (change) => {
        const tampered = tamper(token, change);
        expect(tampered).not.toBe(token);
        expect(await outcome(verifier, tampered)).not.toBe("accepted");
        expect(await outcome(cached, tampered)).not.toBe("accepted");
      }),
      { numRuns: 400, seed: 0x7a3e, examples: lastChar },
    );
  });
});
