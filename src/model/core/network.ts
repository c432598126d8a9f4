// Network conditions injected by faults, as a rule chain (ARCHITECTURE.md, "Faults are effects"): each active rule covers
// traffic between two failure domains (a region or a zone) in one or both directions and
// blocks it (partition), delays it (latency spike) or loses packets (loss). Rules are folded
// into zone × zone and region × region matrices when they change, so the hot path reads numbers.

import type { Topology } from "./topology.js";

export interface NetworkRule {
  id: number;
  /** A region name or a zone id (region/zone). */
  from: string;
  to: string;
  /** Also from `to` to `from`. */
  bothWays: boolean;
  effect: { kind: "partition" } | { kind: "latency"; extraUs: number } | { kind: "loss"; probability: number };
}

/** TCP's minimum retransmission timeout: what one lost packet costs a request. */
export const RETRANSMIT_US = 200_000;

export class NetworkConditions {
  /** True while any rule is active: the hot path skips every lookup otherwise. */
  active = false;
  /** From zone × to zone (index from * zones + to). */
  readonly zoneBlocked: Uint8Array;
  readonly zoneExtraUs: Float64Array;
  readonly zoneLoss: Float64Array;
  /** From client region × to region, for traffic from clients to a region's edge. */
  readonly regionBlocked: Uint8Array;
  readonly regionExtraUs: Float64Array;
  readonly regionLoss: Float64Array;
  private readonly rules: NetworkRule[] = [];

  constructor(private readonly topology: Topology) {
    const zones = topology.zoneIds.length;
    const regions = topology.regionNames.length;
    this.zoneBlocked = new Uint8Array(zones * zones);
    this.zoneExtraUs = new Float64Array(zones * zones);
    this.zoneLoss = new Float64Array(zones * zones);
    this.regionBlocked = new Uint8Array(regions * regions);
    this.regionExtraUs = new Float64Array(regions * regions);
    this.regionLoss = new Float64Array(regions * regions);
  }

  /** How many rules are active. */
  get ruleCount(): number {
    return this.rules.length;
  }

  add(rule: NetworkRule): void {
    this.rules.push(rule);
    this.rebuild();
  }

  remove(id: number): void {
    const at = this.rules.findIndex((rule) => rule.id === id);
    if (at >= 0) this.rules.splice(at, 1);
    this.rebuild();
  }

  reachable(fromZone: number, toZone: number): boolean {
    return !this.active || this.zoneBlocked[fromZone * this.topology.zoneIds.length + toZone] === 0;
  }

  /** Extra one-way latency between two zones (0 without a latency rule). */
  extraUs(fromZone: number, toZone: number): number {
    return this.active ? this.zoneExtraUs[fromZone * this.topology.zoneIds.length + toZone] : 0;
  }

  /** Probability a round trip between two zones loses a packet. */
  lossBetween(fromZone: number, toZone: number): number {
    if (!this.active) return 0;
    const zones = this.topology.zoneIds.length;
    return 1 - (1 - this.zoneLoss[fromZone * zones + toZone]) * (1 - this.zoneLoss[toZone * zones + fromZone]);
  }

  private rebuild(): void {
    const { zoneIds, zoneRegion, regionNames } = this.topology;
    for (const matrix of [
      this.zoneBlocked,
      this.zoneExtraUs,
      this.zoneLoss,
      this.regionBlocked,
      this.regionExtraUs,
      this.regionLoss,
    ]) {
      matrix.fill(0);
    }
    const zoneIn = (zone: number, domain: string) =>
      zoneIds[zone] === domain || regionNames[zoneRegion[zone]] === domain;
    for (const rule of this.rules) {
      const covers = (a: (d: string) => boolean, b: (d: string) => boolean) =>
        (a(rule.from) && b(rule.to)) || (rule.bothWays && a(rule.to) && b(rule.from));
      for (let from = 0; from < zoneIds.length; from++) {
        for (let to = 0; to < zoneIds.length; to++) {
          if (
            from !== to &&
            covers(
              (d) => zoneIn(from, d),
              (d) => zoneIn(to, d),
            )
          ) {
            apply(rule, from * zoneIds.length + to, this.zoneBlocked, this.zoneExtraUs, this.zoneLoss);
          }
        }
      }
      // Clients sit in a region; only region-level rules reach them.
      for (let from = 0; from < regionNames.length; from++) {
        for (let to = 0; to < regionNames.length; to++) {
          if (
            covers(
              (d) => d === regionNames[from],
              (d) => d === regionNames[to],
            )
          ) {
            apply(rule, from * regionNames.length + to, this.regionBlocked, this.regionExtraUs, this.regionLoss);
          }
        }
      }
    }
    this.active = this.rules.length > 0;
  }
}

function apply(rule: NetworkRule, cell: number, blocked: Uint8Array, extraUs: Float64Array, loss: Float64Array): void {
  const effect = rule.effect;
  if (effect.kind === "partition") blocked[cell] = 1;
  else if (effect.kind === "latency") extraUs[cell] += effect.extraUs;
  else loss[cell] = 1 - (1 - loss[cell]) * (1 - effect.probability);
}

/**
 * Extra time a round trip over a lossy link costs: each lost attempt waits out a retransmission
 * timeout that doubles (200 ms, 400 ms, ...). `uniform` is one draw in [0, 1).
 */
export function retransmissionDelayUs(lossProbability: number, uniform: number): number {
  if (lossProbability <= 0 || uniform >= lossProbability) return 0;
  let delayUs = RETRANSMIT_US;
  let timeoutUs = RETRANSMIT_US;
  // Losses in a row: P(k or more) = p^k; reuse the draw's position within [0, p) for the next.
  let u = uniform / lossProbability;
  for (let k = 1; k < 6 && u < lossProbability; k++) {
    timeoutUs *= 2;
    delayUs += timeoutUs;
    u /= lossProbability;
  }
  return delayUs;
}
