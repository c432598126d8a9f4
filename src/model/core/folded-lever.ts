// One lever of the model that faults pull (a node's slowdown, a zone's outages, a client's
// traffic), held per target as the set of effects active on it, keyed by the fault that
// installed each. The component that owns the lever reads one folded number per target; the
// fold rule is stated once, here, so faults that overlap compose and removing one restores
// exactly what the others imply (ARCHITECTURE.md, "Faults are effects").

import { invariant } from "../../engine/index.js";

/**
 * How a lever folds its active effects with its base value (the no-fault value):
 * - `count`: how many effects are active (an outage, a crash): up when 0;
 * - `multiply`: base × every factor (slowdowns, latency factors), each at least 1;
 * - `max`: the largest of the base and every value (a raised replication lag);
 * - `extra`: base × (1 + Σ (mᵢ − 1)), at least 0: independent surges add their extra traffic;
 * - `sum`: the sum of the values, or the base when none is active (floods at absolute rates);
 * - `probability`: 1 − (1 − base) × Π (1 − pᵢ): independent causes of failure.
 */
export type FoldRule = "count" | "multiply" | "max" | "extra" | "sum" | "probability";

export interface FoldedLeverOptions {
  /** Names the lever in invariant errors, e.g. `instance.slowdown`. */
  name: string;
  targets: number;
  rule: FoldRule;
  /** The value with no effect active, per target or for all (default: the rule's neutral value). */
  base?: number | ArrayLike<number>;
  /** The smallest value an effect may carry (a slowdown below 1 would speed a node up). */
  minimum?: number;
  /** The simulated clock, for invariant errors. */
  now: () => number;
}

const NEUTRAL: Record<FoldRule, number> = { count: 0, multiply: 1, max: 0, extra: 1, sum: 0, probability: 0 };

export class FoldedLever {
  /** The folded value of each target: what the hot path reads. */
  readonly values: Float64Array;
  private readonly base: Float64Array;
  /** Per target, the active effects: fault key → value (undefined while none ever was). */
  private readonly active: (Map<number, number> | undefined)[];

  constructor(private readonly options: FoldedLeverOptions) {
    const { targets, base, rule } = options;
    this.base =
      base === undefined || typeof base === "number"
        ? new Float64Array(targets).fill(base ?? NEUTRAL[rule])
        : Float64Array.from(base);
    this.values = Float64Array.from(this.base);
    this.active = new Array(targets).fill(undefined);
  }

  /** Installs the effect of fault `key` on `target`, or changes its value (a ramp's next step). */
  set(target: number, key: number, value = 1): void {
    const minimum = this.options.minimum;
    invariant(minimum === undefined || value >= minimum, `lever ${this.options.name}`, this.options.now(), () => {
      return `fault #${key} set ${value} on target ${target}, below the lever's minimum ${minimum}`;
    });
    let effects = this.active[target];
    if (effects === undefined) {
      effects = new Map();
      this.active[target] = effects;
    }
    effects.set(key, value);
    this.fold(target);
  }

  /** Removes the effect of fault `key` from `target`; it must be there. */
  clear(target: number, key: number): void {
    const effects = this.active[target];
    invariant(effects?.delete(key) === true, `lever ${this.options.name}`, this.options.now(), () => {
      return `fault #${key} removed an effect from target ${target} that it never installed`;
    });
    this.fold(target);
  }

  /** How many effects are active on `target`. */
  count(target: number): number {
    return this.active[target]?.size ?? 0;
  }

  /** Whether fault `key` has an effect on `target`. */
  has(target: number, key: number): boolean {
    return this.active[target]?.has(key) === true;
  }

  /** The values of the active effects on `target`, in ascending order. */
  effectValues(target: number): number[] {
    const effects = this.active[target];
    return effects === undefined ? [] : [...effects.values()].sort((a, b) => a - b);
  }

  /**
   * Folds in ascending order of value, not in the order the faults came: floating-point
   * products and sums of three or more terms depend on their order, and faults listed in
   * another order must give the same run.
   */
  private fold(target: number): void {
    const base = this.base[target];
    const values = this.effectValues(target);
    let folded: number;
    switch (this.options.rule) {
      case "count":
        folded = base + values.length;
        break;
      case "multiply":
        folded = values.reduce((product, value) => product * value, base);
        break;
      case "max":
        folded = values.reduce((largest, value) => Math.max(largest, value), base);
        break;
      case "extra":
        folded =
          base *
          Math.max(
            0,
            values.reduce((sum, value) => sum + (value - 1), 1),
          );
        break;
      case "sum":
        folded = values.length === 0 ? base : values.reduce((sum, value) => sum + value, 0);
        break;
      case "probability":
        folded = 1 - values.reduce((kept, value) => kept * (1 - value), 1 - base);
        break;
    }
    this.values[target] = folded;
  }
}
