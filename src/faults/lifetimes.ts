// Lifetimes: how long something stays up before it fails, or down before it is repaired. A mean
// and a shape: exponential (memoryless, the default), Weibull (shape < 1: infant mortality, > 1:
// wear-out), lognormal (repairs: most quick, a few very long) or constant. Long-run availability
// depends only on the means (ARCHITECTURE.md, "Truths": insensitivity), so the shape changes how
// failures bunch up within a year, not the average.

import jstat from "jstat";
import { z } from "zod";
import type { RandomStream } from "../engine/index.js";
import { type CompileContext, DURATION_MAX_US, type IssuePath, SIGMA_MAX } from "../input/index.js";

/** Weibull shapes allowed: below 0.2 the mean is Γ(6) = 120 × the scale and one draw can be 10^5 × the mean. */
export const WEIBULL_SHAPE_MIN = 0.2;
export const WEIBULL_SHAPE_MAX = 20;

export const lifetimeShapeSchema = z
  .strictObject({
    distribution: z
      .enum(["exponential", "weibull", "lognormal", "constant"])
      .default("exponential")
      .describe("The shape of the times around their mean: exponential (the default), weibull, lognormal or constant"),
    shape: z
      .number()
      .min(WEIBULL_SHAPE_MIN)
      .max(WEIBULL_SHAPE_MAX)
      .optional()
      .meta({
        description: `Weibull shape k (${WEIBULL_SHAPE_MIN} to ${WEIBULL_SHAPE_MAX}): below 1 failures come early, above 1 they come with wear, 1 is exponential; e.g. 1.5`,
        examples: [1.5],
      }),
    sigma: z
      .number()
      .positive()
      .max(SIGMA_MAX)
      .optional()
      .meta({
        description: `Lognormal shape: the standard deviation of the log (more than 0, at most ${SIGMA_MAX}), e.g. 1`,
        examples: [1],
      }),
  })
  .describe("How the times spread around their mean, e.g. { distribution: weibull, shape: 1.5 }");

export type LifetimeShapeInput = z.output<typeof lifetimeShapeSchema>;

export type Lifetime =
  | { distribution: "exponential" | "constant"; meanUs: number }
  | { distribution: "weibull"; meanUs: number; shape: number; scaleUs: number }
  | { distribution: "lognormal"; meanUs: number; sigma: number; mu: number };

/** A mean and a shape → a lifetime ready to draw from; a missing shape parameter is a problem at `path`. */
export function compileLifetime(
  meanUs: number,
  shape: LifetimeShapeInput | undefined,
  ctx: CompileContext,
  path: IssuePath,
): Lifetime {
  const distribution = shape?.distribution ?? "exponential";
  if (distribution === "weibull") {
    if (shape?.shape === undefined) {
      ctx.problem(path, "a weibull lifetime needs its shape, e.g. { distribution: weibull, shape: 1.5 }");
      return { distribution: "exponential", meanUs };
    }
    // The mean of a Weibull(k, λ) is λ Γ(1 + 1/k): the scale that gives the mean asked for.
    const scaleUs = meanUs / jstat.jStat.gammafn(1 + 1 / shape.shape);
    return { distribution, meanUs, shape: shape.shape, scaleUs };
  }
  if (distribution === "lognormal") {
    const sigma = shape?.sigma ?? 1;
    // The mean of a lognormal is exp(μ + σ²/2).
    return { distribution, meanUs, sigma, mu: Math.log(meanUs) - (sigma * sigma) / 2 };
  }
  if (shape?.shape !== undefined || shape?.sigma !== undefined) {
    ctx.problem(
      path,
      `${distribution} takes no shape or sigma: remove it, or use weibull (shape) or lognormal (sigma)`,
    );
  }
  return { distribution, meanUs };
}

/**
 * One time drawn from `lifetime`, in whole microseconds, at least 1 and at most ten years (a time
 * beyond any run: a run lasts at most a year, so a longer draw only means "not in this run", and
 * the cap keeps every time the run adds it to an exact integer).
 */
export function drawLifetime(random: RandomStream, lifetime: Lifetime): number {
  let us: number;
  switch (lifetime.distribution) {
    case "constant":
      us = lifetime.meanUs;
      break;
    case "exponential":
      us = random.exponential(lifetime.meanUs);
      break;
    case "weibull":
      us = lifetime.scaleUs * (-Math.log(random.nextOpen())) ** (1 / lifetime.shape);
      break;
    case "lognormal":
      us = Math.exp(lifetime.mu + lifetime.sigma * random.normal());
      break;
  }
  return Math.min(DURATION_MAX_US, Math.max(1, Math.round(us)));
}

/** `exponential`, `weibull k=1.5`, `lognormal σ=1`, `constant`: for labels. */
export function describeShape(lifetime: Lifetime): string {
  if (lifetime.distribution === "weibull") return `weibull k=${lifetime.shape}`;
  if (lifetime.distribution === "lognormal") return `lognormal σ=${lifetime.sigma}`;
  return lifetime.distribution;
}
