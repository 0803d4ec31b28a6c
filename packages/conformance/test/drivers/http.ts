// HTTP driver (used for Express and Koa): the contract's routes, RFC 6750 challenges, JSON errors.
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { TOKEN_ERRORS, TokenError } from "@org/token";
import { errorBody } from "@org/token-http";
import { expect } from "vitest";
import type { Check, Driver, Exchange, Operation, Paging, Request, Result, UnauthenticatedCode } from "../model.js";
import { assertNoSecrets, assertRemainingLifetime, redact } from "./shared.js";

/** Where the service is and how it names itself. */
export interface HttpTarget {
  /** e.g. `http://127.0.0.1:4001` */
  readonly baseUrl: string;
  /** The realm of its challenges: "express" or "koa". */
  readonly realm: string;
}

interface RawResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
}

const ROUTES: Readonly<Record<Operation, { method: string; path: string }>> = {
  me: { method: "GET", path: "/me" },
  listOrders: { method: "GET", path: "/orders" },
  createOrder: { method: "POST", path: "/orders" },
};

/**
 * A driver for one HTTP resource service. Requests go out through node:http with raw header
 * lists, so two separate Authorization fields can be sent (fetch would merge them into one).
 */
export function httpDriver(target: HttpTarget): Driver {
  return {
    async send(request: Request): Promise<Exchange> {
      const raw = await call(target.baseUrl, request);
      const result = neutral(raw);
      const challenge = raw.headers["www-authenticate"] ?? "(none)";
      return {
        result,
        summary: redact(`HTTP ${String(raw.status)}, WWW-Authenticate: ${challenge}, body: ${raw.text.slice(0, 300)}`),
        assertExact: (check) => {
          assertExact(raw, request, check, target.realm);
        },
      };
    },
    close: () => undefined,
  };
}

function call(baseUrl: string, request: Request): Promise<RawResponse> {
  const { method } = ROUTES[request.operation];
  const path = ROUTES[request.operation].path + query(request.paging);
  // A raw header list gets no automatic Host field; HTTP/1.1 servers answer 400 without one.
  const headers: string[] = ["host", new URL(baseUrl).host];
  for (const value of request.authorization) headers.push("authorization", value);
  const body = request.input === undefined ? undefined : JSON.stringify(request.input);
  if (body !== undefined) headers.push("content-type", "application/json");
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${baseUrl}${path}`, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString("utf8") });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** The paging parameters as GET /orders takes them; "" when none are sent. */
function query(paging: Paging | undefined): string {
  const params = new URLSearchParams();
  if (paging?.pageSize !== undefined) params.set("page_size", String(paging.pageSize));
  if (paging?.pageToken !== undefined) params.set("page_token", paging.pageToken);
  const text = params.toString();
  return text === "" ? "" : `?${text}`;
}

function neutral(raw: RawResponse): Result {
  const { status } = raw;
  if (status === 200 || status === 201) {
    return { kind: "ok", value: parseJson(raw.text), expiresIn: lifetime(raw.headers) };
  }
  if (status === 401) return { kind: "unauthenticated" };
  if (status === 403) return { kind: "forbidden" };
  // A malformed Authorization header is a 400 too, but it carries the Bearer challenge.
  if (status === 400) {
    const authFailure = (raw.headers["www-authenticate"] ?? "").includes('error="invalid_request"');
    return { kind: authFailure ? "unauthenticated" : "invalid_argument" };
  }
  return { kind: "other" };
}

function assertExact(raw: RawResponse, request: Request, check: Check, realm: string): void {
  const { expected } = check;
  assertNoSecrets(`${raw.text} ${JSON.stringify(raw.headers)}`, check.secrets);
  expect(raw.headers["content-type"] ?? "").toMatch(/^application\/json\b/);
  const body = parseJson(raw.text);
  switch (expected.kind) {
    case "ok":
      expect(raw.status).toBe(request.operation === "createOrder" ? 201 : 200);
      assertRemainingLifetime(lifetime(raw.headers), check.ttl);
      return;
    case "unauthenticated": {
      const error = new TokenError(expected.code);
      expect(raw.status).toBe(expected.code === "invalid_request" ? 400 : 401);
      expect(raw.headers["www-authenticate"]).toBe(challenge(realm, expected.code));
      expect(body).toEqual(errorBody(error));
      return;
    }
    case "forbidden": {
      const error = new TokenError("scope_insufficient", { scope: expected.scope });
      expect(raw.status).toBe(403);
      expect(raw.headers["www-authenticate"]).toBe(
        `Bearer realm="${realm}", error="insufficient_scope", ` +
          `error_description="${TOKEN_ERRORS.scope_insufficient.description}", scope="${expected.scope}"`,
      );
      expect(body).toEqual(errorBody(error));
      assertRemainingLifetime(lifetime(raw.headers), check.ttl);
      return;
    }
    case "invalid_argument":
      expect(raw.status).toBe(400);
      expect(body).toMatchObject({ error: "invalid_request", error_description: expect.any(String) as unknown });
      assertRemainingLifetime(lifetime(raw.headers), check.ttl);
      return;
  }
}

/** The RFC 6750 §3 challenge the contract demands, written out independently of @org/token. */
function challenge(realm: string, code: UnauthenticatedCode): string {
  // No token: both schemes are offered (RFC 9449 §7.1), each service takes DPoP beside Bearer.
  if (code === "token_missing") return `Bearer realm="${realm}", DPoP realm="${realm}", algs="EdDSA ES256"`;
  const error = code === "invalid_request" ? "invalid_request" : "invalid_token";
  const { description } = TOKEN_ERRORS[code];
  return `Bearer realm="${realm}", error="${error}", error_description="${description}"`;
}

function lifetime(headers: IncomingHttpHeaders): number | undefined {
  const value = headers["token-expires-in"];
  return typeof value === "string" ? Number(value) : undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
