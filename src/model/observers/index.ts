// Observers of the world: they read its state and record what they see, and never change it
// (no events scheduled, no random numbers drawn), so adding one can change no run. The fluid
// fidelity's traffic is the exception that proves it: it is the traffic, so it may schedule its
// own resamples (and it draws nothing).
export { FluidTraffic } from "./fluid-traffic.js";
export { Serviceability, type ServiceabilityParts } from "./serviceability.js";
