// The package plugs into what already exists: @org/token's claims and verifier hook shape, and a
// pino logger.
import type { AccessTokenClaims } from "@org/token";
import pino from "pino";
import { describe, expect, expectTypeOf, it } from "vitest";
import { createRevocationReplica, type RevocationChecker, type RevocationLogger } from "../src/index.js";

/** The hook as @org/token's verifier is to call it: claims as verified, plus the key's kid. */
interface VerifierHook {
  isRevoked(token: { readonly claims: AccessTokenClaims; readonly kid: string }): boolean;
}

describe("compatibility", () => {
  it("the checker is the verifier's hook, structurally", () => {
    expectTypeOf<RevocationChecker>().toExtend<VerifierHook>();
    const claims: AccessTokenClaims = {
      iss: "http://127.0.0.1:4000", sub: "alice", aud: "urn:demo:koa", exp: 2, iat: 1, jti: "j", client_id: "demo-cli", scope: "", rev: 3, sid: "s",
    };
    const replica = createRevocationReplica({ url: "redis://127.0.0.1:1", maxAccessLifetimeSeconds: 300 });
    const hook: VerifierHook = replica.checker;
    // Never started: loading, so it fails closed.
    expect(() => hook.isRevoked({ claims, kid: "k" })).toThrow(expect.objectContaining({ code: "revocation_unavailable", kind: "unavailable" }));
  });

  it("a pino logger is a RevocationLogger, and its lines keep our fields", () => {
    expectTypeOf<pino.Logger>().toExtend<RevocationLogger>();
    const lines: string[] = [];
    const logger: RevocationLogger = pino({ base: null }, { write: (line: string) => lines.push(line) });
    logger.warn({ state: "stale", staleForMs: 12 }, "revocation state is stale");
    expect(JSON.parse(lines[0] ?? "{}")).toMatchObject({ level: 40, state: "stale", staleForMs: 12, msg: "revocation state is stale" });
  });
});
