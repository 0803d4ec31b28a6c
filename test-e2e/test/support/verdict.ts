// What a resource service answered, in the contract's words, checked exactly: an HTTP answer is
// a refusal of a kind only when its status, its WWW-Authenticate challenge and its JSON body are
// all exactly the contract's; anything else is `other`, with a summary that says what came back.
import { status, type Metadata } from "@grpc/grpc-js";

/** The three resource services. */
export type Service = "express" | "koa" | "grpc";
export const SERVICES: readonly Service[] = ["express", "koa", "grpc"];

/** One answer in neutral terms. */
export type Verdict =
  | { readonly kind: "ok"; readonly value: unknown }
  | { readonly kind: "invalid_token"; readonly description: string }
  /** `scope`: the HTTP challenge's scope parameter (RFC 6750 §3); gRPC carries none. */
  | { readonly kind: "insufficient_scope"; readonly scope?: string }
  | { readonly kind: "unavailable"; readonly description: string }
  | { readonly kind: "other"; readonly summary: string };

/** A raw HTTP answer, read once. */
export interface HttpAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

/** A raw gRPC answer. */
export interface GrpcAnswer {
  readonly code: status;
  readonly details: string;
  readonly value: unknown;
  readonly metadata: readonly Metadata[];
}

const INSUFFICIENT = "The access token lacks the required scope";

function json(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function errorBody(text: string): { error: string; error_description: string } | undefined {
  const body = json(text);
  if (typeof body !== "object" || body === null) return undefined;
  const { error, error_description: description, ...rest } = body as Record<string, unknown>;
  if (typeof error !== "string" || typeof description !== "string" || Object.keys(rest).length > 0) return undefined;
  return { error, error_description: description };
}

/**
 * An HTTP answer of `service` (`express` or `koa`, its realm) as a {@link Verdict}.
 *
 * @example
 * ```ts
 * httpVerdict("koa", { status: 401, headers, text }); // { kind: "invalid_token", description: "The access token expired" }
 * ```
 */
export function httpVerdict(service: Service, answer: HttpAnswer): Verdict {
  const challenge = answer.headers.get("www-authenticate") ?? "";
  const body = errorBody(answer.text);
  const realm = `Bearer realm="${service}"`;
  const other = (): Verdict => ({ kind: "other", summary: `HTTP ${String(answer.status)} [${challenge}] ${answer.text.slice(0, 300)}` });
  if (answer.status === 200 || answer.status === 201) {
    const value = json(answer.text);
    return value === undefined ? other() : { kind: "ok", value };
  }
  if (answer.status === 401 && body?.error === "invalid_token") {
    const exact = `${realm}, error="invalid_token", error_description="${body.error_description}"`;
    return challenge === exact ? { kind: "invalid_token", description: body.error_description } : other();
  }
  if (answer.status === 403 && body?.error === "insufficient_scope" && body.error_description === INSUFFICIENT) {
    const scope = new RegExp(`^${realm}, error="insufficient_scope", error_description="${INSUFFICIENT}", scope="([^"]+)"$`).exec(challenge)?.[1];
    return scope === undefined ? other() : { kind: "insufficient_scope", scope };
  }
  const retryAfter = answer.headers.get("retry-after") ?? "";
  if (answer.status === 503 && body !== undefined && challenge === realm && /^\d+$/.test(retryAfter)) {
    return { kind: "unavailable", description: body.error_description };
  }
  return other();
}

/**
 * A gRPC answer as a {@link Verdict}: OK, UNAUTHENTICATED (its details are the refusal's fixed
 * description), PERMISSION_DENIED, UNAVAILABLE.
 *
 * @example
 * ```ts
 * grpcVerdict({ code: status.UNAUTHENTICATED, details: "The access token expired", value: undefined, metadata: [] });
 * ```
 */
export function grpcVerdict(answer: GrpcAnswer): Verdict {
  switch (answer.code) {
    case status.OK:
      return { kind: "ok", value: answer.value };
    case status.UNAUTHENTICATED:
      return { kind: "invalid_token", description: answer.details };
    case status.PERMISSION_DENIED:
      return { kind: "insufficient_scope" };
    case status.UNAVAILABLE:
      return { kind: "unavailable", description: answer.details };
    default:
      return { kind: "other", summary: `gRPC ${status[answer.code]}: ${answer.details}` };
  }
}

/**
 * A verdict as one line, for polling and for messages: `ok`, `invalid_token: <description>`,
 * `insufficient_scope`, `unavailable: <description>`, `other: <summary>`.
 *
 * @example
 * ```ts
 * label({ kind: "invalid_token", description: "The access token has been revoked" });
 * // "invalid_token: The access token has been revoked"
 * ```
 */
export function label(verdict: Verdict): string {
  switch (verdict.kind) {
    case "ok":
    case "insufficient_scope":
      return verdict.kind;
    case "invalid_token":
    case "unavailable":
      return `${verdict.kind}: ${verdict.description}`;
    case "other":
      return `other: ${verdict.summary}`;
  }
}

/**
 * True when `token`, or its payload or signature part, appears anywhere in what came back.
 *
 * @example
 * ```ts
 * echoes(token, [answer.text, ...answer.headers.values()]); // false
 * ```
 */
export function echoes(token: string, texts: Iterable<string>): boolean {
  const [, payload = "", signature = ""] = token.split(".");
  const needles = [token, payload, signature].filter((part) => part.length >= 16);
  for (const text of texts) if (needles.some((needle) => text.includes(needle))) return true;
  return false;
}

/** Every text a gRPC answer carries: details and every metadata value. */
export function grpcTexts(answer: GrpcAnswer): string[] {
  const texts = [answer.details];
  for (const metadata of answer.metadata) {
    for (const values of Object.values(metadata.getMap())) texts.push(typeof values === "string" ? values : values.toString("utf8"));
  }
  return texts;
}
