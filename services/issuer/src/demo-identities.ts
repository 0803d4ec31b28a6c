// The contract's demo identities have published secrets. Loading them is fine on this machine (the demo)
// and dangerous anywhere else, so they are recognised at startup by what they are, not by file path:
// an account whose hash verifies its own published secret, or any account with that very hash line.
import { ConfigError, isLoopbackHost, type Logger } from "@org/service-kit";
import type { Config } from "./config.js";
import { verifySecret, type SecretHash } from "./identities/hash.js";
import type { Identities } from "./identities/store.js";

/** The secrets the README and the contract publish, by account. */
const PUBLISHED: readonly { readonly kind: "user" | "client"; readonly name: string; readonly secret: string }[] = [
  { kind: "user", name: "alice", secret: "alice-demo-password" },
  { kind: "user", name: "bob", secret: "bob-demo-password" },
  { kind: "client", name: "reporting-job", secret: "reporting-job-secret" },
  { kind: "client", name: "ops-console", secret: "ops-console-secret" },
];

/** Every account with a secret, as `user:<name>` / `client:<id>`. */
function accounts(identities: Identities): [string, SecretHash][] {
  const users = [...identities.users.values()].map((u): [string, SecretHash] => [`user:${u.username}`, u.password]);
  const clients = [...identities.clients.values()].flatMap((c): [string, SecretHash][] => (c.secret === undefined ? [] : [[`client:${c.clientId}`, c.secret]]));
  return [...users, ...clients];
}

const sameHash = (a: SecretHash, b: SecretHash): boolean => a.salt.equals(b.salt) && a.hash.equals(b.hash);

/**
 * The accounts that log in with a published demo secret. Costs one scrypt run per published account
 * present (at most four, run in parallel); copies of those hash lines under other names are found by
 * comparing bytes, for free.
 *
 * @example
 * await findDemoIdentities(await loadIdentities(DEFAULT_IDENTITIES_FILE)); // ["user:alice", "user:bob", "client:reporting-job", "client:ops-console"]
 */
export async function findDemoIdentities(identities: Identities): Promise<string[]> {
  const all = accounts(identities);
  const byName = new Map(all);
  const checks = PUBLISHED.flatMap(({ kind, name, secret }) => {
    const stored = byName.get(`${kind}:${name}`);
    return stored === undefined ? [] : [verifySecret(secret, stored).then((ok) => (ok ? stored : undefined))];
  });
  const demo = (await Promise.all(checks)).filter((h): h is SecretHash => h !== undefined);
  return all.filter(([, stored]) => demo.some((d) => sameHash(d, stored))).map(([account]) => account);
}

/**
 * Says at startup, every time, in one warn line, that demo identities are loaded; refuses (a setting
 * error naming ALLOW_DEMO_IDENTITIES) when HOST is not a loopback address unless that is set to true.
 *
 * @example
 * await checkDemoIdentities(identities, config, logger); // throws ConfigError("ALLOW_DEMO_IDENTITIES", …)
 */
export async function checkDemoIdentities(identities: Identities, config: Config, logger: Logger): Promise<void> {
  const demo = await findDemoIdentities(identities);
  if (demo.length === 0) return;
  if (!isLoopbackHost(config.host) && !config.allowDemoIdentities) {
    throw new ConfigError(
      "ALLOW_DEMO_IDENTITIES",
      `the identities include the published demo accounts ${demo.join(", ")} and HOST is not a loopback address; ` +
        "use your own IDENTITIES_FILE, or set ALLOW_DEMO_IDENTITIES=true",
    );
  }
  logger.warn(
    { demoIdentities: demo, host: config.host },
    `DEMO IDENTITIES: ${demo.join(", ")} log in with secrets published in the README; anyone who can reach ` +
      "this issuer can log in as them. Use your own IDENTITIES_FILE outside a demo.",
  );
}
