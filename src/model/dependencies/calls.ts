// A request's calls to its dependencies, made in order after its service time while it holds
// its instance's slot. Each attempt asks the breaker and the bulkhead first, then the
// dependency; a failed attempt is retried with exponential backoff and jitter while retries,
// the retry budget and the breaker allow. A required call that fails fails the request; an
// optional one degrades it, unless its fallback (a second provider, or a cached answer) serves
// it: a fallback call is a channel of its own, after every service's calls, made in the failed
// call's place. A call to another service of the design is a request of its own
// (ORIGIN_INTERNAL) sent through the callee's load balancer (the host routes it): the attempt
// ends at its answer or its timeout, whichever comes first (ARCHITECTURE.md, "The life of one
// request").

import type { RandomStream } from "../../engine/index.js";
import type { CallConfig, ExternalConfig, OperationConfig, ServiceConfig } from "../core/index.js";
import { compare, emit, FailureCode, type ModelContext, ORIGIN_INTERNAL, Priority } from "../core/index.js";
import { CUT_ANSWERS, CUT_NONE, CUT_REQUESTS, DependencyCuts } from "./dependency-cuts.js";
import { ATTEMPT_ERROR, ATTEMPT_LOST, ATTEMPT_OK, ATTEMPT_TIMED_OUT, Externals } from "./externals.js";
import { BREAKER_CLOSED, BREAKER_HALF_OPEN, BREAKER_OPEN, CircuitBreaker, RetryBudget } from "./resilience.js";

/** How often a kill switch's error rate is sampled, and the fewest calls that say anything. */
const FLAG_EVALUATE_EVERY_US = 10_000_000;
const FLAG_EVIDENCE_MIN = 20;

/** One service's calls to one dependency: the breaker and budget they share, and counters. */
export interface Channel {
  service: string;
  call: CallConfig;
  /** The external it calls (−1: it calls a service). */
  external: number;
  /** The service it calls (−1: it calls an external). */
  callee: number;
  /** The breaker of scope `service`, or the first of `breakers` (absent: the call has none). */
  breaker?: CircuitBreaker;
  /** Every breaker of the call: one (service), one per region, or one per instance of the design. */
  breakers: CircuitBreaker[];
  budget?: RetryBudget;
  calls: number;
  retries: number;
  fastFails: number;
  failedCalls: number;
  /** Kill switch: the feature flag is off, and (calls, failed) samples for its error rate. */
  switchedOff: boolean;
  /** Breached and waiting for someone to flip it. */
  switchPending: boolean;
  switchSamples: { timeUs: number; calls: number; failed: number }[];
  switchFlips: number;
  /** Its fallback: a channel's index, FALLBACK_CACHED or FALLBACK_NONE. */
  fallback: number;
  /** The channel this one is the fallback of (−1: a call of the service's own). */
  fallbackOf: number;
  /** Failed calls handed to the fallback, and those a cached answer served (degraded). */
  fellBack: number;
  servedCached: number;
}

export const FALLBACK_NONE = -1;
export const FALLBACK_CACHED = -2;

export interface CallHost {
  /** The instance's current incarnation (a crash bumps it). */
  incarnationOf(instance: number): number;
  serviceOf(instance: number): number;
  zoneOf(instance: number): number;
  /** The instance's name, as the design names it (api/us-east/a/1). */
  instanceName(instance: number): string;
  /** All calls are done: finish the request as usual (database outcome, success). */
  callsDone(request: number, incarnation: number): void;
  /** A required call failed: fail the request and free its slot. */
  failRequest(request: number, instance: number, reason: number): void;
  /**
   * Where a call from `fromZone` to service `callee` goes now: an instance (≥ 0), or
   * ROUTE_REFUSED (its balancer has no target in rotation: it answers an error at once) or
   * ROUTE_LOST (the region is down or cut off, or its balancer is down: no answer comes).
   */
  routeCall(callee: number, fromZone: number): number;
  /** Hands a call (a request of origin ORIGIN_INTERNAL) to the instance, as a balancer would. */
  admit(request: number, instance: number): void;
}

export const ROUTE_REFUSED = -1;
export const ROUTE_LOST = -2;

