// Public face of the input building blocks: units, the primitive schemas of scenario values,
// and the compile context (issues, name registries) shared by the scenario compiler and the
// fault kinds. Depends on nothing in the project but the model's Comparison type.

export * from "./bounds.js";
export {
  CompileContext,
  type CompileIssue,
  describePath,
  type IssuePath,
  NameRegistry,
  unknown,
} from "./compile-context.js";
export * from "./primitives.js";
export * from "./suggest.js";
export * from "./units.js";
