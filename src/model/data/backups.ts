// Where a restore can go back to after a logical corruption: the newest backup taken strictly
// before it (a snapshot), moved forward by replaying archived log segments when point-in-time
// recovery is on. Snapshots are taken every S from the start; log segments close every A.

import type { BackupConfig } from "../core/index.js";

/**
 * The newest clean restore point (µs), or undefined when no clean backup is left: the
 * corruption came before the first snapshot, or it also reached backups that are not immutable.
 */
export function cleanRestorePointUs(
  backups: BackupConfig,
  corruptedAtUs: number,
  reachesBackups: boolean,
): number | undefined {
  if (reachesBackups && !backups.immutable) return undefined;
  // A backup taken at the very instant of the corruption already contains it.
  const snapshotUs = (Math.ceil(corruptedAtUs / backups.snapshotEveryUs) - 1) * backups.snapshotEveryUs;
  if (snapshotUs < 0) return undefined;
  const archiveUs = backups.logArchiveEveryUs;
  if (archiveUs === undefined) return snapshotUs;
  // Replay the archived segments that closed before the corruption.
  return Math.max(snapshotUs, (Math.ceil(corruptedAtUs / archiveUs) - 1) * archiveUs);
}

/** How long restoring `sizeGb` takes at the configured rate (µs). */
export function restoreDurationUs(backups: BackupConfig, sizeGb: number): number {
  return Math.round((sizeGb / backups.restoreGbPerS) * 1e6);
}
