// Small helpers of the bench: a client key, a median, a rate.
import { generateKeyPairSync, type KeyObject } from "node:crypto";
import type { DpopAlgorithm } from "@org/token";

/** A DPoP client key of `alg` (P-256 for ES256, Ed25519 for EdDSA). */
export function clientKey(alg: DpopAlgorithm): KeyObject {
  return (alg === "EdDSA" ? generateKeyPairSync("ed25519") : generateKeyPairSync("ec", { namedCurve: "P-256" })).privateKey;
}

/** The median of a non-empty list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Operations per second. */
export function perSecond(count: number, ms: number): number {
  return ms > 0 ? (count * 1000) / ms : 0;
}
