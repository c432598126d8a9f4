// Calls to dependencies and the dependencies themselves: timeouts, retries, circuit breakers,
// bulkheads, kill switches.

import { z } from "zod";
import { COUNTS, comparison, count, duration, name, percent, positive, requestTime } from "../../input/index.js";
import { about } from "./about.js";
import { serviceTime } from "./parts.js";

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
    scope: z
      .enum(["service", "region", "instance"])
      .default("service")
      .describe(
        "Whose calls one breaker watches: service (default: all the calling service's calls, shared state as a mesh or a shared store keeps it), region (each region's apart), instance (each instance's own, as a client library in each process)",
      ),
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

const fallback = z
  .union([
    z.literal("cached").describe("A cached answer is always found: the request is served degraded"),
    z
      .strictObject({
        cached: percent("Share of failed calls that find a cached answer (served degraded)", "80%"),
      })
      .describe(about("A cached answer, found for a share of the failed calls", { cached: "80%" })),
    z
      .strictObject({
        to: name("Dependency").describe("Another external dependency (design.externals): a second provider"),
        timeout: requestTime("How long one attempt at the fallback may take", "1s").default("1s"),
        retries: retries.default({ max: 0, backoff: "50ms", maxBackoff: "2s", jitter: true }),
      })
      .describe(about("A call to a second provider", { to: "payments-backup", timeout: "1s" })),
  ])
  .describe(
    about("What a failed call (after its retries, or failed fast by its breaker) falls back on", {
      to: "payments-backup",
    }),
  );

export const call = z
  .strictObject({
    to: name("Dependency").describe(
      "An external dependency (design.externals) or another service of the design (design.services), e.g. payments",
    ),
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
    fallback: fallback.optional(),
  })
  .describe(about("A call to a dependency, made after the service time", { to: "payments", timeout: "1s" }));

export const external = z
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
