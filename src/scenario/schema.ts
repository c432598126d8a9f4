// The scenario file format as a zod schema: the single source of truth for validation, for the
// TypeScript input types and for the JSON Schema that editors use (`faultline schema`).
// Values keep their human units here; compile.ts converts them once.

import { z } from "zod";

import { faultSchema } from "../faults/index.js";
import { comparison, count, duration, name, percent, positive, rate, TIME_OF_DAY } from "../input/index.js";

const healthCheck = z
  .strictObject({
    interval: duration("Time between two checks").default("10s"),
    unhealthyThreshold: positive("Consecutive failed checks before a target is taken out").default(3),
    healthyThreshold: positive("Consecutive passed checks before a target is put back").default(2),
  })
  .describe("Health checking: a target is believed down after unhealthyThreshold failed checks in a row");

const network = z
  .strictObject({
    sameZone: duration("One-way latency between nodes in the same zone").default("250us"),
    crossZone: duration("One-way latency between zones of one region").default("1ms"),
    crossRegion: duration("One-way latency between regions").default("35ms"),
    client: duration("One-way latency from a client to the nearest region's edge").default("10ms"),
    jitter: percent("Each request's network time varies uniformly by ± this fraction").default("10%"),
  })
  .describe("The latency matrix");

const region = z.strictObject({
  name: name("Region"),
  zones: z.array(name("Zone")).min(1).describe("Availability zones; refer to one as region/zone, e.g. us-east/a"),
});

const serviceTime = z
  .strictObject({
    distribution: z.enum(["constant", "exponential", "lognormal"]).default("exponential"),
    mean: duration("Mean service time"),
    sigma: z.number().positive().default(0.5).describe("Lognormal shape (standard deviation of the log)"),
  })
  .describe("Time an instance spends on one request, excluding dependency calls");

const serviceDatabase = z
  .strictObject({
    name: name("Database").describe("The database this service reads and writes"),
    reads: z.enum(["primary", "local-replica"]).default("primary").describe("Where reads go"),
    timeout: duration("How long a call waits for an unreachable database before failing").default("1s"),
    bulkhead: positive(
      "Most database calls in flight per instance; a request that needs one more fails at once (load-shed)",
    ).optional(),
  })
  .describe("The service's database calls: reads and writes follow the client's read/write mix");

const retries = z
  .strictObject({
    max: count("Retries after the first attempt").default(0),
    backoff: duration("Wait before the first retry; doubles after each").default("50ms"),
    maxBackoff: duration("Longest wait between attempts").default("2s"),
    jitter: z.boolean().default(true).describe("Full jitter: wait a uniform fraction of the backoff"),
    budget: percent("At most this many retries per call, averaged (a token bucket); omit for no budget").optional(),
  })
  .describe("Retries with exponential backoff, jitter and an optional retry budget");

const breaker = z
  .strictObject({
    failureRate: percent("Opens when this fraction of the last `window` attempts failed").default("50%"),
    window: positive("Attempts the failure rate is measured over").default(20),
    minimumCalls: positive("Attempts needed before it may open").default(10),
    coolDown: duration("How long it stays open before letting probes through").default("10s"),
    probes: positive("Successful probes in a row that close it again (half-open)").default(3),
  })
  .describe("Circuit breaker: closed → open (fail fast) → half-open (probes) → closed");

const call = z.strictObject({
  to: name("Dependency").describe("An external dependency (design.externals)"),
  fraction: percent("Fraction of requests that make this call").default(1),
  criticality: z
    .enum(["required", "optional"])
    .default("required")
    .describe("required: its failure fails the request; optional: the response is degraded but succeeds"),
  timeout: duration("How long one attempt may take").default("1s"),
  retries: retries.default({ max: 0, backoff: "50ms", maxBackoff: "2s", jitter: true }),
  breaker: breaker.optional(),
  bulkhead: positive("Most calls in flight from one instance to this dependency; more fail at once").optional(),
  killSwitch: z
    .strictObject({
      errorRate: comparison('Someone turns the feature off when its calls fail this often, e.g. "> 20%"'),
      window: duration("Window of that error rate").default("1m"),
      reaction: duration("Time from the breach to the flag being flipped").default("2m"),
      retryAfter: duration("Time the feature stays off before it is tried again").default("10m"),
    })
    .optional()
    .describe("A feature flag that turns this call off: requests are served without it (degraded)"),
});

const external = z.strictObject({
  name: name("Dependency"),
  latency: serviceTime.describe("Time it takes to answer one call"),
  errorRate: percent("Fraction of calls it answers with an error").default(0),
  capacity: count(
    "Calls it serves at full speed at once; beyond, each is slowed by in-flight/capacity (0: unlimited)",
  ).default(0),
});

