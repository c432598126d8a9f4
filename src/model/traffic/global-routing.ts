// Global routing by DNS: health checks on each region's endpoint decide the answer (a client's
// own region if healthy, else the nearest healthy one). Clients cache the answer for the TTL, each
// refreshing on its own phase, so a dead region keeps receiving traffic until caches expire.

import type { RandomStream } from "../../engine/index.js";
import type { ClientConfig, DnsConfig, ServiceConfig } from "../core/index.js";
import { emit, FoldedLever, type ModelContext, nextTickUs, Priority } from "../core/index.js";
import type { LoadBalancers } from "./load-balancer.js";

interface AnswerHistory {
  /** Time each answer took effect (the first is −∞). */
  times: number[];
  /** Per answer: client region → serving region. */
  answers: Int32Array[];
}

interface Endpoint {
  region: number;
  balancer: number;
  believedHealthy: boolean;
  failStreak: number;
  passStreak: number;
}

export class GlobalRouting {
  private readonly histories: AnswerHistory[];
  private readonly endpoints: Endpoint[][];
  /** Per client, the phase (µs) at which each of its distinct clients refreshes its cache. */
  private readonly cachePhases: Float64Array[];
  private readonly checkCode: number;
  private readonly propagatedCode: number;
  readonly failovers: number[] = [];
  /** When DNS resolution started failing (−1: it works). */
  private resolutionFailingSinceUs = -1;
  /** DNS-failure faults, keyed by fault: resolution fails while any is active. */
  readonly resolutionFaults: FoldedLever;
  /** Per service, its checks' phase, and whether they sleep (core/lazy-checks.ts) and their generation. */
  private readonly checkPhaseUs: number[] = [];
  private readonly checkAsleep: boolean[] = [];
  private readonly checkGeneration: number[] = [];

  constructor(
    private readonly ctx: ModelContext,
    private readonly services: ServiceConfig[],
    clients: ClientConfig[],
    private readonly balancers: LoadBalancers,
    private readonly dns: DnsConfig | undefined,
  ) {
    const { topology, sim, streams } = ctx;
    this.endpoints = services.map((_, s) =>
      topology.regionNames
        .map((_, region) => ({
          region,
          balancer: balancers.balancerFor(s, region),
          believedHealthy: true,
          failStreak: 0,
          passStreak: 0,
        }))
        .filter((endpoint) => endpoint.balancer >= 0),
    );
    this.histories = services.map((_, s) => ({ times: [Number.NEGATIVE_INFINITY], answers: [this.computeAnswer(s)] }));
    this.failovers = services.map(() => 0);
    this.cachePhases = clients.map((client) => {
      const phases = new Float64Array(client.population);
      if (dns) {
        const random = streams.fork(`dns/${client.name}`);
        for (let k = 0; k < phases.length; k++) phases[k] = random.next() * dns.ttlUs;
      }
      return phases;
    });
    this.resolutionFaults = new FoldedLever({
      name: "dns.resolutionFailing",
      targets: 1,
      rule: "count",
      now: () => sim.now,
    });
    this.checkCode = sim.register("dns.healthCheck", (service, generation) => this.check(service, generation));
    this.propagatedCode = sim.register("dns.propagated", (service) =>
      emit(ctx.trace, sim.now, { kind: "dns.propagated", subject: services[service].name }),
    );
    if (dns) {
      services.forEach((_, s) => {
        const phase = streams.fork(`dns/check/${services[s].name}`);
        this.checkPhaseUs.push(Math.round(phase.next() * dns.healthCheck.intervalUs));
        this.checkAsleep.push(false);
        this.checkGeneration.push(0);
        sim.at(this.checkPhaseUs[s], this.checkCode, s, 0, Priority.control);
      });
      ctx.lazy.add((nowUs) => this.wake(nowUs, dns.healthCheck.intervalUs));
    }
  }

  private wake(nowUs: number, intervalUs: number): void {
    for (let service = 0; service < this.checkAsleep.length; service++) {
      if (!this.checkAsleep[service]) continue;
      this.checkAsleep[service] = false;
      this.checkGeneration[service]++;
      const atUs = nextTickUs(this.checkPhaseUs[service], intervalUs, nowUs);
      this.ctx.sim.at(atUs, this.checkCode, service, this.checkGeneration[service], Priority.control);
    }
  }

