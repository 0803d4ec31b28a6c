// The public grpc.health.v1.Health service, written here instead of grpc-health-check's
// HealthImplementation: that one keeps a map entry for every name ever watched (anyone could grow
// the process without a token) and echoes the requested name in Check's error. A layer in front
// would have to count, end and forget streams itself and still leave the package's own watcher
// sets behind, so all the state is ours; we keep the package's service definition (the standard
// proto, loaded and serialized by the package), so the wire format stays the standard one.
import { status, type Server, type ServerUnaryCall, type ServerWritableStream, type sendUnaryData } from "@grpc/grpc-js";
import { service as healthDefinition } from "grpc-health-check";

/**
 * Longest service name accepted, in UTF-8 bytes; longer: INVALID_ARGUMENT before anything is kept.
 *
 * @example
 * ```ts
 * Buffer.byteLength("é".repeat(101)) > HEALTH_NAME_MAX_BYTES; // true: refused
 * ```
 */
export const HEALTH_NAME_MAX_BYTES = 200;

/**
 * Open Watch streams at most, all names and callers together; beyond: RESOURCE_EXHAUSTED.
 *
 * @example
 * ```ts
 * if (health.watchers === HEALTH_WATCH_LIMIT) logger.warn("health watch slots all taken");
 * ```
 */
export const HEALTH_WATCH_LIMIT = 100;

/**
 * The fixed `details` of each refusal; the requested name is never echoed.
 *
 * @example
 * ```ts
 * expect(error.details).toBe(HEALTH_DETAILS.unknownService); // Check of an unknown name
 * ```
 */
export const HEALTH_DETAILS = Object.freeze({
  unknownService: "Unknown service",
  invalidName: `The service name must be at most ${HEALTH_NAME_MAX_BYTES} bytes`,
  tooManyWatchers: "Too many health watchers, try again later",
});

/**
 * `grpc.health.v1.Health/List`, which `@org/token-grpc`'s HEALTH_METHODS (Check, Watch) leave out.
 *
 * @example
 * ```ts
 * createAuthInterceptor({ verifier, rules, public: [...HEALTH_METHODS, HEALTH_LIST_METHOD] });
 * ```
 */
export const HEALTH_LIST_METHOD = "/grpc.health.v1.Health/List";

type ServingStatus = "SERVING" | "NOT_SERVING";
type WatchStatus = ServingStatus | "SERVICE_UNKNOWN";
interface HealthResponse {
  readonly status: WatchStatus;
}
type WatchCall = ServerWritableStream<unknown, HealthResponse>;

/** One open Watch stream. */
interface Watcher {
  readonly call: WatchCall;
  /** false: an unknown name, whose status never changes (the known names are fixed). */
  readonly known: boolean;
  /** The last status written, and whether that write is still on its way. */
  sent: WatchStatus;
  inFlight: boolean;
}

/**
 * The health service: a fixed set of known names sharing one serving status, Check, Watch and
 * List, with every bound explicit. Status changes go to every open Watch stream, at most one
 * message in flight per stream (a client that does not read gets the latest status, not a
 * backlog). {@link HealthService.shutdown} sends NOT_SERVING and ends every stream itself, so a
 * graceful server stop does not wait for watchers to leave.
 *
 * @example
 * ```ts
 * const health = new HealthService(["", "demo.v1.Resource"]);
 * health.addTo(server);
 * readiness.onChange((state) => health.setServing(state.status !== "not_ready"));
 * // on stop: health.shutdown(); server.tryShutdown(done);
 * ```
 */
export class HealthService {
  readonly #statuses = new Map<string, ServingStatus>();
  readonly #watchers = new Set<Watcher>();
  #closed = false;

  /** @throws TypeError when a name is not a string within {@link HEALTH_NAME_MAX_BYTES}. */
  constructor(names: readonly string[], serving = true) {
    for (const name of names) {
      if (!isValidName(name)) throw new TypeError(`health service names must be strings of at most ${HEALTH_NAME_MAX_BYTES} bytes`);
      this.#statuses.set(name, serving ? "SERVING" : "NOT_SERVING");
    }
  }

  /** Status entries kept: always the known names, whatever callers asked for. */
  get entries(): number {
    return this.#statuses.size;
  }

  /** Watch streams open now. */
  get watchers(): number {
    return this.#watchers.size;
  }

