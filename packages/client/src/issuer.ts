// Every request the client makes to the issuer: RFC 8414 metadata (once), the token endpoint,
// RFC 7009 revocation and logout. Each is time-limited, refuses redirects (a redirected POST would
// carry the password or secret elsewhere), reads at most MAX_ISSUER_ANSWER_BYTES, and turns any
// refusal into a ClientError whose text has the request's secrets blanked out.
import type { DpopProver } from "./dpop.js";
import { ClientError } from "./errors.js";
import type { Settings } from "./options.js";
import { basicAuthorization } from "./lib/basic.js";
import { UnreadableBody, readText } from "./lib/body.js";
import { parseChallenges } from "./lib/challenge.js";
import { isObject } from "./lib/object.js";
import { safeCode, safeDescription } from "./lib/redact.js";
import { retryAfterSeconds } from "./lib/retry-after.js";
import { assertTransport, logoutUrl, metadataUrl } from "./lib/url.js";
import { tokenAnswer, type TokenAnswer } from "./token-answer.js";

/**
 * Largest issuer answer read, in bytes; token answers are about 2 KB. A longer one is
 * ClientError `invalid_response`.
 *
 * @example
 * ```ts
 * MAX_ISSUER_ANSWER_BYTES; // 65536
 * ```
 */
export const MAX_ISSUER_ANSWER_BYTES = 65_536;

/** What the client uses of the issuer's metadata. */
export interface IssuerMetadata {
  readonly tokenEndpoint: URL;
  readonly revocationEndpoint: URL | undefined;
}

const FORM = "application/x-www-form-urlencoded";

/** The issuer's endpoints, discovered lazily and once. */
export class IssuerApi {
  readonly #s: Settings;
  readonly #dpop: DpopProver | undefined;
  #metadata: Promise<IssuerMetadata> | undefined;

  /** With `dpop`, every token request carries a fresh proof by its key (RFC 9449 §5). */
  constructor(settings: Settings, dpop?: DpopProver) {
    this.#s = settings;
    this.#dpop = dpop;
  }

