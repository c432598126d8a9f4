// How much work a run will be, estimated from the compiled scenario before it starts: the events
// it dispatches (arrival rates × duration × events per request, plus every periodic check) and
// the per-second counts and instance lists its periodic checks re-read. A run that cannot fit
// its event limit is refused up front, with the estimate, the limit and a duration that fits,
// instead of running for minutes to stop at the limit.

import { formatCountBound, formatDurationBound } from "../input/index.js";
import { rateOf } from "../model/index.js";
import { instanceSlots } from "./compile/bounds.js";
import type { CompiledScenario, CompileIssue } from "./compile.js";
import type { IssuePath } from "./errors.js";

const US_PER_S = 1e6;
const US_PER_DAY = 86_400e6;
/** The model's own periodic checks (src/model/calls.ts, rollout.ts): every 10 s. */
const MODEL_EVALUATE_EVERY_US = 10e6;
/** A diurnal rate is averaged over a part of a day on this grid (its curve changes slowly). */
const DIURNAL_SAMPLE_US = 600e6;

/** Items periodic checks may re-read over a run (per-second counts, instances, samples). */
export const SCANS_MAX = 20_000_000_000;
/** A run likely to dispatch more events than this is worth a warning: it takes a while. */
export const LONG_RUN_EVENTS = 200_000_000;

export interface WorkEstimate {
  /** User, attack and probe requests expected over the run (faults' surges and floods included). */
  requests: number;
  /** Events each request costs on average: its arrival, its completion, its calls and messages. */
  eventsPerRequest: number;
  /** Events of periodic checks: health checks, alert rules, heartbeats, autoscaling, crashes. */
  periodicEvents: number;
  /** Events the run cannot avoid: one per request (its arrival) and every periodic check. */
  eventsAtLeast: number;
  /** Events it will most likely dispatch. */
  eventsLikely: number;
  /** Items its periodic checks re-read: alert windows' seconds, load-balancer targets, samples. */
  scans: number;
  /** The check that re-reads the most, to name in a refusal. */
  largestScan: Scan;
}

/** A periodic check that re-reads something, where it is written and what lowers it. */
interface Scan {
  what: string;
  scans: number;
  path: IssuePath;
  knob: string;
}

/** Ticks each check runs after a change in a fluid run before it sleeps again (an estimate's allowance). */
const FLUID_TICKS_PER_CHANGE = 10;

