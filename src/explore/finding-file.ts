// A finding as a runnable scenario file (ARCHITECTURE.md, "Explore"): the explored scenario with
// its faults replaced by the finding's, under a header that says what it breaks and how to replay
// it. Pure: the CLI chooses the file's name and writes it.

import { parseDocument } from "yaml";
import type { ExploreBase } from "./base.js";
import { scenarioText } from "./base.js";
import type { Finding } from "./explore.js";
import type { TargetOutcome } from "./trial.js";

/** `availability 99.4163% against >= 99.5% (117% of its allowance)`. */
export function brokenText(target: TargetOutcome): string {
  return `${target.name} ${target.actualText} against ${target.target} (${Math.round(target.used * 100)}% of its allowance)`;
}

export function findingFileText(
  base: ExploreBase,
  finding: Finding,
  options: { seed: number; replay: string },
): string {
  const header = [
    `# Found by faultline explore ${base.file} (seed ${options.seed}), shrunk to: ${finding.description}.`,
    ...finding.broken.map((target) => `# Breaks ${brokenText(target)}.`),
    `# Replay: ${options.replay}`,
    "#",
    `# The faults of ${base.file} and its expectations are replaced by this finding's.`,
    ...base.original.overrides.map((override) => `# Written in from the command line: --set ${override}`),
    "",
  ];
  // Named and described as the finding, so that its reports do not tell the original's story.
  const document = parseDocument(base.text);
  document.set("name", `${base.original.name}-finding-${finding.number}`);
  document.set("description", `${base.original.name}'s design: ${finding.description}`);
  return `${header.join("\n")}${scenarioText(base, finding.trial.schedule, document.toString({ flowCollectionPadding: false, lineWidth: 0 }))}`;
}
