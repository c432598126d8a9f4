// Parts of the scenario schema shared by several others: health checks and service times.

import { z } from "zod";
import { COUNTS, duration, positive, requestTime, SIGMA_MAX } from "../../input/index.js";
import { about } from "./about.js";

export const healthCheck = z
  .strictObject({
    interval: duration("Time between two checks", { positive: true, example: "10s" }).default("10s"),
    unhealthyThreshold: positive("Consecutive failed checks before a target is taken out", COUNTS.threshold, 3).default(
      3,
    ),
    healthyThreshold: positive("Consecutive passed checks before a target is put back", COUNTS.threshold, 2).default(2),
  })
  .describe(
    about("Health checking: a target is believed down after unhealthyThreshold failed checks in a row", {
      interval: "5s",
      unhealthyThreshold: 3,
    }),
  );

export const serviceTime = z
  .strictObject({
    distribution: z
      .enum(["constant", "exponential", "lognormal"])
      .default("exponential")
      .describe("The shape of the times: constant, exponential (the default) or lognormal"),
    mean: requestTime("Mean time", "5ms"),
    sigma: z
      .number()
      .positive()
      .max(SIGMA_MAX)
      .default(0.5)
      .meta({
        description: `Lognormal shape: the standard deviation of the log (more than 0, at most ${SIGMA_MAX}), e.g. 0.5`,
        examples: [0.5],
      }),
  })
  .describe(
    about("Time an instance spends on one request, excluding dependency calls", {
      distribution: "lognormal",
      mean: "8ms",
      sigma: 0.6,
    }),
  );