export function estimateWork(scenario: CompiledScenario): WorkEstimate {
  const { world, faults } = scenario;
  const durationUs = world.durationUs;
  const seconds = durationUs / US_PER_S;
  const within = (startUs: number, endUs: number | undefined) =>
    Math.max(0, Math.min(endUs ?? durationUs, durationUs) - Math.min(startUs, durationUs)) / US_PER_S;

  // Requests: each client's mean rate over the run, and what surges, ramps and floods add.
  let requests = 0;
  let weightedEvents = 0;
  const perRequest = world.clients.map((client) => {
    const service = world.services.find((s) => s.name === client.service);
    if (!service) return 1;
    const calls = service.calls.length > 0 ? 1 + service.calls.reduce((n, call) => n + call.fraction, 0) : 0;
    const served = 1 + calls + (service.publishesTo ? 1 : 0);
    const edgeHits = client.probeEveryUs === undefined && !client.malicious ? world.edgeCacheHitRatio : 0;
    return 1 + (1 - edgeHits) * served;
  });
  world.clients.forEach((client, c) => {
    const base =
      client.probeEveryUs !== undefined
        ? client.probeEveryUs > 0
          ? durationUs / client.probeEveryUs
          : 0
        : meanRate(client.rate, world.startOfDayUs, durationUs) * seconds;
    const meanPerS = seconds > 0 ? base / seconds : 0;
    let extra = 0;
    for (const fault of faults) {
      // A recurring fault is active for its share mttr / (mtbf + mttr) of its window.
      const repairs = fault.recur?.repairs?.meanUs;
      const active = fault.recur === undefined ? 1 : (repairs ?? 0) / (fault.recur.failures.meanUs + (repairs ?? 0));
      const span = within(fault.startUs, fault.endUs) * active;
      if (fault.kind === "traffic-spike" && fault.client === client.name)
        extra += meanPerS * (fault.multiplier - 1) * span;
      if (fault.kind === "traffic-ramp" && fault.client === client.name)
        extra += (meanPerS * (fault.to - 1) * span) / 2;
      if (fault.kind === "ddos" && fault.client === client.name) extra += fault.perSecond * span;
    }
    const count = Math.max(0, base + extra);
    requests += count;
    weightedEvents += count * perRequest[c];
  });

  // Periodic checks, and what each re-reads.
  let periodicEvents = 0;
  const scans: Scan[] = [];
  const every = (periodUs: number, fromUs = 0) =>
    periodUs > 0 ? within(fromUs, undefined) / (periodUs / US_PER_S) : 0;
  world.services.forEach((service, i) => {
    const path = ["design", "services", i];
    const regions = world.regions.filter((r) => r.zones.some((z) => service.zones.includes(z))).length;
    const perRegion = instanceSlots(service) / Math.max(1, regions);
    const checks = regions * every(service.healthCheck.intervalUs);
    periodicEvents += checks;
    scans.push({
      what: `the health checks of ${service.name}`,
      scans: checks * perRegion,
      path: [...path, "healthCheck", "interval"],
      knob: "check less often or run fewer instances",
    });
    if (service.autoscaling) {
      const evaluations = regions * every(service.autoscaling.everyUs);
      periodicEvents += evaluations;
      scans.push({
        what: `the autoscaling of ${service.name}`,
        scans: evaluations * perRegion,
        path: [...path, "autoscaling", "every"],
        knob: "evaluate less often",
      });
    }
    periodicEvents += service.calls.filter((call) => call.killSwitch).length * every(MODEL_EVALUATE_EVERY_US);
    if (world.dns) periodicEvents += every(world.dns.healthCheck.intervalUs);
  });
  world.alerts.forEach((alert, i) => {
    const evaluations = every(alert.everyUs);
    periodicEvents += evaluations;
    const windowS = Math.min(alert.windowUs, durationUs) / US_PER_S;
    const rows = alert.latencyP99AboveUs === undefined ? 1 : 2;
    scans.push({
      what: `alert ${alert.name}, which re-reads its ${formatDurationBound(alert.windowUs)} window every ${formatDurationBound(alert.everyUs)}`,
      scans: evaluations * windowS * rows,
      path: ["design", "alerts", i, "window"],
      knob: "shorten its window or evaluate it less often (every)",
    });
  });
  for (const db of world.databases) if (db.failover.automatic) periodicEvents += every(db.failover.heartbeatUs);
  let faultEvents = 0;
  for (const fault of faults) {
    if (fault.recur !== undefined) {
      // A start and an end per occurrence (an instant's aftermath has events of its own, few).
      const cycleUs = fault.recur.failures.meanUs + (fault.recur.repairs?.meanUs ?? 0);
      faultEvents += (2 * within(fault.startUs, fault.endUs) * US_PER_S) / cycleUs;
    }
    if (fault.kind === "random-crashes") {
      const cycleUs = fault.mtbfUs + fault.mttrUs;
      faultEvents +=
        cycleUs > 0 ? (fault.nodes.length * 2 * within(fault.startUs, fault.endUs) * US_PER_S) / cycleUs : 0;
    }
    if (fault.kind === "bad-deploy" || fault.kind === "bad-config") {
      const service = world.services.find((s) => s.name === fault.service);
      const rollout = fault.kind === "bad-deploy" ? service?.deploy : service?.config;
      if (rollout?.rollback) {
        // The watch runs from the change until it is reverted (at the latest, the end of the run;
        // a recurring change, during each occurrence), and each evaluation looks back over the
        // samples of its window only (older ones are dropped).
        const evaluations = every(MODEL_EVALUATE_EVERY_US, fault.startUs);
        periodicEvents += evaluations;
        scans.push({
          what: `the rollback watch of ${fault.kind} ${fault.service}, which looks back over its window's samples`,
          scans: evaluations * Math.max(1, rollout.rollback.windowUs / MODEL_EVALUATE_EVERY_US),
          path: ["faults", fault.index],
          knob: "shorten the rollback window",
        });
      }
    }
  }

  const nothing: Scan = { what: "nothing", scans: 0, path: ["duration"], knob: "" };
  if (world.fidelity === "fluid") {
    // No request is simulated, and checks tick only for a while after each change: each change
    // wakes every check for a few of its ticks (FLUID_TICKS_PER_CHANGE, generously).
    const checks = world.services.length * (world.regions.length + 1) + world.databases.length + world.alerts.length;
    const changes = faultEvents + faults.length * 2;
    const events = changes * (1 + checks * FLUID_TICKS_PER_CHANGE);
    return {
      requests: 0,
      eventsPerRequest: 0,
      periodicEvents: events,
      eventsAtLeast: changes,
      eventsLikely: events,
      scans: 0,
      largestScan: nothing,
    };
  }
  periodicEvents += faultEvents;
  const totalScans = scans.reduce((n, s) => n + s.scans, 0);
  const largestScan = scans.reduce((a, b) => (b.scans > a.scans ? b : a), nothing);
  return {
    requests,
    eventsPerRequest: requests > 0 ? weightedEvents / requests : 0,
    periodicEvents,
    eventsAtLeast: requests + periodicEvents,
    eventsLikely: weightedEvents + periodicEvents,
    scans: totalScans,
    largestScan,
  };
}

