// The rotation walk: keys file steps called as functions, the issuer restarted on the file after each,
// tokens issued before the rotation verifying until they expire, then failing with key_unknown once retired.
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KeySet } from "@org/token";
import { importable, readKeysFile } from "../src/keys/file.js";
import { addNextKey, initKeys, promoteKey, retireKey } from "../src/keys/rotation.js";
import { ALICE, decodePart, FakeClock, startIssuer, tokenBody, type Issuer } from "./helpers.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "issuer-rotation-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const seconds = (clock: FakeClock): number => Math.floor(clock.ms / 1000);

/** What a restart does: read the file, build the key set, serve it. */
async function restart(file: string, clock: FakeClock, env: Record<string, string> = {}): Promise<Issuer> {
  const keys = await KeySet.fromJwks(importable(await readKeysFile(file)));
  return startIssuer({ keys, clock, env: { ACCESS_TOKEN_TTL: "300", REFRESH_TOKEN_TTL: "3600", ...env } });
}

async function accessToken(issuer: Issuer): Promise<string> {
  return (await tokenBody(await issuer.post(ALICE))).access_token;
}

describe("key rotation walk", () => {
  // Access tokens live 900 s here so that token A is still alive after the 600 s publish wait.
  const env = { ACCESS_TOKEN_TTL: "900", REFRESH_TOKEN_TTL: "3600" };

  it("init → add-next → promote → retire, old tokens verifying until the old key is retired", async () => {
    const clock = new FakeClock();
    const t0 = clock.ms;
    const at = (s: number): void => {
      clock.ms = t0 + s * 1000;
    };
    const file = join(dir, "keys.json");
    const oldKid = await initKeys(file, { now: seconds(clock) });
    expect((await stat(file)).mode & 0o777).toBe(0o600);

    // t0: token A, signed by the only key.
    let issuer = await restart(file, clock, env);
    const a = await accessToken(issuer);
    expect(decodePart(a, 0).kid).toBe(oldKid);
    await issuer.close();

    // Step 1 (t0): publish the next key. A verifies against the new JWKS; the old key still signs.
    const nextKid = await addNextKey(file, { now: seconds(clock) });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    issuer = await restart(file, clock, env);
    const jwks = (await (await fetch(`${issuer.url}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] };
    expect(jwks.keys.map((k) => k.kid)).toEqual([oldKid, nextKid]);
    await expect((await issuer.verifier()).verify(a)).resolves.toBeDefined();
    expect(decodePart(await accessToken(issuer), 0).kid).toBe(oldKid);
    await issuer.close();

    // Promoting before the JWKS caches can have seen the next key is refused.
    await expect(promoteKey(file, nextKid, { now: seconds(clock) })).rejects.toThrow(/published/);

    // Step 2 (t0 + 600 s): promote. Token B carries the new kid; A and B both verify.
    at(600);
    await promoteKey(file, nextKid, { now: seconds(clock) });
    issuer = await restart(file, clock, env);
    const b = await accessToken(issuer);
    expect(decodePart(b, 0).kid).toBe(nextKid);
    const during = await issuer.verifier();
    await expect(during.verify(a)).resolves.toBeDefined();
    await expect(during.verify(b)).resolves.toBeDefined();
    await issuer.close();

    // Step 3: the active key is never retired; the old one not before the longest lifetime has passed.
    await expect(retireKey(file, nextKid, { now: seconds(clock) })).rejects.toThrow(/active/);
    at(600 + 3599);
    await expect(retireKey(file, oldKid, { now: seconds(clock), maxLifetime: 3600 })).rejects.toThrow(/wait/);
    at(600 + 3600);
    await retireKey(file, oldKid, { now: seconds(clock), maxLifetime: 3600 });
    expect((await readKeysFile(file)).keys.map((k) => k.kid)).toEqual([nextKid]);

    // After the restart, a verifier that still had A in its lifetime (t0 + 800 s) rejects it because its
    // key is gone, not because it expired; B verifies.
    issuer = await restart(file, clock, env);
    const after = await issuer.verifier();
    at(800);
    await expect(after.verify(a)).rejects.toMatchObject({ code: "key_unknown" });
    await expect(after.verify(b)).resolves.toBeDefined();
    await issuer.close();
  });

  it("tokens issued before a rotation expire on their own schedule", async () => {
    const clock = new FakeClock();
    const file = join(dir, "expiry.json");
    await initKeys(file, { now: seconds(clock) });
    const issuer = await restart(file, clock);
    const a = await accessToken(issuer);
    await addNextKey(file, { now: seconds(clock) });
    await issuer.close();
    const restarted = await restart(file, clock);
    const verifier = await restarted.verifier();
    clock.tick(299);
    await expect(verifier.verify(a)).resolves.toBeDefined();
    clock.tick(10); // past exp and the verifier's 5 s tolerance
    await expect(verifier.verify(a)).rejects.toMatchObject({ code: "token_expired" });
    await restarted.close();
  });
});
