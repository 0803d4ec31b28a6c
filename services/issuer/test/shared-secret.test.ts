// Shared-secret mode: a keys file with one HS256 secret signs HS256, warns, publishes an empty JWKS, and
// its exported secret JWKS is what a resource service verifies with. Mixed or multiple secrets: refused.
import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createVerifier, exportPrivateJwk, generateKey, staticKeys } from "@org/token";
import { createLogger } from "@org/service-kit";
import { KeysFileError, loadKeySet } from "../src/keys/load.js";
import { addNextKey } from "../src/keys/rotation.js";
import { exportSharedSecret, initSharedSecret } from "../src/keys/shared-secret.js";
import { ALICE, Capture, decodePart, startIssuer, tokenBody } from "./helpers.js";

let dir: string;
let n = 0;
const fresh = (): string => join(dir, `secret-${++n}.json`);
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "issuer-hs256-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const silent = createLogger({ service: "issuer", level: "silent" });

async function writeJwks(keys: object[]): Promise<string> {
  const file = fresh();
  await writeFile(file, JSON.stringify({ keys }), { mode: 0o600 });
  return file;
}

describe("shared-secret mode at the issuer", () => {
  it("signs HS256, warns once, serves an empty JWKS, and the secret JWKS verifies its tokens", async () => {
    const file = await writeJwks([{ ...exportPrivateJwk(await generateKey("HS256", { kid: "shared-1" })), use: "sig" }]);
    const logs = new Capture();
    const keys = await loadKeySet(file, createLogger({ service: "issuer", level: "info", destination: logs }));
    expect(keys.active).toMatchObject({ alg: "HS256", kid: "shared-1" });
    const warnings = logs.text.trim().split("\n").map((l) => JSON.parse(l) as { level: number; msg: string });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.level).toBe(40);
    expect(warnings[0]?.msg).toMatch(/HS256.*can mint tokens/);

    const issuer = await startIssuer({ keys });
    try {
      const jwks = await fetch(`${issuer.url}/.well-known/jwks.json`);
      expect(await jwks.text()).toBe('{"keys":[]}');
      const login = await tokenBody(await issuer.post(ALICE));
      expect(decodePart(login.access_token, 0)).toMatchObject({ alg: "HS256", kid: "shared-1", typ: "at+jwt" });
      // What a resource service does with JWKS_FILE: the exported secret JWKS.
      const exported = fresh();
      await exportSharedSecret(file, exported);
      const verifier = createVerifier({
        issuer: issuer.config.issuer,
        audience: "urn:demo:koa",
        keys: staticKeys(await readFile(exported, "utf8")),
        clock: issuer.clock.now,
      });
      expect((await verifier.verify(login.access_token)).claims).toMatchObject({ sub: "alice", client_id: "demo-cli" });
      // The issuer's own refresh check works with the secret too.
      const refreshed = await tokenBody(await issuer.post({ grant_type: "refresh_token", refresh_token: login.refresh_token ?? "" }));
      expect((await verifier.verify(refreshed.access_token)).claims.sub).toBe("alice");
    } finally {
      await issuer.close();
    }
  });

  it.each([
    ["two secrets", async () => [exportPrivateJwk(await generateKey("HS256", { kid: "a" })), exportPrivateJwk(await generateKey("HS256", { kid: "b" }))], /more than one HS256 secret/],
    ["a secret first, then an asymmetric key", async () => [exportPrivateJwk(await generateKey("HS256", { kid: "a" })), exportPrivateJwk(await generateKey("EdDSA"))], /mixes an HS256 secret with asymmetric keys/],
    ["an asymmetric key first, then a secret", async () => [exportPrivateJwk(await generateKey("EdDSA")), exportPrivateJwk(await generateKey("HS256", { kid: "a" }))], /mixes an HS256 secret with asymmetric keys/],
    ["a secret of 128 bits", () => Promise.resolve([{ kty: "oct", kid: "short", alg: "HS256", k: Buffer.alloc(16, 7).toString("base64url") }]), /at least 32 bytes/],
  ])("refuses a keys file with %s", async (_name, make, message) => {
    const file = await writeJwks(await make());
    const refused = loadKeySet(file, silent);
    await expect(refused).rejects.toBeInstanceOf(KeysFileError);
    await expect(refused).rejects.toThrow(message);
  });
});

