// runScenario: a loaded scenario + seed → RunResult. Pure (no I/O, no clock): the same input
// gives the same result, byte for byte, on any machine.

import { injectFaults } from "../faults/index.js";
import {
  type CostReport,
  type CostUsage,
  computeMetrics,
  evaluateTargets,
  priceUsage,
  type RunMetrics,
  type TargetResult,
} from "../metrics/index.js";
import {
  type ChannelReadout,
  type ControlPlaneState,
  type ExternalStats,
  type Fidelity,
  readWorld,
  type TimelineStep,
  type TypedTraceRecord,
  World,
} from "../model/index.js";
import { usageOf } from "./cost.js";
import type { LoadedScenario } from "./loader.js";

export interface RunOptions {
  /** Overrides the scenario's seed. */
  seed?: number;
  /** faultline's version, printed in reports (read by the CLI from package.json). */
  version: string;
  /** Receives the fraction of simulated time done, now and then; it cannot change the run. */
  onProgress?: (fraction: number) => void;
}

export interface RunResult extends RunMetrics {
  /**
   * `overrides`: the `--set` overrides the run was loaded with, only when there were some;
   * `variant`: the variant it was loaded with (scenario/variants.ts), only when one was.
   */
  scenario: {
    name: string;
    description?: string;
    file: string;
    hash: string;
    overrides?: string[];
    variant?: string;
  };
  seed: number;
  traceHash: string;
  version: string;
  /**
   * `fidelity`: per request, or fluid (traffic as rates between the control plane's events:
   * no request latencies, counts are expectations; scenario/fidelity.ts).
   */
  simulated: { durationS: number; events: number; startOfDayS: number; fidelity: Fidelity };
  /** The kernel's digest of every event; compared by `--verify`. */
  eventDigest: string;
  slo: TargetResult[];
  expectations: TargetResult[];
  pass: boolean;
  /** The trace: notable events in order, each with its kind's payload (model/core/trace-catalogue.ts). */
  events: TypedTraceRecord[];
  controlPlane: { initial: ControlPlaneState; timeline: TimelineStep[] };
  counts: {
    promotions: number;
    dnsFailovers: number;
    issued: number;
    inFlight: number;
    breakerOpens: number;
    alertsFired: number;
    backlogMax: number;
    backlogDrainS: number;
    /** Attempts per call, over the busiest retrying channel (1 when nothing retried). */
    retryAmplification: number;
    /** Writes the databases committed, acknowledged or not (an answer lost to a partition is not). */
    writesCommitted: number;
  };
  /** Each service's calls to each dependency, with what its defences did. */
  dependencies: DependencyReport[];
  /** Each external dependency as it saw it: attempts that reached it (or were lost on the way), errors, timeouts, most in flight. */
  externals: ExternalStats[];
  /** Each service's application cache: reads it answered and reads that went to the database. */
  caches: { service: string; hits: number; misses: number; hitRatio: number }[];
  /** Each queue: messages published and processed, the largest backlog and how long it took to drain. */
  queues: {
    name: string;
    published: number;
    processed: number;
    backlogMax: number;
    backlogMaxAtS: number;
    /** From the peak to a backlog of 10 or fewer; null when it never drained (or never built up). */
    drainS: number | null;
  }[];
  /** The injected faults, in file order, with when they were active. */
  faults: { index: number; label: string; startS: number; endS: number | null }[];
  /** What the run used that a bill counts (instance-hours as autoscaled, nodes, writes, requests). */
  usage: CostUsage;
  /** Per month, with the scenario's prices; absent without a `cost:` section (scenario/cost.ts). */
  cost?: CostReport;
}

/** One service's calls to one dependency, with what its defences did. */
export type DependencyReport = ChannelReadout;

