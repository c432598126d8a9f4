// Accidental deletes: a bug or a person deletes a share of a database's rows. The database
// stays up, but every read that touches a deleted row fails (not found) until the rows are back.
// How they come back is the defence being tested:
// - soft deletes: the rows were only marked deleted; un-deleting them takes `undeleteUs` and
//   loses nothing, as long as it is detected within the retention (before they are purged);
// - otherwise: the rows are restored from the newest backup taken before the delete into a side
//   instance and copied back (size / restoreRate, the database serving meanwhile); the deleted
//   rows written after that backup are lost for good. Without any backup, all of them are.

import { formatClock } from "../../engine/index.js";
import { emit, type ModelContext, Priority, purgedNote } from "../core/index.js";
import { cleanRestorePointUs, restoreDurationUs } from "./backups.js";
import { type LoggedDatabase, recordDataLoss, wholeWrites } from "./data-loss.js";

interface Deletion {
  fraction: number;
  deletedAtUs: number;
  active: boolean;
  /** Called once the rows are back, or known to be gone for good. */
  onOver: () => void;
}

export class AccidentalDeletes {
  /** Share of rows missing now: a read touching one fails. 0 on every path but this fault's. */
  missingFraction = 0;
  private readonly deletions: Deletion[] = [];
  private readonly detectCode: number;
  private readonly recoveredCode: number;

  constructor(
    private readonly ctx: ModelContext,
    private readonly database: LoggedDatabase,
  ) {
    const name = database.name;
    this.detectCode = ctx.sim.register(`db.deletionDetected/${name}`, (deletion) => this.detect(deletion));
    this.recoveredCode = ctx.sim.register(`db.rowsBack/${name}`, (deletion) => this.recovered(deletion));
  }

  /** Deletes `fraction` of the rows now; someone notices after `detectedAfterUs`. */
  delete(fraction: number, detectedAfterUs: number, onOver: () => void): void {
    const { sim, trace } = this.ctx;
    const index = this.deletions.length;
    this.deletions.push({ fraction, deletedAtUs: sim.now, active: true, onOver });
    this.updateMissing();
    emit(trace, sim.now, { kind: "db.rowsDeleted", subject: this.database.name, data: { fraction } });
    sim.schedule(detectedAfterUs, this.detectCode, index, 0, Priority.control);
  }

  private detect(index: number): void {
    const { sim, trace } = this.ctx;
    const deletion = this.deletions[index];
    const { config, name } = this.database;
    const softDelete = config.softDelete;
    const sinceUs = sim.now - deletion.deletedAtUs;
    if (softDelete && sinceUs <= softDelete.retentionUs) {
      emit(trace, sim.now, { kind: "db.undeleting", subject: name, data: { durationS: softDelete.undeleteUs / 1e6 } });
      sim.schedule(softDelete.undeleteUs, this.recoveredCode, index, 0, Priority.control);
      return;
    }
    const purgedAfterDays = softDelete ? softDelete.retentionUs / 86.4e9 : undefined;
    const backups = config.backups;
    const pointUs = backups ? cleanRestorePointUs(backups, deletion.deletedAtUs, false) : undefined;
    this.recordLoss(deletion, pointUs);
    if (backups === undefined || pointUs === undefined) {
      const reason = `${purgedNote(purgedAfterDays)}no backup holds the deleted rows: they are gone`;
      emit(trace, sim.now, { kind: "db.restoreImpossible", subject: name, data: { reason } });
      deletion.onOver();
      return;
    }
    const durationUs = restoreDurationUs(backups, config.sizeGb);
    const data = {
      fromClock: formatClock(pointUs, this.ctx.run.startOfDayUs),
      durationS: durationUs / 1e6,
      ...(purgedAfterDays === undefined ? {} : { purgedAfterDays }),
    };
    emit(trace, sim.now, { kind: "db.rowsRestoring", subject: name, data });
    sim.schedule(durationUs, this.recoveredCode, index, 0, Priority.control);
  }

  /** The deleted rows written after the restore point are in no backup: lost acknowledged writes. */
  private recordLoss(deletion: Deletion, pointUs: number | undefined): void {
    const log = this.database.commitLog;
    const written = log.countAtOrBelow(deletion.deletedAtUs);
    const recoverable = pointUs === undefined ? 0 : log.countAtOrBelow(pointUs);
    const unrecoverable = this.database.acknowledgedBetween(recoverable, written);
    const lostWrites = wholeWrites(deletion.fraction * unrecoverable.count);
    recordDataLoss(
      this.ctx,
      this.database,
      {
        cause: "deletion",
        failureUs: deletion.deletedAtUs,
        promotedUs: this.ctx.sim.now,
        promotedNode: this.database.primaryNodeId(),
        lostWrites,
        rpoUs: lostWrites >= 1 ? Math.max(0, deletion.deletedAtUs - log.get(unrecoverable.first)) : 0,
      },
      this.database.acknowledgedByWriter(recoverable, written),
    );
  }

  private recovered(index: number): void {
    const deletion = this.deletions[index];
    deletion.active = false;
    this.updateMissing();
    emit(this.ctx.trace, this.ctx.sim.now, { kind: "db.rowsRecovered", subject: this.database.name });
    deletion.onOver();
  }

  /** Independent deletes overlap: a row is missing unless every one of them spared it. */
  private updateMissing(): void {
    // In ascending order of share, so that deletes listed in another order give the same number.
    const shares = this.deletions.filter((d) => d.active).map((d) => d.fraction);
    shares.sort((a, b) => a - b);
    this.missingFraction = 1 - shares.reduce((kept, share) => kept * (1 - share), 1);
  }
}
