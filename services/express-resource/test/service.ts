// This service as the shared HTTP service suites (@org/resource-core/testing) see it.
import { httpResourceService } from "@org/resource-core/testing";
import { listening } from "@org/testkit";
import { createApp } from "../src/app.js";
import { parseConfig } from "../src/config.js";
import * as identity from "../src/service.js";

export const service = httpResourceService(identity, {
  main: new URL("../dist/main.js", import.meta.url),
  parseConfig,
  // The Express app's own listen, as in main.ts, on a free port.
  start: (options) => listening(createApp(options).listen(0, "127.0.0.1")),
});
