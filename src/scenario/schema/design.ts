// The design: network, regions, services, databases, dependencies, routing, alerts, the edge,
// queues and probes.

import { z } from "zod";
import {
  COUNTS,
  comparison,
  duration,
  LIST_MAX,
  name,
  percent,
  positive,
  rate,
  requestTime,
} from "../../input/index.js";
import { about } from "./about.js";
import { external } from "./calls.js";
import { database } from "./data.js";
import { healthCheck } from "./parts.js";
import { service } from "./service.js";

const regionLatency = z
  .strictObject({
    between: z
      .tuple([name("Region"), name("Region", "eu-west")])
      .describe("The two regions, in either order: the latency is the same both ways, e.g. [us-east, eu-west]"),
    oneWay: requestTime("One-way latency between the two regions", "40ms"),
  })
  .describe(about("The latency between two regions", { between: ["us-east", "eu-west"], oneWay: "40ms" }));

const clientLatency = z
  .strictObject({
    from: name("Region", "eu-west").describe("The clients' region, e.g. eu-west"),
    to: name("Region").describe("The region serving them, e.g. us-east"),
    oneWay: requestTime("One-way latency from those clients to that region's edge", "95ms"),
  })
  .describe(
    about("What clients of one region pay to reach one region", { from: "eu-west", to: "us-east", oneWay: "95ms" }),
  );

const network = z
  .strictObject({
    sameZone: requestTime("One-way latency between nodes in the same zone", "250us").default("250us"),
    crossZone: requestTime("One-way latency between zones of one region", "1ms").default("1ms"),
    crossRegion: requestTime(
      "One-way latency between regions, for every pair regionLatency does not list",
      "35ms",
    ).default("35ms"),
    regionLatency: z
      .array(regionLatency)
      .max(LIST_MAX.regionPairs)
      .default([])
      .describe(
        about(
          `One-way latency per pair of regions, both ways (at most ${LIST_MAX.regionPairs}); unlisted pairs take crossRegion`,
          [{ between: ["us-east", "eu-west"], oneWay: "40ms" }],
        ),
      ),
    client: requestTime("One-way latency from a client to the nearest region's edge", "10ms").default("10ms"),
    clientLatency: z
      .array(clientLatency)
      .max(LIST_MAX.clientPairs)
      .default([])
      .describe(
        about(
          `One-way latency from the clients of one region to one region's edge, instead of client + the regions' latency (at most ${LIST_MAX.clientPairs})`,
          [{ from: "eu-west", to: "us-east", oneWay: "95ms" }],
        ),
      ),
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
    operation: name("Operation")
      .optional()
      .describe(
        "With workload operations: the one the probe performs, its calls and its write (absent: a read making every call of the service), e.g. payment-status",
      ),
  })
  .describe(about("A synthetic probe", { name: "east-probe", from: "us-east", service: "api" }));

export const design = z
  .strictObject({
    network: network.default({
      sameZone: "250us",
      crossZone: "1ms",
      crossRegion: "35ms",
      regionLatency: [],
      client: "10ms",
      clientLatency: [],
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
