// A grpc-js client interceptor that feeds the server's `token-expires-in` answers into the
// client's expiry estimate and, for unary calls, retries once on UNAUTHENTICATED with a renewed
// token. Streaming calls are observed, never retried: their messages cannot be replayed safely.
import {
  InterceptingCall,
  status,
  type InterceptingListener,
  type Interceptor,
  type InterceptorOptions,
  type Metadata,
  type NextCall,
  type Requester,
  type StatusObject,
} from "@grpc/grpc-js";
import type { TokenSnapshot } from "../authorization.js";
import type { Client } from "../client.js";

/**
 * The initial-metadata key in which resource services count the token's remaining seconds.
 *
 * @example
 * ```ts
 * call.on("metadata", (m) => m.get(TOKEN_EXPIRES_IN_METADATA)); // ["287"]
 * ```
 */
export const TOKEN_EXPIRES_IN_METADATA = "token-expires-in";

function hint(metadata: Metadata): unknown {
  return metadata.get(TOKEN_EXPIRES_IN_METADATA)[0];
}

/** One attempt's answer, held back until its status says whether the caller sees it. */
class Attempt implements InterceptingListener {
  #metadata: Metadata | undefined;
  #message: { readonly value: unknown } | undefined;

  constructor(
    readonly snapshot: TokenSnapshot,
    private readonly onStatus: (status: StatusObject, attempt: Attempt) => void,
  ) {}

  onReceiveMetadata(metadata: Metadata): void {
    this.snapshot.observeExpiresIn(hint(metadata));
    this.#metadata = metadata;
  }

  onReceiveMessage(message: unknown): void {
    this.#message = { value: message };
  }

  onReceiveStatus(received: StatusObject): void {
    this.onStatus(received, this);
  }

  /** Hands everything this attempt received to the caller, in order. */
  deliver(listener: InterceptingListener, received: StatusObject): void {
    if (this.#metadata !== undefined) listener.onReceiveMetadata(this.#metadata);
    if (this.#message !== undefined) listener.onReceiveMessage(this.#message.value);
    listener.onReceiveStatus(received);
  }
}

function retryingUnary(client: Client, options: InterceptorOptions, nextCall: NextCall): InterceptingCall {
  let request: { readonly value: unknown } | undefined;
  let cancelled = false;
  let second: ReturnType<NextCall> | undefined;
  const requester: Requester = {
    start(metadata, listener, next) {
      // The caller's metadata, before call credentials add the token (they do so further down).
      const sent = metadata.clone();
      const retry = (): void => {
        second = nextCall(options);
        second.start(sent, new Attempt(client.snapshot(), (received, attempt) => {
          attempt.deliver(listener, received);
        }));
        if (request !== undefined) second.sendMessage(request.value);
        second.halfClose();
      };
      next(metadata, new Attempt(client.snapshot(), (received, attempt) => {
        if (received.code !== status.UNAUTHENTICATED || cancelled) {
          attempt.deliver(listener, received);
          return;
        }
        // Renew first, so that the retry's snapshot is the token its credentials will send;
        // if no new token can be had, the caller gets this UNAUTHENTICATED.
        attempt.snapshot.refused();
        client.accessToken().then(
          () => {
            if (cancelled) attempt.deliver(listener, received);
            else retry();
          },
          () => {
            attempt.deliver(listener, received);
          },
        );
      }));
    },
    sendMessage(message: unknown, next) {
      request = { value: message };
      next(message);
    },
    cancel(next) {
      cancelled = true;
      second?.cancelWithStatus(status.CANCELLED, "Cancelled on client");
      next();
    },
  };
  return new InterceptingCall(nextCall(options), requester);
}

function observedStream(client: Client, options: InterceptorOptions, nextCall: NextCall): InterceptingCall {
  return new InterceptingCall(nextCall(options), {
    start(metadata, _listener, next) {
      const snapshot = client.snapshot();
      next(metadata, {
        onReceiveMetadata(received: Metadata, nextMetadata: (metadata: Metadata) => void) {
          snapshot.observeExpiresIn(hint(received));
          nextMetadata(received);
        },
        onReceiveStatus(received: StatusObject, nextStatus: (status: StatusObject) => void) {
          if (received.code === status.UNAUTHENTICATED) snapshot.refused();
          nextStatus(received);
        },
      });
    },
  });
}

/**
 * A client interceptor for calls made with {@link callCredentials}: it reads `token-expires-in`
 * from every answer's initial metadata into the client's expiry estimate and, for unary calls,
 * retries once on UNAUTHENTICATED after the refused token is renewed (one renewal shared by
 * concurrent calls). The retry keeps the call's deadline. Streaming calls are not retried; an
 * UNAUTHENTICATED there still makes the next call renew the token.
 *
 * @example
 * ```ts
 * const stub = new grpc.Client("127.0.0.1:50051", grpc.credentials.createInsecure(), {
 *   interceptors: [retryInterceptor(client)],
 * });
 * ```
 */
export function retryInterceptor(client: Client): Interceptor {
  return (options, nextCall) => {
    const { requestStream, responseStream } = options.method_definition;
    return requestStream || responseStream ? observedStream(client, options, nextCall) : retryingUnary(client, options, nextCall);
  };
}
