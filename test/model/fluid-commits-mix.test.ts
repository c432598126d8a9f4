// The fluid log's writer mixes (data/fluid-commits.ts): each segment of flows keeps the share of
// its writes each writer class made, in one pool rather than an array per segment. A loss reads
// them back per class; a cut (a failover, a restore) frees the mixes of what it removed, and flows
// committed after it keep their own.

import { describe, expect, it } from "vitest";
import { FluidCommits } from "../../src/model/data/fluid-commits.js";

const mix = (...shares: number[]) => Float64Array.from(shares);

describe("the fluid log's writer mixes", () => {
  it("gives each class its share of the writes in a range, across segments with different mixes", () => {
    const commits = new FluidCommits();
    commits.append(0, 10, 100, mix(0.5, 0.5)); // positions [0, 100)
    commits.append(10, 20, 200, mix(0.5, 0.5)); // a new rate, the same mix: [100, 300)
    commits.append(20, 30, 100, mix(1, 0)); // [300, 400)
    expect(Array.from(commits.classesBetween(0, 400, 2))).toEqual([250, 150]);
    expect(Array.from(commits.classesBetween(250, 350, 2))).toEqual([75, 25]);
  });

  it("frees what a cut removed: flows after it keep their own mix, not the cut one's", () => {
    const commits = new FluidCommits();
    commits.append(0, 10, 100, mix(1, 0));
    commits.append(10, 20, 100, mix(0, 1));
    commits.truncate(150); // half of the second segment stays
    commits.append(30, 40, 100, mix(0.25, 0.75));
    expect(commits.length).toBe(250);
    expect(Array.from(commits.classesBetween(0, 250, 2))).toEqual([100 + 25, 50 + 75]);
    commits.truncate(50);
    commits.append(50, 60, 100, mix(0.5, 0.5));
    expect(Array.from(commits.classesBetween(0, 150, 2))).toEqual([50 + 50, 50]);
  });

  it("keeps no mix without writer classes, and counts nothing per class", () => {
    const commits = new FluidCommits();
    commits.append(0, 10, 100);
    expect(Array.from(commits.classesBetween(0, 100, 0))).toEqual([]);
  });
});
