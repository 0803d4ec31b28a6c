// A stand-in OAuth 2 issuer for @org/client: RFC 8414 metadata and a token endpoint that
// grants client_credentials to the one client it knows. Just enough to log in; the real one is
// services/issuer.
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { timingSafeEqual } from "node:crypto";
import type { Signer } from "@org/token";
import { accessToken } from "./authority.js";

/** Largest token request read; a client_credentials form is a few dozen bytes. */
const MAX_FORM_BYTES = 4096;

/**
 * The one client the stand-in knows.
 *
 * @example
 * ```ts
 * const known: KnownClient = { clientId: "reporting-job", clientSecret: randomBytes(32).toString("base64url") };
 * ```
 */
export interface KnownClient {
  readonly clientId: string;
  readonly clientSecret: string;
}

function answer(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" }).end(JSON.stringify(body));
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams | undefined> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    if (bytes > MAX_FORM_BYTES) return undefined;
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

/** HTTP Basic with exactly the known client's credentials (RFC 6749 §2.3.1 encoding), compared in constant time. */
function authenticated(req: IncomingMessage, client: KnownClient): boolean {
  const expected = Buffer.from(`Basic ${Buffer.from(`${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.clientSecret)}`).toString("base64")}`);
  const given = Buffer.from(req.headers.authorization ?? "");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The status and body answering one POST /token. */
async function grant(req: IncomingMessage, signer: Signer, client: KnownClient): Promise<[number, unknown]> {
  const form = await readForm(req);
  if (form === undefined) return [400, { error: "invalid_request" }];
  if (form.get("grant_type") !== "client_credentials") return [400, { error: "unsupported_grant_type" }];
  if (!authenticated(req, client)) return [401, { error: "invalid_client" }];
  const token = await accessToken(signer, client.clientId, client.clientId);
  return [200, { access_token: token, token_type: "Bearer", expires_in: 300, scope: "profile" }];
}

/**
 * The stand-in's request listener, for an issuer served at `issuer`.
 *
 * @example
 * ```ts
 * server.on("request", standInIssuer(issuer, signer, { clientId: "job", clientSecret }));
 * ```
 */
export function standInIssuer(issuer: string, signer: Signer, client: KnownClient): RequestListener {
  return (req, res) => {
    if (req.method === "GET" && req.url === "/.well-known/oauth-authorization-server") {
      answer(res, 200, { issuer, token_endpoint: `${issuer}/token`, grant_types_supported: ["client_credentials"] });
      return;
    }
    if (req.method !== "POST" || req.url !== "/token") {
      answer(res, 404, { error: "not_found" });
      return;
    }
    grant(req, signer, client).then(
      ([status, body]) => {
        answer(res, status, body);
      },
      () => {
        answer(res, 500, { error: "server_error" });
      },
    );
  };
}
