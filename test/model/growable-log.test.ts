// GrowableLog.countAtOrBelow gallops back from the end before it bisects (recent times are the
// common question): it must answer exactly what a plain count does, for every value, in logs with
// repeated times and every length.

import { fc, test } from "@fast-check/vitest";
import { expect } from "vitest";
import { GrowableLog } from "../../src/model/core/growable-log.js";

test.prop([fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 3000 }), fc.array(fc.integer({ min: -5, max: 55 }))])(
  "counts the entries at or below a value as a linear count does",
  (deltas, questions) => {
    const log = new GrowableLog();
    const times: number[] = [];
    let time = 0;
    for (const delta of deltas) {
      time += delta % 3 === 0 ? 0 : delta; // a third of the entries repeat the time before
      log.push(time);
      times.push(time);
    }
    for (const question of [...questions, ...times.slice(-5)]) {
      const value = question >= 0 && question <= 50 ? time - question : question;
      expect(log.countAtOrBelow(value)).toBe(times.filter((t) => t <= value).length);
    }
  },
);
