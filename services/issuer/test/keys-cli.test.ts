// The keys CLI as a user runs it: help, relative paths from where the command was run (INIT_CWD
// through pnpm), and no private key file written into a repository tree without --inside-repo.
import { spawnSync } from "node:child_process";
import { access, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { invocationDir } from "../src/config.js";
import { repositoryAround, resolveFrom } from "../src/cli/location.js";

// The built CLI, as pnpm runs it (turbo builds before the tests): a node start, not a tsx compile, per run.
const cli = fileURLToPath(new URL("../dist/cli/keys.js", import.meta.url));
/** This package's directory: inside this repository (its pnpm workspace and its git work tree). */
const packageDir = fileURLToPath(new URL("..", import.meta.url));

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI with exactly `env` (plus PATH) in `cwd`, as pnpm or a shell would start it. */
function keys(args: readonly string[], options: { cwd?: string; env?: Record<string, string> } = {}): Run {
  const r = spawnSync(process.execPath, [cli, ...args], {
    encoding: "utf8",
    timeout: 30_000,
    cwd: options.cwd ?? dir,
    env: { PATH: process.env.PATH ?? "", ...options.env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const exists = (path: string): Promise<boolean> => access(path).then(() => true, () => false);

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "issuer-keys-cli-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("keys help", () => {
  it.each(["--help", "help", "init --help"])("`keys %s` prints the usage on stdout and exits 0", (line) => {
    const run = keys(line.split(" "));
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^usage:\n {2}keys init <file>/);
    expect(run.stdout).toContain("--inside-repo");
    expect(run.stderr).toBe("");
  }, 60_000);
});

describe("relative paths", () => {
  it("are taken from INIT_CWD when pnpm runs the keys script, and from the working directory otherwise", async () => {
    const started = await mkdtemp(join(dir, "started-"));
    const pkg = await mkdtemp(join(dir, "package-"));
    const viaPnpm = keys(["init", "from-pnpm.json"], { cwd: pkg, env: { INIT_CWD: started, npm_lifecycle_event: "keys" } });
    expect(viaPnpm.status).toBe(0);
    expect(await exists(join(started, "from-pnpm.json"))).toBe(true);
    expect(await exists(join(pkg, "from-pnpm.json"))).toBe(false);
    // A child of another pnpm script inherits INIT_CWD: it is not where this command was run.
    const inherited = keys(["init", "inherited.json"], { cwd: pkg, env: { INIT_CWD: started, npm_lifecycle_event: "test" } });
    expect(inherited.status).toBe(0);
    expect(await exists(join(pkg, "inherited.json"))).toBe(true);
    const listed = keys(["list", "from-pnpm.json"], { cwd: pkg, env: { INIT_CWD: started, npm_lifecycle_event: "keys" } });
    expect(listed.status).toBe(0);
    expect(listed.stdout).toContain('"state":"signing"');
  }, 60_000);

  it("invocationDir and resolveFrom", () => {
    expect(invocationDir("keys", { INIT_CWD: "/home/me", npm_lifecycle_event: "keys" }, "/pkg")).toBe("/home/me");
    expect(invocationDir("keys", { INIT_CWD: "/home/me", npm_lifecycle_event: "start" }, "/pkg")).toBe("/pkg");
    expect(invocationDir("keys", { npm_lifecycle_event: "keys" }, "/pkg")).toBe("/pkg");
    expect(invocationDir("keys", {}, "/pkg")).toBe("/pkg");
    expect(resolveFrom("/home/me", "k/keys.json")).toBe("/home/me/k/keys.json");
    expect(resolveFrom("/home/me", "/secure/keys.json")).toBe("/secure/keys.json");
    expect(() => resolveFrom("/home/me", "")).toThrow(TypeError);
  });
});

describe("files inside a repository", () => {
  it.each([
    ["a git work tree (.git directory)", ".git", "dir"],
    ["a linked git worktree (.git file)", ".git", "file"],
    ["a pnpm workspace", "pnpm-workspace.yaml", "file"],
  ] as const)("are refused in %s with one line saying why, and written with --inside-repo", async (_what, marker, kind) => {
    const repo = await mkdtemp(join(dir, "repo-"));
    if (kind === "dir") await mkdir(join(repo, marker));
    else await writeFile(join(repo, marker), "");
    await mkdir(join(repo, "deep", "down"), { recursive: true });
    const file = join(repo, "deep", "down", "keys.json");
    const refused = keys(["init", file]);
    expect(refused.status).toBe(1);
    const lines = refused.stderr.split("\n").filter((l) => l !== "");
    expect(lines).toEqual([
      `keys: ${file} is inside a repository (${join(repo, marker)}): a private key must not end up committed; write it outside the repository, or pass --inside-repo`,
    ]);
    expect(await exists(file)).toBe(false);
    const written = keys(["init", file, "--inside-repo"]);
    expect(written.status).toBe(0);
    expect(await exists(file)).toBe(true);
    // Every step that writes the file is refused there too; list only reads it.
    expect(keys(["add-next", file]).stderr).toMatch(/inside a repository/);
    expect(keys(["list", file]).status).toBe(0);
  }, 60_000);

  it("are refused in this repository, also for a relative path run through pnpm from inside it", async () => {
    const refused = keys(["init", "keys.json"], { cwd: packageDir, env: { INIT_CWD: packageDir, npm_lifecycle_event: "keys" } });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/^keys: .*keys\.json is inside a repository \(.*\): a private key must not end up committed/);
    expect(await exists(join(packageDir, "keys.json"))).toBe(false);
    expect(await repositoryAround(join(packageDir, "src", "x.json"))).toBeDefined();
    expect(await repositoryAround(join(dir, "x.json"))).toBeUndefined();
  }, 60_000);

  it("refuses the shared secret's export into a repository, not the reading of its source", async () => {
    const file = join(dir, "secret.json");
    expect(keys(["init", file, "--hs256"]).status).toBe(0);
    const repo = await mkdtemp(join(dir, "repo-"));
    await mkdir(join(repo, ".git"));
    const refused = keys(["export-secret", file, join(repo, "resource-jwks.json")]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/inside a repository/);
    expect(await exists(join(repo, "resource-jwks.json"))).toBe(false);
    expect(keys(["export-secret", file, join(dir, "resource-jwks.json")]).status).toBe(0);
  }, 60_000);
});
