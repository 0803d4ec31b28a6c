// The published demo identities are recognised by their hashes, announced in one warn line at every
// start, and refused on an address that is not loopback unless ALLOW_DEMO_IDENTITIES=true.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, createLogger } from "@org/service-kit";
import { loadConfig as parseConfig } from "../src/config.js";
import { findDemoIdentities } from "../src/demo-identities.js";
import { hashSecret } from "../src/identities/hash.js";
import { parseIdentities } from "../src/identities/store.js";
import { prepareIssuer } from "../src/start.js";
import { Capture, CHEAP, identitiesDocument } from "./helpers.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "issuer-demo-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** The demo's names, with secrets nobody published. */
async function ownIdentities(): Promise<Record<string, unknown>> {
  const d = await identitiesDocument();
  return {
    users: [
      { username: "alice", password_hash: await hashSecret("a-private-password", CHEAP), scopes: ["profile"] },
      { username: "carol", password_hash: await hashSecret("another-one", CHEAP), scopes: ["profile"] },
    ],
    clients: [
      ...(d.clients as Record<string, unknown>[]).filter((c) => c.client_id !== "reporting-job" && c.client_id !== "ops-console"),
      { client_id: "reporting-job", type: "confidential", secret_hash: await hashSecret("not-the-demo-secret", CHEAP), grant_types: ["client_credentials"], scopes: ["profile"] },
      { client_id: "ops-console", type: "confidential", secret_hash: await hashSecret("not-the-demo-secret-either", CHEAP), grant_types: [], revocation_admin: true },
    ],
  };
}

async function start(env: Record<string, string>): Promise<{ logs: string }> {
  const logs = new Capture();
  await prepareIssuer(parseConfig(env), createLogger({ service: "issuer", level: "info", destination: logs }));
  return { logs: logs.text };
}

const demoWarnings = (logs: string): Record<string, unknown>[] =>
  logs.split("\n").filter((l) => l.includes("DEMO IDENTITIES")).map((l) => JSON.parse(l) as Record<string, unknown>);

describe("demo identities", () => {
  it("are found by hash, whatever the file is called, copies of a demo hash line included", async () => {
    const d = await identitiesDocument();
    const users = d.users as { username: string; password_hash: string }[];
    const copy = { username: "admin", password_hash: users[0]?.password_hash ?? "", scopes: ["profile"] };
    const identities = await parseIdentities({ ...d, users: [...users, copy] });
    expect(await findDemoIdentities(identities)).toEqual(["user:alice", "user:bob", "user:admin", "client:reporting-job", "client:ops-console"]);
    expect(await findDemoIdentities(await parseIdentities(await ownIdentities()))).toEqual([]);
  });

  it("with the shipped file on loopback: one warn line naming them, at every start", async () => {
    for (let i = 0; i < 2; i++) {
      const warnings = demoWarnings((await start({})).logs);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatchObject({ level: 40, demoIdentities: ["user:alice", "user:bob", "client:reporting-job", "client:ops-console"] });
    }
  });

  it("with other identities: no such line", async () => {
    const file = join(dir, "own.json");
    await writeFile(file, JSON.stringify(await ownIdentities()));
    const { logs } = await start({ IDENTITIES_FILE: file });
    expect(demoWarnings(logs)).toEqual([]);
    // Not loopback is fine without demo identities.
    expect(demoWarnings((await start({ IDENTITIES_FILE: file, HOST: "0.0.0.0" })).logs)).toEqual([]);
  });

  it.each(["0.0.0.0", "::", "10.1.2.3", "issuer"])("HOST=%s is refused with the shipped file unless ALLOW_DEMO_IDENTITIES=true", async (host) => {
    const refused = start({ HOST: host });
    await expect(refused).rejects.toBeInstanceOf(ConfigError);
    await expect(refused).rejects.toThrow(/^ALLOW_DEMO_IDENTITIES: the identities include the published demo accounts user:alice, user:bob, client:reporting-job, client:ops-console and HOST is not a loopback address; use your own IDENTITIES_FILE, or set ALLOW_DEMO_IDENTITIES=true$/);
    expect(demoWarnings((await start({ HOST: host, ALLOW_DEMO_IDENTITIES: "true" })).logs)).toHaveLength(1);
  });

  it.each(["127.0.0.1", "127.0.1.1", "::1", "localhost"])("HOST=%s is loopback: accepted with a warning", async (host) => {
    expect(demoWarnings((await start({ HOST: host })).logs)).toHaveLength(1);
  });
});
