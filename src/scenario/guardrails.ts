// Guardrails: designs that are valid but most likely not what their author meant, caught before
// the run — a call timeout below the dependency's typical latency, an error rate written as a
// fraction where a percentage was likely meant, retries that wait far less than the timeout, a
// scenario with no targets. They are warnings: no exit code changes unless --strict.

import jstat from "jstat";
import type { LatencyConfig } from "../model/index.js";
import type { CompiledScenario, CompileIssue } from "./compile.js";
import type { ScenarioFile } from "./schema.js";

/** A timeout that at least this share of calls would exceed, with no fault at all, is a warning. */
const TIMED_OUT_SHARE_MIN = 0.5;
/** Retries whose first backoff is below this share of the timeout are a warning. */
const BACKOFF_SHARE_MIN = 0.01;

export function guardrails(file: ScenarioFile, scenario: CompiledScenario): CompileIssue[] {
  return [
    ...timeoutsBelowLatency(scenario),
    ...fractionsMeantAsPercent(file),
    ...hastyRetries(scenario),
    ...callsNoOperationMakes(scenario),
    ...(scenario.slo.length + scenario.expectations.length === 0
      ? [
          {
            path: ["name"],
            message:
              'no targets: the run reports what happened but judges nothing ("no targets", never PASS); add slo: or expect:, e.g. slo: { availability: ">= 99.9%" }',
          },
        ]
      : []),
  ];
}

/**
 * With operations, a request makes only the calls its operation names: a call no operation
 * names is never made, which is rarely what its author meant.
 */
function callsNoOperationMakes({ world }: CompiledScenario): CompileIssue[] {
  const operations = world.operations ?? [];
  if (operations.length === 0) return [];
  return world.services.flatMap((service, i) =>
    service.calls.flatMap((call, j): CompileIssue[] => {
      if (operations.some((operation) => operation.calls.includes(call.to))) return [];
      return [
        {
          path: ["design", "services", i, "calls", j, "to"],
          message: `no operation calls ${call.to}, so ${service.name} never makes this call: with workload.operations a request makes only the calls its operation names; add ${call.to} to an operation's calls, or remove the call`,
        },
      ];
    }),
  );
}

function timeoutsBelowLatency({ world }: CompiledScenario): CompileIssue[] {
  return world.services.flatMap((service, i) =>
    service.calls.flatMap((call, j): CompileIssue[] => {
      const external = world.externals.find((e) => e.name === call.to);
      if (!external) return [];
      const share = shareAbove(external.latency, call.timeoutUs);
      if (share < TIMED_OUT_SHARE_MIN) return [];
      const median = ms(quantileUs(external.latency, 0.5, 0));
      const p99 = ms(quantileUs(external.latency, 0.99, Z_99));
      return [
        {
          path: ["design", "services", i, "calls", j, "timeout"],
          message: `timeout ${ms(call.timeoutUs)} is below ${call.to}'s typical latency (median ${median}): about ${Math.round(share * 100)}% of calls would time out with no fault at all; raise it to at least its p99 (${p99}), or lower the dependency's latency if that is what you meant`,
        },
      ];
    }),
  );
}

/** Percentages whose usual values are small: written as a bare number, 0.5 means 50%. */
const SMALL_RATE_FIELDS = ["errorRate", "loss"] as const;

function fractionsMeantAsPercent(file: ScenarioFile): CompileIssue[] {
  const issues: CompileIssue[] = [];
  const check = (value: unknown, path: (string | number)[]) => {
    if (typeof value !== "number" || value <= 0 || value > 1) return;
    const asPercent = `${Number((value * 100).toPrecision(6))}%`;
    issues.push({
      path,
      message: `${path[path.length - 1]}: ${value} is a fraction, ${asPercent}; if you meant ${value}%, write "${value}%" (write "${asPercent}" to keep ${asPercent} and silence this)`,
    });
  };
  file.design.externals.forEach((external, i) => {
    check(external.errorRate, ["design", "externals", i, "errorRate"]);
  });
  file.faults.forEach((fault, i) => {
    for (const field of SMALL_RATE_FIELDS) {
      if (field in fault) check((fault as Record<string, unknown>)[field], ["faults", i, field]);
    }
  });
  return issues;
}

function hastyRetries({ world }: CompiledScenario): CompileIssue[] {
  return world.services.flatMap((service, i) =>
    service.calls.flatMap((call, j): CompileIssue[] => {
      const { max, backoffUs } = call.retries;
      if (max === 0 || backoffUs >= call.timeoutUs * BACKOFF_SHARE_MIN) return [];
      return [
        {
          path: ["design", "services", i, "calls", j, "retries", "backoff"],
          message: `retries wait ${ms(backoffUs)}, far below the ${ms(call.timeoutUs)} timeout: when ${call.to} is slow, each retry lands on it at once and adds to its load; a backoff of a tenth of the timeout (${ms(call.timeoutUs / 10)}) or more spreads them out`,
        },
      ];
    }),
  );
}

/** P(one draw of the latency > limit), with no fault acting. */
export function shareAbove(latency: LatencyConfig, limitUs: number): number {
  const { meanUs, sigma } = latency;
  if (meanUs <= 0) return 0;
  if (latency.distribution === "constant") return meanUs > limitUs ? 1 : 0;
  if (latency.distribution === "exponential") return Math.exp(-limitUs / meanUs);
  if (limitUs <= 0) return 1;
  const mu = Math.log(meanUs) - sigma ** 2 / 2;
  return 1 - jstat.jStat.normal.cdf((Math.log(limitUs) - mu) / sigma, 0, 1);
}

/** The standard normal's 99th percentile. */
const Z_99 = 2.3263478740408408;

/** The latency's q-quantile; `z` is the standard normal's q-quantile (for the lognormal). */
function quantileUs(latency: LatencyConfig, q: number, z: number): number {
  const { meanUs, sigma } = latency;
  if (latency.distribution === "constant") return meanUs;
  if (latency.distribution === "exponential") return -meanUs * Math.log(1 - q);
  return Math.exp(Math.log(meanUs) - sigma ** 2 / 2 + sigma * z);
}

/** A latency as a person writes it: 62ms, 1.2s, 250us. */
function ms(us: number): string {
  if (us >= 1e6) return `${Number((us / 1e6).toPrecision(3))}s`;
  if (us >= 1e3) return `${Number((us / 1e3).toPrecision(3))}ms`;
  return `${Number(us.toPrecision(3))}us`;
}
