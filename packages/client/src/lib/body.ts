// Reads an answer's body with a hard size limit: a misbehaving or hostile server cannot make the
// client buffer more than `maxBytes`, whatever Content-Length says or omits.

/** Thrown by {@link readText} when the body exceeds its limit or is not UTF-8. */
export class UnreadableBody extends Error {
  override readonly name = "UnreadableBody";
}

/**
 * The body as UTF-8 text, at most `maxBytes` bytes; the stream is cancelled as soon as the limit
 * is passed. Throws {@link UnreadableBody}.
 *
 * @example
 * ```ts
 * const text = await readText(response, 65_536);
 * ```
 */
export async function readText(response: Response, maxBytes: number): Promise<string> {
  const declared = response.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared) && Number(declared) > maxBytes) {
    await discard(response);
    throw new UnreadableBody(`the body is larger than ${maxBytes} bytes`);
  }
  const body = response.body;
  if (body === null) return "";
  const reader: ReadableStreamDefaultReader<Uint8Array> = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new UnreadableBody(`the body is larger than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch (error) {
    throw new UnreadableBody("the body is not UTF-8", { cause: error });
  }
}

/**
 * Cancels a body nobody will read, so its connection can be reused; never throws.
 *
 * @example
 * ```ts
 * await discard(response); // before retrying
 * ```
 */
export async function discard(response: Response): Promise<void> {
  if (response.body === null || response.bodyUsed) return;
  await response.body.cancel().catch(() => undefined);
}
