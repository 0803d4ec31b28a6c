// The last lines the services of a local topology wrote, to show when a scenario fails. Bounded:
// a load scenario writes many lines, and only the end says why something broke.

/** Lines kept; older ones are dropped. */
export const SERVICE_LOG_LINES = 200;

/** A topology `stdout` sink that keeps the last {@link SERVICE_LOG_LINES} lines. */
export interface ServiceLog {
  write(chunk: string): void;
  /** The lines kept, oldest first, joined. */
  tail(): string;
}

/**
 * A new, empty log.
 *
 * @example
 * ```ts
 * const log = serviceLog();
 * await startTopology({ ports: "free", stdout: log });
 * ```
 */
export function serviceLog(): ServiceLog {
  const lines: string[] = [];
  return {
    write(chunk) {
      for (const line of chunk.split("\n")) {
        if (line === "") continue;
        lines.push(line);
        if (lines.length > SERVICE_LOG_LINES) lines.shift();
      }
    },
    tail: () => lines.join("\n"),
  };
}
