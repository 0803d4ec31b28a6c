// A stand-in issuer: RFC 8414 metadata, /token for the password, client-credentials and
// refresh grants with real-looking answers (rotating refresh tokens), /logout and /revoke.
// It records every call, and a test can script the next /token answers or hold them back.
import { randomBytes } from "node:crypto";
import type { ServerResponse } from "node:http";
import { jwkThumbprint } from "@org/token";
import { answer, listen, type Listening } from "./listen.js";

export const ALICE = { username: "alice", password: "alice-demo-password" } as const;
export const PUBLIC_CLIENT = "demo-cli";
export const CONFIDENTIAL = { clientId: "reporting-job", clientSecret: "reporting-job-secret" } as const;

export interface Call {
  readonly path: string;
  readonly params: URLSearchParams;
  readonly authorization: string | undefined;
  readonly contentType: string | undefined;
  /** The DPoP header, when the request had one (the test verifies it). */
  readonly dpop: string | undefined;
}

export interface Scripted {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

function b64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

/** A JWS-shaped token: header.payload.signature, all base64url; bound to `jkt` when given. */
export function jwtLike(typ: string, sub: string, jkt?: string): string {
  const payload = { sub, jti: randomBytes(16).toString("hex"), iat: Math.floor(Date.now() / 1000), ...(jkt === undefined ? {} : { cnf: { jkt } }) };
  return `${b64url({ alg: "EdDSA", typ, kid: "test" })}.${b64url(payload)}.${randomBytes(64).toString("base64url")}`;
}

export class StandInIssuer {
  readonly calls: Call[] = [];
  /** Answers for the next /token calls, used before the normal logic. */
  readonly scripted: Scripted[] = [];
  /** The access tokens issued, in order. */
  readonly accessTokens: string[] = [];
  /** Refresh tokens that may still be used (rotation removes the old one), with the key each is bound to. */
  readonly liveRefresh = new Map<string, string | undefined>();
  expiresIn = 300;
  issueRefreshToken = true;
  /** Changes the metadata document before it is sent. */
  metadata: (doc: Record<string, unknown>) => unknown = (doc) => doc;
  #held: Promise<void> | undefined;
  #release: (() => void) | undefined;

  private constructor(private readonly server: Listening) {}

  static async start(): Promise<StandInIssuer> {
    const ref: { issuer?: StandInIssuer } = {};
    const server = await listen((req, res, body) => ref.issuer?.handle(req.method ?? "", req.url ?? "", req.headers, body, res));
    ref.issuer = new StandInIssuer(server);
    return ref.issuer;
  }

  get url(): string {
    return this.server.url;
  }

  close(): Promise<void> {
    this.release();
    return this.server.close();
  }

  /** Calls to a path, e.g. "/token". */
  to(path: string): Call[] {
    return this.calls.filter((c) => c.path === path);
  }

  /** /token calls of one grant type. */
  grants(grantType: string): Call[] {
    return this.to("/token").filter((c) => c.params.get("grant_type") === grantType);
  }