  /**
   * The region a client's request goes to, given the answer its DNS cache holds now. Only while
   * caches may still hold an older answer (within one TTL of a change) does it matter which of
   * the client's distinct clients sent the request; then one is drawn from `random`.
   */
  resolve(service: number, clientRegion: number, client: number, random: RandomStream, nowUs: number): number {
    const history = this.histories[service];
    const latest = history.answers.length - 1;
    const failingSinceUs = this.resolutionFailingSinceUs;
    const settledSinceUs = failingSinceUs < 0 ? history.times[latest] : Math.max(history.times[latest], failingSinceUs);
    if (this.dns === undefined || nowUs >= settledSinceUs + this.dns.ttlUs) {
      return failingSinceUs < 0 ? history.answers[latest][clientRegion] : -1;
    }
    const ttl = this.dns.ttlUs;
    const phases = this.cachePhases[client];
    const phase = phases[random.int(phases.length)];
    const refreshedUs = nowUs >= phase ? nowUs - ((nowUs - phase) % ttl) : phase - ttl;
    // A client whose cache expired while resolution fails has no answer (−1).
    if (failingSinceUs >= 0 && refreshedUs >= failingSinceUs) return -1;
    let entry = latest;
    while (history.times[entry] > refreshedUs) entry--;
    return history.answers[entry][clientRegion];
  }

  /**
   * Where the client's requests go now, as shares of its distinct clients: region → share, with
   * −1 for those whose cache expired while resolution fails. Exact, drawing nothing: each of the
   * client's distinct clients is asked the question `resolve` asks of one drawn at random.
   */
  /**
   * The one region every cached answer of the client points to once DNS has settled (-1: none
   * resolves), or undefined within a TTL of a change, when `answerShares` must say which share
   * points where. The observer's every-second read takes this path almost always.
   */
  settledAnswer(service: number, clientRegion: number, nowUs: number): number | undefined {
    const history = this.histories[service];
    const latest = history.answers.length - 1;
    const failingSinceUs = this.resolutionFailingSinceUs;
    const settledSinceUs = failingSinceUs < 0 ? history.times[latest] : Math.max(history.times[latest], failingSinceUs);
    if (this.dns !== undefined && nowUs < settledSinceUs + this.dns.ttlUs) return undefined;
    return failingSinceUs < 0 ? history.answers[latest][clientRegion] : -1;
  }

  answerShares(service: number, clientRegion: number, client: number, nowUs: number): Map<number, number> {
    const shares = new Map<number, number>();
    const history = this.histories[service];
    const latest = history.answers.length - 1;
    const failingSinceUs = this.resolutionFailingSinceUs;
    const settledSinceUs = failingSinceUs < 0 ? history.times[latest] : Math.max(history.times[latest], failingSinceUs);
    if (this.dns === undefined || nowUs >= settledSinceUs + this.dns.ttlUs) {
      shares.set(failingSinceUs < 0 ? history.answers[latest][clientRegion] : -1, 1);
      return shares;
    }
    const ttl = this.dns.ttlUs;
    const phases = this.cachePhases[client];
    for (const phase of phases) {
      const refreshedUs = nowUs >= phase ? nowUs - ((nowUs - phase) % ttl) : phase - ttl;
      let region: number;
      if (failingSinceUs >= 0 && refreshedUs >= failingSinceUs) region = -1;
      else {
        let entry = latest;
        while (history.times[entry] > refreshedUs) entry--;
        region = history.answers[entry][clientRegion];
      }
      shares.set(region, (shares.get(region) ?? 0) + 1 / phases.length);
    }
    return shares;
  }

  /**
   * Fault `key` makes DNS resolution fail (`failing`) or stops doing so. Resolution fails from the
   * first such fault (clients keep their cached answers until they expire) until the last one
   * ends (clients resolve again on their next request).
   */
  setResolutionFailing(key: number, failing: boolean): void {
    const nowUs = this.ctx.sim.now;
    const before = this.resolutionFaults.values[0] > 0;
    if (failing) this.resolutionFaults.set(0, key);
    else this.resolutionFaults.clear(0, key);
    const after = this.resolutionFaults.values[0] > 0;
    if (before === after) return;
    this.resolutionFailingSinceUs = after ? nowUs : -1;
    emit(this.ctx.trace, nowUs, { kind: after ? "dns.resolutionFailed" : "dns.resolutionRestored", subject: "dns" });
  }

