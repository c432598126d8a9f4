// The comparison's JSON report: the ComparisonResult as it is; numbers that could not be
// estimated are null (as in the sweep's JSON).

import type { ComparisonResult } from "../../sweep/index.js";

export function formatCompareJson(result: ComparisonResult): string {
  return `${JSON.stringify(result, (_key, value) => (typeof value === "number" && !Number.isFinite(value) ? null : value), 2)}\n`;
}
