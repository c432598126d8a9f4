// A request's data access: the service's cache first (for reads), then its database. How long it
// takes is known when the request starts (cache hit, or the round trip to the node that serves
// it under that node's load); whether the database answered is decided when the request
// completes, by the database's state then (ARCHITECTURE.md, "The life of one request"). Around the database call sit the
// service's defences and faults: a bulkhead on calls in flight per instance, partitions between
// the service and its database, accidentally deleted rows, and the keyed cache refilled by reads.

import type { RandomStream } from "../../engine/index.js";
import type { ModelContext, ServiceConfig } from "../core/index.js";
import { retransmissionDelayUs } from "../core/index.js";
import { CUT_ANSWERS, CUT_NONE, CUT_REQUESTS, DependencyCuts } from "../dependencies/index.js";
import { CACHE_HIT, CACHE_MISS, NO_CACHE_KEY, ServiceCaches } from "./cache.js";
import { COMMIT_REJECTED, COMMIT_UNREACHABLE, COMMIT_WAITING, type Database } from "./database.js";

/** How a request's data access begins. */
export const ACCESS_TIMED = 0;
/** The database bulkhead is full: the request fails at once. */
export const ACCESS_REFUSED = 1;
/** The node is overloaded: the call will wait out its timeout (`lastWaitUs`). */
export const ACCESS_OVERLOADED = 2;

/** How it ends, at completion. */
export const DATA_OK = 0;
/** No answer (down, cut off, overloaded): the caller waits out its timeout. */
export const DATA_UNREACHABLE = 1;
/** The database refused (disk full, restoring): the request fails at once. */
export const DATA_REJECTED = 2;
/** The row was deleted by accident: not found. */
export const DATA_MISSING = 3;

export class DataAccess {
  readonly caches: ServiceCaches;
  /** Partitions between services and their databases. */
  readonly cuts = new DependencyCuts();
  /** Set by `begin`: the time the access adds, or (overloaded) until the call times out. */
  lastWaitUs = 0;
  private readonly database: (Database | undefined)[];
  private readonly readsLocal: Uint8Array;
  private readonly timeoutUs: Float64Array;
  /** Most database calls in flight per instance (0: no bulkhead), and how many are now. */
  private readonly bulkhead: Int32Array;
  private readonly inFlight: Int32Array;

  constructor(
    private readonly ctx: ModelContext,
    services: ServiceConfig[],
    databases: Database[],
    instanceCount: number,
  ) {
    this.caches = new ServiceCaches(services, ctx.streams, () => ctx.sim.now);
    this.database = services.map((s) => databases.find((db) => db.name === s.database?.name));
    this.readsLocal = Uint8Array.from(services.map((s) => (s.database?.reads === "local-replica" ? 1 : 0)));
    this.timeoutUs = Float64Array.from(services.map((s) => s.database?.timeoutUs ?? 0));
    this.bulkhead = Int32Array.from(services.map((s) => s.database?.bulkhead ?? 0));
    this.inFlight = new Int32Array(instanceCount);
  }

  /** The service's database (undefined: it has none). */
  databaseOf(service: number): Database | undefined {
    return this.database[service];
  }

  /** Whether the service reads from a replica in its own region rather than the primary. */
  readsFromLocalReplica(service: number): boolean {
    return this.readsLocal[service] === 1;
  }

  /** How long a call to the service's database waits before giving up. */
  databaseTimeoutUs(service: number): number {
    return this.timeoutUs[service];
  }

