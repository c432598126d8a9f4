// Schedules each declared fault's start and end on the simulator (ARCHITECTURE.md, "The life of one fault"): the model never
// asks which faults exist. At its start a fault applies its effects, keyed by itself, and starts
// its process if its kind has one; at its end the process stops and every effect it still holds
// is removed. An instant fault ends when the model says its aftermath is over. The injector
// records when each fault was active, for incidents to name their causes.

import { emit, Priority, type World } from "../model/index.js";
import type { ActiveFault, FaultProcess } from "./kind.js";
import { describeFault, type FaultConfig, faultKind } from "./registry.js";

/** When a fault was active: from its start to its end (undefined: to the end of the run). */
export interface FaultActivity {
  index: number;
  label: string;
  startUs: number;
  endUs?: number;
}

export interface InjectedFaults {
  /** When each fault was active, in file order; read after the run. */
  activity(): FaultActivity[];
}

export function injectFaults(world: World, faults: readonly FaultConfig[]): InjectedFaults {
  const { sim, trace } = world.ctx;
  const labels = faults.map(describeFault);
  const endedUs: (number | undefined)[] = faults.map(() => undefined);
  const started: boolean[] = faults.map(() => false);

  const end = (index: number) => {
    if (!started[index] || endedUs[index] !== undefined) return;
    endedUs[index] = sim.now;
    emit(trace, sim.now, { kind: "fault.ended", subject: labels[index], data: { fault: index } });
  };
  const endCode = sim.register("fault.aftermathOver", (index) => end(index));
  const handles: ActiveFault<unknown>[] = faults.map((fault, index) => ({
    config: fault,
    world,
    scenarioFaults: faults,
    apply: (effect) => world.levers.apply(index, effect),
    remove: (effect) => world.levers.remove(index, effect),
    end: () => end(index),
    endAfter: (afterUs) => sim.schedule(afterUs, endCode, index, 0, Priority.faultEnd),
  }));
  // Made before the run, so that processes register their events in a fixed order.
  const processes: (FaultProcess | undefined)[] = faults.map((fault, index) =>
    faultKind(fault.kind).process?.(handles[index]),
  );

  const startCode = sim.register("fault.start", (index) => {
    const fault = faults[index];
    started[index] = true;
    emit(trace, sim.now, { kind: "fault.started", subject: labels[index], data: { fault: index } });
    for (const effect of faultKind(fault.kind).effects?.(fault, world) ?? []) world.levers.apply(index, effect);
    processes[index]?.start();
  });
  const stopCode = sim.register("fault.stop", (index) => {
    end(index);
    processes[index]?.stop?.();
    world.levers.removeAll(index);
  });
  faults.forEach((fault, index) => {
    if (fault.startUs > world.config.durationUs) return;
    sim.at(fault.startUs, startCode, index, 0, Priority.fault);
    if (fault.endUs !== undefined && fault.endUs <= world.config.durationUs)
      sim.at(fault.endUs, stopCode, index, 0, Priority.faultEnd);
  });

  return {
    activity: () =>
      faults.map((fault, index) => ({
        index,
        label: labels[index],
        startUs: fault.startUs,
        ...(endedUs[index] === undefined ? {} : { endUs: endedUs[index] }),
      })),
  };
}
