// Where the client may send credentials. Passwords, client secrets and bearer tokens go over
// https only, except to a loopback address (the demo and the tests), unless the caller opts out
// explicitly with `allowInsecureHttp` (for example a private container network).

/**
 * True for `localhost`, `*.localhost`, 127.0.0.0/8 and [::1].
 *
 * @example
 * ```ts
 * isLoopback(new URL("http://127.0.0.1:4000")); // true
 * isLoopback(new URL("http://issuer:4000"));    // false
 * ```
 */
export function isLoopback(url: URL): boolean {
  const host = url.hostname.toLowerCase();
  return host === "localhost" || host.endsWith(".localhost") || host === "[::1]" || /^127(?:\.\d{1,3}){3}$/.test(host);
}

/**
 * Throws TypeError unless `url` is https, or http to a loopback host, or http with
 * `allowInsecureHttp`. `what` names the URL in the message.
 *
 * @example
 * ```ts
 * assertTransport(new URL("https://login.example.com/token"), false, "token_endpoint"); // ok
 * assertTransport(new URL("http://login.example.com/token"), false, "token_endpoint");  // throws TypeError
 * ```
 */
export function assertTransport(url: URL, allowInsecureHttp: boolean, what: string): void {
  if (url.protocol === "https:") return;
  if (url.protocol === "http:" && (allowInsecureHttp || isLoopback(url))) return;
  throw new TypeError(`${what} must use https (http only to a loopback address, or with allowInsecureHttp)`);
}

/**
 * The RFC 8414 §3.1 metadata URL: the well-known path goes between the host and the issuer's
 * own path (`https://a.example/tenant` -> `https://a.example/.well-known/oauth-authorization-server/tenant`).
 *
 * @example
 * ```ts
 * metadataUrl(new URL("http://127.0.0.1:4000")).href;
 * // "http://127.0.0.1:4000/.well-known/oauth-authorization-server"
 * ```
 */
export function metadataUrl(issuer: URL): URL {
  const path = issuer.pathname === "/" ? "" : issuer.pathname.replace(/\/$/, "");
  return new URL(`/.well-known/oauth-authorization-server${path}`, issuer.origin);
}

/**
 * `<issuer>/logout`, without a doubled slash.
 *
 * @example
 * ```ts
 * logoutUrl(new URL("http://127.0.0.1:4000")).href; // "http://127.0.0.1:4000/logout"
 * ```
 */
export function logoutUrl(issuer: URL): URL {
  return new URL(`${issuer.pathname.replace(/\/$/, "")}/logout`, issuer.origin);
}
