// What a nine costs, across designs (ARCHITECTURE.md, "Compare designs"): each design's
// availability as nines, −log10(1 − A), against its infrastructure per month; the designs no other
// beats on both (the Pareto front: more nines for less money); and, walking the front from the
// cheapest, what each further nine costs, ΔC / Δnines.

/** One design's place on the availability-versus-cost plane. */
export interface DesignPrice {
  label: string;
  /** −log10(1 − mean availability); Infinity at 100%. */
  nines: number;
  /** The mean infrastructure per month (failures not included: they are what the nines buy down). */
  infrastructurePerMonth: number;
  /** No other design has at least as many nines for at most its cost, better in one. */
  onFront: boolean;
  /** On the front after the cheapest: the cost of each further nine from the previous front design. */
  perNine?: number;
}

export function priceOfNines(
  designs: readonly { label: string; availability: number; infrastructurePerMonth: number }[],
): DesignPrice[] {
  const priced = designs.map(
    (design): DesignPrice => ({
      label: design.label,
      nines: design.availability >= 1 ? Number.POSITIVE_INFINITY : -Math.log10(1 - design.availability),
      infrastructurePerMonth: design.infrastructurePerMonth,
      onFront: false,
    }),
  );
  const dominated = (a: DesignPrice, b: DesignPrice) =>
    b.nines >= a.nines &&
    b.infrastructurePerMonth <= a.infrastructurePerMonth &&
    (b.nines > a.nines || b.infrastructurePerMonth < a.infrastructurePerMonth);
  for (const design of priced) design.onFront = !priced.some((other) => dominated(design, other));
  const front = priced.filter((d) => d.onFront).sort((a, b) => a.infrastructurePerMonth - b.infrastructurePerMonth);
  for (let i = 1; i < front.length; i++) {
    const gained = front[i].nines - front[i - 1].nines;
    if (Number.isFinite(gained) && gained > 0)
      front[i].perNine = (front[i].infrastructurePerMonth - front[i - 1].infrastructurePerMonth) / gained;
  }
  return priced;
}
