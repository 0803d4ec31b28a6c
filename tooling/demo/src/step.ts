import type { Context } from "./context.js";

/** One step of the story. `run` narrates through the context and returns the summary's outcome. */
export interface Step {
  readonly title: string;
  /** The one line that says why the step matters. */
  readonly why: string;
  /** Needs revocation on (the demo's Redis): without it the step is skipped with the reason. */
  readonly needsRevocation?: boolean;
  run(ctx: Context): Promise<string>;
}

/** Base64url JSON of a compact JWS part, decoded for display (no verification: the services do that). */
export function decodePart(token: string, index: 0 | 1): Record<string, unknown> {
  const part = token.split(".")[index] ?? "";
  const parsed: unknown = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
  if (typeof parsed !== "object" || parsed === null) throw new Error("not a JSON object");
  return parsed as Record<string, unknown>;
}

/** `a.b.c` with part `index` replaced by the base64url JSON of `value` (the signature kept). */
export function replacePart(token: string, index: 0 | 1, value: Record<string, unknown>): string {
  const parts = token.split(".");
  parts[index] = Buffer.from(JSON.stringify(value)).toString("base64url");
  return parts.join(".");
}
