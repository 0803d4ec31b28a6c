// Keys, tokens and a verifier on one frozen clock (so Token-Expires-In and created_at are exact),
// plus a log sink that keeps every line the service writes.
import { createSigner, createVerifier, generateKey, staticKeys, type Key, type Verifier } from "@org/token";
import { createLogger, type Logger } from "../logging.js";

export const ISSUER = "http://127.0.0.1:4000";
export const NOW_MS = Date.UTC(2026, 10, 29, 1, 0, 0);
export const TTL = 300;
export const clock = (): number => NOW_MS;

export interface TokenOptions {
  sub?: string;
  scope?: string;
  aud?: string | string[];
}

/** Signs access tokens the way the issuer does, with `key`, on the frozen clock unless told. */
export function tokenMaker(key: Key, signingClock: () => number = clock): (options?: TokenOptions) => Promise<string> {
  const signer = createSigner({ keys: key, issuer: ISSUER, accessTokenTtl: TTL, clock: signingClock });
  return async (options = {}) => {
    const { token } = await signer.accessToken({
      sub: options.sub ?? "alice",
      client_id: "demo-cli",
      aud: options.aud ?? ["urn:demo:express", "urn:demo:koa", "urn:demo:grpc"],
      scope: options.scope ?? "profile orders:read orders:write",
    });
    return token;
  };
}

export interface StaticSetup {
  key: Key;
  verifier: Verifier;
  token: (options?: TokenOptions) => Promise<string>;
}

/** A verifier for `audience` with one static key, as with JWKS / JWKS_FILE. */
export async function staticSetup(audience: string): Promise<StaticSetup> {
  const key = await generateKey();
  const verifier = createVerifier({ issuer: ISSUER, audience, keys: staticKeys(key), clock });
  return { key, verifier, token: tokenMaker(key) };
}

export interface LogSink {
  logger: Logger;
  lines: string[];
  text(): string;
}

/** A real pino logger of service `name` writing into memory. */
export function logSink(name: string): LogSink {
  const lines: string[] = [];
  const logger = createLogger(name, "debug", { destination: { write: (line: string) => lines.push(line) } });
  return { logger, lines, text: () => lines.join("") };
}
