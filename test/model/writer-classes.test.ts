// Writer classes (core/writer-classes.ts): operation × client region. A loss split by class sums
// to the loss per operation and per region; the per-request log keeps a tag per write only when
// there is more than one class, and a wider one past 256 classes.

import { describe, expect, it } from "vitest";
import { classCount, classOf, splitByWriter, writerClasses } from "../../src/model/core/index.js";
import { ReplicationLog } from "../../src/model/data/replication-log.js";

describe("writer classes", () => {
  // Four clients: two in design region 2, one in region 0, one in region 2 again; three regions.
  const writers = writerClasses(2, 3, [2, 0, 2, 2]);

  it("number the regions clients send from, and the operations within each", () => {
    expect(writers.writerRegions).toEqual([0, 2]);
    expect(classCount(writers)).toBe(4);
    expect(classOf(writers, 1, 0)).toBe(0);
    expect(classOf(writers, 1, 1)).toBe(1);
    expect(classOf(writers, 0, 1)).toBe(3);
  });

  it("split a loss per class into sums per operation and per design region", () => {
    const split = splitByWriter(writers, [5, 1, 3, 4]);
    expect(split.byOperation).toEqual([8, 5]);
    expect(split.byRegion).toEqual([6, 0, 7]);
  });

  it("have one class without operations and with every client in one region", () => {
    const one = writerClasses(0, 2, [1, 1]);
    expect(classCount(one)).toBe(1);
    expect(splitByWriter(one, [9])).toEqual({ byRegion: [0, 9] });
  });
});

describe("the per-request log's tags", () => {
  const append = (log: ReplicationLog, writerClass: number) => log.append(0, true, 0, [0], writerClass);

  it("are not kept with one class", () => {
    const log = new ReplicationLog(2);
    append(log, 0);
    expect(log.acknowledgedByWriter(0, 1)).toHaveLength(0);
  });

  it("count each class's acknowledged writes, past 256 classes too", () => {
    const log = new ReplicationLog(2, 300);
    for (const writerClass of [299, 3, 299, 255, 256]) append(log, writerClass);
    const counts = log.acknowledgedByWriter(1, 5);
    expect([counts[3], counts[255], counts[256], counts[299]]).toEqual([1, 1, 1, 1]);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(4);
  });

  it("grow with the log", () => {
    const log = new ReplicationLog(2, 3);
    for (let i = 0; i < 5000; i++) append(log, i % 3);
    expect(Array.from(log.acknowledgedByWriter(0, 5000))).toEqual([1667, 1667, 1666]);
  });
});
