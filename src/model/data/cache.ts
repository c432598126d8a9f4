// Application caches in front of the database, one per service that has one (shared by all its
// instances). Two models:
// - a fixed hit ratio: the share of reads answered without the database, which drops to zero
//   when the cache is flushed or down and climbs back linearly over its warm-up time;
// - a keyed TTL cache: each read wants one of `keys` equally popular keys; a read of a key whose
//   entry has not expired is a hit; a miss goes to the database, and only a successful read
//   fills the entry, for `ttl` (shortened by up to `ttlJitter`). The hit ratio emerges from the
//   read rate per key λ and the TTL T — λT/(1 + λT) in steady state — and so do the stampede
//   after a flush, the echo one TTL later when the entries refilled together expire together,
//   and a cache that cannot refill because the database it protects is overwhelmed.
//   A keyed cache starts warm, as a running system's would be: every entry present, with its
//   remaining TTL spread uniformly (so expiries are not synchronised), drawn from its own stream.

import type { RandomStream, RandomStreams } from "../../engine/index.js";
import type { ServiceConfig } from "../core/index.js";
import { FoldedLever } from "../core/index.js";

/** What a cache lookup returns besides a key to fill: an answer, or a miss with nothing to fill. */
export const CACHE_HIT = -2;
export const CACHE_MISS = -1;
/** A request that has no keyed-cache entry to fill. */
export const NO_CACHE_KEY = -1;

interface KeyedCache {
  keys: number;
  ttlUs: number;
  ttlJitter: number;
  /** Per key, when its entry expires (−∞: empty). */
  expiresUs: Float64Array;
}

export class ServiceCaches {
  /** 1 where the service has a cache. */
  readonly enabled: Uint8Array;
  readonly latencyUs: Float64Array;
  private readonly hitRatio: Float64Array;
  private readonly warmupUs: Float64Array;
  private readonly keyed: (KeyedCache | undefined)[];
  private readonly flushedAtUs: Float64Array;
  /** Cache-failure faults per service, keyed by fault: the cache is down while any is active. */
  readonly outages: FoldedLever;
  private readonly down: Float64Array;
  /** Reads each cache answered, and reads that went past it to the database. */
  readonly hits: Float64Array;
  readonly misses: Float64Array;

  constructor(services: ServiceConfig[], streams: RandomStreams, now: () => number) {
    this.enabled = Uint8Array.from(services.map((s) => (s.cache ? 1 : 0)));
    this.hitRatio = Float64Array.from(services.map((s) => s.cache?.hitRatio ?? 0));
    this.latencyUs = Float64Array.from(services.map((s) => s.cache?.latencyUs ?? 0));
    this.warmupUs = Float64Array.from(services.map((s) => s.cache?.warmupUs ?? 1));
    this.keyed = services.map((s) => {
      const ttl = s.cache?.ttl;
      if (!ttl) return undefined;
      const warm = streams.fork(`cache/${s.name}`);
      const expiresUs = Float64Array.from({ length: ttl.keys }, () => warm.next() * ttl.ttlUs);
      return { ...ttl, expiresUs };
    });
    this.flushedAtUs = new Float64Array(services.length).fill(Number.NEGATIVE_INFINITY);
    this.outages = new FoldedLever({ name: "cache.down", targets: services.length, rule: "count", now });
    this.down = this.outages.values;
    this.hits = new Float64Array(services.length);
    this.misses = new Float64Array(services.length);
  }

  /**
   * Looks a read up in the service's cache (drawing from `random` only when it might hit):
   * CACHE_HIT, CACHE_MISS, or — a miss in a keyed cache — the key to fill once the read succeeds.
   */
  lookUp(service: number, random: RandomStream, nowUs: number): number {
    const outcome = this.answer(service, random, nowUs);
    if (outcome === CACHE_HIT) this.hits[service]++;
    else this.misses[service]++;
    return outcome;
  }

  private answer(service: number, random: RandomStream, nowUs: number): number {
    const keyed = this.keyed[service];
    if (keyed !== undefined) {
      const key = Math.floor(random.next() * keyed.keys);
      if (this.down[service] > 0) return CACHE_MISS; // nothing to fill while it is down
      return keyed.expiresUs[key] > nowUs ? CACHE_HIT : key;
    }
    const base = this.hitRatio[service];
    if (base === 0 || this.down[service] > 0) return CACHE_MISS;
    const warmUs = nowUs - this.flushedAtUs[service];
    const ratio = warmUs >= this.warmupUs[service] ? base : (base * warmUs) / this.warmupUs[service];
    return random.next() < ratio ? CACHE_HIT : CACHE_MISS;
  }

  /**
   * The share of reads the cache answers now, when the state says it (a fixed-ratio cache: its
   * ratio, less while warming up, 0 when down); undefined for a keyed cache, whose ratio only
   * the reads themselves tell.
   */
  hitRatioNow(service: number, nowUs: number): number | undefined {
    if (this.enabled[service] === 0 || this.down[service] > 0) return 0;
    if (this.keyed[service] !== undefined) return undefined;
    const warmUs = nowUs - this.flushedAtUs[service];
    const base = this.hitRatio[service];
    return warmUs >= this.warmupUs[service] ? base : (base * warmUs) / this.warmupUs[service];
  }

  /** A fixed-ratio cache is climbing back after a flush: its hit ratio changes with time alone. */
  warming(service: number, nowUs: number): boolean {
    if (this.enabled[service] === 0 || this.down[service] > 0 || this.keyed[service] !== undefined) return false;
    return nowUs - this.flushedAtUs[service] < this.warmupUs[service];
  }

  /** A read that missed `key` got its answer: the entry lives for the TTL (less any jitter). */
  fill(service: number, key: number, random: RandomStream, nowUs: number): void {
    const keyed = this.keyed[service];
    if (keyed === undefined || this.down[service] > 0) return;
    const jitter = keyed.ttlJitter > 0 ? keyed.ttlJitter * random.next() : 0;
    keyed.expiresUs[key] = nowUs + keyed.ttlUs * (1 - jitter);
  }

  /** The cache loses everything now and warms up again. */
  flush(service: number, nowUs: number): void {
    this.flushedAtUs[service] = nowUs;
    this.keyed[service]?.expiresUs.fill(Number.NEGATIVE_INFINITY);
  }

  /**
   * Fault `key` takes the cache down (every read misses) or ends; once no fault holds it down it
   * is back, empty. Returns whether the cache went down or came back.
   */
  setDown(service: number, key: number, down: boolean, nowUs: number): boolean {
    const wasDown = this.down[service] > 0;
    if (down) this.outages.set(service, key);
    else this.outages.clear(service, key);
    const isDown = this.down[service] > 0;
    if (wasDown && !isDown) this.flush(service, nowUs);
    return wasDown !== isDown;
  }
}
