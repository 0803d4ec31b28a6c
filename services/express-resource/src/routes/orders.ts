import { BODY_LIMIT_BYTES, RequestError, parseOrderBody, type OrderStore } from "@org/resource-core";
import { authOf, requireScope } from "@org/token-express";
import express, { Router, type RequestHandler } from "express";

/**
 * `GET /orders` (scope orders:read) lists the caller's orders; `POST /orders` (orders:write)
 * creates one from JSON `{item, quantity}`. The body is parsed only after the token and scope
 * passed, so an anonymous client cannot make the service parse anything.
 *
 * @example
 * app.use(orderRoutes(authenticate(verifier), new OrderStore()));
 */
export function orderRoutes(auth: RequestHandler, store: OrderStore): Router {
  const router = Router();
  router.get("/orders", auth, requireScope("orders:read"), (req, res) => {
    res.json({ orders: store.list(authOf(req).claims.sub) });
  });
  const json = express.json({ limit: BODY_LIMIT_BYTES, inflate: false });
  router.post("/orders", auth, requireScope("orders:write"), json, (req, res) => {
    const input = parseOrderBody(req.body);
    if (!input.ok) throw new RequestError(400, input.description);
    res.status(201).json(store.create(authOf(req).claims.sub, input.value));
  });
  return router;
}
