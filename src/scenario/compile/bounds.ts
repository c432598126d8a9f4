// The bounds no single field can state, checked once the design is compiled: how many instances
// the whole design has, how long the slowest service time can be once every slowdown acting on
// it multiplies in, and how long a restore takes. Each keeps a time the run computes below 2^53 µs
// or a size the run allocates small enough to hold (ARCHITECTURE.md, "Inputs and files"), and says which knob to turn.

import type { FaultConfig } from "../../faults/index.js";
import {
  COUNTS,
  type CompileContext,
  DELAY_MAX_US,
  DURATION_MAX_US,
  EXPONENTIAL_TAIL,
  formatCountBound,
  formatDurationBound,
  NORMAL_TAIL,
  SIZE_GB_MAX,
  SLOWDOWN_PRODUCT_MAX,
} from "../../input/index.js";
import type { DatabaseConfig, LatencyConfig, ServiceConfig } from "../../model/index.js";

/** Instance slots of a service: every zone it runs in × its instances (or autoscaling maximum). */
export function instanceSlots(service: ServiceConfig): number {
  return service.zones.length * Math.max(service.instancesPerZone, service.autoscaling?.maxInstancesPerZone ?? 0);
}

/**
 * The design's instance slots stay under COUNTS.instancesTotal; false (with the problem recorded
 * at the largest service) when they do not, so nothing expands them into names afterwards.
 */
export function checkInstanceTotal(ctx: CompileContext, services: readonly ServiceConfig[]): boolean {
  const slots = services.map(instanceSlots);
  const total = slots.reduce((sum, n) => sum + n, 0);
  if (total <= COUNTS.instancesTotal) return true;
  const largest = slots.indexOf(Math.max(...slots));
  const service = services[largest];
  const field =
    (service.autoscaling?.maxInstancesPerZone ?? 0) > service.instancesPerZone
      ? ["autoscaling", "maxInstancesPerZone"]
      : ["instancesPerZone"];
  ctx.problem(
    ["design", "services", largest, ...field],
    `the design has ${formatCountBound(total)} instance slots (services × zones × instances per zone), more than the ${formatCountBound(COUNTS.instancesTotal)} faultline simulates; "${service.name}" alone has ${formatCountBound(slots[largest])}: lower its instances per zone or the regions it runs in`,
  );
  return false;
}

/**
 * Every request an instance holds (being served, or waiting in its queue) is a request in flight,
 * and the run keeps at most limits.pendingEventsMax of those: the design's slots and queues must
 * fit in it, or a burst would end the run with an error instead of shedding load.
 */
export function checkRequestSlots(
  ctx: CompileContext,
  services: readonly ServiceConfig[],
  pendingEventsMax: number,
): void {
  const held = services.map((service) => instanceSlots(service) * (service.concurrency + service.queueCapacity));
  const total = held.reduce((sum, n) => sum + n, 0);
  if (total <= pendingEventsMax) return;
  const largest = held.indexOf(Math.max(...held));
  const service = services[largest];
  const field = service.queueCapacity >= service.concurrency ? "queue" : "concurrency";
  ctx.problem(
    ["design", "services", largest, field],
    `the instances can hold ${formatCountBound(total)} requests at once (concurrency + queue, per instance), more than limits.pendingEventsMax (${formatCountBound(pendingEventsMax)}) lets a run keep in flight; "${service.name}" alone holds ${formatCountBound(held[largest])}: lower its ${field}, or raise limits.pendingEventsMax`,
  );
}

/** The largest multiple of its mean a draw of this distribution can reach. */
export function tailFactor(latency: LatencyConfig): number {
  if (latency.distribution === "constant") return 1;
  if (latency.distribution === "exponential") return EXPONENTIAL_TAIL;
  return Math.exp(latency.sigma * NORMAL_TAIL - latency.sigma ** 2 / 2);
}

interface Slowdown {
  index: number;
  factor: number;
  startUs: number;
  endUs: number;
}

/**
 * The largest product of slowdowns active at one time, and the fault that completes it (the one
 * to point at). Overlapping slowdowns multiply, as the model folds them.
 */
function worstProduct(slowdowns: Slowdown[]): { product: number; fault: number } {
  let worst = { product: 1, fault: -1 };
  for (const at of slowdowns) {
    const active = slowdowns.filter((s) => s.startUs <= at.startUs && at.startUs < s.endUs);
    const product = active.reduce((p, s) => p * s.factor, 1);
    if (product > worst.product) worst = { product, fault: Math.max(...active.map((s) => s.index)) };
  }
  return worst;
}

