// gRPC driver: demo.v1.Resource over plaintext h2c, token in `authorization` metadata.
import { Metadata, credentials, status, type ClientUnaryCall, type ServiceError } from "@grpc/grpc-js";
import { loadResourceService, type ResourceClient } from "@org/proto";
import { TokenError } from "@org/token";
import { expect } from "vitest";
import type { Check, Driver, Exchange, Request, Result } from "../model.js";
import { assertNoSecrets, assertRemainingLifetime, redact } from "./shared.js";

const DEADLINE_MS = 5_000;

const EXPECTED_STATUS = {
  ok: status.OK,
  unauthenticated: status.UNAUTHENTICATED,
  forbidden: status.PERMISSION_DENIED,
  invalid_argument: status.INVALID_ARGUMENT,
} as const;

interface RawCall {
  readonly code: status;
  readonly details: string;
  readonly value: unknown;
  readonly initial: Metadata | undefined;
  readonly trailers: Metadata | undefined;
}

/**
 * A driver for the gRPC resource service at `address` (`host:port`).
 */
export function grpcDriver(address: string): Driver {
  const { Client } = loadResourceService();
  const client = new Client(address, credentials.createInsecure());
  return {
    async send(request: Request): Promise<Exchange> {
      const raw = await call(client, request);
      return {
        result: neutral(raw),
        summary: redact(`gRPC ${status[raw.code]} (${String(raw.code)}): ${raw.details}`),
        assertExact: (check) => {
          assertExact(raw, check);
        },
      };
    },
    // A call is an HTTP/2 POST to its method's path; the authority is the address dialled.
    proofTarget: (operation) => ({ htm: "POST", htu: `http://${address}${METHOD_PATHS[operation]}` }),
    close: () => {
      client.close();
    },
  };
}

const METHOD_PATHS = {
  me: "/demo.v1.Resource/GetMe",
  listOrders: "/demo.v1.Resource/ListOrders",
  createOrder: "/demo.v1.Resource/CreateOrder",
} as const;

function call(client: ResourceClient, request: Request): Promise<RawCall> {
  const metadata = new Metadata();
  for (const value of request.authorization) metadata.add("authorization", value);
  for (const value of request.dpop ?? []) metadata.add("dpop", value);
  const options = { deadline: Date.now() + DEADLINE_MS };
  return new Promise((resolve) => {
    let initial: Metadata | undefined;
    const done = (error: ServiceError | null, value: unknown): void => {
      resolve({
        code: error?.code ?? status.OK,
        details: error?.details ?? "",
        value,
        initial,
        trailers: error?.metadata,
      });
    };
    let unary: ClientUnaryCall;
    if (request.operation === "me") unary = client.GetMe({}, metadata, options, done);
    else if (request.operation === "listOrders") unary = client.ListOrders(listRequest(request), metadata, options, done);
    else unary = client.CreateOrder({ item: "", quantity: 0, ...request.input }, metadata, options, done);
    unary.on("metadata", (received: Metadata) => {
      initial = received;
    });
  });
}

/** ListOrdersRequest with only the paging fields the case sets (unset ones take proto3 defaults). */
function listRequest({ paging }: Request): { page_size?: number; page_token?: string } {
  return {
    ...(paging?.pageSize === undefined ? {} : { page_size: paging.pageSize }),
    ...(paging?.pageToken === undefined ? {} : { page_token: paging.pageToken }),
  };
}

function neutral(raw: RawCall): Result {
  switch (raw.code) {
    case status.OK:
      return { kind: "ok", value: raw.value, expiresIn: lifetime(raw.initial) };
    case status.UNAUTHENTICATED:
      return { kind: "unauthenticated" };
    case status.PERMISSION_DENIED:
      return { kind: "forbidden" };
    case status.INVALID_ARGUMENT:
      return { kind: "invalid_argument" };
    default:
      return { kind: "other" };
  }
}

function assertExact(raw: RawCall, check: Check): void {
  const metadata = [raw.initial, raw.trailers].map((m) => JSON.stringify(m?.toJSON() ?? {}));
  assertNoSecrets(`${raw.details} ${metadata.join(" ")}`, check.secrets);
  const { expected } = check;
  expect(status[raw.code]).toBe(status[EXPECTED_STATUS[expected.kind]]);
  // A refusal's details are its code's fixed description: the one way a gRPC client (and this
  // suite) tells the refusals apart, e.g. a thief's proof from a replayed one.
  if (expected.kind === "unauthenticated") expect(raw.details).toBe(new TokenError(expected.code).description);
  if (expected.kind === "forbidden") expect(raw.details).toBe(new TokenError("scope_insufficient", { scope: expected.scope }).description);
  if (expected.kind === "ok") assertRemainingLifetime(lifetime(raw.initial), check.ttl);
}

/** `token-expires-in` from the response's initial metadata (services.md). */
function lifetime(metadata: Metadata | undefined): number | undefined {
  const [value] = metadata?.get("token-expires-in") ?? [];
  return typeof value === "string" ? Number(value) : undefined;
}
