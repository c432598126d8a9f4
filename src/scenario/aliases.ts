// YAML aliases checked on the document tree before it becomes plain data. An alias must name an
// anchor set before it and must not sit inside the value it names (an endless value); and all
// aliases together may add at most ALIAS_EXPANSION_MAX values, so a "billion laughs" file
// (anchors whose values alias earlier anchors, multiplying at each level) is refused at the alias
// where it goes over, instead of escaping the loader as a ReferenceError or exhausting memory.

import { type Document, isAlias, isCollection, isNode, isPair, type Node } from "yaml";

/** How many values all aliases of one file may add together: far more than any design repeats. */
export const ALIAS_EXPANSION_MAX = 100_000;

export interface AliasProblem {
  /** Offset of the alias in the text. */
  offset: number;
  message: string;
}

interface Frame {
  node: Node;
  /** false: children not visited yet; true: they have been, so the node's size is known. */
  expanded: boolean;
}

/**
 * Walks the tree in document order (iteratively: a deeply nested file must not overflow the stack)
 * and computes each node's size once aliases are expanded, from the sizes of the anchors before it.
 */
export function checkAliases(document: Document): AliasProblem[] {
  const problems: AliasProblem[] = [];
  const anchors = new Map<string, Node>();
  const sizes = new Map<Node, number>();
  const open = new Set<Node>();
  let added = 0;
  let bombReported = false;
  const root = document.contents;
  if (!isNode(root)) return problems;
  const stack: Frame[] = [{ node: root, expanded: false }];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1];
    const { node } = frame;
    if (frame.expanded) {
      stack.pop();
      open.delete(node);
      sizes.set(node, Math.min(ALIAS_EXPANSION_MAX + 1, 1 + childrenOf(node).reduce((n, c) => n + size(c), 0)));
      continue;
    }
    frame.expanded = true;
    // As in the yaml library, an anchor counts from its own node on, so `&a [*a]` names itself.
    if (node.anchor) anchors.set(node.anchor, node);
    if (isAlias(node)) {
      stack.pop();
      const target = anchors.get(node.source);
      const offset = node.range?.[0] ?? 0;
      if (target === undefined) {
        problems.push({ offset, message: unresolved(node.source, [...anchors.keys()]) });
        sizes.set(node, 1);
      } else if (open.has(target)) {
        problems.push({
          offset,
          message: `YAML alias *${node.source} is inside the value its anchor &${node.source} names, which would make an endless value; write the inner value out instead of aliasing it`,
        });
        sizes.set(node, 1);
      } else {
        const expanded = size(target);
        sizes.set(node, expanded);
        added += expanded;
        if (added > ALIAS_EXPANSION_MAX && !bombReported) {
          bombReported = true;
          problems.push({
            offset,
            message: `YAML aliases expand this file past ${ALIAS_EXPANSION_MAX} values at *${node.source} (each alias repeats its anchor's whole value, and aliases inside anchored values multiply); write the repeated parts out or nest fewer aliases`,
          });
        }
      }
      continue;
    }
    open.add(node);
    // Children in reverse so the first child is visited first.
    const children = childrenOf(node);
    for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i], expanded: false });
  }
  return problems;

  function size(node: Node): number {
    return sizes.get(node) ?? 1;
  }
}

/** The nodes directly inside a mapping or list (a mapping's keys and values, in order). */
function childrenOf(node: Node): Node[] {
  if (!isCollection(node)) return [];
  const children: Node[] = [];
  for (const item of node.items) {
    if (isPair(item)) {
      if (isNode(item.key)) children.push(item.key);
      if (isNode(item.value)) children.push(item.value);
    } else if (isNode(item)) children.push(item);
  }
  return children;
}

function unresolved(name: string, known: string[]): string {
  // The nearest few only: a hostile file may set thousands.
  const nearest = known.slice(-5).map((anchor) => `&${anchor}`);
  const earlier = nearest.length > 0 ? ` (anchors set before it include ${nearest.join(", ")})` : "";
  return `YAML alias *${name} names no anchor set before it${earlier}; put &${name} on an earlier value, or check the spelling`;
}
