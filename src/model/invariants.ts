// Invariants checked at the end of every run (TigerStyle): requests are conserved — every one
// issued has succeeded, failed, or is still in flight (queued, in service, in a call); calls
// between services likewise, counted apart from user requests — and no
// count the model keeps has gone below zero. Levers check their own on every change
// (folded-lever.ts); a broken invariant is a bug in faultline, reported as an internal error.

import { invariant } from "../engine/index.js";
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
