// The effects a fault can hold on the world, as plain data: which lever, on what, by how much.
// A fault installs its effects keyed by itself and removes them when it ends; the component
// that owns each lever folds the effects active on it (folded-lever.ts). This is the one way
// faults change the world, so a new fault kind that pulls existing levers needs no model change.

import type { DependencyCutConfig, NetworkRule } from "../core/index.js";

export type Effect =
  /** Counted: the region (or zone) is down while any outage covers it. */
  | { lever: "region.outage"; region: string }
  | { lever: "zone.outage"; zone: string }
  /** Counted: the service's load balancer in the region is down while any outage holds it. */
  | { lever: "balancer.outage"; service: string; region: string }
  /** Counted: a service instance or a database node is down while any crash holds it. */
  | { lever: "node.crash"; node: string }
  /** Multiplied: the instance serves `factor` times slower (grey failure: it passes checks). */
  | { lever: "instance.slowdown"; instance: string; factor: number }
  /** Any: the instance fails its health checks (alternating every half period when flapping). */
  | { lever: "instance.healthCheckFailing"; instance: string; flapEveryUs?: number }
  /** Extra traffic adds: the client sends (1 + Σ (multiplier − 1)) times its rate. */
  | { lever: "client.traffic"; client: string; multiplier: number }
  /** Summed: a malicious client floods at this rate instead of its own. */
  | { lever: "client.flood"; client: string; perSecond: number }
  /** The largest wins: the replica's replication lag is at least this. */
  | { lever: "replica.lag"; database: string; replica: string; lagUs: number }
  /** Any: the database refuses writes. */
  | { lever: "database.diskFull"; database: string }
  /** Any: DNS resolution fails; clients live on their cached answers until they expire. */
  | { lever: "dns.resolutionFailing" }
  /** Any: the queue's consumers are down and the backlog grows. */
  | { lever: "queue.consumersDown"; queue: string }
  /** Any: the service's cache is down; it comes back empty once no effect holds it. */
  | { lever: "cache.down"; service: string }
  /** Any: the dependency stops answering (every attempt waits out its timeout). */
  | { lever: "dependency.hanging"; dependency: string }
  /** Independent causes: a call fails with 1 − (1 − base) × Π (1 − errorRate). */
  | { lever: "dependency.errors"; dependency: string; errorRate: number }
  /** Multiplied: the dependency answers `factor` times slower. */
  | { lever: "dependency.slowdown"; dependency: string; factor: number }
  /** A rule of the network chain between regions or zones (partition, latency, loss). */
  | { lever: "network.rule"; rule: Omit<NetworkRule, "id">; label: string }
  /** A partition between a dependency (external or database) and its callers. */
  | { lever: "dependency.cut"; cut: DependencyCutConfig; label: string };

export type Lever = Effect["lever"];

/** Two effects are the same effect when they pull the same lever on the same thing. */
export function sameEffect(a: Effect, b: Effect): boolean {
  return a.lever === b.lever && effectTarget(a) === effectTarget(b);
}

/** What the effect acts on, as text (for matching and messages). */
export function effectTarget(effect: Effect): string {
  switch (effect.lever) {
    case "region.outage":
      return effect.region;
    case "zone.outage":
      return effect.zone;
    case "balancer.outage":
      return `lb/${effect.service}/${effect.region}`;
    case "node.crash":
      return effect.node;
    case "instance.slowdown":
    case "instance.healthCheckFailing":
      return effect.instance;
    case "client.traffic":
    case "client.flood":
      return effect.client;
    case "replica.lag":
      return `${effect.database}/${effect.replica}`;
    case "database.diskFull":
      return effect.database;
    case "dns.resolutionFailing":
      return "dns";
    case "queue.consumersDown":
      return effect.queue;
    case "cache.down":
      return effect.service;
    case "dependency.hanging":
    case "dependency.errors":
    case "dependency.slowdown":
      return effect.dependency;
    case "network.rule":
    case "dependency.cut":
      return effect.label;
  }
}
