// Random crashes: while the fault lasts, each of its nodes alternates independently between up
// (an exponential time with mean MTBF) and down (exponential, mean MTTR), drawing from its own
// named stream. This is the failure process behind the steady-state availability
// MTBF / (MTBF + MTTR) and the k-of-n availability Σ C(n,i)Aⁱ(1−A)ⁿ⁻ⁱ (ARCHITECTURE.md, "Truths").

import type { RandomStream } from "../../engine/index.js";
import { duration, name } from "../../input/index.js";
import { Priority } from "../../model/index.js";
import { type ActiveFault, defineFaultKind, type FaultSite } from "../kind.js";

interface RandomCrashes {
  target: string;
  nodes: string[];
  mtbfUs: number;
  mttrUs: number;
}

const CRASH = 0;
const RESTART = 1;

export const randomCrashes = defineFaultKind({
  kind: "random-crashes",
  family: "infrastructure",
  summary: "Every node of a service or database crashes and restarts at random, independently, while it lasts",
  timing: "lasting",
  fields: {
    service: name("Service").optional().describe("Its instances crash at random (or give database), e.g. api"),
    database: name("Database").optional().describe("Its nodes crash at random (or give service), e.g. orders"),
    mtbf: duration("Mean time between failures of each node: up times are exponential with this mean", {
      positive: true,
      example: "30d",
    }),
    mttr: duration("Mean time to repair: each crashed node restarts after an exponential time with this mean", {
      positive: true,
      example: "20m",
    }),
  },
  compile: (fault, site): RandomCrashes => {
    const positiveUs = (field: "mtbf" | "mttr", example: string) => {
      const us = site.ctx.us(fault[field], [...site.path, field]);
      if (us <= 0) site.ctx.problem([...site.path, field], `${field} must be longer than 0, e.g. ${example}`);
      return us;
    };
    return { ...crashTargets(fault, site), mtbfUs: positiveUs("mtbf", "30d"), mttrUs: positiveUs("mttr", "20m") };
  },
  describe: (fault) => `random-crashes ${fault.target} (MTBF ${hours(fault.mtbfUs)}, MTTR ${hours(fault.mttrUs)})`,
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
  private readonly code: number;

  /**
   * Each node's stream is named by the node, and — when several random-crashes faults name it —
   * by this fault's rank among them in order of (start, MTBF, MTTR), never by its place in the
   * file: listing faults in another order changes no crash time.
   */
  constructor(private readonly fault: ActiveFault<RandomCrashes>) {
    const { sim, streams } = fault.world.ctx;
    type Peer = RandomCrashes & { startUs: number };
    const peers = fault.scenarioFaults.filter((f) => f.kind === "random-crashes") as unknown as Peer[];
    this.random = fault.config.nodes.map((node) => {
      const rank = peers.filter((peer) => peer.nodes.includes(node) && comesBefore(peer, fault.config)).length;
      return streams.forkUnique(rank === 0 ? `crashes/${node}` : `crashes/${node}#${rank + 1}`);
    });
    // One event per node transition: the argument is the node, the second its next state.
    this.code = sim.register("fault.randomCrash", (node, transition) => this.transition(node, transition));
  }

  start(): void {
    this.active = true;
    for (let node = 0; node < this.fault.config.nodes.length; node++) this.schedule(node, CRASH);
  }

  /** The fault is over: what it had planned is dropped; the crashes it holds end with it. */
  stop(): void {
    this.active = false;
  }

  private schedule(node: number, transition: number): void {
    const meanUs = transition === CRASH ? this.fault.config.mtbfUs : this.fault.config.mttrUs;
    const afterUs = Math.max(1, Math.round(this.random[node].exponential(meanUs)));
    const priority = transition === CRASH ? Priority.fault : Priority.faultEnd;
    this.fault.world.ctx.sim.schedule(afterUs, this.code, node, transition, priority);
  }

  private transition(node: number, transition: number): void {
    if (!this.active) return;
    const crashing = transition === CRASH;
    const effect = { lever: "node.crash", node: this.fault.config.nodes[node] } as const;
    if (crashing) this.fault.apply(effect);
    else this.fault.remove(effect);
    this.schedule(node, crashing ? RESTART : CRASH);
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
