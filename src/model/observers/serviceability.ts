// Would a user's request succeed now? Read from the world's state alone, drawing nothing and
// scheduling nothing: where DNS sends the client's requests (cache by cache), whether the region
// is up and reachable, which targets its load balancer believes healthy and whether they are
// alive, the bad changes they run, whether the database answers the reads and writes the
// client makes (past the cache), and whether the required calls would get an answer within
// their timeout and retries — per operation when the workload declares them, each with its own
// calls and read or write (ARCHITECTURE.md, "Operations"). Queueing and overload are matters of
// load, not of state, and are left to the requests themselves. Time-based availability and
// incidents use it for the windows that hold too few requests to judge (ARCHITECTURE.md, "Time
// in a good state").

import type { ClientConfig, ModelContext, OperationConfig } from "../core/index.js";
import { COMMIT_OK, type Database } from "../data/index.js";
import { type Channel, CUT_NONE } from "../dependencies/index.js";
import type { GlobalRouting, LoadBalancers, ServiceTier, Workload } from "../traffic/index.js";

export interface ServiceabilityParts {
  ctx: ModelContext;
  clients: readonly ClientConfig[];
  edgeCacheHitRatio: number;
  /** The workload's operations (empty: none declared). */
  operations?: readonly OperationConfig[];
  tier: ServiceTier;
  balancers: LoadBalancers;
  routing: GlobalRouting;
  workload: Workload;
}

export class Serviceability {
  /** Per service: the cache reads counted at the last look, for a keyed cache's recent hit ratio. */
  private readonly lastHits: Float64Array;
  private readonly lastMisses: Float64Array;
  private readonly lastHitRatio: Float64Array;
  /** The user clients (not attackers, not probes), by index. */
  readonly users: number[];
  /**
   * Per balancer, as of the last `prepare`: the share of its requests that go to targets it still
   * believes healthy but that are dead (least-outstanding balancing; see `prepare`).
   */
  private readonly deadShare: Float64Array;
  /** Per balancer, user requests per second arriving (scratch for `prepare`), and their write share. */
  private readonly balancerRate: Float64Array;
  private readonly balancerWrites: Float64Array;
  /**
   * Per client, where DNS sends its requests as of `routedAtUs[client]`: `routeCount` regions (−1:
   * no answer) with their shares. Read once per instant, as `answerShares` walks every cache.
   */
  private readonly routeRegion: Int32Array[];
  private readonly routeShare: Float64Array[];
  private readonly routeCount: Int32Array;
  private readonly routedAtUs: Float64Array;
  /** Per client: its home region and its service, by index. */
  private readonly homes: number[];
  private readonly services: number[];
  /**
   * Operations: how many are declared; an operation index equal to it means every call, at the
   * client's own write ratio (as without operations). Per client and operation, its share
   * (client c's operation k at c × operations + k); per operation, whether it writes.
   */
  readonly operationCount: number;
  private readonly operationShare: Float64Array;
  private readonly operationWrites: Uint8Array;

  constructor(private readonly parts: ServiceabilityParts) {
    const services = parts.tier.data.caches.hits.length;
    this.lastHits = new Float64Array(services);
    this.lastMisses = new Float64Array(services);
    this.lastHitRatio = new Float64Array(services);
    this.homes = parts.clients.map((client) => parts.ctx.topology.regionIndex(client.region));
    this.services = parts.clients.map((client) => parts.tier.serviceNames.indexOf(client.service));
    const balancers = parts.balancers.balancers.length;
    const answers = parts.ctx.topology.regionNames.length + 1;
    this.routeRegion = parts.clients.map(() => new Int32Array(answers));
    this.routeShare = parts.clients.map(() => new Float64Array(answers));
    this.routeCount = new Int32Array(parts.clients.length);
    this.routedAtUs = new Float64Array(parts.clients.length).fill(Number.NaN);
    this.deadShare = new Float64Array(balancers);
    this.balancerRate = new Float64Array(balancers);
    this.balancerWrites = new Float64Array(balancers);
    this.users = parts.clients.flatMap((client, index) =>
      client.malicious || client.probeEveryUs !== undefined ? [] : [index],
    );
    const operations = parts.operations ?? [];
    this.operationCount = operations.length;
    this.operationShare = Float64Array.from({ length: parts.clients.length * operations.length }, (_, i) => {
      const k = i % operations.length;
      return parts.clients[Math.floor(i / operations.length)].operationShares?.[k] ?? operations[k].share;
    });
    this.operationWrites = Uint8Array.from(operations, (operation) => (operation.write ? 1 : 0));
  }

