// Service instances: each has concurrency slots, a bounded FIFO queue and a service-time
// distribution. A request holds a slot for its service time, its data access (data-access.ts:
// cache, then database) and its dependency calls (calls.ts); the database call's outcome is
// decided when the request completes, by the database's state then.

import { invariant, type RandomStream } from "../../engine/index.js";
import type { Probes } from "../control/index.js";
import type { ExternalConfig, OperationConfig, ServiceConfig } from "../core/index.js";
import {
  FailureCode,
  FoldedLever,
  type ModelContext,
  NO_OPERATION,
  ORIGIN_ATTACK,
  ORIGIN_INTERNAL,
  ORIGIN_PROBE,
  ORIGIN_USER,
  Priority,
} from "../core/index.js";
import type { Database } from "../data/index.js";
import {
  ACCESS_OVERLOADED,
  ACCESS_REFUSED,
  DATA_MISSING,
  DATA_REJECTED,
  DATA_UNREACHABLE,
  DataAccess,
} from "../data/index.js";
import type { Queues } from "../dependencies/index.js";
import { type CallHost, CallRunner, ROUTE_LOST, ROUTE_REFUSED } from "../dependencies/index.js";
import type { LoadBalancers } from "./load-balancer.js";

/** A fault that makes an instance fail its health checks, from `sinceUs` (flapping if `periodUs` > 0). */
interface HealthCheckFault {
  key: number;
  periodUs: number;
  sinceUs: number;
}

const DISTRIBUTION_CONSTANT = 0;
const DISTRIBUTION_EXPONENTIAL = 1;

export class ServiceTier implements CallHost {
  readonly calls: CallRunner;
  /** The requests' cache and database access. */
  readonly data: DataAccess;
  /** Set by the world: the synthetic probes to tell about their requests' outcomes. */
  probes: Probes | undefined = undefined;
  /** Set by the world: the balancers that calls between services go through. */
  balancers: LoadBalancers | undefined = undefined;
  /** Per service × caller region: the region whose balancer its calls go to (−1: not built yet). */
  private calleeRegion: Int32Array | undefined = undefined;
  /** Set by the world: where services that publish hand their work. */
  messageQueues: Queues | undefined = undefined;
  private readonly publishQueue: Int32Array;
  /**
   * Per service × operation row (ARCHITECTURE.md, "Operations"): 1 when a request of that
   * operation publishes to the service's queue. Row `operations` (every request, as without
   * operations) is all ones.
   */
  private readonly publishes: Uint8Array;
  private readonly operationRows: number;
  readonly instanceIds: string[] = [];
  /** The services, by index. */
  readonly serviceNames: string[];
  readonly instanceService: Int32Array;
  readonly instanceZone: Int32Array;
  readonly alive: Uint8Array;
  /** Instances that exist: all of them without autoscaling; the autoscaler adds and removes the rest. */
  readonly provisioned: Uint8Array;
  /** Being removed by the autoscaler: out of rotation, finishing what it has. */
  readonly draining: Uint8Array;
  /** Crashes holding each instance down, keyed by fault: it runs while none is active. */
  readonly crashes: FoldedLever;
  readonly incarnation: Int32Array;
  readonly busy: Int32Array;
  readonly queueLength: Int32Array;
  /** Service-time multiplier per instance: slow-node faults and slow changes multiply. */
  readonly slowdown: FoldedLever;
  /** Bad changes (deploys, configs) each instance runs, keyed by the fault that rolled them out. */
  readonly changes: FoldedLever;
  /** Share of its requests an instance fails because of the changes it runs (independent causes). */
  readonly changeErrors: FoldedLever;
  /** Per instance, while it runs a change: requests it finished, and how many a change failed. */
  readonly changedServed: Float64Array;
  readonly changedFailed: Float64Array;
  /** Per instance: the faults making its health checks fail, each flapping on its own period. */
  private readonly healthFaults: (HealthCheckFault[] | undefined)[];
  private readonly slowdownFactor: Float64Array;
  readonly changeErrorRate: Float64Array;
  private readonly changeCount: Float64Array;
  private readonly queueHead: Int32Array;
  private readonly queueOffset: Int32Array;
  private readonly queues: Int32Array;
  // Per service:
  private readonly concurrency: Int32Array;
  private readonly queueCapacity: Int32Array;
  private readonly distribution: Int32Array;
  private readonly meanUs: Float64Array;
  private readonly logMu: Float64Array;
  private readonly sigma: Float64Array;
  private readonly random: RandomStream[];
  private readonly completeCode: number;
  private readonly serviceDoneCode: number;
  private readonly timeoutCode: number;

