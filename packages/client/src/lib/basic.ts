// RFC 6749 §2.3.1: the client id and secret are form-urlencoded first, then joined by ":" and
// base64-encoded (RFC 7617). Form encoding yields ASCII only, so btoa is safe here.

function formEncode(value: string): string {
  return new URLSearchParams([["", value]]).toString().slice(1);
}

/**
 * The `Authorization` value for a confidential client.
 *
 * @example
 * ```ts
 * basicAuthorization("reporting-job", "s3cr:t"); // "Basic cmVwb3J0aW5nLWpvYjpzM2NyJTNBdA=="
 * ```
 */
export function basicAuthorization(clientId: string, secret: string): string {
  return `Basic ${btoa(`${formEncode(clientId)}:${formEncode(secret)}`)}`;
}
