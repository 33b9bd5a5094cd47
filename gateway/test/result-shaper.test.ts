import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { leafJson } from "../src/planned/result-shaper";

/** A seeded generator, so that a failure names a string that can be made again. */
function randomOf(seed: number) {
  let state = seed;
  return (below: number) => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state % below;
  };
}

/** Code units a subgraph's strings hold, and every kind JSON.stringify treats apart. */
const UNIT_RANGES: [number, number][] = [
  [0x20, 0x7e], // printable ASCII
  [0x00, 0x1f], // controls, escaped
  [0x22, 0x22], // quote
  [0x5c, 0x5c], // backslash
  [0x7f, 0x9f], // DEL and C1 controls, not escaped
  [0x600, 0x6ff], // Arabic
  [0x2028, 0x2029], // line and paragraph separators, not escaped
  [0xd800, 0xdbff], // high surrogates
  [0xdc00, 0xdfff], // low surrogates
];

describe("leafJson (a leaf of the planned path's answer)", () => {
  it("writes every string as JSON.stringify does: escapes, Arabic, paired and lone surrogates", () => {
    const random = randomOf(21);
    for (let made = 0; made < 20_000; made++) {
      let text = "";
      const length = random(24);
      for (let unit = 0; unit < length; unit++) {
        const [low, high] = UNIT_RANGES[random(UNIT_RANGES.length)]!;
        text += String.fromCharCode(low + random(high - low + 1));
      }
      assert.equal(
        leafJson(text),
        JSON.stringify(text),
        `string #${made}: ${JSON.stringify(text)}`,
      );
    }
  });

  it("writes numbers, booleans and a custom scalar's object as JSON.stringify does", () => {
    for (const value of [0, -0, 1.5, -42, 1e21, 5e-7, true, false, { at: "2025-05-01" }, [1]]) {
      assert.equal(leafJson(value), JSON.stringify(value));
    }
  });
});