  constructor(
    private readonly ctx: ModelContext,
    services: ServiceConfig[],
    dependencies: {
      databases: Database[];
      externals: ExternalConfig[];
      queueNames: string[];
      operations?: readonly OperationConfig[];
    },
  ) {
    this.serviceNames = services.map((s) => s.name);
    const zones: number[] = [];
    const owners: number[] = [];
    const offsets: number[] = [];
    const provisioned: number[] = [];
    let queueSlots = 0;
    services.forEach((service, s) => {
      for (const zone of service.zones) {
        for (let k = 1; k <= instanceSlotsPerZone(service); k++) {
          this.instanceIds.push(`${service.name}/${zone}/${k}`);
          provisioned.push(k <= service.instancesPerZone ? 1 : 0);
          zones.push(ctx.topology.zoneIndex(zone));
          owners.push(s);
          offsets.push(queueSlots);
          queueSlots += service.queueCapacity;
        }
      }
    });
    const n = this.instanceIds.length;
    this.instanceService = Int32Array.from(owners);
    this.instanceZone = Int32Array.from(zones);
    this.provisioned = Uint8Array.from(provisioned);
    this.draining = new Uint8Array(provisioned.length);
    this.alive = Uint8Array.from(provisioned);
    const now = () => ctx.sim.now;
    this.crashes = new FoldedLever({ name: "node.crash", targets: n, rule: "count", now });
    this.incarnation = new Int32Array(n);
    this.busy = new Int32Array(n);
    this.queueLength = new Int32Array(n);
    this.slowdown = new FoldedLever({ name: "instance.slowdown", targets: n, rule: "multiply", minimum: 1, now });
    this.changes = new FoldedLever({ name: "instance.change", targets: n, rule: "count", now });
    this.changeErrors = new FoldedLever({ name: "instance.changeErrors", targets: n, rule: "probability", now });
    this.slowdownFactor = this.slowdown.values;
    this.changeErrorRate = this.changeErrors.values;
    this.changeCount = this.changes.values;
    this.changedServed = new Float64Array(n);
    this.changedFailed = new Float64Array(n);
    this.healthFaults = new Array(n).fill(undefined);
    this.queueHead = new Int32Array(n);
    this.queueOffset = Int32Array.from(offsets);
    this.queues = new Int32Array(queueSlots);
    this.concurrency = Int32Array.from(services.map((s) => s.concurrency));
    this.queueCapacity = Int32Array.from(services.map((s) => s.queueCapacity));
    this.distribution = Int32Array.from(
      services.map((s) => ["constant", "exponential", "lognormal"].indexOf(s.serviceTime.distribution)),
    );
    this.meanUs = Float64Array.from(services.map((s) => s.serviceTime.meanUs));
    this.sigma = Float64Array.from(services.map((s) => s.serviceTime.sigma));
    this.logMu = Float64Array.from(services.map((s) => Math.log(s.serviceTime.meanUs) - s.serviceTime.sigma ** 2 / 2));
    this.data = new DataAccess(ctx, services, dependencies.databases, n);
    this.publishQueue = Int32Array.from(
      services.map((s) => (s.publishesTo ? dependencies.queueNames.indexOf(s.publishesTo) : -1)),
    );
    const operations = dependencies.operations ?? [];
    this.operationRows = operations.length + 1;
    this.publishes = new Uint8Array(services.length * this.operationRows);
    services.forEach((service, s) => {
      for (let k = 0; k < this.operationRows; k++) {
        const all = k === operations.length;
        const publishes =
          service.publishesTo !== undefined && (all || operations[k].publishes.includes(service.publishesTo));
        this.publishes[s * this.operationRows + k] = publishes ? 1 : 0;
      }
    });
    this.random = services.map((s) => ctx.streams.fork(`service/${s.name}`));
    this.completeCode = ctx.sim.register("request.complete", (request, incarnation) =>
      this.complete(request, incarnation),
    );
    this.timeoutCode = ctx.sim.register("request.dbTimedOut", (request, incarnation) =>
      this.databaseTimedOut(request, incarnation),
    );
    this.serviceDoneCode = ctx.sim.register("request.serviceDone", (request, incarnation) =>
      this.serviceDone(request, incarnation),
    );
    this.calls = new CallRunner(ctx, services, dependencies.externals, n, this, operations);
  }

