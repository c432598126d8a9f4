// Styled text for the terminal UI: a line is a list of spans; lines are cut to a width before
// they are turned into ANSI strings, so every panel knows exactly how wide its content is.

export type Color = "red" | "green" | "yellow" | "blue" | "magenta" | "cyan" | "white" | "gray";
/** Backgrounds: `shade` is the dark red that marks an incident window on the charts. */
export type Background = "shade";

export interface Span {
  text: string;
  color?: Color;
  bg?: Background;
  bold?: boolean;
  dim?: boolean;
  inverse?: boolean;
}

export type Line = Span[];

const FOREGROUND: Record<Color, number> = {
  red: 31,
  green: 32,
  yellow: 33,
  blue: 34,
  magenta: 35,
  cyan: 36,
  white: 37,
  gray: 90,
};
const BACKGROUND: Record<Background, string> = { shade: "48;5;52" };

export function span(text: string, style: Omit<Span, "text"> = {}): Span {
  return { text, ...style };
}

/** Width in terminal columns; every glyph the UI draws is one column wide. */
export function textWidth(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

export function lineWidth(line: Line): number {
  return line.reduce((sum, s) => sum + textWidth(s.text), 0);
}

/** Cuts a line to `width` columns, ending with `…` when something was cut. */
export function fitLine(line: Line, width: number): Line {
  if (width <= 0) return [];
  if (lineWidth(line) <= width) return line;
  const out: Line = [];
  let room = width - 1;
  for (const s of line) {
    if (room <= 0) break;
    const chars = [...s.text];
    if (chars.length <= room) {
      out.push(s);
      room -= chars.length;
    } else {
      out.push({ ...s, text: chars.slice(0, room).join("") });
      room = 0;
    }
  }
  const last = out[out.length - 1];
  out.push({ text: "…", dim: last?.dim, color: last?.color });
  return out;
}

/** Pads a line with spaces to exactly `width` columns (cutting it first if it is longer). */
export function padLine(line: Line, width: number): Line {
  const fitted = fitLine(line, width);
  const missing = width - lineWidth(fitted);
  return missing > 0 ? [...fitted, { text: " ".repeat(missing) }] : fitted;
}

/** Places `right` at the right edge of a `width`-column line, after `left`. */
export function spread(left: Line, right: Line, width: number): Line {
  const gap = width - lineWidth(left) - lineWidth(right);
  if (gap < 1) return fitLine([...left, { text: " " }, ...right], width);
  return [...left, { text: " ".repeat(gap) }, ...right];
}

/** Joins two columns side by side: `left` padded to `leftWidth`, then `right`. */
export function besideLines(left: Line[], right: Line[], leftWidth: number, gap = 2): Line[] {
  const rows = Math.max(left.length, right.length);
  const out: Line[] = [];
  for (let i = 0; i < rows; i++)
    out.push([...padLine(left[i] ?? [], leftWidth), { text: " ".repeat(gap) }, ...(right[i] ?? [])]);
  return out;
}

/** The ANSI string of one line; without colour, only bold/dim/inverse survive (NO_COLOR). */
export function renderLine(line: Line, color: boolean): string {
  let out = "";
  let openCodes = "";
  let text = "";
  const flush = () => {
    if (text !== "") out += openCodes === "" ? text : `\u001b[${openCodes}m${text}\u001b[0m`;
    text = "";
  };
  for (const s of line) {
    const codes: (number | string)[] = [];
    if (s.bold) codes.push(1);
    if (s.dim) codes.push(2);
    if (s.inverse) codes.push(7);
    if (color && s.color) codes.push(FOREGROUND[s.color]);
    if (color && s.bg) codes.push(BACKGROUND[s.bg]);
    const key = codes.join(";");
    // Neighbours with the same style share one escape sequence: frames stay small.
    if (key !== openCodes) {
      flush();
      openCodes = key;
    }
    text += s.text;
  }
  flush();
  return out;
}

export function renderLines(lines: Line[], color: boolean): string {
  return lines.map((line) => renderLine(line, color)).join("\n");
}

/** The plain text of lines (for tests and for measuring). */
export function plainText(lines: Line[]): string {
  return lines.map((line) => line.map((s) => s.text).join("")).join("\n");
}
