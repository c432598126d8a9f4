// The exact command that reproduces a run (ARCHITECTURE.md, "Determinism rules").

export function replayCommand(result: {
  scenario: { file: string; overrides?: readonly string[]; variant?: string };
  seed: number;
  simulated?: { fidelity: "request" | "fluid" };
}): string {
  const fidelity = result.simulated?.fidelity === "fluid" ? " --fidelity fluid" : "";
  return `faultline run ${shellWord(result.scenario.file)} --seed ${result.seed}${fidelity}${overrideOptions(result.scenario.overrides, result.scenario.variant)}`;
}

/** The `--variant` and `--set` options that repeat a run's variant and overrides, in order (empty without any). */
export function overrideOptions(overrides: readonly string[] | undefined, variant?: string): string {
  const picked = variant === undefined ? "" : ` --variant ${shellWord(variant)}`;
  return picked + (overrides ?? []).map((override) => ` --set ${shellWord(override)}`).join("");
}

/** A word a POSIX shell reads back as itself: bare when it is safe, else single-quoted. */
export function shellWord(word: string): string {
  return /^[\w./@+=:,-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}
