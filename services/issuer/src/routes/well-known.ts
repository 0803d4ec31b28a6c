// Discovery: the public JWKS and RFC 8414 metadata. Both are small, public and cacheable.
import { createHash } from "node:crypto";
import { Router, type Request, type Response } from "express";
import { DPOP_ALGORITHMS, type KeySet } from "@org/token";
import { GRANT_TYPES } from "../identities/store.js";

/** Seconds resource services and proxies may cache the JWKS; the rotation runbook waits at least this. */
export const JWKS_MAX_AGE = 300;

interface Document {
  readonly body: string;
  readonly etag: string;
}

function document(value: unknown): Document {
  const body = JSON.stringify(value);
  return { body, etag: `"${createHash("sha256").update(body).digest("base64url")}"` };
}

/** RFC 9110 §13.1.2: If-None-Match matches `*` or any listed tag (weak comparison is allowed for GET). */
function notModified(req: Request, etag: string): boolean {
  const header = req.get("if-none-match");
  if (header === undefined) return false;
  return header.split(",").some((tag) => {
    const t = tag.trim();
    return t === "*" || t === etag || t === `W/${etag}`;
  });
}

function send(req: Request, res: Response, doc: Document, maxAge: number): void {
  res.set({ "Cache-Control": `public, max-age=${maxAge}`, ETag: doc.etag, "Content-Type": "application/json" });
  if (notModified(req, doc.etag)) {
    res.status(304).end();
    return;
  }
  res.status(200).send(doc.body);
}

/** The set's kids in order: what decides whether the published JWKS must be built again. */
function kidsOf(keys: KeySet): string {
  return keys.keys.map((k) => k.kid).join(" ");
}

/**
 * RFC 8414 metadata for this issuer.
 *
 * @example
 * metadata("http://127.0.0.1:4000", ["orders:read"]).token_endpoint; // "http://127.0.0.1:4000/token"
 */
export function metadata(issuer: string, scopes: readonly string[]): Record<string, unknown> {
  return {
    issuer,
    token_endpoint: `${issuer}/token`,
    jwks_uri: `${issuer}/.well-known/jwks.json`,
    revocation_endpoint: `${issuer}/revoke`,
    grant_types_supported: [...GRANT_TYPES],
    scopes_supported: [...scopes],
    response_types_supported: [],
    token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post", "none"],
    revocation_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post", "none"],
    // RFC 9449 §5.1: the proof algorithms /token (and /logout) accept.
    dpop_signing_alg_values_supported: [...DPOP_ALGORITHMS],
  };
}

/**
 * `GET /.well-known/jwks.json` and `GET /.well-known/oauth-authorization-server`, with a strong ETag over
 * the exact body and 304 on a matching If-None-Match. The metadata is built once; the JWKS is built
 * again whenever the set of keys changed (an emergency key withdrawal removes one at run time).
 *
 * @example
 * app.use(wellKnownRoutes(keys, config.issuer, identities.scopes));
 */
export function wellKnownRoutes(keys: KeySet, issuer: string, scopes: readonly string[]): Router {
  let jwks = { kids: kidsOf(keys), doc: document(keys.publicJwks()) };
  const meta = document(metadata(issuer, scopes));
  const router = Router();
  router.get("/.well-known/jwks.json", (req, res) => {
    const kids = kidsOf(keys);
    if (kids !== jwks.kids) jwks = { kids, doc: document(keys.publicJwks()) };
    send(req, res, jwks.doc, JWKS_MAX_AGE);
  });
  router.get("/.well-known/oauth-authorization-server", (req, res) => {
    send(req, res, meta, 3600);
  });
  return router;
}
