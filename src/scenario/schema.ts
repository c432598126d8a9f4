// The scenario file format as a zod schema: the single source of truth for validation, for the
// TypeScript input types and for the JSON Schema that editors use (`faultline schema`).
// Values keep their human units here; compile.ts converts them once.

import { z } from "zod";

import { faultSchema } from "../faults/index.js";
import {
  COUNTS,
  comparison,
  count,
  duration,
  LIST_MAX,
  name,
  percent,
  positive,
  RUN_DURATION_MAX_US,
  rate,
  requestTime,
  SIGMA_MAX,
  timeOfDay,
} from "../input/index.js";

/** A description ending with an example (objects and lists; leaves get theirs from input/). */
const about = (text: string, example: unknown) =>
  `${text}, e.g. ${typeof example === "string" ? example : JSON.stringify(example).replaceAll('"', "")}`;

const healthCheck = z
  .strictObject({
    interval: duration("Time between two checks", { positive: true, example: "10s" }).default("10s"),
    unhealthyThreshold: positive("Consecutive failed checks before a target is taken out", COUNTS.threshold, 3).default(
      3,
    ),
    healthyThreshold: positive("Consecutive passed checks before a target is put back", COUNTS.threshold, 2).default(2),
  })
  .describe(
    about("Health checking: a target is believed down after unhealthyThreshold failed checks in a row", {
      interval: "5s",
      unhealthyThreshold: 3,
    }),
  );

const network = z
  .strictObject({
    sameZone: requestTime("One-way latency between nodes in the same zone", "250us").default("250us"),
    crossZone: requestTime("One-way latency between zones of one region", "1ms").default("1ms"),
    crossRegion: requestTime("One-way latency between regions", "35ms").default("35ms"),
    client: requestTime("One-way latency from a client to the nearest region's edge", "10ms").default("10ms"),
    jitter: percent("Each request's network time varies uniformly by ± this fraction", "10%").default("10%"),
  })
  .describe(about("The latency matrix", { crossRegion: "70ms", jitter: "10%" }));

const region = z
  .strictObject({
    name: name("Region"),
    zones: z
      .array(name("Zone"))
      .min(1)
      .max(LIST_MAX.zonesPerRegion)
      .describe(
        about(`Availability zones (at most ${LIST_MAX.zonesPerRegion}); refer to one as region/zone, e.g. us-east/a`, [
          "a",
          "b",
          "c",
        ]),
      ),
  })
  .describe(about("A region and its availability zones", { name: "us-east", zones: ["a", "b", "c"] }));

const serviceTime = z
  .strictObject({
    distribution: z
      .enum(["constant", "exponential", "lognormal"])
      .default("exponential")
      .describe("The shape of the times: constant, exponential (the default) or lognormal"),
    mean: requestTime("Mean time", "5ms"),
    sigma: z
      .number()
      .positive()
      .max(SIGMA_MAX)
      .default(0.5)
      .meta({
        description: `Lognormal shape: the standard deviation of the log (more than 0, at most ${SIGMA_MAX}), e.g. 0.5`,
        examples: [0.5],
      }),
  })
  .describe(
    about("Time an instance spends on one request, excluding dependency calls", {
      distribution: "lognormal",
      mean: "8ms",
      sigma: 0.6,
    }),
  );

const serviceDatabase = z
  .strictObject({
    name: name("Database").describe("The database this service reads and writes, e.g. orders"),
    reads: z
      .enum(["primary", "local-replica"])
      .default("primary")
      .describe("Where reads go: the primary, or a replica in the instance's region"),
    timeout: requestTime("How long a call waits for an unreachable database before failing", "1s").default("1s"),
    bulkhead: positive(
      "Most database calls in flight per instance; a request that needs one more fails at once (load-shed)",
      COUNTS.inFlight,
      16,
    ).optional(),
  })
  .describe(
    about("The service's database calls: reads and writes follow the client's read/write mix", {
      name: "orders",
      timeout: "1s",
    }),
  );