  /** Registers Check, Watch and List on `server` (once). */
  addTo(server: Server): void {
    server.addService(healthDefinition, {
      Check: (call: ServerUnaryCall<unknown, HealthResponse>, callback: sendUnaryData<HealthResponse>) => {
        this.#check(call, callback);
      },
      Watch: (call: WatchCall) => {
        this.#watch(call);
      },
      List: (_call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<unknown>) => {
        const statuses = Object.fromEntries([...this.#statuses].map(([name, current]) => [name, { status: current }]));
        callback(null, { statuses });
      },
    });
  }

  /** Sets every known name SERVING or NOT_SERVING and tells open watchers of a change. Ignored after shutdown. */
  setServing(serving: boolean): void {
    if (this.#closed) return;
    this.#setAll(serving ? "SERVING" : "NOT_SERVING");
  }

  /**
   * NOT_SERVING for good: every open Watch stream of a known name gets NOT_SERVING, then every
   * stream is ended (status OK, which tells clients to retry elsewhere); later Watches get the
   * status and end at once.
   */
  shutdown(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const name of this.#statuses.keys()) this.#statuses.set(name, "NOT_SERVING");
    for (const watcher of this.#watchers) {
      if (watcher.known && watcher.sent !== "NOT_SERVING") watcher.call.write({ status: "NOT_SERVING" });
      watcher.call.end();
    }
    this.#watchers.clear();
  }

  #check(call: ServerUnaryCall<unknown, HealthResponse>, callback: sendUnaryData<HealthResponse>): void {
    const name = requestedName(call.request);
    if (name === undefined) {
      callback({ code: status.INVALID_ARGUMENT, details: HEALTH_DETAILS.invalidName });
      return;
    }
    const current = this.#statuses.get(name);
    if (current === undefined) callback({ code: status.NOT_FOUND, details: HEALTH_DETAILS.unknownService });
    else callback(null, { status: current });
  }

  #watch(call: WatchCall): void {
    // Every refusal comes before anything is kept.
    const name = requestedName(call.request);
    if (name === undefined) {
      refuse(call, status.INVALID_ARGUMENT, HEALTH_DETAILS.invalidName);
      return;
    }
    if (this.#watchers.size >= HEALTH_WATCH_LIMIT) {
      refuse(call, status.RESOURCE_EXHAUSTED, HEALTH_DETAILS.tooManyWatchers);
      return;
    }
    const current = this.#statuses.get(name);
    const first: WatchStatus = current ?? "SERVICE_UNKNOWN";
    if (this.#closed) {
      call.write({ status: first });
      call.end();
      return;
    }
    // The protocol keeps a stream for an unknown name open (it may become known); it holds a
    // slot under the cap like any other, but no entry of its own.
    const watcher: Watcher = { call, known: current !== undefined, sent: first, inFlight: false };
    this.#watchers.add(watcher);
    const free = (): void => {
      this.#watchers.delete(watcher);
    };
    call.once("cancelled", free);
    call.once("close", free);
    this.#write(watcher, first);
  }

  #setAll(next: ServingStatus): void {
    for (const name of this.#statuses.keys()) this.#statuses.set(name, next);
    for (const watcher of this.#watchers) if (watcher.known) this.#update(watcher);
  }

  /** Writes the current status unless it is what the client last got or a write is on its way. */
  #update(watcher: Watcher): void {
    if (watcher.inFlight) return;
    // All known names share one status; any of them tells it.
    const current = this.#statuses.values().next().value;
    if (current === undefined || current === watcher.sent) return;
    this.#write(watcher, current);
  }

  #write(watcher: Watcher, next: WatchStatus): void {
    watcher.sent = next;
    watcher.inFlight = true;
    watcher.call.write({ status: next }, () => {
      watcher.inFlight = false;
      // A change that came while this write was on its way: send the latest now.
      if (watcher.known && this.#watchers.has(watcher)) this.#update(watcher);
    });
  }
}

/** The `service` field of a HealthCheckRequest when it is a usable name; undefined otherwise. */
function requestedName(request: unknown): string | undefined {
  const name: unknown = typeof request === "object" && request !== null ? Reflect.get(request, "service") : undefined;
  return isValidName(name) ? name : undefined;
}

function isValidName(name: unknown): name is string {
  // Cheap bound first: every UTF-16 unit takes at least one UTF-8 byte.
  if (typeof name !== "string" || name.length > HEALTH_NAME_MAX_BYTES) return false;
  return Buffer.byteLength(name, "utf8") <= HEALTH_NAME_MAX_BYTES;
}

/** Ends a server stream with a status of our choosing (grpc-js turns an `error` event into the status). */
function refuse(call: WatchCall, code: status, details: string): void {
  call.emit("error", { code, details });
}
