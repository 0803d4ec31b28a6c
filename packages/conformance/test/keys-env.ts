// The keys of a run and the environment that points the services at them: no vitest in here, so
// that the bench starts its topology the same way.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { KeySet, exportPrivateJwk } from "@org/token";

/**
 * How the issuer signs: `asymmetric` (an Ed25519 key set; the resource services fetch its JWKS) or
 * `shared-secret` (one HS256 `oct` key; the resource services get the same secret in JWKS_FILE).
 */
export type SigningMode = "asymmetric" | "shared-secret";

/** A process environment, as the topology takes it (undefined: removed). */
export type Env = Record<string, string | undefined>;

/**
 * The issuer's keys file (mode 0600) and the environment that points the services at it. In
 * shared-secret mode the resource services read the same secret from a JWKS file (the members
 * `keys export-secret` writes) and never ask the issuer, whose public JWKS is then empty.
 */
export async function writeKeys(dir: string, mode: SigningMode): Promise<{ keys: KeySet; env: Env }> {
  const keys = await KeySet.generate(mode === "asymmetric" ? "EdDSA" : "HS256");
  const keysFile = join(dir, "issuer-keys.json");
  writeFileSync(keysFile, JSON.stringify(keys.privateJwks()), { mode: 0o600 });
  const env = suiteEnv(keysFile);
  if (mode === "asymmetric") return { keys, env };
  const secretFile = join(dir, "resource-jwks.json");
  const { kty, k, kid, alg } = exportPrivateJwk(keys.active);
  writeFileSync(secretFile, JSON.stringify({ keys: [{ kty, k, kid, alg, use: "sig" }] }), { mode: 0o600 });
  return { keys, env: { ...env, JWKS_FILE: secretFile } };
}

/**
 * The caller's environment minus what would make the run depend on it: the issuer URL and
 * `iss` follow the free ports, keys come from the issuer, revocation stays off.
 */
function suiteEnv(keysFile: string): Env {
  const env: Env = { ...process.env, ISSUER_KEYS_FILE: keysFile };
  for (const name of ["HOST", "ISSUER_URL", "TOKEN_ISSUER", "JWKS", "JWKS_FILE", "REDIS_URL", "TOKEN_COOKIE", "REQUIRE_DPOP", "PUBLIC_BASE_URL"]) {
    env[name] = undefined;
  }
  return env;
}