/**
 * Slowdowns stay finite and the slowest service time a run can draw — its mean × the tail of its
 * distribution × every slowdown acting at once — stays under DELAY_MAX_US.
 */
export function checkSlowdowns(
  ctx: CompileContext,
  services: readonly ServiceConfig[],
  faults: readonly FaultConfig[],
  durationUs: number,
): void {
  const span = (fault: FaultConfig) => ({
    index: fault.index,
    startUs: fault.startUs,
    endUs: fault.endUs ?? durationUs + 1,
  });
  services.forEach((service, i) => {
    const slowdowns: Slowdown[] = faults.flatMap((fault) => {
      if (fault.kind === "slow-node" && fault.node.startsWith(`${service.name}/`))
        return [{ ...span(fault), factor: fault.factor }];
      // A bad version stays until a rollback, which may never come: to the end of the run.
      if (fault.kind === "bad-deploy" && fault.service === service.name && fault.slowdown > 1)
        return [{ ...span(fault), factor: fault.slowdown, endUs: durationUs + 1 }];
      return [];
    });
    const { product, fault } = worstProduct(slowdowns);
    if (product > SLOWDOWN_PRODUCT_MAX) {
      ctx.problem(
        ["faults", fault],
        `the slowdowns acting on service "${service.name}" at once multiply to ×${formatCountBound(Math.round(product))}, more than ×${formatCountBound(SLOWDOWN_PRODUCT_MAX)}; lower a factor or let the faults overlap less`,
      );
      return;
    }
    const worstUs = service.serviceTime.meanUs * tailFactor(service.serviceTime) * product;
    if (worstUs > DELAY_MAX_US) {
      const why = product > 1 ? ` × the slowdowns of faults (×${Number(product.toPrecision(4))})` : "";
      ctx.problem(
        fault >= 0 ? ["faults", fault] : ["design", "services", i, "serviceTime"],
        `service "${service.name}" could draw a service time of ${formatYears(worstUs)} (its mean × the tail of its ${service.serviceTime.distribution} distribution${why}), longer than the ${formatDurationBound(DELAY_MAX_US)} a run can schedule exactly; lower the mean${service.serviceTime.distribution === "lognormal" ? " or sigma" : ""}${product > 1 ? " or the slowdown" : ""}`,
      );
    }
  });
  const dependencies = new Set(faults.flatMap((f) => (f.kind === "dependency-slowdown" ? [f.dependency] : [])));
  for (const dependency of dependencies) {
    const slowdowns = faults.flatMap((f) =>
      f.kind === "dependency-slowdown" && f.dependency === dependency ? [{ ...span(f), factor: f.factor }] : [],
    );
    const { product, fault } = worstProduct(slowdowns);
    if (product > SLOWDOWN_PRODUCT_MAX) {
      ctx.problem(
        ["faults", fault, "factor"],
        `the dependency-slowdown faults on "${dependency}" at once multiply to ×${formatCountBound(Math.round(product))}, more than ×${formatCountBound(SLOWDOWN_PRODUCT_MAX)}; lower a factor or let the faults overlap less`,
      );
    }
  }
}

/** A restore's size, speed and duration are bounded: it is one delay the run schedules. */
export function checkRestores(ctx: CompileContext, databases: readonly DatabaseConfig[]): void {
  databases.forEach((db, i) => {
    const path = ["design", "databases", i];
    if (db.sizeGb > SIZE_GB_MAX) {
      ctx.problem([...path, "size"], `${db.sizeGb}GB is more than faultline models: at most 1000TB`);
      return;
    }
    const backups = db.backups;
    if (!backups) return;
    if (!(backups.restoreGbPerS > 0)) {
      ctx.problem(
        [...path, "backups", "restoreRate"],
        'a restore must make progress: write a rate above 0, e.g. "10GB/min"',
      );
      return;
    }
    const restoreUs = (db.sizeGb / backups.restoreGbPerS) * 1e6;
    if (restoreUs > DURATION_MAX_US) {
      ctx.problem(
        [...path, "backups", "restoreRate"],
        `restoring ${db.sizeGb}GB at this rate would take ${formatYears(restoreUs)}, more than ${formatDurationBound(DURATION_MAX_US)}; raise restoreRate or lower size`,
      );
    }
  });
}

/** A long time as days or years, to three significant digits: `3.2e+4 years`, `120 days`. */
function formatYears(us: number): string {
  const days = us / 86_400e6;
  if (days < 1000) return `${Number(days.toPrecision(3))} days`;
  return `${Number((days / 365).toPrecision(3))} years`;
}
