// How a program tells its caller what it saw: one JSON line on stdout, or an error and exit code 1.

/**
 * Writes `result` as one JSON line on stdout.
 *
 * @example
 * ```ts
 * report({ status: 200 });
 * ```
 */
export function report(result: unknown): void {
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/**
 * Prints the failure on stderr and sets exit code 1 (the assertion messages carry statuses
 * and challenges, never a token).
 *
 * @example
 * ```ts
 * main().catch(fail);
 * ```
 */
export function fail(error: unknown): void {
  console.error(error);
  process.exitCode = 1;
}