  /** RFC 8414 metadata, fetched on first use; a failed fetch is not remembered, so the next call tries again. */
  metadata(): Promise<IssuerMetadata> {
    this.#metadata ??= this.#discover().catch((error: unknown) => {
      this.#metadata = undefined;
      throw error;
    });
    return this.#metadata;
  }

  /**
   * POST to the token endpoint with the client's authentication (and, for a DPoP client, a proof
   * made for POST and the metadata's token_endpoint); `secrets` are what `params` carries.
   */
  async token(params: URLSearchParams, secrets: readonly string[]): Promise<TokenAnswer> {
    const { tokenEndpoint } = await this.metadata();
    const headers = new Headers({ "content-type": FORM, accept: "application/json" });
    this.#authenticate(params, headers);
    const dpop = this.#dpop;
    if (dpop !== undefined) headers.set("dpop", await dpop.proof({ method: "POST", url: tokenEndpoint.href }));
    return this.#exchange(tokenEndpoint, { method: "POST", headers, body: params }, secrets, async (response) => {
      if (response.status !== 200) throw await this.#refusal(response, secrets);
      return tokenAnswer(await this.#json(response), response.status, dpop === undefined ? "Bearer" : "DPoP");
    });
  }

  /** RFC 7009: revokes `token`, authenticated as at the token endpoint. */
  async revoke(token: string, hint: "refresh_token" | "access_token"): Promise<void> {
    const { revocationEndpoint } = await this.metadata();
    if (revocationEndpoint === undefined) throw new ClientError("revocation_unsupported");
    const params = new URLSearchParams({ token, token_type_hint: hint });
    const headers = new Headers({ "content-type": FORM });
    this.#authenticate(params, headers);
    await this.#post(revocationEndpoint, headers, params, [token]);
  }

  /** POST <issuer>/logout with the given Authorization headers; `clientOnly` ends only this client's sessions. */
  async logout(authorization: Readonly<Record<string, string>>, secrets: readonly string[], clientOnly: boolean): Promise<void> {
    const headers = new Headers(authorization);
    headers.set("content-type", FORM);
    const params = new URLSearchParams(clientOnly ? { client_id: this.#s.clientId } : {});
    await this.#post(logoutUrl(this.#s.issuer), headers, params, secrets);
  }

  async #post(url: URL, headers: Headers, body: URLSearchParams, secrets: readonly string[]): Promise<void> {
    await this.#exchange(url, { method: "POST", headers, body }, secrets, async (response) => {
      if (!response.ok) throw await this.#refusal(response, secrets);
      await response.body?.cancel();
    });
  }

  async #discover(): Promise<IssuerMetadata> {
    const url = metadataUrl(this.#s.issuer);
    const init = { method: "GET", headers: { accept: "application/json" } };
    return this.#exchange(url, init, [], async (response) => {
      if (response.status !== 200) throw await this.#refusal(response, []);
      return this.#metadataOf(await this.#json(response));
    });
  }

  #metadataOf(body: unknown): IssuerMetadata {
    const invalid = (description: string): ClientError => new ClientError("invalid_response", { description, status: 200 });
    if (!isObject(body)) throw invalid("the metadata is not a JSON object");
    const fields = body;
    // RFC 8414 §3.3: the metadata must name exactly the issuer we were configured with (mix-up defence).
    if (fields.issuer !== this.#s.issuerId) throw invalid("the metadata names another issuer");
    const endpoint = (name: string): URL | undefined => {
      const value = fields[name];
      if (value === undefined) return undefined;
      if (typeof value !== "string" || !URL.canParse(value)) throw invalid(`${name} is not a URL`);
      const url = new URL(value);
      try {
        assertTransport(url, this.#s.allowInsecureHttp, name);
      } catch {
        throw invalid(`${name} must use https`);
      }
      return url;
    };
    const tokenEndpoint = endpoint("token_endpoint");
    if (tokenEndpoint === undefined) throw invalid("the metadata names no token_endpoint");
    return { tokenEndpoint, revocationEndpoint: endpoint("revocation_endpoint") };
  }

  /** What an answer must not quote: the request's own secrets, the client secret and its Basic credentials. */
  #secrets(request: readonly string[]): string[] {
    const { clientId, clientSecret } = this.#s;
    if (clientSecret === undefined) return [...request];
    return [...request, clientSecret, basicAuthorization(clientId, clientSecret).slice("Basic ".length)];
  }

  /** RFC 6749 §2.3: Basic for a confidential client, `client_id` in the body for a public one. */
  #authenticate(params: URLSearchParams, headers: Headers): void {
    const { clientId, clientSecret } = this.#s;
    if (clientSecret === undefined) params.set("client_id", clientId);
    else headers.set("authorization", basicAuthorization(clientId, clientSecret));
  }

  /** Sends one request and hands the answer to `handle`; maps transport failures to ClientError. */
  async #exchange<T>(
    url: URL,
    init: RequestInit,
    secrets: readonly string[],
    handle: (response: Response) => Promise<T>,
  ): Promise<T> {
    const request = new Request(url, { ...init, redirect: "error", signal: AbortSignal.timeout(this.#s.issuerTimeoutMs) });
    try {
      return await handle(await this.#s.fetch(request));
    } catch (error) {
      if (error instanceof ClientError) throw error;
      if (error instanceof UnreadableBody) throw new ClientError("invalid_response", { description: error.message, cause: error });
      const timeout = error instanceof Error && error.name === "TimeoutError";
      throw new ClientError(timeout ? "timeout" : "network_error", {
        cause: scrubbed(error, this.#secrets(secrets)),
      });
    }
  }

  async #json(response: Response): Promise<unknown> {
    const text = await readText(response, MAX_ISSUER_ANSWER_BYTES);
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new ClientError("invalid_response", { description: "the answer is not JSON", status: response.status });
    }
  }

  /** A refusal: RFC 6749 §5.2 JSON when there is some, else the challenge's `error`, else the status alone. */
  async #refusal(response: Response, secrets: readonly string[]): Promise<ClientError> {
    const status = response.status;
    const retryAfter = retryAfterSeconds(response.headers.get("retry-after"), this.#s.clock());
    let fields: Readonly<Record<string, unknown>> = {};
    try {
      const body: unknown = JSON.parse(await readText(response, MAX_ISSUER_ANSWER_BYTES));
      if (isObject(body)) fields = body;
    } catch {
      // Not JSON, too large or unreadable: the status and headers still say enough.
    }
    const challenged = parseChallenges(response.headers.get("www-authenticate")).find((c) => c.params.has("error"));
    const code = safeCode(fields.error) ?? safeCode(challenged?.params.get("error"));
    const allSecrets = this.#secrets(secrets);
    if (code === undefined) {
      return new ClientError("invalid_response", { description: "the answer carries no OAuth error", status, retryAfter });
    }
    const description = safeDescription(fields.error_description ?? challenged?.params.get("error_description"), allSecrets);
    return new ClientError(code, { description, status, retryAfter });
  }
}

/**
 * A fetch failure could quote the request: keep its name, its redacted message and the system
 * error code of its cause (ECONNREFUSED, …), nothing else.
 */
function scrubbed(error: unknown, secrets: readonly string[]): Error {
  if (!(error instanceof Error)) return new Error("the request failed");
  const inner: unknown = error.cause;
  const code = typeof inner === "object" && inner !== null && "code" in inner && typeof inner.code === "string" ? inner.code : undefined;
  const copy = new Error(safeDescription(error.message, secrets) ?? "the request failed", code === undefined ? undefined : { cause: code });
  copy.name = error.name;
  return copy;
}