const retries = z
  .strictObject({
    max: count("Retries after the first attempt", COUNTS.retries, 3).default(0),
    backoff: requestTime("Wait before the first retry; doubles after each", "50ms").default("50ms"),
    maxBackoff: requestTime("Longest wait between attempts", "2s").default("2s"),
    jitter: z
      .boolean()
      .default(true)
      .meta({ description: "Full jitter: wait a uniform fraction of the backoff (true or false)", examples: [true] }),
    budget: percent(
      "At most this many retries per call, averaged (a token bucket); omit for no budget",
      "10%",
    ).optional(),
  })
  .describe(
    about("Retries with exponential backoff, jitter and an optional retry budget", { max: 3, backoff: "50ms" }),
  );

const breaker = z
  .strictObject({
    failureRate: percent("Opens when this fraction of the last `window` attempts failed", "50%").default("50%"),
    window: positive("Attempts the failure rate is measured over", COUNTS.breakerWindow, 20).default(20),
    minimumCalls: positive("Attempts needed before it may open", COUNTS.breakerWindow, 10).default(10),
    coolDown: duration("How long it stays open before letting probes through", { example: "10s" }).default("10s"),
    probes: positive("Successful probes in a row that close it again (half-open)", COUNTS.threshold, 3).default(3),
  })
  .describe(
    about("Circuit breaker: closed → open (fail fast) → half-open (probes) → closed", {
      failureRate: "50%",
      coolDown: "10s",
    }),
  );

const killSwitch = z
  .strictObject({
    errorRate: comparison('Someone turns the feature off when its calls fail this often, e.g. "> 20%"', "> 20%"),
    window: duration("Window of that error rate", { positive: true, example: "1m" }).default("1m"),
    reaction: duration("Time from the breach to the flag being flipped", { example: "2m" }).default("2m"),
    retryAfter: duration("Time the feature stays off before it is tried again", { example: "10m" }).default("10m"),
  })
  .describe(
    about("A feature flag that turns this call off: requests are served without it (degraded)", {
      errorRate: "> 20%",
      reaction: "2m",
    }),
  );

const call = z
  .strictObject({
    to: name("Dependency").describe("An external dependency (design.externals), e.g. payments"),
    fraction: percent("Fraction of requests that make this call", "20%").default(1),
    criticality: z
      .enum(["required", "optional"])
      .default("required")
      .describe("required: its failure fails the request; optional: the response is degraded but succeeds"),
    timeout: requestTime("How long one attempt may take", "1s").default("1s"),
    retries: retries.default({ max: 0, backoff: "50ms", maxBackoff: "2s", jitter: true }),
    breaker: breaker.optional(),
    bulkhead: positive(
      "Most calls in flight from one instance to this dependency; more fail at once",
      COUNTS.inFlight,
      16,
    ).optional(),
    killSwitch: killSwitch.optional(),
  })
  .describe(about("A call to a dependency, made after the service time", { to: "payments", timeout: "1s" }));

const external = z
  .strictObject({
    name: name("Dependency"),
    latency: serviceTime.describe(
      about("Time it takes to answer one call", { distribution: "lognormal", mean: "80ms", sigma: 0.4 }),
    ),
    errorRate: percent("Fraction of calls it answers with an error", "0.5%").default(0),
    capacity: count(
      "Calls it serves at full speed at once; beyond, each is slowed by in-flight/capacity (0: unlimited)",
      COUNTS.capacity,
      100,
    ).default(0),
  })
  .describe(about("A dependency outside the design", { name: "payments", latency: { mean: "80ms" } }));

