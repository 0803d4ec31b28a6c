import { createServer, type Server } from "node:net";
import { ConfigError, readSettings } from "@org/service-kit";
import { SERVICE_NAMES, SERVICES, type ServiceName } from "./services.js";

/** A port per service, plus the gRPC service's metrics and probes port (METRICS_PORT). */
export type Ports = Readonly<Record<ServiceName, number>> & { readonly grpcMetrics: number };

/** The gRPC service's METRICS_PORT default (resource-core's). */
const DEFAULT_METRICS_PORT = 9464;

/** `"free"`: fresh loopback ports (tests); otherwise explicit ports, the rest from env or defaults. */
export type PortsOption = "free" | Partial<Record<ServiceName, number>>;

/** Environment as given by the caller: `process.env` or a plain record. */
export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Ports the kernel hands out right now on `host`. All sockets are held open together so the
 * ports are distinct; another process could still take one before the service binds it, which
 * is acceptable for tests.
 *
 * @example
 * ```ts
 * const [a, b] = await freePorts(2);
 * ```
 */
export async function freePorts(count: number, host = "127.0.0.1"): Promise<number[]> {
  const servers = await Promise.all(Array.from({ length: count }, () => listenEphemeral(host)));
  const ports = servers.map((server) => {
    const address = server.address();
    if (address === null || typeof address === "string") {
      throw new Error("free port: the socket has no TCP address");
    }
    return address.port;
  });
  await Promise.all(servers.map(closeServer));
  return ports;
}

/**
 * The port of every service: explicit option, else its env variable, else the contract default.
 *
 * @throws ConfigError naming the variable when an env port is not a port the services accept, or is 0
 *   (the launcher must know every port to probe it).
 * @example
 * ```ts
 * await resolvePorts(undefined, { KOA_PORT: "5002" }); // { issuer: 4000, express: 4001, koa: 5002, grpc: 50051 }
 * ```
 */
export async function resolvePorts(option: PortsOption | undefined, env: Env): Promise<Ports> {
  if (option === "free") {
    const free = await freePorts(SERVICE_NAMES.length + 1);
    const ports = Object.fromEntries(SERVICE_NAMES.map((name, i) => [name, free[i] ?? 0])) as Record<ServiceName, number>;
    return { ...ports, grpcMetrics: free[SERVICE_NAMES.length] ?? 0 };
  }
  const read = readSettings(env);
  const entries = SERVICE_NAMES.map((name) => {
    const { portEnv, defaultPort } = SERVICES[name];
    return [name, option?.[name] ?? fixedPort(portEnv, read.port(portEnv, defaultPort))] as const;
  });
  const services = Object.fromEntries(entries) as Record<ServiceName, number>;
  return { ...services, grpcMetrics: read.port("METRICS_PORT", DEFAULT_METRICS_PORT) };
}

// The services' own rule (the kit's), plus one of the launcher's: it probes each service at its
// port, so "any free port" cannot be asked for here.
function fixedPort(variable: string, port: number): number {
  if (port === 0) throw new ConfigError(variable, "must not be 0 for the launcher, which must know the port to probe it");
  return port;
}

function listenEphemeral(host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, host, () => {
      resolve(server);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => {
    resolve();
  }));
}
