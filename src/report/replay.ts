// The exact command that reproduces a run (ARCHITECTURE.md, "Determinism rules").

export function replayCommand(result: {
  scenario: { file: string; overrides?: readonly string[] };
  seed: number;
  simulated?: { fidelity: "request" | "fluid" };
}): string {
  const fidelity = result.simulated?.fidelity === "fluid" ? " --fidelity fluid" : "";
  return `faultline run ${shellWord(result.scenario.file)} --seed ${result.seed}${fidelity}${overrideOptions(result.scenario.overrides)}`;
}

/** The `--set` options that repeat a run's overrides, in their order (empty without any). */
export function overrideOptions(overrides: readonly string[] | undefined): string {
  return (overrides ?? []).map((override) => ` --set ${shellWord(override)}`).join("");
}

/** A word a POSIX shell reads back as itself: bare when it is safe, else single-quoted. */
export function shellWord(word: string): string {
  return /^[\w./@+=:,-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}
