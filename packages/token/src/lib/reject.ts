/** A rejected promise for a caught value (always an Error here; wrapped defensively). */
export function rejected(e: unknown): Promise<never> {
  return Promise.reject(e instanceof Error ? e : new Error("non-error thrown", { cause: e }));
}
