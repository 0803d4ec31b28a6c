// Differential test: thousands of generated valid, mutated and malicious tokens go to @org/token's
// synchronous node:crypto verifier (verify and verifySync, cache off and on) and to jose's jwtVerify configured
// with the same policy; the accept/reject verdicts must agree on every token, except where
// policy.ts names a rule by which we are deliberately stricter.
import { errors, importJWK, jwtVerify, type JWTHeaderParameters, type JWTVerifyOptions } from "jose";
import { describe, expect, it } from "vitest";
import {
  createVerifier,
  exportPrivateJwk,
  exportPublicJwk,
  generateKey,
  isTokenError,
  staticKeys,
  type Key,
  type Verifier,
} from "../../src/index.js";
import { ALGORITHMS, AUDIENCE, ISSUER, keysByAlg, TOLERANCE } from "../security/fixtures.js";
import { generateCases, Prng, type Case } from "./generate.js";
import { clockPrecisionCase, stricterThanJose } from "./policy.js";

const CASES_PER_ALGORITHM = 3000;
const MAX_TOKEN_BYTES = 8192;
const REQUIRED = ["iss", "sub", "aud", "exp", "iat", "jti", "client_id"];

const keys = await keysByAlg();
const attacker = await generateKey("EdDSA");

function oursSync(verifier: Verifier, token: string): boolean {
  try {
    verifier.verifySync(token);
    return true;
  } catch (error: unknown) {
    if (isTokenError(error)) return false;
    throw error;
  }
}

async function ours(verifier: Verifier, token: string): Promise<boolean> {
  try {
    await verifier.verify(token);
    return true;
  } catch (error: unknown) {
    if (isTokenError(error)) return false;
    throw error;
  }
}

function joseFor(key: Key): (token: string, nowMs: number) => Promise<boolean> {
  // Key lookup by kid as in jose's createLocalJWKSet (which refuses oct keys, hence a function):
  // an absent kid takes the one key, any other kid than the key's finds nothing.
  const imported = importJWK(key.alg === "HS256" ? exportPrivateJwk(key) : exportPublicJwk(key), key.alg);
  const lookup = async (header: JWTHeaderParameters): Promise<Awaited<typeof imported>> => {
    if (header.kid !== undefined && header.kid !== key.kid) throw new errors.JWKSNoMatchingKey();
    return imported;
  };
  return async (token, nowMs) => {
    const options: JWTVerifyOptions = {
      algorithms: [key.alg],
      issuer: ISSUER,
      audience: AUDIENCE,
      typ: "at+jwt",
      clockTolerance: TOLERANCE,
      currentDate: new Date(nowMs),
      requiredClaims: REQUIRED,
      // Only so that jose rejects an iat in the future beyond the tolerance, as we do; no age limit.
      maxTokenAge: 100 * 365 * 86400,
    };
    try {
      await jwtVerify(token, lookup, options);
      return true;
    } catch (error: unknown) {
      // Only jose's own verdicts count; anything else (a TypeError from bad options) is a test bug.
      if (error instanceof errors.JOSEError) return false;
      throw error;
    }
  };
}

interface Disagreement {
  readonly index: number;
  readonly note: string;
  readonly ours: string;
  readonly expected: string;
  readonly reason: string;
}

describe.each(ALGORITHMS)("%s: @org/token agrees with jose's jwtVerify", (alg) => {
  const key = keys[alg];
  const others = ALGORITHMS.map((a) => keys[a]);
  const cases: Case[] = generateCases(new Prng(0x5eed + ALGORITHMS.indexOf(alg)), key, others, attacker, CASES_PER_ALGORITHM);

  // About 2-3 s per algorithm on an idle 2-core machine; the timeout only guards a loaded one (CI
  // runs every package's suites at once on 2 cores).
  it(`on ${String(CASES_PER_ALGORITHM)} generated tokens, cache off and on`, { timeout: 240_000 }, async () => {
    let nowMs = 0;
    const options = { issuer: ISSUER, audience: AUDIENCE, keys: staticKeys(key), clockTolerance: TOLERANCE, clock: () => nowMs };
    const uncached = createVerifier({ ...options, cache: false });
    const cached = createVerifier({ ...options, cache: { maxEntries: 512 } });
    const jose = joseFor(key);
    const disagreements: Disagreement[] = [];
    const tally = { accepted: 0, rejected: 0, stricter: new Map<string, number>(), clockPrecision: 0 };
    for (const [index, { token, nowMs: at, note }] of cases.entries()) {
      nowMs = at;
      if (clockPrecisionCase(token, at)) {
        tally.clockPrecision++;
        continue;
      }
      const joseVerdict = await jose(token, at);
      const reason = joseVerdict ? stricterThanJose(token, MAX_TOKEN_BYTES) : undefined;
      if (reason !== undefined) tally.stricter.set(reason, (tally.stricter.get(reason) ?? 0) + 1);
      const expected = joseVerdict && reason === undefined;
      const verdicts = [await ours(uncached, token), oursSync(uncached, token), await ours(cached, token), oursSync(cached, token)];
      if (expected) tally.accepted++;
      else tally.rejected++;
      if (verdicts.some((v) => v !== expected)) {
        const label = (v: boolean): string => (v ? "accept" : "reject");
        disagreements.push({ index, note, ours: verdicts.map(label).join("/"), expected: `${label(expected)} (jose ${label(joseVerdict)})`, reason: reason ?? "-" });
      }
    }
    console.log(`${alg}: ${String(tally.accepted)} accepted, ${String(tally.rejected)} rejected, ` +
      `${String(tally.clockPrecision)} skipped for clock precision; stricter than jose: ${JSON.stringify(Object.fromEntries(tally.stricter))}`);
    // The generator must produce a real mix, or agreement would prove nothing.
    expect(new Set(cases.map((c) => c.note)).size).toBeGreaterThanOrEqual(40);
    expect(tally.accepted).toBeGreaterThan(CASES_PER_ALGORITHM * 0.1);
    expect(tally.rejected).toBeGreaterThan(CASES_PER_ALGORITHM * 0.4);
    expect(tally.clockPrecision).toBeLessThan(CASES_PER_ALGORITHM * 0.02);
    const byNote = new Map<string, number>();
    for (const d of disagreements) byNote.set(d.note, (byNote.get(d.note) ?? 0) + 1);
    const summary = `${String(disagreements.length)} disagreements by kind ${JSON.stringify(Object.fromEntries(byNote))}; verdicts uncached verify/verifySync, cached verify/verifySync`;
    expect(disagreements.slice(0, 5), summary).toEqual([]);
  });
});
