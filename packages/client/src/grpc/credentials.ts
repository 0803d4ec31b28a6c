// grpc-js call credentials that ask the client for a fresh token on every call: the same
// refresh-ahead and the same shared renewal as client.fetch.
import { Metadata, credentials, status, type CallCredentials } from "@grpc/grpc-js";
import type { Client } from "../client.js";
import { isClientError } from "../errors.js";

/**
 * The status a call fails with when no token can be had. grpc-js takes `code` from the error
 * and puts its message (ClientError messages are safe) into `details`.
 */
function callError(error: unknown): Error & { code: status } {
  const message = error instanceof Error ? error.message : "no access token";
  let code = status.UNAVAILABLE;
  if (isClientError(error) && !error.temporary) code = status.UNAUTHENTICATED;
  else if (isClientError(error) && error.status === 429) code = status.RESOURCE_EXHAUSTED;
  return Object.assign(new Error(message), { code });
}

/**
 * Options of {@link callCredentials}.
 *
 * @example
 * ```ts
 * const options: CallCredentialsOptions = { baseUrl: "http://127.0.0.1:50051" };
 * ```
 */
export interface CallCredentialsOptions {
  /**
   * `<scheme>://<authority>` the server is reached at (a path prefix is kept): the base of each
   * call's URL, `<baseUrl>/<package.Service>/<Method>`, which a DPoP proof names (`htu`). Required
   * for a DPoP client; `http://…` for a plaintext channel. Without it the URL is grpc-js'
   * `service_url` (https, without the port), which suits Bearer tokens only.
   */
  readonly baseUrl?: string;
}

function baseOf(value: unknown, dpop: boolean): string | undefined {
  if (value === undefined) {
    if (dpop) throw new TypeError("callCredentials needs baseUrl for a DPoP client: its proofs name each call's URL");
    return undefined;
  }
  const url = typeof value === "string" && URL.canParse(value) ? new URL(value) : undefined;
  if (url === undefined || (url.protocol !== "http:" && url.protocol !== "https:") || url.search !== "" || url.hash !== "" || url.username !== "") {
    throw new TypeError("baseUrl must be an absolute http(s) URL without query, fragment or credentials");
  }
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, "")}`;
}

/**
 * Call credentials that add `authorization: Bearer <token>` to every call (for a DPoP client
 * `authorization: DPoP <token>` and a fresh `dpop` proof for POST and the call's URL, per call and
 * per retry), renewing the token ahead of expiry (one renewal shared by all concurrent calls and
 * `client.fetch`). Without a usable token the call fails before it is sent: UNAUTHENTICATED when
 * the session is over or missing, UNAVAILABLE (RESOURCE_EXHAUSTED for 429) when the issuer is
 * temporarily unable. Throws TypeError for a bad `baseUrl`, or none with a DPoP client.
 *
 * grpc-js attaches call credentials only to secure channels
 * (`credentials.combineChannelCredentials(credentials.createSsl(), callCredentials(client))`)
 * or per call (`{ credentials: callCredentials(client) }` in the call options), which is how the
 * plaintext demo channel uses them.
 *
 * @example
 * ```ts
 * const creds = callCredentials(client, { baseUrl: "http://127.0.0.1:50051" });
 * const stub = new ResourceClient("127.0.0.1:50051", grpc.credentials.createInsecure(), {
 *   interceptors: [retryInterceptor(client)],
 * });
 * stub.GetMe({}, { credentials: creds }, (error, me) => { … });
 * ```
 */
export function callCredentials(client: Client, options: CallCredentialsOptions = {}): CallCredentials {
  const base = baseOf(options.baseUrl, client.dpop);
  return credentials.createFromMetadataGenerator((call, callback) => {
    // method_name is the full path (/package.Service/Method). grpc-js builds service_url as
    // https://<host>/<package.Service>, without the port and with https even on plaintext
    // channels: a DPoP htu needs the channel's real scheme and authority, hence baseUrl.
    const url = base === undefined ? new URL(call.method_name, call.service_url).href : `${base}${call.method_name}`;
    const target = { method: "POST", url };
    client.authorize(target).then(
      (auth) => {
        const metadata = new Metadata();
        for (const [name, value] of Object.entries(auth.headers)) metadata.set(name, value);
        callback(null, metadata);
      },
      (error: unknown) => {
        callback(callError(error));
      },
    );
  });
}
