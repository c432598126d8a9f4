// Application caches in front of the database, one per service that has one: the share of
// reads answered without the database, which drops to zero when the cache is flushed or down
// and climbs back linearly over its warm-up time.

import type { RandomStream } from "../engine/index.js";
import type { ServiceConfig } from "./config.js";

export class ServiceCaches {
  readonly hitRatio: Float64Array;
  readonly latencyUs: Float64Array;
  private readonly warmupUs: Float64Array;
  private readonly flushedAtUs: Float64Array;
  private readonly down: Uint8Array;

  constructor(services: ServiceConfig[]) {
    this.hitRatio = Float64Array.from(services.map((s) => s.cache?.hitRatio ?? 0));
    this.latencyUs = Float64Array.from(services.map((s) => s.cache?.latencyUs ?? 0));
    this.warmupUs = Float64Array.from(services.map((s) => s.cache?.warmupUs ?? 1));
    this.flushedAtUs = new Float64Array(services.length).fill(Number.NEGATIVE_INFINITY);
    this.down = new Uint8Array(services.length);
  }

  /** Whether the service's cache answers this read (one draw from `random` when it might). */
  hit(service: number, random: RandomStream, nowUs: number): boolean {
    const base = this.hitRatio[service];
    if (base === 0 || this.down[service] === 1) return false;
    const warmUs = nowUs - this.flushedAtUs[service];
    const ratio = warmUs >= this.warmupUs[service] ? base : (base * warmUs) / this.warmupUs[service];
    return random.next() < ratio;
  }

  /** The cache loses everything now and warms up again. */
  flush(service: number, nowUs: number): void {
    this.flushedAtUs[service] = nowUs;
  }

  /** The cache is down (every read misses) or back up, empty. */
  setDown(service: number, down: boolean, nowUs: number): void {
    this.down[service] = down ? 1 : 0;
    if (!down) this.flushedAtUs[service] = nowUs;
  }
}
