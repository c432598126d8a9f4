// How faults act on the world: effects as plain data, the one door they go through, and a
// read-out of every lever by target name.
export { type Effect, effectTarget, type Lever, sameEffect } from "./effects.js";
export { type LeverReadout, readLevers } from "./lever-readout.js";
export { type LeverHost, Levers } from "./levers.js";
