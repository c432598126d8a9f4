// Trace kinds that come in bursts — a region takes many nodes with it, a scale-out boots several
// instances at once — so readers of the trace (reports, the UI) summarise them per second.

export const BURST_TRACE_KINDS: readonly string[] = [
  "node.crashed",
  "node.restarted",
  "node.provisioned",
  "node.removed",
  "lb.targetEjected",
  "lb.targetRestored",
  "lb.targetDrained",
];
