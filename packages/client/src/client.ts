// createClient: logins, the fresh access token, client.fetch, logout and revocation, over one
// TokenStore (the tokens and their renewal) and one IssuerApi (every request to the issuer).
import { authorizationHeaders, type AuthTarget, type Authorization, type TokenSnapshot } from "./authorization.js";
import { DpopProver } from "./dpop.js";
import { authorizedFetch, type FetchDeps } from "./fetch.js";
import { IssuerApi } from "./issuer.js";
import { settingsFrom, type ClientOptions, type Settings } from "./options.js";
import { scopeParam, resourceParams, type ResourceInput, type ScopeInput } from "./params.js";
import { TokenStore, type Lease, type Renewal } from "./session.js";
import type { TokenAnswer } from "./token-answer.js";
import { isObject } from "./lib/object.js";
import { logoutUrl } from "./lib/url.js";

/**
 * Arguments of {@link Client.loginWithPassword}.
 *
 * @example
 * ```ts
 * const login: PasswordLogin = { username: "alice", password, scope: ["orders:read"], resource: "urn:demo:koa" };
 * ```
 */
export interface PasswordLogin {
  readonly username: string;
  /** Sent once to the token endpoint and never kept. */
  readonly password: string;
  /** Scopes to ask for (a space-separated string or a list); default: what the issuer grants. */
  readonly scope?: ScopeInput;
  /** RFC 8707 resource indicators (absolute URIs) to narrow the token's audience. */
  readonly resource?: ResourceInput;
}

/**
 * Arguments of {@link Client.loginWithClientCredentials}.
 *
 * @example
 * ```ts
 * await client.loginWithClientCredentials({ scope: "orders:read" } satisfies ClientCredentialsLogin);
 * ```
 */
export interface ClientCredentialsLogin {
  readonly scope?: ScopeInput;
  readonly resource?: ResourceInput;
}

/**
 * What a login tells the caller; never a token.
 *
 * @example
 * ```ts
 * const { scope, expiresIn } = await client.loginWithPassword({ username, password }); // ["profile", …], 300
 * ```
 */
export interface LoginResult {
  /** The granted scopes, as the issuer answered. */
  readonly scope: readonly string[];
  /** The access token's lifetime in seconds. */
  readonly expiresIn: number;
}

/**
 * A client of the issuer that keeps its access token fresh. Tokens live in memory only.
 *
 * @example
 * ```ts
 * const client = createClient({ issuer: "http://127.0.0.1:4000", clientId: "demo-cli" });
 * await client.loginWithPassword({ username: "alice", password });
 * const me = await client.fetch("http://127.0.0.1:4001/me");
 * ```
 */
export interface Client {
  /** True when the client was created with `dpop`: its tokens are DPoP-bound and every request carries a proof. */
  readonly dpop: boolean;
  /** RFC 6749 §4.3. Replaces any current session; while it runs no tokens are held. Throws ClientError. */
  loginWithPassword(login: PasswordLogin): Promise<LoginResult>;
  /** RFC 6749 §4.4, for a confidential client (TypeError without `clientSecret`). Renewal logs in again. */
  loginWithClientCredentials(login?: ClientCredentialsLogin): Promise<LoginResult>;
  /** A token with more than the refresh-ahead margin left, renewed first (once for all callers) if needed. */
  accessToken(): Promise<string>;
  /** `fetch` with the access token and safe retries (401 invalid_token once; 429/503 after Retry-After). */
  fetch(input: string | URL | Request, init?: RequestInit): Promise<Response>;
  /** For other transports: the headers that present a fresh token to `target`, and feedback about that token. */
  authorize(target: AuthTarget): Promise<Authorization>;
  /** Feedback about the token held now, for a transport that gets the token elsewhere (the gRPC interceptor). */
  snapshot(): TokenSnapshot;
  /** POST <issuer>/logout; `clientOnly`: this application's sessions only. The tokens are forgotten either way. */
  logout(options?: { readonly clientOnly?: boolean }): Promise<void>;
  /** RFC 7009: revokes the refresh token (the access token without one). The tokens are forgotten either way. */
  revoke(): Promise<void>;
}

/**
 * Creates a client. Nothing is sent until the first login; the issuer's RFC 8414 metadata is
 * fetched then, once. Throws TypeError for bad options.
 *
 * @example
 * ```ts
 * const reporting = createClient({
 *   issuer: "http://127.0.0.1:4000",
 *   clientId: "reporting-job",
 *   clientSecret: process.env.CLIENT_SECRET,
 * });
 * await reporting.loginWithClientCredentials({ scope: "orders:read" });
 * const orders = await (await reporting.fetch("http://127.0.0.1:4002/orders")).json();
 * ```
 */
export function createClient(options: ClientOptions): Client {
  return new OAuthClient(settingsFrom(options));
}

const METHOD = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

class OAuthClient implements Client {
  readonly #s: Settings;
  readonly #issuer: IssuerApi;
  readonly #store: TokenStore;
  readonly #fetchDeps: FetchDeps;
  /** One DPoP key for the client's whole life: its refresh tokens are bound to it. */
  readonly #dpop: DpopProver | undefined;

