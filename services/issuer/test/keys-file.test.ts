// Keys file steps: atomic 0600 writes, refusals, list output without key material, the --force paths.
import { spawnSync } from "node:child_process";
import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KeySet } from "@org/token";
import { createLogger } from "@org/service-kit";
import { importable, parseKeysFile, readKeysFile } from "../src/keys/file.js";
import { KeysFileError, loadKeySet } from "../src/keys/load.js";
import { addNextKey, initKeys, listKeys, promoteKey, retireKey } from "../src/keys/rotation.js";
import { parseCliArgs } from "../src/cli/args.js";
import { Capture } from "./helpers.js";

let dir: string;
let n = 0;
const fresh = (): string => join(dir, `keys-${++n}.json`);
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "issuer-keys-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("keys file steps", () => {
  it.each([["EdDSA"], ["ES256"], ["RS256"]] as const)("init --alg %s writes a 0600 file the issuer can load", async (alg) => {
    const file = fresh();
    const kid = await initKeys(file, { alg, now: 1000 });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const keys = await KeySet.fromJwks(importable(await readKeysFile(file)));
    expect(keys.active).toMatchObject({ kid, alg });
    expect(await listKeys(file)).toEqual([{ kid, alg, state: "signing", published_at: 1000, promoted_at: 1000 }]);
  });

  it("init refuses to overwrite an existing file", async () => {
    const file = fresh();
    await initKeys(file);
    await expect(initKeys(file)).rejects.toThrow(/exists/);
  });

  it("rejects HS256 for a published key", async () => {
    await expect(initKeys(fresh(), { alg: "HS256" })).rejects.toThrow(/alg/);
  });

  it("leaves no temporary files behind", async () => {
    const file = fresh();
    await initKeys(file);
    await addNextKey(file);
    expect((await readdir(dir)).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("list never prints key material", async () => {
    const file = fresh();
    await initKeys(file);
    const text = JSON.stringify(await listKeys(file));
    const jwk = (await readKeysFile(file)).keys[0];
    expect(typeof jwk?.d).toBe("string");
    expect(text).not.toContain(String(jwk?.d));
    expect(text).not.toContain(String(jwk?.x));
  });

  it("promote --force skips the publish wait; re-promoting the active key is refused", async () => {
    const file = fresh();
    const first = await initKeys(file, { now: 0 });
    const next = await addNextKey(file, { now: 10 });
    await promoteKey(file, next, { now: 20, force: true });
    await expect(promoteKey(file, next, { now: 2000, force: true })).rejects.toThrow(/signs already/);
    expect(await listKeys(file)).toEqual([
      { kid: next, alg: "EdDSA", state: "signing", published_at: 10, promoted_at: 20 },
      { kid: first, alg: "EdDSA", state: "published", published_at: 0, promoted_at: 0, demoted_at: 20 },
    ]);
  });

  it("retire: a never-promoted key goes at once; unknown history needs --force; unknown kid refused", async () => {
    const file = fresh();
    await initKeys(file, { now: 0 });
    const unused = await addNextKey(file, { now: 10 });
    await retireKey(file, unused, { now: 11 });
    await expect(retireKey(file, "no-such-kid", { now: 11 })).rejects.toThrow(/no key/);

    // A key copied in by hand carries no dates: retiring it needs --force.
    const document = await readKeysFile(file);
    const elsewhere = fresh();
    await initKeys(elsewhere);
    const foreign = { ...(await readKeysFile(elsewhere)).keys[0] };
    Reflect.deleteProperty(foreign, "published_at");
    Reflect.deleteProperty(foreign, "promoted_at");
    const foreignKid = String(foreign.kid);
    await writeFile(file, JSON.stringify({ keys: [...document.keys, foreign] }));
    await expect(retireKey(file, foreignKid, { now: 20 })).rejects.toThrow(/force/);
    await retireKey(file, foreignKid, { now: 20, force: true });
    expect((await readKeysFile(file)).keys).toHaveLength(1);
  });

  it.each([
    ["not JSON", "{"],
    ["no keys array", "{}"],
    ["an empty key list", '{"keys":[]}'],
    ["a key without kid", '{"keys":[{"kty":"OKP"}]}'],
    ["duplicate kids", '{"keys":[{"kid":"a"},{"kid":"a"}]}'],
    ["a bad date", '{"keys":[{"kid":"a","published_at":"yesterday"}]}'],
  ])("parseKeysFile rejects %s", (_name, text) => {
    expect(() => parseKeysFile(text)).toThrow(TypeError);
  });
});

describe("loadKeySet", () => {
  it("without a file: one ephemeral Ed25519 key and a warning", async () => {
    const logs = new Capture();
    const keys = await loadKeySet(undefined, createLogger({ service: "issuer", level: "info", destination: logs }));
    expect(keys.active.alg).toBe("EdDSA");
    expect(keys.keys).toHaveLength(1);
    const line = JSON.parse(logs.text.trim()) as { level: number; msg: string };
    expect(line.level).toBe(40);
    expect(line.msg).toMatch(/ISSUER_KEYS_FILE/);
  });

  it("warns about a file readable by others and refuses unusable files", async () => {
    const file = fresh();
    await initKeys(file);
    await chmod(file, 0o644);
    const logs = new Capture();
    await loadKeySet(file, createLogger({ service: "issuer", level: "info", destination: logs }));
    expect(logs.text).toMatch(/chmod 600/);
    const bad = fresh();
    await writeFile(bad, JSON.stringify({ keys: [{ kid: "x", kty: "OKP", crv: "Ed25519", x: "AAAA" }] }));
    await expect(loadKeySet(bad, createLogger({ service: "issuer", level: "silent" }))).rejects.toBeInstanceOf(KeysFileError);
    await expect(loadKeySet(join(dir, "missing.json"), createLogger({ service: "issuer", level: "silent" }))).rejects.toBeInstanceOf(KeysFileError);
    expect((await readFile(file, "utf8")).length).toBeGreaterThan(0);
  });
});

describe("keys CLI", () => {
  const cli = fileURLToPath(new URL("../src/cli/keys.ts", import.meta.url));
  const tsx = fileURLToPath(new URL("../node_modules/tsx/dist/cli.mjs", import.meta.url));
  const keys = (...args: string[]): { status: number | null; stdout: string; stderr: string } => {
    const r = spawnSync(process.execPath, [tsx, cli, ...args], { encoding: "utf8", timeout: 30_000 });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  it("init, add-next, a refused promote, list: kids on stdout, refusals on stderr with exit 1", () => {
    const file = fresh();
    const init = keys("init", file, "--alg", "ES256");
    expect(init.status).toBe(0);
    const first = init.stdout.trim();
    const next = keys("add-next", file).stdout.trim();
    expect(next).not.toBe(first);
    const refused = keys("promote", file, next);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/^keys: the key must be published/);
    expect(refused.stderr).not.toMatch(/usage/);
    const listed = keys("list", file).stdout.trim().split("\n").map((l) => JSON.parse(l) as { kid: string; state: string; alg: string });
    expect(listed.map((k) => [k.kid, k.state, k.alg])).toEqual([[first, "signing", "ES256"], [next, "published", "ES256"]]);
    const usage = keys("rotate", file);
    expect(usage.status).toBe(1);
    expect(usage.stderr).toMatch(/usage/);
  }, 60_000);

  it("takes a kid that begins with '-' (a base64url thumbprint does, one time in 64) as the kid", async () => {
    let file = fresh();
    let kid = await initKeys(file);
    for (let tries = 0; !kid.startsWith("-") && tries < 5000; tries += 1) {
      await rm(file);
      file = fresh();
      kid = await initKeys(file);
    }
    expect(kid.startsWith("-")).toBe(true);
    const refused = keys("promote", file, kid, "--force");
    expect(refused.stderr).toMatch(/^keys: .*signs already/);
    expect(refused.status).toBe(1);
    expect(keys("retire", file, kid, "--force").stderr).toMatch(/^keys: .*active/);
  }, 60_000);
});

describe("keys CLI arguments", () => {
  const known = { strings: ["alg", "publish-wait"], flags: ["force", "hs256"] };

  it("reads known options in both forms and keeps everything else, '-' prefixed or not, in order", () => {
    const parsed = parseCliArgs(["promote", "--publish-wait", "5", "f.json", "-Ab_9", "--force", "--alg=ES256", "--hs256"], known);
    expect(parsed.positionals).toEqual(["promote", "f.json", "-Ab_9"]);
    expect(Object.fromEntries(parsed.values)).toEqual({ "publish-wait": "5", force: true, alg: "ES256", hs256: true });
  });

  it("takes everything after -- as positionals", () => {
    expect(parseCliArgs(["retire", "f.json", "--", "--force"], known).positionals).toEqual(["retire", "f.json", "--force"]);
  });

  it.each([
    [["--forse"], /unknown option --forse/],
    [["--hs512"], /unknown option --hs512/],
    [["--force=yes"], /--force takes no value/],
    [["--alg"], /--alg needs a value/],
  ])("refuses %j", (argv, message) => {
    expect(() => parseCliArgs(argv, known)).toThrow(message);
  });
});
