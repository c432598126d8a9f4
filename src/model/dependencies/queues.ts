// Asynchronous processing: a service publishes a message and answers at once; a pool of
// consumers works through the queue. While the consumers are down the backlog grows instead
// of users failing; when they return it drains at (capacity − arrival rate). A backlog is work
// piling up, not ordinary waiting: it is drained once per time it built up.

import type { RandomStream } from "../../engine/index.js";
import type { QueueConfig } from "../core/index.js";
import { emit, FoldedLever, type ModelContext, Priority } from "../core/index.js";

/** A backlog at or below this counts as drained. */
const DRAINED_AT = 10;
/**
 * A backlog has built up once it passes DRAINED_AT while the consumers are down, or holds more
 * than this many seconds of their full capacity (arrivals beyond it). Anything less is ordinary
 * waiting for a consumer, which at a busy queue crosses DRAINED_AT again and again: each time
 * was logged as a backlog drained, several in one second.
 */
const BUILT_UP_S = 1;

export interface QueueStats {
  name: string;
  published: number;
  processed: number;
  backlogMax: number;
  backlogMaxAtUs: number;
  /** When the backlog was back to normal after its peak (undefined: never peaked, or still draining). */
  drainedAtUs?: number;
}

export class Queues {
  readonly stats: QueueStats[];
  private readonly backlog: Float64Array;
  private readonly busy: Int32Array;
  /** Per queue, the backlog above which it has built up with the consumers working (see BUILT_UP_S). */
  private readonly builtUpAt: Float64Array;
  /** Per queue, 1 from the time its backlog built up until it is drained. */
  private readonly builtUp: Uint8Array;
  /** Consumer outages per queue, keyed by fault: consumers work while none is active. */
  readonly consumersDown: FoldedLever;
  private readonly incarnation: Int32Array;
  private readonly random: RandomStream[];
  private readonly doneCode: number;

  constructor(
    private readonly ctx: ModelContext,
    private readonly configs: QueueConfig[],
  ) {
    this.stats = configs.map((q) => ({ name: q.name, published: 0, processed: 0, backlogMax: 0, backlogMaxAtUs: 0 }));
    this.backlog = new Float64Array(configs.length);
    this.busy = new Int32Array(configs.length);
    this.builtUpAt = Float64Array.from(configs, (q) =>
      q.processTimeUs > 0 ? Math.max(DRAINED_AT, (BUILT_UP_S * 1e6 * q.concurrency) / q.processTimeUs) : DRAINED_AT,
    );
    this.builtUp = new Uint8Array(configs.length);
    const now = () => ctx.sim.now;
    this.consumersDown = new FoldedLever({ name: "queue.consumersDown", targets: configs.length, rule: "count", now });
    this.incarnation = new Int32Array(configs.length);
    this.random = configs.map((q) => ctx.streams.fork(`queue/${q.name}`));
    this.doneCode = ctx.sim.register("queue.messageProcessed", (queue, incarnation) =>
      this.processed(queue, incarnation),
    );
  }

  indexOf(name: string): number {
    const index = this.configs.findIndex((q) => q.name === name);
    if (index < 0) throw new Error(`unknown queue ${name}`);
    return index;
  }

  publish(queue: number): void {
    this.stats[queue].published++;
    this.backlog[queue]++;
    this.startWork(queue);
    this.noteBacklog(queue);
  }

  /**
   * Fault `key` takes the consumers down (their messages in progress go back on the queue), or
   * ends; they work again once no fault holds them down.
   */
  setConsumersDown(queue: number, key: number, down: boolean): void {
    const wasDown = this.consumersDown.values[queue] > 0;
    if (down) this.consumersDown.set(queue, key);
    else this.consumersDown.clear(queue, key);
    const isDown = this.consumersDown.values[queue] > 0;
    if (wasDown === isDown) return;
    const subject = this.configs[queue].name;
    emit(this.ctx.trace, this.ctx.sim.now, { kind: isDown ? "queue.consumersDown" : "queue.consumersUp", subject });
    if (isDown) {
      this.incarnation[queue]++; // work in progress is dropped at dispatch…
      this.backlog[queue] += this.busy[queue]; // …and redelivered later
      this.busy[queue] = 0;
      this.noteBacklog(queue);
    } else this.startWork(queue);
  }

  private startWork(queue: number): void {
    if (this.consumersDown.values[queue] > 0) return;
    const config = this.configs[queue];
    while (this.busy[queue] < config.concurrency && this.backlog[queue] > 0) {
      this.backlog[queue]--;
      this.busy[queue]++;
      const durationUs = this.random[queue].exponential(config.processTimeUs);
      this.ctx.sim.schedule(durationUs, this.doneCode, queue, this.incarnation[queue], Priority.traffic);
    }
  }

  private processed(queue: number, incarnation: number): void {
    if (incarnation !== this.incarnation[queue]) return;
    this.busy[queue]--;
    this.stats[queue].processed++;
    this.startWork(queue);
    if (this.backlog[queue] > DRAINED_AT) return;
    const stats = this.stats[queue];
    // The report's drain time runs from the largest backlog, whatever its size.
    if (stats.backlogMax > DRAINED_AT) stats.drainedAtUs ??= this.ctx.sim.now;
    if (this.builtUp[queue] === 0) return;
    this.builtUp[queue] = 0;
    emit(this.ctx.trace, this.ctx.sim.now, { kind: "queue.drained", subject: stats.name });
  }

  private noteBacklog(queue: number): void {
    const backlog = this.backlog[queue];
    const down = this.consumersDown.values[queue] > 0;
    if (backlog > this.builtUpAt[queue] || (down && backlog > DRAINED_AT)) this.builtUp[queue] = 1;
    const stats = this.stats[queue];
    if (backlog > stats.backlogMax) {
      stats.backlogMax = backlog;
      stats.backlogMaxAtUs = this.ctx.sim.now;
      stats.drainedAtUs = undefined;
    }
  }
}
