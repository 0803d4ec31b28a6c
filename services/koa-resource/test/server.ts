// Starts the service's app on 127.0.0.1, port 0.
import { once } from "node:events";
import { createApp, type AppOptions } from "../src/app.js";

export interface Running {
  url: string;
  close(): Promise<void>;
}

export async function start(options: AppOptions): Promise<Running> {
  const server = createApp(options).listen(0, "127.0.0.1");
  await once(server, "listening");
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
