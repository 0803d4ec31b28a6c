/**
 * The node-redis clients of this package: their settings, the narrow interface the rest of the
 * code uses, and the one way a command is sent (bounded in time, failures as
 * RevocationUnavailableError, a connection that timed out replaced).
 */
import { createClient, ErrorReply, type RedisClientOptions, type RedisFunctions, type RedisModules, type RedisScripts } from "redis";
import { RevocationUnavailableError } from "../errors.js";

/**
 * What this package needs of a node-redis client. Every reply is read as `unknown` and narrowed
 * (replies are outside input), so raw `sendCommand` serves better than the typed helpers, whose
 * reply types depend on the client's RESP version and type mapping.
 *
 * @example
 * ```ts
 * const client: RedisConnection = createClient(redisClientOptions("redis://127.0.0.1:6379"));
 * ```
 */
export interface RedisConnection {
  readonly isOpen: boolean;
  readonly isReady: boolean;
  connect(): Promise<unknown>;
  sendCommand(args: readonly string[]): Promise<unknown>;
  destroy(): void;
  on(event: "error", listener: (error: unknown) => void): unknown;
  on(event: "ready", listener: () => void): unknown;
}

/**
 * The role of a connection: `commands` for short commands, `reader` for the replica's blocking
 * XREAD, which must never share its connection (a blocked connection answers nothing else).
 *
 * @example
 * ```ts
 * const factory = (role: ConnectionRole) => createClient({ ...redisClientOptions(url), name: `revocation-${role}` });
 * ```
 */
export type ConnectionRole = "commands" | "reader";

/**
 * Either a Redis URL (this package creates and configures its clients) or a factory called for
 * each new connection of a role (for TLS, auth providers, Sentinel…); a factory's client should
 * start from {@link redisClientOptions} so that those settings still hold. It must return a new,
 * unconnected client each time.
 *
 * @example
 * ```ts
 * const source: RedisSource = { client: () => createClient({ ...redisClientOptions(url), socket: { ...redisClientOptions(url).socket, tls: true } }) };
 * ```
 */
export type RedisSource = { readonly url: string; readonly client?: undefined } | { readonly client: (role: ConnectionRole) => RedisConnection; readonly url?: undefined };

/**
 * Default time a connection attempt may take before it is retried.
 *
 * @example
 * ```ts
 * createRevocationStore({ url, retentionSeconds, connectTimeoutMs: DEFAULT_CONNECT_TIMEOUT_MS });
 * ```
 */
export const DEFAULT_CONNECT_TIMEOUT_MS = 2_000;

/**
 * Default bound on one command, from sending to answer: under the 5 s in which the issuer must answer.
 *
 * @example
 * ```ts
 * createRevocationStore({ url, retentionSeconds, commandTimeoutMs: DEFAULT_COMMAND_TIMEOUT_MS });
 * ```
 */
export const DEFAULT_COMMAND_TIMEOUT_MS = 3_000;
/** The replica's XREAD BLOCK: one answer (data or nil) a second proves the connection alive. */
export const BLOCK_MS = 1_000;
/** Commands one client may have waiting; beyond it, commands fail at once instead of piling up. */
const MAX_QUEUED_COMMANDS = 1_000;
const RECONNECT_BASE_MS = 100;
const RECONNECT_CAP_MS = 2_000;

/**
 * Capped exponential backoff with full jitter: `random(0.5..1) * min(cap, base * 2^attempt)`.
 * Jitter spreads a thousand replicas that lost the same Redis so they do not reconnect at once.
 *
 * @example
 * ```ts
 * backoffMs(0); // 50..100
 * backoffMs(9); // 1000..2000
 * ```
 */
export function backoffMs(attempt: number, baseMs = RECONNECT_BASE_MS, capMs = RECONNECT_CAP_MS): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(attempt, 20));
  return Math.round(ceiling * (0.5 + Math.random() / 2));
}

/**
 * The node-redis settings of this package's clients, each on purpose:
 * - `socket.connectTimeout`: a connection attempt to a black-holed address gives up and is
 *   retried instead of hanging on the OS default (minutes).
 * - `socket.reconnectStrategy`: always reconnect, with capped exponential backoff and jitter.
 * - `socket.keepAlive`: TCP keep-alive after 5 s idle, so a peer that vanished (host down, NAT
 *   expiry) is noticed on an idle connection too.
 * - `disableOfflineQueue`: while disconnected, commands fail at once rather than wait for a
 *   reconnection (the issuer must answer 503 within 5 s; a replica must notice it is stale).
 * - `commandsQueueMaxLength`: a bound on commands waiting for a slow server.
 * - `RESP: 2`: plain arrays for every reply this package narrows (RESP3 replies are accepted too).
 *
 * The command timeout is applied by {@link RedisLink}, not by node-redis, whose own command timeout
 * stops counting once a command is written; a connection whose command timed out is replaced, so
 * a hung or black-holed one is not kept until TCP gives up on it.
 *
 * @example
 * ```ts
 * const client = createClient(redisClientOptions(url, { connectTimeoutMs: 2_000 }));
 * ```
 */
