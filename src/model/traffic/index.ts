// The request path: clients and the edge (workload), global routing (DNS), the regional load
// balancers with their health checks, and the service instances (slots, queues, service time).
export { GlobalRouting } from "./global-routing.js";
export { LoadBalancers } from "./load-balancer.js";
export { instanceSlotsPerZone, ServiceTier } from "./service-tier.js";
export { rateOf, Workload, type WorkloadConfig } from "./workload.js";
