import { jwksFile, remoteKeys, staticKeys, type KeyResolver } from "@org/token";
import { ConfigError } from "@org/service-kit";
import type { KeySource } from "./config.js";

/** The issuer's public keys as the verifier sees them. */
export interface Keys {
  readonly resolver: KeyResolver;
  /** Resolves once keys are loaded (at once for a file or inline JWKS); rejects if the first fetch fails. */
  ready(): Promise<void>;
  /** Where the keys come from, for the start-up log line (never the keys themselves). */
  readonly description: string;
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
      return offline(loadOrFail("JWKS_FILE", () => jwksFile(source.path), true), `file ${source.path}`);
    case "inline":
      return offline(loadOrFail("JWKS", () => staticKeys(source.jwks), false), "JWKS variable");
    case "remote": {
      const remote = remoteKeys(source.jwksUrl);
      return { resolver: remote, ready: () => remote.ready(), description: source.jwksUrl.href };
    }
  }
}

function offline(resolver: KeyResolver, description: string): Keys {
  return { resolver, ready: () => Promise.resolve(), description };
}

function loadOrFail(variable: string, load: () => KeyResolver, explain: boolean): KeyResolver {
  try {
    return load();
  } catch (err) {
    // The library's TypeError about a file names the file and the problem; a parse error of the
    // inline value could quote it, so that one gets no detail.
    const reason = explain && err instanceof TypeError ? `: ${err.message}` : "";
    throw new ConfigError(variable, `does not hold a usable public JWKS${reason}`);
  }
}
