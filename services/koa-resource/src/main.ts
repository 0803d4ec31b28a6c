// Starts the service through the steps every HTTP resource service shares (settings, keys,
// verifier, listen, graceful stop); only the Koa app is this service's own.
import { runHttpService } from "@org/resource-core";
import { createApp } from "./app.js";
import { loadConfig } from "./config.js";
import { AUDIENCE, SERVICE } from "./service.js";

await runHttpService({ service: SERVICE, audience: AUDIENCE, loadConfig, handler: (options) => createApp(options).callback() });