export function redisClientOptions(
  url: string,
  options: { readonly connectTimeoutMs?: number } = {},
): RedisClientOptions<RedisModules, RedisFunctions, RedisScripts, 2> {
  return {
    url,
    RESP: 2,
    disableOfflineQueue: true,
    commandsQueueMaxLength: MAX_QUEUED_COMMANDS,
    socket: {
      connectTimeout: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      keepAlive: true,
      keepAliveInitialDelay: 5_000,
      noDelay: true,
      reconnectStrategy: (retries: number) => backoffMs(retries),
    },
  };
}

/** Settings and listeners of a {@link RedisLink}. */
export interface LinkOptions {
  readonly connectTimeoutMs: number;
  /** Every connection failure and failed reconnection attempt (node-redis emits one each). */
  readonly onError: (error: unknown) => void;
  /** The link is ready; `again` is false only for its very first connection. */
  readonly onReady?: (again: boolean) => void;
}

class CommandTimeout extends RevocationUnavailableError {}

/**
 * One role's connection to Redis. Sends each command with a time bound, turns every failure into
 * RevocationUnavailableError, and replaces the underlying client after a timeout. Connecting starts
 * at once, in the background, and retries forever; commands fail fast until it is ready.
 *
 * @example
 * ```ts
 * const link = new RedisLink({ url }, "commands", { connectTimeoutMs: 2_000, onError: () => undefined });
 * await link.send(["GET", "revocation:seq"], 3_000);
 * ```
 */
export class RedisLink {
  readonly #source: RedisSource;
  readonly #role: ConnectionRole;
  readonly #options: LinkOptions;
  #client: RedisConnection;
  #everReady = false;
  #closed = false;

  constructor(source: RedisSource, role: ConnectionRole, options: LinkOptions) {
    this.#source = source;
    this.#role = role;
    this.#options = options;
    this.#client = this.#open();
  }

  get isReady(): boolean {
    return this.#client.isReady;
  }

  /** Sends one command and waits at most `timeoutMs` for its answer. */
  async send(args: readonly string[], timeoutMs: number): Promise<unknown> {
    const client = this.#client;
    if (this.#closed) throw new RevocationUnavailableError("the Redis connection is closed");
    if (!client.isReady) throw new RevocationUnavailableError("Redis is not connected");
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(new CommandTimeout(`Redis did not answer within ${String(timeoutMs)} ms`));
      }, timeoutMs);
    });
    try {
      return await Promise.race([client.sendCommand(args), timeout]);
    } catch (e) {
      if (e instanceof CommandTimeout) this.#replace(client);
      if (e instanceof RevocationUnavailableError) throw e;
      throw new RevocationUnavailableError("Redis command failed", { cause: e });
    } finally {
      clearTimeout(timer);
    }
  }

  /** Closes the connection; commands in flight reject. */
  destroy(): void {
    this.#closed = true;
    this.#client.destroy();
  }

  #open(): RedisConnection {
    const { connectTimeoutMs, onError, onReady } = this.#options;
    const source = this.#source;
    const client: RedisConnection =
      source.client === undefined ? createClient(redisClientOptions(source.url, { connectTimeoutMs })) : source.client(this.#role);
    // Unhandled, node-redis's error events would crash the process.
    client.on("error", onError);
    client.on("ready", () => {
      onReady?.(this.#everReady);
      this.#everReady = true;
    });
    client.connect().catch(onError);
    return client;
  }

  /** Drops a connection that let a command time out (once, whoever noticed first) and opens a new one. */
  #replace(stuck: RedisConnection): void {
    if (this.#closed || stuck !== this.#client) return;
    stuck.destroy();
    this.#client = this.#open();
  }
}

/** The message of an error reply (`NOSCRIPT …`), or undefined for any other failure. */
export function errorReply(e: unknown): string | undefined {
  const cause = e instanceof RevocationUnavailableError ? e.cause : e;
  return cause instanceof ErrorReply ? cause.message : undefined;
}
