import { readFileSync } from "node:fs";
import { remoteKeys, staticKeys, type KeyResolver, type RemoteKeysStatus } from "@org/token";
import { ConfigError, fileErrorCode } from "@org/service-kit";
import type { KeySource } from "./config.js";

/** The issuer's public keys as the verifier sees them. */
export interface Keys {
  readonly resolver: KeyResolver;
  /** Resolves once keys are loaded (at once for a file or inline JWKS); rejects if the first fetch fails. */
  ready(): Promise<void>;
  /** Where the keys come from, for the start-up log line (never the keys themselves). */
  readonly description: string;
  /** Fetches and age of the issuer's JWKS (remote keys only), for metrics. */
  readonly status?: () => RemoteKeysStatus;
}

/**
 * Builds the key resolver for a key source. A JWKS file or string is read now, so a bad one stops
 * the start like any other bad setting; the issuer's JWKS is fetched lazily, cached, and kept
 * when the issuer goes down later.
 *
 * @throws ConfigError naming JWKS_FILE or JWKS when the keys cannot be read.
 * @example
 * ```ts
 * const keys = createKeys(config.keys);
 * const verifier = createVerifier({ issuer, audience, keys: keys.resolver });
 * ```
 */
export function createKeys(source: KeySource): Keys {
  switch (source.kind) {
    case "file":
      return offline(offlineKeys("JWKS_FILE", readJwksFile(source.path)), `file ${source.path}`);
    case "inline":
      return offline(offlineKeys("JWKS", source.jwks), "JWKS variable");
    case "remote": {
      const refreshMs = source.refreshSeconds * 1000;
      // A refresh more often than the unknown-kid cooldown would be held back by it: cap it too.
      const remote = remoteKeys(source.jwksUrl, { maxAgeMs: refreshMs, cooldownMs: Math.min(30_000, refreshMs) });
      return { resolver: remote, ready: () => remote.ready(), description: source.jwksUrl.href, status: () => remote.status() };
    }
  }
}

function offline(resolver: KeyResolver, description: string): Keys {
  return { resolver, ready: () => Promise.resolve(), description };
}

function readJwksFile(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (err) {
    throw new ConfigError("JWKS_FILE", `cannot be read (${fileErrorCode(err)})`);
  }
}

const PRIVATE_MEMBERS = ["d", "p", "q", "dp", "dq", "qi", "oth"];

/**
 * The keys a resource service was handed, checked for operator mistakes before use: a JWKS with no
 * key, one holding an asymmetric private key (the issuer's keys file given by mistake: only the
 * public JWKS belongs here), or a shared secret mixed with other keys. One `oct` key alone is the
 * shared-secret mode (HS256, the same secret the issuer signs with).
 */
function offlineKeys(variable: string, text: string): KeyResolver {
  let jwks: unknown;
  try {
    jwks = JSON.parse(text);
  } catch {
    // A parse error could quote the value: no detail.
    throw new ConfigError(variable, "is not valid JSON");
  }
  const keys: unknown[] =
    typeof jwks === "object" && jwks !== null && "keys" in jwks && Array.isArray(jwks.keys) ? (jwks.keys as unknown[]) : [];
  const members = keys.map((k) => (typeof k === "object" && k !== null ? (k as Record<string, unknown>) : {}));
  if (members.length === 0) throw new ConfigError(variable, 'holds no keys: it must be a JWKS, {"keys": [ … ]}, with at least one');
  if (members.some((k) => k.kty !== "oct" && PRIVATE_MEMBERS.some((m) => m in k))) {
    throw new ConfigError(variable, "holds a private key: give the resource services the issuer's public JWKS, never its keys file");
  }
  if (members.length > 1 && members.some((k) => k.kty === "oct")) {
    throw new ConfigError(variable, "mixes a shared secret with other keys: the shared-secret mode takes one oct key alone");
  }
  try {
    return staticKeys(text);
  } catch (err) {
    // The library's TypeError says what is wrong with a key (never its material).
    throw new ConfigError(variable, `does not hold a usable JWKS: ${err instanceof TypeError ? err.message : "unusable"}`);
  }
}
