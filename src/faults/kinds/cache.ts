// The name check shared by the cache faults: the service exists and has a cache.

import type { FaultSite } from "../kind.js";

export function checkCachedService(service: string, { ctx, path, refs }: FaultSite): void {
  if (!refs.services.check(service, [...path, "service"])) return;
  if (!refs.serviceConfigs.find((s) => s.name === service)?.cache)
    ctx.problem([...path, "service"], `service "${service}" has no cache; add cache: to it`);
}