  /** The share of `operation`'s requests that write (every call's row: the client's write ratio). */
  private writeShare(client: number, operation: number): number {
    return operation < this.operationCount ? this.operationWrites[operation] : this.parts.clients[client].writeRatio;
  }

  /** The share of `operation`'s requests the CDN answers: reads only, when operations are declared. */
  private edgeShare(operation: number): number {
    return operation < this.operationCount && this.operationWrites[operation] === 1 ? 0 : this.parts.edgeCacheHitRatio;
  }

  /**
   * The share of user requests that would succeed now, weighted by each client's rate (1 when
   * no user sends anything).
   */
  userSuccessRatio(nowUs: number): number {
    this.noteCacheReads();
    this.prepare(nowUs);
    let weight = 0;
    let success = 0;
    for (const client of this.users) {
      const rate = this.parts.workload.rateAt(client, nowUs);
      if (rate <= 0) continue;
      weight += rate;
      success += rate * this.clientSuccess(client, nowUs);
    }
    return weight === 0 ? 1 : success / weight;
  }

  /**
   * Reads the load each balancer sees, for what depends on it. A round-robin balancer splits its
   * requests evenly over the targets it believes healthy. A least-outstanding one sends each to
   * the first target it finds idle, and a dead target it still believes healthy answers at once,
   * so it always looks idle: it takes every request that finds no live target idle before it. With
   * d dead and l live targets each idle with probability p₀ = e^(−a) (a: the requests one live
   * target holds at once, its rate × mean holding time, Poisson), the dead take D = d / (d + l·p₀),
   * where a live target's rate is itself what the dead leave: (1 − D)·λ / l.
   * At low load that is their even share; under load (or when the database's timeouts hold
   * requests) nearly all. Call before `clientSuccess` and `forEachArrival` at a new instant.
   */
  prepare(nowUs: number): void {
    const { edgeCacheHitRatio, clients } = this.parts;
    this.routedAtUs.fill(Number.NaN); // the world may have changed since the last read, even at this time
    // Almost always no balancer has a dead target in rotation: nothing to weigh (this runs every
    // simulated second of a per-request run).
    if (!this.anyDeadInRotation()) {
      this.deadShare.fill(0);
      return;
    }
    this.balancerRate.fill(0);
    this.balancerWrites.fill(0);
    for (const client of this.users) {
      if (this.operationCount > 0) {
        // Per operation: reads past the CDN, writes all of them.
        const sent = this.parts.workload.rateAt(client, nowUs);
        if (sent <= 0) continue;
        let rate = 0;
        let writes = 0;
        const first = client * this.operationCount;
        for (let k = 0; k < this.operationCount; k++) {
          rate += sent * this.operationShare[first + k] * (1 - this.edgeShare(k));
          writes += sent * this.operationShare[first + k] * this.operationWrites[k];
        }
        this.forEachBalancer(client, nowUs, (balancer, share) => {
          this.balancerRate[balancer] += rate * share;
          this.balancerWrites[balancer] += writes * share;
        });
        continue;
      }
      const rate = this.parts.workload.rateAt(client, nowUs) * (1 - edgeCacheHitRatio);
      if (rate <= 0) continue;
      this.forEachBalancer(client, nowUs, (balancer, share) => {
        this.balancerRate[balancer] += rate * share;
        this.balancerWrites[balancer] += rate * share * clients[client].writeRatio;
      });
    }
    for (let b = 0; b < this.deadShare.length; b++) this.deadShare[b] = this.deadShareOf(b);
  }