  /**
   * The request starts on `instance` in `zone`: looks it up in the cache, or takes a bulkhead
   * place and times the database call. Sets `lastWaitUs`; returns ACCESS_*.
   */
  begin(request: number, instance: number, service: number, zone: number, random: RandomStream): number {
    const { requests, sim } = this.ctx;
    const database = this.database[service];
    requests.dbNode[request] = -1;
    requests.dbHeld[request] = 0;
    this.lastWaitUs = 0;
    const caches = this.caches;
    const lookup =
      database !== undefined && caches.enabled[service] === 1 && requests.isWrite[request] === 0
        ? caches.lookUp(service, random, sim.now)
        : CACHE_MISS;
    requests.cacheKey[request] = lookup >= 0 ? lookup : NO_CACHE_KEY;
    if (lookup === CACHE_HIT) {
      this.lastWaitUs = caches.latencyUs[service];
      return ACCESS_TIMED;
    }
    if (database === undefined) return ACCESS_TIMED;
    const bulkhead = this.bulkhead[service];
    if (bulkhead > 0) {
      if (this.inFlight[instance] >= bulkhead) return ACCESS_REFUSED;
      this.inFlight[instance]++;
      requests.dbHeld[request] = 1;
    }
    let node = database.primary;
    let operationUs: number;
    let durationUs: number;
    if (requests.isWrite[request] === 1) {
      operationUs = database.config.writeTimeUs;
      durationUs = database.writeDurationUs(zone);
    } else {
      node = database.readNode(zone, this.readsLocal[service] === 1);
      requests.dbNode[request] = node;
      operationUs = database.config.readTimeUs;
      durationUs = database.readDurationUs(zone, node);
    }
    // A call a partition keeps from arriving puts no load on the database.
    const arrives =
      !this.cuts.active ||
      this.cuts.between(service, zone, this.ctx.topology.zoneRegion[zone], database.index) !== CUT_REQUESTS;
    const factor = database.config.capacity > 0 && arrives ? database.loadFactor(node, sim.now, operationUs) : 1;
    if (factor > 1) {
      const extraUs = operationUs * (factor - 1);
      if (extraUs > this.timeoutUs[service]) {
        // Overloaded: the call waits out its timeout instead of the operation.
        this.lastWaitUs = durationUs - operationUs + this.timeoutUs[service];
        return ACCESS_OVERLOADED;
      }
      durationUs += extraUs;
    }
    const network = this.ctx.network;
    if (network.active) {
      const loss = network.lossBetween(zone, database.nodeZones[node]);
      if (loss > 0) durationUs += retransmissionDelayUs(loss, random.next());
    }
    this.lastWaitUs = durationUs;
    return ACCESS_TIMED;
  }

  /** The request completes: did its database call (if it made one) succeed? Returns DATA_*. */
  complete(request: number, instance: number, service: number, zone: number, random: RandomStream): number {
    const { requests, recorder, sim } = this.ctx;
    const database = this.database[service];
    const isWrite = requests.isWrite[request] === 1;
    if (database === undefined || (!isWrite && requests.dbNode[request] < 0)) return DATA_OK;
    const cut = this.cuts.active
      ? this.cuts.between(service, zone, this.ctx.topology.zoneRegion[zone], database.index)
      : CUT_NONE;
    // Cut off on the way there, the call never arrives; on the way back, a write commits
    // all the same, but its answer is lost.
    const outcome =
      cut === CUT_REQUESTS
        ? COMMIT_UNREACHABLE
        : isWrite
          ? database.commit(
              sim.now,
              zone,
              cut !== CUT_ANSWERS,
              database.writerClass(requests.client[request], requests.operation[request]),
            )
          : database.readOutcome(requests.dbNode[request], zone);
    // A write waiting for its sync replicas is never answered in time either.
    if (outcome === COMMIT_UNREACHABLE || outcome === COMMIT_WAITING || cut === CUT_ANSWERS) {
      // Waiting out the timeout is database work too: it holds a bulkhead place again (a
      // service with calls gave its place back when its own work ended).
      if (this.bulkhead[service] > 0 && requests.dbHeld[request] === 0) {
        requests.dbHeld[request] = 1;
        this.inFlight[instance]++;
      }
      return DATA_UNREACHABLE;
    }
    if (outcome === COMMIT_REJECTED) return DATA_REJECTED;
    if (isWrite) {
      recorder.writesAcknowledged++;
      return DATA_OK;
    }
    const node = requests.dbNode[request];
    if (node !== database.primary) {
      recorder.replicaReads++;
      const beganUs = sim.now - database.readDurationUs(zone, node);
      if (database.readIsStale(node, beganUs, sim.now)) recorder.staleReads++;
    }
    const missing = database.deletes.missingFraction;
    if (missing > 0 && random.next() < missing) return DATA_MISSING;
    // A keyed cache is filled by the reads that missed it, once they have their answer.
    const key = requests.cacheKey[request];
    if (key !== NO_CACHE_KEY) this.caches.fill(service, key, random, sim.now);
    return DATA_OK;
  }

  /** The request's database work is over: its bulkhead place is free again. */
  release(request: number, instance: number): void {
    const requests = this.ctx.requests;
    if (requests.dbHeld[request] === 0) return;
    requests.dbHeld[request] = 0;
    this.inFlight[instance]--;
  }

  /** The instance crashed: the calls it had in flight are gone. */
  instanceCrashed(instance: number): void {
    this.inFlight[instance] = 0;
  }
}
