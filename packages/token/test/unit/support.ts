// Shared helpers for the unit tests: a settable clock and raw token assembly.
import { createHmac, sign, type KeyObject } from "node:crypto";
import { expect } from "vitest";
import { generateKey, isTokenError, type Key, type TokenErrorCode } from "../../src/index.js";

export const ISSUER = "http://127.0.0.1:4000";
export const AUDIENCE = "urn:demo:express";
/** 2026-01-01T00:00:00Z in ms: every test runs at a fixed time. */
export const START_MS = Date.UTC(2026, 0, 1);

/** A clock tests move by hand; the only thing the tests fake. */
export function fakeClock(startMs = START_MS): { now: () => number; advance: (seconds: number) => void; set: (ms: number) => void } {
  let t = startMs;
  return {
    now: () => t,
    advance: (seconds) => {
      t += seconds * 1000;
    },
    set: (ms) => {
      t = ms;
    },
  };
}

export const b64u = (data: string | Uint8Array): string => Buffer.from(data).toString("base64url");
export const part = (value: unknown): string => b64u(JSON.stringify(value));

/** Signs `header.payload` text with a key's private part, the way any JWS signer would. */
export function signInput(key: Key, input: string): string {
  const priv = key.privateKey as KeyObject;
  switch (key.alg) {
    case "HS256":
      return b64u(createHmac("sha256", priv).update(input).digest());
    case "EdDSA":
      return b64u(sign(null, Buffer.from(input), priv));
    case "ES256":
      return b64u(sign("sha256", Buffer.from(input), { key: priv, dsaEncoding: "ieee-p1363" }));
    case "RS256":
      return b64u(sign("sha256", Buffer.from(input), priv));
  }
}

/** A signed compact JWS from raw header and claims objects. */
export function forge(key: Key, header: Record<string, unknown>, claims: unknown): string {
  const input = `${part(header)}.${part(claims)}`;
  return `${input}.${signInput(key, input)}`;
}

/** Valid RFC 9068 claims at START_MS, with overrides. */
export function claims(overrides: Record<string, unknown> = {}, nowMs = START_MS): Record<string, unknown> {
  const iat = Math.floor(nowMs / 1000);
  return {
    iss: ISSUER,
    sub: "alice",
    aud: [AUDIENCE, "urn:demo:koa"],
    exp: iat + 300,
    iat,
    jti: "b3Jh2j0bN0cYvX3pQ2d6Yw",
    client_id: "demo-cli",
    scope: "profile orders:read",
    ...overrides,
  };
}

export const headerFor = (key: Key, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  alg: key.alg,
  kid: key.kid,
  typ: "at+jwt",
  ...extra,
});

/** Asserts that a promise rejects with a TokenError of `code`. */
export async function rejectsWith(promise: Promise<unknown>, code: TokenErrorCode): Promise<void> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isTokenError(error) ? error.code : error).toBe(code);
}

/** Asserts that a function throws a TokenError of `code`. */
export function throwsWith(fn: () => unknown, code: TokenErrorCode): void {
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(isTokenError(error) ? error.code : error).toBe(code);
}

const shared = new Map<string, Promise<Key>>();
/** One generated key per algorithm and label per test file: RSA generation is slow. */
export function sharedKey(alg: Key["alg"], label = ""): Promise<Key> {
  const id = `${alg}/${label}`;
  let key = shared.get(id);
  if (key === undefined) {
    key = generateKey(alg);
    shared.set(id, key);
  }
  return key;
}
