import { status, type handleUnaryCall, type sendUnaryData, type ServerUnaryCall } from "@grpc/grpc-js";
import type { ResourceServer } from "@org/proto";
import { OrderLimitError, parseOrderRequest, parsePageRequest, type OrderStore } from "@org/resource-core";
import { authOf } from "@org/token-grpc";
import { IDENTITY } from "../identity.js";
import type { Logger } from "@org/service-kit";

/** A refusal a handler means to send as it is: a status code and a safe details text. */
class RpcError extends Error {
  constructor(
    readonly code: status,
    readonly details: string,
  ) {
    super(details);
    this.name = "RpcError";
  }
}

/**
 * The `demo.v1.Resource` handlers. Authentication and scopes are the interceptor's job; the
 * handlers take the verified token from `authOf(call)` and never read `authorization`.
 *
 * @example
 * ```ts
 * server.addService(loadResourceService().service, createResourceHandlers(new OrderStore(), logger));
 * ```
 */
export function createResourceHandlers(orders: OrderStore, logger: Logger): ResourceServer {
  return {
    GetMe: unary(logger, (call) => {
      const { claims, scopes } = authOf(call);
      return { sub: claims.sub, client_id: claims.client_id, scope: [...scopes], service: IDENTITY.service };
    }),
    ListOrders: unary(logger, (call) => {
      const owner = authOf(call).claims.sub;
      const paging = parsePageRequest(call.request);
      if (!paging.ok) throw new RpcError(status.INVALID_ARGUMENT, paging.description);
      const page = orders.page(owner, paging.value);
      if (!page.ok) throw new RpcError(status.INVALID_ARGUMENT, page.description);
      return page.value;
    }),
    CreateOrder: unary(logger, (call) => {
      const owner = authOf(call).claims.sub;
      const input = parseOrderRequest(call.request);
      if (!input.ok) throw new RpcError(status.INVALID_ARGUMENT, input.description);
      return orders.create(owner, input.value); // beyond the cap: OrderLimitError, see refusalOf
    }),
  };
}

/**
 * The answer a handler's error means, if it is a refusal: an RpcError as itself, the order cap
 * as FAILED_PRECONDITION (gRPC's code for "the system is not in the state this call needs": a
 * retry cannot succeed until that changes) with the store's fixed text.
 */
function refusalOf(error: unknown): RpcError | undefined {
  if (error instanceof RpcError) return error;
  if (error instanceof OrderLimitError) return new RpcError(status.FAILED_PRECONDITION, error.description);
  return undefined;
}

/**
 * Adapts a synchronous function to grpc-js's callback style. grpc-js does not catch what a
 * handler throws (it would take the process down), so every error ends here: a refusal as its
 * status and details, anything else as a bare INTERNAL, logged server-side only.
 */
function unary<Req, Res>(
  logger: Logger,
  run: (call: ServerUnaryCall<Req, Res>) => Res,
): handleUnaryCall<Req, Res> {
  return (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>) => {
    let response: Res;
    try {
      response = run(call);
    } catch (error) {
      const refusal = refusalOf(error);
      if (refusal !== undefined) {
        callback({ code: refusal.code, details: refusal.details });
        return;
      }
      logger.error({ method: call.getPath(), err: error }, "handler failed");
      callback({ code: status.INTERNAL, details: "Internal error" });
      return;
    }
    callback(null, response);
  };
}
