// The scenario file format as a zod schema: the single source of truth for validation, for the
// TypeScript input types and for the JSON Schema that editors use (`faultline schema`).
// Values keep their human units here; compile.ts converts them once.

import { z } from "zod";

import { faultSchema } from "../faults/index.js";
import {
  COUNTS,
  comparison,
  duration,
  LIST_MAX,
  name,
  percent,
  positive,
  RUN_DURATION_MAX_US,
  rate,
  timeOfDay,
} from "../input/index.js";
import { about } from "./schema/about.js";
import { cost } from "./schema/cost.js";
import { design } from "./schema/design.js";

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
    writeRatio: percent(
      "Fraction of requests that write (default 0%; with operations, each says write: true or false)",
      "20%",
    ).optional(),
    population: positive("Distinct clients, each with its own DNS cache", COUNTS.population, 1000).default(1000),
    operations: z
      .record(name("Operation"), percent("This client's share of the operation's requests", "30%"))
      .optional()
      .describe(
        about("This client's own mix of the workload's operations, adding up to 100% (absent: the workload's shares)", {
          "create-payment": "30%",
          "payment-status": "70%",
        }),
      ),
    malicious: z
      .boolean()
      .default(false)
      .meta({
        description: "Attack traffic: never counted as user requests; the edge may rate-limit it (DDoS); true or false",
        examples: [true],
      }),
  })
  .describe(about("A class of clients", { region: "us-east", service: "api", rate: "500/s" }));

const operation = z
  .strictObject({
    name: name("Operation"),
    share: percent("Its share of every client's requests; the operations' shares add up to 100%", "10%"),
    write: z
      .boolean()
      .default(false)
      .meta({
        description: "Whether its requests write (to the databases on their path); true or false",
        examples: [true],
      }),
    calls: z
      .array(name("Dependency", "payment-gateway"))
      .max(LIST_MAX.calls)
      .default([])
      .describe(
        about(
          "The externals and services its requests call, wherever a service on their path calls them (with that call's timeout, retries and breaker); every other call is skipped",
          ["payment-gateway"],
        ),
      ),
    publishes: z
      .array(name("Queue"))
      .max(LIST_MAX.queues)
      .default([])
      .describe(
        about("The queues its requests publish to, wherever a service on their path publishes to them", ["emails"]),
      ),
  })
  .describe(
    about("A request type: its share of traffic, read or write, and the calls it makes", {
      name: "create-payment",
      share: "10%",
      write: true,
      calls: ["payment-gateway"],
    }),
  );

/** What a target on one operation may bound (the whole run's targets of the same names, on its requests). */
const operationSlo = z
  .strictObject({
    availability: comparison("Success ratio of this operation's requests", ">= 99.95%").optional(),
    latencyP99: comparison("p99 latency of this operation's successful requests", "<= 300ms").optional(),
  })
  .describe(about("Targets on one operation of the workload", { availability: ">= 99.95%" }));

const slo = z
  .object({
    availability: comparison("Request success ratio", ">= 99.95%").optional(),
    rpo: comparison("Worst data-loss window", "<= 5s").optional(),
    rto: comparison("Worst incident duration", "<= 5m").optional(),
    ttd: comparison("Worst time to detect", "<= 2m").optional(),
    latencyP99: comparison("p99 latency of successful requests", "<= 300ms").optional(),
    cost: comparison("Cost per month, with a cost: section (in its table's currency)", "<= $5000/month").optional(),
  })
  .catchall(operationSlo)
  .describe(
    about("Service-level targets (an operation's name holds its own); a failed target makes the run exit 1", {
      availability: ">= 99.9%",
      "create-payment": { availability: ">= 99.95%" },
    }),
  );

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

/** The metrics `expect` may bound on one operation: those measured per request type. */
export const OPERATION_EXPECTATION_METRICS = [
  "availability",
  "failedRequests",
  "degradedRequests",
  "lostWrites",
  "latencyMeanMs",
  "latencyP50Ms",
  "latencyP95Ms",
  "latencyP99Ms",
  "latencyMaxMs",
] as const satisfies readonly (keyof typeof EXPECTATIONS)[];

