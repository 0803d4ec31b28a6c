import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError } from "@org/service-kit";
import { KeySet, createSigner, createVerifier, exportPrivateJwk, generateKey } from "@org/token";
import { startJwksServer } from "@org/testkit";
import { afterAll, describe, expect, it } from "vitest";
import { createKeys } from "../src/keys.js";

describe("createKeys", () => {
  const dir = mkdtempSync(join(tmpdir(), "grpc-resource-keys-"));
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("reads a JWKS file at once", async () => {
    const set = await KeySet.generate();
    const path = join(dir, "jwks.json");
    writeFileSync(path, JSON.stringify(set.publicJwks()));
    const keys = createKeys({ kind: "file", path });
    await expect(keys.ready()).resolves.toBeUndefined();
    expect(await keys.resolver.resolve(set.active.kid)).toMatchObject({ kid: set.active.kid });
  });

  it("takes an inline JWKS", async () => {
    const set = await KeySet.generate();
    const keys = createKeys({ kind: "inline", jwks: JSON.stringify(set.publicJwks()) });
    expect(await keys.resolver.resolve(set.active.kid)).toMatchObject({ kid: set.active.kid });
  });

  it("refreshes the issuer's JWKS once it is JWKS_REFRESH_SECONDS old, so a withdrawn key stops verifying", async () => {
    const [old, next] = [await KeySet.generate(), await KeySet.generate()];
    const issuer = await startJwksServer({ jwks: old.publicJwks() });
    try {
      const keys = createKeys({ kind: "remote", jwksUrl: new URL(issuer.jwksUrl), refreshSeconds: 1 });
      await keys.ready();
      const verifier = createVerifier({ issuer: "http://127.0.0.1:4000", audience: "urn:demo:koa", keys: keys.resolver });
      const signer = createSigner({ keys: old, issuer: "http://127.0.0.1:4000" });
      const { token } = await signer.accessToken({ sub: "alice", client_id: "demo-cli", aud: "urn:demo:koa", scope: "profile" });
      await expect(verifier.verify(token)).resolves.toMatchObject({ claims: { sub: "alice" } });
      issuer.answer = { jwks: next.publicJwks() };
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      // The first use past the age starts the refresh; once it lands the old key is gone.
      await verifier.verify(token).catch(() => undefined);
      await expect.poll(() => issuer.fetches(), { timeout: 5_000 }).toBe(2);
      await expect.poll(() => verifier.verify(token).then(() => "verified", (e: unknown) => (e as { code?: string }).code), { timeout: 5_000 }).not.toBe("verified");
    } finally {
      await issuer.close();
    }
  });

  it("refuses a missing JWKS file as a JWKS_FILE problem, with the reason", () => {
    expect(() => createKeys({ kind: "file", path: join(dir, "absent.json") })).toThrow(
      expect.objectContaining({ name: "ConfigError", variable: "JWKS_FILE", message: expect.stringMatching(/\(ENOENT\)$/) as unknown }),
    );
  });

  function refusal(jwks: string): ConfigError {
    try {
      createKeys({ kind: "inline", jwks });
    } catch (error) {
      if (error instanceof ConfigError) return error;
      throw error;
    }
    throw new Error("expected a ConfigError");
  }

  it("refuses an empty JWKS: a resource service without keys would refuse every token", () => {
    expect(refusal('{"keys":[]}').message).toMatch(/^JWKS: holds no keys/);
    expect(refusal("{}").message).toMatch(/^JWKS: holds no keys/);
  });

  it("refuses a private asymmetric key (the issuer's keys file given by mistake), without quoting it", async () => {
    const jwk = exportPrivateJwk(await generateKey("ES256"));
    const error = refusal(JSON.stringify({ keys: [jwk] }));
    expect(error.message).toMatch(/^JWKS: holds a private key/);
    expect(error.message).not.toContain(String(jwk.d));
  });

  it("takes one shared secret alone (the shared-secret mode) and verifies HS256 with it", async () => {
    const secret = await generateKey("HS256");
    const keys = createKeys({ kind: "inline", jwks: JSON.stringify({ keys: [exportPrivateJwk(secret)] }) });
    const signer = createSigner({ keys: secret, issuer: "http://127.0.0.1:4000" });
    const { token } = await signer.accessToken({ sub: "alice", client_id: "demo-cli", aud: "urn:demo:koa", scope: "profile" });
    const verifier = createVerifier({ issuer: "http://127.0.0.1:4000", audience: "urn:demo:koa", keys: keys.resolver });
    expect((await verifier.verify(token)).alg).toBe("HS256");
  });

  it("refuses a shared secret mixed with other keys", async () => {
    const secret = exportPrivateJwk(await generateKey("HS256"));
    const set = await KeySet.generate();
    expect(refusal(JSON.stringify({ keys: [secret, ...set.publicJwks().keys] })).message).toMatch(/^JWKS: mixes a shared secret/);
  });

  it("refuses an inline JWKS that is not one, without quoting it", () => {
    let caught: unknown;
    try {
      createKeys({ kind: "inline", jwks: "secret-looking-garbage" });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect(caught).toMatchObject({ variable: "JWKS" });
    expect(String(caught)).not.toContain("secret-looking-garbage");
  });
});