  /** Holds every /token answer until release(). */
  hold(): void {
    this.#held = new Promise((resolve) => {
      this.#release = resolve;
    });
  }

  release(): void {
    this.#release?.();
    this.#held = undefined;
    this.#release = undefined;
  }

  get lastAccessToken(): string {
    const token = this.accessTokens.at(-1);
    if (token === undefined) throw new Error("no access token issued yet");
    return token;
  }

  async handle(method: string, url: string, headers: Record<string, string | string[] | undefined>, body: string, res: ServerResponse): Promise<void> {
    const path = new URL(url, this.url).pathname;
    const authorization = typeof headers.authorization === "string" ? headers.authorization : undefined;
    const contentType = typeof headers["content-type"] === "string" ? headers["content-type"] : undefined;
    const dpop = typeof headers.dpop === "string" ? headers.dpop : undefined;
    if (method === "GET" && path === "/.well-known/oauth-authorization-server") {
      this.calls.push({ path, params: new URLSearchParams(), authorization, contentType, dpop });
      answer(res, 200, this.metadata(this.#document()));
      return;
    }
    const params = new URLSearchParams(body);
    this.calls.push({ path, params, authorization, contentType, dpop });
    const next = path === "/token" ? this.scripted.shift() : undefined;
    if (method !== "POST") answer(res, 405, { error: "method_not_allowed" });
    else if (path === "/logout") answer(res, 204);
    else if (path === "/revoke") answer(res, 200);
    else if (path !== "/token") answer(res, 404, { error: "not_found" });
    else if (next !== undefined) answer(res, next.status, next.body, next.headers);
    else {
      await this.#held;
      this.#token(params, authorization, proofKey(dpop), res);
    }
  }

  #document(): Record<string, unknown> {
    return {
      issuer: this.url,
      token_endpoint: `${this.url}/token`,
      jwks_uri: `${this.url}/.well-known/jwks.json`,
      revocation_endpoint: `${this.url}/revoke`,
      grant_types_supported: ["password", "client_credentials", "refresh_token"],
      scopes_supported: ["profile", "orders:read", "orders:write"],
    };
  }

  #token(params: URLSearchParams, authorization: string | undefined, jkt: string | undefined, res: ServerResponse): void {
    const noStore = { "cache-control": "no-store" };
    const refusal = this.#refusal(params, authorization, jkt);
    if (refusal !== undefined) {
      answer(res, refusal[0], { error: refusal[1], error_description: refusal[2] }, noStore);
      return;
    }
    const grant = params.get("grant_type");
    const scope = params.get("scope") ?? (grant === "client_credentials" ? "orders:read" : "profile orders:read");
    answer(res, 200, this.#issue(scope, grant !== "client_credentials", jkt), noStore);
  }

  /** Why the issuer refuses this /token request, or undefined; a refresh token is used up here. */
  #refusal(params: URLSearchParams, authorization: string | undefined, jkt: string | undefined): readonly [number, string, string] | undefined {
    const grant = params.get("grant_type");
    if (grant === "password") {
      if (authorization !== undefined || params.get("client_id") !== PUBLIC_CLIENT) return [401, "invalid_client", "client authentication failed"];
      if (params.get("username") !== ALICE.username || params.get("password") !== ALICE.password) {
        return [400, "invalid_grant", "the username or password is wrong"];
      }
      return undefined;
    }
    if (grant === "client_credentials") {
      const expected = `Basic ${Buffer.from(`${CONFIDENTIAL.clientId}:${CONFIDENTIAL.clientSecret}`).toString("base64")}`;
      return authorization === expected ? undefined : [401, "invalid_client", "client authentication failed"];
    }
    if (grant === "refresh_token") {
      const token = params.get("refresh_token") ?? "";
      const bound = this.liveRefresh.get(token);
      const live = this.liveRefresh.delete(token);
      if (!live) return [400, "invalid_grant", "the refresh token is invalid, expired or no longer usable"];
      // As the issuer does (RFC 9449 §5): a bound refresh token needs a proof by its key.
      return bound === undefined || bound === jkt ? undefined : [400, "invalid_grant", "the refresh token is bound to another DPoP key"];
    }
    return [400, "unsupported_grant_type", "the grant type is not supported"];
  }

  #issue(scope: string, withRefresh: boolean, jkt: string | undefined): Record<string, unknown> {
    const accessToken = jwtLike("at+jwt", "alice", jkt);
    this.accessTokens.push(accessToken);
    const tokenType = jkt === undefined ? "Bearer" : "DPoP";
    const body: Record<string, unknown> = { access_token: accessToken, token_type: tokenType, expires_in: this.expiresIn, scope };
    if (withRefresh && this.issueRefreshToken) {
      const refreshToken = jwtLike("rt+jwt", "alice", jkt);
      this.liveRefresh.set(refreshToken, jkt);
      body.refresh_token = refreshToken;
    }
    return body;
  }
}

/** The thumbprint of the key a proof's header carries: what the stand-in binds tokens to (tests verify the proof itself). */
function proofKey(proof: string | undefined): string | undefined {
  if (proof === undefined) return undefined;
  const header = JSON.parse(Buffer.from(proof.split(".")[0] ?? "", "base64url").toString("utf8")) as { jwk?: Record<string, unknown> };
  return header.jwk === undefined ? undefined : jwkThumbprint(header.jwk);
}
