// The exact command that reproduces a run (ARCHITECTURE.md, "Determinism rules").

export function replayCommand(result: {
  scenario: { file: string };
  seed: number;
  simulated?: { fidelity: "request" | "fluid" };
}): string {
  const file = /^[\w./@+-]+$/.test(result.scenario.file)
    ? result.scenario.file
    : `'${result.scenario.file.replaceAll("'", "'\\''")}'`;
  const fidelity = result.simulated?.fidelity === "fluid" ? " --fidelity fluid" : "";
  return `faultline run ${file} --seed ${result.seed}${fidelity}`;
}