export function runScenario(scenario: LoadedScenario, options: RunOptions): RunResult {
  const seed = options.seed ?? scenario.world.seed;
  const world = new World({ ...scenario.world, seed });
  const injected = injectFaults(world, scenario.faults);
  const progress = options.onProgress;
  if (progress) world.sim.onProgress = (nowUs) => progress(nowUs / scenario.world.durationUs);
  world.run();
  const { trace, recorder, controlPlane } = world.ctx;
  const readout = readWorld(world);
  const activity = injected.activity();
  const metrics = computeMetrics(
    {
      durationUs: scenario.world.durationUs,
      recorder,
      trace: trace.records as TypedTraceRecord[],
      faults: activity,
      losses: readout.losses,
      options: scenario.metrics,
    },
    scenario.world.operations ?? [],
  );
  const dependencies: DependencyReport[] = readout.channels;
  const counts = {
    promotions: readout.promotions,
    writesCommitted: readout.writesCommitted,
    dnsFailovers: readout.dnsFailovers,
    issued: readout.issued,
    inFlight: readout.inFlight,
    breakerOpens: dependencies.reduce((sum, d) => sum + d.breakerOpens, 0),
    alertsFired: trace.records.filter((r) => r.kind === "alert.fired").length,
    backlogMax: Math.max(0, ...readout.queues.map((q) => q.backlogMax)),
    backlogDrainS: Math.max(
      0,
      ...readout.queues.map((q) => (q.drainedAtUs === undefined ? 0 : (q.drainedAtUs - q.backlogMaxAtUs) / 1e6)),
    ),
    retryAmplification: Math.max(1, ...dependencies.map((d) => (d.calls === 0 ? 1 : (d.calls + d.retries) / d.calls))),
  };
  const usage = usageOf(scenario.world, readout, metrics);
  const cost = scenario.cost === undefined ? undefined : priceUsage(usage, scenario.cost);
  // A cost target reads the run's cost per month (compile refuses one without a cost: section).
  const judged = { ...counts, costPerMonth: cost?.monthlyTotal ?? Number.NaN };
  const span = {
    durationS: scenario.world.durationUs / 1e6,
    steadyState: scenario.faults.some((fault) => fault.recur !== undefined || fault.kind === "random-crashes"),
  };
  const slo = evaluateTargets(
    metrics,
    judged,
    scenario.slo.map((s) => ({ name: s.name, target: s.target, operation: s.operation })),
    span,
  );
  const expectations = evaluateTargets(
    metrics,
    judged,
    scenario.expectations.map((e) => ({ name: e.metric, target: e.target, operation: e.operation })),
    span,
  );
  const eventDigest = world.sim.digest();
  return {
    scenario: {
      name: scenario.name,
      description: scenario.description,
      file: scenario.file,
      hash: scenario.hash,
      ...(scenario.overrides.length > 0 ? { overrides: scenario.overrides } : {}),
      ...(scenario.variant === undefined ? {} : { variant: scenario.variant }),
    },
    seed,
    traceHash: trace.hash(eventDigest),
    version: options.version,
    simulated: {
      durationS: scenario.world.durationUs / 1e6,
      events: world.sim.eventsRun,
      startOfDayS: scenario.world.startOfDayUs / 1e6,
      fidelity: scenario.world.fidelity ?? "request",
    },
    eventDigest,
    ...metrics,
    slo,
    expectations,
    pass: slo.every((s) => s.pass) && expectations.every((e) => e.pass),
    events: trace.records as TypedTraceRecord[],
    controlPlane: { initial: controlPlane.initial, timeline: controlPlane.timeline },
    counts,
    dependencies,
    externals: readout.externals,
    caches: readout.caches.map((cache) => {
      const reads = cache.hits + cache.misses;
      return { ...cache, hitRatio: reads === 0 ? 0 : cache.hits / reads };
    }),
    queues: readout.queues.map((q) => ({
      name: q.name,
      published: q.published,
      processed: q.processed,
      backlogMax: q.backlogMax,
      backlogMaxAtS: q.backlogMaxAtUs / 1e6,
      drainS: q.drainedAtUs === undefined ? null : (q.drainedAtUs - q.backlogMaxAtUs) / 1e6,
    })),
    faults: activity.map((fault) => ({
      index: fault.index,
      label: fault.label,
      startS: fault.startUs / 1e6,
      endS: fault.endUs === undefined ? null : fault.endUs / 1e6,
    })),
    usage,
    ...(cost === undefined ? {} : { cost }),
  };
}
