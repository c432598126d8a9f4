// A service: its instances, service time, database calls, dependency calls, cache, autoscaling,
// and how changes (deploys, configuration) reach its instances.

import { z } from "zod";
import {
  COUNTS,
  comparison,
  count,
  duration,
  LIST_MAX,
  name,
  percent,
  positive,
  requestTime,
} from "../../input/index.js";
import { about } from "./about.js";
import { call } from "./calls.js";
import { healthCheck, serviceTime } from "./parts.js";

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

export const service = z
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
