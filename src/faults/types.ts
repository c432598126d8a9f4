// Faults as data (STYLE.md 4): each declared fault has a target, a start and an optional end,
// and compiles to a pair of start/stop events.

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
    | { kind: "replication-lag"; database: string; replica: string; lagUs: number }
    | { kind: "traffic-spike"; client: string; multiplier: number }
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
    case "replication-lag":
      return `replication-lag ${fault.database}/${fault.replica} ${fault.lagUs / 1e6}s`;
    case "traffic-spike":
      return `traffic-spike ${fault.client} ×${fault.multiplier}`;
  }
}