  /**
   * Own region if healthy, else the healthy endpoint nearest to the client region (the least
   * client latency; ties go to the first in declaration order, so with one crossRegion for every
   * pair it is the first healthy one); if none is healthy, all stay (fail open).
   */
  private computeAnswer(service: number): Int32Array {
    const topology = this.ctx.topology;
    const endpoints = this.endpoints[service];
    const healthy = endpoints.filter((endpoint) => endpoint.believedHealthy);
    const candidates = healthy.length > 0 ? healthy : endpoints;
    const answer = new Int32Array(topology.regionNames.length);
    for (let region = 0; region < answer.length; region++) {
      const own = candidates.find((endpoint) => endpoint.region === region);
      let nearest = candidates[0];
      for (const endpoint of candidates) {
        if (topology.clientOneWayUs(region, endpoint.region) < topology.clientOneWayUs(region, nearest.region)) {
          nearest = endpoint;
        }
      }
      answer[region] = (own ?? nearest).region;
    }
    return answer;
  }

  private check(service: number, generation: number): void {
    const { sim, lazy } = this.ctx;
    const dns = this.dns as DnsConfig;
    lazy.ticked();
    if (generation !== this.checkGeneration[service]) return; // it fell asleep since
    // Per request the next check is scheduled first, as it always was; a fluid run decides after.
    if (!lazy.enabled) sim.schedule(dns.healthCheck.intervalUs, this.checkCode, service, 0, Priority.control);
    let changed = false;
    let atRest = true;
    for (const endpoint of this.endpoints[service]) {
      const up = this.endpointUp(endpoint);
      if (up) {
        endpoint.failStreak = 0;
        endpoint.passStreak++;
        if (!endpoint.believedHealthy && endpoint.passStreak >= dns.healthCheck.healthyThreshold) {
          endpoint.believedHealthy = true;
          changed = true;
        }
      } else {
        endpoint.passStreak = 0;
        endpoint.failStreak++;
        if (endpoint.believedHealthy && endpoint.failStreak >= dns.healthCheck.unhealthyThreshold) {
          endpoint.believedHealthy = false;
          changed = true;
        }
      }
      if (
        up ? !endpoint.believedHealthy || endpoint.failStreak > 0 : endpoint.believedHealthy || endpoint.passStreak > 0
      )
        atRest = false;
    }
    if (changed) {
      lazy.changed();
      this.publish(service);
    }
    // In the fluid fidelity, checks that find every endpoint as believed sleep until a change.
    if (!lazy.enabled) return;
    if (atRest) {
      this.checkAsleep[service] = true;
      this.checkGeneration[service]++;
    } else sim.schedule(dns.healthCheck.intervalUs, this.checkCode, service, generation, Priority.control);
  }

  private endpointUp(endpoint: Endpoint): boolean {
    return this.ctx.topology.isRegionUp(endpoint.region) && this.balancers.hasHealthyTarget(endpoint.balancer);
  }

  private publish(service: number): void {
    const { sim, topology, controlPlane } = this.ctx;
    const history = this.histories[service];
    const previous = history.answers[history.answers.length - 1];
    const answer = this.computeAnswer(service);
    if (answer.every((region, i) => region === previous[i])) return;
    history.times.push(sim.now);
    history.answers.push(answer);
    this.failovers[service]++;
    const moves = topology.regionNames
      .map((name, region) => ({
        from: name,
        to: topology.regionNames[answer[region]],
        moved: answer[region] !== previous[region],
      }))
      .filter((move) => move.moved)
      .map(({ from, to }) => ({ from, to }));
    const serviceName = this.services[service].name;
    const homeCount = (a: Int32Array) => a.reduce((n, region, i) => n + (region === i ? 1 : 0), 0);
    const kind = homeCount(answer) > homeCount(previous) ? "dns.failedBack" : "dns.failedOver";
    controlPlane.change(sim.now, { kind, subject: serviceName, data: { moves } }, (draft) => {
      topology.regionNames.forEach((name, region) => {
        draft.dns[serviceName][name] = topology.regionNames[answer[region]];
      });
    });
    sim.schedule((this.dns as DnsConfig).ttlUs, this.propagatedCode, service, 0, Priority.control);
  }

  /** The answers in effect at the start, for the initial control-plane snapshot. */
  initialAnswer(service: number): Int32Array {
    return this.histories[service].answers[0];
  }
}