const rolloutFields = {
  waves: z
    .union([
      z
        .array(percent("Cumulative share of instances changed by this wave", "25%"))
        .min(1)
        .max(LIST_MAX.waves)
        .describe(about("Cumulative shares per wave (a canary)", ["5%", "25%", "100%"])),
      z.literal("by-region").describe("One wave per region, in the order the regions are declared"),
    ])
    .optional()
    .describe(
      'Cumulative shares per wave, e.g. ["5%", "25%", "100%"] (a canary), or "by-region" (staged); default ["100%"]',
    ),
  step: duration("Time to change one wave's instances (blue-green: to bring up the green fleet)", {
    example: "1m",
  }).default("1m"),
  bake: duration("Time each wave runs, watched, before the next (blue-green: how long blue is kept)", {
    example: "10m",
  }).default("10m"),
  rollback: z
    .strictObject({
      errorRate: comparison('Roll back when the changed instances\' error rate satisfies this, e.g. "> 2%"', "> 2%"),
      window: duration("Window of that error rate", { positive: true, example: "1m" }).default("1m"),
    })
    .optional()
    .describe(about("Automated rollback", { errorRate: "> 2%", window: "1m" })),
  manualRollback: duration(
    "Without automation (or if it does not trigger), a person rolls back this long after the start",
    { example: "45m" },
  ).optional(),
};

const configRollout = z
  .strictObject({
    ...rolloutFields,
    step: duration("Time to change one wave's instances", { example: "10s" }).default("10s"),
  })
  .describe(
    about("How a configuration change reaches the instances (bad-config faults use it)", {
      waves: "by-region",
      bake: "15m",
    }),
  );

const deployRollout = z
  .strictObject({
    ...rolloutFields,
    strategy: z
      .enum(["waves", "blue-green"])
      .default("waves")
      .describe(
        "waves: instances change wave by wave; blue-green: a second fleet is brought up beside the first and traffic switches to it at once, and back as fast while the old fleet is kept",
      ),
    switch: duration("blue-green: time for the load balancers to move all traffic to the other fleet", {
      example: "10s",
    }).default("10s"),
  })
  .describe(
    about("How a new version reaches the instances (bad-deploy faults use it)", {
      waves: ["5%", "25%", "100%"],
      bake: "10m",
    }),
  );

const autoscaling = z
  .strictObject({
    maxInstancesPerZone: positive("Most instances per zone", COUNTS.instancesPerZone, 4),
    targetUtilization: percent("Busy slots / all slots it aims for", "60%").default("60%"),
    queuePerInstance: count(
      "Also scale out when the average queue per instance exceeds this",
      COUNTS.queue,
      10,
    ).default(10),
    every: duration("Evaluation interval", { positive: true, example: "15s" }).default("15s"),
    cooldown: duration("No change within this long of the last one", { example: "1m" }).default("1m"),
    provisioning: duration("Time for a new instance to boot (then it must pass health checks)", {
      example: "90s",
    }).default("90s"),
  })
  .describe(
    about("Autoscaling on utilisation and queue depth, per service and region", {
      maxInstancesPerZone: 4,
      targetUtilization: "60%",
    }),
  );

const cache = z
  .strictObject({
    hitRatio: percent("A fixed share of reads the cache answers without the database", "90%").optional(),
    latency: requestTime("Time a cache hit takes", "1ms").default("1ms"),
    warmup: duration("With hitRatio: after a flush or an outage, time for the hit ratio to climb back (default 5m)", {
      example: "5m",
    }).optional(),
    ttl: duration("Instead of hitRatio: how long an entry lives once a read has fetched it", {
      example: "5m",
    }).optional(),
    keys: positive(
      "With ttl: distinct keys the reads spread over, equally popular",
      COUNTS.cacheKeys,
      200_000,
    ).optional(),
    ttlJitter: percent(
      "With ttl: each entry's TTL is shortened by a random share up to this (default 0%)",
      "10%",
    ).optional(),
  })
  .describe(
    about(
      "An application cache in front of the database, for reads: a fixed hitRatio, or a keyed TTL cache (ttl + keys) whose hit ratio follows from the reads per key",
      { hitRatio: "90%", warmup: "5m" },
    ),
  );

