// Who wrote a write: its writer class, the pair (operation, client region) of the request that
// made it. The logs tag each write with its class only when a design has more than one, and a
// loss is split by class into whole writes; its split per operation and per client region are
// both sums of that one split, so each adds up to the loss (ARCHITECTURE.md, "Data"). Calls
// between services carry the user's client, so a write made in a callee is the user's region's.

/** The writer classes of a run: set by the world, the same for every database. */
export interface WriterClasses {
  /** How many operations the workload declares (0: none; writes are not told apart by them). */
  operations: number;
  /** The design's regions (a loss's split by region is indexed by them). */
  regions: number;
  /** The design regions some client sends from, ascending: a class's region is an index here. */
  writerRegions: readonly number[];
  /** Per client of the workload (any origin), its index in `writerRegions`. */
  writerRegionOfClient: Int32Array;
}

/** One class: no operations, every client in one region (the logs keep no tag). */
export const ONE_WRITER_CLASS: WriterClasses = {
  operations: 0,
  regions: 1,
  writerRegions: [0],
  writerRegionOfClient: new Int32Array(0),
};

/** Clients in `regionOfClient` (design region per client) and `operations` declared. */
export function writerClasses(operations: number, regions: number, regionOfClient: ArrayLike<number>): WriterClasses {
  const writerRegions = [...new Set(Array.from(regionOfClient))].sort((a, b) => a - b);
  if (writerRegions.length === 0) writerRegions.push(0);
  const writerRegionOfClient = Int32Array.from(regionOfClient, (region) => writerRegions.indexOf(region));
  return { operations, regions, writerRegions, writerRegionOfClient };
}

/** How many classes: operations (or 1) × writer regions. */
export function classCount(writers: WriterClasses): number {
  return Math.max(1, writers.operations) * writers.writerRegions.length;
}

/** The class of a write by `client` for `operation` (0 without operations). */
export function classOf(writers: WriterClasses, client: number, operation: number): number {
  const region = writers.writerRegionOfClient[client] ?? 0;
  return region * Math.max(1, writers.operations) + (writers.operations > 0 ? operation : 0);
}

/**
 * A loss's whole writes per class, summed per operation (absent without operations) and per
 * design region (every region, zero where no client sends from).
 */
export function splitByWriter(
  writers: WriterClasses,
  perClass: readonly number[],
): { byOperation?: number[]; byRegion: number[] } {
  const perRegion = Math.max(1, writers.operations);
  const byRegion = new Array<number>(writers.regions).fill(0);
  const byOperation = new Array<number>(writers.operations).fill(0);
  perClass.forEach((count, writerClass) => {
    byRegion[writers.writerRegions[Math.floor(writerClass / perRegion)]] += count;
    if (writers.operations > 0) byOperation[writerClass % perRegion] += count;
  });
  return writers.operations > 0 ? { byOperation, byRegion } : { byRegion };
}
