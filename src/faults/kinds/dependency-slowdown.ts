// A dependency answers several times slower (overlapping slowdowns multiply).

import { factor, name } from "../../input/index.js";
import { defineFaultKind } from "../kind.js";

export const dependencySlowdown = defineFaultKind({
  kind: "dependency-slowdown",
  family: "dependency",
  summary: "The dependency answers `factor` times slower",
  timing: "lasting",
  fields: { dependency: name("Dependency"), factor: factor("Latency multiplier", 10) },
  compile: (fault, { path, refs }) => {
    refs.externals.check(fault.dependency, [...path, "dependency"]);
    return { dependency: fault.dependency, factor: fault.factor };
  },
  describe: (fault) => `dependency-slowdown ${fault.dependency} ×${fault.factor}`,
  effects: (fault) => [{ lever: "dependency.slowdown", dependency: fault.dependency, factor: fault.factor }],
});
