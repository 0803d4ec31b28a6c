import { Router } from "@koa/router";
import { RequestError, parseOrderBody, type OrderStore } from "@org/resource-core";
import { authOf, requireScope } from "@org/token-koa";
import type { Middleware } from "koa";
import { readJsonBody } from "../body.js";

/**
 * `GET /orders` (scope orders:read) lists the caller's orders; `POST /orders` (orders:write)
 * creates one from JSON `{item, quantity}`. The body is read only after the token and scope
 * passed, so an anonymous client cannot make the service parse anything.
 *
 * @example
 * app.use(orderRoutes(authenticate(verifier), new OrderStore()).routes());
 */
export function orderRoutes(auth: Middleware, store: OrderStore): Router {
  const router = new Router();
  router.get("/orders", auth, requireScope("orders:read"), (ctx) => {
    ctx.body = { orders: store.list(authOf(ctx).claims.sub) };
  });
  router.post("/orders", auth, requireScope("orders:write"), async (ctx) => {
    const input = parseOrderBody(await readJsonBody(ctx));
    if (!input.ok) throw new RequestError(400, input.description);
    ctx.status = 201;
    ctx.body = store.create(authOf(ctx).claims.sub, input.value);
  });
  return router;
}
