// The world after a run, as plain data: what reports, metrics and the UI read instead of reaching
// into the components' arrays (ARCHITECTURE.md, "The model's rooms"). Built once, at the end.

import type { DataLoss } from "./data/data-loss.js";
import type { InternalCallStats } from "./dependencies/calls.js";
import type { ExternalStats } from "./dependencies/externals.js";
import type { QueueStats } from "./dependencies/queues.js";
import type { World } from "./world.js";

/** One service's calls to one dependency, with what its defences did. */
export interface ChannelReadout {
  service: string;
  dependency: string;
  /** Present when the dependency is another service of the design (absent: an external). */
  callee?: "service";
  calls: number;
  retries: number;
  /** Calls failed at once by an open breaker or a full bulkhead. */
  fastFails: number;
  failedCalls: number;
  breakerOpens: number;
  retriesDenied: number;
  /** A fallback's channel: the dependency whose failed calls it takes. */
  fallbackFor?: string;
  /**
   * The call's fallback (`to`: an external, or "cached"): failed calls handed to it, and of those
   * the ones a cached answer served (degraded).
   */
  fallback?: { to: string; fellBack: number; servedCached: number };
}

export interface CacheReadout {
  service: string;
  hits: number;
  misses: number;
}

export interface WorldReadout {
  /** User requests the clients issued. */
  issued: number;
  /** Requests still in flight at the end (orphans, whose caller has given up, and calls between services excluded). */
  inFlight: number;
  promotions: number;
  /** Writes the databases committed, acknowledged or not (an answer lost to a partition is not). */
  writesCommitted: number;
  dnsFailovers: number;
  /** Every loss of acknowledged writes, database by database, in the order they happened. */
  losses: DataLoss[];
  channels: ChannelReadout[];
  externals: ExternalStats[];
  /** Each service with an application cache. */
  caches: CacheReadout[];
  queues: QueueStats[];
  /** Calls between services (requests of their own, never user requests). */
  internalCalls: InternalCallStats;
  /** Instance-seconds paid for per service, in the design's order: launch to removal (what cost reads). */
  instanceSeconds: { service: string; seconds: number }[];
  /** Writes each database committed, in the design's order (what replication transfer is priced on). */
  databaseWrites: { database: string; committed: number }[];
}

/** Calls between services still live at the end (they are requests of the pool, not of users). */
function internalInFlight(world: World): number {
  const { issued, succeeded, failed } = world.tier.calls.internal;
  return issued - succeeded - failed;
}

export function readWorld(world: World): WorldReadout {
  const { requests } = world.ctx;
  const { hits, misses } = world.tier.data.caches;
  return {
    issued: world.workload.issued,
    inFlight: requests.inFlight - requests.orphaned - internalInFlight(world),
    promotions: world.databases.reduce((sum, db) => sum + db.promotions, 0),
    writesCommitted: world.databases.reduce((sum, db) => sum + db.committed, 0),
    dnsFailovers: world.routing.failovers.reduce((sum, n) => sum + n, 0),
    losses: world.databases.flatMap((db) => db.losses.map((loss) => ({ ...loss }))),
    channels: world.tier.calls.channels.map((channel) => ({
      service: channel.service,
      dependency: channel.call.to,
      ...(channel.callee >= 0 ? { callee: "service" as const } : {}),
      calls: channel.calls,
      retries: channel.retries,
      fastFails: channel.fastFails,
      failedCalls: channel.failedCalls,
      breakerOpens: channel.breakers.reduce((sum, breaker) => sum + breaker.opens, 0),
      retriesDenied: channel.budget?.denied ?? 0,
      ...(channel.fallbackOf >= 0 ? { fallbackFor: world.tier.calls.channels[channel.fallbackOf].call.to } : {}),
      ...(channel.call.fallback === undefined
        ? {}
        : {
            fallback: {
              to: channel.call.fallback.kind === "cached" ? "cached" : channel.call.fallback.call.to,
              fellBack: channel.fellBack,
              servedCached: channel.servedCached,
            },
          }),
    })),
    externals: world.tier.calls.externals.stats.map((stats) => ({ ...stats })),
    caches: world.config.services.flatMap((service, i) =>
      service.cache ? [{ service: service.name, hits: hits[i], misses: misses[i] }] : [],
    ),
    queues: world.queues.stats.map((stats) => ({ ...stats })),
    internalCalls: { ...world.tier.calls.internal },
    instanceSeconds: world.autoscaler
      .paidInstanceUs(world.config.services.length, world.ctx.run.durationUs)
      .map((us, i) => ({ service: world.config.services[i].name, seconds: us / 1e6 })),
    databaseWrites: world.databases.map((db) => ({ database: db.name, committed: db.committed })),
  };
}
