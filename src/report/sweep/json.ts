// The sweep's JSON report: the SweepResult as it is (its fields in a fixed order), so a merged
// sweep and an unsharded one are byte-identical. Numbers that could not be estimated are null.

import type { SweepResult } from "../../sweep/index.js";

export function formatSweepJson(result: SweepResult): string {
  return `${JSON.stringify(result, (_key, value) => (typeof value === "number" && !Number.isFinite(value) ? null : value), 2)}\n`;
}
