/**
 * The node-redis clients of this package: their settings, the narrow interface the rest of the
 * code uses, and the one way a command is sent (bounded in time, failures as
 * RevocationUnavailableError).
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
 * const client: RedisConnection = createClient(redisClientOptions("redis://127.0.0.1:6379", "commands"));
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
 */
export type ConnectionRole = "commands" | "reader";

/**
 * Either a Redis URL (this package creates and configures its clients) or a factory called once
 * per role (for TLS, auth providers, Sentinel…); a factory's client should start from
 * {@link redisClientOptions} so that the settings below still hold.
 *
 * @example
 * ```ts
 * const source: RedisSource = { client: (role) => createClient({ ...redisClientOptions(url, role), socket: { tls: true, host } }) };
 * ```
 */
export type RedisSource = { readonly url: string; readonly client?: undefined } | { readonly client: (role: ConnectionRole) => RedisConnection; readonly url?: undefined };

/** Default time a connection attempt may take before it is retried. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 2_000;
/** Default bound on one command, from sending to answer. */
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
 * - `socket.reconnectStrategy`: always reconnect (also after a socket timeout, which node-redis
 *   would otherwise treat as final), with capped exponential backoff and jitter.
 * - `socket.keepAlive`: TCP keep-alive after 5 s idle, so a peer that vanished (host down, NAT
 *   expiry) is noticed on an idle store connection.
 * - `socket.socketTimeout` (reader only): the reader is never idle longer than one XREAD BLOCK,
 *   so silence beyond BLOCK + command timeout means a hung server: the socket is closed and
 *   re-opened, which triggers a full resync.
 * - `disableOfflineQueue`: while disconnected, commands fail at once rather than wait for a
 *   reconnection (the issuer must answer 503 within 5 s; a replica must notice it is stale).
 * - `commandsQueueMaxLength`: a bound on commands waiting for a slow server.
 * - `RESP: 2`: plain arrays for every reply this package narrows (RESP3 replies are accepted too).
 *
 * Per-command time bounds are applied by {@link send}, since node-redis's own command timeout
 * stops counting once a command is written.
 *
 * @example
 * ```ts
 * const client = createClient(redisClientOptions(url, "reader", { commandTimeoutMs: 3_000 }));
 * ```
 */
export function redisClientOptions(
  url: string,
  role: ConnectionRole,
  options: { readonly connectTimeoutMs?: number; readonly commandTimeoutMs?: number } = {},
): RedisClientOptions<RedisModules, RedisFunctions, RedisScripts, 2> {
  const connectTimeout = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const commandTimeoutMs = options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
  return {
    url,
    RESP: 2,
    disableOfflineQueue: true,
    commandsQueueMaxLength: MAX_QUEUED_COMMANDS,
    socket: {
      connectTimeout,
      keepAlive: true,
      keepAliveInitialDelay: 5_000,
      noDelay: true,
      reconnectStrategy: (retries: number) => backoffMs(retries),
      ...(role === "reader" ? { socketTimeout: BLOCK_MS + commandTimeoutMs } : {}),
    },
  };
}

/**
 * A client of `role` from `source`, with an error listener attached (node-redis emits an
 * `error` for every failed reconnection attempt; unhandled, it would crash the process).
 * Connecting starts in the background and retries forever; commands fail fast until it is ready.
 */
export function openConnection(
  source: RedisSource,
  role: ConnectionRole,
  options: { readonly connectTimeoutMs?: number; readonly commandTimeoutMs?: number; readonly onError: (error: unknown) => void },
): RedisConnection {
  const client: RedisConnection =
    source.client === undefined ? createClient(redisClientOptions(source.url, role, options)) : source.client(role);
  client.on("error", options.onError);
  client.connect().catch(options.onError);
  return client;
}

/**
 * Sends one command and waits at most `timeoutMs` for the answer. Every failure (offline client,
 * timeout, closed socket, error reply) rejects with RevocationUnavailableError, the client's own
 * error as `cause`.
 */
export async function send(client: RedisConnection, args: readonly string[], timeoutMs: number): Promise<unknown> {
  if (!client.isReady) throw new RevocationUnavailableError("Redis is not connected");
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new RevocationUnavailableError(`Redis did not answer within ${String(timeoutMs)} ms`));
    }, timeoutMs);
  });
  try {
    return await Promise.race([client.sendCommand(args), timeout]);
  } catch (e) {
    if (e instanceof RevocationUnavailableError) throw e;
    throw new RevocationUnavailableError("Redis command failed", { cause: e });
  } finally {
    clearTimeout(timer);
  }
}

/** The message of an error reply (`NOSCRIPT …`), or undefined for any other failure. */
export function errorReply(e: unknown): string | undefined {
  const cause = e instanceof RevocationUnavailableError ? e.cause : e;
  return cause instanceof ErrorReply ? cause.message : undefined;
}
