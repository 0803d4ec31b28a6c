// What every step gets: the narrator, the running world, the three services as one thing to call,
// and a place to record whether each observation matched what the step says should happen.
import { performance } from "node:perf_hooks";
import { createClient, type Client } from "@org/client";
import type { ResourceClient } from "@org/proto";
import { SERVICES, accepted, describeAnswer, grpcMe, httpMe, type Answer, type ServiceName } from "./calls.js";
import type { Mark, Narrator } from "./narrator.js";
import type { World } from "./world.js";

/** One row of the closing table. */
export interface StepResult {
  readonly title: string;
  readonly mark: Mark;
  readonly outcome: string;
}

/** Demo users' passwords, as the contract publishes them (demo identities only). */
export const DEMO_PASSWORDS = { alice: "alice-demo-password", bob: "bob-demo-password" } as const;

const PROPAGATION_LIMIT_MS = 5_000;

/** The state one run of the story shares between its steps. */
export class Context {
  readonly n: Narrator;
  readonly world: World;
  readonly stub: ResourceClient;
  /** Sessions kept from one step to the next (`alice`, `bob`, …). */
  readonly sessions = new Map<string, { client: Client; token: string }>();
  #failures = 0;

  constructor(n: Narrator, world: World, stub: ResourceClient) {
    this.n = n;
    this.world = world;
    this.stub = stub;
  }

  get revocation(): boolean {
    return "url" in this.world.redis;
  }

  /** Failed checks since the counter was last taken. */
  takeFailures(): number {
    const f = this.#failures;
    this.#failures = 0;
    return f;
  }

  /** Writes one observation, marked by whether it is what the step promised. */
  check(ok: boolean, text: string): boolean {
    this.n.line(ok ? "ok" : "fail", text);
    if (!ok) this.#failures++;
    return ok;
  }

  /** A client of the issuer for one demo client application. */
  client(clientId: string, clientSecret?: string): Client {
    return createClient({ issuer: this.world.topology.issuer, clientId, ...(clientSecret === undefined ? {} : { clientSecret }) });
  }

  /** Logs a demo user in through `clientId`; keeps the session under `name`. */
  async login(name: string, user: keyof typeof DEMO_PASSWORDS, clientId: string, extra: { scope?: string; resource?: string } = {}): Promise<string> {
    const client = this.client(clientId);
    await client.loginWithPassword({ username: user, password: DEMO_PASSWORDS[user], ...extra });
    const token = await client.accessToken();
    this.sessions.set(name, { client, token });
    return token;
  }

  token(name: string): string {
    const session = this.sessions.get(name);
    if (session === undefined) throw new Error(`no session "${name}" yet: a step before this one failed`);
    return session.token;
  }

  /** `GET /me` on Express and Koa, `GetMe` on gRPC, all at once, with the same Authorization. */
  async callAll(authorization: string | undefined): Promise<Record<ServiceName, Answer>> {
    const { urls } = this.world.topology;
    const [express, koa, grpc] = await Promise.all([
      httpMe(urls.express, authorization),
      httpMe(urls.koa, authorization),
      grpcMe(this.stub, authorization),
    ]);
    return { express, koa, grpc };
  }

  /** Checks that every service answered as `expected` says, one line per service. */
  expectAll(answers: Record<ServiceName, Answer>, expected: (service: ServiceName, a: Answer) => boolean): boolean {
    let all = true;
    for (const service of SERVICES) {
      const a = answers[service];
      all = this.check(expected(service, a), `${service.padEnd(7)} ${describeAnswer(a)}`) && all;
    }
    return all;
  }

  /**
   * Milliseconds from now until every service refuses `token` (polled back to back), or
   * undefined past the limit.
   */
  async untilRefusedEverywhere(token: string): Promise<number | undefined> {
    const start = performance.now();
    while (performance.now() - start < PROPAGATION_LIMIT_MS) {
      const answers = await this.callAll(`Bearer ${token}`);
      if (SERVICES.every((s) => !accepted(answers[s]))) return performance.now() - start;
    }
    return undefined;
  }
}
