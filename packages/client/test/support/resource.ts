// A stand-in resource server whose answers each test scripts. It records what it was sent.
import { answer, listen, type Listening } from "./listen.js";

export interface Seen {
  readonly method: string;
  readonly path: string;
  readonly authorization: string | undefined;
  readonly body: string;
  readonly headers: Record<string, string | string[] | undefined>;
}

export interface Reply {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
}

/** The default: 200 JSON. */
export const OK: Reply = { status: 200, body: { ok: true } };
export const INVALID_TOKEN: Reply = {
  status: 401,
  headers: { "www-authenticate": 'Bearer realm="test", error="invalid_token", error_description="The access token expired"' },
  body: { error: "invalid_token", error_description: "The access token expired" },
};

export class StandInResource {
  readonly seen: Seen[] = [];
  /** Decides each answer; default 200. */
  reply: (seen: Seen, index: number) => Reply = () => OK;

  private constructor(private readonly server: Listening) {}

  static async start(): Promise<StandInResource> {
    const ref: { resource?: StandInResource } = {};
    const server = await listen((req, res, body) => {
      const resource = ref.resource;
      if (resource === undefined) return;
      const authorization = typeof req.headers.authorization === "string" ? req.headers.authorization : undefined;
      const seen = { method: req.method ?? "", path: req.url ?? "", authorization, body, headers: req.headers };
      resource.seen.push(seen);
      const reply = resource.reply(seen, resource.seen.length - 1);
      answer(res, reply.status, reply.body, reply.headers);
    });
    ref.resource = new StandInResource(server);
    return ref.resource;
  }

  get url(): string {
    return this.server.url;
  }

  /** Answers the listed replies in order, then 200. */
  script(...replies: Reply[]): void {
    this.reply = (_seen, index) => replies[index] ?? OK;
  }

  /** The bearer tokens received, in order. */
  get tokens(): (string | undefined)[] {
    return this.seen.map((s) => s.authorization?.replace(/^Bearer /, ""));
  }

  close(): Promise<void> {
    return this.server.close();
  }
}
