import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { orderAfter, pageTokenAfter } from "../src/page-token.js";

describe("page tokens", () => {
  it("are 23 URL-safe characters that name the order they were made for", () => {
    for (let i = 0; i < 50; i++) {
      const id = randomUUID();
      const token = pageTokenAfter(id);
      expect(token).toMatch(/^[A-Za-z0-9_-]{23}$/);
      expect(orderAfter(token)).toBe(id);
    }
  });

  it("spell version 1 and the UUID's bytes", () => {
    const token = pageTokenAfter("9b2f6c1e-7d4a-4f3b-8e21-5a6c7d8e9f01");
    expect(token).toBe("AZsvbB59Sk87jiFabH2OnwE");
    expect(Buffer.from(token, "base64url").toString("hex")).toBe("019b2f6c1e7d4a4f3b8e215a6c7d8e9f01");
  });

  it.each([["not-a-uuid"], [""], ["9B2F6C1E-7D4A-4F3B-8E21-5A6C7D8E9F01"], ["9b2f6c1e7d4a4f3b8e215a6c7d8e9f01"]])(
    "refuse to name %j (a TypeError: the store's ids are lower-case UUIDs)",
    (id) => {
      expect(() => pageTokenAfter(id)).toThrow(TypeError);
    },
  );

  // Each a one-place change of the token above.
  it.each([
    ["empty", ""],
    ["22 characters", "AZsvbB59Sk87jiFabH2Onw"],
    ["the unused bits of the last character set", "AZsvbB59Sk87jiFabH2OnwF"],
    ["a standard-base64 character", "AZsvbB59Sk87jiFabH2Onw+"],
    ["version 2", "ApsvbB59Sk87jiFabH2OnwE"],
  ])("name nothing when %s", (_name, token) => {
    expect(orderAfter(token)).toBeUndefined();
  });
});
