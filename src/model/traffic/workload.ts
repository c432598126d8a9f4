// Open-loop clients: Poisson arrivals per client group at a constant or diurnal rate (a
// non-homogeneous process sampled by thinning), each request a read or a write by the mix, or,
// when the workload declares operations, of an operation drawn by share from the client's own
// stream (ARCHITECTURE.md, "Operations"). A traffic spike multiplies the rate; the pending arrival
// is redrawn (memorylessness).

import type { RandomStream } from "../../engine/index.js";
import type { Probes } from "../control/index.js";
import type { ClientConfig, NetworkConfig, OperationConfig, RateLimitConfig, RateProfile } from "../core/index.js";
import {
  FailureCode,
  FoldedLever,
  type ModelContext,
  ORIGIN_ATTACK,
  ORIGIN_PROBE,
  ORIGIN_USER,
  Priority,
  retransmissionDelayUs,
} from "../core/index.js";
import type { GlobalRouting } from "./global-routing.js";
import type { LoadBalancers } from "./load-balancer.js";
import type { ServiceTier } from "./service-tier.js";

const US_PER_DAY = 86_400_000_000;
/** Candidate arrivals a thinning step may reject in a row before giving up on the run's rest. */
const THINNING_STEPS_MAX = 1_000_000;
/** Thinning bounds the diurnal rate over segments of this length. */
const THINNING_SEGMENT_US = 60_000_000;

/** What the workload needs of the design besides its clients: the edge and the network. */
export interface WorkloadConfig {
  /** Service names in declaration order: a client's service is found by name. */
  serviceNames: string[];
  network: NetworkConfig;
  rateLimits: RateLimitConfig[];
  edgeCacheHitRatio: number;
  /** The workload's operations (empty: none declared). */
  operations: readonly OperationConfig[];
}

export class Workload {
  /** Traffic surges per client, keyed by fault: independent surges add their extra traffic. */
  readonly traffic: FoldedLever;
  /** Floods per malicious client, keyed by fault: their rates add up and replace its own (−1: none). */
  readonly floods: FoldedLever;
  private readonly multiplier: Float64Array;
  private readonly incarnation: Int32Array;
  /** Cached thinning bound per client: the segment it is for and the rate bound in it. */
  private readonly boundSegment: Float64Array;
  private readonly segmentBoundPerS: Float64Array;
  private readonly segmentFloorPerS: Float64Array;
  private readonly random: RandomStream[];
  private readonly clientRegion: Int32Array;
  private readonly clientService: Int32Array;
  private readonly arriveCode: number;
  private readonly replanCode: number;
  /** Clients whose rate changed this instant and whose next arrival is not drawn yet. */
  private readonly rateDirty: Uint8Array;
  /** User requests made (attack traffic is counted apart). */
  issued = 0;
  maliciousIssued = 0;
  /** User requests the CDN answered from its cache. */
  edgeHits = 0;
  private readonly origin: Uint8Array;
  /** Edge token buckets: per rule, tokens and the time they were last topped up; per client, its rule. */
  private readonly bucketTokens: Float64Array;
  private readonly bucketUpdatedUs: Float64Array;
  private readonly clientRule: Int32Array;
  private readonly jitter: number;
  private readonly regionCount: number;
  /** Client region × serving region → network round trip outside the instance (client ↔ edge ↔ instance). */
  private readonly roundTripUs: Float64Array;
  /**
   * Operations: how many, each client's cumulative shares (client c's operation k at
   * c × operations + k: its own mix, or the declared shares) and whether each writes.
   */
  private readonly operationCount: number;
  private readonly operationUpTo: Float64Array;
  private readonly operationWrites: Uint8Array;
  /** Per client, the stream its operations are drawn from (undefined for probes and without operations). */
  private readonly operationRandom: (RandomStream | undefined)[];
  /** Per client, a probe's fixed operation (operationCount: every call, as without operations). */
  private readonly fixedOperation: Int32Array;

