// Random crashes: while the fault lasts, each of its nodes alternates independently between up
// (a time with mean MTBF) and down (mean MTTR), exponential unless another shape is given,
// drawing from its own named stream. This is the failure process behind the steady-state
// availability MTBF / (MTBF + MTTR) and the k-of-n availability Σ C(n,i)Aⁱ(1−A)ⁿ⁻ⁱ (ARCHITECTURE.md,
// "Truths"). With a common cause (the beta factor β), a share β of each node's failures strike
// every node at once: each node fails alone at (1 − β)/MTBF, and the group together at β/MTBF,
// repaired together after one repair time.

import type { RandomStream } from "../../engine/index.js";
import { duration, name, percent } from "../../input/index.js";
import { Priority } from "../../model/index.js";
import { type ActiveFault, defineFaultKind, type FaultSite } from "../kind.js";
import { compileLifetime, drawLifetime, type Lifetime, lifetimeShapeSchema } from "../lifetimes.js";

interface RandomCrashes {
  target: string;
  nodes: string[];
  mtbfUs: number;
  mttrUs: number;
  /** Each node's own failures (mean MTBF / (1 − β)) and its repairs. */
  failures: Lifetime;
  repairs: Lifetime;
  /** β: the share of failures that strike every node at once (0: independent). */
  commonCause: number;
  /** The group's failures (mean MTBF / β), when β > 0. */
  commonFailures?: Lifetime;
}

const CRASH = 0;
const RESTART = 1;

export const randomCrashes = defineFaultKind({
  kind: "random-crashes",
  family: "infrastructure",
  summary: "Every node of a service or database crashes and restarts at random, independently, while it lasts",
  timing: "lasting",
  recurs: false,
  random: true,
  fields: {
    service: name("Service").optional().describe("Its instances crash at random (or give database), e.g. api"),
    database: name("Database").optional().describe("Its nodes crash at random (or give service), e.g. orders"),
    mtbf: duration("Mean time between failures of each node: up times are exponential with this mean", {
      positive: true,
      example: "30d",
    }),
    mttr: duration("Mean time to repair: each crashed node restarts after a time with this mean", {
      positive: true,
      example: "20m",
    }),
    failureTimes: lifetimeShapeSchema
      .optional()
      .describe("How up times spread around mtbf, e.g. { distribution: weibull, shape: 1.5 } (default exponential)"),
    repairTimes: lifetimeShapeSchema
      .optional()
      .describe(
        "How repair times spread around mttr, e.g. { distribution: lognormal, sigma: 1 } (default exponential)",
      ),
    commonCause: percent(
      "Beta factor: the share of failures that strike every node at once (a shared power feed, a bad kernel), e.g. 5%",
      "5%",
    ).optional(),
  },
  compile: (fault, site): RandomCrashes => {
    const { ctx, path } = site;
    const positiveUs = (field: "mtbf" | "mttr", example: string) => {
      const us = ctx.us(fault[field], [...path, field]);
      if (us <= 0) ctx.problem([...path, field], `${field} must be longer than 0, e.g. ${example}`);
      return us;
    };
    const mtbfUs = positiveUs("mtbf", "30d");
    const mttrUs = positiveUs("mttr", "20m");
    const commonCause = fault.commonCause === undefined ? 0 : ctx.fraction(fault.commonCause, [...path, "commonCause"]);
    if (commonCause >= 1) ctx.problem([...path, "commonCause"], "commonCause must be below 100%, e.g. 5%");
    const share = Math.min(commonCause, 0.99);
    const failures = compileLifetime(mtbfUs / (1 - share), fault.failureTimes, ctx, [...path, "failureTimes"]);
    const repairs = compileLifetime(mttrUs, fault.repairTimes, ctx, [...path, "repairTimes"]);
    const commonFailures =
      share > 0 ? compileLifetime(mtbfUs / share, fault.failureTimes, ctx, [...path, "failureTimes"]) : undefined;
    return {
      ...crashTargets(fault, site),
      mtbfUs,
      mttrUs,
      failures,
      repairs,
      commonCause: share,
      ...(commonFailures === undefined ? {} : { commonFailures }),
    };
  },
  describe: (fault) =>
    `random-crashes ${fault.target} (MTBF ${hours(fault.mtbfUs)}, MTTR ${hours(fault.mttrUs)}${fault.commonCause > 0 ? `, common cause ${Number((fault.commonCause * 100).toFixed(2))}%` : ""})`,
  process: (fault) => new RandomCrashProcess(fault),
});

/** The nodes random crashes act on: a service's provisioned instances, or a database's nodes. */
function crashTargets(
  fault: { service?: string; database?: string },
  { ctx, path, refs }: FaultSite,
): { target: string; nodes: string[] } {
  if (fault.service === undefined && fault.database === undefined) {
    ctx.problem(path, "random-crashes needs a target: add service: (its instances) or database: (its nodes)");
    return { target: "", nodes: [] };
  }
  if (fault.service !== undefined && fault.database !== undefined) {
    ctx.problem(path, "random-crashes takes one target: keep service or database, not both");
    return { target: "", nodes: [] };
  }
  if (fault.service !== undefined) {
    refs.services.check(fault.service, [...path, "service"]);
    const service = refs.serviceConfigs.find((s) => s.name === fault.service);
    const nodes = (service?.zones ?? []).flatMap((zone) =>
      Array.from({ length: service?.instancesPerZone ?? 0 }, (_, k) => `${fault.service}/${zone}/${k + 1}`),
    );
    return { target: fault.service, nodes };
  }
  const database = fault.database as string;
  refs.databases.check(database, [...path, "database"]);
  const db = refs.databaseConfigs.find((d) => d.name === database);
  const zones = db ? [db.primaryZone, ...db.replicas.map((r) => r.zone)] : [];
  return { target: database, nodes: zones.map((zone) => `${database}/${zone}`) };
}

