// Small helpers for writing HTML and SVG as strings: escaping, compact coordinates, stable ids.

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

// Control characters (but tab and line breaks), lone surrogates and noncharacters are not
// allowed in HTML text; they are shown as visible \uXXXX escapes instead.
const NOT_HTML_CHAR = /[^\t\n\r\u0020-\u007E\u00A0-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Escapes text for element content and for quoted attribute values alike. */
export function escapeHtml(value: string): string {
  return value
    .replace(NOT_HTML_CHAR, (char) => `\\u${(char.codePointAt(0) ?? 0).toString(16).padStart(4, "0")}`)
    .replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]);
}

/** A coordinate rounded to 0.1 px: small files, and the same bytes on every machine. */
export function px(value: number): string {
  return String(Math.round(value * 10) / 10);
}

/** A fragment id for a scenario: its position keeps it unique, its name keeps it readable. */
export function scenarioId(index: number, name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return `scenario-${index + 1}${slug ? `-${slug}` : ""}`;
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
