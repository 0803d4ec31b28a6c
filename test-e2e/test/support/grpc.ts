// demo.v1.Resource over plaintext h2c: a stub, and one unary call as a GrpcAnswer.
import { Metadata, credentials, status, type CallOptions, type Interceptor, type ServiceError } from "@grpc/grpc-js";
import { loadResourceService, type CreateOrderRequest, type ListOrdersRequest, type ResourceClient } from "@org/proto";
import type { GrpcAnswer } from "./verdict.js";

/** Deadline of one call: generous, a loaded two-core machine is slow but never this slow. */
export const GRPC_DEADLINE_MS = 30_000;

/** One of the three methods, by the name the proto gives it, with its request. */
export type Call =
  | { readonly method: "GetMe" }
  | { readonly method: "ListOrders"; readonly request: Partial<ListOrdersRequest> }
  | { readonly method: "CreateOrder"; readonly request: CreateOrderRequest };

/**
 * A stub on a plaintext channel to `address`, with `interceptors` (the client's retry interceptor
 * first, as its README shows).
 *
 * @example
 * ```ts
 * const stub = resourceStub(target.grpc, [retryInterceptor(client)]);
 * ```
 */
export function resourceStub(address: string, interceptors: readonly Interceptor[] = []): ResourceClient {
  const { Client } = loadResourceService();
  return new Client(address, credentials.createInsecure(), { interceptors: [...interceptors] });
}

/**
 * One unary call; never rejects: a failure is its status. `metadata` carries a raw token (probes);
 * `options.credentials` the client's call credentials.
 *
 * @example
 * ```ts
 * const answer = await unary(stub, { method: "GetMe" }, new Metadata(), { credentials: callCredentials(client) });
 * ```
 */
export function unary(
  stub: ResourceClient,
  call: Call,
  metadata: Metadata = new Metadata(),
  options: Partial<CallOptions> = {},
): Promise<GrpcAnswer> {
  return new Promise((resolve) => {
    const received: Metadata[] = [];
    const done = (error: ServiceError | null, value: unknown): void => {
      if (error !== null) received.push(error.metadata);
      resolve({ code: error?.code ?? status.OK, details: error?.details ?? "", value, metadata: received });
    };
    const callOptions = { deadline: Date.now() + GRPC_DEADLINE_MS, ...options };
    const running =
      call.method === "GetMe"
        ? stub.GetMe({}, metadata, callOptions, done)
        : call.method === "ListOrders"
          ? stub.ListOrders(call.request, metadata, callOptions, done)
          : stub.CreateOrder(call.request, metadata, callOptions, done);
    running.on("metadata", (initial: Metadata) => {
      received.push(initial);
    });
  });
}

/**
 * Metadata presenting `token` as the contract says: `authorization: Bearer <token>`.
 *
 * @example
 * ```ts
 * await unary(stub, { method: "GetMe" }, bearerMetadata(token));
 * ```
 */
export function bearerMetadata(token: string): Metadata {
  const metadata = new Metadata();
  metadata.set("authorization", `Bearer ${token}`);
  return metadata;
}