/** The names `slo` and `expect` use for the whole run: no operation may take one. */
export const TARGET_KEYS: readonly string[] = [
  ...new Set(["availability", "rpo", "rto", "ttd", "latencyP99", ...EXPECTATION_METRICS]),
];

const operationExpectations = z
  .strictObject(
    Object.fromEntries(
      OPERATION_EXPECTATION_METRICS.map((metric) => [
        metric,
        comparison(`${EXPECTATIONS[metric][0]}, of this operation`, EXPECTATIONS[metric][1]).optional(),
      ]),
    ) as Record<(typeof OPERATION_EXPECTATION_METRICS)[number], z.ZodOptional<ReturnType<typeof comparison>>>,
  )
  .describe(about("Bounds on one operation of the workload", { lostWrites: "== 0" }));

const expectations = z
  .object(
    Object.fromEntries(
      EXPECTATION_METRICS.map((metric) => [
        metric,
        comparison(EXPECTATIONS[metric][0], EXPECTATIONS[metric][1]).optional(),
      ]),
    ) as Record<keyof typeof EXPECTATIONS, z.ZodOptional<ReturnType<typeof comparison>>>,
  )
  .catchall(operationExpectations)
  .describe(
    about("Further bounds the run must meet (an operation's name holds its own)", {
      lostWrites: "> 0",
      incidents: "== 1",
    }),
  );

const metricsOptions = z
  .strictObject({
    sliThreshold: percent("Success ratio below which a window is bad", "99%").default("99%"),
    incidentWindow: duration("Window of the incident SLI", { example: "10s" }).default("10s"),
    stabilisation: duration("How long the SLI must stay good to end an incident", { example: "60s" }).default("60s"),
    availabilityWindow: duration("Window of time-based availability", { example: "1m" }).default("1m"),
  })
  .describe(about("Metric definitions (the README's Metrics section)", { sliThreshold: "99.5%" }));

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
    extends: z
      .string()
      .min(1)
      .optional()
      .meta({
        description:
          "A scenario file this one is based on (relative to this file): its keys, with this file's on top. Mappings merge key by key, the design's services, databases, externals, queues, alerts and probes by name; other lists are replaced whole; a key set to ~ is dropped",
        examples: ["base.yaml"],
      }),
    variants: z
      .record(name("Variant"), z.record(z.string(), z.unknown()))
      .optional()
      .meta({
        description:
          "Named variants of the design to compare (faultline compare --variants; --variant NAME on run, check, sweep, validate): each a mapping of path: value, the path written as --set writes it",
        examples: [{ "sync-replica": { "design.databases.orders.replicas[0].mode": "sync" } }],
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
    fidelity: z
      .enum(["request", "fluid", "auto"])
      .optional()
      .meta({
        description:
          "How traffic is simulated (the CLI's --fidelity overrides it): request (every request, the default), fluid (rates between failures: years in seconds, no latencies) or auto (fluid unless load decides the answer)",
        examples: ["auto"],
      }),
    start: timeOfDay("Time of day at simulated time 0", "00:00").default("00:00"),
    duration: duration("Simulated length of the run", {
      maxUs: RUN_DURATION_MAX_US,
      positive: true,
      example: "6h",
    }),
    design,
    workload: z
      .strictObject({
        operations: z
          .array(operation)
          .min(1)
          .max(LIST_MAX.operations)
          .optional()
          .describe(
            about(
              "Request types, each a share of every client's requests with its own calls, read or write, results and targets (absent: every request does the same)",
              [
                { name: "create-payment", share: "10%", write: true, calls: ["payment-gateway"] },
                { name: "payment-status", share: "90%" },
              ],
            ),
          ),
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
    cost: cost.optional(),
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
