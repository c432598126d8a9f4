// Descriptions that end with an example, for the objects and lists of the scenario schema
// (leaves get theirs from src/input/primitives.ts).

/** A description ending with an example (objects and lists; leaves get theirs from input/). */
export const about = (text: string, example: unknown) =>
  `${text}, e.g. ${typeof example === "string" ? example : JSON.stringify(example).replaceAll('"', "")}`;
