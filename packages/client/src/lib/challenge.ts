// RFC 9110 §11.6.1 WWW-Authenticate: a comma-separated list of challenges, each a scheme followed
// by a token68 or by auth-params. Several header fields arrive joined by ", ", which the same
// grammar covers. Parsed properly because a bare `error="invalid_token"` substring test would also
// match a parameter of another scheme or a quoted description.

/** One challenge: the scheme in lower case and its parameters (names in lower case, first wins). */
export interface Challenge {
  readonly scheme: string;
  readonly params: ReadonlyMap<string, string>;
}

/** Longer headers are not parsed at all: nothing legitimate comes close. */
export const MAX_CHALLENGE_CHARS = 8192;

const TOKEN = /[!#$%&'*+\-.^_`|~0-9A-Za-z]+/y;
const TOKEN68 = /[A-Za-z0-9\-._~+/]+=*(?=[ \t]*(?:,|$))/y;
const QUOTED = /"((?:[^"\\]|\\.)*)"/y;
const OWS = /[ \t]*/y;

class Scanner {
  pos = 0;
  constructor(readonly text: string) {}

  match(pattern: RegExp): RegExpExecArray | null {
    pattern.lastIndex = this.pos;
    const found = pattern.exec(this.text);
    if (found !== null) this.pos = pattern.lastIndex;
    return found;
  }

  skip(): void {
    this.match(OWS);
  }

  eat(char: string): boolean {
    if (this.text[this.pos] !== char) return false;
    this.pos += 1;
    return true;
  }

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }
}

/** Reads `name = value` pairs after a scheme; stops before the next challenge's scheme. */
function readParams(s: Scanner): Map<string, string> {
  const params = new Map<string, string>();
  for (;;) {
    const start = s.pos;
    const name = s.match(TOKEN)?.[0];
    s.skip();
    if (name === undefined || !s.eat("=")) {
      s.pos = start; // not a parameter: the next challenge begins here
      return params;
    }
    s.skip();
    const quoted = s.match(QUOTED);
    const value = quoted === null ? s.match(TOKEN)?.[0] : (quoted[1] ?? "").replace(/\\(.)/g, "$1");
    if (value === undefined) return params;
    const key = name.toLowerCase();
    if (!params.has(key)) params.set(key, value);
    s.skip();
    if (!s.eat(",")) return params;
    s.skip();
    while (s.eat(",")) s.skip();
  }
}

/**
 * The challenges of a `WWW-Authenticate` value; parsing stops at the first malformed part and
 * returns what came before. Null or over {@link MAX_CHALLENGE_CHARS}: no challenges.
 *
 * @example
 * ```ts
 * parseChallenges('Bearer realm="api", error="invalid_token", DPoP algs="ES256"');
 * // [{ scheme: "bearer", params: {realm: "api", error: "invalid_token"} }, { scheme: "dpop", params: {algs: "ES256"} }]
 * ```
 */
export function parseChallenges(header: string | null): Challenge[] {
  if (header === null || header.length > MAX_CHALLENGE_CHARS) return [];
  const s = new Scanner(header);
  const out: Challenge[] = [];
  for (;;) {
    s.skip();
    while (s.eat(",")) s.skip();
    if (s.atEnd()) return out;
    const scheme = s.match(TOKEN)?.[0];
    if (scheme === undefined) return out;
    const challenge = { scheme: scheme.toLowerCase(), params: new Map<string, string>() };
    out.push(challenge);
    if (s.atEnd() || s.eat(",")) continue;
    if (!s.eat(" ")) return out;
    s.skip();
    if (s.match(TOKEN68) !== null) continue;
    challenge.params = readParams(s);
  }
}

/**
 * True when the answer carries a Bearer or DPoP challenge with `error="invalid_token"` (RFC 6750
 * §3.1, RFC 9449 §7.1): the token was refused, so a new one may succeed. A bare `Bearer realm=…`
 * (no token was accepted as credentials), `insufficient_scope` or `invalid_dpop_proof` (a new
 * token would not mend the proof) is not.
 *
 * @example
 * ```ts
 * isInvalidTokenChallenge('Bearer realm="api", error="invalid_token"');                 // true
 * isInvalidTokenChallenge('DPoP realm="api", algs="ES256", error="invalid_token"');     // true
 * isInvalidTokenChallenge('Bearer realm="api"');                                        // false
 * isInvalidTokenChallenge('DPoP realm="api", error="invalid_dpop_proof"');              // false
 * ```
 */
export function isInvalidTokenChallenge(header: string | null): boolean {
  return parseChallenges(header).some((c) => (c.scheme === "bearer" || c.scheme === "dpop") && c.params.get("error") === "invalid_token");
}
