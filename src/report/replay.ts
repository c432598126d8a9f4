// The exact command that reproduces a run (ARCHITECTURE.md, "Determinism rules").

export function replayCommand(result: { scenario: { file: string }; seed: number }): string {
  const file = /^[\w./@+-]+$/.test(result.scenario.file)
    ? result.scenario.file
    : `'${result.scenario.file.replaceAll("'", "'\\''")}'`;
  return `faultline run ${file} --seed ${result.seed}`;
}
