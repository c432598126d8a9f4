// The ceilings on every number a scenario may write (ARCHITECTURE.md, "Inputs and files"): times stay exact integers of
// microseconds (< 2^53 ≈ 9.0e15 µs), sizes that allocate stay small enough to hold, and counts
// stay far inside the 32-bit integers the model keeps them in. Each bound is stated in the schema
// and in the error that enforces it; the arithmetic behind it is written next to it.

export const US_PER_S = 1_000_000;
export const US_PER_H = 3_600 * US_PER_S;
export const US_PER_DAY = 24 * US_PER_H;

/**
 * The longest run: a leap year. A run keeps per-second success and failure counts (and one more
 * per latency alert), so its length is also memory: 366 days are 31.6 M seconds, 126 MB a row.
 */
export const RUN_DURATION_MAX_US = 366 * US_PER_DAY;

/**
 * Any other duration (offsets, periods, MTBF, retention, reaction times...): ten years. The
 * largest draw an exponential with this mean can make is 22.2 × 3650 d ≈ 7.0e15 µs (the
 * generator's smallest uniform is 2^-32, and −ln 2^-32 ≈ 22.2); added to the latest time of a
 * run (366 d ≈ 3.2e13 µs) it stays below 2^53.
 */
export const DURATION_MAX_US = 3_650 * US_PER_DAY;

/**
 * Times on one request's path (network latencies, service and database times, timeouts,
 * backoffs, a latency spike's extra): an hour. A request's path sums several of them and
 * multiplies some by slowdowns and the tail of their distribution; an hour keeps those sums small.
 */
export const REQUEST_TIME_MAX_US = US_PER_H;

/**
 * The longest delay a run may draw from a distribution (a service time at the end of its tail,
 * times every slowdown acting on it): ten years, as for written durations.
 */
export const DELAY_MAX_US = DURATION_MAX_US;

/** The largest draw of an exponential, as a multiple of its mean (−ln 2^-32; see above). */
export const EXPONENTIAL_TAIL = 32 * Math.LN2;

/** The largest standard normal draw of the Box–Muller pair on 2^-32 uniforms: √(2 · 22.2). */
export const NORMAL_TAIL = Math.sqrt(2 * EXPONENTIAL_TAIL);

/** Rates: a hundred million a second per client or flood (the run's work is bounded apart). */
export const RATE_MAX_PER_S = 100_000_000;

/** A multiplier written on one fault (slowdowns, traffic surges). */
export const FACTOR_MAX = 1_000;

/** The product of every slowdown that may act on one service or dependency at once. */
export const SLOWDOWN_PRODUCT_MAX = 1_000_000;

/** Lognormal shape: beyond 4 the tail is a model of nothing (p99 ≈ 11,000 × the median). */
export const SIGMA_MAX = 4;

/** Restores and data sizes: a petabyte. */
export const SIZE_GB_MAX = 1_000_000;

/** Counts the model keeps per instance or per service, in 32-bit integers or typed arrays. */
export const COUNTS = {
  /** Instances per zone (also the autoscaling maximum). */
  instancesPerZone: 1_000,
  /** Instance slots over the whole design (services × zones × instances, or their maximum). */
  instancesTotal: 10_000,
  /** Requests one instance serves at once; messages a queue's consumers work on at once. */
  concurrency: 1_000_000,
  /** Requests waiting per instance (each a slot of a typed array). */
  queue: 1_000_000,
  /** Calls or database operations in flight per instance (bulkheads); a dependency's capacity. */
  inFlight: 1_000_000,
  /** A dependency's or database node's capacity (0: unlimited). */
  capacity: 1_000_000_000,
  /** Retries after the first attempt. */
  retries: 100,
  /** Health-check thresholds, missed heartbeats, failed probes, breaker probes. */
  threshold: 1_000,
  /** A breaker's window of attempts (a byte each). */
  breakerWindow: 100_000,
  /** Keys of a keyed cache (8 bytes each). */
  cacheKeys: 10_000_000,
  /** Distinct clients of one class (8 bytes each: their DNS caches). */
  population: 1_000_000,
  /** A rate limit's burst. */
  burst: 1_000_000_000,
  /** Seeds of a check. */
  seeds: 100_000,
  /** Events a run may dispatch. */
  eventsMax: 1_000_000_000_000,
  /** Events pending at once (about 40 bytes each, plus the requests they carry). */
  pendingEventsMax: 50_000_000,
} as const;

/** Entries of the design's lists. */
export const LIST_MAX = {
  regions: 50,
  /** Region pairs with a latency of their own: every pair of 50 regions (50 · 49 / 2). */
  regionPairs: 1_225,
  /** Client region × serving region latencies: every pair of 50 regions, a region with itself included. */
  clientPairs: 2_500,
  zonesPerRegion: 20,
  services: 200,
  calls: 50,
  databases: 100,
  replicas: 50,
  externals: 200,
  alerts: 200,
  queues: 200,
  probes: 200,
  clients: 500,
  /** Request types of the workload (a request's operation is one byte; 255 means none). */
  operations: 50,
  rateLimits: 200,
  faults: 1_000,
  waves: 100,
} as const;

/** Memory the fixed state of one run may take before its first event (typed arrays, mostly). */
export const MEMORY_MAX_BYTES = 1_000_000_000;

/** A duration bound as a person writes it: `366d`, `1h`. */
export function formatDurationBound(us: number): string {
  if (us % US_PER_DAY === 0) return `${us / US_PER_DAY}d`;
  if (us % US_PER_H === 0) return `${us / US_PER_H}h`;
  if (us % US_PER_S === 0) return `${us / US_PER_S}s`;
  return `${us}us`;
}

/** A count with thousands separators: 1,000,000. */
export function formatCountBound(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}