const service = z
  .strictObject({
    name: name("Service"),
    regions: z
      .array(name("Region"))
      .min(1)
      .max(LIST_MAX.regions)
      .optional()
      .describe(about("Regions to deploy in (default: all)", ["us-east", "us-west"])),
    instancesPerZone: positive("Instances in each zone of each deployed region", COUNTS.instancesPerZone, 2).default(1),
    concurrency: positive("Requests one instance serves at once", COUNTS.concurrency, 16),
    queue: count("Requests waiting per instance before new ones are shed", COUNTS.queue, 64).default(100),
    serviceTime,
    database: serviceDatabase.optional(),
    calls: z
      .array(call)
      .max(LIST_MAX.calls)
      .default([])
      .describe(about("Calls to dependencies, made in order after the service time", [{ to: "payments" }])),
    autoscaling: autoscaling.optional(),
    publishesTo: name("Queue")
      .optional()
      .describe("Hand each request's work to this queue and answer at once, e.g. emails"),
    cache: cache.optional(),
    deploy: deployRollout.default({ step: "1m", bake: "10m", strategy: "waves", switch: "10s" }),
    config: configRollout.default({ step: "10s", bake: "10m" }),
    healthCheck: healthCheck.default({ interval: "10s", unhealthyThreshold: 3, healthyThreshold: 2 }),
    balancing: z
      .enum(["round-robin", "least-outstanding"])
      .default("round-robin")
      .describe("How a load balancer picks an instance: round-robin or least-outstanding"),
  })
  .describe(
    about("A service: instances in every zone of its regions behind a load balancer", {
      name: "api",
      concurrency: 16,
      serviceTime: { mean: "8ms" },
    }),
  );

const zoneRef = (what: string, example: string) =>
  z.string().meta({ description: `${what}, as region/zone, e.g. ${example}`, examples: [example] });

const replica = z
  .strictObject({
    zone: zoneRef("The replica's zone", "us-east/b"),
    mode: z.enum(["sync", "async"]).describe("sync: a write is acknowledged after this replica has it; async: later"),
    lag: duration("Replication delay for async replicas", { example: "1s" }).default("1s"),
  })
  .describe(about("A replica of the database", { zone: "us-west/a", mode: "async", lag: "2s" }));

const failover = z
  .strictObject({
    mode: z.enum(["automatic", "none"]).default("automatic").describe("automatic, or none for no failover"),
    heartbeat: duration("Interval between heartbeats from the primary", { positive: true, example: "1s" }).default(
      "1s",
    ),
    missedHeartbeats: positive("Missed heartbeats before the primary is declared dead", COUNTS.threshold, 5).default(5),
    promotion: duration("Time to promote the chosen replica once the failure is detected", { example: "30s" }).default(
      "30s",
    ),
  })
  .describe(
    about("Automatic failover: the most advanced reachable replica is promoted", { heartbeat: "1s", promotion: "30s" }),
  );

const RESTORE_RATE = /^\s*\d+(\.\d+)?\s*GB\s*\/\s*(s|min|h)\s*$/;
const SIZE = /^\s*\d+(\.\d+)?\s*(GB|TB)\s*$/;

const backups = z
  .strictObject({
    snapshotEvery: duration("Interval between full snapshots (the first is taken at the start)", {
      positive: true,
      example: "24h",
    }),
    logArchiveEvery: duration("Point-in-time recovery: the write log is archived this often", {
      positive: true,
      example: "5m",
    }).optional(),
    immutable: z
      .boolean()
      .default(false)
      .meta({
        description: "Write-once backups: corruption that reaches backups cannot touch them (true or false)",
        examples: [true],
      }),
    restoreRate: z
      .string()
      .regex(RESTORE_RATE, 'write a throughput such as "10GB/min"')
      .default("10GB/min")
      .meta({
        description: 'How fast a restore writes data back (more than 0), e.g. "10GB/min"',
        examples: ["10GB/min"],
        patternErrorMessage: 'write a throughput such as "10GB/min"',
      }),
  })
  .describe(
    about("Backups: snapshots, optional log archiving (PITR), immutability, restore speed", {
      snapshotEvery: "24h",
      logArchiveEvery: "5m",
    }),
  );

