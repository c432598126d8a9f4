// Every lever faults pull, read out as plain data by target name: what the overlap tests and
// the fault property compare with a world that never had a fault (a lever back to its no-fault
// value once every fault has ended is what "effects compose" promises).

import type { FoldedLever } from "../core/index.js";
import type { World } from "../world.js";

export interface LeverReadout {
  regionOutages: Record<string, number>;
  zoneOutages: Record<string, number>;
  balancerOutages: Record<string, number>;
  /** Instances and database nodes. */
  nodeCrashes: Record<string, number>;
  instanceSlowdown: Record<string, number>;
  instanceChanges: Record<string, number>;
  instanceChangeErrorRate: Record<string, number>;
  instanceHealthCheckFaults: Record<string, number>;
  clientTrafficMultiplier: Record<string, number>;
  /** −1: no flood (the client sends at its own rate). */
  clientFloodPerSecond: Record<string, number>;
  /** The lag faults raised each database node's replication lag to (0: none). */
  replicaLagRaisedUs: Record<string, number>;
  databaseDiskFull: Record<string, number>;
  dnsResolutionFaults: number;
  queueConsumersDown: Record<string, number>;
  cacheDown: Record<string, number>;
  dependencyHanging: Record<string, number>;
  dependencyErrorRate: Record<string, number>;
  dependencySlowdown: Record<string, number>;
  networkRules: number;
  dependencyCuts: number;
  /** Faults still holding at least one effect. */
  faultsHoldingEffects: number;
}

export function readLevers(world: World): LeverReadout {
  const { topology, network } = world.ctx;
  const tier = world.tier;
  const externals = tier.calls.externals;
  const byName = (names: readonly string[], lever: FoldedLever) =>
    Object.fromEntries(names.map((name, i) => [name, lever.values[i]]));
  const perInstance = (value: (instance: number) => number) =>
    Object.fromEntries(tier.instanceIds.map((id, i) => [id, value(i)]));
  const services = world.config.services.map((s) => s.name);
  return {
    regionOutages: byName(topology.regionNames, topology.regionOutages),
    zoneOutages: byName(topology.zoneIds, topology.zoneOutages),
    balancerOutages: byName(
      world.balancers.balancers.map((lb) => lb.id),
      world.balancers.outages,
    ),
    nodeCrashes: {
      ...byName(tier.instanceIds, tier.crashes),
      ...Object.assign({}, ...world.databases.map((db) => byName(db.nodeIds, db.nodeCrashes))),
    },
    instanceSlowdown: byName(tier.instanceIds, tier.slowdown),
    instanceChanges: byName(tier.instanceIds, tier.changes),
    instanceChangeErrorRate: byName(tier.instanceIds, tier.changeErrors),
    instanceHealthCheckFaults: perInstance((i) => tier.healthCheckFaults(i)),
    clientTrafficMultiplier: byName(
      world.config.clients.map((c) => c.name),
      world.workload.traffic,
    ),
    clientFloodPerSecond: byName(
      world.config.clients.map((c) => c.name),
      world.workload.floods,
    ),
    replicaLagRaisedUs: Object.assign({}, ...world.databases.map((db) => byName(db.nodeIds, db.lagRaisedUs))),
    databaseDiskFull: Object.fromEntries(world.databases.map((db) => [db.name, db.diskFull.values[0]])),
    dnsResolutionFaults: world.routing.resolutionFaults.values[0],
    queueConsumersDown: byName(
      world.queues.stats.map((q) => q.name),
      world.queues.consumersDown,
    ),
    cacheDown: byName(services, tier.data.caches.outages),
    dependencyHanging: byName(externals.names, externals.hanging),
    dependencyErrorRate: byName(externals.names, externals.errorRates),
    dependencySlowdown: byName(externals.names, externals.slowdowns),
    networkRules: network.ruleCount,
    dependencyCuts: tier.calls.cuts.count + tier.data.cuts.count,
    faultsHoldingEffects: world.levers.faultsHolding,
  };
}
