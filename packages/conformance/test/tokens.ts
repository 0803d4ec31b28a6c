// The tokens of the table: real ones from the issuer, bad ones forged with the issuer's own
// private key so that only the property under test is wrong.
import { createHmac } from "node:crypto";
import { createSigner, type AccessTokenInput, type KeySet } from "@org/token";
import type { TokenName } from "./cases.js";
import { passwordGrant, reportingJobGrant, requestToken } from "./issuer-client.js";

/** The resource audiences of the contract. */
export const AUDIENCES = ["urn:demo:express", "urn:demo:koa", "urn:demo:grpc"] as const;
export type Audience = (typeof AUDIENCES)[number];

/** Tokens by name; the two narrowed ones depend on the audience of the service under test. */
export interface TokenBook {
  get(name: TokenName, audience: Audience): string;
}

const HOUR_MS = 3_600_000;
// Claims the signer writes itself; the rest of a real token (e.g. revocation epochs) is copied.
const REGISTERED = new Set(["iss", "sub", "aud", "exp", "iat", "nbf", "jti", "client_id", "scope", "resource"]);

/**
 * Obtains the real tokens over HTTP and forges the bad ones.
 *
 * @param issuer the `iss` the services demand (the topology's TOKEN_ISSUER)
 * @param keys the issuer's private keys (the suite wrote them to ISSUER_KEYS_FILE)
 */
export async function issueTokens(issuerUrl: string, issuer: string, keys: KeySet): Promise<TokenBook> {
  // One after another, as a client logs in: the issuer allows an address only a few requests in flight.
  const grants = [
    passwordGrant("alice"),
    passwordGrant("alice", [["scope", "profile"]]),
    passwordGrant("bob"),
    reportingJobGrant(),
    ...AUDIENCES.map((audience) => passwordGrant("alice", [["resource", audience]])),
  ];
  const answers = [];
  for (const grant of grants) answers.push(await requestToken(issuerUrl, grant));
  const [alice, aliceProfile, bob, reportingJob, ...narrowed] = answers;
  if (alice === undefined || aliceProfile === undefined || bob === undefined || reportingJob === undefined) throw new Error("issuer: a token is missing");
  if (alice.refresh_token === undefined) throw new Error("issuer: the password grant gave no refresh_token");
  const input = signerInput(alice.access_token);
  const forge = async (issuedBy: string, offsetMs: number): Promise<string> => {
    const signer = createSigner({ keys, issuer: issuedBy, clock: () => Date.now() + offsetMs });
    return (await signer.accessToken(input)).token;
  };
  const fixed: Record<Exclude<TokenName, "narrowedHere" | "narrowedElsewhere">, string> = {
    alice: alice.access_token,
    aliceProfile: aliceProfile.access_token,
    bob: bob.access_token,
    reportingJob: reportingJob.access_token,
    refresh: alice.refresh_token,
    badSignature: flipSignatureBit(alice.access_token),
    expired: await forge(issuer, -HOUR_MS),
    notYetValid: await forge(issuer, HOUR_MS),
    wrongIssuer: await forge("https://issuer.invalid", 0),
    algNone: unsigned(alice.access_token, keys.active.kid),
    algConfusion: hmacWithPublicKey(alice.access_token, keys),
  };
  const byAudience = new Map(AUDIENCES.map((audience, i) => [audience, narrowed[i]?.access_token ?? ""]));
  return {
    get(name, audience) {
      if (name === "narrowedHere") return byAudience.get(audience) ?? "";
      if (name === "narrowedElsewhere") return byAudience.get(otherAudience(audience)) ?? "";
      return fixed[name];
    },
  };
}

/** Another service's audience: express -> koa -> grpc -> express. */
export function otherAudience(audience: Audience): Audience {
  return AUDIENCES[(AUDIENCES.indexOf(audience) + 1) % AUDIENCES.length] ?? AUDIENCES[0];
}

/** The payload of a compact JWS, decoded without any check (the suite's own tokens only). */
export function claimsOf(token: string): Record<string, unknown> {
  const payload = token.split(".")[1];
  if (payload === undefined) return {};
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    return typeof claims === "object" && claims !== null ? (claims as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Rebuilds a real token's claims as signer input, so a forged copy differs only where meant. */
function signerInput(token: string): AccessTokenInput {
  const claims = claimsOf(token);
  const { sub, client_id: clientId, aud, scope } = claims;
  if (typeof sub !== "string" || typeof clientId !== "string" || typeof scope !== "string") {
    throw new Error("issuer: access token lacks sub, client_id or scope");
  }
  if (typeof aud !== "string" && !(Array.isArray(aud) && aud.every((a) => typeof a === "string"))) {
    throw new Error("issuer: access token has no usable aud");
  }
  const extra = Object.fromEntries(Object.entries(claims).filter(([name]) => !REGISTERED.has(name)));
  return { sub, client_id: clientId, aud, scope, extra };
}

function flipSignatureBit(token: string): string {
  const [header = "", payload = "", signature = ""] = token.split(".");
  const bytes = Buffer.from(signature, "base64url");
  bytes[0] = (bytes[0] ?? 0) ^ 1;
  return `${header}.${payload}.${bytes.toString("base64url")}`;
}

function encodeHeader(header: Record<string, string>): string {
  return Buffer.from(JSON.stringify(header)).toString("base64url");
}

function unsigned(token: string, kid: string): string {
  const payload = token.split(".")[1] ?? "";
  return `${encodeHeader({ alg: "none", typ: "at+jwt", kid })}.${payload}.`;
}

function hmacWithPublicKey(token: string, keys: KeySet): string {
  const payload = token.split(".")[1] ?? "";
  const input = `${encodeHeader({ alg: "HS256", typ: "at+jwt", kid: keys.active.kid })}.${payload}`;
  const secret = keys.active.publicKey.export({ type: "spki", format: "pem" });
  return `${input}.${createHmac("sha256", secret).update(input).digest("base64url")}`;
}
