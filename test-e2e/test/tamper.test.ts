// Tampered tokens (RFC 8725 §2.1, §3.1): every service refuses each with 401 invalid_token (gRPC
// UNAUTHENTICATED) and a fixed description, and no answer repeats the token or a part of it.
import type { JsonWebKey } from "node:crypto";
import type { TokenErrorCode } from "@org/token";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ALICE, loggedIn } from "./support/clients.js";
import { kidOf } from "./support/jwt.js";
import { refused } from "./support/labels.js";
import { newProbe, same } from "./support/probe.js";
import { algNone, hs256WithPublicKey, payloadByteChanged } from "./support/tamper.js";

const target = inject("target");
const probe = newProbe(target);
let token = "";
let publicJwk: JsonWebKey = {};

beforeAll(async () => {
  token = await (await loggedIn(target, ALICE)).accessToken();
  // The key that signed it, from the issuer's public JWKS: what an attacker can read too.
  const jwks = (await (await fetch(`${target.issuerUrl}/.well-known/jwks.json`)).json()) as { keys: (JsonWebKey & { kid?: string })[] };
  const key = jwks.keys.find((k) => k.kid === kidOf(token));
  if (key === undefined) throw new Error("the signing key is not in the issuer's JWKS");
  publicJwk = key;
});
afterAll(() => {
  probe.close();
});

// An empty signature is refused as malformed before its alg is looked at; either way invalid_token.
const TAMPERED: readonly { readonly name: string; readonly make: () => string; readonly code: TokenErrorCode }[] = [
  { name: "one payload byte changed, signature kept", make: () => payloadByteChanged(token), code: "signature_invalid" },
  { name: "alg switched to none, signature dropped", make: () => algNone(token, "dropped"), code: "token_malformed" },
  { name: "alg switched to none, signature kept", make: () => algNone(token, "kept"), code: "algorithm_not_allowed" },
  { name: "alg switched to HS256, signed with the public key", make: () => hs256WithPublicKey(token, publicJwk), code: "algorithm_not_allowed" },
];

describe("a tampered token", () => {
  it("is accepted untouched (the control)", async () => {
    expect(await probe.everywhere(token)).toEqual(same("ok"));
  });

  it.each(TAMPERED)("with $name is refused by every service with invalid_token, and never echoed", async ({ make, code }) => {
    const tampered = make();
    expect(tampered).not.toBe(token);
    expect(await probe.everywhere(tampered)).toEqual(same(refused(code)));
  });
});