  private anyDeadInRotation(): boolean {
    const { balancers, tier } = this.parts;
    for (const lb of balancers.balancers) {
      for (let k = 0; k < lb.targets.length; k++) {
        if (lb.believedHealthy[k] === 1 && tier.alive[lb.targets[k]] === 0) return true;
      }
    }
    return false;
  }

  private deadShareOf(balancer: number): number {
    const lb = this.parts.balancers.balancers[balancer];
    const tier = this.parts.tier;
    let dead = 0;
    let live = 0;
    let holdUs = 0;
    for (let k = 0; k < lb.targets.length; k++) {
      if (lb.believedHealthy[k] === 0) continue;
      const instance = lb.targets[k];
      if (tier.alive[instance] === 0) dead++;
      else {
        live++;
        holdUs += this.holdingUs(instance, balancer);
      }
    }
    if (dead === 0) return 0;
    if (live === 0) return 1;
    if (!lb.leastOutstanding) return dead / (dead + live);
    // The live targets get what the dead do not take, so how idle they are depends on the share:
    // D = d / (d + l·e^(−(1 − D)·λ·H / l)). The right side falls as D grows: one fixed point,
    // found by bisection (to well below a request in a billion).
    const load = (this.balancerRate[balancer] * holdUs) / live / live / 1e6; // λ·H / l
    let low = dead / (dead + live);
    let high = 1;
    for (let step = 0; step < 40; step++) {
      const share = (low + high) / 2;
      const implied = dead / (dead + live * Math.exp(-(1 - share) * load));
      if (implied > share) low = share;
      else high = share;
    }
    return (low + high) / 2;
  }

  /** How long a request holds a slot of `instance` on average: its service and its database access. */
  private holdingUs(instance: number, balancer: number): number {
    const tier = this.parts.tier;
    const service = tier.instanceService[instance];
    const serviceUs = tier.meanServiceUs(instance);
    const db = tier.data.databaseOf(service);
    if (db === undefined) return serviceUs;
    const rate = this.balancerRate[balancer];
    const writes = rate > 0 ? this.balancerWrites[balancer] / rate : 0;
    const zone = tier.instanceZone[instance];
    const timeoutUs = tier.data.databaseTimeoutUs(service);
    const writeUs = writable(db, zone) ? db.writeDurationUs(zone) : timeoutUs;
    const node = db.readNode(zone, tier.data.readsFromLocalReplica(service));
    const readUs = readable(db, node, zone) ? db.readDurationUs(zone, node) : timeoutUs;
    return serviceUs + writes * writeUs + (1 - writes) * readUs;
  }

  /** The share of the client's requests that would succeed now (over its operations, by share). */
  clientSuccess(client: number, nowUs: number): number {
    if (this.operationCount === 0) return this.operationSuccess(client, 0, nowUs);
    let success = 0;
    const first = client * this.operationCount;
    for (let k = 0; k < this.operationCount; k++) {
      success += this.operationShare[first + k] * this.operationSuccess(client, k, nowUs);
    }
    return success;
  }

  /**
   * The share of the client's requests of `operation` that would succeed now: its own calls, its
   * own read or write (the operations' count: every call, the client's mix).
   */
  operationSuccess(client: number, operation: number, nowUs: number): number {
    const count = this.route(client, nowUs);
    let served = 0;
    for (let k = 0; k < count; k++) {
      served += this.routeShare[client][k] * this.regionSuccess(client, this.routeRegion[client][k], operation, nowUs);
    }
    const edge = this.edgeShare(operation);
    return edge + (1 - edge) * served;
  }

