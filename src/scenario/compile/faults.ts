// Compiles the faults: when each starts and ends, then the kind's own compile step (its file in
// src/faults/kinds/) checks every name it refers to and converts its units.

import { compileRecurrence, type FaultConfig, type FaultReferences, faultKind } from "../../faults/index.js";
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
    const kind = faultKind(fault.kind);
    const recur = "recur" in fault && fault.recur !== undefined ? fault.recur : undefined;
    const at = fault.at ?? (recur === undefined && kind.random !== true ? undefined : "0s");
    if (at === undefined) {
      ctx.problem(
        path,
        `${fault.kind} needs a start: add "at:" (a time of day such as "02:00", or an offset such as 90m), or "recur:" to make it happen at random`,
      );
    }
    const isTimeOfDay = at?.includes(":") ?? false;
    let startUs =
      at === undefined ? 0 : ctx.unit(isTimeOfDay ? parseTimeOfDay(at) : parseDuration(at), [...path, "at"], 0);
    if (isTimeOfDay) startUs = (startUs - timing.startOfDayUs + US_PER_DAY) % US_PER_DAY; // counted from `start`
    const span = "for" in fault ? (fault.for as string | undefined) : undefined;
    if (span !== undefined && kind.timing === "instant" && recur === undefined) {
      ctx.problem(
        [...path, "for"],
        `${fault.kind} happens at one instant and lasts until its aftermath is over: remove "for" (with "recur:", "for" bounds when occurrences may start)`,
      );
    }
    const endUs = span === undefined ? undefined : startUs + ctx.us(span, [...path, "for"]);
    if (startUs > timing.durationUs) {
      ctx.problem(
        [...path, "at"],
        `the fault starts after the run ends (duration ${file.duration}); move "at" earlier or lengthen "duration"`,
      );
    }
    const details = kind.compile(fault, { ctx, path, refs });
    return {
      ...details,
      kind: fault.kind,
      index,
      startUs,
      ...(endUs === undefined ? {} : { endUs }),
      ...(recur === undefined ? {} : { recur: compileRecurrence(recur, ctx, [...path, "recur"]) }),
    } as FaultConfig;
  });
}
