import { BODY_LIMIT_BYTES, RequestError, parseOrderBody, parsePageQuery, type OrderStore } from "@org/resource-core";
import { authOf, requireScope } from "@org/token-express";
import express, { Router, type RequestHandler } from "express";

/**
 * `GET /orders?page_size=&page_token=` (scope orders:read) answers one page of the caller's
 * orders, `{orders, next_page_token}`; `POST /orders` (orders:write) creates one from JSON
 * `{item, quantity}`, 409 once the caller has the most allowed. The query and body are read only
 * after the token and scope passed, so an anonymous client cannot make the service parse anything.
 *
 * @example
 * app.use(orderRoutes(authenticate(verifier), new OrderStore()));
 */
export function orderRoutes(auth: RequestHandler, store: OrderStore): Router {
  const router = Router();
  router.get("/orders", auth, requireScope("orders:read"), (req, res) => {
    const paging = parsePageQuery(req.query);
    if (!paging.ok) throw new RequestError(400, paging.description);
    const page = store.page(authOf(req).claims.sub, paging.value);
    if (!page.ok) throw new RequestError(400, page.description);
    res.json(page.value);
  });
  const json = express.json({ limit: BODY_LIMIT_BYTES, inflate: false });
  router.post("/orders", auth, requireScope("orders:write"), json, (req, res) => {
    const input = parseOrderBody(req.body);
    if (!input.ok) throw new RequestError(400, input.description);
    // Beyond the cap, create throws an OrderLimitError: a RequestError, answered 409 by requestErrors.
    res.status(201).json(store.create(authOf(req).claims.sub, input.value));
  });
  return router;
}
