// Faults as data (STYLE.md 4): each declared fault has a target, a start and an optional end,
// and compiles to a pair of start/stop events.

import type { DependencyCutConfig } from "../model/index.js";

interface FaultTiming {
  /** Index in the scenario's fault list; names the fault in traces and incident causes. */
  index: number;
  startUs: number;
  /** Undefined: the fault lasts to the end of the run. */
  endUs?: number;
}

export type FaultConfig = FaultTiming &
  (
    | { kind: "region-outage"; region: string }
    | { kind: "zone-outage"; zone: string }
    | { kind: "node-crash"; node: string }
    | { kind: "random-crashes"; target: string; nodes: string[]; mtbfUs: number; mttrUs: number }
    | { kind: "replication-lag"; database: string; replica: string; lagUs: number }
    | { kind: "traffic-spike"; client: string; multiplier: number }
    | { kind: "traffic-ramp"; client: string; to: number }
    | { kind: "slow-node"; node: string; factor: number }
    | { kind: "failing-health-check"; node: string; flapEveryUs?: number }
    | { kind: "network-partition"; between: [string, string]; oneWay: boolean; cut?: DependencyCutConfig }
    | { kind: "latency-spike"; between: [string, string]; oneWay: boolean; extraUs: number }
    | { kind: "packet-loss"; between: [string, string]; oneWay: boolean; loss: number }
    | { kind: "dns-failure" }
    | { kind: "disk-full"; database: string }
    | { kind: "consumer-outage"; queue: string }
    | { kind: "cache-flush"; service: string }
    | { kind: "cache-failure"; service: string }
    | { kind: "ddos"; client: string; perSecond: number }
    | { kind: "bad-deploy"; service: string; errorRate: number; slowdown: number }
    | { kind: "bad-config"; service: string; errorRate: number }
    | { kind: "data-corruption"; database: string; detectedAfterUs: number; reachesBackups: boolean }
    | { kind: "accidental-delete"; database: string; fraction: number; detectedAfterUs: number }
    | { kind: "dependency-timeout"; dependency: string }
    | { kind: "dependency-errors"; dependency: string; errorRate: number }
    | { kind: "dependency-slowdown"; dependency: string; factor: number }
  );

/** A short human label such as `region-outage us-east`. */
export function describeFault(fault: FaultConfig): string {
  switch (fault.kind) {
    case "region-outage":
      return `region-outage ${fault.region}`;
    case "zone-outage":
      return `zone-outage ${fault.zone}`;
    case "node-crash":
      return `node-crash ${fault.node}`;
    case "random-crashes":
      return `random-crashes ${fault.target} (MTBF ${hours(fault.mtbfUs)}, MTTR ${hours(fault.mttrUs)})`;
    case "replication-lag":
      return `replication-lag ${fault.database}/${fault.replica} ${fault.lagUs / 1e6}s`;
    case "traffic-spike":
      return `traffic-spike ${fault.client} ×${fault.multiplier}`;
    case "traffic-ramp":
      return `traffic-ramp ${fault.client} to ×${fault.to}`;
    case "slow-node":
      return `slow-node ${fault.node} ×${fault.factor}`;
    case "failing-health-check":
      return `failing-health-check ${fault.node}${fault.flapEveryUs ? ` flapping every ${fault.flapEveryUs / 1e6}s` : ""}`;
    case "network-partition":
      return `network-partition ${link(fault)}`;
    case "latency-spike":
      return `latency-spike ${link(fault)} +${fault.extraUs / 1000}ms`;
    case "packet-loss":
      return `packet-loss ${link(fault)} ${Number((fault.loss * 100).toFixed(3))}%`;
    case "dns-failure":
      return "dns-failure";
    case "disk-full":
      return `disk-full ${fault.database}`;
    case "consumer-outage":
      return `consumer-outage ${fault.queue}`;
    case "cache-flush":
      return `cache-flush ${fault.service}`;
    case "cache-failure":
      return `cache-failure ${fault.service}`;
    case "ddos":
      return `ddos ${fault.client} ${Math.round(fault.perSecond)}/s`;
    case "bad-deploy":
      return `bad-deploy ${fault.service}${fault.errorRate > 0 ? ` (fails ${Number((fault.errorRate * 100).toFixed(2))}%)` : ""}${fault.slowdown > 1 ? ` (×${fault.slowdown} slower)` : ""}`;
    case "bad-config":
      return `bad-config ${fault.service} (fails ${Number((fault.errorRate * 100).toFixed(2))}%)`;
    case "data-corruption":
      return `data-corruption ${fault.database}${fault.reachesBackups ? " (backups too)" : ""}`;
    case "accidental-delete":
      return `accidental-delete ${fault.database} ${Number((fault.fraction * 100).toFixed(2))}%`;
    case "dependency-timeout":
      return `dependency-timeout ${fault.dependency}`;
    case "dependency-errors":
      return `dependency-errors ${fault.dependency} ${Number((fault.errorRate * 100).toFixed(3))}%`;
    case "dependency-slowdown":
      return `dependency-slowdown ${fault.dependency} ×${fault.factor}`;
  }
}

/** A mean time as hours or minutes, to two decimals at most: `24h`, `30min`, `0.5min`. */
function hours(us: number): string {
  const h = us / 3.6e9;
  return h >= 1 ? `${Number(h.toFixed(2))}h` : `${Number((us / 60e6).toFixed(2))}min`;
}

function link(fault: { between: [string, string]; oneWay: boolean }): string {
  return `${fault.between[0]}${fault.oneWay ? "→" : "↔"}${fault.between[1]}`;
}