  constructor(
    private readonly ctx: ModelContext,
    private readonly config: WorkloadConfig,
    private readonly clients: ClientConfig[],
    private readonly routing: GlobalRouting,
    private readonly balancers: LoadBalancers,
    private readonly tier: ServiceTier,
    private readonly probes: Probes,
  ) {
    const { topology, sim, streams } = ctx;
    const now = () => sim.now;
    this.traffic = new FoldedLever({ name: "client.traffic", targets: clients.length, rule: "extra", now });
    this.floods = new FoldedLever({ name: "client.flood", targets: clients.length, rule: "sum", base: -1, now });
    this.multiplier = this.traffic.values;
    this.incarnation = new Int32Array(clients.length);
    this.boundSegment = new Float64Array(clients.length).fill(-1);
    this.segmentBoundPerS = new Float64Array(clients.length);
    this.segmentFloorPerS = new Float64Array(clients.length);
    this.random = clients.map((client) => streams.fork(`workload/${client.name}`));
    this.clientRegion = Int32Array.from(clients.map((c) => topology.regionIndex(c.region)));
    this.clientService = Int32Array.from(clients.map((c) => config.serviceNames.indexOf(c.service)));
    this.jitter = config.network.jitter;
    this.regionCount = topology.regionNames.length;
    this.roundTripUs = new Float64Array(this.regionCount * this.regionCount);
    for (let from = 0; from < this.regionCount; from++) {
      for (let to = 0; to < this.regionCount; to++) {
        this.roundTripUs[from * this.regionCount + to] =
          2 * topology.clientOneWayUs(from, to) + 2 * config.network.sameZoneUs;
      }
    }
    this.origin = Uint8Array.from(
      clients.map((c) => (c.probeEveryUs !== undefined ? ORIGIN_PROBE : c.malicious ? ORIGIN_ATTACK : ORIGIN_USER)),
    );
    const rules = config.rateLimits;
    this.bucketTokens = Float64Array.from(rules.map((rule) => rule.burst));
    this.bucketUpdatedUs = new Float64Array(rules.length);
    this.clientRule = Int32Array.from(clients.map((c) => rules.findIndex((rule) => rule.clients.includes(c.name))));
    this.arriveCode = sim.register("client.arrived", (client, incarnation) => this.arrive(client, incarnation));
    this.replanCode = sim.register("client.rateChanged", (client) => this.replan(client));
    this.rateDirty = new Uint8Array(clients.length);
    const operations = config.operations;
    this.operationCount = operations.length;
    this.operationUpTo = new Float64Array(clients.length * operations.length);
    clients.forEach((c, client) => {
      let upTo = 0;
      operations.forEach((operation, k) => {
        upTo += c.operationShares?.[k] ?? operation.share;
        this.operationUpTo[client * operations.length + k] = upTo;
      });
    });
    this.operationWrites = Uint8Array.from(operations, (operation) => (operation.write ? 1 : 0));
    // Named by the client, forked only when operations are declared: no other stream moves.
    this.operationRandom = clients.map((c) =>
      operations.length > 0 && c.probeEveryUs === undefined ? streams.fork(`operations/${c.name}`) : undefined,
    );
    this.fixedOperation = Int32Array.from(clients, (c) => c.operation ?? operations.length);
    // In the fluid fidelity users send no requests: their traffic is rates (observers/fluid-traffic.ts).
    for (let c = 0; c < clients.length; c++) {
      if (ctx.recorder.fluid === undefined || this.origin[c] !== ORIGIN_USER) this.scheduleNext(c, 0);
    }
  }

  /** Requests per second for a client at simulated time t, before any spike. */
  rateAt(client: number, timeUs: number): number {
    return rateOf(this.clients[client].rate, timeUs + this.ctx.run.startOfDayUs);
  }

  /**
   * The client's rate changed (a surge or a flood began, moved or ended): its pending arrival is
   * dropped and the next one drawn at the new rate (arrivals are memoryless).
   */
  rateChanged(client: number): void {
    this.incarnation[client]++; // the pending arrival is dropped at once…
    if (this.rateDirty[client] === 1) return;
    this.rateDirty[client] = 1;
    // …and the next one drawn once the instant's faults are all in (Priority.settle), so faults
    // at the same instant draw the same numbers whatever order they are listed in.
    this.ctx.sim.schedule(0, this.replanCode, client, 0, Priority.settle);
  }

  private replan(client: number): void {
    this.rateDirty[client] = 0;
    this.incarnation[client]++;
    if (this.ctx.recorder.fluid !== undefined && this.origin[client] === ORIGIN_USER) return; // rates, not arrivals
    this.scheduleNext(client, this.ctx.sim.now);
  }

