// The `between` field of the network faults: two regions or zones (or, for a partition, a
// dependency and who calls it), and the rule of the network chain they become.

import { z } from "zod";
import type { Effect } from "../../model/index.js";

const end = z
  .string()
  .meta({ description: "A region (us-east) or a zone (us-east/a), e.g. us-east", examples: ["us-east"] });

export const linkEnds = z
  .tuple([end, end])
  .describe(
    "The two ends of the affected traffic: each a region (us-east) or a zone (us-east/a), e.g. [us-east, eu-west]",
  );

export const oneWay = z
  .boolean()
  .default(false)
  .meta({ description: "Block only traffic from the first to the second (true or false)", examples: [true] });

type NetworkRuleEffect = Extract<Effect, { lever: "network.rule" }>;

/** A rule of the network chain between the fault's two ends. */
export function networkRule(
  fault: { between: [string, string]; oneWay: boolean },
  effect: NetworkRuleEffect["rule"]["effect"],
  label: string,
): NetworkRuleEffect {
  const [from, to] = fault.between;
  return { lever: "network.rule", rule: { from, to, bothWays: !fault.oneWay, effect }, label };
}
