import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { foldForSearch } from "../src/text/arabic-folding";

describe("Arabic folding for search", () => {
  it("folds hamza-carrying alefs to bare alef", () => {
    assert.equal(foldForSearch("الإعلام"), "الاعلام");
    assert.equal(foldForSearch("أحمد"), "احمد");
    assert.equal(foldForSearch("آمنة"), "امنه");
  });

  it("folds alef maqsura to ya and ta marbuta to ha", () => {
    assert.equal(foldForSearch("مستشفى"), "مستشفي");
    assert.equal(foldForSearch("وزارة الصحة"), "وزاره الصحه");
  });

  it("drops tashkeel and tatweel", () => {
    assert.equal(foldForSearch("وِزَارَةُ"), "وزاره");
    assert.equal(foldForSearch("الإعـــلام"), "الاعلام");
  });

  it("lower-cases Latin text and collapses spaces", () => {
    assert.equal(foldForSearch("  Ministry   of INFORMATION "), "ministry of information");
  });

  it("makes a search without hamza match a name with hamza", () => {
    assert.ok(foldForSearch("وزارة شؤون الإعلام").includes(foldForSearch("الاعلام")));
  });
});
