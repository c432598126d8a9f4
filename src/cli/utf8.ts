// Input files must be UTF-8 (ARCHITECTURE.md, "Inputs and files"): a file that is not is an encoding error at the byte
// where it stops being UTF-8, instead of a YAML or schema error somewhere after a U+FFFD.

export interface EncodingProblem {
  /** 0-based offset of the first byte of the invalid sequence. */
  offset: number;
  /** 1-based line and column (in characters) of that byte, counted in the valid text before it. */
  line: number;
  column: number;
  message: string;
}

/** The text of a UTF-8 file (a leading byte-order mark is kept, as the YAML parser skips it). */
export function decodeUtf8(bytes: Uint8Array): { text: string } | { problem: EncodingProblem } {
  const offset = firstInvalidUtf8(bytes);
  if (offset < 0) return { text: new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes) };
  const before = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes.subarray(0, offset));
  const lineStart = before.lastIndexOf("\n") + 1;
  const line = countNewlines(before) + 1;
  return { problem: { offset, line, column: before.length - lineStart + 1, message: describe(bytes, offset) } };
}

/**
 * The offset of the first byte that does not begin a well-formed UTF-8 sequence (Unicode 15,
 * table 3-7: no overlong forms, no surrogates, nothing above U+10FFFF), or -1 when all are.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const length = sequenceLength(bytes, i);
    if (length === 0) return i;
    i += length;
  }
  return -1;
}

/** Length of the well-formed sequence starting at `i`, or 0 when there is none. */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const lead = bytes[i];
  if (lead < 0x80) return 1;
  // The allowed range of the second byte depends on the lead; later bytes are always 80..BF.
  let length: number;
  let low = 0x80;
  let high = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) length = 2;
  else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3;
    if (lead === 0xe0) low = 0xa0; // overlong below U+0800
    if (lead === 0xed) high = 0x9f; // UTF-16 surrogates
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4;
    if (lead === 0xf0) low = 0x90; // overlong below U+10000
    if (lead === 0xf4) high = 0x8f; // above U+10FFFF
  } else return 0;
  if (i + length > bytes.length) return 0;
  if (bytes[i + 1] < low || bytes[i + 1] > high) return 0;
  for (let k = 2; k < length; k++) if (bytes[i + k] < 0x80 || bytes[i + k] > 0xbf) return 0;
  return length;
}

function describe(bytes: Uint8Array, offset: number): string {
  const hex = (b: number) => `0x${b.toString(16).toUpperCase().padStart(2, "0")}`;
  if (
    offset === 0 &&
    bytes.length >= 2 &&
    ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
  )
    return "not UTF-8: the file starts with a UTF-16 byte-order mark; save it as UTF-8";
  const shown = Array.from(bytes.subarray(offset, offset + 4), hex).join(" ");
  return `not UTF-8: byte ${hex(bytes[offset])} at byte offset ${offset} does not start a valid UTF-8 character (bytes here: ${shown}); save the file as UTF-8 (it may be Latin-1 or Windows-1252)`;
}

function countNewlines(text: string): number {
  let count = 0;
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) count++;
  return count;
}