/** Calls between services: requests made, and how they ended (a caller may have given up first). */
export interface InternalCallStats {
  issued: number;
  succeeded: number;
  failed: number;
  /** Attempts that never reached a callee (its region down or cut off, its balancer down). */
  lost: number;
}

export class CallRunner {
  readonly externals: Externals;
  /** Partitions between dependencies and their callers. */
  readonly cuts = new DependencyCuts();
  readonly channels: Channel[] = [];
  /** First channel index of each service (its calls are consecutive). */
  private readonly firstChannel: Int32Array;
  private readonly callCount: Int32Array;
  /** Calls in flight per instance × call, for bulkheads. */
  private readonly bulkheadInUse: Int32Array;
  private readonly callsMax: number;
  private readonly random: RandomStream[];
  private readonly attemptCode: number;
  private readonly attemptEndCode: number;
  private readonly flagEvaluateCode: number;
  private readonly flagOffCode: number;
  private readonly flagOnCode: number;
  private readonly deliverCode: number;
  private readonly answeredCode: number;
  private readonly timedOutCode: number;
  /**
   * Per operation row × channel: 1 when a request of that operation makes the call (its target
   * is among the operation's calls; ARCHITECTURE.md, "Operations"). The last row (every request,
   * as without operations) is all ones.
   */
  private readonly makes: Uint8Array;
  /** Whether the workload declares operations (without, every call is made: no lookup). */
  private readonly filtered: boolean;
  /** The last token given to an attempt at a service (tokens are never reused). */
  private lastToken = 0;
  readonly internal: InternalCallStats = { issued: 0, succeeded: 0, failed: 0, lost: 0 };

  constructor(
    private readonly ctx: ModelContext,
    services: ServiceConfig[],
    externals: ExternalConfig[],
    instanceCount: number,
    private readonly host: CallHost,
    operations: readonly OperationConfig[] = [],
  ) {
    this.externals = new Externals(ctx, externals);
    const serviceNames = services.map((s) => s.name);
    this.firstChannel = new Int32Array(services.length);
    this.callCount = Int32Array.from(services.map((s) => s.calls.length));
    const regions = ctx.topology.regionNames.length;
    const breakersOf = (call: CallConfig) => {
      const config = call.breaker;
      if (config === undefined) return { breakers: [] };
      const count = config.scope === "service" ? 1 : config.scope === "region" ? regions : instanceCount;
      const breakers = Array.from({ length: count }, () => new CircuitBreaker(config));
      return { breaker: breakers[0], breakers };
    };
    const channelOf = (service: string, call: CallConfig, fallbackOf: number): Channel => ({
      service,
      call,
      external: call.callee === "service" ? -1 : this.externals.indexOf(call.to),
      callee: call.callee === "service" ? serviceNames.indexOf(call.to) : -1,
      ...breakersOf(call),
      ...(call.retries.budget !== undefined ? { budget: new RetryBudget(call.retries.budget) } : {}),
      calls: 0,
      retries: 0,
      fastFails: 0,
      failedCalls: 0,
      switchedOff: false,
      switchPending: false,
      switchSamples: [],
      switchFlips: 0,
      fallback: call.fallback?.kind === "cached" ? FALLBACK_CACHED : FALLBACK_NONE,
      fallbackOf,
      fellBack: 0,
      servedCached: 0,
    });
    services.forEach((service, s) => {
      this.firstChannel[s] = this.channels.length;
      for (const call of service.calls) this.channels.push(channelOf(service.name, call, -1));
    });
    // Fallback calls come after every service's own, so a service's calls stay consecutive.
    const own = this.channels.length;
    for (let index = 0; index < own; index++) {
      const channel = this.channels[index];
      const fallback = channel.call.fallback;
      if (fallback?.kind !== "call") continue;
      channel.fallback = this.channels.length;
      this.channels.push(channelOf(channel.service, fallback.call, index));
    }
    // Which calls each operation makes, over every channel (a fallback's is asked of none).
    const channelCount = this.channels.length;
    this.filtered = operations.length > 0;
    this.makes = new Uint8Array((operations.length + 1) * channelCount);
    for (let k = 0; k <= operations.length; k++) {
      this.channels.forEach((channel, c) => {
        const makes = k === operations.length || operations[k].calls.includes(channel.call.to);
        this.makes[k * channelCount + c] = makes ? 1 : 0;
      });
    }
    this.callsMax = Math.max(0, ...this.callCount);
    this.bulkheadInUse = new Int32Array(instanceCount * this.callsMax);
    this.random = services.map((s) => ctx.streams.fork(`calls/${s.name}`));
    this.attemptCode = ctx.sim.register("call.attempt", (request, incarnation) => this.attempt(request, incarnation));
    this.flagEvaluateCode = ctx.sim.register("flag.evaluate", (channel) => this.evaluateFlag(channel));
    this.flagOffCode = ctx.sim.register("flag.switchedOff", (channel) => this.flipFlag(channel, true));
    this.flagOnCode = ctx.sim.register("flag.switchedOn", (channel) => this.flipFlag(channel, false));
    this.channels.forEach((channel, index) => {
      if (channel.call.killSwitch)
        ctx.sim.at(FLAG_EVALUATE_EVERY_US, this.flagEvaluateCode, index, 0, Priority.control);
    });
    this.attemptEndCode = ctx.sim.register("call.attemptEnded", (request, incarnation) =>
      this.attemptEnded(request, incarnation),
    );
    this.deliverCode = ctx.sim.register("call.delivered", (request, instance) => host.admit(request, instance));
    this.answeredCode = ctx.sim.register("call.answered", (request, token) =>
      this.serviceAttemptEnded(request, token, true),
    );
    this.timedOutCode = ctx.sim.register("call.timedOut", (request, token) =>
      this.serviceAttemptEnded(request, token, false),
    );
  }

