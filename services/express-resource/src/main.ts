// Starts the service through the steps every resource service shares (settings, keys, verifier,
// listen, graceful stop); only the Express app is this service's own.
import { httpServing, runResourceService } from "@org/resource-core";
import { createApp } from "./app.js";
import { loadConfig } from "./config.js";
import { IDENTITY } from "./identity.js";

await runResourceService(IDENTITY, loadConfig, httpServing((parts) => createApp({ ...parts, cookieName: parts.config.cookieName, corsOrigins: parts.config.corsOrigins })));
