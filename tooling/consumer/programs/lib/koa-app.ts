// A Koa 3 app that needs a valid access token for every request.
import { createServer, type Server } from "node:http";
import Koa from "koa";
import type { Verifier } from "@org/token";
import { authenticate, authErrorHandler, authOf } from "@org/token-koa";
import { REALM } from "./http.js";

/**
 * Answers `{ sub }` of the caller's token; the error handler, first, answers every refusal.
 *
 * @example
 * ```ts
 * const url = await listen(koaServer(verifier));
 * ```
 */
export function koaServer(verifier: Verifier): Server {
  const app = new Koa();
  app.use(authErrorHandler({ realm: REALM })); // before what it guards: it catches what they throw
  app.use(authenticate(verifier));
  app.use((ctx) => {
    ctx.body = { sub: authOf(ctx).claims.sub };
  });
  const handle = app.callback();
  // Koa's handler settles its promise itself (errors included); nothing to await here.
  return createServer((req, res) => {
    void handle(req, res);
  });
}
