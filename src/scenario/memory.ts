// What a run allocates before its first event, estimated from the compiled scenario alone (no
// allocation, no expansion into objects): per-second counts, instance state and queues, keyed
// caches, client DNS caches, breaker windows and the zone matrix. A scenario whose estimate
// passes MEMORY_MAX_BYTES is refused at validation with the estimate and the knob to turn.

import type { WorldConfig } from "../model/index.js";
import { HISTOGRAM_BUCKETS } from "../model/index.js";
import { instanceSlots } from "./compile/bounds.js";
import type { IssuePath } from "./errors.js";

/** One thing that takes memory, where it is written, and what lowers it. */
export interface MemoryPart {
  what: string;
  bytes: number;
  /** The value in the file that sets it (the largest contributor when several do). */
  path: IssuePath;
  knob: string;
}

export interface MemoryEstimate {
  bytes: number;
  /** Largest first. */
  parts: MemoryPart[];
}

/** Typed-array bytes per instance slot: counters, levers and flags (instance state, load balancers). */
const BYTES_PER_INSTANCE = 400;
/** Per zone pair: blocked, extra latency and loss (network rules), and the database's per-zone caches. */
const BYTES_PER_ZONE_PAIR = 17;
const TIMELINE_WINDOWS_MAX = 722;

export function estimateMemory(world: WorldConfig, userClients: number): MemoryEstimate {
  const seconds = Math.ceil(world.durationUs / 1e6) + 1;
  const latencyAlerts = world.alerts.filter((a) => a.latencyP99AboveUs !== undefined).length;
  const rows = 2 + latencyAlerts;
  const slots = world.services.map(instanceSlots);
  const largestBy = <T>(items: readonly T[], size: (item: T) => number) => {
    let best = 0;
    items.forEach((item, i) => {
      if (size(item) > size(items[best])) best = i;
    });
    return best;
  };
  const callsMax = Math.max(0, ...world.services.map((s) => s.calls.length));
  const byQueue = largestBy(world.services, (s) => s.queueCapacity * instanceSlots(s));
  const bySlots = largestBy(slots, (n) => n);
  const byKeys = largestBy(world.services, (s) => s.cache?.ttl?.keys ?? 0);
  const clients = world.clients.slice(0, userClients);
  const byPopulation = largestBy(clients, (c) => c.population);
  const zones = world.regions.reduce((n, r) => n + r.zones.length, 0);
  const breakers = world.services.flatMap((s, i) =>
    s.calls.map((call, j) => ({ window: call.breaker?.window ?? 0, path: ["design", "services", i, "calls", j] })),
  );
  const byBreaker = largestBy(breakers, (b) => b.window);
  const sum = (values: number[]) => values.reduce((total, v) => total + v, 0);
  const parts: MemoryPart[] = [
    {
      what: `per-second counts of a ${Math.round(seconds / 86_400)}-day run (${rows} rows)`,
      bytes: seconds * 4 * rows + TIMELINE_WINDOWS_MAX * HISTOGRAM_BUCKETS * 8,
      path: ["duration"],
      knob: latencyAlerts > 0 ? "shorten duration or drop latencyP99 alerts" : "shorten duration",
    },
    {
      what: "instance queues",
      bytes: sum(world.services.map((s, i) => s.queueCapacity * slots[i] * 4)),
      path: ["design", "services", byQueue, "queue"],
      knob: `lower design.services[${byQueue}].queue`,
    },
    {
      what: "instances",
      bytes: sum(slots) * (BYTES_PER_INSTANCE + 4 * (1 + callsMax)),
      path: ["design", "services", bySlots, "instancesPerZone"],
      knob: "run fewer instances",
    },
    {
      what: "keyed caches",
      bytes: sum(world.services.map((s) => (s.cache?.ttl?.keys ?? 0) * 8)),
      path: ["design", "services", byKeys, "cache", "keys"],
      knob: `lower design.services[${byKeys}].cache.keys`,
    },
    {
      what: "client DNS caches",
      bytes: sum(clients.map((c) => c.population * 8)),
      path: ["workload", "clients", byPopulation, "population"],
      knob: `lower workload.clients[${byPopulation}].population`,
    },
    {
      what: "breaker windows",
      bytes: sum(breakers.map((b) => b.window)),
      path: breakers.length > 0 ? [...breakers[byBreaker].path, "breaker", "window"] : ["design", "services"],
      knob: "shorten breaker windows",
    },
    {
      what: "the zone matrix",
      bytes: zones * zones * BYTES_PER_ZONE_PAIR,
      path: ["design", "regions"],
      knob: "declare fewer zones",
    },
  ].sort((a, b) => b.bytes - a.bytes);
  return { bytes: sum(parts.map((p) => p.bytes)), parts };
}

/** Bytes as a person reads them: `1.4 GB`, `320 MB`, `12 kB`. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toPrecision(3)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toPrecision(3)} MB`;
  return `${Math.ceil(bytes / 1e3)} kB`;
}
