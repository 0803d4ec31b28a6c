import { describe, expect, it } from "vitest";
import { encodeCheckRequest, grpcServing, servingStatus } from "../src/grpc-health.js";
import { freePorts } from "../src/ports.js";

describe("health messages", () => {
  it("encodes HealthCheckRequest.service as field 1", () => {
    expect(encodeCheckRequest("")).toEqual(Buffer.alloc(0));
    expect(encodeCheckRequest("demo.v1.Resource")).toEqual(
      Buffer.concat([Buffer.from([0x0a, 16]), Buffer.from("demo.v1.Resource")]),
    );
  });

  it.each([
    [[], 0],
    [[0x08, 0x01], 1],
    [[0x08, 0x02], 2],
    [[0x12, 0x02, 0x61, 0x62, 0x08, 0x01], 1],
  ])("reads the status from %j", (bytes, status) => {
    expect(servingStatus(Buffer.from(bytes))).toBe(status);
  });

  it("answers false when nothing listens", async () => {
    const [port] = await freePorts(1);
    expect(await grpcServing(`127.0.0.1:${String(port)}`, "", 500)).toBe(false);
  });
});