const rolloutFields = {
  waves: z
    .union([z.array(percent("Cumulative share of instances changed by this wave")).min(1), z.literal("by-region")])
    .optional()
    .describe(
      'Cumulative shares per wave, e.g. ["5%", "25%", "100%"] (a canary), or "by-region" (staged); default ["100%"]',
    ),
  step: duration("Time to change one wave's instances (blue-green: to bring up the green fleet)").default("1m"),
  bake: duration("Time each wave runs, watched, before the next (blue-green: how long blue is kept)").default("10m"),
  rollback: z
    .strictObject({
      errorRate: comparison('Roll back when the changed instances\' error rate satisfies this, e.g. "> 2%"'),
      window: duration("Window of that error rate").default("1m"),
    })
    .optional()
    .describe("Automated rollback"),
  manualRollback: duration(
    "Without automation (or if it does not trigger), a person rolls back this long after the start",
  ).optional(),
};

const configRollout = z
  .strictObject({ ...rolloutFields, step: duration("Time to change one wave's instances").default("10s") })
  .describe("How a configuration change reaches the instances (bad-config faults use it)");

const deployRollout = z
  .strictObject({
    ...rolloutFields,
    strategy: z
      .enum(["waves", "blue-green"])
      .default("waves")
      .describe(
        "waves: instances change wave by wave; blue-green: a second fleet is brought up beside the first and traffic switches to it at once, and back as fast while the old fleet is kept",
      ),
    switch: duration("blue-green: time for the load balancers to move all traffic to the other fleet").default("10s"),
  })
  .describe("How a new version reaches the instances (bad-deploy faults use it)");

const autoscaling = z
  .strictObject({
    maxInstancesPerZone: positive("Most instances per zone"),
    targetUtilization: percent("Busy slots / all slots it aims for").default("60%"),
    queuePerInstance: count("Also scale out when the average queue per instance exceeds this").default(10),
    every: duration("Evaluation interval").default("15s"),
    cooldown: duration("No change within this long of the last one").default("1m"),
    provisioning: duration("Time for a new instance to boot (then it must pass health checks)").default("90s"),
  })
  .describe("Autoscaling on utilisation and queue depth, per service and region");

const service = z.strictObject({
  name: name("Service"),
  regions: z.array(name("Region")).min(1).optional().describe("Regions to deploy in (default: all)"),
  instancesPerZone: positive("Instances in each zone of each deployed region").default(1),
  concurrency: positive("Requests one instance serves at once"),
  queue: count("Requests waiting per instance before new ones are shed").default(100),
  serviceTime,
  database: serviceDatabase.optional(),
  calls: z.array(call).default([]).describe("Calls to dependencies, made in order after the service time"),
  autoscaling: autoscaling.optional(),
  publishesTo: name("Queue").optional().describe("Hand each request's work to this queue and answer at once"),
  cache: z
    .strictObject({
      hitRatio: percent("A fixed share of reads the cache answers without the database").optional(),
      latency: duration("Time a cache hit takes").default("1ms"),
      warmup: duration(
        "With hitRatio: after a flush or an outage, time for the hit ratio to climb back (default 5m)",
      ).optional(),
      ttl: duration("Instead of hitRatio: how long an entry lives once a read has fetched it").optional(),
      keys: positive("With ttl: distinct keys the reads spread over, equally popular").optional(),
      ttlJitter: percent(
        "With ttl: each entry's TTL is shortened by a random share up to this (default 0%)",
      ).optional(),
    })
    .optional()
    .describe(
      "An application cache in front of the database, for reads: a fixed hitRatio, or a keyed TTL cache (ttl + keys) whose hit ratio follows from the reads per key",
    ),
  deploy: deployRollout.default({ step: "1m", bake: "10m", strategy: "waves", switch: "10s" }),
  config: configRollout.default({ step: "10s", bake: "10m" }),
  healthCheck: healthCheck.default({ interval: "10s", unhealthyThreshold: 3, healthyThreshold: 2 }),
  balancing: z.enum(["round-robin", "least-outstanding"]).default("round-robin"),
});

const replica = z.strictObject({
  zone: z.string().describe("The replica's zone, as region/zone"),
  mode: z.enum(["sync", "async"]).describe("sync: a write is acknowledged after this replica has it"),
  lag: duration("Replication delay for async replicas").default("1s"),
});

const failover = z
  .strictObject({
    mode: z.enum(["automatic", "none"]).default("automatic"),
    heartbeat: duration("Interval between heartbeats from the primary").default("1s"),
    missedHeartbeats: positive("Missed heartbeats before the primary is declared dead").default(5),
    promotion: duration("Time to promote the chosen replica once the failure is detected").default("30s"),
  })
  .describe("Automatic failover: the most advanced reachable replica is promoted");

