// Logical corruption of a database and the restore that follows it. A bad write or migration
// reaches every replica at once (so failover cannot help) and every backup taken from then on.
// Once someone notices, the database is restored to the newest clean restore point: everything
// written after it is lost, and the database refuses calls while the restore runs.

import { formatClock } from "../engine/index.js";
import { cleanRestorePointUs, restoreDurationUs } from "./backups.js";
import { type ModelContext, Priority } from "./context.js";
import { type LoggedDatabase, recordDataLoss } from "./data-loss.js";

/** What CorruptionRecovery needs from its database. */
export interface Restorable extends LoggedDatabase {
  /** Back to the first `keep` writes; replicas are re-seeded at `readyUs`. */
  rewind(keep: number, readyUs: number): void;
}

export class CorruptionRecovery {
  /** The database refuses calls while a restore runs. */
  restoring = false;
  restores = 0;
  private corruptedAtUs = 0;
  private reachesBackups = false;
  private readonly restoreCode: number;
  private readonly restoredCode: number;

  constructor(
    private readonly ctx: ModelContext,
    private readonly database: Restorable,
  ) {
    const name = database.name;
    this.restoreCode = ctx.sim.register(`db.restore/${name}`, () => this.startRestore());
    this.restoredCode = ctx.sim.register(`db.restored/${name}`, () => this.finishRestore());
  }

  /** Corrupts the data now; after `detectedAfterUs` someone restores the newest clean point. */
  corrupt(detectedAfterUs: number, reachesBackups: boolean): void {
    const { sim, trace } = this.ctx;
    this.corruptedAtUs = sim.now;
    this.reachesBackups = reachesBackups;
    const detail = reachesBackups ? "including mutable backups" : "live data and replicas";
    trace.add(sim.now, "db.corrupted", this.database.name, detail);
    sim.schedule(detectedAfterUs, this.restoreCode, 0, 0, Priority.control);
  }

  private startRestore(): void {
    const { sim, trace, controlPlane } = this.ctx;
    const { name, config } = this.database;
    const backups = config.backups;
    if (!backups) return;
    const pointUs = cleanRestorePointUs(backups, this.corruptedAtUs, this.reachesBackups);
    trace.add(sim.now, "db.corruptionDetected", name);
    const log = this.database.commitLog;
    const keep = pointUs === undefined ? 0 : log.countAtOrBelow(pointUs);
    this.recordLoss(keep);
    if (pointUs === undefined) {
      trace.add(sim.now, "db.restoreImpossible", name, "no clean backup left: every backup holds the corruption");
      return;
    }
    const durationUs = restoreDurationUs(backups, config.sizeGb);
    this.database.rewind(keep, sim.now + durationUs);
    this.restoring = true;
    this.restores++;
    const detail = `to ${formatClock(pointUs, this.ctx.config.startOfDayUs)}, taking ${(durationUs / 60e6).toFixed(1)} min`;
    controlPlane.change(sim.now, { kind: "db.restoreStarted", subject: name, detail }, (draft) => {
      draft.databases[name].failingOver = true;
    });
    sim.schedule(durationUs, this.restoredCode, 0, 0, Priority.control);
  }

  /** Every acknowledged write after the restore point is lost; the RPO reaches back to the oldest. */
  private recordLoss(keep: number): void {
    const log = this.database.commitLog;
    const { count: lost, first } = this.database.acknowledgedBetween(keep, log.length);
    recordDataLoss(this.ctx, this.database, {
      cause: "restore",
      failureUs: this.corruptedAtUs,
      promotedUs: this.ctx.sim.now,
      promotedNode: this.database.primaryNodeId(),
      lostWrites: lost,
      rpoUs: lost > 0 ? Math.max(0, this.corruptedAtUs - log.get(first)) : 0,
    });
  }

  private finishRestore(): void {
    const { sim, controlPlane } = this.ctx;
    const name = this.database.name;
    this.restoring = false;
    controlPlane.change(sim.now, { kind: "db.restored", subject: name }, (draft) => {
      draft.databases[name].failingOver = false;
    });
  }
}