  /**
   * Draws the next arrival after `fromUs` by thinning against a piecewise bound: the rate's
   * maximum over the current segment, so nearly every candidate is accepted even at the trough.
   */
  private scheduleNext(client: number, fromUs: number): void {
    const everyUs = this.clients[client].probeEveryUs;
    if (everyUs !== undefined) {
      const t = fromUs + everyUs;
      if (t <= this.ctx.run.durationUs)
        this.ctx.sim.at(t, this.arriveCode, client, this.incarnation[client], Priority.traffic);
      return;
    }
    const override = this.floods.values[client];
    const profile: RateProfile = override >= 0 ? { kind: "constant", perSecond: override } : this.clients[client].rate;
    const multiplier = this.multiplier[client];
    const random = this.random[client];
    const endUs = this.ctx.run.durationUs;
    if (profile.kind === "constant") {
      if (profile.perSecond * multiplier <= 0) return;
      const t = fromUs + random.exponential(1e6 / (profile.perSecond * multiplier));
      if (t <= endUs) this.ctx.sim.at(t, this.arriveCode, client, this.incarnation[client], Priority.traffic);
      return;
    }
    const startOfDayUs = this.ctx.run.startOfDayUs;
    let t = fromUs;
    for (let step = 0; step < THINNING_STEPS_MAX && t <= endUs; step++) {
      const segment = Math.floor(t / THINNING_SEGMENT_US);
      const segmentEndUs = (segment + 1) * THINNING_SEGMENT_US;
      if (this.boundSegment[client] !== segment) {
        this.boundSegment[client] = segment;
        const segmentStartUs = segment * THINNING_SEGMENT_US + startOfDayUs;
        this.segmentBoundPerS[client] = maxRateBetween(profile, segmentStartUs, segmentEndUs + startOfDayUs);
        this.segmentFloorPerS[client] = minRateBetween(profile, segmentStartUs, segmentEndUs + startOfDayUs);
      }
      const boundPerS = this.segmentBoundPerS[client] * multiplier;
      if (boundPerS <= 0) {
        t = segmentEndUs;
        continue;
      }
      const candidate = t + random.exponential(1e6 / boundPerS);
      if (candidate >= segmentEndUs) {
        t = segmentEndUs; // memoryless: restart the draw at the segment boundary with its own bound
        continue;
      }
      t = candidate;
      // Squeeze: below the segment's minimum rate a candidate is accepted without evaluating the curve.
      const u = random.next() * boundPerS;
      if (u < this.segmentFloorPerS[client] * multiplier || u < rateOf(profile, t + startOfDayUs) * multiplier) {
        if (t <= endUs) this.ctx.sim.at(t, this.arriveCode, client, this.incarnation[client], Priority.traffic);
        return;
      }
    }
  }

  /** A request that never reached an instance: a user failure, or a failed attack request. */
  private failArrival(client: number, reason: number, operation: number): void {
    const recorder = this.ctx.recorder;
    const origin = this.origin[client];
    if (origin === ORIGIN_ATTACK) recorder.maliciousFailed++;
    else if (origin === ORIGIN_PROBE) this.probes.record(client, false);
    else recorder.failure(this.ctx.sim.now, reason, client, operation);
  }

  /**
   * The operation of the client's next request (the workload declares some): drawn by share from
   * the client's own stream; a probe's is fixed.
   */
  private drawOperation(client: number): number {
    const random = this.operationRandom[client];
    if (random === undefined) return this.fixedOperation[client];
    const first = client * this.operationCount;
    const u = random.next() * this.operationUpTo[first + this.operationCount - 1];
    for (let k = 0; k < this.operationCount - 1; k++) if (u < this.operationUpTo[first + k]) return k;
    return this.operationCount - 1;
  }

  /** The edge's token bucket for the client's class lets the request through, or not. */
  private edgeAdmits(client: number, nowUs: number): boolean {
    const rule = this.clientRule[client];
    if (rule < 0) return true;
    const limit = this.config.rateLimits[rule];
    const tokens = Math.min(
      limit.burst,
      this.bucketTokens[rule] + ((nowUs - this.bucketUpdatedUs[rule]) / 1e6) * limit.perSecond,
    );
    this.bucketUpdatedUs[rule] = nowUs;
    if (tokens < 1) {
      this.bucketTokens[rule] = tokens;
      return false;
    }
    this.bucketTokens[rule] = tokens - 1;
    return true;
  }