const backups = z
  .strictObject({
    snapshotEvery: duration("Interval between full snapshots (the first is taken at the start)"),
    logArchiveEvery: duration("Point-in-time recovery: the write log is archived this often").optional(),
    immutable: z
      .boolean()
      .default(false)
      .describe("Write-once backups: corruption that reaches backups cannot touch them"),
    restoreRate: z
      .string()
      .regex(/^\s*\d+(\.\d+)?\s*GB\s*\/\s*(s|min|h)\s*$/, 'write a throughput such as "10GB/min"')
      .default("10GB/min")
      .describe("How fast a restore writes data back"),
  })
  .describe("Backups: snapshots, optional log archiving (PITR), immutability, restore speed");

const database = z.strictObject({
  name: name("Database"),
  capacity: count(
    "Operations each node serves at full speed at once (0: unlimited); under load each takes 1/(1 − load) as long, and past it calls time out",
  ).default(0),
  size: z
    .string()
    .regex(/^\s*\d+(\.\d+)?\s*(GB|TB)\s*$/, 'write a size such as "200GB" or "2TB"')
    .default("100GB")
    .describe("Data size: a restore takes size / restoreRate"),
  backups: backups.optional(),
  softDelete: z
    .strictObject({
      retention: duration("How long deleted rows are kept before they are purged, e.g. 7d"),
      undelete: duration("Time to un-delete rows once someone notices").default("5m"),
    })
    .optional()
    .describe("Deletes only mark rows deleted: an accidental delete is undone without a restore"),
  primary: z.string().describe("The primary's zone, as region/zone"),
  replicas: z.array(replica).default([]),
  readTime: duration("Time the database spends on a read").default("1ms"),
  writeTime: duration("Time the database spends on a write").default("3ms"),
  failover: failover.default({ mode: "automatic", heartbeat: "1s", missedHeartbeats: 5, promotion: "30s" }),
});

const dns = z
  .strictObject({
    ttl: duration("How long clients cache an answer").default("60s"),
    healthCheck: healthCheck.default({ interval: "10s", unhealthyThreshold: 3, healthyThreshold: 2 }),
  })
  .describe("DNS failover: clients resolve to their nearest region whose endpoint passes health checks");

const alert = z
  .strictObject({
    name: name("Alert"),
    errorRate: comparison('Fires when the error rate over the window satisfies this, e.g. "> 2%"').optional(),
    latencyP99: z
      .string()
      .regex(/^\s*>\s*\S+\s*$/, 'write a bound such as "> 300ms"')
      .optional()
      .describe('Fires when the p99 latency of successful requests over the window is above this, e.g. "> 300ms"'),
    window: duration("Evaluation window").default("1m"),
    every: duration("Evaluation interval").default("10s"),
  })
  .refine((a) => a.errorRate !== undefined || a.latencyP99 !== undefined, {
    message: "an alert needs errorRate or latencyP99 (or both)",
  });

const edge = z
  .strictObject({
    cacheHitRatio: percent("Share of user requests the CDN answers from its cache, without the origin").default(0),
    rateLimits: z
      .array(
        z.strictObject({
          clients: z.array(name("Client")).min(1).describe("Client classes this token bucket covers"),
          rate: rate.describe("Sustained requests per second let through"),
          burst: positive("Bucket size: requests let through in a burst").default(100),
        }),
      )
      .default([]),
  })
  .describe("The edge (CDN / WAF) in front of every region: rate limits per client class");

const queue = z.strictObject({
  name: name("Queue"),
  consumers: z.strictObject({
    concurrency: positive("Messages worked on at once"),
    processTime: duration("Mean time to process one message (exponential)"),
  }),
});

const design = z.strictObject({
  network: network.default({
    sameZone: "250us",
    crossZone: "1ms",
    crossRegion: "35ms",
    client: "10ms",
    jitter: "10%",
  }),
  regions: z.array(region).min(1),
  services: z.array(service).min(1),
  databases: z.array(database).default([]),
  externals: z.array(external).default([]).describe("Third-party APIs and other dependencies outside the design"),
  routing: z
    .strictObject({ dns })
    .optional()
    .describe("Global routing; without it clients always use their own region"),
  alerts: z.array(alert).default([]),
  edge: edge.default({ cacheHitRatio: 0, rateLimits: [] }),
  queues: z.array(queue).default([]).describe("Message queues with their consumers (asynchronous work)"),
  probes: z
    .array(
      z.strictObject({
        name: name("Probe"),
        from: name("Region").describe("Where the probe runs"),
        service: name("Service").describe("The service it calls, through DNS and the load balancer like a user"),
        every: duration("Interval between two probes").default("30s"),
        failuresToAlert: positive("Failed probes in a row that fire its alert").default(2),
      }),
    )
    .default([])
    .describe("Synthetic probes: requests on a fixed interval, never counted as users, alerting on failures"),
});