describe("shared-secret keys files", () => {
  it("init creates a 0600 file with one random 256-bit secret whose kid is not derived from it", async () => {
    const file = fresh();
    const kid = await initSharedSecret(file, { now: 1000 });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const { keys } = JSON.parse(await readFile(file, "utf8")) as { keys: Record<string, unknown>[] };
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kty: "oct", alg: "HS256", use: "sig", kid, promoted_at: 1000 });
    expect(Buffer.from(String(keys[0]?.k), "base64url")).toHaveLength(32);
    // The RFC 7638 thumbprint of an oct key is a hash of the secret, and the kid is in every token header.
    expect(kid).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect((await loadKeySet(file, silent)).active.kid).toBe(kid);
    await expect(initSharedSecret(file)).rejects.toThrow(/exists/);
  });

  it("export writes the secret alone as a 0600 JWKS, refuses to overwrite, and refuses a file of asymmetric keys", async () => {
    const file = fresh();
    const kid = await initSharedSecret(file);
    const out = fresh();
    await exportSharedSecret(file, out);
    expect((await stat(out)).mode & 0o777).toBe(0o600);
    const { keys } = JSON.parse(await readFile(out, "utf8")) as { keys: Record<string, unknown>[] };
    expect(keys).toHaveLength(1);
    expect(Object.keys(keys[0] ?? {}).sort()).toEqual(["alg", "k", "kid", "kty", "use"]);
    expect(keys[0]?.kid).toBe(kid);
    await expect(exportSharedSecret(file, out)).rejects.toThrow(/exists/);
    const asymmetric = await writeJwks([exportPrivateJwk(await generateKey("EdDSA"))]);
    await expect(exportSharedSecret(asymmetric, fresh())).rejects.toThrow(/not a shared-secret keys file/);
  });

  it("add-next refuses a shared-secret file: it holds exactly one key", async () => {
    const file = fresh();
    await initSharedSecret(file);
    await expect(addNextKey(file)).rejects.toThrow(/one HS256 secret/);
  });

  it("keys CLI: init --hs256 prints the kid, export-secret writes the JWKS, neither prints the secret", async () => {
    const cli = fileURLToPath(new URL("../src/cli/keys.ts", import.meta.url));
    const tsx = fileURLToPath(new URL("../node_modules/tsx/dist/cli.mjs", import.meta.url));
    const keys = (...args: string[]): { status: number | null; stdout: string; stderr: string } => {
      const r = spawnSync(process.execPath, [tsx, cli, ...args], { encoding: "utf8", timeout: 30_000 });
      return { status: r.status, stdout: r.stdout, stderr: r.stderr };
    };
    const file = fresh();
    const init = keys("init", file, "--hs256");
    expect(init.status).toBe(0);
    const out = fresh();
    const exported = keys("export-secret", file, out);
    expect(exported.status).toBe(0);
    const secret = String((JSON.parse(await readFile(file, "utf8")) as { keys: { k: string }[] }).keys[0]?.k);
    for (const r of [init, exported]) expect(r.stdout + r.stderr).not.toContain(secret);
    expect(init.stdout.trim()).toBe((JSON.parse(await readFile(out, "utf8")) as { keys: { kid: string }[] }).keys[0]?.kid);
    const both = keys("init", fresh(), "--hs256", "--alg", "ES256");
    expect(both.status).toBe(1);
    expect(both.stderr).toMatch(/--hs256/);
  }, 60_000);
});