/**
 * What the estimate means for the run: an error when it cannot fit its event limit or would
 * re-read too much, a warning when it will likely reach the limit or is merely long.
 */
export function workIssues(
  scenario: CompiledScenario,
  work: WorkEstimate,
  durationText: string,
): { errors: CompileIssue[]; warnings: CompileIssue[] } {
  const limit = scenario.world.limits.eventsMax;
  const durationUs = scenario.world.durationUs;
  const errors: CompileIssue[] = [];
  const warnings: CompileIssue[] = [];
  const breakdown = `${formatEvents(work.requests)} requests over ${durationText} at about ${Number(work.eventsPerRequest.toFixed(1))} events each, and ${formatEvents(work.periodicEvents)} periodic checks`;
  if (work.eventsAtLeast > limit) {
    const fitsUs = Math.floor((durationUs * limit) / work.eventsAtLeast);
    const shorten = fitsUs >= 1 ? `shorten duration to ${formatDurationDown(fitsUs)} or less, ` : "";
    errors.push({
      path: ["duration"],
      message: `this run needs at least ${formatEvents(work.eventsAtLeast)} events (${breakdown}), more than limits.eventsMax (${formatCountBound(limit)}): it would stop at the limit after running for a long time; ${shorten}lower the rates, or raise limits.eventsMax`,
    });
  } else if (work.eventsLikely > limit) {
    warnings.push({
      path: ["duration"],
      message: `this run will likely need about ${formatEvents(work.eventsLikely)} events (${breakdown}), more than limits.eventsMax (${formatCountBound(limit)}), and stop at the limit; shorten duration to ${formatDurationDown(Math.floor((durationUs * limit) / work.eventsLikely))} or raise limits.eventsMax`,
    });
  } else if (work.eventsLikely > LONG_RUN_EVENTS) {
    warnings.push({
      path: ["duration"],
      message: `a long run: about ${formatEvents(work.eventsLikely)} events (${breakdown}); a shorter duration gives a quicker answer`,
    });
  }
  if (work.scans > SCANS_MAX) {
    const { largestScan } = work;
    errors.push({
      path: largestScan.path,
      message: `this run's periodic checks would re-read about ${formatEvents(work.scans)} counts and lists, more than the ${formatEvents(SCANS_MAX)} faultline allows (the run would take hours); most of it is ${largestScan.what}: ${largestScan.knob}`,
    });
  }
  return { errors, warnings };
}

/** A large count as a person reads it: 12,345, 3.4 M, 1.2 billion. */
export function formatEvents(n: number): string {
  if (n >= 1e9) return `${Number((n / 1e9).toPrecision(3))} billion`;
  if (n >= 1e6) return `${Number((n / 1e6).toPrecision(3))} M`;
  return formatCountBound(Math.round(n));
}

/** A duration rounded down to what a person writes: 2h13m, 45m, 30s, 250ms. */
function formatDurationDown(us: number): string {
  if (us < 1_000) return `${Math.floor(us)}us`;
  if (us < US_PER_S) return `${Math.floor(us / 1_000)}ms`;
  const s = Math.floor(us / US_PER_S);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h${m % 60 > 0 ? `${m % 60}m` : ""}`;
  return `${Math.floor(h / 24)}d`;
}

/** A client's mean rate over the run: a diurnal curve averages (peak + trough) / 2 over whole days. */
function meanRate(
  rate: CompiledScenario["world"]["clients"][number]["rate"],
  startOfDayUs: number,
  durationUs: number,
): number {
  if (rate.kind === "constant") return rate.perSecond;
  if (durationUs <= 0) return 0;
  const wholeDaysUs = Math.floor(durationUs / US_PER_DAY) * US_PER_DAY;
  const restUs = durationUs - wholeDaysUs;
  const samples = Math.ceil(restUs / DIURNAL_SAMPLE_US);
  let restTotal = 0;
  for (let k = 0; k < samples; k++) {
    restTotal += rateOf(rate, startOfDayUs + wholeDaysUs + ((k + 0.5) * restUs) / samples) * (restUs / samples);
  }
  return (((rate.peakPerSecond + rate.troughPerSecond) / 2) * wholeDaysUs + restTotal) / durationUs;
}
