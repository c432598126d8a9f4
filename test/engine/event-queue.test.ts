// The pending-event heap against a sorted reference model: (time, priority, insertion sequence)
// is a total order, so the pop order of any push/pop interleaving is fully determined.

import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { EventQueue, PRIORITY_MAX, QueueLimitError } from "../../src/engine/event-queue.js";

interface Pending {
  time: number;
  priority: number;
  sequence: number;
}

type Operation = { kind: "push"; time: number; priority: number } | { kind: "pop" };

// Few distinct times and priorities so ties are common; a few huge times for the upper range.
const timeArb = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 20 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }) },
);
const priorityArb = fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constant(PRIORITY_MAX));
const operationArb: fc.Arbitrary<Operation> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("push" as const), time: timeArb, priority: priorityArb }) },
  { weight: 2, arbitrary: fc.constant({ kind: "pop" as const }) },
);

function byKey(a: Pending, b: Pending): number {
  return a.time - b.time || a.priority - b.priority || a.sequence - b.sequence;
}

/** Pops everything, returning the sequence numbers (carried in `code`) in pop order. */
function drain(queue: EventQueue): number[] {
  const order: number[] = [];
  while (queue.pop()) order.push(queue.poppedCode);
  return order;
}

describe("event queue", () => {
  test.prop([fc.array(operationArb, { maxLength: 400 }), fc.integer({ min: 1, max: 8 })])(
    "pops interleaved pushes in (time, priority, insertion) order, like a sorted list",
    (operations, initialCapacity) => {
      const queue = new EventQueue({ initialCapacity });
      const reference: Pending[] = [];
      let sequence = 0;
      const popped: Array<[number, number, number, number]> = [];
      const expected: Array<[number, number, number, number]> = [];
      for (const operation of operations) {
        if (operation.kind === "push") {
          const event = { time: operation.time, priority: operation.priority, sequence: sequence++ };
          // code carries the sequence; target and arg carry other fields so every lane is checked.
          queue.push(event.time, event.priority, event.sequence, event.priority, event.time);
          reference.push(event);
        } else {
          reference.sort(byKey);
          const head = reference.shift();
          expect(queue.pop()).toBe(head !== undefined);
          if (head !== undefined) {
            popped.push([queue.poppedTime, queue.poppedCode, queue.poppedTarget, queue.poppedArg]);
            expected.push([head.time, head.sequence, head.priority, head.time]);
          }
        }
        expect(queue.size).toBe(reference.length);
        expect(queue.peekTime()).toBe(
          reference.length > 0 ? Math.min(...reference.map((e) => e.time)) : Number.POSITIVE_INFINITY,
        );
      }
      expect(popped).toEqual(expected);
      reference.sort(byKey);
      expect(drain(queue)).toEqual(reference.map((e) => e.sequence));
    },
  );

  it("grows past its initial capacity without losing or reordering events", () => {
    const queue = new EventQueue({ initialCapacity: 2 });
    const count = 10_000;
    // Times descend, so every push sifts to the root: the worst case for the growing heap.
    for (let i = 0; i < count; i++) queue.push(count - i, 0, i, 0, 0);
    expect(queue.size).toBe(count);
    expect(drain(queue)).toEqual(Array.from({ length: count }, (_, i) => count - 1 - i));
  });

  it("stops growing at capacityMax with a QueueLimitError", () => {
    const queue = new EventQueue({ initialCapacity: 4, capacityMax: 10 });
    for (let i = 0; i < 10; i++) queue.push(i, 0, i, 0, 0);
    expect(() => queue.push(10, 0, 10, 0, 0)).toThrow(QueueLimitError);
    expect(() => queue.push(10, 0, 10, 0, 0)).toThrow(/more than 10 events pending/);
    expect(drain(queue)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it("returns false from pop when empty, and keeps the last popped fields", () => {
    const queue = new EventQueue();
    expect(queue.pop()).toBe(false);
    expect(queue.size).toBe(0);
    expect(queue.peekTime()).toBe(Number.POSITIVE_INFINITY);
    queue.push(7, 1, 2, 3, 4.5);
    expect(queue.pop()).toBe(true);
    expect(queue.pop()).toBe(false);
    expect([queue.poppedTime, queue.poppedCode, queue.poppedTarget, queue.poppedArg]).toEqual([7, 2, 3, 4.5]);
    expect(queue.size).toBe(0);
  });
});