  /** Where DNS sends the client's requests now (see `routeRegion`); returns how many regions. */
  private route(client: number, nowUs: number): number {
    if (this.routedAtUs[client] === nowUs) return this.routeCount[client];
    const { routing } = this.parts;
    const home = this.homes[client];
    const service = this.services[client];
    const regions = this.routeRegion[client];
    const shares = this.routeShare[client];
    const settled = routing.settledAnswer(service, home, nowUs);
    let count = 0;
    if (settled !== undefined) {
      regions[0] = settled;
      shares[0] = 1;
      count = 1;
    } else {
      for (const [region, share] of routing.answerShares(service, home, client, nowUs)) {
        regions[count] = region;
        shares[count] = share;
        count++;
      }
    }
    this.routeCount[client] = count;
    this.routedAtUs[client] = nowUs;
    return count;
  }

  /** Requests from clients in `home` get to `region`: it answers (up) and no partition is in the way. */
  private reaches(home: number, region: number): boolean {
    const { ctx } = this.parts;
    if (region < 0 || !ctx.topology.isRegionUp(region)) return false;
    return !(ctx.network.active && ctx.network.regionBlocked[home * ctx.topology.regionNames.length + region] === 1);
  }

  /**
   * Where the client's requests (of `operation`, when given) land now: calls `visit` with each live
   * instance and the share of those requests that reach it (past the edge cache, DNS, the region
   * and its balancer's rotation).
   */
  forEachArrival(
    client: number,
    nowUs: number,
    visit: (instance: number, share: number) => void,
    operation = this.operationCount,
  ): void {
    const { balancers, tier } = this.parts;
    const edge = this.edgeShare(operation);
    this.forEachBalancer(client, nowUs, (balancer, share) => {
      const lb = balancers.balancers[balancer];
      let live = 0;
      for (let k = 0; k < lb.targets.length; k++) live += lb.believedHealthy[k] & tier.alive[lb.targets[k]];
      const toLive = (1 - edge) * share * (1 - this.deadShare[balancer]);
      for (let k = 0; k < lb.targets.length; k++) {
        const instance = lb.targets[k];
        if (lb.believedHealthy[k] === 1 && tier.alive[instance] === 1) visit(instance, toLive / live);
      }
    });
  }

  /**
   * The balancers the client's requests reach now (DNS's answer, a region up and reachable, a
   * balancer that answers), with the share of its requests each gets.
   */
  private forEachBalancer(client: number, nowUs: number, visit: (balancer: number, share: number) => void): void {
    const { balancers } = this.parts;
    const home = this.homes[client];
    const service = this.services[client];
    const count = this.route(client, nowUs);
    for (let k = 0; k < count; k++) {
      const region = this.routeRegion[client][k];
      if (!this.reaches(home, region)) continue;
      const balancer = balancers.balancerFor(service, region);
      if (balancer < 0 || balancers.outages.values[balancer] > 0) continue;
      visit(balancer, this.routeShare[client][k]);
    }
  }

  /**
   * The share of a request reaching `instance` that would commit a write and be answered: no bad
   * change failed it first, its required calls succeeded, and the primary took the write and its
   * answer came back. The database it goes to is `databaseOf`'s (none: 0). `operation`: whose
   * calls it makes (the operations' count: every call).
   */
  writeCommits(instance: number, nowUs: number, operation = this.operationCount): number {
    const tier = this.parts.tier;
    const service = tier.instanceService[instance];
    const zone = tier.instanceZone[instance];
    const db = tier.data.databaseOf(service);
    if (db === undefined) return 0;
    const region = this.parts.ctx.topology.zoneRegion[zone];
    const cut = tier.data.cuts.active ? tier.data.cuts.between(service, zone, region, db.index) : CUT_NONE;
    if (cut !== CUT_NONE || !writable(db, zone)) return 0;
    return (1 - tier.changeErrorRate[instance]) * this.callsSuccess(service, zone, operation, 1, nowUs);
  }

