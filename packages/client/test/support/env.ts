// One issuer, one resource server, a fake clock and a client factory per test.
import { createClient, type Client, type ClientEvent, type ClientOptions } from "../../src/index.js";
import { CONFIDENTIAL, PUBLIC_CLIENT, StandInIssuer } from "./issuer.js";
import { StandInResource } from "./resource.js";
import { FakeTime } from "./time.js";

export interface Env {
  readonly issuer: StandInIssuer;
  readonly resource: StandInResource;
  readonly time: FakeTime;
  readonly events: ClientEvent[];
  /** A public client (demo-cli) on the fake clock. */
  publicClient(options?: Partial<ClientOptions>): Client;
  /** A confidential client (reporting-job) on the fake clock. */
  confidentialClient(options?: Partial<ClientOptions>): Client;
  close(): Promise<void>;
}

export async function setup(): Promise<Env> {
  const [issuer, resource] = await Promise.all([StandInIssuer.start(), StandInResource.start()]);
  const time = new FakeTime();
  const events: ClientEvent[] = [];
  const base = (): ClientOptions => ({
    issuer: issuer.url,
    clientId: PUBLIC_CLIENT,
    clock: time.clock,
    sleep: time.sleep,
    onEvent: (event) => events.push(event),
  });
  return {
    issuer,
    resource,
    time,
    events,
    publicClient: (options = {}) => createClient({ ...base(), ...options }),
    confidentialClient: (options = {}) => createClient({ ...base(), ...CONFIDENTIAL, ...options }),
    close: async () => {
      await Promise.all([issuer.close(), resource.close()]);
    },
  };
}

/** Polls until `condition` holds (no fixed sleeps: the machine may be slow). */
export async function until(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
