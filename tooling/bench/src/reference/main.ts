// A reference resource server on one framework with a plain jose middleware: `node
// dist/reference/main.js express|koa|grpc`, configured by PORT, TOKEN_ISSUER, AUDIENCE and JWKS.
// Serves the protected GET /me (gRPC GetMe) and the open GET /healthz (gRPC Health/Check), and
// stops on SIGTERM. Only the services section runs it.
import * as grpc from "@grpc/grpc-js";
import { loadResourceService, type ResourceServer } from "@org/proto";
import express from "express";
import { HealthImplementation } from "grpc-health-check";
import Koa from "koa";
import type { Server } from "node:http";
import { joseVerifier, meOf, referenceSettings, type ReferenceSettings } from "./jose.js";

function expressServer(settings: ReferenceSettings): Server {
  const verify = joseVerifier(settings);
  const app = express();
  app.disable("x-powered-by");
  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  app.get("/me", (req, res) => {
    verify(req.headers.authorization).then(
      (payload) => {
        res.json(meOf(payload, "express"));
      },
      () => {
        res.status(401).set("www-authenticate", 'Bearer error="invalid_token"').json({ error: "invalid_token" });
      },
    );
  });
  return app.listen(settings.port, "127.0.0.1");
}

function koaServer(settings: ReferenceSettings): Server {
  const verify = joseVerifier(settings);
  const app = new Koa();
  app.use(async (ctx) => {
    if (ctx.method !== "GET") ctx.status = 405;
    else if (ctx.path === "/healthz") ctx.body = { status: "ok" };
    else if (ctx.path === "/me") {
      try {
        ctx.body = meOf(await verify(ctx.get("authorization")), "koa");
      } catch {
        ctx.status = 401;
        ctx.set("www-authenticate", 'Bearer error="invalid_token"');
        ctx.body = { error: "invalid_token" };
      }
    } else ctx.status = 404;
  });
  return app.listen(settings.port, "127.0.0.1");
}

function grpcServer(settings: ReferenceSettings): grpc.Server {
  const verify = joseVerifier(settings);
  const server = new grpc.Server();
  const refuse = { code: grpc.status.UNAUTHENTICATED, details: "invalid token" };
  const handlers: ResourceServer = {
    GetMe: (call, callback) => {
      const value = call.metadata.get("authorization")[0];
      verify(typeof value === "string" ? value : undefined).then(
        (payload) => {
          callback(null, meOf(payload, "grpc"));
        },
        () => {
          callback(refuse);
        },
      );
    },
    ListOrders: (_call, callback) => {
      callback({ code: grpc.status.UNIMPLEMENTED });
    },
    CreateOrder: (_call, callback) => {
      callback({ code: grpc.status.UNIMPLEMENTED });
    },
  };
  server.addService(loadResourceService().service, handlers);
  new HealthImplementation({ "": "SERVING" }).addToServer(server);
  server.bindAsync(`127.0.0.1:${String(settings.port)}`, grpc.ServerCredentials.createInsecure(), (error) => {
    if (error !== null) {
      console.error(`reference grpc: ${error.message}`);
      process.exit(1);
    }
  });
  return server;
}

const settings = referenceSettings(process.env);
const framework = process.argv[2];
let stop: () => void;
if (framework === "express" || framework === "koa") {
  const server = framework === "express" ? expressServer(settings) : koaServer(settings);
  stop = () => {
    server.close();
    server.closeAllConnections();
  };
} else if (framework === "grpc") {
  const server = grpcServer(settings);
  stop = () => {
    server.forceShutdown();
  };
} else {
  console.error("usage: node dist/reference/main.js express|koa|grpc");
  process.exit(2);
}
process.once("SIGTERM", () => {
  stop();
});
