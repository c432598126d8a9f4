// Compiles each declared fault into a paired start/stop event on the simulator (STYLE.md 4):
// the model never asks which faults exist; faults pull the model's levers at their times.

import { Priority } from "../model/context.js";
import type { NetworkRule, World } from "../model/index.js";
import { RandomCrashProcess } from "./random-crashes.js";
import { describeFault, type FaultConfig } from "./types.js";

/** Steps a traffic ramp climbs in (the rate changes every (for / (RAMP_STEPS + 1))). */
const RAMP_STEPS = 20;

export function injectFaults(world: World, faults: FaultConfig[]): void {
  const { sim, trace } = world.ctx;
  // Faults that are processes of their own (random crashes) rather than a lever pulled twice.
  const crashStreams = new Map<string, number>();
  const processes = faults.map((fault) =>
    fault.kind === "random-crashes" ? new RandomCrashProcess(world, fault, crashStreams) : undefined,
  );
  const startCode = sim.register("fault.start", (index) => {
    const fault = faults[index];
    trace.add(sim.now, "fault.started", describeFault(fault), `fault #${index}`);
    processes[index]?.start();
    apply(world, fault, true);
  });
  const stopCode = sim.register("fault.stop", (index) => {
    const fault = faults[index];
    trace.add(sim.now, "fault.ended", describeFault(fault), `fault #${index}`);
    processes[index]?.stop();
    apply(world, fault, false);
  });
  // A ramp climbs in RAMP_STEPS equal steps: a step's arg is its number.
  const rampCode = sim.register("fault.rampStep", (index, step) => {
    const fault = faults[index];
    if (fault.kind === "traffic-ramp")
      world.setTrafficMultiplier(fault.client, 1 + ((fault.to - 1) * step) / RAMP_STEPS);
  });
  faults.forEach((fault, index) => {
    if (fault.startUs > world.config.durationUs) return;
    sim.at(fault.startUs, startCode, index, 0, Priority.fault);
    if (fault.kind === "traffic-ramp" && fault.endUs !== undefined) {
      for (let step = 1; step <= RAMP_STEPS; step++) {
        const atUs = fault.startUs + ((fault.endUs - fault.startUs) * step) / (RAMP_STEPS + 1);
        if (atUs <= world.config.durationUs) sim.at(atUs, rampCode, index, step, Priority.fault);
      }
    }
    if (fault.endUs !== undefined && fault.endUs <= world.config.durationUs)
      sim.at(fault.endUs, stopCode, index, 0, Priority.fault);
  });
}

function apply(world: World, fault: FaultConfig, starting: boolean): void {
  const delta = starting ? 1 : -1;
  switch (fault.kind) {
    case "region-outage":
      world.changeRegionOutage(fault.region, delta);
      return;
    case "zone-outage":
      world.changeZoneOutage(fault.zone, delta);
      return;
    case "node-crash":
      world.changeNodeCrash(fault.node, delta);
      return;
    case "random-crashes":
      return; // a process of its own (RandomCrashProcess)
    case "replication-lag":
      world.setReplicationLag(fault.database, fault.replica, starting ? fault.lagUs : undefined);
      return;
    case "traffic-spike":
      world.setTrafficMultiplier(fault.client, starting ? fault.multiplier : 1);
      return;
    case "traffic-ramp":
      if (!starting) world.setTrafficMultiplier(fault.client, 1); // the steps do the climbing
      return;
    case "slow-node":
      world.setSlowdown(fault.node, starting ? fault.factor : 1);
      return;
    case "failing-health-check":
      world.setHealthCheckFailing(fault.node, starting, fault.flapEveryUs);
      return;
    case "network-partition":
      if (fault.cut) world.setDependencyCut(fault.index, starting ? fault.cut : undefined, describeFault(fault));
      else if (starting) world.addNetworkRule(networkRule(fault), describeFault(fault));
      else world.removeNetworkRule(fault.index, describeFault(fault));
      return;
    case "latency-spike":
    case "packet-loss":
      if (starting) world.addNetworkRule(networkRule(fault), describeFault(fault));
      else world.removeNetworkRule(fault.index, describeFault(fault));
      return;
    case "dns-failure":
      world.setDnsResolutionFailing(starting);
      return;
    case "disk-full":
      world.setDiskFull(fault.database, starting);
      return;
    case "consumer-outage":
      world.setConsumersDown(fault.queue, starting);
      return;
    case "cache-flush":
      if (starting) world.changeCache(fault.service, "flush");
      return;
    case "cache-failure":
      world.changeCache(fault.service, starting ? "down" : "up");
      return;
    case "ddos":
      world.setFlood(fault.client, starting ? fault.perSecond : undefined);
      return;
    case "bad-deploy":
      if (starting)
        world.startChange(fault.service, "deploy", {
          errorRate: fault.errorRate,
          slowdown: fault.slowdown,
          label: describeFault(fault),
        });
      return;
    case "bad-config":
      if (starting)
        world.startChange(fault.service, "config", {
          errorRate: fault.errorRate,
          slowdown: 1,
          label: describeFault(fault),
        });
      return;
    case "data-corruption":
      if (starting) world.corruptDatabase(fault.database, fault.detectedAfterUs, fault.reachesBackups);
      return;
    case "accidental-delete":
      if (starting) world.deleteRows(fault.database, fault.fraction, fault.detectedAfterUs);
      return;
    case "dependency-timeout":
      world.setDependencyHanging(fault.dependency, starting);
      return;
    case "dependency-errors":
      world.setDependencyErrorRate(fault.dependency, starting ? fault.errorRate : undefined);
      return;
    case "dependency-slowdown":
      world.setDependencySlowdown(fault.dependency, starting ? fault.factor : 1);
      return;
  }
}

type NetworkFault = Extract<FaultConfig, { kind: "network-partition" | "latency-spike" | "packet-loss" }>;

/** A network fault as a rule of the model's rule chain; the fault's index is the rule's id. */
function networkRule(fault: NetworkFault): NetworkRule {
  const [from, to] = fault.between;
  const base = { id: fault.index, from, to, bothWays: !fault.oneWay };
  switch (fault.kind) {
    case "network-partition":
      return { ...base, effect: { kind: "partition" } };
    case "latency-spike":
      return { ...base, effect: { kind: "latency", extraUs: fault.extraUs } };
    case "packet-loss":
      return { ...base, effect: { kind: "loss", probability: fault.loss } };
  }
}
