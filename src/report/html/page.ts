// The shell every HTML report shares: one self-contained page (inline CSS, no script, no external
// resource) around the sections a report gives it.

import { escapeHtml } from "./markup.js";
import { STYLES } from "./styles.js";

/** A whole page: `sections` inside <main>, empty ones left out. */
export function htmlPage(title: string, sections: readonly string[]): string {
  const parts = [
    "<!doctype html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLES}</style>`,
    "</head>",
    "<body>",
    "<main>",
    ...sections,
    "</main>",
    "</body>",
    "</html>",
  ];
  return `${parts.filter((part) => part !== "").join("\n")}\n`;
}
