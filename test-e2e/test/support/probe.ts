// Presenting one given token to every resource service (GET /me, GetMe), the way a holder of
// that token would: no client logic, no renewal, no retry. Used to watch tokens that a client
// has forgotten (after a logout) or that were never a client's (tampered, forged). Every answer
// is also checked for an echo of the token.
import type { ResourceClient } from "@org/proto";
import type { Target } from "./env.js";
import { bearerMetadata, resourceStub, unary } from "./grpc.js";
import { SERVICES, echoes, grpcTexts, grpcVerdict, httpVerdict, label, type Service, type Verdict } from "./verdict.js";

/** Per service, what it made of the token. */
export type Everywhere<T> = Record<Service, T>;

/** Presents tokens to the three services of one target. */
export interface Probe {
  /** What `service` answers to GET /me (GetMe) with `token`; `other` if the answer echoes it. */
  present(service: Service, token: string): Promise<Verdict>;
  /** {@link label} of the verdict of every service. */
  everywhere(token: string): Promise<Everywhere<string>>;
  close(): void;
}

const ECHO: Verdict = { kind: "other", summary: "the answer echoes the token" };

async function presentHttp(base: string, service: "express" | "koa", token: string): Promise<Verdict> {
  const response = await fetch(`${base}/me`, { headers: { authorization: `Bearer ${token}` } });
  const answer = { status: response.status, headers: response.headers, text: await response.text() };
  if (echoes(token, [answer.text, ...answer.headers.values()])) return ECHO;
  return httpVerdict(service, answer);
}

async function presentGrpc(stub: ResourceClient, token: string): Promise<Verdict> {
  const answer = await unary(stub, { method: "GetMe" }, bearerMetadata(token));
  return echoes(token, grpcTexts(answer)) ? ECHO : grpcVerdict(answer);
}

/**
 * A probe for `target`.
 *
 * @example
 * ```ts
 * const probe = newProbe(target);
 * await probe.everywhere(token); // { express: "ok", koa: "ok", grpc: "ok" }
 * ```
 */
export function newProbe(target: Target): Probe {
  const stub = resourceStub(target.grpc);
  const present = (service: Service, token: string): Promise<Verdict> =>
    service === "grpc" ? presentGrpc(stub, token) : presentHttp(target[service], service, token);
  return {
    present,
    everywhere: async (token) => {
      const [express, koa, grpc] = await Promise.all(SERVICES.map(async (service) => label(await present(service, token))));
      return { express: express ?? "", koa: koa ?? "", grpc: grpc ?? "" };
    },
    close: () => {
      stub.close();
    },
  };
}

/**
 * The same label for every service.
 *
 * @example
 * ```ts
 * await expect.poll(() => probe.everywhere(token)).toEqual(same("invalid_token: The access token has been revoked"));
 * ```
 */
export function same(value: string): Everywhere<string> {
  return { express: value, koa: value, grpc: value };
}
