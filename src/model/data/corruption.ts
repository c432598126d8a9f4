// Logical corruption of a database and the restores that follow it. A bad write or migration
// reaches every replica at once (so failover cannot help) and every backup taken from then on.
// Corruptions are tracked one by one: once someone notices one, the database is restored to the
// newest restore point that is clean of every corruption still in the data, noticed or not (a
// restore to a point that still holds one would fail the checks run before the database is
// reopened). Everything written after that point is lost, the database refuses calls while the
// restore runs, and every corruption the restore removes is over when it finishes.

import { formatClock } from "../../engine/index.js";
import { emit, type ModelContext, Priority } from "../core/index.js";
import { cleanRestorePointUs, restoreDurationUs } from "./backups.js";
import { type LoggedDatabase, recordDataLoss, wholeWrites } from "./data-loss.js";

/** What CorruptionRecovery needs from its database. */
export interface Restorable extends LoggedDatabase {
  /** Back to the first `keep` writes; replicas are re-seeded at `readyUs`. */
  rewind(keep: number, readyUs: number): void;
}

export interface CorruptionFault {
  detectedAfterUs: number;
  /** It also corrupted every mutable backup (ransomware, a bad script). */
  reachesBackups: boolean;
  /** The fault that corrupted the data. */
  key: number;
  /** Called once the corruption is gone (its restore finished) or given up on (no clean backup). */
  onOver: () => void;
}

interface Corruption extends CorruptionFault {
  atUs: number;
  /** Still in the data: no restore has removed it yet. */
  live: boolean;
}

export class CorruptionRecovery {
  /** The database refuses calls while a restore runs. */
  restoring = false;
  restores = 0;
  private readonly corruptions: Corruption[] = [];
  /** The corruptions the running restore removes: over when it finishes. */
  private removing: Corruption[] = [];
  /** Numbers the restores; a restore started while another runs supersedes it. */
  private generation = 0;
  private readonly detectCode: number;
  private readonly restoredCode: number;

  constructor(
    private readonly ctx: ModelContext,
    private readonly database: Restorable,
  ) {
    const name = database.name;
    this.detectCode = ctx.sim.register(`db.restore/${name}`, (index) => this.detect(index));
    this.restoredCode = ctx.sim.register(`db.restored/${name}`, (generation) => this.finishRestore(generation));
  }

  /** Corrupts the data now; after `detectedAfterUs` someone notices and restores. */
  corrupt(fault: CorruptionFault): void {
    const { sim, trace } = this.ctx;
    const index = this.corruptions.length;
    this.corruptions.push({ ...fault, atUs: sim.now, live: true });
    const data = { reachesBackups: fault.reachesBackups };
    emit(trace, sim.now, { kind: "db.corrupted", subject: this.database.name, data });
    sim.schedule(fault.detectedAfterUs, this.detectCode, index, 0, Priority.control);
  }

  /** The corruptions still in the data (in the order they happened). */
  get live(): readonly { atUs: number; reachesBackups: boolean }[] {
    return this.corruptions.filter((corruption) => corruption.live);
  }

  private detect(index: number): void {
    const { sim, trace } = this.ctx;
    const { name } = this.database;
    const corruption = this.corruptions[index];
    if (!corruption.live) {
      // An earlier restore went back before it: nothing is left to repair.
      emit(trace, sim.now, { kind: "db.corruptionDetected", subject: name, data: { alreadyRemoved: true } });
      return;
    }
    emit(trace, sim.now, { kind: "db.corruptionDetected", subject: name, data: { alreadyRemoved: false } });
    const live = this.corruptions.filter((c) => c.live);
    const earliestUs = Math.min(...live.map((c) => c.atUs));
    const backups = this.database.config.backups;
    const pointUs = backups
      ? cleanRestorePointUs(
          backups,
          earliestUs,
          live.some((c) => c.reachesBackups),
        )
      : undefined;
    const log = this.database.commitLog;
    const keep = pointUs === undefined ? 0 : log.countAtOrBelow(pointUs);
    this.recordLoss(keep, earliestUs);
    for (const c of live) c.live = false;
    if (backups === undefined || pointUs === undefined) {
      // Nothing clean to go back to: the data is kept as it is (and counted lost above).
      const reason = "no clean backup left: every backup holds the corruption";
      emit(trace, sim.now, { kind: "db.restoreImpossible", subject: name, data: { reason } });
      for (const c of live) c.onOver();
      return;
    }
    const durationUs = restoreDurationUs(backups, this.database.config.sizeGb);
    this.database.rewind(keep, sim.now + durationUs);
    this.restoring = true;
    this.restores++;
    this.removing = [...this.removing, ...live];
    this.generation++;
    const data = { toClock: formatClock(pointUs, this.ctx.run.startOfDayUs), durationS: durationUs / 1e6 };
    this.ctx.controlPlane.change(sim.now, { kind: "db.restoreStarted", subject: name, data }, (draft) => {
      draft.databases[name].failingOver = true;
    });
    sim.schedule(durationUs, this.restoredCode, this.generation, 0, Priority.control);
  }

  /**
   * Every acknowledged write after the restore point is lost; the RPO reaches back from the
   * earliest corruption the restore removes to the oldest of them.
   */
  private recordLoss(keep: number, failureUs: number): void {
    const log = this.database.commitLog;
    const { count, first } = this.database.acknowledgedBetween(keep, log.length);
    const lost = wholeWrites(count);
    recordDataLoss(
      this.ctx,
      this.database,
      {
        cause: "restore",
        failureUs,
        promotedUs: this.ctx.sim.now,
        promotedNode: this.database.primaryNodeId(),
        lostWrites: lost,
        rpoUs: lost >= 1 ? Math.max(0, failureUs - log.get(first)) : 0,
      },
      this.database.acknowledgedByWriter(keep, log.length),
    );
  }

  private finishRestore(generation: number): void {
    if (generation !== this.generation) return; // superseded by a later restore
    const { sim, controlPlane } = this.ctx;
    const name = this.database.name;
    this.restoring = false;
    controlPlane.change(sim.now, { kind: "db.restored", subject: name }, (draft) => {
      draft.databases[name].failingOver = false;
    });
    const removed = this.removing;
    this.removing = [];
    for (const corruption of removed) corruption.onOver();
  }
}
