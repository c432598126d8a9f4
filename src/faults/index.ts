// Public face of fault injection.
export { injectFaults } from "./inject.js";
export { describeFault, type FaultConfig } from "./types.js";
