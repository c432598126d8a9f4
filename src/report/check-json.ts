// The JSON report of `faultline check`: one entry per scenario with its verdict, summary and
// targets, and inside it one JSON run report (json.ts) per seed. It doubles as the baseline file
// (`--baseline`), so its shape is defined here as a zod schema that reading and tests share.

import { z } from "zod";
import { type CheckResult, type ScenarioSummary, scenarioCost, summarizeScenario } from "../scenario/index.js";
import { SCHEMA_VERSION, toJsonReport } from "./json.js";
import { replayCommand } from "./replay.js";

export const CHECK_REPORT_KIND = "faultline.check";

const summarySchema = z.object({
  availability: z.number(),
  rpoS: z.number(),
  lostWrites: z.number(),
  rtoS: z.number(),
  ttdS: z.number(),
  latencyP99Ms: z.number(),
});

const runSchema = z
  .object({
    schemaVersion: z.literal(SCHEMA_VERSION),
    scenario: z.object({ name: z.string(), file: z.string(), hash: z.string() }),
    seed: z.number().int(),
    traceHash: z.string(),
    version: z.string(),
    simulated: z.object({ durationS: z.number(), events: z.number() }),
    requests: z.object({ total: z.number(), succeeded: z.number(), failed: z.number(), degraded: z.number() }),
    availability: z.number().min(0).max(1),
    latencyMs: z.object({ mean: z.number(), p50: z.number(), p95: z.number(), p99: z.number(), max: z.number() }),
    // Optional: baselines written before the breakdown was reported lack it.
    byClientRegion: z
      .array(
        z.object({
          region: z.string(),
          requests: z.number().min(0),
          availability: z.number().min(0).max(1),
          latencyMs: z.object({ p50: z.number(), p99: z.number() }).nullable(),
          // Optional: baselines written before lost writes per region were reported lack it.
          lostWrites: z.number().int().min(0).optional(),
        }),
      )
      .optional(),
    // Optional too: baselines written before operations were reported lack it.
    byOperation: z
      .array(
        z
          .object({
            operation: z.string(),
            requests: z.number().min(0),
            availability: z.number().min(0).max(1),
            latencyMs: z.object({ p50: z.number(), p99: z.number() }).passthrough().nullable(),
            lostWrites: z.number().min(0),
          })
          .passthrough(),
      )
      .optional(),
    rpo: z.object({ maxS: z.number(), lostWrites: z.number() }).passthrough(),
    rto: z.object({ maxS: z.number() }),
    ttd: z.object({ maxS: z.number() }).passthrough(),
    incidents: z.array(z.object({ startS: z.number(), rtoS: z.number() }).passthrough()),
    slo: z.array(
      z.object({
        name: z.string(),
        operation: z.string().optional(),
        metric: z.string().optional(),
        target: z.string(),
        actual: z.number(),
        pass: z.boolean(),
      }),
    ),
    pass: z.boolean(),
    replay: z.string(),
  })
  .passthrough();

export const checkReportSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  kind: z.literal(CHECK_REPORT_KIND),
  version: z.string(),
  pass: z.boolean(),
  scenarios: z.array(
    z.object({
      file: z.string(),
      name: z.string(),
      hash: z.string(),
      seeds: z.array(z.number().int()),
      pass: z.boolean(),
      summary: summarySchema,
      targets: z.array(
        z.object({
          kind: z.enum(["slo", "expectation"]),
          name: z.string(),
          operation: z.string().optional(),
          metric: z.string().optional(),
          target: z.string(),
          percentile: z.number().optional(),
          actual: z.number(),
          pass: z.boolean(),
          worstSeed: z.number().int(),
          worstActual: z.number(),
          replay: z.string(),
          line: z.number().int().optional(),
        }),
      ),
      runs: z.array(runSchema),
      // Present when the scenario has a `cost:` section: per month, the seeds' mean.
      cost: z.object({ currency: z.string(), monthlyTotal: z.number() }).passthrough().optional(),
    }),
  ),
  errors: z.array(z.object({ file: z.string(), line: z.number(), column: z.number(), message: z.string() })),
  baseline: z
    .object({
      tolerance: z.number(),
      regressions: z.number(),
      changes: z.array(
        z.object({
          scenario: z.string(),
          metric: z.string(),
          before: z.number(),
          after: z.number(),
          regression: z.boolean(),
          improvement: z.boolean(),
        }),
      ),
      missing: z.array(z.string()),
      added: z.array(z.string()),
    })
    .optional(),
});

export type CheckReport = z.infer<typeof checkReportSchema>;

export function toCheckJson(result: CheckResult): CheckReport {
  return {
    schemaVersion: SCHEMA_VERSION,
    kind: CHECK_REPORT_KIND,
    version: result.version,
    pass: result.pass,
    scenarios: result.scenarios.map((scenario) => ({
      file: scenario.file,
      name: scenario.name,
      hash: scenario.hash,
      seeds: scenario.seeds,
      pass: scenario.pass,
      summary: summarizeScenario(scenario),
      targets: scenario.targets.map((target) => ({
        kind: target.kind,
        name: target.name,
        ...(target.operation === undefined ? {} : { operation: target.operation, metric: target.metric }),
        target: target.target,
        ...(target.percentile === undefined ? {} : { percentile: target.percentile }),
        actual: target.actual,
        pass: target.pass,
        worstSeed: target.worstSeed,
        worstActual: target.worstActual,
        replay: replayCommand({ scenario, seed: target.worstSeed }),
        ...(target.position ? { line: target.position.line } : {}),
      })),
      runs: scenario.runs.map((run) => toJsonReport(run) as z.infer<typeof runSchema>),
      ...costEntry(scenario),
    })),
    errors: result.errors.map(({ file, line, column, message }) => ({ file, line, column, message })),
    ...(result.baseline ? { baseline: result.baseline } : {}),
  };
}

function costEntry(scenario: CheckResult["scenarios"][number]) {
  const cost = scenarioCost(scenario);
  // The schema checks only what a baseline reader needs of it; the rest passes through.
  return cost === undefined ? {} : { cost: cost as typeof cost & Record<string, unknown> };
}

export function formatCheckJson(result: CheckResult): string {
  return `${JSON.stringify(toCheckJson(result), null, 2)}\n`;
}

/** Reads a baseline (a previous check's JSON report); throws a readable error when it is not one. */
export function parseBaseline(text: string, file: string): { name: string; summary: ScenarioSummary }[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file} is not JSON (${(error as Error).message}); write one with --update-baseline`);
  }
  const parsed = checkReportSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `${file} is not a faultline check report (${issue.path.join(".") || "top level"}: ${issue.message}); write one with --update-baseline`,
    );
  }
  return parsed.data.scenarios.map((scenario) => ({ name: scenario.name, summary: scenario.summary }));
}
