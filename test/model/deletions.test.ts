// Accidental deletes and the defences against them: soft deletes (un-delete in place, nothing
// lost, as long as it is within the retention) against restoring the rows from a backup.

import { describe, expect, it } from "vitest";
import { runYaml } from "../support/scenarios.js";

const MINUTE_US = 60e6;

/** 100 req/s, 30% writes, for 3 h; 10% of the rows deleted at 02:00 (a snapshot at 00:00). */
function deleteYaml(database: string, detectedAfter = "10m"): string {
  return `
name: deletes
duration: 3h
design:
  regions: [{ name: r, zones: [a] }]
  services:
    - name: api
      concurrency: 32
      serviceTime: { distribution: exponential, mean: 5ms }
      database: { name: db, timeout: 1s }
  databases:
    - name: db
      primary: r/a
      size: 100GB
      ${database}
workload:
  clients: [{ region: r, service: api, rate: 100/s, writeRatio: 30% }]
faults:
  - { kind: accidental-delete, database: db, fraction: 10%, at: "02:00", detectedAfter: ${detectedAfter} }
`;
}

const kinds = (result: ReturnType<typeof runYaml>) => result.events.map((e) => e.kind);
const timeOf = (result: ReturnType<typeof runYaml>, kind: string) => result.events.find((e) => e.kind === kind)?.timeUs;

/** Reads fail only while the rows are missing: about 10% of the 70 reads/s over that span. */
function expectMissingReads(result: ReturnType<typeof runYaml>, missingS: number): void {
  const expected = 70 * missingS * 0.1;
  const failed = result.failuresByReason["data-missing"] ?? 0;
  // Binomial counts: 5 standard deviations (√(n·p·(1−p)) < √expected).
  expect(Math.abs(failed - expected)).toBeLessThan(5 * Math.sqrt(expected));
  expect(result.requests.failed).toBe(failed);
}

describe("soft deletes", () => {
  it("un-delete the rows in place within the retention: nothing lost, failures until then", () => {
    const result = runYaml(
      deleteYaml("softDelete: { retention: 7d, undelete: 5m }\n      backups: { snapshotEvery: 24h }"),
    );
    expect(result.rpo.lostWrites).toBe(0);
    expect(timeOf(result, "db.undeleting")).toBe(130 * MINUTE_US);
    expect(timeOf(result, "db.rowsRecovered")).toBe(135 * MINUTE_US);
    expect(kinds(result)).not.toContain("db.rowsRestoring");
    expectMissingReads(result, 15 * 60);
  });

  it("no longer help once the rows are purged: the restore from backup takes over", () => {
    const result = runYaml(
      deleteYaml(
        "softDelete: { retention: 5m, undelete: 5m }\n      backups: { snapshotEvery: 24h, restoreRate: 10GB/min }",
      ),
    );
    const restoring = result.events.find((e) => e.kind === "db.rowsRestoring");
    expect(restoring?.detail).toContain("already purged (retention 0 days)");
    expect(result.rpo.lostWrites).toBeGreaterThan(0);
  });
});

describe("restoring deleted rows from backups", () => {
  it("loses the deleted share of the writes since the newest backup before the delete", () => {
    const result = runYaml(deleteYaml("backups: { snapshotEvery: 24h, restoreRate: 10GB/min }"));
    // Writes since the 00:00 snapshot: 30/s for 2 h; a tenth of them were deleted.
    const expected = 0.1 * 30 * 7200;
    expect(Math.abs(result.rpo.lostWrites - expected)).toBeLessThan(5 * Math.sqrt(expected));
    expect(result.rpo.maxS).toBeGreaterThan(7190); // back to the snapshot at 00:00
    // Noticed at 02:10; the database keeps serving while a 10-minute restore (100 GB at 10 GB/min) runs.
    expect(timeOf(result, "db.rowsRecovered")).toBe(140 * MINUTE_US);
    expectMissingReads(result, 20 * 60);
  });

  it("with point-in-time recovery loses at most one archive interval of the deleted rows", () => {
    const result = runYaml(
      deleteYaml("backups: { snapshotEvery: 24h, logArchiveEvery: 5m, restoreRate: 10GB/min }", "10m"),
    );
    expect(result.rpo.maxS).toBeLessThanOrEqual(300);
    expect(result.rpo.lostWrites).toBeLessThan(0.1 * 30 * 300 * 1.5);
  });

  it("without any backup loses every deleted row, and reads of them keep failing", () => {
    const result = runYaml(deleteYaml(""));
    expect(kinds(result)).toContain("db.restoreImpossible");
    expect(kinds(result)).not.toContain("db.rowsRecovered");
    expect(result.incidents.at(-1)?.recoveredS).toBeNull();
    const expected = 0.1 * 30 * 7200;
    expect(Math.abs(result.rpo.lostWrites - expected)).toBeLessThan(5 * Math.sqrt(expected));
  });
});

describe("a run without deletes", () => {
  it("never fails a read as missing", () => {
    const result = runYaml(deleteYaml("softDelete: { retention: 7d }").replace(/faults:[\s\S]*$/, "faults: []\n"));
    expect(result.failuresByReason["data-missing"]).toBeUndefined();
    expect(result.requests.failed).toBe(0);
  });
});
