// A stand-in issuer that only publishes a JWKS, on 127.0.0.1, for tests of key loading.
import { once } from "node:events";
import { createServer, type Server } from "node:http";

/** What the stand-in answers at /.well-known/jwks.json: a JWKS, a bare status, raw text, or nothing at all. */
export type JwksAnswer =
  | { readonly jwks: unknown }
  | { readonly status: number }
  | { readonly text: string }
  | "hang";

/** A running stand-in. */
export interface JwksServer {
  /** Base URL, e.g. `http://127.0.0.1:41234` (the issuer URL a service is given). */
  readonly url: string;
  /** `<url>/.well-known/jwks.json`. */
  readonly jwksUrl: string;
  /** What it answers from now on. */
  answer: JwksAnswer;
  /** Requests to the JWKS path so far. */
  fetches(): number;
  /** Stops listening and cuts open connections (hung requests included). */
  close(): Promise<void>;
}

/**
 * Starts a stand-in issuer JWKS endpoint on a free loopback port. Other paths answer 404.
 *
 * @example
 * ```ts
 * const issuer = await startJwksServer({ jwks: keySet.publicJwks() });
 * const keys = remoteKeys(issuer.jwksUrl);
 * issuer.answer = { status: 503 };
 * await issuer.close();
 * ```
 */
export async function startJwksServer(answer: JwksAnswer): Promise<JwksServer> {
  let count = 0;
  const server: Server = createServer((req, res) => {
    if (req.url !== "/.well-known/jwks.json") {
      res.writeHead(404).end();
      return;
    }
    count++;
    const now = handle.answer;
    if (now === "hang") return; // held open until close()
    if ("status" in now) res.writeHead(now.status).end();
    else if ("text" in now) res.writeHead(200, { "content-type": "application/json" }).end(now.text);
    else res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(now.jwks));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no TCP address");
  const url = `http://127.0.0.1:${address.port}`;
  const handle: JwksServer = {
    url,
    jwksUrl: `${url}/.well-known/jwks.json`,
    answer,
    fetches: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
  return handle;
}
