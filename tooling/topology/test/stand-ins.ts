// Stand-in services for the launcher's own tests: tiny scripts written to a temp dir, so the
// failure paths (crash, never ready, ignores SIGTERM) can be exercised deterministically.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { connect } from "node:net";
import { join } from "node:path";

const httpServer = (portVariable: string): string => `
import { createServer } from "node:http";
const port = Number(process.env.${portVariable});
const status = Number(process.env.STAND_IN_HEALTH ?? "200");
const server = createServer((req, res) => {
  res.statusCode = req.url === "/readyz" ? status : req.url === "/healthz" ? 200 : 404;
  res.end();
});
server.listen(port, "127.0.0.1", () => {
  console.log(JSON.stringify({ msg: "listening", service: "stand-in", port }));
  console.error("a line on stderr");
});
`;
const HTTP_SERVER = httpServer("ISSUER_PORT");

/** The scripts, by what they do. */
export const STAND_INS = {
  /** Serves GET /readyz and /healthz 200 on ISSUER_PORT, stops on SIGTERM. */
  healthy: `${HTTP_SERVER}\nprocess.on("SIGTERM", () => server.close(() => process.exit(0)));\n`,
  /** Listens but /readyz answers 503 forever (alive, never ready). */
  unhealthy: `process.env.STAND_IN_HEALTH = "503";\n${HTTP_SERVER}\nprocess.on("SIGTERM", () => process.exit(0));\n`,
  /** Healthy, but ignores SIGTERM: only SIGKILL ends it. */
  stubborn: `${HTTP_SERVER}\nprocess.on("SIGTERM", () => console.log("ignoring SIGTERM"));\n`,
  /** The healthy one as the express service (EXPRESS_PORT). */
  healthyExpress: `${httpServer("EXPRESS_PORT")}\nprocess.on("SIGTERM", () => server.close(() => process.exit(0)));\n`,
  /** Healthy on EXPRESS_PORT, but exits 1 when stopped (it had to cut requests). */
  cuttingExpress: `${httpServer("EXPRESS_PORT")}\nprocess.on("SIGTERM", () => process.exit(1));\n`,
  /** Reports a bad setting on stderr and exits 1, as a service's config.ts does. */
  crashing: `console.log("starting");\nconsole.error("ACCESS_TOKEN_TTL must be a positive integer");\nprocess.exit(1);\n`,
} as const;

/** Writes every stand-in to a fresh temp dir; returns their paths and a cleanup. */
export function writeStandIns(): { paths: Record<keyof typeof STAND_INS, string>; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), "topology-stand-ins-"));
  const paths = Object.fromEntries(
    Object.entries(STAND_INS).map(([name, source]) => {
      const path = join(dir, `${name}.mjs`);
      writeFileSync(path, source);
      return [name, path];
    }),
  ) as Record<keyof typeof STAND_INS, string>;
  return {
    paths,
    remove: () => {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** True while a process with this pid exists (signal 0 only checks). */
export function isRunning(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Collects written text, for asserting on the prefixed log lines. */
export class Collector {
  text = "";
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
  lines(): string[] {
    return this.text.split("\n").filter((line) => line !== "");
  }
}

/** True when something accepts TCP connections on 127.0.0.1:port. */
export function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => {
      resolve(false);
    });
  });
}
