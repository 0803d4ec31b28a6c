// One bounded GET of a small JSON document from the issuer (its JWKS, its RFC 8414 metadata):
// time-limited, no redirect followed, at most `maxBytes` buffered. Shared by remoteKeys and
// discoverKeys so both refuse a misbehaving server the same way.

/**
 * GETs `url` and parses its body as JSON. Rejects (with a plain Error naming `what`) on a status
 * other than 200, a redirect, a timeout, a body over `maxBytes` or invalid JSON.
 */
export async function fetchJson(url: URL, what: string, timeoutMs: number, maxBytes: number): Promise<unknown> {
  const response = await fetch(url, {
    headers: { accept: "application/json" },
    redirect: "error",
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (response.status !== 200) {
    await response.body?.cancel();
    throw new Error(`${what} answered ${response.status}`);
  }
  return JSON.parse(await readLimited(response, what, maxBytes)) as unknown;
}

/** The body as text, refusing to buffer more than `limit` bytes from a misbehaving server. */
async function readLimited(response: Response, what: string, limit: number): Promise<string> {
  const body = response.body;
  if (body === null) return "";
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = (await reader.read()) as { done: boolean; value?: Uint8Array };
    if (done || value === undefined) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new Error(`${what} too large`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}
