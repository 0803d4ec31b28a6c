// A real server on 127.0.0.1, port 0, for one test file, whatever framework built it.
import { once } from "node:events";
import type { Server } from "node:http";

/** A server listening on 127.0.0.1; `close` cuts open connections so a file ends fast. */
export interface Running {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Waits until `server` listens (or rejects with its listen error) and returns its base URL and
 * a close function.
 *
 * @example
 * const running = await listening(express().listen(0, "127.0.0.1"));
 * await fetch(`${running.url}/healthz`);
 * await running.close();
 */
export async function listening(server: Server): Promise<Running> {
  if (!server.listening) await once(server, "listening");
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("server has no TCP address");
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => {
          if (err) reject(err);
          else resolve();
        });
      }),
  };
}
