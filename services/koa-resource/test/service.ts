// This service as the shared HTTP service suites (@org/resource-core/testing) see it: its names,
// its settings parser, its built main.js, and its own createApp listening on 127.0.0.1, port 0.
import { fileURLToPath } from "node:url";
import type { HttpResourceService } from "@org/resource-core/testing";
import { listening } from "@org/testkit";
import { createApp } from "../src/app.js";
import { parseConfig } from "../src/config.js";
import { AUDIENCE, DEFAULT_PORT, PORT_VARIABLE, REALM, SERVICE } from "../src/service.js";

export const service: HttpResourceService = {
  name: SERVICE,
  realm: REALM,
  audience: AUDIENCE,
  portVariable: PORT_VARIABLE,
  defaultPort: DEFAULT_PORT,
  main: fileURLToPath(new URL("../dist/main.js", import.meta.url)),
  parseConfig,
  // The Koa app's own listen, as main.ts does it, on a free port.
  start: (options) => listening(createApp(options).listen(0, "127.0.0.1")),
};
