// What a fault kind is: one file per kind (src/faults/kinds/) holds its schema, its compile
// step, its one-line summary, its label and its effects. The registry (registry.ts) lists them;
// the scenario schema, the JSON Schema, the compiler, the injector and the README check all
// read the registry, so adding a kind touches its file, its test and its README entry.

import type { z } from "zod";
import type { CompileContext, IssuePath, NameRegistry } from "../input/index.js";
import type { ClientConfig, DatabaseConfig, Effect, ServiceConfig, World } from "../model/index.js";
import type { Recurrence } from "./recurrence.js";

/** The README groups fault kinds by family, in this order. */
export const FAULT_FAMILIES = [
  "infrastructure",
  "network",
  "dependency",
  "data",
  "human",
  "traffic",
  "security",
] as const;
export type FaultFamily = (typeof FAULT_FAMILIES)[number];

/** When a fault acts: from `at`, for `for` or to the end of the run; or at one instant. */
export type FaultTimingKind = "lasting" | "instant";

/** What every compiled fault carries besides its own fields. */
export interface FaultTiming {
  /** Index in the scenario's fault list: names the fault in traces and keys its effects. */
  index: number;
  startUs: number;
  /**
   * When it ends, as written (undefined: to the end of the run). An instant fault has none: it
   * ends when the model says its aftermath is over (a restore finished, a rollback done). With
   * `recur`, the window in which occurrences may start.
   */
  endUs?: number;
  /** It happens again and again at random within [startUs, endUs) (recurrence.ts). */
  recur?: Recurrence;
}

/** The names and design parts a fault may refer to, for its compile step to check. */
export interface FaultReferences {
  regions: NameRegistry;
  zones: NameRegistry;
  services: NameRegistry;
  databases: NameRegistry;
  externals: NameRegistry;
  clients: NameRegistry;
  queues: NameRegistry;
  serviceConfigs: readonly ServiceConfig[];
  databaseConfigs: readonly DatabaseConfig[];
  clientConfigs: readonly ClientConfig[];
  hasDns: boolean;
}

/** Where a fault's compile step records problems: the context, the fault's path and the names. */
export interface FaultSite {
  ctx: CompileContext;
  /** The fault's path in the file, e.g. ["faults", 2]. */
  path: IssuePath;
  refs: FaultReferences;
}

/** A running fault, as its kind's hooks see it. */
export interface ActiveFault<Config> {
  config: Config & FaultTiming;
  world: World;
  /** Every fault of the scenario, compiled (for processes that must agree among themselves). */
  scenarioFaults: readonly (FaultTiming & { kind: string })[];
  /**
   * The key of the fault's current occurrence: its index for the first (or only) one, a fresh
   * number for each later one, so that what a past occurrence left scheduled never acts on the next.
   */
  key(): number;
  /** Applies an effect keyed by this fault (removed with every other one when the fault stops). */
  apply(effect: Effect): void;
  /** Removes one effect this fault holds. */
  remove(effect: Effect): void;
  /** The fault's aftermath is over now (an instant fault's end): later incidents do not name it. */
  end(): void;
  /** The aftermath is over `afterUs` from now. */
  endAfter(afterUs: number): void;
}

export interface FaultKind<Kind extends string, Shape extends z.ZodRawShape, Config> {
  kind: Kind;
  family: FaultFamily;
  /** One line: what happens (the JSON Schema's description, checked against the README). */
  summary: string;
  timing: FaultTimingKind;
  /** Its own fields (`kind`, `at` and, for lasting faults, `for` are added by the registry). */
  fields: Shape;
  /** Checks every name it refers to and converts units; records problems on `site`. */
  compile(input: z.output<z.ZodObject<Shape>>, site: FaultSite): Config;
  /** A short label such as `region-outage us-east`. */
  describe(config: Config): string;
  /**
   * False for kinds that cannot take `recur:` (random crashes are random already; a ramp is one
   * launch). Default: every kind can recur.
   */
  recurs?: false;
  /** A random process over its window (random crashes): `at` defaults to the run's start, as with `recur`. */
  random?: true;
  /** The effects it holds while active: applied at its start, removed at its end. */
  effects?(config: Config & FaultTiming, world: World): Effect[];
  /**
   * A process of its own (random crashes, a ramp, a rollout, a corruption and its restore),
   * made before the run starts (so it can register its events) and started at the fault's start.
   */
  process?(fault: ActiveFault<Config>): FaultProcess;
}

export interface FaultProcess {
  start(): void;
  /** The fault's end (before the effects it holds are removed). */
  stop?(): void;
}

/** Declares a fault kind (one per file); the identity function that gives it its types. */
export function defineFaultKind<const Kind extends string, Shape extends z.ZodRawShape, Config>(
  kind: FaultKind<Kind, Shape, Config>,
): FaultKind<Kind, Shape, Config> {
  return kind;
}
