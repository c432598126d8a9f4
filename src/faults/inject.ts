// Schedules each declared fault's start and end on the simulator (ARCHITECTURE.md, "The life of
// one fault"): the model never asks which faults exist. At its start a fault applies its effects,
// keyed by its occurrence, and starts its process if its kind has one; at its end the process
// stops and every effect it still holds is removed. An instant fault ends when the model says its
// aftermath is over. A fault with `recur` starts again a random time after each end
// (recurrence.ts). The injector records when each occurrence was active, for incidents to name
// their causes and for sweeps to say what ate the error budget.

import type { RandomStream } from "../engine/index.js";
import { emit, Priority, type World } from "../model/index.js";
import type { ActiveFault, FaultProcess } from "./kind.js";
import { drawLifetime } from "./lifetimes.js";
import type { Recurrence } from "./recurrence.js";
import { describeFault, type FaultConfig, faultKind } from "./registry.js";

/** When one occurrence of a fault was active: from its start to its end (undefined: to the end of the run). */
export interface FaultActivity {
  index: number;
  label: string;
  startUs: number;
  endUs?: number;
}

export interface InjectedFaults {
  /**
   * When each fault was active, in file order: one entry for a fault that happens once, one per
   * occurrence (in time order) for a fault that recurs. Read after the run.
   */
  activity(): FaultActivity[];
}

export function injectFaults(world: World, faults: readonly FaultConfig[]): InjectedFaults {
  const { sim, trace } = world.ctx;
  const durationUs = world.config.durationUs;
  const labels = faults.map(describeFault);
  /** Every occurrence of each fault so far; the last one is in progress when `open` says so. */
  const occurrences: FaultActivity[][] = faults.map(() => []);
  const open: boolean[] = faults.map(() => false);
  /** The key the current occurrence holds its effects by (see ActiveFault.key). */
  const keys: number[] = faults.map((_, index) => index);
  let freshKey = faults.length;
  const clocks = faults.map((fault, index) =>
    fault.recur ? new RecurrenceClock(world, fault.recur, recurrenceStreamName(faults, labels, index)) : undefined,
  );

  const endCode = sim.register("fault.aftermathOver", (index) => end(index));

  const handles: ActiveFault<unknown>[] = faults.map((fault, index) => ({
    config: fault,
    world,
    scenarioFaults: faults,
    key: () => keys[index],
    apply: (effect) => world.levers.apply(keys[index], effect),
    remove: (effect) => world.levers.remove(keys[index], effect),
    end: () => end(index),
    endAfter: (afterUs) => sim.schedule(afterUs, endCode, index, 0, Priority.faultEnd),
  }));
  // Made before the run, so that processes register their events in a fixed order.
  const processes: (FaultProcess | undefined)[] = faults.map((fault, index) =>
    faultKind(fault.kind).process?.(handles[index]),
  );
  const startCode = sim.register("fault.start", (index) => start(index));
  const stopCode = sim.register("fault.stop", (index) => stop(index));

  function start(index: number): void {
    const fault = faults[index];
    if (occurrences[index].length > 0) keys[index] = freshKey++;
    occurrences[index].push({ index, label: labels[index], startUs: sim.now });
    open[index] = true;
    emit(trace, sim.now, { kind: "fault.started", subject: labels[index], data: { fault: index } });
    for (const effect of faultKind(fault.kind).effects?.(fault, world) ?? []) world.levers.apply(keys[index], effect);
    processes[index]?.start();
    const repairs = fault.recur?.repairs;
    if (repairs !== undefined) {
      sim.schedule(
        drawLifetime(clocks[index]?.repairs as RandomStream, repairs),
        stopCode,
        index,
        0,
        Priority.faultEnd,
      );
    }
  }

  function stop(index: number): void {
    const key = keys[index];
    end(index);
    processes[index]?.stop?.();
    world.levers.removeAll(key);
  }

  /** The occurrence is over (a lasting fault's end, an instant's aftermath); a recurring fault plans its next. */
  function end(index: number): void {
    if (!open[index]) return;
    open[index] = false;
    const occurrence = occurrences[index][occurrences[index].length - 1];
    occurrence.endUs = sim.now;
    emit(trace, sim.now, { kind: "fault.ended", subject: labels[index], data: { fault: index } });
    planNext(index);
  }

  /** A recurring fault's next start, if it falls inside its window and the run. */
  function planNext(index: number): void {
    const clock = clocks[index];
    if (clock === undefined) return;
    const atUs = sim.now + clock.nextGapUs();
    const windowEndUs = Math.min(durationUs, faults[index].endUs ?? durationUs);
    if (atUs < windowEndUs) sim.at(atUs, startCode, index, 0, Priority.fault);
  }

  faults.forEach((fault, index) => {
    if (fault.startUs > durationUs) return;
    if (fault.recur !== undefined) {
      // The window opens at `at`: the first occurrence comes a drawn time after it.
      const atUs = fault.startUs + (clocks[index] as RecurrenceClock).nextGapUs();
      if (atUs < Math.min(durationUs, fault.endUs ?? durationUs)) sim.at(atUs, startCode, index, 0, Priority.fault);
      return;
    }
    sim.at(fault.startUs, startCode, index, 0, Priority.fault);
    if (fault.endUs !== undefined && fault.endUs <= durationUs)
      sim.at(fault.endUs, stopCode, index, 0, Priority.faultEnd);
  });

  return {
    activity: () =>
      faults.flatMap((fault, index) => {
        if (fault.recur !== undefined) return occurrences[index].map((occurrence) => ({ ...occurrence }));
        const [only] = occurrences[index];
        // A fault that happens once is listed even before it started (its planned start).
        return [only ? { ...only } : { index, label: labels[index], startUs: fault.startUs }];
      }),
  };
}

/** A recurring fault's two streams: the times between occurrences, and how long each lasts. */
class RecurrenceClock {
  readonly failures: RandomStream;
  readonly repairs: RandomStream;

  constructor(
    world: World,
    private readonly recurrence: Recurrence,
    name: string,
  ) {
    // Two streams, so that a design that only repairs faster sees the same failures at the same times.
    this.failures = world.ctx.streams.forkUnique(`${name}/failures`);
    this.repairs = world.ctx.streams.forkUnique(`${name}/repairs`);
  }

  nextGapUs(): number {
    return drawLifetime(this.failures, this.recurrence.failures);
  }
}

/**
 * A recurring fault's streams are named by its label (`recur/zone-outage us-east/a`), never by
 * its place in the file: the same fault in two designs draws the same times (common random
 * numbers), and listing faults in another order changes nothing. Faults with the same label are
 * ranked by their window and recurrence; identical ones are interchangeable.
 */
function recurrenceStreamName(faults: readonly FaultConfig[], labels: readonly string[], index: number): string {
  const keyOf = (i: number) => JSON.stringify([faults[i].startUs, faults[i].endUs ?? -1, faults[i].recur]);
  const mine = keyOf(index);
  const rank = faults.filter(
    (fault, i) => fault.recur !== undefined && labels[i] === labels[index] && keyOf(i) < mine,
  ).length;
  return rank === 0 ? `recur/${labels[index]}` : `recur/${labels[index]}~${rank + 1}`;
}