  private arrive(client: number, incarnation: number): void {
    if (incarnation !== this.incarnation[client]) return; // redrawn after a rate change
    const { sim, requests, recorder, topology } = this.ctx;
    const now = sim.now;
    this.scheduleNext(client, now);
    const origin = this.origin[client];
    if (origin === ORIGIN_ATTACK) this.maliciousIssued++;
    else if (origin === ORIGIN_USER) this.issued++;
    const operation = this.operationCount === 0 ? 0 : this.drawOperation(client);
    if (this.clientRule[client] >= 0 && !this.edgeAdmits(client, now)) {
      if (origin === ORIGIN_ATTACK) recorder.maliciousBlocked++;
      else this.failArrival(client, FailureCode["rate-limited"], operation);
      return;
    }
    const random = this.random[client];
    const edgeHitRatio = this.config.edgeCacheHitRatio;
    // With operations, the CDN answers reads only: a write must reach the origin.
    const cacheable = this.operationCount === 0 || this.operationWrites[operation] !== 1;
    if (edgeHitRatio > 0 && origin === ORIGIN_USER && cacheable && random.next() < edgeHitRatio) {
      // Served by the CDN at the edge: one client round trip, no region involved.
      this.edgeHits++;
      recorder.success(now, 2 * this.config.network.clientUs, client, operation);
      return;
    }
    const config = this.clients[client];
    const isWrite =
      this.operationCount === 0
        ? config.writeRatio > 0 && random.next() < config.writeRatio
          ? 1
          : 0
        : operation < this.operationCount
          ? this.operationWrites[operation]
          : 0;
    const service = this.clientService[client];
    const home = this.clientRegion[client];
    const region = this.routing.resolve(service, home, client, random, now);
    if (region < 0) {
      this.failArrival(client, FailureCode["dns-resolution-failed"], operation);
      return;
    }
    const network = this.ctx.network;
    const link = home * this.regionCount + region;
    if (!topology.isRegionUp(region) || (network.active && network.regionBlocked[link] === 1)) {
      this.failArrival(client, FailureCode["region-unreachable"], operation);
      return;
    }
    const balancer = this.balancers.balancerFor(service, region);
    const instance = this.balancers.pick(balancer);
    if (instance < 0) {
      const down = this.balancers.outages.values[balancer] > 0;
      this.failArrival(client, FailureCode[down ? "load-balancer-down" : "no-healthy-target"], operation);
      return;
    }
    const jitter = this.jitter;
    let networkUs = this.roundTripUs[link] * (jitter > 0 ? 1 + jitter * (2 * random.next() - 1) : 1);
    if (network.active) {
      const back = region * this.regionCount + home;
      networkUs += network.regionExtraUs[link] + network.regionExtraUs[back];
      const loss = 1 - (1 - network.regionLoss[link]) * (1 - network.regionLoss[back]);
      if (loss > 0) networkUs += retransmissionDelayUs(loss, random.next());
    }
    const request = requests.allocate();
    requests.arrivalUs[request] = now;
    requests.networkUs[request] = networkUs;
    requests.client[request] = client;
    requests.isWrite[request] = isWrite;
    requests.degraded[request] = 0;
    requests.origin[request] = origin;
    requests.operation[request] = operation;
    this.tier.admit(request, instance);
  }
}

export function rateOf(profile: RateProfile, timeOfDayUs: number): number {
  if (profile.kind === "constant") return profile.perSecond;
  const phase = (2 * Math.PI * (((timeOfDayUs - profile.peakAtUs) % US_PER_DAY) + US_PER_DAY)) / US_PER_DAY;
  return profile.troughPerSecond + ((profile.peakPerSecond - profile.troughPerSecond) * (1 + Math.cos(phase))) / 2;
}

/** The diurnal curve is a cosine with one maximum (peakAt): its maximum over [from, to] is at an end or at the peak. */
function maxRateBetween(profile: RateProfile, fromUs: number, toUs: number): number {
  if (profile.kind === "constant") return profile.perSecond;
  const peakOffsetUs = (((profile.peakAtUs - fromUs) % US_PER_DAY) + US_PER_DAY) % US_PER_DAY;
  if (peakOffsetUs <= toUs - fromUs) return Math.max(profile.peakPerSecond, profile.troughPerSecond);
  return Math.max(rateOf(profile, fromUs), rateOf(profile, toUs));
}

/** Its minimum over [from, to] is at an end or at the trough, twelve hours from the peak. */
function minRateBetween(profile: RateProfile, fromUs: number, toUs: number): number {
  if (profile.kind === "constant") return profile.perSecond;
  const troughOffsetUs = (((profile.peakAtUs + US_PER_DAY / 2 - fromUs) % US_PER_DAY) + US_PER_DAY) % US_PER_DAY;
  if (troughOffsetUs <= toUs - fromUs) return Math.min(profile.peakPerSecond, profile.troughPerSecond);
  return Math.min(rateOf(profile, fromUs), rateOf(profile, toUs));
}
