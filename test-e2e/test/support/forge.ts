// Tokens signed here with a private key of the issuer's keys file, rather than by the issuer: how
// a scenario holds a still-valid token signed by a key the issuer no longer uses.
import { readFile } from "node:fs/promises";
import { createSigner, importJwk } from "@org/token";

/** Rotation bookkeeping the keys CLI keeps beside each key (services/issuer README, "Keys"). */
const BOOKKEEPING = ["published_at", "promoted_at", "demoted_at"];

/**
 * The private JWK `kid` of the keys file, without the CLI's bookkeeping members.
 *
 * @example
 * ```ts
 * const oldKey = await privateJwk(local.keysFile, oldKid); // read before `keys retire` drops it
 * ```
 */
export async function privateJwk(keysFile: string, kid: string): Promise<Record<string, unknown>> {
  const file = JSON.parse(await readFile(keysFile, "utf8")) as { keys: Record<string, unknown>[] };
  const stored = file.keys.find((key) => key.kid === kid);
  if (stored === undefined) throw new Error("no key with that kid in the keys file");
  return Object.fromEntries(Object.entries(stored).filter(([name]) => !BOOKKEEPING.includes(name)));
}

/**
 * A fresh access token for alice on demo-cli, for every audience, signed by `jwk`, with
 * `iss` = `issuer` and the signer's default lifetime (300 s).
 *
 * @example
 * ```ts
 * const token = await signedWith(oldKey, target.issuer);
 * ```
 */
export async function signedWith(jwk: Record<string, unknown>, issuer: string): Promise<string> {
  const signer = createSigner({ keys: await importJwk(jwk), issuer });
  const { token } = await signer.accessToken({
    sub: "alice",
    client_id: "demo-cli",
    aud: ["urn:demo:express", "urn:demo:koa", "urn:demo:grpc"],
    scope: "profile orders:read orders:write",
  });
  return token;
}
