// Backup truths: with snapshots every S and a corruption at a uniformly random time, the RPO
// (distance back to the newest clean restore point) averages S/2; point-in-time recovery with
// a log archive every A bounds it by A; corruption that reaches mutable backups leaves nothing
// to restore, immutable backups survive it.

import { describe, expect, it } from "vitest";
import { cleanRestorePointUs } from "../../src/model/data/backups.js";
import { mean, runYaml } from "../support/scenarios.js";

function corruptionYaml(options: {
  atS: number;
  snapshotEvery: string;
  archive?: string;
  immutable?: boolean;
  reaches?: boolean;
}): string {
  const archive = options.archive ? `, logArchiveEvery: ${options.archive}` : "";
  return `
name: corruption
duration: 2h
design:
  network: { jitter: 0% }
  regions: [{ name: r, zones: [a] }]
  services:
    - name: s
      concurrency: 64
      serviceTime: { distribution: constant, mean: 1ms }
      database: { name: db }
  databases:
    - name: db
      primary: r/a
      size: 10GB
      backups: { snapshotEvery: ${options.snapshotEvery}${archive}, immutable: ${options.immutable ?? false}, restoreRate: 10GB/min }
workload:
  clients: [{ region: r, service: s, rate: 10/s, writeRatio: 100% }]
faults:
  - { kind: data-corruption, database: db, at: ${options.atS}s, detectedAfter: 5m, reachesBackups: ${options.reaches ?? false} }
`;
}

describe("restore points", () => {
  const backups = { snapshotEveryUs: 600e6, immutable: false, restoreGbPerS: 1 };

  it("is the newest snapshot strictly before the corruption", () => {
    expect(cleanRestorePointUs(backups, 1_500e6, false)).toBe(1_200e6);
    expect(cleanRestorePointUs(backups, 1_200e6, false)).toBe(600e6); // taken at that instant: already corrupt
    expect(cleanRestorePointUs(backups, 0, false)).toBeUndefined();
  });

  it("moves forward to the last archived log segment with point-in-time recovery", () => {
    expect(cleanRestorePointUs({ ...backups, logArchiveEveryUs: 60e6 }, 1_500e6, false)).toBe(1_440e6);
  });

  it("is gone when the corruption reaches mutable backups, and survives in immutable ones", () => {
    expect(cleanRestorePointUs(backups, 1_500e6, true)).toBeUndefined();
    expect(cleanRestorePointUs({ ...backups, immutable: true }, 1_500e6, true)).toBe(1_200e6);
  });
});

describe("RPO under corruption", () => {
  it("averages S/2 with snapshots only, for corruption times spread uniformly", () => {
    // 60 corruption times from a fixed LCG, uniform on [10 min, 100 min); S = 10 min. The mean
    // of U(0, S) has standard error S/√12/√60 ≈ 0.037 S; allow 4 of them.
    let state = 12345;
    const uniform = () => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state / 2 ** 32;
    };
    const rpos = Array.from({ length: 60 }, () => {
      const atS = Math.round(600 + uniform() * 5400);
      return runYaml(corruptionYaml({ atS, snapshotEvery: "10m" })).rpo.maxS;
    });
    expect(Math.abs(mean(rpos) - 300)).toBeLessThan(4 * (600 / Math.sqrt(12) / Math.sqrt(60)));
    for (const rpo of rpos) expect(rpo).toBeLessThanOrEqual(600);
  });

  it("stays below the archive interval with point-in-time recovery", () => {
    for (const atS of [1234, 2345, 3456]) {
      const result = runYaml(corruptionYaml({ atS, snapshotEvery: "1h", archive: "2m" }));
      expect(result.rpo.maxS).toBeLessThanOrEqual(120);
      expect(result.rpo.maxS).toBeCloseTo(atS % 120, 0);
    }
  });

  it("loses everything written after the restore point, and makes the restore downtime", () => {
    const result = runYaml(corruptionYaml({ atS: 1500, snapshotEvery: "10m" }));
    // Writes at 10/s from the 20 min snapshot to detection at 25 min + 5 min: 600 s × 10.
    expect(Math.abs(result.rpo.lostWrites - 600 * 10)).toBeLessThan(4 * Math.sqrt(600 * 10));
    expect(result.incidents).toHaveLength(1);
    expect(result.incidents[0].rtoS).toBe(60); // 10 GB at 10 GB/min
  });

  it("cannot restore when the corruption reached mutable backups", () => {
    const result = runYaml(corruptionYaml({ atS: 1500, snapshotEvery: "10m", reaches: true }));
    expect(result.events.some((e) => e.kind === "db.restoreImpossible")).toBe(true);
    const immutable = runYaml(corruptionYaml({ atS: 1500, snapshotEvery: "10m", reaches: true, immutable: true }));
    expect(immutable.events.some((e) => e.kind === "db.restored")).toBe(true);
  });
});
