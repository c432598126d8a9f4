import { loadScenario } from "/work/main/src/scenario/index.ts";

const base = `name: small
duration: 10m
design:
  regions:
    - name: us-east
      zones: [a, b]
  services:
    - name: api
      concurrency: 8
`;
for (const t of [
  base.replace("      zones", "\tzones"),
  base.replace("    - name: api", "    - name: api\n\tfoo: 1"),
  base + "name: again\n",
]) {
  try {
    loadScenario(t, "x.yaml");
  } catch (e) {
    console.log(e.message);
  }
}
