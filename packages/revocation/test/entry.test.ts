import { describe, expect, it } from "vitest";
import type { RevocationTarget } from "../src/index.js";
import { decodeEntry, encodeEntry } from "../src/redis/entry.js";
import { counterValue, serverTimeMs, streamEntries, stringMembers, xreadEntries } from "../src/redis/replies.js";
import { START_MS } from "./support.js";

const TARGETS: readonly RevocationTarget[] = [
  { scope: "global" },
  { scope: "client", client_id: "demo-cli" },
  { scope: "user", sub: "alice" },
  { scope: "user_client", sub: "alice", client_id: "demo-web" },
  { scope: "grant", sid: "q1w2e3r4t5y6u7i8" },
  { scope: "token", jti: "b3Jh2j0bN0cYvX3pQ2d6Yw" },
  { scope: "key", kid: "kid-2026" },
];

describe("stream entries", () => {
  it.each(TARGETS)("%o survives encoding and decoding", (target) => {
    const fields = ["seq", "42", ...encodeEntry(target, START_MS, START_MS + 1000)];
    const until = target.scope === "key" ? Infinity : START_MS + 1000;
    expect(decodeEntry(fields)).toEqual({ ok: true, entry: { ...target, seq: 42, at: START_MS, until } });
  });

  it("ignores unknown extra fields", () => {
    const fields = ["seq", "1", "scope", "global", "at", "1", "until", "2", "note", "added later"];
    expect(decodeEntry(fields)).toMatchObject({ ok: true, entry: { scope: "global", seq: 1 } });
  });

  const good = ["seq", "1", "scope", "user", "sub", "alice", "at", "1", "until", "2"];
  const replace = (name: string, value: string) => good.map((v, i) => (good[i - 1] === name ? value : v));
  const drop = (name: string) => good.filter((v, i) => v !== name && good[i - 1] !== name);
  const BAD: readonly (readonly [string, unknown])[] = [
    ["not an array", "seq 1"],
    ["an odd length", [...good, "x"]],
    ["too many fields", [...good, ...Array.from({ length: 40 }, (_, i) => `f${String(i)}`)]],
    ["a number field", good.map((v, i) => (i === 1 ? 1 : v))],
    ["seq 0", replace("seq", "0")],
    ["seq -1", replace("seq", "-1")],
    ["seq 1.5", replace("seq", "1.5")],
    ["seq 01", replace("seq", "01")],
    ["seq above 2^53", replace("seq", "9007199254740993")],
    ["no seq", drop("seq")],
    ["an unknown scope", replace("scope", "everyone")],
    ["no sub", drop("sub")],
    ["an empty sub", replace("sub", "")],
    ["a sub with a NUL", replace("sub", "a\u0000b")],
    ["a sub too long", replace("sub", "a".repeat(257))],
    ["a bad at", replace("at", "yesterday")],
    ["no until", drop("until")],
    ["a negative until", replace("until", "-5")],
  ];
  it.each(BAD)("refuses an entry with %s", (_, fields) => {
    expect(decodeEntry(fields)).toMatchObject({ ok: false });
  });

  it("a key withdrawal needs no until", () => {
    expect(decodeEntry(["seq", "3", "scope", "key", "kid", "k", "at", "1"])).toMatchObject({ ok: true, entry: { until: Infinity } });
  });
});

describe("reply narrowing", () => {
  it("reads XRANGE pages and refuses other shapes", () => {
    expect(streamEntries([["1-0", ["seq", "1"]]])).toEqual([{ id: "1-0", fields: ["seq", "1"] }]);
    expect(streamEntries([])).toEqual([]);
    for (const bad of [null, "x", [["1-0"]], [[1, []]], [["not-an-id", []]], [["1-0", [], "extra"]]]) {
      expect(() => streamEntries(bad)).toThrow(/unexpected XRANGE reply/);
    }
  });

  it("reads XREAD in RESP2 and RESP3 shapes, nil as nothing", () => {
    const entries = [["5-1", ["seq", "9"]]];
    expect(xreadEntries(null, "log")).toEqual([]);
    expect(xreadEntries([["log", entries]], "log")).toEqual([{ id: "5-1", fields: ["seq", "9"] }]);
    expect(xreadEntries({ log: entries }, "log")).toHaveLength(1);
    expect(xreadEntries(new Map([["log", entries]]), "log")).toHaveLength(1);
    for (const bad of [[["other", entries]], [["log", entries], ["log", entries]], { other: entries }, 7]) {
      expect(() => xreadEntries(bad, "log")).toThrow(/unexpected XREAD reply/);
    }
  });

  it("reads SMEMBERS as an array or a set of strings", () => {
    expect(stringMembers(["a", "b"])).toEqual(["a", "b"]);
    expect(stringMembers(new Set(["a"]))).toEqual(["a"]);
    for (const bad of [null, "a", [1], new Set([1])]) expect(() => stringMembers(bad)).toThrow(/unexpected SMEMBERS/);
  });

  it("reads a counter: nil is 0", () => {
    expect(counterValue(null)).toBe(0);
    expect(counterValue("42")).toBe(42);
    expect(counterValue(42)).toBe(42);
    for (const bad of ["-1", "4.2", "x", -1, 1.5, [], "99999999999999999"]) expect(() => counterValue(bad)).toThrow(/unexpected GET/);
  });

  it("reads TIME as milliseconds", () => {
    expect(serverTimeMs(["1767225600", "250999"])).toBe(1_767_225_600_250);
    for (const bad of [null, ["1"], ["a", "1"], [1, 2], ["1", "2", "3"]]) expect(() => serverTimeMs(bad)).toThrow(/unexpected TIME/);
  });
});
