import type { RequestHandler } from "express";
import { issuerVerifier, type IssuerOptions } from "@org/token-http";
import { authenticate, type AuthenticateOptions } from "./authenticate.js";

/** Options of {@link auth}: the issuer and audience, plus those of {@link authenticate}. */
export interface AuthOptions extends IssuerOptions, AuthenticateOptions {}

/**
 * The one-call setup: `authenticate` with a verifier for `audience` whose keys are found through
 * the RFC 8414 metadata of `issuerBaseURL` (its `jwks_uri`; the metadata's `issuer` must equal
 * `issuerBaseURL`, which is also the `iss` every token must carry). Discovery is lazy: the first
 * request waits for it; while it fails, requests get 503 `keys_unavailable` with `Retry-After`,
 * and it is tried again at most once a second; once it succeeds it is kept.
 *
 * @throws TypeError at creation for a bad issuer URL, an empty audience or another bad option.
 * @example
 * app.use(auth({ issuerBaseURL: "http://127.0.0.1:4000", audience: "urn:demo:express", realm: "express" }));
 * app.get("/me", (req, res) => { res.json({ sub: authOf(req).claims.sub }); });
 */
export function auth(options: AuthOptions): RequestHandler {
  return authenticate(issuerVerifier(options), options);
}
