import { describe, expect, it } from "vitest";
import { Readiness, readyzAnswer, type ReadyState } from "../src/index.js";

describe("Readiness", () => {
  it("is ready with no conditions, and the worst condition wins", () => {
    const readiness = new Readiness();
    expect(readiness.state).toEqual({ status: "ready" });
    readiness.set("keys", { status: "not_ready", reason: "keys not loaded" });
    readiness.set("revocation", { status: "degraded", reason: "failing open" });
    expect(readiness.state).toEqual({ status: "not_ready", reason: "keys not loaded" });
    readiness.set("keys", { status: "ready" });
    expect(readiness.state).toEqual({ status: "degraded", reason: "failing open" });
    readiness.set("revocation", { status: "ready" });
    expect(readiness.state).toEqual({ status: "ready" });
  });

  it("tells listeners about changes of the overall state only", () => {
    const readiness = new Readiness();
    const heard: ReadyState[] = [];
    const stop = readiness.onChange((state) => heard.push(state));
    readiness.set("keys", { status: "ready" });
    readiness.set("keys", { status: "not_ready", reason: "a" });
    readiness.set("keys", { status: "not_ready", reason: "a" });
    readiness.set("keys", { status: "not_ready", reason: "b" });
    stop();
    readiness.set("keys", { status: "ready" });
    expect(heard).toEqual([
      { status: "not_ready", reason: "a" },
      { status: "not_ready", reason: "b" },
    ]);
  });
});

describe("readyzAnswer", () => {
  it("is the contract's /readyz answer", () => {
    expect(readyzAnswer({ status: "ready" })).toEqual({ status: 200, body: { status: "ready" } });
    expect(readyzAnswer({ status: "degraded", reason: "r" })).toEqual({ status: 200, body: { status: "degraded", reason: "r" } });
    expect(readyzAnswer({ status: "not_ready", reason: "r" })).toEqual({ status: 503, body: { status: "not_ready", reason: "r" } });
  });
});