  constructor(settings: Settings) {
    this.#s = settings;
    this.#dpop = settings.dpop === undefined ? undefined : new DpopProver(settings.dpop, settings.clock);
    this.#issuer = new IssuerApi(settings, this.#dpop);
    this.#store = new TokenStore(settings);
    this.#fetchDeps = { ...settings, authorize: (target) => this.authorize(target) };
  }

  get dpop(): boolean {
    return this.#dpop !== undefined;
  }

  async loginWithPassword(login: PasswordLogin): Promise<LoginResult> {
    if (!isObject(login)) throw new TypeError("login must be an object");
    const { username, password } = login;
    if (typeof username !== "string" || username === "") throw new TypeError("username must be a non-empty string");
    if (typeof password !== "string" || password === "") throw new TypeError("password must be a non-empty string");
    const params = new URLSearchParams({ grant_type: "password", username, password });
    scopeParam(params, login.scope);
    resourceParams(params, login.resource);
    const session = this.#store.begin();
    const answer = await this.#issuer.token(params, [password]);
    this.#store.hold(session, answer, { refresh: this.#refresh, relogin: undefined }, "password");
    return result(answer);
  }

  async loginWithClientCredentials(login: ClientCredentialsLogin = {}): Promise<LoginResult> {
    if (this.#s.clientSecret === undefined) {
      throw new TypeError("loginWithClientCredentials needs clientSecret: a public client cannot use it");
    }
    if (!isObject(login)) throw new TypeError("login must be an object");
    const params = new URLSearchParams({ grant_type: "client_credentials" });
    scopeParam(params, login.scope);
    resourceParams(params, login.resource);
    const session = this.#store.begin();
    const relogin = (): Promise<TokenAnswer> => this.#issuer.token(new URLSearchParams(params), []);
    const answer = await relogin();
    const renewal: Renewal = { refresh: this.#refresh, relogin };
    this.#store.hold(session, answer, renewal, "client_credentials");
    return result(answer);
  }

  async accessToken(): Promise<string> {
    return (await this.#store.fresh()).accessToken;
  }

  fetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
    return authorizedFetch(this.#fetchDeps, input, init);
  }

  async authorize(target: AuthTarget): Promise<Authorization> {
    if (!isObject(target) || typeof target.method !== "string" || !METHOD.test(target.method)) {
      throw new TypeError("target.method must be an HTTP method");
    }
    if (typeof target.url !== "string" || !URL.canParse(target.url)) throw new TypeError("target.url must be an absolute URL");
    const lease = await this.#store.fresh();
    const headers = Object.freeze(await authorizationHeaders({ accessToken: lease.accessToken, target, dpop: this.#dpop }));
    return { headers, ...this.#feedback(lease.generation) };
  }

  snapshot(): TokenSnapshot {
    return this.#feedback(this.#store.generation);
  }

  async logout(options: { readonly clientOnly?: boolean } = {}): Promise<void> {
    const clientOnly = options.clientOnly ?? false;
    if (typeof clientOnly !== "boolean") throw new TypeError("clientOnly must be a boolean");
    if (this.#store.current === undefined) {
      this.#store.forget(); // a login still in flight must not land after a logout
      return;
    }
    let lease: Lease;
    try {
      // The current token is good enough to end its session, even inside the refresh-ahead window.
      lease = this.#store.valid() ?? (await this.#store.fresh());
    } finally {
      this.#end("logout");
    }
    const target = { method: "POST", url: logoutUrl(this.#s.issuer).href };
    const headers = await authorizationHeaders({ accessToken: lease.accessToken, target, dpop: this.#dpop });
    await this.#issuer.logout(headers, [lease.accessToken], clientOnly);
  }

  async revoke(): Promise<void> {
    const held = this.#store.current;
    if (held === undefined) {
      this.#store.forget(); // a login still in flight must not land after a revocation
      return;
    }
    // Forget first: nothing may use a token while it is being revoked.
    this.#end("revoke");
    if (held.refreshToken !== undefined) await this.#issuer.revoke(held.refreshToken, "refresh_token");
    else await this.#issuer.revoke(held.accessToken, "access_token");
  }

  readonly #refresh = (refreshToken: string): Promise<TokenAnswer> =>
    this.#issuer.token(new URLSearchParams({ grant_type: "refresh_token", refresh_token: refreshToken }), [refreshToken]);

  #feedback(generation: number): TokenSnapshot {
    return {
      observeExpiresIn: (value) => {
        this.#store.observe(generation, value);
      },
      refused: () => {
        this.#store.refuse(generation);
      },
    };
  }

  #end(reason: "logout" | "revoke"): void {
    this.#store.forget();
    this.#s.emit({ type: "session_ended", reason });
  }
}

function result(answer: TokenAnswer): LoginResult {
  return { scope: answer.scope, expiresIn: answer.expiresIn };
}
