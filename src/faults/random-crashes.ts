// Random crashes: while the fault lasts, each of its nodes alternates independently between up
// (an exponential time with mean MTBF) and down (exponential, mean MTTR), drawing from its own
// named stream. This is the failure process behind the steady-state availability
// MTBF / (MTBF + MTTR) and the k-of-n availability Σ C(n,i)Aⁱ(1−A)ⁿ⁻ⁱ (DESIGN.md §6).

import type { RandomStream } from "../engine/index.js";
import { Priority } from "../model/context.js";
import type { World } from "../model/index.js";
import type { FaultConfig } from "./types.js";

type RandomCrashes = Extract<FaultConfig, { kind: "random-crashes" }>;

const CRASH = 0;
const RESTART = 1;

export class RandomCrashProcess {
  private active = false;
  private readonly down: boolean[];
  private readonly random: RandomStream[];
  private readonly code: number;

  /**
   * `streamsTaken` counts, per node, the random-crashes processes already drawing for it: each
   * node's stream is named by the node (and that count), not by the fault's place in the file,
   * so reordering faults does not change the crash times (unless two of them name the same node:
   * those take its streams in file order).
   */
  constructor(
    private readonly world: World,
    private readonly fault: RandomCrashes,
    streamsTaken: Map<string, number>,
  ) {
    const { sim, streams } = world.ctx;
    this.down = fault.nodes.map(() => false);
    this.random = fault.nodes.map((node) => {
      const taken = streamsTaken.get(node) ?? 0;
      streamsTaken.set(node, taken + 1);
      return streams.fork(taken === 0 ? `crashes/${node}` : `crashes/${node}#${taken + 1}`);
    });
    // One event per node transition: the argument is the node, the second its next state.
    this.code = sim.register(`fault.randomCrash/${fault.index}`, (node, transition) =>
      this.transition(node, transition),
    );
  }

  start(): void {
    this.active = true;
    for (let node = 0; node < this.fault.nodes.length; node++) this.schedule(node, CRASH);
  }

  /** The fault is over: every node it has down restarts; what it had planned is dropped. */
  stop(): void {
    this.active = false;
    this.fault.nodes.forEach((name, node) => {
      if (!this.down[node]) return;
      this.down[node] = false;
      this.world.changeNodeCrash(name, -1);
    });
  }

  private schedule(node: number, transition: number): void {
    const meanUs = transition === CRASH ? this.fault.mtbfUs : this.fault.mttrUs;
    const afterUs = Math.max(1, Math.round(this.random[node].exponential(meanUs)));
    this.world.ctx.sim.schedule(afterUs, this.code, node, transition, Priority.fault);
  }

  private transition(node: number, transition: number): void {
    if (!this.active) return;
    const crashing = transition === CRASH;
    this.down[node] = crashing;
    this.world.changeNodeCrash(this.fault.nodes[node], crashing ? 1 : -1);
    this.schedule(node, crashing ? RESTART : CRASH);
  }
}
