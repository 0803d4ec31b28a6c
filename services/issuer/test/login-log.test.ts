// What an operator sees of failed logins: one warn line per failure and per lockout, naming the account
// kind, the name and the address (and the lockout's Retry-After), never a password or a secret.
import { describe, expect, it } from "vitest";
import { ALICE, basic, SECRETS, startIssuer } from "./helpers.js";

const LIMITS = {
  account: { maxAttempts: 3, windowMs: 60_000, maxEntries: 100 },
  address: { maxAttempts: 6, windowMs: 60_000, maxEntries: 100 },
};

type Line = Record<string, unknown>;

describe("login failure logs", () => {
  it("warns per failed login and per lockout, with kind, name, address and retry-after, without any secret", async () => {
    const issuer = await startIssuer({ throttle: LIMITS });
    const typed = ["wrong-password-1", "wrong-password-2", "wrong-password-3", "client-wrong-secret-1", "ghost-password-1"];
    try {
      for (const password of typed.slice(0, 3)) expect((await issuer.post({ ...ALICE, password })).status).toBe(400);
      // Locked: refused before scrypt, so not another "login failed" line.
      expect((await issuer.post(ALICE)).status).toBe(429);
      const authorization = basic("reporting-job", "client-wrong-secret-1");
      expect((await issuer.post({ grant_type: "client_credentials" }, { headers: { authorization } })).status).toBe(401);
      expect((await issuer.post({ ...ALICE, username: "ghost", password: "ghost-password-1" })).status).toBe(400);
      // The sixth failure from this address locks the address out.
      expect((await issuer.post({ ...ALICE, username: "bob", password: "wrong" })).status).toBe(400);
      // Successes log no warn line.
      issuer.clock.tick(60);
      expect((await issuer.post({ ...ALICE, username: "bob", password: SECRETS.bob })).status).toBe(200);
    } finally {
      await issuer.close();
    }
    const lines = issuer.logs.text.trim().split("\n").map((l) => JSON.parse(l) as Line);
    const warn = (msg: string): Line[] => lines.filter((l) => l.msg === msg && l.level === 40);
    const failed = warn("login failed").map(({ kind, account, known, address }) => ({ kind, account, known, address }));
    const here = "127.0.0.1";
    expect(failed).toEqual([
      ...[1, 2, 3].map(() => ({ kind: "user", account: "alice", known: true, address: here })),
      { kind: "client", account: "reporting-job", known: true, address: here },
      { kind: "user", account: "ghost", known: false, address: here },
      { kind: "user", account: "bob", known: true, address: here },
    ]);
    const locked = warn("login locked out").map(({ kind, account, address, lockout, retryAfter }) => ({ kind, account, address, lockout, retryAfter }));
    expect(locked).toEqual([
      { kind: "user", account: "alice", address: here, lockout: "account", retryAfter: 60 },
      { kind: "user", account: "bob", address: here, lockout: "address", retryAfter: 60 },
    ]);
    for (const secret of [...typed, ...Object.values(SECRETS)]) expect(issuer.logs.text).not.toContain(secret);
  });

  it("logs at most 128 characters of a name", async () => {
    const issuer = await startIssuer();
    try {
      await issuer.post({ ...ALICE, username: "x".repeat(1000), password: "wrong" });
    } finally {
      await issuer.close();
    }
    const line = issuer.logs.text.split("\n").find((l) => l.includes('"login failed"')) ?? "";
    expect((JSON.parse(line) as Line).account).toBe("x".repeat(128));
  });
});
