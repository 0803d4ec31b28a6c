import { describe, expect, it } from "vitest";
import { isLoopback } from "../src/loopback.js";

describe("isLoopback", () => {
  it.each(["127.0.0.1", "127.255.0.9", "::1", "[::1]", "0:0:0:0:0:0:0:1", "::ffff:127.0.0.1", "localhost", "LocalHost"])("%s is loopback", (host) => {
    expect(isLoopback(host)).toBe(true);
  });

  it.each(["0.0.0.0", "::", "[::]", "10.0.0.1", "128.0.0.1", "::2", "::ffff:10.0.0.1", "issuer", "localhost.example.com", "", "[127.0.0.1]"])(
    "%s is not loopback",
    (host) => {
      expect(isLoopback(host)).toBe(false);
    },
  );
});