  /** A request routed to `instance` by its load balancer: start it, queue it, or shed it. */
  admit(request: number, instance: number): void {
    const { requests, sim } = this.ctx;
    if (this.alive[instance] === 0) {
      this.recordFailure(request, FailureCode["instance-down"]);
      requests.release(request);
      return;
    }
    requests.instance[request] = instance;
    const service = this.instanceService[instance];
    if (this.busy[instance] < this.concurrency[service]) {
      this.busy[instance]++;
      if (!this.start(request, instance, service, 0)) this.freeSlot(instance, service);
    } else if (this.queueLength[instance] < this.queueCapacity[service]) {
      const capacity = this.queueCapacity[service];
      const slot = (this.queueHead[instance] + this.queueLength[instance]) % capacity;
      this.queues[this.queueOffset[instance] + slot] = request;
      this.queueLength[instance]++;
      requests.enqueuedUs[request] = sim.now;
    } else {
      this.recordFailure(request, FailureCode["load-shed"]);
      requests.release(request);
    }
  }

  /**
   * Starts serving a request in a slot the caller has taken. False when it was failed at once
   * (its database bulkhead was full): the slot is still the caller's to free.
   */
  private start(request: number, instance: number, service: number, waitUs: number): boolean {
    const { requests, recorder, sim } = this.ctx;
    // A slow node (grey failure) takes `slowdown` times as long and still passes health checks.
    const durationUs = this.drawServiceTimeUs(service) * this.slowdownFactor[instance];
    const access = this.data.begin(request, instance, service, this.instanceZone[instance], this.random[service]);
    if (access === ACCESS_REFUSED) {
      // The database bulkhead is full: fail at once.
      this.recordFailure(request, FailureCode["load-shed"]);
      requests.release(request);
      return false;
    }
    recorder.serviceStarted(waitUs);
    if (access === ACCESS_OVERLOADED) {
      sim.schedule(
        durationUs + this.data.lastWaitUs,
        this.timeoutCode,
        request,
        this.incarnation[instance],
        Priority.traffic,
      );
      return true;
    }
    const next = this.calls.hasCalls(service) ? this.serviceDoneCode : this.completeCode;
    sim.schedule(durationUs + this.data.lastWaitUs, next, request, this.incarnation[instance], Priority.traffic);
    return true;
  }

  private drawServiceTimeUs(service: number): number {
    switch (this.distribution[service]) {
      case DISTRIBUTION_CONSTANT:
        return this.meanUs[service];
      case DISTRIBUTION_EXPONENTIAL:
        return this.random[service].exponential(this.meanUs[service]);
      default: // lognormal
        return Math.exp(this.logMu[service] + this.sigma[service] * this.random[service].normal());
    }
  }

  /** Its own work (and its database work) is done; its dependency calls come next. */
  private serviceDone(request: number, incarnation: number): void {
    const requests = this.ctx.requests;
    if (incarnation !== this.incarnation[requests.instance[request]]) {
      requests.releaseOrphan(request); // its instance crashed; the failure was counted then
      return;
    }
    this.data.release(request, requests.instance[request]);
    this.calls.begin(request, incarnation);
  }

  incarnationOf(instance: number): number {
    return this.incarnation[instance];
  }

  serviceOf(instance: number): number {
    return this.instanceService[instance];
  }

  instanceName(instance: number): string {
    return this.instanceIds[instance];
  }

  zoneOf(instance: number): number {
    return this.instanceZone[instance];
  }

  routeCall(callee: number, fromZone: number): number {
    const balancers = this.balancers;
    if (balancers === undefined) return ROUTE_LOST;
    const { topology, network } = this.ctx;
    const regions = topology.regionNames.length;
    const from = topology.zoneRegion[fromZone];
    const region = this.calleeRegionOf(callee, from);
    if (region < 0 || !topology.isRegionUp(region)) return ROUTE_LOST;
    if (network.active && network.regionBlocked[from * regions + region] === 1) return ROUTE_LOST;
    const balancer = balancers.balancerFor(callee, region);
    if (balancers.outages.values[balancer] > 0) return ROUTE_LOST;
    const instance = balancers.pick(balancer);
    return instance < 0 ? ROUTE_REFUSED : instance;
  }

