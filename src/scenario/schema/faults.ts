// The fault kinds a scenario may inject, one schema each, as a union on `kind`.

import { z } from "zod";
import { duration, name, percent, pointInTime, rate } from "./primitives.js";

const faultTiming = {
  at: pointInTime,
  for: duration("How long the fault lasts (default: to the end of the run)").optional(),
};

const linkEnds = z
  .tuple([z.string(), z.string()])
  .describe("The two ends of the affected traffic: each a region (us-east) or a zone (us-east/a)");

export const fault = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("region-outage"), region: name("Region"), ...faultTiming }),
  z
    .strictObject({
      kind: z.literal("random-crashes"),
      service: name("Service").optional().describe("Its instances crash at random (or give database)"),
      database: name("Database").optional().describe("Its nodes crash at random (or give service)"),
      mtbf: duration("Mean time between failures of each node: up times are exponential with this mean"),
      mttr: duration("Mean time to repair: each crashed node restarts after an exponential time with this mean"),
      ...faultTiming,
    })
    .describe("Every node of a service or database crashes and restarts at random, independently, while it lasts"),
  z.strictObject({ kind: z.literal("zone-outage"), zone: z.string().describe("region/zone"), ...faultTiming }),
  z.strictObject({
    kind: z.literal("node-crash"),
    node: z.string().describe("An instance (api/us-east/a/1) or a database node (main/us-east/a)"),
    ...faultTiming,
  }),
  z.strictObject({
    kind: z.literal("replication-lag"),
    database: name("Database"),
    replica: z.string().describe("The replica's zone, as region/zone"),
    lag: duration("The raised lag"),
    ...faultTiming,
  }),
  z.strictObject({
    kind: z.literal("slow-node"),
    node: z.string().describe("An instance, e.g. api/us-east/a/1"),
    factor: z.number().min(1).describe("Service time multiplier; it still passes health checks (grey failure)"),
    ...faultTiming,
  }),
  z.strictObject({
    kind: z.literal("failing-health-check"),
    node: z.string().describe("An instance, e.g. api/us-east/a/1"),
    flapEvery: duration(
      "Alternate failing and passing every half of this period (default: fail throughout)",
    ).optional(),
    ...faultTiming,
  }),
  z.strictObject({
    kind: z.literal("network-partition"),
    between: linkEnds.describe(
      "The two ends of the cut: each a region (us-east) or a zone (us-east/a); or a dependency (an external or a database) and the service, region or zone that calls it",
    ),
    oneWay: z.boolean().default(false).describe("Block only traffic from the first to the second"),
    ...faultTiming,
  }),
  z.strictObject({
    kind: z.literal("latency-spike"),
    between: linkEnds,
    extra: duration("Extra one-way latency"),
    oneWay: z.boolean().default(false),
    ...faultTiming,
  }),
  z.strictObject({
    kind: z.literal("packet-loss"),
    between: linkEnds,
    loss: percent("Probability a packet is lost; each loss costs a retransmission timeout (200 ms, doubling)"),
    oneWay: z.boolean().default(false),
    ...faultTiming,
  }),
  z.strictObject({ kind: z.literal("dns-failure"), ...faultTiming }),
  z
    .strictObject({ kind: z.literal("consumer-outage"), queue: name("Queue"), ...faultTiming })
    .describe("The queue's consumers are down: the backlog grows"),
  z
    .strictObject({ kind: z.literal("cache-flush"), service: name("Service"), at: pointInTime })
    .describe("The cache is emptied at once and warms up again over its warmup time"),
  z
    .strictObject({ kind: z.literal("cache-failure"), service: name("Service"), ...faultTiming })
    .describe("The cache is down: every read goes to the database; it comes back empty"),
  z
    .strictObject({
      kind: z.literal("ddos"),
      client: name("Client").describe("A client class marked malicious"),
      rate: rate.describe("The flood's rate"),
      ...faultTiming,
    })
    .describe("A flood of attack traffic from a malicious client class"),
  z
    .strictObject({
      kind: z.literal("bad-deploy"),
      service: name("Service"),
      errorRate: percent("Share of requests the new version fails").default(0),
      slowdown: z.number().min(1).default(1).describe("Service-time multiplier of the new version"),
      at: pointInTime,
    })
    .describe("A bad version is deployed with the service's deploy policy"),
  z
    .strictObject({
      kind: z.literal("bad-config"),
      service: name("Service"),
      errorRate: percent("Share of requests the bad configuration fails"),
      at: pointInTime,
    })
    .describe("A bad configuration is pushed with the service's config policy"),
  z
    .strictObject({
      kind: z.literal("data-corruption"),
      database: name("Database"),
      detectedAfter: duration("How long until someone notices and starts a restore"),
      reachesBackups: z
        .boolean()
        .default(false)
        .describe("Also corrupts every mutable backup (ransomware, a bad script); immutable ones survive"),
      at: pointInTime,
    })
    .describe("A bad write or migration corrupts data; it replicates at once and is captured by later backups"),
  z
    .strictObject({
      kind: z.literal("accidental-delete"),
      database: name("Database"),
      fraction: percent("Share of the rows deleted"),
      detectedAfter: duration("How long until someone notices and starts getting them back"),
      at: pointInTime,
    })
    .describe(
      "A bug or a person deletes rows: reads of them fail until they are un-deleted (soft deletes) or restored from a backup",
    ),
  z
    .strictObject({
      kind: z.literal("dependency-timeout"),
      dependency: name("Dependency"),
      ...faultTiming,
    })
    .describe("The dependency stops answering: every call waits out its timeout"),
  z.strictObject({
    kind: z.literal("dependency-errors"),
    dependency: name("Dependency"),
    errorRate: percent("Fraction of calls answered with an error"),
    ...faultTiming,
  }),
  z.strictObject({
    kind: z.literal("dependency-slowdown"),
    dependency: name("Dependency"),
    factor: z.number().min(1).describe("Latency multiplier"),
    ...faultTiming,
  }),
  z.strictObject({ kind: z.literal("disk-full"), database: name("Database"), ...faultTiming }),
  z
    .strictObject({
      kind: z.literal("traffic-ramp"),
      client: name("Client"),
      to: z.number().positive().describe("Rate multiplier reached at the end of the ramp"),
      at: pointInTime,
      for: duration("How long the climb takes; the rate drops back when it ends"),
    })
    .describe("Traffic climbs steadily from its normal rate to `to` times it"),
  z.strictObject({
    kind: z.literal("traffic-spike"),
    client: name("Client"),
    multiplier: z.number().positive().describe("Rate multiplier, e.g. 10"),
    ...faultTiming,
  }),
]);
