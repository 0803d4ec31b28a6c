// Readiness apart from liveness: a service is ready when every condition it depends on holds
// (keys loaded; revocation state fresh when on). /readyz and gRPC health both read this.

/**
 * The state of one condition, or of the whole service (the worst of its conditions).
 * `degraded`: serving, but with a documented risk (e.g. revocation failing open).
 *
 * @example
 * ```ts
 * const state: ReadyState = { status: "not_ready", reason: "signing keys not loaded yet" };
 * ```
 */
export interface ReadyState {
  readonly status: "ready" | "degraded" | "not_ready";
  readonly reason?: string;
}

const RANK: Readonly<Record<ReadyState["status"], number>> = { ready: 0, degraded: 1, not_ready: 2 };

/**
 * Named readiness conditions and their worst state, with change listeners.
 *
 * @example
 * ```ts
 * const readiness = new Readiness();
 * readiness.set("keys", { status: "not_ready", reason: "signing keys not loaded yet" });
 * readiness.onChange((state) => health.setServing(state.status !== "not_ready"));
 * readiness.set("keys", { status: "ready" });
 * readiness.state; // { status: "ready" }
 * ```
 */
export class Readiness {
  readonly #conditions = new Map<string, ReadyState>();
  readonly #listeners = new Set<(state: ReadyState) => void>();
  #state: ReadyState = { status: "ready" };

  /** The worst condition; `ready` when there are none. */
  get state(): ReadyState {
    return this.#state;
  }

  /** Sets one condition; listeners hear about it when the overall state changes. */
  set(name: string, state: ReadyState): void {
    this.#conditions.set(name, state);
    let worst: ReadyState = { status: "ready" };
    for (const condition of this.#conditions.values()) if (RANK[condition.status] > RANK[worst.status]) worst = condition;
    const before = this.#state;
    this.#state = worst;
    if (worst.status !== before.status || worst.reason !== before.reason) {
      for (const listener of this.#listeners) listener(worst);
    }
  }

  /** Calls `listener` with every change of the overall state; returns the function that removes it. */
  onChange(listener: (state: ReadyState) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}

/**
 * The contract's `/readyz` answer for a state: 200 `{"status":"ready"}` (or `"degraded"` with its
 * reason), else 503 `{"status":"not_ready","reason":"…"}`.
 *
 * @example
 * ```ts
 * const { status, body } = readyzAnswer(readiness.state);
 * res.status(status).json(body);
 * ```
 */
export function readyzAnswer(state: ReadyState): { status: number; body: ReadyState } {
  const body: ReadyState = state.reason === undefined ? { status: state.status } : { status: state.status, reason: state.reason };
  return { status: state.status === "not_ready" ? 503 : 200, body };
}
