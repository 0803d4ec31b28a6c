// Body parsing for POST endpoints: form (RFC 6749) or JSON, 16 KiB at most, anything else refused.
import express, { type NextFunction, type Request, type RequestHandler, type Response } from "express";
import { OAuthError } from "../errors.js";

/** Largest accepted request body; a token request is a few hundred bytes. */
export const BODY_LIMIT = "16kb";

const form = express.urlencoded({ extended: false, limit: BODY_LIMIT, parameterLimit: 50, type: "application/x-www-form-urlencoded" });
const json = express.json({ limit: BODY_LIMIT, strict: true, type: "application/json" });

function requireParsed(req: Request, _res: Response, next: NextFunction): void {
  // The parsers leave req.body undefined when the Content-Type matched neither of them.
  const body: unknown = req.body;
  if (body === undefined) {
    next(new OAuthError("invalid_request", "Content-Type must be application/x-www-form-urlencoded or application/json"));
    return;
  }
  next();
}

/**
 * Middleware chain for a POST body: form or JSON, size-limited, and a clear invalid_request otherwise.
 * Parser failures reach errorHandler, which maps them to 400/413/415 without quoting the body.
 *
 * @example
 * app.post("/token", ...parseBody, handler);
 */
export const parseBody: readonly RequestHandler[] = [form, json, requireParsed];

/**
 * The same parsers for a POST whose body is optional (`/logout`): without one, `req.body` stays undefined.
 *
 * @example
 * app.post("/logout", ...parseOptionalBody, handler);
 */
export const parseOptionalBody: readonly RequestHandler[] = [form, json];
