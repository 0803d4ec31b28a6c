// What a reader needs to judge the figures: the machine, the load on it, and the versions measured.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { cpus, loadavg, release, totalmem, type } from "node:os";
import { dirname, join } from "node:path";

/** The machine and runtime, as printed in BENCHMARKS.md. */
export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryBytes: number;
  readonly os: string;
  readonly node: string;
  readonly openssl: string;
}

/**
 * This machine's CPU model, cores, RAM, OS, Node and OpenSSL versions.
 *
 * @example
 * ```ts
 * machine().cores; // 2
 * ```
 */
export function machine(): Machine {
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() ?? "unknown CPU",
    cores: list.length,
    memoryBytes: totalmem(),
    os: `${osName()} (${type()} ${release()})`,
    node: process.version,
    openssl: process.versions.openssl,
  };
}

function osName(): string {
  try {
    const text = readFileSync("/etc/os-release", "utf8");
    return /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(text)?.[1] ?? type();
  } catch {
    return type();
  }
}

/**
 * The 1, 5 and 15 minute load averages.
 *
 * @example
 * ```ts
 * load(); // [0.42, 0.3, 0.25]
 * ```
 */
export function load(): readonly [number, number, number] {
  const [one = 0, five = 0, fifteen = 0] = loadavg();
  return [one, five, fifteen];
}

const requireHere = createRequire(import.meta.url);

/** The directory of an installed package, found from its entry point (some hide package.json). */
function packageDir(name: string): string | undefined {
  let dir: string;
  try {
    dir = dirname(requireHere.resolve(name));
  } catch {
    try {
      return dirname(requireHere.resolve(`${name}/package.json`));
    } catch {
      return undefined;
    }
  }
  for (;;) {
    const file = join(dir, "package.json");
    if (existsSync(file)) {
      const manifest = JSON.parse(readFileSync(file, "utf8")) as { name?: unknown };
      if (manifest.name === name) return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * The installed version of a package this suite depends on, or "not installed".
 *
 * @example
 * ```ts
 * packageVersion("jose"); // "6.2.18"
 * ```
 */
export function packageVersion(name: string): string {
  const dir = packageDir(name);
  if (dir === undefined) return "not installed";
  const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { version?: unknown };
  return typeof manifest.version === "string" ? manifest.version : "unknown";
}

/**
 * `redis-server --version`'s version number.
 *
 * @example
 * ```ts
 * redisVersion(); // "7.0.15"
 * ```
 */
export function redisVersion(): string {
  try {
    const text = execFileSync("redis-server", ["--version"], { encoding: "utf8" });
    return /v=(\S+)/.exec(text)?.[1] ?? text.trim();
  } catch {
    return "not installed";
  }
}

/** The packages whose versions the report lists. */
export const MEASURED_PACKAGES = [
  "@org/token",
  "@org/revocation",
  "@org/express-resource",
  "@org/koa-resource",
  "@org/grpc-resource",
  "@org/issuer",
  "jose",
  "fast-jwt",
  "jsonwebtoken",
  "express",
  "koa",
  "@grpc/grpc-js",
  "autocannon",
] as const;
