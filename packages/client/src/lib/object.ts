// The boundary check for anything that should be a plain object: parsed JSON, or the argument
// of a call made from JavaScript, where the declared type promises nothing.

/**
 * True for a non-null, non-array object, whose members are then `unknown`.
 *
 * @example
 * ```ts
 * const body: unknown = JSON.parse(text);
 * if (isObject(body) && typeof body.error === "string") …
 * ```
 */
export function isObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
