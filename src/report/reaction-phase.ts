// What reports and the UI call an incident's second RTO phase: it runs to the system's last
// reaction, and is named for what the reactions were — new instances booting are a scale-out,
// not a failover; a revert is a rollback; a restore is a restore.

import type { Incident } from "../metrics/index.js";

/** "failover", "scale-out", "failover+scale-out"…; "failover", the phase's own name, when nothing reacted. */
export function reactionPhaseName(incident: Pick<Incident, "reactions">): string {
  return incident.reactions.length === 0 ? "failover" : incident.reactions.join("+");
}

/**
 * The phase's letter in a proportional bar: its name's initial, capitalised where another phase
 * has it (d detect, p propagate, r recover): f, s, R (rollback, restore).
 */
export function reactionPhaseLetter(incident: Pick<Incident, "reactions">): string {
  const initial = reactionPhaseName(incident)[0];
  return "dpr".includes(initial) ? initial.toUpperCase() : initial;
}
