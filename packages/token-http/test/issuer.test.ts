// issuerVerifier against a real stand-in issuer on 127.0.0.1 (RFC 8414 metadata and a JWKS).
// Discovery itself is tested in @org/token; this checks the wiring and the options handed on.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { KeySet, createSigner, generateKey, type Key } from "@org/token";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issuerVerifier } from "../src/index.js";

const NOW_MS = Date.UTC(2026, 0, 1);
const clock = (): number => NOW_MS;
const AUDIENCE = "urn:demo:express";

let server: Server;
let issuer: string;
let key: Key;
let metadataHits = 0;

beforeAll(async () => {
  key = await generateKey();
  server = createServer((req, res) => {
    if (req.url === "/.well-known/oauth-authorization-server") {
      metadataHits++;
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ issuer, jwks_uri: `${issuer}/keys` }));
    } else if (req.url === "/keys") {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(new KeySet([key]).publicJwks()));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => { resolve(); })));

const token = async (options: { issuer?: string; aud?: string; ttl?: number } = {}): Promise<string> => {
  const signer = createSigner({ keys: key, issuer: options.issuer ?? issuer, accessTokenTtl: options.ttl ?? 300, clock });
  const issued = await signer.accessToken({ sub: "alice", client_id: "demo-cli", aud: [options.aud ?? AUDIENCE], scope: "profile" });
  return issued.token;
};
const codeOf = (promise: Promise<unknown>): Promise<string> =>
  promise.then(
    () => "accepted",
    (e: unknown) => (e as { code?: string }).code ?? String(e),
  );

describe("issuerVerifier", () => {
  it("verifies tokens of the issuer for the audience, with keys found through the metadata", async () => {
    const verifier = issuerVerifier({ issuerBaseURL: issuer, audience: AUDIENCE, clock });
    expect(metadataHits).toBe(0);
    expect((await verifier.verify(await token())).claims.sub).toBe("alice");
    expect(await codeOf(verifier.verify(await token({ issuer: "http://evil.example" })))).toBe("issuer_invalid");
    expect(await codeOf(verifier.verify(await token({ aud: "urn:demo:koa" })))).toBe("audience_invalid");
    expect(metadataHits).toBe(1);
  });

  it("hands the verifier options on", async () => {
    const es256Only = issuerVerifier({ issuerBaseURL: issuer, audience: AUDIENCE, clock, algorithms: ["ES256"] });
    expect(await codeOf(es256Only.verify(await token()))).toBe("algorithm_not_allowed");
    const short = issuerVerifier({ issuerBaseURL: issuer, audience: AUDIENCE, clock, maxTokenLifetime: 60 });
    expect(await codeOf(short.verify(await token()))).toBe("token_lifetime_exceeded");
    const revoked = issuerVerifier({ issuerBaseURL: issuer, audience: AUDIENCE, clock, revocation: { isRevoked: () => true } });
    expect(await codeOf(revoked.verify(await token()))).toBe("token_revoked");
    const later = issuerVerifier({ issuerBaseURL: issuer, audience: AUDIENCE, clock: () => NOW_MS + 400_000, clockTolerance: 0 });
    expect(await codeOf(later.verify(await token()))).toBe("token_expired");
  });

  it.each<[string, Record<string, unknown>]>([
    ["no audience", { audience: "" }],
    ["a relative issuer", { issuerBaseURL: "/issuer" }],
    ["an issuer with a query", { issuerBaseURL: "http://127.0.0.1:4000/?x=1" }],
    ["a negative timeout", { keys: { timeoutMs: -1 } }],
    ["a bad clockTolerance", { clockTolerance: -1 }],
  ])("throws TypeError at creation for %s", (_name, override) => {
    const options = { issuerBaseURL: "http://127.0.0.1:4000", audience: AUDIENCE, ...override } as Parameters<typeof issuerVerifier>[0];
    expect(() => issuerVerifier(options)).toThrow(TypeError);
  });
});
