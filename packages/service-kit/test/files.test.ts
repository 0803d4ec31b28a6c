import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writePrivateFile } from "../src/index.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "service-kit-files-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("writePrivateFile", () => {
  it("replaces the file whole, readable by its owner only, and leaves no temporary file", async () => {
    const path = join(dir, "keys.json");
    await writeFile(path, "old", { mode: 0o644 });
    await writePrivateFile(path, "new\n");
    expect(await readFile(path, "utf8")).toBe("new\n");
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(["keys.json"]);
  });

  it("fails without a trace when the directory does not exist", async () => {
    await expect(writePrivateFile(join(dir, "absent", "keys.json"), "x")).rejects.toMatchObject({ code: "ENOENT" });
    expect(await readdir(dir)).toEqual(["keys.json"]);
  });
});