const diurnal = z.strictObject({
  diurnal: z.strictObject({
    peak: rate.describe("Rate at the peak hour"),
    trough: rate.describe("Rate twelve hours from the peak"),
    peakAt: z.string().regex(TIME_OF_DAY, 'write a time of day such as "14:00"').default("14:00"),
  }),
});

const client = z.strictObject({
  name: name("Client").optional().describe("Defaults to the region name"),
  region: name("Region").describe("Where these clients are"),
  service: name("Service").describe("The service they call"),
  rate: z.union([rate, diurnal]).describe("Poisson arrivals at a constant rate (1200/s) or a diurnal curve"),
  writeRatio: percent("Fraction of requests that write").default(0),
  population: positive("Distinct clients, each with its own DNS cache").default(1000),
  malicious: z
    .boolean()
    .default(false)
    .describe("Attack traffic: never counted as user requests; the edge may rate-limit it (DDoS)"),
});

const slo = z
  .strictObject({
    availability: comparison('Request success ratio, e.g. ">= 99.95%"').optional(),
    rpo: comparison('Worst data-loss window, e.g. "<= 5s"').optional(),
    rto: comparison('Worst incident duration, e.g. "<= 5m"').optional(),
    ttd: comparison('Worst time to detect, e.g. "<= 2m"').optional(),
    latencyP99: comparison('p99 latency of successful requests, e.g. "<= 300ms"').optional(),
  })
  .describe("Service-level targets; a failed target makes the run exit 1");

export const EXPECTATION_METRICS = [
  "availability",
  "rpoS",
  "lostWrites",
  "rtoS",
  "ttdS",
  "incidents",
  "failedRequests",
  "latencyMeanMs",
  "latencyP50Ms",
  "latencyP95Ms",
  "latencyP99Ms",
  "latencyMaxMs",
  "promotions",
  "dnsFailovers",
  "degradedRequests",
  "breakerOpens",
  "alertsFired",
  "retryAmplification",
  "backlogMax",
  "backlogDrainS",
] as const;

const expectations = z
  .partialRecord(z.enum(EXPECTATION_METRICS), comparison("A bound on the metric"))
  .describe('Further bounds the run must meet, e.g. {lostWrites: "> 0", incidents: "== 1"}');

const metricsOptions = z
  .strictObject({
    sliThreshold: percent("Success ratio below which a window is bad").default("99%"),
    incidentWindow: duration("Window of the incident SLI").default("10s"),
    stabilisation: duration("How long the SLI must stay good to end an incident").default("60s"),
    availabilityWindow: duration("Window of time-based availability").default("1m"),
  })
  .describe("Metric definitions (DESIGN.md §6)");

const limits = z.strictObject({
  eventsMax: positive("The run stops with an error after this many events").default(500_000_000),
  pendingEventsMax: positive("Most events pending at once").default(10_000_000),
});

export const scenarioSchema = z.strictObject({
  name: name("Scenario"),
  description: z.string().optional(),
  seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(1).describe("Root seed of every random stream"),
  seeds: z
    .number()
    .int()
    .min(1)
    .max(100_000)
    .optional()
    .describe('How many seeds `faultline check` runs (seed, seed+1, …); targets written "at pN" are read over them'),
  start: z.string().regex(TIME_OF_DAY, 'write a time of day such as "00:00"').default("00:00"),
  duration: duration("Simulated length of the run"),
  design,
  workload: z.strictObject({ clients: z.array(client).min(1) }),
  faults: z.array(faultSchema).default([]),
  slo: slo.default({}),
  expect: expectations.default({}),
  metrics: metricsOptions.default({
    sliThreshold: "99%",
    incidentWindow: "10s",
    stabilisation: "60s",
    availabilityWindow: "1m",
  }),
  limits: limits.default({ eventsMax: 500_000_000, pendingEventsMax: 10_000_000 }),
});

export type ScenarioInput = z.input<typeof scenarioSchema>;
export type ScenarioFile = z.output<typeof scenarioSchema>;
export type FaultSpec = ScenarioFile["faults"][number];

/** The JSON Schema editors use to validate and complete scenario files. */
export function scenarioJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(scenarioSchema, { target: "draft-07", io: "input" }) as Record<string, unknown>;
}
