// Public face of scenarios: load (YAML → validated, compiled), run, and the JSON Schema.

export {
  BASELINE_METRICS,
  type BaselineComparison,
  type BaselineMetric,
  compareWithBaseline,
  type MetricChange,
  type ScenarioSummary,
  summarizeScenario,
} from "./baseline.js";
export type { SourcePosition } from "./compile.js";
export { type CompiledScenario, compileScenario } from "./compile.js";
export { monthlyCost, scenarioCost, usageOf } from "./cost.js";
export { formatIssue, type InputIssue, issuePlace, ScenarioInputError } from "./errors.js";
export { type BaseTexts, collectBases } from "./extends.js";
export {
  chooseFidelity,
  FIDELITY_CHOICES,
  type FidelityChoice,
  fluidObstacles,
  withFidelity,
} from "./fidelity.js";
export { type LoadedScenario, type LoadOptions, loadScenario } from "./loader.js";
export { applyOverrides } from "./overrides.js";
export { DEFAULT_PRICE_TABLE, PRICE_TABLE_NAMES, PRICE_TABLES, type PriceTable } from "./price-tables.js";
export { type RunOptions, type RunResult, runScenario } from "./run.js";
export { type ScenarioFile, type ScenarioInput, scenarioJsonSchema, scenarioSchema } from "./schema.js";
export {
  type CheckResult,
  checkPassed,
  judgeScenario,
  type ScenarioVerdict,
  seedsFor,
  type TargetVerdict,
} from "./suite.js";
