import type * as grpc from "@grpc/grpc-js";

/*
 * Hand-written shapes of the demo.v1 messages, as @grpc/proto-loader hands them over with
 * keepCase, longs: String, enums: String, defaults: true. With `defaults` every field is
 * present on a decoded message, so none is optional here. They mirror the HTTP JSON.
 */

/** `demo.v1.GetMeRequest`: empty. */
export type GetMeRequest = Record<string, never>;

/**
 * `demo.v1.ListOrdersRequest` (Google AIP-158): `page_size` 0 means 100, above 100 means 100,
 * negative is refused; `page_token` "" is the first page, else the previous `next_page_token`.
 */
export interface ListOrdersRequest {
  page_size: number;
  page_token: string;
}

/** `demo.v1.Me`: who the token belongs to. `service` is always `"grpc"` from this service. */
export interface Me {
  sub: string;
  client_id: string;
  scope: string[];
  service: string;
}

/** `demo.v1.Order`: `created_at` is ISO 8601 (UTC); `owner` is the creator's `sub`. */
export interface Order {
  id: string;
  item: string;
  quantity: number;
  owner: string;
  created_at: string;
}

/** `demo.v1.ListOrdersResponse`: `next_page_token` is "" on the last page. */
export interface ListOrdersResponse {
  orders: Order[];
  next_page_token: string;
}

/** `demo.v1.CreateOrderRequest`: item non-empty (≤ 200 chars), quantity 1..1_000_000. */
export interface CreateOrderRequest {
  item: string;
  quantity: number;
}

/** Server-side implementation of `demo.v1.Resource`, for `server.addService`. */
export interface ResourceServer extends grpc.UntypedServiceImplementation {
  GetMe: grpc.handleUnaryCall<GetMeRequest, Me>;
  ListOrders: grpc.handleUnaryCall<ListOrdersRequest, ListOrdersResponse>;
  CreateOrder: grpc.handleUnaryCall<CreateOrderRequest, Order>;
}

/** The usual grpc-js unary client overloads for one method. */
export interface UnaryClientMethod<Req, Res> {
  (request: Req, callback: grpc.requestCallback<Res>): grpc.ClientUnaryCall;
  (request: Req, metadata: grpc.Metadata, callback: grpc.requestCallback<Res>): grpc.ClientUnaryCall;
  (
    request: Req,
    metadata: grpc.Metadata,
    options: Partial<grpc.CallOptions>,
    callback: grpc.requestCallback<Res>,
  ): grpc.ClientUnaryCall;
}

/** A `demo.v1.Resource` client (method names as in the proto). */
export interface ResourceClient extends grpc.Client {
  GetMe: UnaryClientMethod<GetMeRequest, Me>;
  // Partial: unset proto3 fields are sent as their defaults, so `{}` (what clients sent before
  // paging) asks for the first page of 100.
  ListOrders: UnaryClientMethod<Partial<ListOrdersRequest>, ListOrdersResponse>;
  CreateOrder: UnaryClientMethod<CreateOrderRequest, Order>;
}

/** Constructor of {@link ResourceClient}, as grpc-js generates it. */
export interface ResourceClientConstructor {
  new (
    address: string,
    credentials: grpc.ChannelCredentials,
    options?: Partial<grpc.ChannelOptions>,
  ): ResourceClient;
  readonly serviceName: string;
}
