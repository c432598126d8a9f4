// Shared by the architecture tests: list the TypeScript files under src/ and blank out comments
// (keeping every newline, so line numbers still point at the original source).

import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const SRC_DIR = join(REPO_ROOT, "src");

export interface SourceFile {
  /** Path relative to the repository root, with forward slashes: `src/engine/simulator.ts`. */
  path: string;
  text: string;
}

/** Every `.ts`/`.tsx` file under src/, sorted by path so failure lists are stable. */
export function readSourceFiles(): SourceFile[] {
  const entries = readdirSync(SRC_DIR, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name) && !entry.name.endsWith(".d.ts"))
    .map((entry) => {
      const absolute = join(entry.parentPath, entry.name);
      return { path: relative(REPO_ROOT, absolute).split(sep).join("/"), text: readFileSync(absolute, "utf8") };
    })
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

// After one of these characters (or at the start), a `/` opens a regular expression, not a division.
const REGEX_PRECEDERS = new Set("(,=:[!&|?{};+-*%<>~^".split(""));
const REGEX_KEYWORDS = /(?:^|[^\w$])(?:return|typeof|case|do|else|in|of|void|yield|await|delete|throw)$/;

/**
 * Replaces the body of every `//` and `/* *\/` comment with spaces, leaving strings, template
 * literals and regular expressions as they are (a `//` inside "http://x" is not a comment).
 */
export function stripComments(source: string): string {
  const out: string[] = [];
  let i = 0;
  const n = source.length;
  // Template literals nest through `${ ... }`; the stack holds the brace depth of each open `${`.
  const templateBraces: number[] = [];
  let braceDepth = 0;
  let lastSignificant = "";

  const copyQuoted = (quote: string): void => {
    out.push(source[i++]);
    while (i < n && source[i] !== quote && source[i] !== "\n") {
      if (source[i] === "\\") out.push(source[i++]);
      if (i < n) out.push(source[i++]);
    }
    if (i < n) out.push(source[i++]);
  };

  // Copies template text up to and including the closing backtick or the next `${`.
  const copyTemplateText = (): void => {
    while (i < n) {
      const c = source[i];
      if (c === "\\") {
        out.push(source[i++]);
        if (i < n) out.push(source[i++]);
      } else if (c === "`") {
        out.push(source[i++]);
        return;
      } else if (c === "$" && source[i + 1] === "{") {
        out.push("${");
        i += 2;
        templateBraces.push(braceDepth);
        braceDepth++;
        return;
      } else {
        out.push(source[i++]);
      }
    }
  };

  const copyRegex = (): void => {
    out.push(source[i++]);
    let inClass = false;
    while (i < n && source[i] !== "\n") {
      const c = source[i];
      if (c === "\\") {
        out.push(source[i++]);
        if (i < n) out.push(source[i++]);
        continue;
      }
      out.push(source[i++]);
      if (c === "[") inClass = true;
      else if (c === "]") inClass = false;
      else if (c === "/" && !inClass) break;
    }
  };

  while (i < n) {
    const c = source[i];
    const next = source[i + 1];
    if (c === "/" && next === "/") {
      while (i < n && source[i] !== "\n") {
        out.push(" ");
        i++;
      }
      continue;
    }
    if (c === "/" && next === "*") {
      const end = source.indexOf("*/", i + 2);
      const stop = end === -1 ? n : end + 2;
      for (; i < stop; i++) out.push(source[i] === "\n" ? "\n" : " ");
      continue;
    }
    if (c === '"' || c === "'") {
      copyQuoted(c);
      lastSignificant = c;
      continue;
    }
    if (c === "`") {
      out.push(source[i++]);
      copyTemplateText();
      lastSignificant = "`";
      continue;
    }
    if (c === "/") {
      const before = source.slice(Math.max(0, i - 16), i).trimEnd();
      if (lastSignificant === "" || REGEX_PRECEDERS.has(lastSignificant) || REGEX_KEYWORDS.test(before)) {
        copyRegex();
        lastSignificant = "/";
        continue;
      }
    }
    if (c === "{") braceDepth++;
    if (c === "}") {
      braceDepth--;
      if (templateBraces.length > 0 && templateBraces[templateBraces.length - 1] === braceDepth) {
        templateBraces.pop();
        out.push(source[i++]);
        copyTemplateText();
        lastSignificant = "`";
        continue;
      }
    }
    out.push(source[i++]);
    if (!/\s/.test(c)) lastSignificant = c;
  }
  return out.join("");
}
