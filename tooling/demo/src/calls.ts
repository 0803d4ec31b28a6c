// The demo's own calls to the three resource services, with the credentials given exactly as
// written (no client library in between, so a refusal is shown as the service answered it), and
// one line that says what came back.
import * as grpc from "@grpc/grpc-js";
import { loadResourceService, type ResourceClient } from "@org/proto";

/** The three resource services, by the name the contract gives their `service` field. */
export type ServiceName = "express" | "koa" | "grpc";
export const SERVICES: readonly ServiceName[] = ["express", "koa", "grpc"];

/** What one call got, in the same shape for HTTP and gRPC. */
export interface Answer {
  /** HTTP status, or the gRPC status name (`OK`, `UNAUTHENTICATED`, …). */
  readonly status: number | string;
  /** `error` of the JSON body or of the challenge (`invalid_token`, …), when there is one. */
  readonly error?: string;
  /** `error_description`, or the gRPC details. */
  readonly description?: string;
  /** The body of a success. */
  readonly body?: Record<string, unknown>;
  /** `Token-Expires-In` (HTTP header or gRPC metadata). */
  readonly expiresIn?: string;
  readonly challenge?: string;
}

/** `200`, `401 invalid_token "The access token expired"`, `UNAUTHENTICATED "…"`. */
export function describeAnswer(a: Answer): string {
  const parts = [String(a.status)];
  if (a.error !== undefined) parts.push(a.error);
  if (a.description !== undefined && a.status !== 200 && a.status !== "OK") parts.push(`"${a.description}"`);
  return parts.join(" ");
}

/** Whether the answer is the success of a verified call. */
export const accepted = (a: Answer): boolean => a.status === 200 || a.status === "OK";

const GRPC_STATUS_NAMES = new Map<number, string>(
  Object.entries(grpc.status).flatMap(([name, code]) => (typeof code === "number" ? [[code, name] as const] : [])),
);
const CALL_DEADLINE_MS = 5_000;

/** Calls `GET <base>/me` (or another request) with the Authorization field given (or none). */
export async function httpMe(
  base: string,
  authorization: string | undefined,
  request: { readonly method: "GET" | "POST"; readonly path: string; readonly json?: unknown } = { method: "GET", path: "/me" },
): Promise<Answer> {
  const headers: Record<string, string> = authorization === undefined ? {} : { authorization };
  if (request.json !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(`${base}${request.path}`, {
    method: request.method,
    headers,
    ...(request.json === undefined ? {} : { body: JSON.stringify(request.json) }),
    signal: AbortSignal.timeout(CALL_DEADLINE_MS),
  });
  const text = await res.text();
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === "object" && parsed !== null) body = parsed as Record<string, unknown>;
  } catch {
    // a body that is not JSON is shown by its status alone
  }
  const challenge = res.headers.get("www-authenticate") ?? undefined;
  const error = typeof body.error === "string" ? body.error : /error="([^"]*)"/.exec(challenge ?? "")?.[1];
  const description = typeof body.error_description === "string" ? body.error_description : undefined;
  const expiresIn = res.headers.get("token-expires-in") ?? undefined;
  return {
    status: res.status,
    ...(error === undefined ? {} : { error }),
    ...(description === undefined ? {} : { description }),
    ...(res.ok ? { body } : {}),
    ...(expiresIn === undefined ? {} : { expiresIn }),
    ...(challenge === undefined ? {} : { challenge }),
  };
}

/** A grpc-js stub for the demo's gRPC service; `close()` when done. */
export function grpcStub(address: string): ResourceClient {
  const { Client } = loadResourceService();
  return new Client(address, grpc.credentials.createInsecure());
}

/** Calls `GetMe` (or `CreateOrder` with `order`) with the `authorization` metadata given (or none). */
export function grpcMe(
  stub: ResourceClient,
  authorization: string | undefined,
  order?: { readonly item: string; readonly quantity: number },
): Promise<Answer> {
  const metadata = new grpc.Metadata();
  if (authorization !== undefined) metadata.set("authorization", authorization);
  return new Promise((resolve) => {
    let expiresIn: string | undefined;
    const done = (error: grpc.ServiceError | null, value: object | undefined): void => {
      if (error === null) {
        resolve({ status: "OK", body: { ...value }, ...(expiresIn === undefined ? {} : { expiresIn }) });
        return;
      }
      const status = GRPC_STATUS_NAMES.get(error.code) ?? String(error.code);
      resolve({ status, description: error.details });
    };
    const options = { deadline: Date.now() + CALL_DEADLINE_MS };
    const call = order === undefined ? stub.GetMe({}, metadata, options, done) : stub.CreateOrder(order, metadata, options, done);
    call.on("metadata", (m: grpc.Metadata) => {
      const value = m.get("token-expires-in")[0];
      if (value !== undefined) expiresIn = String(value);
    });
  });
}
