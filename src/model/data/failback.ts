// Failback (ARCHITECTURE.md, "Data"): after a failover moved the primary off the design's primary
// node, that node, once back and seen by the failover manager for `failbackUs`, is made primary
// again by a planned switchover. Writes pause (the primary holds them: COMMIT_WAITING) until it
// has applied every committed write; then it takes over with nothing lost, and every replica
// gets its designed mode back. Either node failing or being cut off meanwhile cancels it.

import type { DatabaseView, ModelContext } from "../core/index.js";
import { emit, Priority } from "../core/index.js";

/** The design's primary is the database's first node. */
const HOME = 0;
/** How soon a failback held back by a failover, a restore or a split brain is tried again. */
const RETRY_US = 60_000_000;
/** The least wait between two looks at a catch-up, so a switch never spins within an instant. */
const MIN_WAIT_US = 1_000;

/** What the failback needs from its database. */
export interface FailbackSubject {
  readonly name: string;
  readonly index: number;
  readonly nodeIds: string[];
  readonly primary: number;
  /** The failover manager reaches `node` (up, and with a site, not cut off from it). */
  visible(node: number): boolean;
  /** A failover, a restore or a split brain is under way: no time for a planned switch. */
  busy(): boolean;
  /** How long until `node` has applied every committed write: 0 when it has, ∞ while it receives nothing. */
  caughtUpInUs(node: number): number;
  /** Makes `home` the primary again at the log's end, with the design's replica modes; returns that position. */
  failBack(home: number): number;
  view(failingOver: boolean): DatabaseView;
}

export class Failback {
  /** Writes are paused for the switch. */
  switching = false;
  /** Since when the design's primary has been seen while another node is primary (−1: it is not). */
  private upSinceUs = -1;
  private pausedAtUs = 0;
  private generation = 0;
  private readonly checkCode: number;
  private readonly switchCode: number;

  constructor(
    private readonly ctx: ModelContext,
    private readonly db: FailbackSubject,
    private readonly afterUs: number,
  ) {
    this.checkCode = ctx.sim.register(`db.failbackCheck/${db.name}`, (_, generation) => this.check(generation));
    this.switchCode = ctx.sim.register(`db.failbackSwitch/${db.name}`, (_, generation) => this.switchBack(generation));
  }

  /** A node, the network or the primary changed: start or stop the clock; stop a switch that cannot finish. */
  settle(nowUs: number): void {
    const { db } = this;
    const homeSeen = db.primary !== HOME && db.visible(HOME);
    if (this.switching && (!homeSeen || !db.visible(db.primary))) this.cancel(nowUs);
    if (!homeSeen) {
      if (this.upSinceUs >= 0) this.generation++;
      this.upSinceUs = -1;
      return;
    }
    if (this.upSinceUs >= 0) return;
    this.upSinceUs = nowUs;
    this.arm(nowUs + this.afterUs);
  }

  private arm(atUs: number): void {
    this.generation++;
    this.ctx.sim.at(atUs, this.checkCode, this.db.index, this.generation, Priority.control);
  }

  /** The design's primary has been back `failbackUs`: pause writes and wait for it to catch up. */
  private check(generation: number): void {
    const { db, ctx } = this;
    if (generation !== this.generation || db.primary === HOME) return;
    const nowUs = ctx.sim.now;
    if (db.busy()) {
      this.arm(nowUs + RETRY_US);
      return;
    }
    this.switching = true;
    this.pausedAtUs = nowUs;
    ctx.lazy.changed();
    emit(ctx.trace, nowUs, {
      kind: "db.failbackStarted",
      subject: db.nodeIds[HOME],
      data: { afterS: (nowUs - this.upSinceUs) / 1e6 },
    });
    this.awaitCatchUp(nowUs);
  }

  private awaitCatchUp(nowUs: number): void {
    const waitUs = this.db.caughtUpInUs(HOME);
    if (waitUs === Number.POSITIVE_INFINITY) {
      this.cancel(nowUs);
      return;
    }
    this.ctx.sim.at(
      nowUs + Math.max(waitUs, MIN_WAIT_US),
      this.switchCode,
      this.db.index,
      this.generation,
      Priority.control,
    );
  }

  private switchBack(generation: number): void {
    const { db, ctx } = this;
    if (generation !== this.generation || !this.switching) return;
    const nowUs = ctx.sim.now;
    if (db.caughtUpInUs(HOME) > 0) {
      this.awaitCatchUp(nowUs);
      return;
    }
    this.switching = false;
    this.upSinceUs = -1;
    this.generation++;
    const position = db.failBack(HOME);
    ctx.lazy.changed();
    ctx.controlPlane.change(
      nowUs,
      {
        kind: "db.failedBack",
        subject: db.nodeIds[HOME],
        data: { position: Math.round(position), pausedS: (nowUs - this.pausedAtUs) / 1e6 },
      },
      (draft) => {
        draft.databases[db.name] = db.view(false);
      },
    );
  }

  private cancel(nowUs: number): void {
    this.switching = false;
    this.upSinceUs = -1;
    this.generation++;
    this.ctx.lazy.changed();
    emit(this.ctx.trace, nowUs, { kind: "db.failbackCancelled", subject: this.db.nodeIds[HOME] });
  }
}