  /** Whether a request of `operation` (the operations' count: every call) makes the channel's call. */
  operationMakes(operation: number, channel: number): boolean {
    return this.makes[operation * this.channels.length + channel] === 1;
  }

  /** Index of the service's first channel in `channels` (its calls are consecutive). */
  firstChannelOf(service: number): number {
    return this.firstChannel[service];
  }

  /** The service's calls, in order. */
  channelsOf(service: number): Channel[] {
    return this.channels.slice(this.firstChannel[service], this.firstChannel[service] + this.callCount[service]);
  }

  hasCalls(service: number): boolean {
    return this.callCount[service] > 0;
  }

  /** The service time is over: make the first call. */
  begin(request: number, incarnation: number): void {
    this.ctx.requests.callIndex[request] = -1;
    this.nextCall(request, incarnation);
  }

  /** A crashed instance's calls are gone: its bulkheads are empty again. */
  instanceCrashed(instance: number): void {
    this.bulkheadInUse.fill(0, instance * this.callsMax, (instance + 1) * this.callsMax);
  }

  private nextCall(request: number, incarnation: number): void {
    const requests = this.ctx.requests;
    const service = this.host.serviceOf(requests.instance[request]);
    const random = this.random[service];
    const row = requests.operation[request] * this.channels.length;
    for (let index = requests.callIndex[request] + 1; index < this.callCount[service]; index++) {
      const channel = this.channels[this.firstChannel[service] + index];
      if (this.filtered && this.makes[row + this.firstChannel[service] + index] === 0) continue; // not its operation's call
      if (channel.call.fraction < 1 && random.next() >= channel.call.fraction) continue;
      if (channel.switchedOff) {
        requests.degraded[request] = 1; // the feature is turned off: served without it
        continue;
      }
      requests.callIndex[request] = index;
      requests.attempt[request] = 0;
      requests.fallingBack[request] = 0;
      channel.calls++;
      channel.budget?.deposit();
      this.attempt(request, incarnation);
      return;
    }
    this.host.callsDone(request, incarnation);
  }

