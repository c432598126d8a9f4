// The simulator loop, asserted SimPy-style: handlers record (now, event, target) into a list and
// each test asserts the whole list, so any change in order or timing shows up as a diff.

import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { RandomStreams } from "../../src/engine/rng.js";
import { LimitExceededError, type SimulationLimits, Simulator } from "../../src/engine/simulator.js";

const LIMITS: SimulationLimits = { eventsMax: 1_000_000, endUs: 1_000_000, pendingMax: 10_000 };

type Entry = [timeUs: number, event: string, target: number, arg: number];

/** A simulator whose handlers `a`, `b`, `c` only record themselves; `log` is the whole trace. */
function recordingSimulator(limits: Partial<SimulationLimits> = {}) {
  const sim = new Simulator({ ...LIMITS, ...limits });
  const log: Entry[] = [];
  const record = (name: string) => (target: number, arg: number) => log.push([sim.now, name, target, arg]);
  const codes = { a: sim.register("a", record("a")), b: sim.register("b", record("b")) };
  return { sim, log, codes };
}

/** Captures what `fn` throws (vitest's toThrow cannot look at custom fields). */
function thrownBy(fn: () => void): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to throw");
}

describe("simulator", () => {
  it("runs events in time order, including those scheduled by handlers", () => {
    const sim = new Simulator(LIMITS);
    const log: Entry[] = [];
    const ping = sim.register("ping", (target, arg) => {
      log.push([sim.now, "ping", target, arg]);
      if (target === 3) sim.schedule(5, pong, 4, 40);
    });
    const pong = sim.register("pong", (target, arg) => log.push([sim.now, "pong", target, arg]));
    expect([ping, pong]).toEqual([0, 1]);
    sim.at(30, ping, 1, 10);
    sim.at(10, pong, 2, 20);
    sim.at(20, ping, 3, 30);
    sim.run();
    expect(log).toEqual([
      [10, "pong", 2, 20],
      [20, "ping", 3, 30],
      [25, "pong", 4, 40],
      [30, "ping", 1, 10],
    ]);
    expect(sim.eventsRun).toBe(4);
    expect(sim.pending).toBe(0);
  });

  it("runs same-time events by priority, then in insertion order", () => {
    const { sim, log, codes } = recordingSimulator();
    const spawn = sim.register("spawn", (target) => {
      log.push([sim.now, "spawn", target, 0]);
      // Scheduled during dispatch at the same time with priority 0: runs before queued priority 1 and 2.
      sim.schedule(0, codes.b, 6, 0, 0);
    });
    sim.at(100, codes.a, 1, 0, 2);
    sim.at(100, spawn, 2, 0, 0);
    sim.at(100, codes.a, 3, 0, 1);
    sim.at(100, codes.b, 4, 0, 0);
    sim.at(100, codes.a, 5, 0, 2);
    sim.at(99, codes.a, 0, 0, 255);
    sim.run();
    expect(log).toEqual([
      [99, "a", 0, 0],
      [100, "spawn", 2, 0],
      [100, "b", 4, 0],
      [100, "b", 6, 0],
      [100, "a", 3, 0],
      [100, "a", 1, 0],
      [100, "a", 5, 0],
    ]);
  });

  test.prop([
    fc.array(fc.record({ timeUs: fc.integer({ min: 0, max: 10 }), priority: fc.integer({ min: 0, max: 3 }) }), {
      maxLength: 200,
    }),
  ])("dispatches any schedule in (time, priority, insertion) order", (events) => {
    const { sim, log, codes } = recordingSimulator();
    events.forEach((event, index) => {
      sim.at(event.timeUs, codes.a, index, 0, event.priority);
    });
    sim.run();
    const expected = events
      .map((event, index) => ({ ...event, index }))
      .sort((x, y) => x.timeUs - y.timeUs || x.priority - y.priority || x.index - y.index)
      .map((event): Entry => [event.timeUs, "a", event.index, 0]);
    expect(log).toEqual(expected);
  });

  it("rounds fractional times to whole microseconds", () => {
    const { sim, log, codes } = recordingSimulator();
    sim.at(10.4, codes.a, 1);
    sim.at(10.6, codes.a, 2);
    sim.run();
    expect(log).toEqual([
      [10, "a", 1, 0],
      [11, "a", 2, 0],
    ]);
  });

  it("stops a runaway handler at eventsMax with a LimitExceededError instead of hanging", { timeout: 5_000 }, () => {
    const sim = new Simulator({ ...LIMITS, eventsMax: 10_000 });
    // Zero delay: simulated time never advances, so only the event limit can end this run.
    const runaway = sim.register("runaway", () => sim.schedule(0, runaway));
    sim.at(250_000, runaway);
    const error = thrownBy(() => sim.run());
    expect(error).toBeInstanceOf(LimitExceededError);
    expect((error as LimitExceededError).limit).toBe("events");
    expect((error as Error).message).toBe(
      "the run reached its limit of 10000 events at simulated time 0.250s; raise the scenario's limits.eventsMax or shorten it",
    );
    expect(sim.eventsRun).toBe(10_000);
    expect(sim.now).toBe(250_000);
  });

  it("allows exactly eventsMax events", () => {
    const { sim, log, codes } = recordingSimulator({ eventsMax: 3 });
    for (const t of [1, 2, 3]) sim.at(t, codes.a, t);
    sim.run();
    expect(log.map((entry) => entry[0])).toEqual([1, 2, 3]);
  });

  it("stops an event explosion at pendingMax with a LimitExceededError", () => {
    const sim = new Simulator({ ...LIMITS, pendingMax: 64 });
    // Every event schedules two: the pending set doubles each microsecond.
    const fork = sim.register("fork", () => {
      sim.schedule(1, fork);
      sim.schedule(1, fork);
    });
    sim.at(0, fork);
    const error = thrownBy(() => sim.run());
    expect(error).toBeInstanceOf(LimitExceededError);
    expect((error as LimitExceededError).limit).toBe("pending");
    expect((error as Error).message).toMatch(/^more than 64 events pending at simulated time \d+µs/);
    expect(sim.pending).toBe(64);
  });

  it("accepts pendingMax events scheduled up front and refuses one more", () => {
    const { sim, codes } = recordingSimulator({ pendingMax: 5 });
    for (let i = 0; i < 5; i++) sim.at(i, codes.a);
    expect(() => sim.at(5, codes.a)).toThrow(LimitExceededError);
    expect(sim.pending).toBe(5);
  });

  it("does not run events after endUs and leaves now at endUs", () => {
    const { sim, log, codes } = recordingSimulator({ endUs: 10 });
    const chain = sim.register("chain", () => {
      log.push([sim.now, "chain", 0, 0]);
      sim.schedule(4, chain);
    });
    sim.at(5, codes.a, 1);
    sim.at(10, codes.b, 2);
    sim.at(15, codes.a, 3);
    sim.at(0, chain);
    sim.run();
    expect(log).toEqual([
      [0, "chain", 0, 0],
      [4, "chain", 0, 0],
      [5, "a", 1, 0],
      [8, "chain", 0, 0],
      [10, "b", 2, 0],
    ]);
    expect(sim.now).toBe(10);
    expect(sim.pending).toBe(0); // a@15 and chain@12 would never run: they are not kept
  });

  it("keeps no event after the end, however far (an infinite time is 'never')", () => {
    const { sim, codes } = recordingSimulator({ endUs: 10 });
    sim.at(Number.POSITIVE_INFINITY, codes.a);
    sim.at(2 ** 60, codes.a);
    sim.at(11, codes.a);
    expect(sim.pending).toBe(0);
    sim.at(10, codes.a);
    expect(sim.pending).toBe(1);
  });

  it("advances now to endUs when the queue empties early", () => {
    const { sim, log, codes } = recordingSimulator({ endUs: 1_000 });
    sim.at(3, codes.a);
    sim.run();
    expect(log).toEqual([[3, "a", 0, 0]]);
    expect(sim.now).toBe(1_000);
  });

  it("refuses to schedule in the past", () => {
    const { sim, codes } = recordingSimulator();
    const late = sim.register("late", () => sim.at(99, codes.a));
    expect(() => sim.schedule(-1, codes.a)).toThrow(RangeError);
    sim.at(100, late);
    expect(() => sim.run()).toThrow("cannot schedule a at 99µs (now 100µs)");
  });

  it("refuses NaN times and unregistered codes instead of silently ending the run", () => {
    const { sim, codes } = recordingSimulator();
    expect(() => sim.at(Number.NaN, codes.a)).toThrow(RangeError);
    expect(() => sim.at(10, 999)).toThrow("no handler registered for event code 999");
    expect(() => sim.at(10, codes.a, 0, 0, 0.5)).toThrow(RangeError);
  });

  it("refuses priorities outside 0..255", () => {
    const { sim, codes } = recordingSimulator();
    expect(() => sim.at(1, codes.a, 0, 0, -1)).toThrow(RangeError);
    expect(() => sim.at(1, codes.a, 0, 0, 256)).toThrow(RangeError);
  });

  describe("digest", () => {
    // A small random model: each arrival schedules a departure after a random delay.
    function runModel(change?: { index: number; field: "time" | "target" | "code" }): { digest: string; log: Entry[] } {
      const { sim, log, codes } = recordingSimulator();
      const random = new RandomStreams(5).fork("digest-model");
      const arrive = sim.register("arrive", (target) => {
        log.push([sim.now, "arrive", target, 0]);
        sim.schedule(1 + random.int(5_000), codes.b, target);
      });
      for (let i = 0; i < 200; i++) {
        let time = i * 1_000 + random.int(1_000);
        let target = i;
        let code = arrive;
        if (change?.index === i) {
          if (change.field === "time") time += 1;
          if (change.field === "target") target += 1_000;
          if (change.field === "code") code = codes.a;
        }
        sim.at(time, code, target);
      }
      sim.run();
      return { digest: sim.digest(), log };
    }

    it("is a 16-hex-digit fingerprint, equal for identical runs", () => {
      const first = runModel();
      const second = runModel();
      expect(first.digest).toMatch(/^[0-9a-f]{16}$/);
      expect(second.log).toEqual(first.log);
      expect(second.digest).toBe(first.digest);
    });

    it("changes when one event's time, target or handler differs", () => {
      const base = runModel().digest;
      const changed = (["time", "target", "code"] as const).map((field) => runModel({ index: 137, field }).digest);
      expect(changed.every((digest) => digest !== base)).toBe(true);
      expect(new Set(changed).size).toBe(3);
    });
  });
});
