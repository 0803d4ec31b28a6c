import { Router } from "@koa/router";
import { RequestError, parseOrderBody, parsePageQuery, type OrderStore } from "@org/resource-core";
import { authOf, requireScope } from "@org/token-koa";
import type { Middleware } from "koa";
import { readJsonBody } from "../body.js";

/**
 * `GET /orders?page_size=&page_token=` (scope orders:read) answers one page of the caller's
 * orders, `{orders, next_page_token}`; `POST /orders` (orders:write) creates one from JSON
 * `{item, quantity}`, 409 once the caller has the most allowed. The query and body are read only
 * after the token and scope passed, so an anonymous client cannot make the service parse anything.
 *
 * @example
 * app.use(orderRoutes(authenticate(verifier), new OrderStore()).routes());
 */
export function orderRoutes(auth: Middleware, store: OrderStore): Router {
  const router = new Router();
  router.get("/orders", auth, requireScope("orders:read"), (ctx) => {
    const paging = parsePageQuery(ctx.query);
    if (!paging.ok) throw new RequestError(400, paging.description);
    const page = store.page(authOf(ctx).claims.sub, paging.value);
    if (!page.ok) throw new RequestError(400, page.description);
    ctx.body = page.value;
  });
  router.post("/orders", auth, requireScope("orders:write"), async (ctx) => {
    const input = parseOrderBody(await readJsonBody(ctx));
    if (!input.ok) throw new RequestError(400, input.description);
    // Beyond the cap, create throws an OrderLimitError: a RequestError, answered 409 by requestErrors.
    const order = store.create(authOf(ctx).claims.sub, input.value);
    ctx.status = 201;
    ctx.body = order;
  });
  return router;
}