  private attempt(request: number, incarnation: number): void {
    const { requests, sim } = this.ctx;
    const instance = requests.instance[request];
    if (incarnation !== this.host.incarnationOf(instance)) {
      this.dropOrphan(request);
      return;
    }
    const service = this.host.serviceOf(instance);
    const index = requests.callIndex[request];
    const channel = this.channelNow(request, service);
    const slot = instance * this.callsMax + index;
    const bulkheadFull = channel.call.bulkhead !== undefined && this.bulkheadInUse[slot] >= channel.call.bulkhead;
    const breaker = this.breakerFor(channel, instance);
    if (bulkheadFull || (breaker !== undefined && !breaker.allows(sim.now))) {
      channel.fastFails++;
      this.callFailed(request, incarnation, channel);
      return;
    }
    if (channel.fallbackOf < 0) this.bulkheadInUse[slot]++;
    requests.attemptProbe[request] = breaker !== undefined && breaker.state === BREAKER_HALF_OPEN ? breaker.round : 0;
    if (channel.callee >= 0) {
      this.attemptService(request, incarnation, channel);
      return;
    }
    const externals = this.externals;
    const cut = this.cuts.active ? this.cutOf(instance, service, channel.external) : CUT_NONE;
    if (cut === CUT_REQUESTS) externals.attemptLost(channel.external, channel.call.timeoutUs);
    else if (cut === CUT_ANSWERS) externals.attemptUnanswered(channel.external, channel.call.timeoutUs);
    else externals.attempt(channel.external, channel.call.timeoutUs);
    requests.attemptOutcome[request] = externals.lastOutcome;
    sim.schedule(externals.lastDurationUs, this.attemptEndCode, request, incarnation, Priority.traffic);
  }

  /**
   * One attempt at a service: the call travels to the instance its balancer picks, and the
   * attempt's timeout is armed; whichever of the answer and the timeout comes first ends it.
   */
  private attemptService(request: number, incarnation: number, channel: Channel): void {
    const { requests, sim, topology, network } = this.ctx;
    const token = ++this.lastToken;
    requests.attemptToken[request] = token;
    requests.attemptIncarnation[request] = incarnation;
    requests.attemptDeadlineUs[request] = sim.now + channel.call.timeoutUs;
    sim.schedule(channel.call.timeoutUs, this.timedOutCode, request, token, Priority.traffic);
    const fromZone = this.host.zoneOf(requests.instance[request]);
    const target = this.host.routeCall(channel.callee, fromZone);
    if (target === ROUTE_LOST) {
      this.internal.lost++;
      return;
    }
    const call = requests.allocate();
    this.internal.issued++;
    requests.arrivalUs[call] = sim.now;
    requests.networkUs[call] = 0;
    requests.client[call] = requests.client[request];
    requests.isWrite[call] = requests.isWrite[request];
    requests.degraded[call] = 0;
    requests.origin[call] = ORIGIN_INTERNAL;
    requests.operation[call] = requests.operation[request];
    requests.instance[call] = -1; // on its way: no instance holds it yet
    requests.caller[call] = request;
    requests.callerToken[call] = token;
    if (target === ROUTE_REFUSED) {
      this.answered(call, false, FailureCode["no-healthy-target"]);
      requests.release(call);
      return;
    }
    const toZone = this.host.zoneOf(target);
    if (!network.reachable(fromZone, toZone)) {
      this.internal.lost++;
      this.internal.issued--;
      requests.release(call);
      return;
    }
    const delayUs = topology.oneWayUs(fromZone, toZone) + network.extraUs(fromZone, toZone);
    sim.schedule(delayUs, this.deliverCode, call, target, Priority.traffic);
  }

  /**
   * A call (ORIGIN_INTERNAL) is over, in its callee or before: its answer travels back to its
   * caller, if the caller still waits for this attempt and the answer can arrive in time. `reason`
   * is the callee's failure (unused: to the caller every failure is a failed attempt).
   */
  answered(call: number, ok: boolean, _reason: number): void {
    const { requests, sim, topology, network } = this.ctx;
    if (ok) this.internal.succeeded++;
    else this.internal.failed++;
    const caller = requests.caller[call];
    const token = requests.callerToken[call];
    if (requests.attemptToken[caller] !== token) return; // the caller gave up on it
    const instance = requests.instance[call];
    const callerZone = this.host.zoneOf(requests.instance[caller]);
    const fromZone = instance >= 0 ? this.host.zoneOf(instance) : callerZone;
    if (!network.reachable(fromZone, callerZone)) return; // the answer is lost: the caller times out
    const backUs = topology.oneWayUs(fromZone, callerZone) + network.extraUs(fromZone, callerZone);
    if (sim.now + backUs >= requests.attemptDeadlineUs[caller]) return;
    requests.answer[caller] = ok ? ATTEMPT_OK : ATTEMPT_ERROR;
    requests.answerDegraded[caller] = ok ? requests.degraded[call] : 0;
    sim.schedule(backUs, this.answeredCode, caller, token, Priority.traffic);
  }

