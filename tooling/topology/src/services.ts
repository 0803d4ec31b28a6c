import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The four processes of the demo topology, by their short names. */
export type ServiceName = "issuer" | "express" | "koa" | "grpc";

/** Start order: the issuer first (the others fetch its JWKS), then the resource services. */
export const SERVICE_NAMES: readonly ServiceName[] = ["issuer", "express", "koa", "grpc"];

/** How a service is found, configured and probed. */
export interface ServiceSpec {
  readonly name: ServiceName;
  /** Workspace package name, e.g. `@org/issuer`. */
  readonly packageName: string;
  /** Folder under `services/`. */
  readonly folder: string;
  /** Environment variable holding its port (contract, "Services and ports"). */
  readonly portEnv: "ISSUER_PORT" | "EXPRESS_PORT" | "KOA_PORT" | "GRPC_PORT";
  readonly defaultPort: number;
  /** `http`: ready when `GET /healthz` answers 200; `grpc`: when Health/Check answers SERVING. */
  readonly protocol: "http" | "grpc";
}

/**
 * The contract's table of services and ports.
 *
 * @example
 * ```ts
 * SERVICES.koa.defaultPort; // 4002
 * ```
 */
export const SERVICES: Readonly<Record<ServiceName, ServiceSpec>> = {
  issuer: spec("issuer", "@org/issuer", "issuer", "ISSUER_PORT", 4000, "http"),
  express: spec("express", "@org/express-resource", "express-resource", "EXPRESS_PORT", 4001, "http"),
  koa: spec("koa", "@org/koa-resource", "koa-resource", "KOA_PORT", 4002, "http"),
  grpc: spec("grpc", "@org/grpc-resource", "grpc-resource", "GRPC_PORT", 50051, "grpc"),
};

function spec(
  name: ServiceName,
  packageName: string,
  folder: string,
  portEnv: ServiceSpec["portEnv"],
  defaultPort: number,
  protocol: ServiceSpec["protocol"],
): ServiceSpec {
  return { name, packageName, folder, portEnv, defaultPort, protocol };
}

/**
 * Directory of a service package. Resolved through node_modules first (this package depends on
 * every service, so the workspace links them); falls back to the repository layout relative to
 * this file, which is the same from src/ and dist/.
 *
 * @example
 * ```ts
 * serviceDir("issuer"); // "/repo/services/issuer"
 * ```
 */
export function serviceDir(name: ServiceName): string {
  const { packageName, folder } = SERVICES[name];
  try {
    const require = createRequire(import.meta.url);
    return dirname(require.resolve(`${packageName}/package.json`));
  } catch {
    // A package with an "exports" map that hides package.json, or not linked: use the layout.
    return fileURLToPath(new URL(`../../../services/${folder}/`, import.meta.url));
  }
}

/**
 * Absolute path of a service's compiled entry point (`<service>/dist/main.js`).
 *
 * @throws Error when the file does not exist yet, saying how to build it.
 * @example
 * ```ts
 * spawn(process.execPath, [serviceEntry("koa")]);
 * ```
 */
export function serviceEntry(name: ServiceName): string {
  const entry = join(serviceDir(name), "dist", "main.js");
  if (!existsSync(entry)) {
    throw new Error(
      `${name}: ${entry} does not exist; build it first ` +
        "(pnpm exec turbo run build --filter=@org/topology...)",
    );
  }
  return entry;
}
