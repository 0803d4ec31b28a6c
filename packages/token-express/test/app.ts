// The Express app the shared adapter suites run against (see AdapterDriver in @org/testkit).
import type { Verifier } from "@org/token";
import { listening, type AdapterDriver } from "@org/testkit";
import express, { type NextFunction, type Request, type Response } from "express";
import { authErrorHandler, authenticate, requireScope, TOKEN_EXPIRES_IN, type CookieTransport } from "../src/index.js";

const REALM = "express";

function app(verifier: Verifier, cookie?: CookieTransport): express.Express {
  const a = express();
  const auth = authenticate(verifier, cookie === undefined ? {} : { cookie });
  a.get("/me", auth, (req, res) => {
    res.json({ sub: req.auth?.claims.sub, scopes: req.auth?.scopes });
  });
  a.get("/orders", auth, requireScope("orders:read"), (_req, res) => {
    res.json({ orders: [] });
  });
  a.post("/orders", auth, (_req, res) => {
    res.status(201).json({ created: true });
  });
  a.get("/both", auth, requireScope("orders:read", "orders:write"), (_req, res) => {
    res.json({ ok: true });
  });
  a.get("/boom", auth, () => {
    throw new Error("handler failed");
  });
  a.get("/unguarded", requireScope("orders:read"), (_req, res) => {
    res.json({ ok: true });
  });
  a.use(authErrorHandler({ realm: REALM }));
  // Anything the auth handler passes on ends here: proves non-TokenErrors reach next(err).
  a.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    res.status(500).json({ error: "server_error" });
  });
  return a;
}

export const adapter: AdapterDriver = {
  realm: REALM,
  audience: "urn:demo:express",
  otherAudience: "urn:demo:koa",
  tokenExpiresIn: TOKEN_EXPIRES_IN,
  requireScope,
  start: (verifier, cookie) => listening(app(verifier, cookie).listen(0, "127.0.0.1")),
};
