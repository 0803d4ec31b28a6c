// Turns a parsed form or JSON body (unknown) into named string parameters, RFC 6749 §3.1/§3.2 style:
// empty means omitted, a parameter may appear once, except RFC 8707 `resource`, which repeats.
import { OAuthError } from "../errors.js";

const REPEATABLE = new Set(["resource"]);
const MAX_VALUE_LENGTH = 4096;

/**
 * The token request's parameters, each a list of non-empty strings.
 *
 * @example
 * const params = TokenParams.from({ grant_type: "password", resource: ["urn:demo:koa"] });
 * params.all("resource"); // ["urn:demo:koa"]
 */
export class TokenParams {
  private constructor(private readonly values: ReadonlyMap<string, readonly string[]>) {}

  /**
   * Builds parameters from `req.body` as left by express.urlencoded (string | string[]) or express.json
   * (any JSON). Anything but an object of strings (and string arrays for `resource`) is invalid_request.
   *
   * @example
   * const params = TokenParams.from(req.body);
   * params.one("grant_type"); // "password" | undefined
   */
  static from(body: unknown): TokenParams {
    if (typeof body !== "object" || body === null || Array.isArray(body)) {
      throw new OAuthError("invalid_request", "the request body must be a set of parameters");
    }
    const values = new Map<string, string[]>();
    for (const [name, value] of Object.entries(body)) {
      const list: unknown[] = Array.isArray(value) ? value : [value];
      if (!list.every((v): v is string => typeof v === "string")) {
        throw new OAuthError("invalid_request", `parameter ${safeName(name)} must be a string`);
      }
      if (list.some((v) => v.length > MAX_VALUE_LENGTH)) {
        throw new OAuthError("invalid_request", `parameter ${safeName(name)} is too long`);
      }
      const present = list.filter((v) => v !== "");
      if (present.length > 1 && !REPEATABLE.has(name)) {
        throw new OAuthError("invalid_request", `parameter ${safeName(name)} must not be repeated`);
      }
      if (present.length > 0) values.set(name, present);
    }
    return new TokenParams(values);
  }

  /** The single value of a parameter, or undefined when omitted (or empty). */
  one(name: string): string | undefined {
    return this.values.get(name)?.[0];
  }

  /** A required parameter; missing is invalid_request naming the parameter (never its value). */
  required(name: string): string {
    const value = this.one(name);
    if (value === undefined) throw new OAuthError("invalid_request", `parameter ${name} is required`);
    return value;
  }

  /** Every value of a repeatable parameter. */
  all(name: string): readonly string[] {
    return this.values.get(name) ?? [];
  }

  has(name: string): boolean {
    return this.values.has(name);
  }
}

/** Parameter names come from the client too: only name them when they look like a parameter name. */
function safeName(name: string): string {
  return /^[a-z_]{1,32}$/.test(name) ? name : "(unnamed)";
}
