// Text that came from a server may be shown in an error message: it is reduced to the RFC 6749
// §5.2 character set, bounded, and any secret the client sent in that request is blanked out,
// so that an issuer echoing a password or a token cannot put it into a message or a log.

/** RFC 6749 §5.2 `error` and `error_description`: %x20-21 / %x23-5B / %x5D-7E. */
const OAUTH_TEXT = /^[\x20\x21\x23-\x5b\x5d-\x7e]+$/;

/** Longest `error` code kept; real codes are short words. */
export const MAX_ERROR_CODE_CHARS = 64;
/** Longest `error_description` kept; longer ones are cut. */
export const MAX_DESCRIPTION_CHARS = 300;

/**
 * The `error` code when it is a plausible RFC 6749 code, else undefined.
 *
 * @example
 * ```ts
 * safeCode("invalid_grant"); // "invalid_grant"
 * safeCode("bad\ncode");     // undefined
 * ```
 */
export function safeCode(value: unknown): string | undefined {
  if (typeof value !== "string" || value.length > MAX_ERROR_CODE_CHARS || !OAUTH_TEXT.test(value)) return undefined;
  return value;
}

/**
 * A description safe to show: RFC 6749 characters only, at most {@link MAX_DESCRIPTION_CHARS},
 * every non-empty secret replaced by `[redacted]`. Undefined when nothing usable is left.
 *
 * @example
 * ```ts
 * safeDescription("wrong password hunter2", ["hunter2"]); // "wrong password [redacted]"
 * ```
 */
export function safeDescription(value: unknown, secrets: readonly string[]): string | undefined {
  if (typeof value !== "string") return undefined;
  // Redact before cutting, so that a secret straddling the cut cannot survive in part.
  let text = redact(value, secrets);
  text = text.replace(/[^\x20\x21\x23-\x5b\x5d-\x7e]/g, "");
  if (text.length > MAX_DESCRIPTION_CHARS) text = `${text.slice(0, MAX_DESCRIPTION_CHARS - 3)}...`;
  return text.trim() === "" ? undefined : text;
}

/**
 * Replaces every occurrence of each non-empty secret (and its URI- and form-encoded spellings)
 * in `text`.
 *
 * @example
 * ```ts
 * redact("token=abc", ["abc"]); // "token=[redacted]"
 * ```
 */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret === "") continue;
    const form = new URLSearchParams([["", secret]]).toString().slice(1);
    for (const spelling of new Set([secret, encodeURIComponent(secret), form])) {
      out = out.split(spelling).join("[redacted]");
    }
  }
  return out;
}
