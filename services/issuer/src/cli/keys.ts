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
import { parseCliArgs } from "./args.js";

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
Restart the issuer after each step: it reads the file at startup.
pnpm runs package scripts in the package directory: give absolute paths.`;

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
    flags: ["force", "hs256"],
  });
  const [command, ...rest] = positionals;
  const force = values.get("force") === true;
  const alg = algorithm(values.get("alg"));
  switch (command) {
    case "init": {
      const [file = ""] = args(rest, 1);
      if (values.get("hs256") === true) {
        if (alg !== undefined) throw new TypeError("--hs256 and --alg exclude each other");
        print(await initSharedSecret(file));
        return;
      }
      print(await initKeys(file, alg === undefined ? {} : { alg }));
      return;
    }
    case "export-secret": {
      const [file = "", out = ""] = args(rest, 2);
      await exportSharedSecret(file, out);
      return;
    }
    case "add-next": {
      const [file = ""] = args(rest, 1);
      print(await addNextKey(file, alg === undefined ? {} : { alg }));
      return;
    }
    case "promote": {
      const [file = "", kid = ""] = args(rest, 2);
      const publishWait = seconds(values.get("publish-wait"), "publish-wait");
      await promoteKey(file, kid, { force, ...(publishWait === undefined ? {} : { publishWait }) });
      return;
    }
    case "retire": {
      const [file = "", kid = ""] = args(rest, 2);
      const maxLifetime = seconds(values.get("max-lifetime"), "max-lifetime");
      await retireKey(file, kid, { force, ...(maxLifetime === undefined ? {} : { maxLifetime }) });
      return;
    }
    case "list": {
      const [file = ""] = args(rest, 1);
      for (const key of await listKeys(file)) print(JSON.stringify(key));
      return;
    }
    default:
      throw new TypeError("unknown command");
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(`keys: ${error instanceof Error ? error.message : String(error)}`);
  // Usage only for usage mistakes; a refused rotation step already says what to do.
  if (!(error instanceof RotationError)) console.error(USAGE);
  process.exitCode = 1;
});
