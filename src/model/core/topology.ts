// Regions, zones and the latency matrices (region to region, client region to serving region:
// computed once, read on the hot path), plus the failure-domain counters every component reads
// to know whether it is up: a zone is down while any outage covers it or its region.

import type { NetworkConfig, RegionConfig } from "./config.js";
import { FoldedLever } from "./folded-lever.js";

export class Topology {
  readonly regionNames: string[];
  readonly zoneIds: string[];
  readonly zoneRegion: Int32Array;
  /** Outages covering each region / zone, keyed by fault: up while none is active. */
  readonly regionOutages: FoldedLever;
  readonly zoneOutages: FoldedLever;
  private readonly network: NetworkConfig;
  /** From region × to region (index from * regions + to): one-way latency between them; the diagonal is unused. */
  private readonly regionOneWayUs: Float64Array;
  /** Client region × serving region: one-way latency from the clients to that region's edge. */
  private readonly clientOneWay: Float64Array;

  constructor(regions: RegionConfig[], network: NetworkConfig, now: () => number) {
    this.network = network;
    this.regionNames = regions.map((r) => r.name);
    this.zoneIds = regions.flatMap((r) => r.zones);
    this.zoneRegion = Int32Array.from(regions.flatMap((r, i) => r.zones.map(() => i)));
    this.regionOneWayUs = this.regionMatrix(network);
    this.clientOneWay = this.clientMatrix(network);
    this.regionOutages = new FoldedLever({ name: "region.outage", targets: regions.length, rule: "count", now });
    this.zoneOutages = new FoldedLever({ name: "zone.outage", targets: this.zoneIds.length, rule: "count", now });
  }

  regionIndex(name: string): number {
    const index = this.regionNames.indexOf(name);
    if (index < 0) throw new Error(`unknown region ${name}`);
    return index;
  }

  zoneIndex(id: string): number {
    const index = this.zoneIds.indexOf(id);
    if (index < 0) throw new Error(`unknown zone ${id}`);
    return index;
  }

  zonesOf(region: number): number[] {
    const zones: number[] = [];
    for (let z = 0; z < this.zoneIds.length; z++) if (this.zoneRegion[z] === region) zones.push(z);
    return zones;
  }

  isZoneUp(zone: number): boolean {
    return this.zoneOutages.values[zone] === 0 && this.regionOutages.values[this.zoneRegion[zone]] === 0;
  }

  isRegionUp(region: number): boolean {
    return this.regionOutages.values[region] === 0;
  }

  /** One-way network latency between two zones, before jitter. */
  oneWayUs(fromZone: number, toZone: number): number {
    if (fromZone === toZone) return this.network.sameZoneUs;
    const from = this.zoneRegion[fromZone];
    const to = this.zoneRegion[toZone];
    if (from === to) return this.network.crossZoneUs;
    return this.regionOneWayUs[from * this.regionNames.length + to];
  }

  /** One-way latency from a client in `clientRegion` to the edge of `region`. */
  clientOneWayUs(clientRegion: number, region: number): number {
    return this.clientOneWay[clientRegion * this.regionNames.length + region];
  }

  /** crossRegion for every pair, then each listed pair both ways (compiled: known, distinct, each once). */
  private regionMatrix(network: NetworkConfig): Float64Array {
    const regions = this.regionNames.length;
    const matrix = new Float64Array(regions * regions).fill(network.crossRegionUs);
    for (const { between, oneWayUs } of network.regionLatency) {
      const a = this.regionIndex(between[0]);
      const b = this.regionIndex(between[1]);
      matrix[a * regions + b] = oneWayUs;
      matrix[b * regions + a] = oneWayUs;
    }
    return matrix;
  }

  /** client (+ the pair's latency when it is another region), unless the pair has its own. */
  private clientMatrix(network: NetworkConfig): Float64Array {
    const regions = this.regionNames.length;
    const matrix = new Float64Array(regions * regions);
    for (let from = 0; from < regions; from++) {
      for (let to = 0; to < regions; to++) {
        const at = from * regions + to;
        matrix[at] = network.clientUs + (from === to ? 0 : this.regionOneWayUs[at]);
      }
    }
    for (const { from, to, oneWayUs } of network.clientLatency) {
      matrix[this.regionIndex(from) * regions + this.regionIndex(to)] = oneWayUs;
    }
    return matrix;
  }
}