const database = z
  .strictObject({
    name: name("Database"),
    capacity: count(
      "Operations each node serves at full speed at once (0: unlimited); under load each takes 1/(1 − load) as long, and past it calls time out",
      COUNTS.capacity,
      200,
    ).default(0),
    size: z
      .string()
      .regex(SIZE, 'write a size such as "200GB" or "2TB"')
      .default("100GB")
      .meta({
        description: 'Data size (at most 1000TB): a restore takes size / restoreRate, e.g. "200GB"',
        examples: ["200GB"],
        patternErrorMessage: 'write a size such as "200GB" or "2TB"',
      }),
    backups: backups.optional(),
    softDelete: z
      .strictObject({
        retention: duration("How long deleted rows are kept before they are purged", { example: "7d" }),
        undelete: duration("Time to un-delete rows once someone notices", { example: "5m" }).default("5m"),
      })
      .optional()
      .describe(
        about("Deletes only mark rows deleted: an accidental delete is undone without a restore", {
          retention: "7d",
          undelete: "5m",
        }),
      ),
    primary: zoneRef("The primary's zone", "us-east/a"),
    replicas: z
      .array(replica)
      .max(LIST_MAX.replicas)
      .default([])
      .describe(about("The database's replicas", [{ zone: "us-east/b", mode: "sync" }])),
    readTime: requestTime("Time the database spends on a read", "1ms").default("1ms"),
    writeTime: requestTime("Time the database spends on a write", "3ms").default("3ms"),
    failover: failover.default({ mode: "automatic", heartbeat: "1s", missedHeartbeats: 5, promotion: "30s" }),
  })
  .describe(about("A replicated database", { name: "orders", primary: "us-east/a" }));

const dns = z
  .strictObject({
    ttl: duration("How long clients cache an answer", { example: "60s" }).default("60s"),
    healthCheck: healthCheck.default({ interval: "10s", unhealthyThreshold: 3, healthyThreshold: 2 }),
  })
  .describe(
    about("DNS failover: clients resolve to their nearest region whose endpoint passes health checks", { ttl: "60s" }),
  );

const alert = z
  .strictObject({
    name: name("Alert"),
    errorRate: comparison('Fires when the error rate over the window satisfies this, e.g. "> 2%"', "> 2%").optional(),
    latencyP99: z
      .string()
      .regex(/^\s*>\s*\S+\s*$/, 'write a bound such as "> 300ms"')
      .optional()
      .meta({
        description: 'Fires when the p99 latency of successful requests over the window is above this, e.g. "> 300ms"',
        examples: ["> 300ms"],
        patternErrorMessage: 'write a bound such as "> 300ms"',
      }),
    window: duration("Evaluation window", { positive: true, example: "1m" }).default("1m"),
    every: duration("Evaluation interval", { positive: true, example: "10s" }).default("10s"),
  })
  .refine((a) => a.errorRate !== undefined || a.latencyP99 !== undefined, {
    message: "an alert needs errorRate or latencyP99 (or both)",
  })
  .describe(about("An alert rule", { name: "api-errors", errorRate: "> 2%", window: "1m" }));

const rateLimit = z
  .strictObject({
    clients: z
      .array(name("Client"))
      .min(1)
      .max(LIST_MAX.clients)
      .describe(about("Client classes this token bucket covers", ["botnet"])),
    rate: rate.describe("Sustained requests per second let through, e.g. 50/s"),
    burst: positive("Bucket size: requests let through in a burst", COUNTS.burst, 100).default(100),
  })
  .describe(about("A token bucket at the edge", { clients: ["botnet"], rate: "50/s", burst: 100 }));

const edge = z
  .strictObject({
    cacheHitRatio: percent("Share of user requests the CDN answers from its cache, without the origin", "30%").default(
      0,
    ),
    rateLimits: z
      .array(rateLimit)
      .max(LIST_MAX.rateLimits)
      .default([])
      .describe(about("Rate limits, one token bucket per rule", [{ clients: ["botnet"], rate: "50/s" }])),
  })
  .describe(
    about("The edge (CDN / WAF) in front of every region: rate limits per client class", { cacheHitRatio: "0%" }),
  );

