// The Express apps the shared adapter suites run against (see AdapterDriver in @org/testkit),
// for whichever Express major `createApp` comes from: test/app.ts passes Express 5,
// test/express4/app.ts Express 4. Only API common to both is used here, and this file is type
// checked against both majors' types (tsconfig.json and test/express4/tsconfig.json).
import { DpopPolicy, type DpopPolicyOptions, type Verifier } from "@org/token";
import { listening, type AdapterDriver, type DiscoveredStart } from "@org/testkit";
import type { Express, NextFunction, Request, Response, Router } from "express";
import {
  auth,
  authErrorHandler,
  authenticate,
  requireAnyScope,
  requireClaims,
  requireScope,
  TOKEN_EXPIRES_IN,
  type CookieTransport,
} from "../src/index.js";

const REALM = "express";
const AUDIENCE = "urn:demo:express";

function serverErrors(err: unknown, _req: Request, res: Response, next: NextFunction): void {
  if (res.headersSent) {
    next(err);
    return;
  }
  res.status(500).json({ error: "server_error" });
}

function app(createApp: () => Express, verifier: Verifier, cookie?: CookieTransport): Express {
  const a = createApp();
  const guarded = authenticate(verifier, cookie === undefined ? {} : { cookie });
  const optional = authenticate(verifier, { authRequired: false });
  a.get("/me", guarded, (req, res) => {
    res.json({ sub: req.auth?.claims.sub, scopes: req.auth?.scopes });
  });
  a.get("/orders", guarded, requireScope("orders:read"), (_req, res) => {
    res.json({ orders: [] });
  });
  a.post("/orders", guarded, (_req, res) => {
    res.status(201).json({ created: true });
  });
  a.get("/both", guarded, requireScope("orders:read", "orders:write"), (_req, res) => {
    res.json({ ok: true });
  });
  a.get("/boom", guarded, () => {
    throw new Error("handler failed");
  });
  a.get("/unguarded", requireScope("orders:read"), (_req, res) => {
    res.json({ ok: true });
  });
  a.get("/maybe", optional, (req, res) => {
    res.json({ sub: req.auth?.claims.sub ?? null });
  });
  a.get("/maybe-scoped", optional, requireScope("orders:read"), (_req, res) => {
    res.json({ ok: true });
  });
  a.get("/any", guarded, requireAnyScope("orders:read", "orders:write"), (_req, res) => {
    res.json({ ok: true });
  });
  a.get("/claims", guarded, requireClaims((claims) => claims.client_id === "demo-cli"), (_req, res) => {
    res.json({ ok: true });
  });
  const broken = requireClaims(() => {
    throw new Error("check failed");
  });
  a.get("/claims-throws", guarded, broken, (_req, res) => {
    res.json({ ok: true });
  });
  a.use(authErrorHandler({ realm: REALM }));
  // Anything the auth handler passes on ends here: proves non-TokenErrors reach next(err).
  a.use(serverErrors);
  return a;
}

// No error handler at all: Express's finalhandler answers, in the mode that shows the most.
function bareApp(createApp: () => Express, verifier: Verifier): Express {
  const a = createApp();
  a.set("env", "development");
  const guarded = authenticate(verifier, { realm: REALM });
  a.get("/me", guarded, (req, res) => {
    res.json({ sub: req.auth?.claims.sub });
  });
  a.get("/orders", guarded, requireScope("orders:read"), (_req, res) => {
    res.json({ orders: [] });
  });
  return a;
}

function discoveredApp(createApp: () => Express, options: DiscoveredStart): Express {
  const a = createApp();
  a.get("/me", auth({ ...options, audience: AUDIENCE, realm: REALM }), (req, res) => {
    res.json({ sub: req.auth?.claims.sub });
  });
  a.use(authErrorHandler()); // no realm: each error carries the one auth() was given
  a.use(serverErrors);
  return a;
}

// Every DPoP middleware of the app shares one policy, so a proof is single-use across them.
function dpopApp(createApp: () => Express, createRouter: () => Router, verifier: Verifier, options: DpopPolicyOptions, trustProxy: boolean): Express {
  const a = createApp();
  if (trustProxy) a.set("trust proxy", true);
  const dpop = new DpopPolicy(options);
  const guarded = authenticate(verifier, { dpop });
  const me = (req: Request, res: Response): void => {
    res.json({ sub: req.auth?.claims.sub, scopes: req.auth?.scopes });
  };
  a.get("/me", guarded, me);
  a.get("/orders", guarded, requireScope("orders:read"), (_req, res) => {
    res.json({ orders: [] });
  });
  a.post("/orders", guarded, (_req, res) => {
    res.status(201).json({ created: true });
  });
  a.get("/maybe", authenticate(verifier, { dpop, authRequired: false }), (req, res) => {
    res.json({ sub: req.auth?.claims.sub ?? null });
  });
  const v1 = createRouter();
  v1.get("/me", guarded, me);
  a.use("/v1", v1);
  a.use(authErrorHandler({ realm: REALM }));
  a.use(serverErrors);
  return a;
}

/**
 * The adapter driver for the Express major `createApp` builds.
 *
 * @example
 * export const adapter = expressDriver(() => express(), () => express.Router());
 */
export function expressDriver(createApp: () => Express, createRouter: () => Router): AdapterDriver {
  const on = (a: Express): ReturnType<AdapterDriver["start"]> => listening(a.listen(0, "127.0.0.1"));
  return {
    realm: REALM,
    audience: AUDIENCE,
    otherAudience: "urn:demo:koa",
    tokenExpiresIn: TOKEN_EXPIRES_IN,
    requireScope,
    requireAnyScope,
    requireClaims,
    defaultHandlerLogs: true,
    start: (verifier, cookie) => on(app(createApp, verifier, cookie)),
    startBare: (verifier) => on(bareApp(createApp, verifier)),
    startDiscovered: (options) => on(discoveredApp(createApp, options)),
    startDpop: (verifier, dpop, options) => on(dpopApp(createApp, createRouter, verifier, dpop, options?.trustProxy ?? false)),
  };
}
