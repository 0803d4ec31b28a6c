import type { Env, Ports } from "./ports.js";
import { SERVICE_NAMES, SERVICES, type ServiceName } from "./services.js";

/** What the children are started with, and where they can be reached. */
export interface TopologyEnv {
  /** The merged environment every child gets. */
  readonly env: Record<string, string>;
  /** Host the probes and URLs use (a wildcard bind address becomes loopback). */
  readonly host: string;
  /** `http://host:port` for HTTP services, `host:port` for gRPC. */
  readonly urls: Readonly<Record<ServiceName, string>>;
  /** The `iss` in effect (TOKEN_ISSUER). */
  readonly issuer: string;
}

/**
 * Merges the caller's environment with the chosen ports. `ISSUER_URL` and `TOKEN_ISSUER` are
 * derived from the issuer's port unless the caller set them, so a topology on free ports is
 * self-consistent; on the default ports they equal the contract defaults.
 *
 * @example
 * ```ts
 * topologyEnv({}, { issuer: 4100, express: 4101, koa: 4102, grpc: 50151 }).env.ISSUER_URL;
 * // "http://127.0.0.1:4100"
 * ```
 */
export function topologyEnv(base: Env, ports: Ports): TopologyEnv {
  const host = probeHost(base.HOST);
  const urlHost = host.includes(":") ? `[${host}]` : host;
  const urls = Object.fromEntries(
    SERVICE_NAMES.map((name) => {
      const port = ports[name];
      const url = SERVICES[name].protocol === "http" ? `http://${urlHost}:${port}` : `${urlHost}:${port}`;
      return [name, url];
    }),
  ) as Record<ServiceName, string>;
  const issuer = nonEmpty(base.TOKEN_ISSUER) ?? urls.issuer;
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(base)) {
    if (value !== undefined) env[key] = value;
  }
  for (const name of SERVICE_NAMES) env[SERVICES[name].portEnv] = String(ports[name]);
  env.METRICS_PORT = String(ports.grpcMetrics);
  env.ISSUER_URL = nonEmpty(base.ISSUER_URL) ?? urls.issuer;
  env.TOKEN_ISSUER = issuer;
  return { env, host, urls, issuer };
}

/** Services bind HOST (default loopback); a wildcard bind is probed over loopback. */
function probeHost(bind: string | undefined): string {
  if (bind === undefined || bind === "" || bind === "0.0.0.0") return "127.0.0.1";
  if (bind === "::") return "::1";
  return bind;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}
