#!/usr/bin/env node
// Prints a scrypt hash line for the identities file. The secret is read from stdin, never from argv
// (argv shows up in `ps` and shell history) and never echoed.
import { parseArgs } from "node:util";
import { DEFAULT_PARAMS, hashSecret, type ScryptParams } from "../identities/hash.js";

const USAGE = "usage: hash-password [--N 16384] [--r 8] [--p 1]  (secret on stdin; a terminal does not echo it)";

/**
 * Reads one secret from a terminal without echo. Raw mode hands us every key press, so Enter, Backspace
 * and Ctrl-C are handled here.
 *
 * @example
 * const secret = await readHidden(process.stdin);
 */
function readHidden(input: NodeJS.ReadStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let secret = "";
    process.stderr.write("Secret (not echoed): ");
    input.setRawMode(true);
    input.setEncoding("utf8");
    const done = (error?: Error): void => {
      input.setRawMode(false);
      input.pause();
      input.removeListener("data", onData);
      process.stderr.write("\n");
      if (error) reject(error);
      else resolve(secret);
    };
    const onData = (chunk: string): void => {
      for (const char of chunk) {
        if (char === "\r" || char === "\n") {
          done();
          return;
        }
        if (char === "\u0003" || char === "\u0004") {
          done(new Error("cancelled"));
          return;
        }
        if (char === "\u007f" || char === "\b") secret = secret.slice(0, -1);
        else secret += char;
      }
    };
    input.on("data", onData);
    input.resume();
  });
}

/**
 * Reads piped stdin whole and drops one trailing line break (what `echo` or a here-string adds).
 *
 * @example
 * printf 'pw' | hash-password
 */
async function readPiped(input: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks).toString("utf8").replace(/\r?\n$/, "");
}

function params(values: Record<string, string | boolean | undefined>): ScryptParams {
  const pick = (key: string, fallback: number): number => {
    const raw = values[key];
    if (raw === undefined) return fallback;
    if (typeof raw !== "string" || !/^[1-9][0-9]{0,7}$/.test(raw)) throw new TypeError(`--${key} must be a positive integer`);
    return Number(raw);
  };
  return { N: pick("N", DEFAULT_PARAMS.N), r: pick("r", DEFAULT_PARAMS.r), p: pick("p", DEFAULT_PARAMS.p) };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { N: { type: "string" }, r: { type: "string" }, p: { type: "string" }, help: { type: "boolean" } },
  });
  if (values.help === true) {
    console.error(USAGE);
    return;
  }
  const cost = params(values);
  const secret = process.stdin.isTTY ? await readHidden(process.stdin) : await readPiped(process.stdin);
  if (secret.length === 0) throw new TypeError("the secret is empty");
  process.stdout.write(`${await hashSecret(secret, cost)}\n`);
}

main().catch((error: unknown) => {
  console.error(`hash-password: ${error instanceof Error ? error.message : String(error)}`);
  console.error(USAGE);
  process.exitCode = 1;
});
