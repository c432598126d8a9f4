// The pair matrix (ARCHITECTURE.md, "Explore"): for every pair of failure domains, the error
// budget their failing together consumed; the diagonal is each domain alone. Null where a pair
// was not run (one domain holds the other, or past the pair limit).

import type { ExploreResult } from "../../explore/index.js";

export interface PairMatrix {
  domains: string[];
  /** used[i][j]: the budget consumed with domains i and j down (i = j: domain i alone). */
  used: (number | null)[][];
  broken: (boolean | null)[][];
}

export function pairMatrix(result: ExploreResult): PairMatrix {
  const domains = result.domains.map((d) => d.id);
  const index = new Map(domains.map((id, i) => [id, i]));
  const used = domains.map(() => domains.map((): number | null => null));
  const broken = domains.map(() => domains.map((): boolean | null => null));
  result.spof.singles.forEach((single, i) => {
    used[i][i] = single.trial.budgetUsed;
    broken[i][i] = single.trial.broken;
  });
  for (const pair of result.spof.pairs) {
    if (pair.trial === null) continue;
    const i = index.get(pair.a) ?? 0;
    const j = index.get(pair.b) ?? 0;
    used[i][j] = used[j][i] = pair.trial.budgetUsed;
    broken[i][j] = broken[j][i] = pair.trial.broken;
  }
  return { domains, used, broken };
}
