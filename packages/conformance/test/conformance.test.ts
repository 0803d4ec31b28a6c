// Every case of the table against every transport, with the issuer's Ed25519 keys and, for the
// REQUIRE_DPOP rows, the three resource services a second time with REQUIRE_DPOP=true.
import { expect, it } from "vitest";
import { CASES } from "./cases.js";
import { runTable } from "./runner.js";

runTable({ label: "conformance", cases: CASES, suite: { mode: "asymmetric", dpopRequired: true } });

it("has one row per case name", () => {
  expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
});
