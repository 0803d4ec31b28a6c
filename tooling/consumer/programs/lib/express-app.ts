// An Express 5 app whose GET /me needs a valid access token.
import { createServer, type Server } from "node:http";
import express from "express";
import type { Verifier } from "@org/token";
import { authenticate, authErrorHandler, authOf } from "@org/token-express";
import { REALM } from "./http.js";

/**
 * GET /me answers `{ sub }` of the caller's token; the error handler answers every refusal.
 *
 * @example
 * ```ts
 * const url = await listen(expressServer(verifier));
 * ```
 */
export function expressServer(verifier: Verifier): Server {
  const app = express();
  app.get("/me", authenticate(verifier), (req, res) => {
    res.json({ sub: authOf(req).claims.sub });
  });
  app.use(authErrorHandler({ realm: REALM })); // after the routes
  return createServer(app);
}
