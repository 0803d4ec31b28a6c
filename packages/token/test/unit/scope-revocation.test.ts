import { describe, expect, it } from "vitest";
import { hasScope, isScopeToken, MemoryRevocation, requireAnyScope, requireClaims, requireScope, TokenError, type AccessTokenClaims, type VerifiedToken } from "../../src/index.js";
import { claims, fakeClock, START_MS } from "./support.js";

const verified = (scope: string): VerifiedToken => ({
  claims: claims({ scope }) as AccessTokenClaims,
  scopes: scope.split(" ").filter(Boolean),
  kid: "k",
  alg: "EdDSA",
});

describe("scopes", () => {
  it("isScopeToken takes one RFC 6749 §3.3 scope-token and nothing else", () => {
    for (const ok of ["profile", "orders:read", "!", "~", "a#b[c]"]) expect(isScopeToken(ok)).toBe(true);
    for (const bad of ["", "a b", 'a"b', "a\\b", "caf\u00e9", "a\tb", "\u007f", 42, undefined]) expect(isScopeToken(bad)).toBe(false);
  });

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

  it("requireAnyScope needs one of the scopes and names them all when none is held", () => {
    const t = verified("profile orders:read");
    requireAnyScope(t, "orders:write", "orders:read");
    requireAnyScope(t, "profile");
    expect(() => { requireAnyScope(t, "orders:write", "orders:admin"); }).toThrow(
      expect.objectContaining({ code: "scope_insufficient", scope: "orders:write orders:admin" }) as Error,
    );
    expect(() => { requireAnyScope(verified(""), "profile"); }).toThrow(expect.objectContaining({ code: "scope_insufficient" }) as Error);
    expect(() => { requireAnyScope(t, "orders"); }).toThrow(expect.objectContaining({ code: "scope_insufficient" }) as Error);
    expect(() => { requireAnyScope(t); }).toThrow(TypeError);
  });
});

describe("requireClaims", () => {
  const t = verified("profile");

  it("lets a token through only when the check returns exactly true", () => {
    requireClaims(t, (c) => c.client_id === "demo-cli");
    const refusals: [string, (c: AccessTokenClaims) => unknown][] = [
      ["false", () => false],
      ["a truthy string", () => "yes"],
      ["1", () => 1],
      ["an object", () => ({})],
      ["undefined", () => undefined],
    ];
    for (const [name, check] of refusals) {
      let error: unknown;
      try {
        requireClaims(t, check as (c: AccessTokenClaims) => boolean);
      } catch (e) {
        error = e;
      }
      expect(error, name).toBeInstanceOf(TokenError);
      // 403 insufficient_scope without a scope attribute: no scope would help.
      expect(error, name).toMatchObject({ code: "scope_insufficient", kind: "scope_insufficient" });
      expect((error as TokenError).scope, name).toBeUndefined();
    }
  });

  it("hands the verified claims to the check and passes its own errors on", () => {
    let seen: unknown;
    requireClaims(t, (c) => {
      seen = c;
      return true;
    });
    expect(seen).toBe(t.claims);
    const bug = new RangeError("bug in the check");
    expect(() => { requireClaims(t, () => { throw bug; }); }).toThrow(bug);
    expect(() => { requireClaims(t, "not a function" as unknown as () => boolean); }).toThrow(TypeError);
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
