// Input that is not UTF-8 (ARCHITECTURE.md, "Inputs and files"): found at the first byte of the first ill-formed
// sequence, of every kind, after any valid text; well-formed UTF-8 always passes.

import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { decodeUtf8, firstInvalidUtf8 } from "../../src/cli/utf8.js";

const byteIn = (min: number, max: number) => fc.integer({ min, max });
const continuation = byteIn(0x80, 0xbf);
const ascii = byteIn(0x00, 0x7f);
const anyBytes = fc.uint8Array({ maxLength: 8 }).map((bytes) => [...bytes]);

/** Every kind of ill-formed sequence, each followed by bytes that cannot repair it. */
const illFormed = fc.oneof(
  fc.tuple(continuation, anyBytes).map(([b, rest]) => ({ kind: "lone continuation byte", bytes: [b, ...rest] })),
  fc
    .tuple(fc.constantFrom(0xc0, 0xc1, 0xf5, 0xf8, 0xfc, 0xfe, 0xff), anyBytes)
    .map(([b, rest]) => ({ kind: "byte that never starts a character", bytes: [b, ...rest] })),
  fc
    .tuple(byteIn(0x80, 0x9f), continuation, anyBytes)
    .map(([b1, b2, rest]) => ({ kind: "overlong 3-byte form", bytes: [0xe0, b1, b2, ...rest] })),
  fc
    .tuple(byteIn(0xa0, 0xbf), continuation, anyBytes)
    .map(([b1, b2, rest]) => ({ kind: "UTF-16 surrogate", bytes: [0xed, b1, b2, ...rest] })),
  fc
    .tuple(byteIn(0x80, 0x8f), continuation, continuation, anyBytes)
    .map(([b1, b2, b3, rest]) => ({ kind: "overlong 4-byte form", bytes: [0xf0, b1, b2, b3, ...rest] })),
  fc
    .tuple(byteIn(0x90, 0xbf), continuation, continuation, anyBytes)
    .map(([b1, b2, b3, rest]) => ({ kind: "above U+10FFFF", bytes: [0xf4, b1, b2, b3, ...rest] })),
  fc.tuple(fc.constantFrom("é", "€", "😀"), fc.option(ascii, { nil: undefined })).chain(([character, next]) => {
    const full = [...Buffer.from(character, "utf8")];
    return fc.integer({ min: 1, max: full.length - 1 }).map((keep) => ({
      kind: "character cut short",
      bytes: [...full.slice(0, keep), ...(next === undefined ? [] : [next])],
    }));
  }),
  fc
    .tuple(fc.constantFrom(0xe9, 0xe8, 0xfc, 0xf6), fc.stringMatching(/^[a-z ]{1,6}$/))
    .map(([latin1, rest]) => ({ kind: "Latin-1 letter", bytes: [latin1, ...Buffer.from(rest, "latin1")] })),
);

describe("UTF-8 input", () => {
  test.prop([fc.string({ unit: "binary", maxLength: 200 }), illFormed], { numRuns: 400 })(
    "finds the first ill-formed sequence after any valid text, at its byte, line and column",
    (valid, { bytes }) => {
      const prefix = Buffer.from(valid, "utf8");
      const file = Uint8Array.from([...prefix, ...bytes]);
      expect(firstInvalidUtf8(file)).toBe(prefix.length);
      const decoded = decodeUtf8(file);
      expect("problem" in decoded).toBe(true);
      if (!("problem" in decoded)) return;
      expect(decoded.problem).toMatchObject({
        offset: prefix.length,
        line: valid.split("\n").length,
        column: valid.length - valid.lastIndexOf("\n"),
      });
      expect(decoded.problem.message).toContain(`at byte offset ${prefix.length} `);
      expect(decoded.problem.message).toContain("save the file as UTF-8");
    },
  );

  test.prop([fc.string({ unit: "binary", maxLength: 300 })], { numRuns: 300 })(
    "passes every well-formed UTF-8 text unchanged",
    (text) => {
      const bytes = Buffer.from(text, "utf8");
      expect(firstInvalidUtf8(bytes)).toBe(-1);
      expect(decodeUtf8(bytes)).toEqual({ text: bytes.toString("utf8") });
    },
  );

  test.prop([fc.uint8Array({ maxLength: 64 })], { numRuns: 1000 })(
    "agrees with a strict decoder on whether random bytes are UTF-8",
    (bytes) => {
      let strictOk = true;
      try {
        new TextDecoder("utf-8", { fatal: true }).decode(bytes);
      } catch {
        strictOk = false;
      }
      expect(firstInvalidUtf8(bytes) === -1).toBe(strictOk);
    },
  );

  it("keeps a UTF-8 byte-order mark and names a UTF-16 one", () => {
    expect(decodeUtf8(Uint8Array.from([0xef, 0xbb, 0xbf, 0x61]))).toEqual({ text: "\uFEFFa" });
    const utf16 = decodeUtf8(Buffer.from("\uFEFFname: x\n", "utf16le"));
    expect(utf16).toEqual({
      problem: {
        offset: 0,
        line: 1,
        column: 1,
        message: "not UTF-8: the file starts with a UTF-16 byte-order mark; save it as UTF-8",
      },
    });
  });
});
