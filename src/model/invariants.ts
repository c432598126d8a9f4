// Invariants checked at the end of every run (TigerStyle): requests are conserved — every one
// issued has succeeded, failed, or is still in flight (queued, in service, in a call); calls
// between services likewise, counted apart from user requests; the breakdowns by client region
// and by operation add up to the user totals, and each loss's writes per operation and per client
// region to the loss — and no count the model keeps has gone below zero. Levers check their own on every change
// (folded-lever.ts); a broken invariant is a bug in faultline, reported as an internal error.

import { invariant } from "../engine/index.js";
import type { Recorder } from "./core/index.js";
import { ORIGIN_ATTACK, ORIGIN_INTERNAL, ORIGIN_USER } from "./core/index.js";
import type { World } from "./world.js";

export function assertEndOfRunInvariants(world: World): void {
  const { requests, recorder, sim } = world.ctx;
  const now = sim.now;
  let liveUsers = 0;
  let liveAttacks = 0;
  let liveCalls = 0;
  for (let request = 0; request < requests.highWater; request++) {
    if (!requests.isLive(request)) continue;
    if (requests.origin[request] === ORIGIN_USER) liveUsers++;
    else if (requests.origin[request] === ORIGIN_ATTACK) liveAttacks++;
    else if (requests.origin[request] === ORIGIN_INTERNAL) liveCalls++;
  }
  const { issued, maliciousIssued } = world.workload;
  if (recorder.fluid === undefined) {
    invariant(issued === recorder.succeeded + recorder.failed + liveUsers, "requests", now, () => {
      return `user requests are not conserved: ${issued} issued ≠ ${recorder.succeeded} succeeded + ${recorder.failed} failed + ${liveUsers} in flight`;
    });
  } else {
    // A fluid run issues no request: its users' traffic is rates, every one accounted for.
    invariant(issued === 0 && recorder.succeeded >= 0 && recorder.failed >= 0, "fluid traffic", now, () => {
      return `a fluid run issued ${issued} user requests, or counted ${recorder.succeeded} successes and ${recorder.failed} failures`;
    });
  }
  assertAddsUp(recorder, now, "client region", {
    succeeded: recorder.succeededByRegion,
    failed: recorder.failedByRegion,
  });
  assertAddsUp(recorder, now, "operation", {
    succeeded: recorder.succeededByOperation,
    failed: recorder.failedByOperation,
  });
  const everyWriterHasARow = recorder.regionOfClient.every((region) => recorder.clientRegions.includes(region));
  for (const db of world.databases) {
    for (const loss of db.losses) {
      const byRegion = loss.byRegion.reduce((total, count) => total + count, 0);
      invariant(byRegion === loss.lostWrites, "data loss", now, () => {
        return `${db.name} lost ${loss.lostWrites} writes, but its client regions' add up to ${byRegion}`;
      });
      // The breakdown's rows add up to the loss, unless an attack or probe client writes from a
      // region no user sends from (its writes have no row).
      const rows = recorder.clientRegions.reduce((total, region) => total + (loss.byRegion[region] ?? 0), 0);
      invariant(!everyWriterHasARow || rows === loss.lostWrites, "data loss", now, () => {
        return `${db.name} lost ${loss.lostWrites} writes, but the client regions' rows add up to ${rows}`;
      });
      if (loss.byOperation === undefined) continue;
      const sum = loss.byOperation.reduce((total, count) => total + count, 0);
      invariant(sum === loss.lostWrites, "data loss", now, () => {
        return `${db.name} lost ${loss.lostWrites} writes, but its operations' add up to ${sum}`;
      });
    }
  }
  const attacks = recorder.maliciousServed + recorder.maliciousFailed + recorder.maliciousBlocked + liveAttacks;
  invariant(maliciousIssued === attacks, "requests", now, () => {
    return `attack requests are not conserved: ${maliciousIssued} issued ≠ ${attacks} served, failed, blocked or in flight`;
  });
  // Calls between services are not user requests: conserved on their own.
  const internal = world.tier.calls.internal;
  invariant(internal.issued === internal.succeeded + internal.failed + liveCalls, "calls between services", now, () => {
    return `calls between services are not conserved: ${internal.issued} issued ≠ ${internal.succeeded} answered + ${internal.failed} failed + ${liveCalls} in flight`;
  });
  invariant(requests.orphaned >= 0 && requests.inFlight >= requests.orphaned, "requests", now, () => {
    return `${requests.inFlight} requests in flight, ${requests.orphaned} of them orphans`;
  });
  const tier = world.tier;
  for (let instance = 0; instance < tier.instanceIds.length; instance++) {
    invariant(tier.busy[instance] >= 0 && tier.queueLength[instance] >= 0, "service tier", now, () => {
      return `${tier.instanceIds[instance]} has ${tier.busy[instance]} busy slots and ${tier.queueLength[instance]} queued`;
    });
  }
  const externals = tier.calls.externals;
  externals.names.forEach((name, external) => {
    invariant(externals.inFlight[external] >= 0, `dependency ${name}`, now, () => {
      return `${externals.inFlight[external]} attempts in flight`;
    });
  });
}

/**
 * A breakdown of the user requests (by client region, by operation) adds up to the totals:
 * exactly per request (whole counts), to a relative 1e-9 in a fluid run (the same integrals
 * summed in another order). Every user request has a region, and an operation when the workload
 * declares them.
 */
function assertAddsUp(
  recorder: Recorder,
  now: number,
  by: string,
  breakdown: { succeeded: Float64Array; failed: Float64Array },
): void {
  if (breakdown.succeeded.length === 0) return;
  const sum = (values: Float64Array) => values.reduce((total, value) => total + value, 0);
  const tolerance = recorder.fluid === undefined ? 0 : 1e-9;
  const pairs = [
    ["successes", sum(breakdown.succeeded), recorder.succeeded],
    ["failures", sum(breakdown.failed), recorder.failed],
  ] as const;
  for (const [what, parts, total] of pairs) {
    invariant(Math.abs(parts - total) <= tolerance * Math.max(1, total), "recorder", now, () => {
      return `user ${what} by ${by} add up to ${parts}, not the ${total} counted in all`;
    });
  }
}