  /** The answer or the timeout of an attempt at a service: the first to come ends the attempt. */
  private serviceAttemptEnded(request: number, token: number, answered: boolean): void {
    const requests = this.ctx.requests;
    if (requests.attemptToken[request] !== token) return; // the other came first
    requests.attemptToken[request] = 0;
    requests.attemptOutcome[request] = answered ? requests.answer[request] : ATTEMPT_TIMED_OUT;
    if (answered && requests.answerDegraded[request] === 1 && requests.isLive(request)) requests.degraded[request] = 1;
    this.attemptEnded(request, requests.attemptIncarnation[request]);
  }

  private cutOf(instance: number, service: number, external: number): number {
    const zone = this.host.zoneOf(instance);
    return this.cuts.between(service, zone, this.ctx.topology.zoneRegion[zone], external);
  }

  private attemptEnded(request: number, incarnation: number): void {
    const { requests, sim, trace } = this.ctx;
    const instance = requests.instance[request];
    const service = this.host.serviceOf(instance);
    const index = requests.callIndex[request];
    const channel = this.channelNow(request, service);
    if (channel.external >= 0 && requests.attemptOutcome[request] !== ATTEMPT_LOST)
      this.externals.finish(channel.external);
    // The breaker learns the outcome even when the caller has crashed meanwhile (else a probe
    // lost that way would leave it half-open for good; an instance's own breaker starts afresh
    // only in the sense that its next calls find it as it was).
    const failed = requests.attemptOutcome[request] !== ATTEMPT_OK;
    const breaker = this.breakerFor(channel, instance);
    const changed = breaker?.record(failed, sim.now, requests.attemptProbe[request]) ?? -1;
    if (changed === BREAKER_OPEN || changed === BREAKER_CLOSED) {
      const subject = this.breakerName(channel, instance);
      emit(trace, sim.now, { kind: changed === BREAKER_OPEN ? "breaker.opened" : "breaker.closed", subject });
    }
    if (incarnation !== this.host.incarnationOf(instance)) {
      this.dropOrphan(request);
      return;
    }
    if (channel.fallbackOf < 0) this.bulkheadInUse[instance * this.callsMax + index]--;
    if (!failed) {
      this.nextCall(request, incarnation);
      return;
    }
    const retries = channel.call.retries;
    const attempt = requests.attempt[request];
    const breakerOpen = breaker !== undefined && breaker.state === BREAKER_OPEN;
    if (attempt < retries.max && !breakerOpen && (channel.budget === undefined || channel.budget.withdraw())) {
      requests.attempt[request] = attempt + 1;
      channel.retries++;
      const backoffUs = Math.min(retries.maxBackoffUs, retries.backoffUs * 2 ** attempt);
      const waitUs = retries.jitter ? backoffUs * this.random[service].next() : backoffUs;
      sim.schedule(waitUs, this.attemptCode, request, incarnation, Priority.traffic);
      return;
    }
    this.callFailed(request, incarnation, channel);
  }

  /** The breaker that watches `instance`'s calls on the channel, by the breaker's scope. */
  breakerFor(channel: Channel, instance: number): CircuitBreaker | undefined {
    const scope = channel.call.breaker?.scope;
    if (scope === undefined || scope === "service") return channel.breaker;
    if (scope === "instance") return channel.breakers[instance];
    return channel.breakers[this.ctx.topology.zoneRegion[this.host.zoneOf(instance)]];
  }

  /**
   * The share of `service`'s instances in `zone` whose breaker on the channel lets calls through
   * as closed (a half-open one lets only probes: counted as open), as the serviceability reader
   * asks it.
   */
  closedShareIn(channel: Channel, service: number, zone: number): number {
    const scope = channel.call.breaker?.scope;
    if (scope === undefined) return 1;
    if (scope !== "instance") {
      const breaker = scope === "service" ? channel.breaker : channel.breakers[this.ctx.topology.zoneRegion[zone]];
      return breaker?.state === BREAKER_CLOSED ? 1 : 0;
    }
    let instances = 0;
    let closed = 0;
    for (let instance = 0; instance < channel.breakers.length; instance++) {
      if (this.host.serviceOf(instance) !== service || this.host.zoneOf(instance) !== zone) continue;
      instances++;
      if (channel.breakers[instance].state === BREAKER_CLOSED) closed++;
    }
    return instances === 0 ? 1 : closed / instances;
  }

