/**
 * A request the service refuses for a reason of its own (not authentication): answered with its
 * status and `{error, error_description}`, `error` being `"invalid_request"` unless told. The
 * description is fixed text, never a quote of the input.
 *
 * @example
 * throw new RequestError(400, "quantity must be an integer from 1 to 1000000");
 * throw new RequestError(409, "an owner may have at most 1000 orders", "order_limit_reached");
 */
export class RequestError extends Error {
  constructor(
    readonly status: number,
    readonly description: string,
    /** The JSON `error` code. */
    readonly error = "invalid_request",
  ) {
    super(description);
    this.name = "RequestError";
  }
}

/** Largest JSON body accepted, in bytes (16 KiB: an order is a few dozen). */
export const BODY_LIMIT_BYTES = 16 * 1024;

/**
 * A 4xx error raised on purpose (a RequestError, a body parser's error): the client's fault,
 * answered as such and not worth an error log line.
 *
 * @example
 * isClientError(new RequestError(400, "…")); // true
 */
export function isClientError(err: unknown): err is { status: number } {
  return (
    typeof err === "object" &&
    err !== null &&
    "status" in err &&
    typeof err.status === "number" &&
    err.status >= 400 &&
    err.status < 500
  );
}
