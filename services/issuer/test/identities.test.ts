// scrypt hash lines, the identities file format, the shipped demo file and the hash-password CLI.
import { spawnSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { DEFAULT_IDENTITIES_FILE } from "../src/config.js";
import { DEFAULT_PARAMS, hashSecret, parseSecretHash, verifySecret } from "../src/identities/hash.js";
import { IdentitiesError, loadIdentities, parseIdentities } from "../src/identities/store.js";
import { CHEAP, identitiesDocument, SECRETS } from "./helpers.js";

describe("scrypt hash lines", () => {
  it("round-trips and rejects a wrong secret", async () => {
    const line = await hashSecret("s3cret", CHEAP);
    expect(line).toMatch(/^scrypt\$16\$1\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    const parsed = parseSecretHash(line);
    expect(parsed).toBeDefined();
    if (parsed === undefined) return;
    expect(await verifySecret("s3cret", parsed)).toBe(true);
    expect(await verifySecret("s3cres", parsed)).toBe(false);
    expect(await verifySecret("", parsed)).toBe(false);
  });

  it("salts every hash", async () => {
    expect(await hashSecret("same", CHEAP)).not.toBe(await hashSecret("same", CHEAP));
  });

  it.each([
    ["plaintext", "alice-demo-password"],
    ["another scheme", "bcrypt$2b$10$abc"],
    ["N not a power of two", "scrypt$1000$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"],
    ["a memory bomb", "scrypt$1048576$32$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"],
    ["p out of range", "scrypt$16$1$99$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"],
    ["a short salt", "scrypt$16$1$1$AAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"],
    ["a short hash", "scrypt$16$1$1$AAAAAAAAAAAAAAAAAAAAAA$AAAA"],
    ["bad base64url", "scrypt$16$1$1$AAAAAAAAAAAAAAAAAAAA+/$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"],
    ["leading zeros", "scrypt$016$1$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"],
    ["too many parts", "scrypt$16$1$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA$x"],
  ])("rejects %s", (_name, line) => {
    expect(parseSecretHash(line)).toBeUndefined();
  });
});

describe("the shipped demo identities", () => {
  it("holds the contract's identities as production-cost scrypt hashes, no plaintext", async () => {
    const text = await readFile(DEFAULT_IDENTITIES_FILE, "utf8");
    for (const secret of Object.values(SECRETS)) expect(text).not.toContain(secret);
    const identities = await loadIdentities(DEFAULT_IDENTITIES_FILE);
    expect([...identities.users.keys()]).toEqual(["alice", "bob"]);
    expect(identities.users.get("alice")?.scopes).toEqual(["profile", "orders:read", "orders:write"]);
    expect(identities.users.get("bob")?.scopes).toEqual(["profile", "orders:read"]);
    expect(identities.clients.get("demo-cli")).toMatchObject({ type: "public", secret: undefined });
    expect(identities.clients.get("reporting-job")).toMatchObject({ type: "confidential", scopes: ["orders:read"] });
    for (const user of identities.users.values()) expect(user.password.params).toEqual(DEFAULT_PARAMS);
    expect(identities.clients.get("reporting-job")?.secret?.params).toEqual(DEFAULT_PARAMS);
    // The dummy used for unknown names costs the same as a real check.
    expect(identities.dummyUser.params).toEqual(DEFAULT_PARAMS);
  });

  it("verifies the documented demo password (one production-cost check)", async () => {
    const identities = await loadIdentities(DEFAULT_IDENTITIES_FILE);
    const alice = identities.users.get("alice");
    expect(alice).toBeDefined();
    if (alice === undefined) return;
    expect(await verifySecret(SECRETS.alice, alice.password)).toBe(true);
  });
});

describe("identities documents", () => {
  const good = identitiesDocument;

  it.each([
    ["not an object", () => Promise.resolve([])],
    ["an unknown top-level member", async () => ({ ...(await good()), admins: [] })],
    ["users not an array", async () => ({ ...(await good()), users: {} })],
    ["a user with a plaintext password", async () => ({ ...(await good()), users: [{ username: "x", password_hash: "pw", scopes: [] }] })],
    ["a user with an extra member", async () => ({ ...(await good()), users: [{ username: "x", password_hash: await hashSecret("p", CHEAP), scopes: [], password: "p" }] })],
    ["a bad username", async () => ({ ...(await good()), users: [{ username: "a b", password_hash: await hashSecret("p", CHEAP), scopes: [] }] })],
    ["a bad scope", async () => ({ ...(await good()), users: [{ username: "x", password_hash: await hashSecret("p", CHEAP), scopes: ["a\"b"] }] })],
    ["duplicate users", async () => { const d = await good(); const users = d.users as unknown[]; return { ...d, users: [users[0], users[0]] }; }],
    ["a public client with a secret", async () => ({ ...(await good()), clients: [{ client_id: "c", type: "public", secret_hash: await hashSecret("s", CHEAP), grant_types: ["password"] }] })],
    ["a public client with client_credentials", async () => ({ ...(await good()), clients: [{ client_id: "c", type: "public", grant_types: ["client_credentials"] }] })],
    ["a confidential client without a secret", async () => ({ ...(await good()), clients: [{ client_id: "c", type: "confidential", grant_types: ["password"] }] })],
    ["client_credentials without scopes", async () => ({ ...(await good()), clients: [{ client_id: "c", type: "confidential", secret_hash: await hashSecret("s", CHEAP), grant_types: ["client_credentials"] }] })],
    ["an unknown grant type", async () => ({ ...(await good()), clients: [{ client_id: "c", type: "public", grant_types: ["implicit"] }] })],
    ["an unknown client type", async () => ({ ...(await good()), clients: [{ client_id: "c", type: "trusted", grant_types: ["password"] }] })],
  ])("rejects %s", async (_name, make) => {
    await expect(parseIdentities(await make())).rejects.toBeInstanceOf(IdentitiesError);
  });

  it("refuses a user named like a client, naming both places (RFC 9068 §5: client tokens' sub is the client id)", async () => {
    const d = await good();
    const users = [...(d.users as unknown[]), { username: "reporting-job", password_hash: await hashSecret("p", CHEAP), scopes: ["orders:read"] }];
    await expect(parseIdentities({ ...d, users })).rejects.toThrow(
      new IdentitiesError("users[2].username is also clients[1].client_id: a client's own tokens (sub = client_id) would act as that user; rename one of them"),
    );
  });

  it("refuses a client named like a user, naming both places", async () => {
    const d = await good();
    const clients = [{ client_id: "bob", type: "public", grant_types: ["password"] }, ...(d.clients as unknown[])];
    await expect(parseIdentities({ ...d, clients })).rejects.toThrow(
      new IdentitiesError("users[1].username is also clients[0].client_id: a client's own tokens (sub = client_id) would act as that user; rename one of them"),
    );
  });

  it("collects scopes_supported from users and clients", async () => {
    expect((await parseIdentities(await good())).scopes).toEqual(["orders:read", "orders:write", "profile"]);
  });
});

describe("hash-password CLI", () => {
  it("reads the secret from stdin and prints one verifiable hash line, never the secret", async () => {
    const cli = fileURLToPath(new URL("../src/cli/hash-password.ts", import.meta.url));
    const tsx = fileURLToPath(new URL("../node_modules/tsx/dist/cli.mjs", import.meta.url));
    const result = spawnSync(process.execPath, [tsx, cli, "--N", "16", "--r", "1"], { input: "new-secret\n", encoding: "utf8", timeout: 30_000 });
    expect(result.status).toBe(0);
    expect(result.stdout).not.toContain("new-secret");
    expect(result.stderr).not.toContain("new-secret");
    const lines = result.stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    const parsed = parseSecretHash(lines[0] ?? "");
    expect(parsed?.params).toEqual({ N: 16, r: 1, p: 1 });
    if (parsed === undefined) return;
    expect(await verifySecret("new-secret", parsed)).toBe(true);
  }, 30_000);
});
