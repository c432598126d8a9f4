// The price tables faultline ships, by name (ARCHITECTURE.md, "Cost"). Each states its date, its
// source and that it is an example: a scenario names one with `cost.table` and overrides any
// price it knows better. Figures are rounded public list prices, not a quote and not a bill.

import type { CostAssumptions, Prices } from "../metrics/index.js";

export interface PriceTable {
  table: CostAssumptions["table"];
  prices: Prices;
}

export const PRICE_TABLES = {
  "example-aws-2024": {
    table: {
      name: "example-aws-2024",
      date: "2024-06",
      source:
        "AWS public on-demand list prices, us-east-1, mid-2024: EC2 m6i.large, RDS db.r6g.large single-AZ, RDS gp2 storage, RDS backup storage, Application Load Balancer hours (no LCUs), data transfer between AZs (both directions), between US regions, and out to the internet (first 10 TB)",
      currency: "USD",
      note: "an example to start from, not a bill: check your provider's current prices and override them in cost.prices",
    },
    prices: {
      instanceHour: 0.096,
      databaseNodeHour: 0.26,
      storageGbMonth: 0.115,
      backupGbMonth: 0.095,
      loadBalancerHour: 0.0225,
      crossZoneGb: 0.02,
      crossRegionGb: 0.02,
      internetOutGb: 0.09,
      internetInGb: 0,
      downtimeMinute: 0,
      lostWrite: 0,
    },
  },
} as const satisfies Record<string, PriceTable>;

export type PriceTableName = keyof typeof PRICE_TABLES;
export const PRICE_TABLE_NAMES = Object.keys(PRICE_TABLES) as PriceTableName[];
export const DEFAULT_PRICE_TABLE: PriceTableName = "example-aws-2024";
