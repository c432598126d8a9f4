// Every fault kind, in the order the schema offers them. The scenario schema, the JSON Schema,
// the compiler, the injector and the README's reference are all derived from this list.

import { z } from "zod";
import { duration, pointInTime } from "../input/index.js";
import type { FaultKind, FaultTiming } from "./kind.js";
import { accidentalDelete } from "./kinds/accidental-delete.js";
import { badConfig } from "./kinds/bad-config.js";
import { badDeploy } from "./kinds/bad-deploy.js";
import { cacheFailure } from "./kinds/cache-failure.js";
import { cacheFlush } from "./kinds/cache-flush.js";
import { consumerOutage } from "./kinds/consumer-outage.js";
import { dataCorruption } from "./kinds/data-corruption.js";
import { ddos } from "./kinds/ddos.js";
import { dependencyErrors } from "./kinds/dependency-errors.js";
import { dependencySlowdown } from "./kinds/dependency-slowdown.js";
import { dependencyTimeout } from "./kinds/dependency-timeout.js";
import { diskFull } from "./kinds/disk-full.js";
import { dnsFailure } from "./kinds/dns-failure.js";
import { failingHealthCheck } from "./kinds/failing-health-check.js";
import { latencySpike } from "./kinds/latency-spike.js";
import { loadBalancerOutage } from "./kinds/load-balancer-outage.js";
import { networkPartition } from "./kinds/network-partition.js";
import { nodeCrash } from "./kinds/node-crash.js";
import { packetLoss } from "./kinds/packet-loss.js";
import { randomCrashes } from "./kinds/random-crashes.js";
import { regionOutage } from "./kinds/region-outage.js";
import { replicationLag } from "./kinds/replication-lag.js";
import { slowNode } from "./kinds/slow-node.js";
import { trafficRamp } from "./kinds/traffic-ramp.js";
import { trafficSpike } from "./kinds/traffic-spike.js";
import { zoneDegradation } from "./kinds/zone-degradation.js";
import { zoneOutage } from "./kinds/zone-outage.js";
import { type RecurInput, recurSchemas } from "./recurrence.js";

export const FAULT_KINDS = [
  regionOutage,
  randomCrashes,
  zoneOutage,
  loadBalancerOutage,
  nodeCrash,
  replicationLag,
  slowNode,
  failingHealthCheck,
  networkPartition,
  latencySpike,
  packetLoss,
  dnsFailure,
  consumerOutage,
  cacheFlush,
  cacheFailure,
  ddos,
  badDeploy,
  badConfig,
  dataCorruption,
  accidentalDelete,
  dependencyTimeout,
  dependencyErrors,
  dependencySlowdown,
  diskFull,
  trafficRamp,
  trafficSpike,
  zoneDegradation,
] as const;

type AnyFaultKind = (typeof FAULT_KINDS)[number];
export type FaultKindName = AnyFaultKind["kind"];

/** A compiled fault: its timing, its kind and its kind's own fields. */
export type FaultConfig = AnyFaultKind extends infer K
  ? K extends FaultKind<infer Name, z.ZodRawShape, infer Config>
    ? FaultTiming & { kind: Name } & Config
    : never
  : never;

// biome-ignore lint/suspicious/noExplicitAny: the registry holds kinds of every shape
type LooseFaultKind = FaultKind<string, z.ZodRawShape, any>;

const BY_NAME = new Map<string, LooseFaultKind>(FAULT_KINDS.map((kind) => [kind.kind, kind as LooseFaultKind]));

/** The kind named `name` (every compiled fault's kind is in the registry). */
export function faultKind(name: string): LooseFaultKind {
  const kind = BY_NAME.get(name);
  if (kind === undefined) throw new Error(`unknown fault kind ${name}`);
  return kind;
}

/**
 * The fields every fault has, by timing: an instant has no `for`. `at` is required unless the
 * fault recurs (compile checks it, so that the message can say so).
 */
const TIMING_FIELDS = {
  lasting: {
    at: pointInTime.optional(),
    for: duration(
      "How long the fault lasts (default: to the end of the run); with recur, how long occurrences may start",
    ).optional(),
    recur: recurSchemas.lasting.optional(),
  },
  instant: {
    at: pointInTime.optional(),
    for: duration("With recur only: how long occurrences may start (default: to the end of the run)").optional(),
    recur: recurSchemas.instant.optional(),
  },
} as const;

/**
 * One kind's schema in a scenario file: its `kind`, its own fields, then its timing fields (a
 * kind may redefine one: a ramp's `for` is required).
 */
function kindSchema(kind: LooseFaultKind) {
  const timing = Object.fromEntries(
    Object.entries(TIMING_FIELDS[kind.timing]).filter(
      ([key]) => !(key in kind.fields) && (key !== "recur" || kind.recurs !== false),
    ),
  ) as (typeof TIMING_FIELDS)["lasting"];
  return z.strictObject({ kind: z.literal(kind.kind), ...kind.fields, ...timing }).describe(kind.summary);
}

const schemas = FAULT_KINDS.map((kind) => kindSchema(kind as LooseFaultKind));

/** A fault in a scenario file: a union on `kind` of every registered kind's schema. */
export const faultSchema = z.discriminatedUnion(
  "kind",
  schemas as unknown as [(typeof schemas)[number], ...(typeof schemas)[number][]],
);

/** A fault as read from a scenario file, before compiling. */
export type FaultInput = z.output<typeof faultSchema> & { kind: string; at?: string; for?: string; recur?: RecurInput };

/** A short human label such as `region-outage us-east`. */
export function describeFault(fault: FaultConfig): string {
  return faultKind(fault.kind).describe(fault);
}