  /**
   * The region whose balancer a call from `from` to `callee` goes to: its own when the callee
   * runs there, else the nearest that runs it (one-way latency; ties to the first declared).
   * Fixed for the run: a call does not fail over to another region (DNS routes users, not calls).
   */
  calleeRegionOf(callee: number, from: number): number {
    const balancers = this.balancers;
    if (balancers === undefined) return -1;
    const { topology } = this.ctx;
    const regions = topology.regionNames.length;
    if (this.calleeRegion === undefined) {
      const table = new Int32Array(this.serviceNames.length * regions).fill(-1);
      for (let s = 0; s < this.serviceNames.length; s++) {
        for (let r = 0; r < regions; r++) {
          let best = -1;
          let bestUs = Number.POSITIVE_INFINITY;
          for (let to = 0; to < regions; to++) {
            if (balancers.balancerFor(s, to) < 0) continue;
            const us = to === r ? -1 : topology.oneWayUs(topology.zonesOf(r)[0], topology.zonesOf(to)[0]);
            if (us < bestUs) {
              best = to;
              bestUs = us;
            }
          }
          table[s * regions + r] = best;
        }
      }
      this.calleeRegion = table;
    }
    return this.calleeRegion[callee * regions + from];
  }

  callsDone(request: number, incarnation: number): void {
    this.complete(request, incarnation);
  }

  failRequest(request: number, instance: number, reason: number): void {
    this.recordFailure(request, reason);
    this.finish(request, instance, this.instanceService[instance]);
  }

  /** The instance's mean service time now (its slowdown included), µs. */
  meanServiceUs(instance: number): number {
    return this.meanUs[this.instanceService[instance]] * this.slowdownFactor[instance];
  }

  /** The instance runs a change (a deploy or a configuration push) whose outcomes rollouts watch. */
  changed(instance: number): boolean {
    return this.changeCount[instance] > 0;
  }

  private complete(request: number, incarnation: number): void {
    const { requests, recorder, sim } = this.ctx;
    const instance = requests.instance[request];
    if (incarnation !== this.incarnation[instance]) {
      requests.releaseOrphan(request); // its instance crashed; the failure was counted then
      return;
    }
    const service = this.instanceService[instance];
    if (this.changeCount[instance] > 0) this.changedServed[instance]++;
    // A bad change (deploy or config) fails its share of the requests its instances serve.
    const changeErrorRate = this.changeErrorRate[instance];
    if (changeErrorRate > 0 && this.random[service].next() < changeErrorRate) {
      this.changedFailed[instance]++;
      this.failRequest(request, instance, FailureCode["bad-change"]);
      return;
    }
    const data = this.data.complete(request, instance, service, this.instanceZone[instance], this.random[service]);
    if (data === DATA_UNREACHABLE) {
      // An unreachable database does not answer: the call waits out its timeout.
      sim.schedule(this.data.databaseTimeoutUs(service), this.timeoutCode, request, incarnation, Priority.traffic);
      return;
    }
    if (data === DATA_REJECTED || data === DATA_MISSING) {
      this.recordFailure(request, FailureCode[data === DATA_REJECTED ? "database-error" : "data-missing"]);
      this.finish(request, instance, service);
      return;
    }
    const queue = this.publishQueue[service];
    const operation = requests.operation[request];
    if (queue >= 0 && this.publishes[service * this.operationRows + operation] === 1)
      this.messageQueues?.publish(queue);
    const origin = requests.origin[request];
    if (origin === ORIGIN_ATTACK) recorder.maliciousServed++;
    else if (origin === ORIGIN_PROBE) this.probes?.record(requests.client[request], true);
    else if (origin === ORIGIN_INTERNAL) this.calls.answered(request, true, 0);
    else {
      const latencyUs = sim.now - requests.arrivalUs[request] + requests.networkUs[request];
      recorder.success(sim.now, latencyUs, requests.client[request], operation);
    }
    // A call's degradation reaches the user through its caller's answer, counted there.
    if (requests.degraded[request] === 1 && origin !== ORIGIN_INTERNAL)
      recorder.degradedSuccess(origin === ORIGIN_USER ? operation : NO_OPERATION);
    this.finish(request, instance, service);
  }

  /** A user request's failure counts against availability; an attack request's does not. */
  private recordFailure(request: number, reason: number): void {
    const { requests, recorder, sim } = this.ctx;
    const origin = requests.origin[request];
    if (origin === ORIGIN_ATTACK) recorder.maliciousFailed++;
    else if (origin === ORIGIN_PROBE) this.probes?.record(requests.client[request], false);
    else if (origin === ORIGIN_INTERNAL) this.calls.answered(request, false, reason);
    else recorder.failure(sim.now, reason, requests.client[request], requests.operation[request]);
  }

  private databaseTimedOut(request: number, incarnation: number): void {
    const requests = this.ctx.requests;
    const instance = requests.instance[request];
    if (incarnation !== this.incarnation[instance]) {
      requests.releaseOrphan(request);
      return;
    }
    this.recordFailure(request, FailureCode["database-unavailable"]);
    this.finish(request, instance, this.instanceService[instance]);
  }

