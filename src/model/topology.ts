// Regions, zones and the latency matrix, plus the failure-domain counters every component reads
// to know whether it is up: a zone is down while any outage covers it or its region.

import type { NetworkConfig, RegionConfig } from "./config.js";

export class Topology {
  readonly regionNames: string[];
  readonly zoneIds: string[];
  readonly zoneRegion: Int32Array;
  /** Number of active outages covering each region / zone (0 = up). */
  readonly regionOutages: Int32Array;
  readonly zoneOutages: Int32Array;
  private readonly network: NetworkConfig;

  constructor(regions: RegionConfig[], network: NetworkConfig) {
    this.network = network;
    this.regionNames = regions.map((r) => r.name);
    this.zoneIds = regions.flatMap((r) => r.zones);
    this.zoneRegion = Int32Array.from(regions.flatMap((r, i) => r.zones.map(() => i)));
    this.regionOutages = new Int32Array(regions.length);
    this.zoneOutages = new Int32Array(this.zoneIds.length);
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
    return this.zoneOutages[zone] === 0 && this.regionOutages[this.zoneRegion[zone]] === 0;
  }

  isRegionUp(region: number): boolean {
    return this.regionOutages[region] === 0;
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