const queue = z
  .strictObject({
    name: name("Queue"),
    consumers: z
      .strictObject({
        concurrency: positive("Messages worked on at once", COUNTS.concurrency, 20),
        processTime: duration("Mean time to process one message (exponential)", { example: "50ms" }),
      })
      .describe(about("The queue's consumers", { concurrency: 20, processTime: "50ms" })),
  })
  .describe(about("A message queue and its consumers", { name: "emails", consumers: { concurrency: 20 } }));

const probe = z
  .strictObject({
    name: name("Probe"),
    from: name("Region").describe("Where the probe runs, e.g. us-east"),
    service: name("Service").describe("The service it calls, through DNS and the load balancer like a user, e.g. api"),
    every: duration("Interval between two probes", { positive: true, example: "30s" }).default("30s"),
    failuresToAlert: positive("Failed probes in a row that fire its alert", COUNTS.threshold, 2).default(2),
  })
  .describe(about("A synthetic probe", { name: "east-probe", from: "us-east", service: "api" }));

const design = z
  .strictObject({
    network: network.default({
      sameZone: "250us",
      crossZone: "1ms",
      crossRegion: "35ms",
      client: "10ms",
      jitter: "10%",
    }),
    regions: z
      .array(region)
      .min(1)
      .max(LIST_MAX.regions)
      .describe(about(`Regions (at most ${LIST_MAX.regions})`, [{ name: "us-east", zones: ["a", "b"] }])),
    services: z
      .array(service)
      .min(1)
      .max(LIST_MAX.services)
      .describe(about(`Services (at most ${LIST_MAX.services})`, [{ name: "api", concurrency: 16 }])),
    databases: z
      .array(database)
      .max(LIST_MAX.databases)
      .default([])
      .describe(about("Databases", [{ name: "orders", primary: "us-east/a" }])),
    externals: z
      .array(external)
      .max(LIST_MAX.externals)
      .default([])
      .describe(about("Third-party APIs and other dependencies outside the design", [{ name: "payments" }])),
    routing: z
      .strictObject({ dns })
      .optional()
      .describe(about("Global routing; without it clients always use their own region", { dns: { ttl: "60s" } })),
    alerts: z
      .array(alert)
      .max(LIST_MAX.alerts)
      .default([])
      .describe(about("Alert rules", [{ name: "api-errors", errorRate: "> 2%" }])),
    edge: edge.default({ cacheHitRatio: 0, rateLimits: [] }),
    queues: z
      .array(queue)
      .max(LIST_MAX.queues)
      .default([])
      .describe(about("Message queues with their consumers (asynchronous work)", [{ name: "emails" }])),
    probes: z
      .array(probe)
      .max(LIST_MAX.probes)
      .default([])
      .describe(
        about("Synthetic probes: requests on a fixed interval, never counted as users, alerting on failures", [
          { name: "east-probe", from: "us-east", service: "api" },
        ]),
      ),
  })
  .describe(about("The design: topology, services, data and defences", { regions: [], services: [] }));

const diurnal = z
  .strictObject({
    diurnal: z
      .strictObject({
        peak: rate.describe("Rate at the peak hour, e.g. 900/s"),
        trough: rate.describe("Rate twelve hours from the peak, e.g. 250/s"),
        peakAt: timeOfDay("Time of day of the peak", "14:00").default("14:00"),
      })
      .describe(about("A daily cosine between trough and peak", { peak: "900/s", trough: "250/s" })),
  })
  .describe(about("A rate that follows the day", { diurnal: { peak: "900/s", trough: "250/s" } }));

const client = z
  .strictObject({
    name: name("Client").optional().describe("Defaults to the region name, e.g. eu-users"),
    region: name("Region").describe("Where these clients are, e.g. us-east"),
    service: name("Service").describe("The service they call, e.g. api"),
    rate: z
      .union([rate, diurnal])
      .describe("Poisson arrivals at a constant rate (1200/s) or a diurnal curve, e.g. 500/s"),
    writeRatio: percent("Fraction of requests that write", "20%").default(0),
    population: positive("Distinct clients, each with its own DNS cache", COUNTS.population, 1000).default(1000),
    malicious: z
      .boolean()
      .default(false)
      .meta({
        description: "Attack traffic: never counted as user requests; the edge may rate-limit it (DDoS); true or false",
        examples: [true],
      }),
  })
  .describe(about("A class of clients", { region: "us-east", service: "api", rate: "500/s" }));

