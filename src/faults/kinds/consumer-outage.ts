// A queue's consumers are down: the backlog grows, users do not notice until it drains.

import { name } from "../../input/index.js";
import { defineFaultKind } from "../kind.js";

export const consumerOutage = defineFaultKind({
  kind: "consumer-outage",
  family: "infrastructure",
  summary: "The queue's consumers are down: the backlog grows",
  timing: "lasting",
  fields: { queue: name("Queue") },
  compile: (fault, { path, refs }) => {
    refs.queues.check(fault.queue, [...path, "queue"]);
    return { queue: fault.queue };
  },
  describe: (fault) => `consumer-outage ${fault.queue}`,
  effects: (fault) => [{ lever: "queue.consumersDown", queue: fault.queue }],
});