  /** "api→payments", with the region or the instance when the breaker is theirs alone. */
  private breakerName(channel: Channel, instance: number): string {
    const call = `${channel.service}→${channel.call.to}`;
    const scope = channel.call.breaker?.scope;
    if (scope === "region")
      return `${call} in ${this.ctx.topology.regionNames[this.ctx.topology.zoneRegion[this.host.zoneOf(instance)]]}`;
    if (scope === "instance") return `${call} on ${this.host.instanceName(instance)}`;
    return call;
  }

  /** The channel the request's current call goes through: the call's own, or its fallback's. */
  private channelNow(request: number, service: number): Channel {
    const channel = this.channels[this.firstChannel[service] + this.ctx.requests.callIndex[request]];
    return this.ctx.requests.fallingBack[request] === 1 ? this.channels[channel.fallback] : channel;
  }

  private callFailed(request: number, incarnation: number, channel: Channel): void {
    const requests = this.ctx.requests;
    channel.failedCalls++;
    if (channel.fallback !== FALLBACK_NONE && requests.fallingBack[request] === 0) {
      channel.fellBack++;
      if (channel.fallback >= 0) {
        const fallback = this.channels[channel.fallback];
        requests.fallingBack[request] = 1;
        requests.attempt[request] = 0;
        fallback.calls++;
        fallback.budget?.deposit();
        this.attempt(request, incarnation);
        return;
      }
      const service = this.host.serviceOf(requests.instance[request]);
      const share = channel.call.fallback?.kind === "cached" ? channel.call.fallback.share : 0;
      if (share >= 1 || this.random[service].next() < share) {
        channel.servedCached++;
        requests.degraded[request] = 1; // a cached answer: served, but not fresh
        this.nextCall(request, incarnation);
        return;
      }
    }
    if (!channel.call.required) {
      requests.degraded[request] = 1;
      this.nextCall(request, incarnation);
      return;
    }
    this.host.failRequest(request, requests.instance[request], FailureCode["dependency-failed"]);
  }

  /** Watches a call's error rate; a breach flips its kill switch off after the reaction time. */
  private evaluateFlag(index: number): void {
    const { sim } = this.ctx;
    const channel = this.channels[index];
    const rule = channel.call.killSwitch;
    if (!rule) return;
    sim.schedule(FLAG_EVALUATE_EVERY_US, this.flagEvaluateCode, index, 0, Priority.control);
    const sample = { timeUs: sim.now, calls: channel.calls, failed: channel.failedCalls };
    channel.switchSamples.push(sample);
    if (channel.switchSamples.length > 1_000) channel.switchSamples.splice(0, channel.switchSamples.length - 100);
    if (channel.switchedOff || channel.switchPending) return;
    const from = channel.switchSamples.find((s) => s.timeUs >= sim.now - rule.windowUs) ?? sample;
    const calls = sample.calls - from.calls;
    if (calls < FLAG_EVIDENCE_MIN || !compare((sample.failed - from.failed) / calls, rule.errorRate)) return;
    channel.switchSamples.length = 0;
    channel.switchPending = true; // decided now; takes effect after the reaction time
    channel.switchFlips++;
    sim.schedule(rule.reactionUs, this.flagOffCode, index, 0, Priority.control);
  }

  private flipFlag(index: number, off: boolean): void {
    const { sim, trace } = this.ctx;
    const channel = this.channels[index];
    const rule = channel.call.killSwitch;
    if (!rule) return;
    if (off) {
      channel.switchPending = false;
      channel.switchedOff = true;
      emit(trace, sim.now, { kind: "flag.switchedOff", subject: `${channel.service}→${channel.call.to}` });
      sim.schedule(rule.retryAfterUs, this.flagOnCode, index, 0, Priority.control);
    } else {
      channel.switchedOff = false;
      emit(trace, sim.now, { kind: "flag.switchedOn", subject: `${channel.service}→${channel.call.to}` });
    }
  }

  private dropOrphan(request: number): void {
    this.ctx.requests.releaseOrphan(request); // its instance crashed; the failure was counted then
  }
}
