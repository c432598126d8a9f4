// What a run used, read from the world after it (ARCHITECTURE.md, "Cost"), and the run's monthly
// cost: the function compare and sweeps call to price a result.

import {
  type CostAssumptions,
  type CostReport,
  type CostUsage,
  meanUsage,
  priceUsage,
  type RunMetrics,
} from "../metrics/index.js";
import type { WorldConfig, WorldReadout } from "../model/index.js";
import type { RunResult } from "./run.js";
import type { ScenarioVerdict } from "./suite.js";

/** The region of a zone id ("us-east/a" → "us-east"). */
const regionOf = (zone: string) => zone.slice(0, zone.lastIndexOf("/"));

/**
 * The quantities a bill is made of. Replication is priced on the design's first primary: every
 * committed write × once per replica (the record size is an assumption, applied when priced), by whether the replica is in another zone
 * or another region (a failover that moves the primary is not followed).
 */
export function usageOf(config: WorldConfig, readout: WorldReadout, metrics: RunMetrics): CostUsage {
  const writes = new Map(readout.databaseWrites.map((db) => [db.database, db.committed]));
  return {
    durationS: config.durationUs / 1e6,
    instanceSeconds: readout.instanceSeconds,
    databases: config.databases.map((db) => {
      const committed = writes.get(db.name) ?? 0;
      const sameRegion = db.replicas.filter((replica) => regionOf(replica.zone) === regionOf(db.primaryZone));
      const crossZone = sameRegion.filter((replica) => replica.zone !== db.primaryZone).length;
      const crossRegion = db.replicas.length - sameRegion.length;
      return {
        name: db.name,
        nodes: 1 + db.replicas.length,
        sizeGb: db.sizeGb,
        backups: db.backups !== undefined,
        crossZoneWrites: committed * crossZone,
        crossRegionWrites: committed * crossRegion,
      };
    }),
    loadBalancers: config.services.reduce((total, service) => total + new Set(service.zones.map(regionOf)).size, 0),
    requests: metrics.requests.total,
    responses: metrics.requests.succeeded,
    downtimeS: metrics.incidents.reduce((total, incident) => total + incident.rtoS, 0),
    lostWrites: metrics.rpo.lostWrites,
  };
}

/**
 * A run's cost per month: priced with `assumptions` when given (another table, other sizes), else
 * with its scenario's `cost:` section; undefined when there is neither.
 */
export function monthlyCost(result: RunResult, assumptions?: CostAssumptions): CostReport | undefined {
  if (assumptions !== undefined) return priceUsage(result.usage, assumptions);
  return result.cost;
}

/** A checked scenario's cost per month, its seeds' mean; undefined without a `cost:` section. */
export function scenarioCost(verdict: Pick<ScenarioVerdict, "runs">): CostReport | undefined {
  const priced = verdict.runs[0]?.cost;
  if (priced === undefined) return undefined;
  return priceUsage(meanUsage(verdict.runs.map((run) => run.usage)), priced.assumptions);
}
