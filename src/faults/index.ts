// Public face of fault injection: the registry of fault kinds and the injector.

export { type FaultActivity, type InjectedFaults, injectFaults } from "./inject.js";
export { FAULT_FAMILIES, type FaultFamily, type FaultReferences } from "./kind.js";
export { describeShape, drawLifetime, type Lifetime } from "./lifetimes.js";
export { compileRecurrence, describeRecurrence, type Recurrence } from "./recurrence.js";
export { databaseNodeIds, instanceIds } from "./references.js";
export {
  describeFault,
  FAULT_KINDS,
  type FaultConfig,
  type FaultInput,
  type FaultKindName,
  faultKind,
  faultSchema,
} from "./registry.js";
