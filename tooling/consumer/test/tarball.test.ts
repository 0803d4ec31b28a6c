import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { create } from "tar";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TARBALL_LIMITS, TarballError, readTarball } from "../src/tarball.js";

let dir: string;

/** A .tgz of `entries` (paths relative to `dir`/tree), as pnpm pack lays them out. */
async function tarball(name: string, entries: Record<string, string>, options: { link?: [string, string] } = {}): Promise<string> {
  const tree = join(dir, name);
  for (const [path, content] of Object.entries(entries)) {
    await mkdir(join(tree, path, ".."), { recursive: true });
    await writeFile(join(tree, path), content);
  }
  const paths = Object.keys(entries);
  if (options.link !== undefined) {
    await symlink(options.link[1], join(tree, options.link[0]));
    paths.push(options.link[0]);
  }
  const file = join(dir, `${name}.tgz`);
  await create({ gzip: true, file, cwd: tree, portable: true }, paths);
  return file;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "consumer-tarball-"));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const expectCode = async (read: Promise<unknown>, code: string): Promise<void> => {
  await expect(read).rejects.toBeInstanceOf(TarballError);
  await expect(read).rejects.toMatchObject({ code });
};

describe("readTarball", () => {
  it("reads every file under package/ with its bytes", async () => {
    const file = await tarball("sound", { "package/package.json": '{"name":"x"}', "package/dist/index.js": "export {};\n" });
    const files = await readTarball(file);
    expect([...files.keys()].sort()).toEqual(["dist/index.js", "package.json"]);
    expect(files.get("package.json")?.toString()).toBe('{"name":"x"}');
  });

  it("refuses an entry outside package/", async () => {
    await expectCode(readTarball(await tarball("outside", { "package/a.js": "", "other/b.js": "" })), "outside_package");
  });

  it("refuses a symbolic link", async () => {
    const file = await tarball("link", { "package/a.js": "" }, { link: ["package/b.js", "/etc/passwd"] });
    await expectCode(readTarball(file), "not_a_file");
  });

  it("keeps to its limits: entries, unpacked bytes, tarball bytes", async () => {
    const file = await tarball("big", { "package/a.js": "a".repeat(3000), "package/b.js": "b", "package/c.js": "c" });
    await expectCode(readTarball(file, { ...TARBALL_LIMITS, maxEntries: 2 }), "too_many_entries");
    await expectCode(readTarball(file, { ...TARBALL_LIMITS, maxUnpackedBytes: 2999 }), "too_large");
    await expectCode(readTarball(file, { ...TARBALL_LIMITS, maxTarballBytes: 10 }), "too_large");
    expect((await readTarball(file, { ...TARBALL_LIMITS, maxEntries: 3, maxUnpackedBytes: 3002 })).size).toBe(3);
  });

  it.each([
    ["a broken gzip stream", Buffer.from([0x1f, 0x8b, 0x08, 0x00, 1, 2, 3, 4, 5, 6, 7, 8, 9])],
    ["text", Buffer.from("not a tarball ".repeat(100))],
  ])("refuses %s", async (name, bytes) => {
    const file = join(dir, `${name}.tgz`);
    await writeFile(file, bytes);
    await expectCode(readTarball(file), "unreadable");
  });
});
