import { describe, expect, it } from "vitest";
import { hasScope, MemoryRevocation, requireScope, TokenError, type AccessTokenClaims, type VerifiedToken } from "../../src/index.js";
import { claims, fakeClock, START_MS } from "./support.js";

const verified = (scope: string): VerifiedToken => ({
  claims: claims({ scope }) as AccessTokenClaims,
  scopes: scope.split(" ").filter(Boolean),
  kid: "k",
  alg: "EdDSA",
});

describe("scopes", () => {
  it("hasScope matches whole scope tokens", () => {
    const t = verified("profile orders:read");
    expect(hasScope(t, "orders:read")).toBe(true);
    expect(hasScope(t, "orders")).toBe(false);
    expect(hasScope(t, "orders:write")).toBe(false);
  });

  it("requireScope throws scope_insufficient with every needed scope", () => {
    const t = verified("profile orders:read");
    requireScope(t, "orders:read");
    requireScope(t, "orders:read", "profile");
    let error: unknown;
    try {
      requireScope(t, "orders:read", "orders:write");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TokenError);
    expect(error).toMatchObject({ code: "scope_insufficient", kind: "scope_insufficient", scope: "orders:read orders:write" });
    expect(() => { requireScope(t); }).toThrow(TypeError);
  });
});

describe("MemoryRevocation", () => {
  const c = (overrides: Record<string, unknown> = {}) => ({ claims: claims(overrides) as AccessTokenClaims, kid: "k1" });

  it("by jti", () => {
    const r = new MemoryRevocation();
    expect(r.isRevoked(c())).toBe(false);
    r.revokeToken(c().claims.jti, c().claims.exp);
    expect(r.isRevoked(c())).toBe(true);
    expect(r.isRevoked(c({ jti: "other" }))).toBe(false);
  });

  it("by subject: tokens issued at or before the time", () => {
    const r = new MemoryRevocation();
    const iat = START_MS / 1000;
    r.revokeSubject("alice", iat);
    expect(r.isRevoked(c())).toBe(true);
    expect(r.isRevoked(c({ iat: iat + 1 }))).toBe(false);
    expect(r.isRevoked(c({ sub: "bob" }))).toBe(false);
    r.revokeSubject("alice", iat - 100); // never moves backwards
    expect(r.isRevoked(c())).toBe(true);
  });

  it("by client", () => {
    const r = new MemoryRevocation();
    r.revokeClient("demo-cli", START_MS / 1000);
    expect(r.isRevoked(c())).toBe(true);
    expect(r.isRevoked(c({ client_id: "reporting-job" }))).toBe(false);
  });

  it("forgets revoked jtis once they expired", () => {
    const clock = fakeClock();
    const r = new MemoryRevocation({ clock: clock.now });
    r.revokeToken("old", START_MS / 1000 + 10);
    clock.advance(11);
    r.revokeToken("new", START_MS / 1000 + 100);
    expect(r.isRevoked(c({ jti: "old" }))).toBe(false);
    expect(r.isRevoked(c({ jti: "new" }))).toBe(true);
  });
});
