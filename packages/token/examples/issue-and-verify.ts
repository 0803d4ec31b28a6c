// Issue an access token and verify it, the way the issuer and a resource service do.
// Run: pnpm --filter @org/token example
// The token itself is never printed: it is a bearer credential.
import { createSigner, createVerifier, isTokenError, KeySet, staticKeys } from "../src/index.js";

const issuer = "http://127.0.0.1:4000";

// Issuer side: a key set (one EdDSA key) and a signer.
const keySet = await KeySet.generate();
const signer = createSigner({ keys: keySet, issuer });
const { token, expiresIn } = await signer.accessToken({
  sub: "alice",
  client_id: "demo-cli",
  aud: ["urn:demo:express", "urn:demo:koa", "urn:demo:grpc"],
  scope: "profile orders:read",
});

// Resource side: only the public JWKS is shared.
const verifier = createVerifier({
  issuer,
  audience: "urn:demo:express",
  keys: staticKeys(keySet.publicJwks()),
});

const out = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

const verified = await verifier.verify(token);
out(`signed an access token with ${verified.alg} key ${verified.kid}, valid for ${expiresIn} s`);
out(`verified claims: ${JSON.stringify(verified.claims, null, 2)}`);
out(`scopes: ${verified.scopes.join(", ")}`);

// A token for another audience is refused with a stable code.
const koaOnly = await signer.accessToken({ sub: "alice", client_id: "demo-cli", aud: "urn:demo:koa", scope: "profile" });
try {
  await verifier.verify(koaOnly.token);
} catch (e) {
  if (!isTokenError(e)) throw e;
  out(`a token for urn:demo:koa only: ${e.code} (${e.kind}): ${e.description}`);
}
