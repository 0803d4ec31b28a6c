// `pnpm demo`: the whole story on free ports, then everything stopped; exit 0 when every step
// behaved as stated.
import { Narrator, useColour } from "./narrator.js";
import { runStory } from "./story.js";

const narrator = new Narrator(process.stdout, useColour(process.stdout, process.env));
runStory(narrator, process.env).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`demo: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
