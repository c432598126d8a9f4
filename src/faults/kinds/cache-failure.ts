// A cache is down: every read goes to the database; it comes back empty.

import { name } from "../../input/index.js";
import { defineFaultKind } from "../kind.js";
import { checkCachedService } from "./cache.js";

export const cacheFailure = defineFaultKind({
  kind: "cache-failure",
  family: "infrastructure",
  summary: "The cache is down: every read goes to the database; it comes back empty",
  timing: "lasting",
  fields: { service: name("Service") },
  compile: (fault, site) => {
    checkCachedService(fault.service, site);
    return { service: fault.service };
  },
  describe: (fault) => `cache-failure ${fault.service}`,
  effects: (fault) => [{ lever: "cache.down", service: fault.service }],
});
