// Regions, zones and the latency matrix, plus the failure-domain counters every component reads
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

  constructor(regions: RegionConfig[], network: NetworkConfig, now: () => number) {
    this.network = network;
    this.regionNames = regions.map((r) => r.name);
    this.zoneIds = regions.flatMap((r) => r.zones);
    this.zoneRegion = Int32Array.from(regions.flatMap((r, i) => r.zones.map(() => i)));
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
    if (this.zoneRegion[fromZone] === this.zoneRegion[toZone]) return this.network.crossZoneUs;
    return this.network.crossRegionUs;
  }

  /** One-way latency from a client in `clientRegion` to the edge of `region`. */
  clientOneWayUs(clientRegion: number, region: number): number {
    return this.network.clientUs + (clientRegion === region ? 0 : this.network.crossRegionUs);
  }
}
