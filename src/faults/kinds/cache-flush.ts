// A cache is emptied at once (a deploy, an eviction storm) and warms up again; it is over when
// the cache is warm again: after its warm-up, or one TTL for a keyed cache.

import { name } from "../../input/index.js";
import { defineFaultKind } from "../kind.js";
import { checkCachedService } from "./cache.js";

export const cacheFlush = defineFaultKind({
  kind: "cache-flush",
  family: "infrastructure",
  summary: "The cache is emptied at once and warms up again over its warmup time",
  timing: "instant",
  fields: { service: name("Service") },
  compile: (fault, site) => {
    checkCachedService(fault.service, site);
    return { service: fault.service };
  },
  describe: (fault) => `cache-flush ${fault.service}`,
  process: (fault) => ({
    start() {
      fault.world.flushCache(fault.config.service);
      fault.endAfter(fault.world.cacheWarmupUs(fault.config.service));
    },
  }),
});
