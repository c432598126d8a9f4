// Compiles the faults: when each starts and ends, then the kind's own compile step (its file in
// src/faults/kinds/) checks every name it refers to and converts its units.

import { type FaultConfig, type FaultReferences, faultKind } from "../../faults/index.js";
import { type CompileContext, parseDuration, parseTimeOfDay } from "../../input/index.js";
import type { ScenarioFile } from "../schema.js";

const US_PER_DAY = 86_400e6;

export function compileFaults(
  ctx: CompileContext,
  file: ScenarioFile,
  timing: { startOfDayUs: number; durationUs: number },
  refs: FaultReferences,
): FaultConfig[] {
  return file.faults.map((fault, index) => {
    const path = ["faults", index];
    const isTimeOfDay = fault.at.includes(":");
    let startUs = ctx.unit(isTimeOfDay ? parseTimeOfDay(fault.at) : parseDuration(fault.at), [...path, "at"], 0);
    if (isTimeOfDay) startUs = (startUs - timing.startOfDayUs + US_PER_DAY) % US_PER_DAY; // counted from `start`
    const lasting = "for" in fault ? (fault.for as string | undefined) : undefined; // an instant has no span
    const endUs = lasting === undefined ? undefined : startUs + ctx.us(lasting, [...path, "for"]);
    if (startUs > timing.durationUs) {
      ctx.problem(
        [...path, "at"],
        `the fault starts after the run ends (duration ${file.duration}); move "at" earlier or lengthen "duration"`,
      );
    }
    const details = faultKind(fault.kind).compile(fault, { ctx, path, refs });
    return { ...details, kind: fault.kind, index, startUs, ...(endUs === undefined ? {} : { endUs }) } as FaultConfig;
  });
}
