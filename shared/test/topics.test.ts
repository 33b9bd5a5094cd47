import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { allTopics } from "../src/events/topics";

describe("topic list", () => {
  it("matches infra/kafka/topics.txt, which the broker script creates", () => {
    const file = path.resolve(__dirname, "../../../infra/kafka/topics.txt");
    const listed = readFileSync(file, "utf8")
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith("#"));
    assert.deepEqual(listed, allTopics());
  });
});
