// The shared-secret mode (contract, ISSUER_KEYS_FILE with one HS256 `oct` key): the issuer signs
// HS256 and the resource services verify with the same secret from JWKS_FILE. Every token case runs
// on all three transports, and the DPoP rows where the token itself is at stake: a bound token with
// its proof, and as Bearer (a real DPoP login, so the issuer's binding in this mode too). The other
// DPoP rows are about the proof, checked once the token has verified, against its verified claims
// (cnf.jkt) and its text (ath) only: how the token was signed changes nothing there, and
// conformance.test.ts runs them all.
import { expect, it } from "vitest";
import { DPOP_CASES, TOKEN_CASES, type Case } from "./cases.js";
import { runTable } from "./runner.js";
import { AUDIENCES } from "./tokens.js";

const BOUND_TOKEN_ROWS = new Set(["DPoP: a bound token with its proof", "DPoP: bound token presented as Bearer"]);
const cases: readonly Case[] = [...TOKEN_CASES, ...DPOP_CASES.filter((c) => BOUND_TOKEN_ROWS.has(c.name))];

const suite = runTable({
  label: "conformance (shared secret)",
  cases,
  suite: { mode: "shared-secret", dpopRequired: false },
  notApplicable: (c) => (c.token === "algConfusion" ? "a shared secret has no public key to key an HMAC with" : undefined),
});

it("runs every bound-token row it names", () => {
  expect(cases.filter((c) => BOUND_TOKEN_ROWS.has(c.name)).length).toBe(BOUND_TOKEN_ROWS.size);
});

it("runs in shared-secret mode: tokens are HS256, the issuer publishes no key", async () => {
  const running = suite();
  if (running === undefined) throw new Error("the suite did not start");
  const [header = ""] = running.tokens.get("dpopAlice", AUDIENCES[0]).split(".");
  expect(JSON.parse(Buffer.from(header, "base64url").toString("utf8"))).toMatchObject({ alg: "HS256", typ: "at+jwt" });
  const jwks: unknown = await (await fetch(`${running.topology.urls.issuer}/.well-known/jwks.json`)).json();
  expect(jwks).toEqual({ keys: [] });
});
