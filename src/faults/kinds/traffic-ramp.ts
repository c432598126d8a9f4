// A client's traffic climbs steadily to several times its rate, in equal steps, then drops back.

import { z } from "zod";
import { duration, FACTOR_MAX, name } from "../../input/index.js";
import { Priority } from "../../model/index.js";
import { defineFaultKind } from "../kind.js";

/** Steps a ramp climbs in (the rate changes every (for / (RAMP_STEPS + 1))). */
const RAMP_STEPS = 20;

export const trafficRamp = defineFaultKind({
  kind: "traffic-ramp",
  family: "traffic",
  summary: "Traffic climbs steadily from its normal rate to `to` times it, then drops back",
  timing: "lasting",
  recurs: false,
  fields: {
    client: name("Client"),
    to: z
      .number()
      .positive()
      .max(FACTOR_MAX)
      .meta({
        description: `Rate multiplier reached at the end of the ramp (more than 0, at most ${FACTOR_MAX}), e.g. 3`,
        examples: [3],
      }),
    for: duration("How long the climb takes; the rate drops back when it ends", {
      example: "30m",
      min: { us: 1_000_000, text: "1s", why: `the climb takes ${RAMP_STEPS} steps, each well before the end` },
    }),
  },
  compile: (fault, { path, refs }) => {
    refs.clients.check(fault.client, [...path, "client"]);
    return { client: fault.client, to: fault.to };
  },
  describe: (fault) => `traffic-ramp ${fault.client} to ×${fault.to}`,
  process: (fault) => {
    const { world, config } = fault;
    const { sim } = world.ctx;
    // A step's argument is its number; each moves the ramp's one effect to its next value.
    let over = false;
    const stepCode = sim.register("fault.rampStep", (_target, step) => {
      if (over) return; // a step left behind by a ramp that has already ended
      fault.apply({
        lever: "client.traffic",
        client: config.client,
        multiplier: 1 + ((config.to - 1) * step) / RAMP_STEPS,
      });
    });
    return {
      start() {
        const endUs = config.endUs ?? config.startUs;
        for (let step = 1; step <= RAMP_STEPS; step++) {
          const atUs = config.startUs + ((endUs - config.startUs) * step) / (RAMP_STEPS + 1);
          if (atUs < endUs) sim.at(atUs, stepCode, config.index, step, Priority.fault);
        }
      },
      stop() {
        over = true;
      },
    };
  },
});
