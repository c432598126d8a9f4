// The `cost:` section (ARCHITECTURE.md, "Cost"): which shipped price table to start from, the
// prices the scenario sets itself, and the sizes that turn simulated writes and requests into bytes.
// Optional: without it a run reports no cost. It changes nothing simulated.

import { z } from "zod";
import { LIST_MAX } from "../../input/index.js";
import type { PriceName } from "../../metrics/index.js";
import { DEFAULT_PRICE_TABLE, PRICE_TABLE_NAMES } from "../price-tables.js";
import { about } from "./about.js";

/** A price is at most a billion per unit: a bound, so that a month of it stays a finite number. */
export const PRICE_MAX = 1e9;
export const BYTE_SIZE = /^\s*\d+(\.\d+)?\s*(B|KB|MB|GB)\s*$/;
const BYTE_SIZE_HINT = 'write a size such as "1KB", "512B" or "2MB" (1KB = 1000 bytes)';
/** A record, a request or a response is at most a GB. */
export const BYTE_SIZE_MAX = 1e9;

const PRICES: Record<PriceName, [string, number]> = {
  instanceHour: ["One service instance for an hour", 0.096],
  databaseNodeHour: ["One database node (primary or replica) for an hour", 0.26],
  storageGbMonth: ["One GB of database storage for a month, per copy", 0.115],
  backupGbMonth: ["One GB of backups for a month", 0.095],
  loadBalancerHour: ["One regional load balancer (per service and region) for an hour", 0.0225],
  crossZoneGb: ["One GB between zones of a region", 0.02],
  crossRegionGb: ["One GB between regions", 0.02],
  internetOutGb: ["One GB out to the internet", 0.09],
  internetInGb: ["One GB in from the internet", 0],
  downtimeMinute: ["What a minute of downtime costs the business (0: left out)", 1000],
  lostWrite: ["What one lost acknowledged write costs the business (0: left out)", 5],
};

const price = (what: string, example: number) =>
  z
    .number()
    .min(0)
    .max(PRICE_MAX)
    .meta({ description: `${what}, in the table's currency (0 to 1e9), e.g. ${example}`, examples: [example] });

const byteSize = (what: string, fallback: string) =>
  z
    .string()
    .regex(BYTE_SIZE, BYTE_SIZE_HINT)
    .default(fallback)
    .meta({ description: `${what}, e.g. "${fallback}"`, examples: [fallback], patternErrorMessage: BYTE_SIZE_HINT });

export const cost = z
  .strictObject({
    table: z
      .enum(PRICE_TABLE_NAMES as [string, ...string[]])
      .default(DEFAULT_PRICE_TABLE)
      .meta({
        description: `The shipped price table the prices start from (its date and source are printed), e.g. ${DEFAULT_PRICE_TABLE}`,
        examples: [DEFAULT_PRICE_TABLE],
      }),
    prices: z
      .strictObject(
        Object.fromEntries(
          Object.entries(PRICES).map(([key, [what, example]]) => [key, price(what, example).optional()]),
        ) as Record<PriceName, z.ZodOptional<ReturnType<typeof price>>>,
      )
      .default({})
      .describe(about("Prices that replace the table's", { instanceHour: 0.17, downtimeMinute: 1000 })),
    instanceHourByService: z
      .record(
        z.string(),
        price(
          "One instance of this service for an hour, instead of prices.instanceHour (a larger instance type)",
          0.192,
        ),
      )
      // At most one price per service a design may have: a bound before any name is looked up.
      .refine((prices) => Object.keys(prices).length <= LIST_MAX.services, {
        message: `list at most ${LIST_MAX.services} services (a design has at most that many)`,
      })
      .default({})
      .describe(about("Instance prices per service, by service name", { search: 0.192 })),
    recordSize: byteSize("Bytes one write sends to each replica", "1KB"),
    requestSize: byteSize("Bytes of one user request, in from the internet", "2KB"),
    responseSize: byteSize("Bytes of one response, out to the internet", "20KB"),
  })
  .describe(
    about("What the design costs per month: a price table, your own prices and the sizes of what moves", {
      table: DEFAULT_PRICE_TABLE,
      prices: { instanceHour: 0.17 },
      recordSize: "1KB",
    }),
  );

/** Bytes in a size written as "1KB" (decimal: 1KB = 1000 bytes, as transfer is billed). */
export function parseByteSize(text: string): number {
  const m = /(\d+(?:\.\d+)?)\s*(B|KB|MB|GB)/.exec(text) as RegExpExecArray;
  return Number(m[1]) * { B: 1, KB: 1e3, MB: 1e6, GB: 1e9 }[m[2] as "B" | "KB" | "MB" | "GB"];
}
