// A dependency answers a share of calls with an error (independent of its own error rate).

import { name, percent } from "../../input/index.js";
import { defineFaultKind } from "../kind.js";

export const dependencyErrors = defineFaultKind({
  kind: "dependency-errors",
  family: "dependency",
  summary: "The dependency answers a share of calls with an error, on top of its own error rate",
  timing: "lasting",
  fields: { dependency: name("Dependency"), errorRate: percent("Fraction of calls answered with an error", "50%") },
  compile: (fault, { ctx, path, refs }) => {
    refs.externals.check(fault.dependency, [...path, "dependency"]);
    return { dependency: fault.dependency, errorRate: ctx.fraction(fault.errorRate, [...path, "errorRate"]) };
  },
  describe: (fault) => `dependency-errors ${fault.dependency} ${Number((fault.errorRate * 100).toFixed(3))}%`,
  effects: (fault) => [{ lever: "dependency.errors", dependency: fault.dependency, errorRate: fault.errorRate }],
});