class RandomCrashProcess {
  private active = false;
  private readonly random: RandomStream[];
  /** The group's stream, when failures have a common cause. */
  private readonly common?: RandomStream;
  private readonly code: number;
  private readonly commonCode: number;
  /** Per node: down on its own, down with the group (a node is up when neither holds). */
  private readonly alone: boolean[];
  private readonly withGroup: boolean[];
  /** Per node: whether this fault holds its crash effect now. */
  private readonly held: boolean[];

  /**
   * Each node's stream is named by the node, and — when several random-crashes faults name it —
   * by this fault's rank among them in order of (start, MTBF, MTTR), never by its place in the
   * file: listing faults in another order changes no crash time.
   */
  constructor(private readonly fault: ActiveFault<RandomCrashes>) {
    const { sim, streams } = fault.world.ctx;
    type Peer = RandomCrashes & { startUs: number };
    const peers = fault.scenarioFaults.filter((f) => f.kind === "random-crashes") as unknown as Peer[];
    const rankOf = (node: string) =>
      peers.filter((peer) => peer.nodes.includes(node) && comesBefore(peer, fault.config)).length;
    this.random = fault.config.nodes.map((node) => {
      const rank = rankOf(node);
      return streams.forkUnique(rank === 0 ? `crashes/${node}` : `crashes/${node}#${rank + 1}`);
    });
    if (fault.config.commonFailures !== undefined) {
      const rank = rankOf(fault.config.nodes[0] ?? "");
      this.common = streams.forkUnique(
        `crashes/${fault.config.target}/common-cause${rank === 0 ? "" : `#${rank + 1}`}`,
      );
    }
    this.alone = fault.config.nodes.map(() => false);
    this.withGroup = fault.config.nodes.map(() => false);
    this.held = fault.config.nodes.map(() => false);
    // One event per node transition: the argument is the node, the second its next state.
    this.code = sim.register("fault.randomCrash", (node, transition) => this.transition(node, transition));
    this.commonCode = sim.register("fault.commonCauseCrash", (_, transition) => this.groupTransition(transition));
  }

  start(): void {
    this.active = true;
    for (let node = 0; node < this.fault.config.nodes.length; node++) this.schedule(node, CRASH);
    if (this.common !== undefined) this.scheduleGroup(CRASH);
  }

  /** The fault is over: what it had planned is dropped; the crashes it holds end with it. */
  stop(): void {
    this.active = false;
    this.held.fill(false); // the injector removes every effect the fault holds
  }

  private schedule(node: number, transition: number): void {
    const lifetime = transition === CRASH ? this.fault.config.failures : this.fault.config.repairs;
    const afterUs = drawLifetime(this.random[node], lifetime);
    const priority = transition === CRASH ? Priority.fault : Priority.faultEnd;
    this.fault.world.ctx.sim.schedule(afterUs, this.code, node, transition, priority);
  }

  private scheduleGroup(transition: number): void {
    const { commonFailures, repairs } = this.fault.config;
    const afterUs = drawLifetime(
      this.common as RandomStream,
      transition === CRASH ? (commonFailures as Lifetime) : repairs,
    );
    const priority = transition === CRASH ? Priority.fault : Priority.faultEnd;
    this.fault.world.ctx.sim.schedule(afterUs, this.commonCode, 0, transition, priority);
  }

  private transition(node: number, transition: number): void {
    if (!this.active) return;
    this.alone[node] = transition === CRASH;
    this.refresh(node);
    this.schedule(node, transition === CRASH ? RESTART : CRASH);
  }

  private groupTransition(transition: number): void {
    if (!this.active) return;
    for (let node = 0; node < this.fault.config.nodes.length; node++) {
      this.withGroup[node] = transition === CRASH;
      this.refresh(node);
    }
    this.scheduleGroup(transition === CRASH ? RESTART : CRASH);
  }

  /** The node's crash effect follows its two causes: held while either is (changed only when that changes). */
  private refresh(node: number): void {
    const down = this.alone[node] || this.withGroup[node];
    if (down === this.held[node]) return;
    this.held[node] = down;
    const effect = { lever: "node.crash", node: this.fault.config.nodes[node] } as const;
    if (down) this.fault.apply(effect);
    else this.fault.remove(effect);
  }
}

/** The order random-crashes faults take a node's streams in; identical ones are interchangeable. */
function comesBefore(a: RandomCrashes & { startUs: number }, b: RandomCrashes & { startUs: number }): boolean {
  if (a.startUs !== b.startUs) return a.startUs < b.startUs;
  if (a.mtbfUs !== b.mtbfUs) return a.mtbfUs < b.mtbfUs;
  return a.mttrUs < b.mttrUs;
}

/** A mean time as hours or minutes, to two decimals at most: `24h`, `30min`, `0.5min`. */
function hours(us: number): string {
  const h = us / 3.6e9;
  return h >= 1 ? `${Number(h.toFixed(2))}h` : `${Number((us / 60e6).toFixed(2))}min`;
}