  /** The request is over: its database bulkhead place (if still held), the request and its slot are freed. */
  private finish(request: number, instance: number, service: number): void {
    this.data.release(request, instance);
    this.ctx.requests.release(request);
    this.freeSlot(instance, service);
  }

  /**
   * A slot is free: the next queued request takes it. A loop, not recursion: requests failed at
   * once on start (a full database bulkhead) hand the slot straight to the next.
   */
  private freeSlot(instance: number, service: number): void {
    const { requests, sim } = this.ctx;
    while (this.queueLength[instance] > 0) {
      const head = this.queueHead[instance];
      const next = this.queues[this.queueOffset[instance] + head];
      this.queueHead[instance] = (head + 1) % this.queueCapacity[service];
      this.queueLength[instance]--;
      if (this.start(next, instance, service, sim.now - requests.enqueuedUs[next])) return;
    }
    this.busy[instance]--;
  }

  /** Outstanding work on an instance (in service + queued): the least-outstanding balancer's key. */
  outstanding(instance: number): number {
    return this.busy[instance] + this.queueLength[instance];
  }

  /**
   * The instance died: everything in it fails now, each request counted by who sent it (a user,
   * an attacker, a probe). Queued requests are gone; those in service are orphans, dropped when
   * their pending event comes.
   */
  crash(instance: number): void {
    const { requests } = this.ctx;
    this.alive[instance] = 0;
    this.incarnation[instance]++;
    const crashed = FailureCode["instance-crashed"];
    const capacity = this.queueCapacity[this.instanceService[instance]];
    for (let i = 0; i < this.queueLength[instance]; i++) {
      const request = this.queues[this.queueOffset[instance] + ((this.queueHead[instance] + i) % capacity)];
      this.recordFailure(request, crashed);
      requests.release(request);
    }
    let inService = 0;
    for (let request = 0; request < requests.highWater; request++) {
      if (!requests.isLive(request) || requests.instance[request] !== instance) continue;
      this.recordFailure(request, crashed);
      requests.orphan(request);
      inService++;
    }
    invariant(inService === this.busy[instance], "service tier", this.ctx.sim.now, () => {
      return `${this.instanceIds[instance]} had ${this.busy[instance]} busy slots but ${inService} requests in service`;
    });
    this.calls.instanceCrashed(instance);
    this.data.instanceCrashed(instance);
    this.busy[instance] = 0;
    this.queueLength[instance] = 0;
    this.queueHead[instance] = 0;
  }

  restart(instance: number): void {
    this.alive[instance] = 1;
  }

  /** What a health check of the instance sees now: it must be up and not failing its checks. */
  passesHealthCheck(instance: number, nowUs: number): boolean {
    if (this.alive[instance] === 0) return false;
    const faults = this.healthFaults[instance];
    if (faults === undefined) return true;
    // It fails while any fault fails it; a flapping one fails in the first half of each period.
    for (const fault of faults) {
      if (fault.periodUs <= 0 || (nowUs - fault.sinceUs) % fault.periodUs < fault.periodUs / 2) return false;
    }
    return true;
  }

  /** How many faults make the instance fail its health checks now. */
  healthCheckFaults(instance: number): number {
    return this.healthFaults[instance]?.length ?? 0;
  }

  /** Fault `key` makes the instance fail its health checks from now (flapping with `periodUs` > 0). */
  failHealthChecks(instance: number, key: number, periodUs: number): void {
    const faults = this.healthFaults[instance] ?? [];
    invariant(!faults.some((fault) => fault.key === key), "instance.healthCheckFailing", this.ctx.sim.now, () => {
      return `fault #${key} made ${this.instanceIds[instance]} fail its checks twice`;
    });
    faults.push({ key, periodUs, sinceUs: this.ctx.sim.now });
    this.healthFaults[instance] = faults;
  }

  /** Fault `key` no longer fails the instance's health checks. */
  passHealthChecks(instance: number, key: number): void {
    const faults = this.healthFaults[instance] ?? [];
    const at = faults.findIndex((fault) => fault.key === key);
    invariant(at >= 0, "instance.healthCheckFailing", this.ctx.sim.now, () => {
      return `fault #${key} stopped failing the checks of ${this.instanceIds[instance]} without having started`;
    });
    faults.splice(at, 1);
    this.healthFaults[instance] = faults.length > 0 ? faults : undefined;
  }
}

/** Instances allocated per zone: the autoscaler's maximum, or the fixed count. */
export function instanceSlotsPerZone(service: ServiceConfig): number {
  return Math.max(service.instancesPerZone, service.autoscaling?.maxInstancesPerZone ?? 0);
}
