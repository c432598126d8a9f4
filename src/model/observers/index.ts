// Observers of the world: they read its state and record what they see, and never change it
// (no events scheduled, no random numbers drawn), so adding one can change no run.
export { Serviceability, type ServiceabilityParts } from "./serviceability.js";
