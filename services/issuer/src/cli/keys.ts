#!/usr/bin/env node
// Keys file CLI: init, add-next, promote, retire, list; init --hs256 and export-secret for the
// shared-secret mode. See README "Keys".
import type { Algorithm } from "@org/token";
import {
  addNextKey,
  DEFAULT_MAX_LIFETIME,
  DEFAULT_PUBLISH_WAIT,
  initKeys,
  KEY_ALGORITHMS,
  listKeys,
  promoteKey,
  retireKey,
  RotationError,
} from "../keys/rotation.js";
import { exportSharedSecret, initSharedSecret } from "../keys/shared-secret.js";
import { invocationDir } from "../config.js";
import { parseCliArgs } from "./args.js";
import { InsideRepositoryError, keyFileTarget, resolveFrom } from "./location.js";

const USAGE = `usage:
  keys init <file> [--alg EdDSA|ES256|RS256]     new file, one signing key (mode 0600)
  keys init <file> --hs256                        new file, one shared HS256 secret (shared-secret mode)
  keys export-secret <file> <jwks-file>           the secret of a --hs256 file as a JWKS for the
                                                  resource services (JWKS_FILE); mode 0600
  keys add-next <file> [--alg …]                  step 1: publish a next key (not signing)
  keys promote <file> <kid> [--force] [--publish-wait ${DEFAULT_PUBLISH_WAIT}]
                                                  step 2: sign with it (after the JWKS caches saw it)
  keys retire <file> <kid> [--force] [--max-lifetime ${DEFAULT_MAX_LIFETIME}]
                                                  step 3: unpublish the old key (after its tokens expired)
  keys list <file>
  keys help | --help                              this text
Restart the issuer after each step: it reads the file at startup.
A relative <file> is taken from the directory the command was run in (also through pnpm).
A file that would be written inside a repository (a pnpm workspace or a git work tree) is refused:
a private key must not end up committed. --inside-repo writes it there anyway (e.g. a git-ignored
folder).`;

// Results go to stdout (scriptable: `kid=$(keys add-next f)`); messages go to stderr.
function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

function seconds(raw: string | true | undefined, name: string): number | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== "string" || !/^[0-9]{1,9}$/.test(raw)) throw new TypeError(`--${name} must be whole seconds`);
  return Number(raw);
}

function algorithm(raw: string | true | undefined): Algorithm | undefined {
  if (raw === undefined) return undefined;
  const alg = KEY_ALGORITHMS.find((a) => a === raw);
  if (alg === undefined) throw new TypeError(`--alg must be one of ${KEY_ALGORITHMS.join(", ")}`);
  return alg;
}

function args(positionals: string[], count: number): string[] {
  if (positionals.length !== count) throw new TypeError("wrong number of arguments");
  return positionals;
}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseCliArgs(argv, {
    strings: ["alg", "publish-wait", "max-lifetime"],
    flags: ["force", "hs256", "inside-repo", "help"],
  });
  const [command, ...rest] = positionals;
  if (values.get("help") === true || command === "help") {
    print(USAGE);
    return;
  }
  const force = values.get("force") === true;
  const alg = algorithm(values.get("alg"));
  const base = invocationDir("keys");
  // Every command but list writes key material: never into a repository tree unless asked.
  const target = (path: string): Promise<string> => keyFileTarget(base, path, values.get("inside-repo") === true);
  switch (command) {
    case "init": {
      const [path = ""] = args(rest, 1);
      const file = await target(path);
      if (values.get("hs256") === true) {
        if (alg !== undefined) throw new TypeError("--hs256 and --alg exclude each other");
        print(await initSharedSecret(file));
        return;
      }
      print(await initKeys(file, alg === undefined ? {} : { alg }));
      return;
    }
    case "export-secret": {
      const [path = "", out = ""] = args(rest, 2);
      await exportSharedSecret(resolveFrom(base, path), await target(out));
      return;
    }
    case "add-next": {
      const [path = ""] = args(rest, 1);
      print(await addNextKey(await target(path), alg === undefined ? {} : { alg }));
      return;
    }
    case "promote": {
      const [path = "", kid = ""] = args(rest, 2);
      const publishWait = seconds(values.get("publish-wait"), "publish-wait");
      await promoteKey(await target(path), kid, { force, ...(publishWait === undefined ? {} : { publishWait }) });
      return;
    }
    case "retire": {
      const [path = "", kid = ""] = args(rest, 2);
      const maxLifetime = seconds(values.get("max-lifetime"), "max-lifetime");
      await retireKey(await target(path), kid, { force, ...(maxLifetime === undefined ? {} : { maxLifetime }) });
      return;
    }
    case "list": {
      const [path = ""] = args(rest, 1);
      for (const key of await listKeys(resolveFrom(base, path))) print(JSON.stringify(key));
      return;
    }
    default:
      throw new TypeError("unknown command");
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(`keys: ${error instanceof Error ? error.message : String(error)}`);
  // Usage only for usage mistakes; a refused rotation step or location already says what to do.
  if (!(error instanceof RotationError || error instanceof InsideRepositoryError)) console.error(USAGE);
  process.exitCode = 1;
});