  /** The share of the client's requests of `operation` that succeed when DNS sends them to `region` (-1: nowhere). */
  private regionSuccess(client: number, region: number, operation: number, nowUs: number): number {
    const { balancers } = this.parts;
    if (!this.reaches(this.homes[client], region)) return 0;
    const balancer = balancers.balancerFor(this.services[client], region);
    if (balancer < 0 || balancers.outages.values[balancer] > 0) return 0;
    return this.balancerSuccess(balancer, operation, this.writeShare(client, operation), nowUs);
  }

  /**
   * Over the targets the balancer believes healthy, the live ones sharing what the dead ones do
   * not take (`prepare`); none believed healthy: every request fails.
   */
  private balancerSuccess(balancer: number, operation: number, writeRatio: number, nowUs: number): number {
    const lb = this.parts.balancers.balancers[balancer];
    const tier = this.parts.tier;
    let live = 0;
    let success = 0;
    for (let k = 0; k < lb.targets.length; k++) {
      if (lb.believedHealthy[k] === 0 || tier.alive[lb.targets[k]] === 0) continue;
      live++;
      success += this.instanceSuccess(lb.targets[k], operation, writeRatio, nowUs);
    }
    return live === 0 ? 0 : ((1 - this.deadShare[balancer]) * success) / live;
  }

  private instanceSuccess(instance: number, operation: number, writeRatio: number, nowUs: number): number {
    const tier = this.parts.tier;
    if (tier.alive[instance] === 0) return 0;
    const service = tier.instanceService[instance];
    const zone = tier.instanceZone[instance];
    const changes = 1 - tier.changeErrorRate[instance];
    return (
      changes *
      this.dataSuccess(service, zone, writeRatio, nowUs) *
      this.callsSuccess(service, zone, operation, writeRatio, nowUs)
    );
  }

  private dataSuccess(service: number, zone: number, writeRatio: number, nowUs: number): number {
    const data = this.parts.tier.data;
    const db = data.databaseOf(service);
    if (db === undefined) return 1;
    const region = this.parts.ctx.topology.zoneRegion[zone];
    const cut = data.cuts.active ? data.cuts.between(service, zone, region, db.index) : CUT_NONE;
    const hit = data.caches.hitRatioNow(service, nowUs) ?? this.lastHitRatio[service];
    const write = cut === CUT_NONE && writable(db, zone) ? 1 : 0;
    const node = db.readNode(zone, data.readsFromLocalReplica(service));
    const read = cut === CUT_NONE && readable(db, node, zone) ? 1 - db.deletes.missingFraction : 0;
    return writeRatio * write + (1 - writeRatio) * (hit + (1 - hit) * read);
  }

  /**
   * Each required call made (its fraction, when `operation` makes it) must succeed within its
   * attempts; optional ones only degrade. A call to a service succeeds as that service's own
   * requests of the same operation would (recursively: the graph has no cycle), reached from
   * this zone.
   */
  private callsSuccess(service: number, zone: number, operation: number, writeRatio: number, nowUs: number): number {
    const calls = this.parts.tier.calls;
    const first = calls.firstChannelOf(service);
    let success = 1;
    let index = first - 1;
    for (const channel of calls.channelsOf(service)) {
      index++;
      const call = channel.call;
      if (!call.required || channel.switchedOff || !calls.operationMakes(operation, index)) continue;
      const callSuccess = this.callSuccess(channel, service, zone, operation, writeRatio, nowUs);
      // A failed call's fallback serves what it can: a second provider, or a cached answer.
      const fallback = call.fallback;
      const rescued =
        fallback === undefined
          ? 0
          : fallback.kind === "cached"
            ? fallback.share
            : this.callSuccess(calls.channels[channel.fallback], service, zone, operation, writeRatio, nowUs);
      success *= 1 - call.fraction + call.fraction * (callSuccess + (1 - callSuccess) * rescued);
    }
    return success;
  }

