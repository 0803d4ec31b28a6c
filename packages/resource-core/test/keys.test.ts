import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError } from "@org/service-kit";
import { KeySet } from "@org/token";
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

  it("refuses a missing JWKS file as a JWKS_FILE problem", () => {
    expect(() => createKeys({ kind: "file", path: join(dir, "absent.json") })).toThrow(
      expect.objectContaining({ name: "ConfigError", variable: "JWKS_FILE" }),
    );
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
