// Starts the service through the steps every resource service shares (settings, keys, verifier,
// listen, graceful stop); only the gRPC server is this service's own.
import { runResourceService } from "@org/resource-core";
import { createApp } from "./app.js";
import { loadConfig } from "./config.js";
import { IDENTITY } from "./identity.js";
import { grpcServing } from "./serve.js";

await runResourceService(IDENTITY, loadConfig, grpcServing((parts) => createApp(parts)));
