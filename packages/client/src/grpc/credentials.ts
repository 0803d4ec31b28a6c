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
 * Call credentials that add `authorization: Bearer <token>` to every call, renewing the token
 * ahead of expiry (one renewal shared by all concurrent calls and `client.fetch`). Without a
 * usable token the call fails before it is sent: UNAUTHENTICATED when the session is over or
 * missing, UNAVAILABLE (RESOURCE_EXHAUSTED for 429) when the issuer is temporarily unable.
 *
 * grpc-js attaches call credentials only to secure channels
 * (`credentials.combineChannelCredentials(credentials.createSsl(), callCredentials(client))`)
 * or per call (`{ credentials: callCredentials(client) }` in the call options), which is how the
 * plaintext demo channel uses them.
 *
 * @example
 * ```ts
 * const creds = callCredentials(client);
 * const stub = new ResourceClient("127.0.0.1:50051", grpc.credentials.createInsecure(), {
 *   interceptors: [retryInterceptor(client)],
 * });
 * stub.GetMe({}, { credentials: creds }, (error, me) => { … });
 * ```
 */
export function callCredentials(client: Client): CallCredentials {
  return credentials.createFromMetadataGenerator((options, callback) => {
    // method_name is the full path (/package.Service/Method). grpc-js builds service_url as
    // https://<host>/<package.Service>, without the port and with https even on plaintext
    // channels: a DPoP htu would need the channel's real scheme and authority instead.
    const target = { method: "POST", url: new URL(options.method_name, options.service_url).href };
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