  /** The share of one channel's calls from `zone` that succeed within their attempts. */
  private callSuccess(
    channel: Channel,
    service: number,
    zone: number,
    operation: number,
    writeRatio: number,
    nowUs: number,
  ): number {
    const calls = this.parts.tier.calls;
    const call = channel.call;
    // Calls an open breaker fails at once: with breakers per instance, those of the zone's
    // instances whose breaker is open; the others call (and retry) as usual.
    const closed = calls.closedShareIn(channel, service, zone);
    if (closed === 0) return 0;
    let attempt: number;
    if (channel.callee >= 0) attempt = this.serviceCallSuccess(channel.callee, zone, operation, writeRatio, nowUs);
    else {
      const region = this.parts.ctx.topology.zoneRegion[zone];
      const cut = calls.cuts.active ? calls.cuts.between(service, zone, region, channel.external) : CUT_NONE;
      attempt = cut === CUT_NONE ? calls.externals.attemptSuccess(channel.external, call.timeoutUs) : 0;
    }
    return closed * (1 - (1 - attempt) ** (call.retries.max + 1));
  }

  /**
   * The share of calls from `fromZone` that service `callee` answers with a success: its balancer
   * in the region calls go to (tier.calleeRegionOf) must answer, and the live targets it believes
   * healthy share what the dead ones do not take, each answering as its own requests would.
   * Within the timeout by assumption: fluid runs refuse timeouts close to the callee's time
   * (scenario/fidelity.ts).
   */
  private serviceCallSuccess(
    callee: number,
    fromZone: number,
    operation: number,
    writeRatio: number,
    nowUs: number,
  ): number {
    const { ctx, balancers, tier } = this.parts;
    const { topology, network } = ctx;
    const from = topology.zoneRegion[fromZone];
    const region = tier.calleeRegionOf(callee, from);
    if (region < 0 || !this.reaches(from, region)) return 0;
    const balancer = balancers.balancerFor(callee, region);
    if (balancer < 0 || balancers.outages.values[balancer] > 0) return 0;
    const lb = balancers.balancers[balancer];
    let live = 0;
    let success = 0;
    for (let k = 0; k < lb.targets.length; k++) {
      const instance = lb.targets[k];
      if (lb.believedHealthy[k] === 0 || tier.alive[instance] === 0) continue;
      live++;
      const zone = tier.instanceZone[instance];
      if (!network.reachable(fromZone, zone) || !network.reachable(zone, fromZone)) continue;
      success += this.instanceSuccess(instance, operation, writeRatio, nowUs);
    }
    return live === 0 ? 0 : ((1 - this.deadShare[balancer]) * success) / live;
  }

  /**
   * True while the answer changes with time alone, with no event to mark it: DNS caches expiring
   * one by one within a TTL of a change, a cache warming up after a flush.
   */
  drifting(nowUs: number): boolean {
    const { routing, tier } = this.parts;
    for (const client of this.users) {
      if (routing.settledAnswer(this.services[client], this.homes[client], nowUs) === undefined) return true;
    }
    const caches = tier.data.caches;
    for (let service = 0; service < caches.hits.length; service++) {
      if (caches.warming(service, nowUs)) return true;
    }
    return false;
  }

  /** A keyed cache's hit ratio is what its reads found since the last look (kept when none came). */
  private noteCacheReads(): void {
    const caches = this.parts.tier.data.caches;
    for (let service = 0; service < caches.hits.length; service++) {
      const hits = caches.hits[service] - this.lastHits[service];
      const misses = caches.misses[service] - this.lastMisses[service];
      if (hits + misses > 0) this.lastHitRatio[service] = hits / (hits + misses);
      this.lastHits[service] = caches.hits[service];
      this.lastMisses[service] = caches.misses[service];
    }
  }
}

/** A write from `zone` commits: the primary is up, reachable and accepts writes. */
function writable(db: Database, zone: number): boolean {
  return db.writeOutcome(zone) === COMMIT_OK;
}

/** A read sent to `node` from `zone` is answered. */
function readable(db: Database, node: number, zone: number): boolean {
  return db.readOutcome(node, zone) === COMMIT_OK;
}
