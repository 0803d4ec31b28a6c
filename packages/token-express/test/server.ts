// Starts a real Express app on 127.0.0.1, port 0, for one test file.
import type { Server } from "node:http";
import type { Express } from "express";

export interface Running {
  url: string;
  close(): Promise<void>;
}

export async function listen(app: Express): Promise<Running> {
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(0, "127.0.0.1", (err?: Error) => {
      if (err) reject(err);
      else resolve(s);
    });
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("server has no TCP address");
  const { port } = address;
  return {
    url: `http://127.0.0.1:${port}`,
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
