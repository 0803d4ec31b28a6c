// The `htu` comparison of RFC 9449 §4.3: both sides without query and fragment, after the
// syntax-based and scheme-based normalisation of RFC 3986 §6.2.2 and §6.2.3.
//
// The WHATWG URL parser (node's URL) does the scheme-based part the way every HTTP client
// resolves a URL: scheme and host lower-cased, default ports and an empty port removed, an empty
// path made "/", dot segments removed, IPv6 literals in their canonical form. What it leaves, the
// percent-encodings, is finished here (§6.2.2.1: upper-case hex; §6.2.2.2: unreserved characters
// decoded). The parser is lenient about text that is no URI at all (it drops tabs, turns "\" into
// "/"), so the text is held to the RFC 3986 character set first.

// RFC 3986 §2: unreserved, reserved and "%" are the only characters a URI may contain.
const URI_CHARACTERS = /^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]+$/;
// A "%" must start a pct-encoded triplet (RFC 3986 §2.1).
const BARE_PERCENT = /%(?![0-9A-Fa-f]{2})/;
const PERCENT_ENCODED = /%[0-9A-Fa-f]{2}/g;
const UNRESERVED = /^[A-Za-z0-9\-._~]$/;

function normalizePercent(triplet: string): string {
  const char = String.fromCharCode(Number.parseInt(triplet.slice(1), 16));
  return UNRESERVED.test(char) ? char : triplet.toUpperCase();
}

/**
 * The normal form of an absolute http(s) URI without its query and fragment, or undefined when
 * the text is not one (another scheme, userinfo, characters outside RFC 3986, no host).
 */
export function normalizeHtu(text: string): string | undefined {
  if (!URI_CHARACTERS.test(text) || BARE_PERCENT.test(text)) return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return undefined;
  // A target URI carries no userinfo (RFC 9110 §4.2.4); one in a proof is refused, not ignored.
  if (url.username !== "" || url.password !== "" || url.host === "") return undefined;
  return `${url.protocol}//${url.host}${url.pathname.replace(PERCENT_ENCODED, normalizePercent)}`;
}
