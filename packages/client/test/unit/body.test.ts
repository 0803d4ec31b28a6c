import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UnreadableBody, readText } from "../../src/lib/body.js";
import { listen, type Listening } from "../support/listen.js";

let server: Listening;
let declaredLength = true;
let chunks: Buffer[] = [];
beforeAll(async () => {
  server = await listen((_req, res) => {
    const total = chunks.reduce((n, c) => n + c.length, 0);
    res.writeHead(200, declaredLength ? { "content-length": String(total) } : {});
    for (const chunk of chunks) res.write(chunk);
    res.end();
  });
});
afterAll(async () => {
  await server.close();
});

async function read(parts: Buffer[], declared: boolean, limit = 1024): Promise<string> {
  chunks = parts;
  declaredLength = declared;
  return readText(await fetch(server.url), limit);
}

describe("readText", () => {
  it.each([true, false])("reads a body of exactly the limit (Content-Length declared: %s)", async (declared) => {
    expect(await read([Buffer.alloc(512, "a"), Buffer.alloc(512, "b")], declared)).toBe("a".repeat(512) + "b".repeat(512));
  });

  it("refuses a declared Content-Length over the limit without reading", async () => {
    await expect(read([Buffer.alloc(1025, "a")], true)).rejects.toThrow(UnreadableBody);
  });

  it("refuses a chunked body once it passes the limit", async () => {
    await expect(read(Array.from({ length: 20 }, () => Buffer.alloc(100, "a")), false)).rejects.toThrow("larger than 1024 bytes");
  });

  it("refuses bytes that are not UTF-8", async () => {
    await expect(read([Buffer.from([0xff, 0xfe, 0x41])], true)).rejects.toThrow("not UTF-8");
  });
});