const slo = z
  .strictObject({
    availability: comparison("Request success ratio", ">= 99.95%").optional(),
    rpo: comparison("Worst data-loss window", "<= 5s").optional(),
    rto: comparison("Worst incident duration", "<= 5m").optional(),
    ttd: comparison("Worst time to detect", "<= 2m").optional(),
    latencyP99: comparison("p99 latency of successful requests", "<= 300ms").optional(),
  })
  .describe(about("Service-level targets; a failed target makes the run exit 1", { availability: ">= 99.9%" }));

/** The metrics `expect` may bound, with what each measures and a typical bound. */
const EXPECTATIONS = {
  availability: ["Request success ratio", ">= 99.9%"],
  rpoS: ["Worst data-loss window (seconds, or a duration)", "<= 5s"],
  lostWrites: ["Acknowledged writes lost", "== 0"],
  rtoS: ["Worst incident duration (seconds, or a duration)", "<= 5m"],
  ttdS: ["Worst time to detect (seconds, or a duration)", "<= 2m"],
  incidents: ["Incidents", "== 1"],
  failedRequests: ["Failed user requests", "< 100"],
  latencyMeanMs: ["Mean latency of successful requests (ms, or a duration)", "<= 50ms"],
  latencyP50Ms: ["Median latency of successful requests (ms, or a duration)", "<= 30ms"],
  latencyP95Ms: ["p95 latency of successful requests (ms, or a duration)", "<= 200ms"],
  latencyP99Ms: ["p99 latency of successful requests (ms, or a duration)", "<= 300ms"],
  latencyMaxMs: ["Slowest successful request (ms, or a duration)", "<= 5s"],
  promotions: ["Database promotions (failovers)", "== 1"],
  dnsFailovers: ["DNS failovers", ">= 1"],
  degradedRequests: ["Requests served without an optional dependency", "> 0"],
  breakerOpens: ["Times a circuit breaker opened", ">= 1"],
  alertsFired: ["Alerts fired", ">= 1"],
  retryAmplification: ["Attempts per call on the busiest retrying channel", "<= 1.5"],
  backlogMax: ["Largest queue backlog", "< 10000"],
  backlogDrainS: ["Seconds from the largest backlog to a drained queue", "<= 10m"],
} as const satisfies Record<string, readonly [string, string]>;

export const EXPECTATION_METRICS = Object.keys(EXPECTATIONS) as (keyof typeof EXPECTATIONS)[];

const expectations = z
  .strictObject(
    Object.fromEntries(
      EXPECTATION_METRICS.map((metric) => [
        metric,
        comparison(EXPECTATIONS[metric][0], EXPECTATIONS[metric][1]).optional(),
      ]),
    ) as Record<keyof typeof EXPECTATIONS, z.ZodOptional<ReturnType<typeof comparison>>>,
  )
  .describe(about("Further bounds the run must meet", { lostWrites: "> 0", incidents: "== 1" }));

const metricsOptions = z
  .strictObject({
    sliThreshold: percent("Success ratio below which a window is bad", "99%").default("99%"),
    incidentWindow: duration("Window of the incident SLI", { example: "10s" }).default("10s"),
    stabilisation: duration("How long the SLI must stay good to end an incident", { example: "60s" }).default("60s"),
    availabilityWindow: duration("Window of time-based availability", { example: "1m" }).default("1m"),
  })
  .describe(about("Metric definitions (DESIGN.md §6)", { sliThreshold: "99.5%" }));

const limits = z
  .strictObject({
    eventsMax: positive("The run stops with an error after this many events", COUNTS.eventsMax, 500_000_000).default(
      500_000_000,
    ),
    pendingEventsMax: positive("Most events pending at once", COUNTS.pendingEventsMax, 10_000_000).default(10_000_000),
  })
  .describe(about("Limits on the run: hitting one ends it with a clear error", { eventsMax: 500_000_000 }));

