// The `cost:` section → the assumptions a cost figure rests on (ARCHITECTURE.md, "Cost"): the
// shipped table's prices with the scenario's own laid over them, and sizes in bytes.

import type { CompileContext, NameRegistry } from "../../input/index.js";
import type { CostAssumptions, PriceName, Prices } from "../../metrics/index.js";
import { PRICE_TABLES, type PriceTableName } from "../price-tables.js";
import { BYTE_SIZE_MAX, parseByteSize } from "../schema/cost.js";
import type { ScenarioFile } from "../schema.js";

export function compileCost(
  ctx: CompileContext,
  section: NonNullable<ScenarioFile["cost"]>,
  services: NameRegistry,
  serviceOrder: readonly string[],
): CostAssumptions {
  const shipped = PRICE_TABLES[section.table as PriceTableName];
  const own = section.prices as Partial<Prices>;
  const names = Object.keys(shipped.prices) as PriceName[];
  const prices = Object.fromEntries(
    names.map((name) => [name, own[name] ?? shipped.prices[name]]),
  ) as unknown as Prices;
  const bytes = (key: "recordSize" | "requestSize" | "responseSize") => {
    const value = parseByteSize(section[key]);
    if (value > BYTE_SIZE_MAX) ctx.problem(["cost", key], `${section[key].trim()} is too large: at most 1GB`);
    return value;
  };
  for (const name of Object.keys(section.instanceHourByService))
    services.check(name, ["cost", "instanceHourByService", name]);
  // In the design's order, whatever order the file lists them in.
  const instanceHourByService = serviceOrder.flatMap((service) => {
    const own = section.instanceHourByService[service];
    return own === undefined ? [] : [{ service, instanceHour: own }];
  });
  return {
    table: { ...shipped.table },
    prices,
    overridden: names.filter((name) => own[name] !== undefined),
    instanceHourByService,
    recordBytes: bytes("recordSize"),
    requestBytes: bytes("requestSize"),
    responseBytes: bytes("responseSize"),
  };
}
