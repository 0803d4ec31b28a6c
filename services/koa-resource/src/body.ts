import { BODY_LIMIT_BYTES, RequestError } from "@org/resource-core";
import type { Context } from "koa";

/**
 * Reads a JSON request body of at most {@link BODY_LIMIT_BYTES}, with the same rules and answers
 * as the Express service's `express.json({ limit, inflate: false })`: not JSON content → undefined,
 * empty → `{}`, too large → 413, compressed or not UTF-8 → 415, unparsable or not an object/array
 * at the top → 400. Descriptions are fixed: a parser message could quote the body.
 *
 * @example
 * const body = await readJsonBody(ctx); // unknown, validate before use
 */
export async function readJsonBody(ctx: Context, limit = BODY_LIMIT_BYTES): Promise<unknown> {
  if (ctx.is("application/json") !== "application/json") return undefined;
  const encoding = ctx.get("content-encoding").toLowerCase();
  if (encoding !== "" && encoding !== "identity") {
    throw new RequestError(415, "the request body must not be compressed");
  }
  const charset = ctx.request.charset.toLowerCase();
  if (charset !== "" && charset !== "utf-8" && charset !== "utf8") {
    throw new RequestError(415, "the request body must be UTF-8 JSON");
  }
  const tooLarge = new RequestError(413, `the request body must be at most ${limit} bytes`);
  // Declared length: refuse before reading. (Parsed here: koa types request.length as always set.)
  if (Number.parseInt(ctx.get("content-length"), 10) > limit) throw tooLarge;
  const text = await readText(ctx, limit, tooLarge);
  if (text.trim() === "") return {};
  // Like body-parser's strict mode: only an object or an array at the top.
  if (!/^\s*[{[]/.test(text)) throw new RequestError(400, "the request body is not valid JSON");
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new RequestError(400, "the request body is not valid JSON");
  }
}

async function readText(ctx: Context, limit: number, tooLarge: RequestError): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  // Not destroyed on an early stop: the socket must stay open to carry the 413.
  for await (const chunk of ctx.req.iterator({ destroyOnReturn: false })) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > limit) break; // a lying or absent Content-Length
    chunks.push(buffer);
  }
  if (size > limit) {
    ctx.req.resume(); // discard the rest, as body-parser does, so the answer can be read
    throw tooLarge;
  }
  return Buffer.concat(chunks).toString("utf8");
}