export const scenarioSchema = z
  .strictObject({
    name: name("Scenario"),
    description: z
      .string()
      .optional()
      .meta({
        description: "What the scenario shows, e.g. A region dies at 2 AM",
        examples: ["A region dies at 2 AM"],
      }),
    seed: z
      .number()
      .int()
      .min(0)
      .max(Number.MAX_SAFE_INTEGER)
      .default(1)
      .meta({ description: "Root seed of every random stream (a whole number ≥ 0), e.g. 7", examples: [7] }),
    seeds: positive(
      'How many seeds `faultline check` runs (seed, seed+1, …); targets written "at pN" are read over them',
      COUNTS.seeds,
      20,
    ).optional(),
    start: timeOfDay("Time of day at simulated time 0", "00:00").default("00:00"),
    duration: duration("Simulated length of the run", {
      maxUs: RUN_DURATION_MAX_US,
      positive: true,
      example: "6h",
    }),
    design,
    workload: z
      .strictObject({
        clients: z
          .array(client)
          .min(1)
          .max(LIST_MAX.clients)
          .describe(about("Client classes", [{ region: "us-east", service: "api", rate: "500/s" }])),
      })
      .describe(about("Who sends requests", { clients: [{ region: "us-east", service: "api", rate: "500/s" }] })),
    faults: z
      .array(
        faultSchema.describe(about("A fault: its kind, its fields, and when", { kind: "region-outage", at: "02:00" })),
      )
      .max(LIST_MAX.faults)
      .default([])
      .describe(about("The faults injected, each from `at` for `for`", [{ kind: "region-outage", region: "us-east" }])),
    slo: slo.default({}),
    expect: expectations.default({}),
    metrics: metricsOptions.default({
      sliThreshold: "99%",
      incidentWindow: "10s",
      stabilisation: "60s",
      availabilityWindow: "1m",
    }),
    limits: limits.default({ eventsMax: 500_000_000, pendingEventsMax: 10_000_000 }),
  })
  .meta({
    description: "A faultline scenario: a design, its workload, the faults injected and the targets it must meet",
    examples: [
      {
        name: "small",
        duration: "1h",
        design: {
          regions: [{ name: "us-east", zones: ["a", "b"] }],
          services: [{ name: "api", concurrency: 16, serviceTime: { mean: "8ms" } }],
        },
        workload: { clients: [{ region: "us-east", service: "api", rate: "200/s" }] },
        slo: { availability: ">= 99.9%" },
      },
    ],
  });

export type ScenarioInput = z.input<typeof scenarioSchema>;
export type ScenarioFile = z.output<typeof scenarioSchema>;
export type FaultSpec = ScenarioFile["faults"][number];

interface JsonNode {
  description?: string;
  examples?: unknown[];
  const?: unknown;
  required?: string[];
  properties?: Record<string, JsonNode>;
  items?: JsonNode;
  oneOf?: JsonNode[];
  anyOf?: JsonNode[];
}

/** The JSON Schema editors use to validate and complete scenario files. */
export function scenarioJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(scenarioSchema, { target: "draft-07", io: "input" }) as Record<string, unknown>;
  describeFaultKinds(schema as JsonNode);
  return schema;
}

/**
 * Each fault kind's branch gets an example (its kind and its required fields' examples) and its
 * `kind` a description: the registry builds them as bare literals.
 */
function describeFaultKinds(schema: JsonNode): void {
  const faults = schema.properties?.faults?.items;
  for (const branch of faults?.oneOf ?? faults?.anyOf ?? []) {
    const kind = branch.properties?.kind;
    if (!kind || kind.const === undefined) continue;
    kind.description ??= `The fault kind "${String(kind.const)}": ${branch.description ?? ""}`;
    const example: Record<string, unknown> = { kind: kind.const };
    for (const key of branch.required ?? []) {
      const field = branch.properties?.[key];
      if (key !== "kind" && field?.examples?.length) example[key] = field.examples[0];
    }
    branch.examples ??= [example];
  }
}
