// The transport-neutral vocabulary shared by the case table, the drivers and the runner.
import type { TokenErrorCode } from "@org/token";

/** The three operations every resource service offers (contract, "Resource services"). */
export type Operation = "me" | "listOrders" | "createOrder";

/** Body of createOrder; only values both HTTP JSON and the proto can carry. */
export interface OrderInput {
  readonly item: string;
  readonly quantity: number;
}

/**
 * Paging of listOrders (AIP-158), as both the HTTP query (`page_size`, `page_token`) and the
 * proto's ListOrdersRequest carry it; absent: not sent.
 */
export interface Paging {
  readonly pageSize?: number;
  readonly pageToken?: string;
}

/** Codes a request can be refused with before it reaches a handler, other than missing scope. */
export type UnauthenticatedCode = Exclude<TokenErrorCode, "scope_insufficient" | "keys_unavailable">;

/** The one outcome a case expects, in no transport's terms. */
export type Expected =
  | { readonly kind: "ok" }
  | { readonly kind: "unauthenticated"; readonly code: UnauthenticatedCode }
  | { readonly kind: "forbidden"; readonly scope: string }
  | { readonly kind: "invalid_argument" };

/** What a driver observed, in no transport's terms. */
export type Result =
  | { readonly kind: "ok"; readonly value: unknown; readonly expiresIn: number | undefined }
  | { readonly kind: "unauthenticated" | "forbidden" | "invalid_argument" }
  | { readonly kind: "other" };

/** One call as the runner hands it to a driver. */
export interface Request {
  readonly operation: Operation;
  /** Authorization values, one per header / metadata entry; empty: none sent. */
  readonly authorization: readonly string[];
  /** DPoP proofs, one per `DPoP` header / `dpop` metadata entry; absent or empty: none sent. */
  readonly dpop?: readonly string[];
  readonly input?: OrderInput;
  /** listOrders only. */
  readonly paging?: Paging;
}

/** What a driver knows for its exactness checks besides the expected outcome. */
export interface Check {
  readonly expected: Expected;
  /** Lifetime of the token that was sent (exp - iat), for the remaining-lifetime header. */
  readonly ttl: number | undefined;
  /** Strings no response may contain (every token that was sent, and its signature). */
  readonly secrets: readonly string[];
}

/** A driver's answer: the neutral result, a summary of the raw exchange, and its exact checks. */
export interface Exchange {
  readonly result: Result;
  /** E.g. `HTTP 401 www-authenticate: Bearer realm="koa"`; shown when an assertion fails. */
  readonly summary: string;
  /** Asserts the transport's exact answer (status, headers or metadata, body) for `check`. */
  assertExact(check: Check): void;
}

/**
 * What a DPoP proof for an operation must name on a transport (contract, "Sender-constrained
 * tokens"): HTTP the route's method and URL; gRPC POST and `http://<authority>/<package.Service>/<Method>`.
 */
export interface ProofTarget {
  readonly htm: string;
  readonly htu: string;
}

/** A transport bound to one running service. A new transport gets the suite by writing one. */
export interface Driver {
  send(request: Request): Promise<Exchange>;
  proofTarget(operation: Operation): ProofTarget;
  close(): void;
}
