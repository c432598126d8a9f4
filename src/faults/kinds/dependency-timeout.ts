// A dependency stops answering: every attempt waits out its caller's timeout.

import { name } from "../../input/index.js";
import { defineFaultKind } from "../kind.js";

export const dependencyTimeout = defineFaultKind({
  kind: "dependency-timeout",
  family: "dependency",
  summary: "The dependency stops answering: every call waits out its timeout",
  timing: "lasting",
  fields: { dependency: name("Dependency") },
  compile: (fault, { path, refs }) => {
    refs.externals.check(fault.dependency, [...path, "dependency"]);
    return { dependency: fault.dependency };
  },
  describe: (fault) => `dependency-timeout ${fault.dependency}`,
  effects: (fault) => [{ lever: "dependency.hanging", dependency: fault.dependency }],
});
