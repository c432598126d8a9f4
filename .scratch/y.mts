import { LineCounter, parseDocument } from "yaml";

const cases = [
  "name: x\nduration: [60s\n",
  "name: x\n  duration: 60s\n",
  "name: x\nname: y\n",
  "a:\n  b: 1\n c: 2\n",
  "a: b: c\n",
  "a: 'unterminated\nb: 1\n",
  "a:\n\t- x\n",
  "a: {b: 1\nc: 2\n",
];
for (const t of cases) {
  const lc = new LineCounter();
  const d = parseDocument(t, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  console.log(
    JSON.stringify(t),
    d.errors.map((e) => [e.code, e.pos, lc.linePos(e.pos[0]), e.message.split("\n")[0]]),
  );
}
