import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { utf8BytesOf } from "../src/utf8-bytes";

/** An answer's text of about `characters` characters, repeating `sample`. */
const textOf = (sample: string, characters: number) =>
  sample.repeat(Math.ceil(characters / sample.length));

describe("utf8BytesOf (the bytes an answer is written with)", () => {
  const samples = {
    ASCII: '{"id":"ac9bea92","score":65.86},',
    Arabic: '{"title":"نشاط اتصالي رقم 1","name":"الجهة الحكومية"},',
    "characters outside the BMP (surrogate pairs)": '{"note":"تحديث 📣 𝒢𝒞𝒩"},',
  };
  for (const [what, sample] of Object.entries(samples)) {
    it(`encodes ${what} as Buffer.from does, small and large`, () => {
      for (const characters of [10, 4095, 4096, 60_000]) {
        const text = textOf(sample, characters);
        const bytes = utf8BytesOf(text);
        assert.ok(bytes.equals(Buffer.from(text, "utf8")), `${characters} characters`);
        assert.equal(bytes.length, Buffer.byteLength(text), "the length is the bytes' own");
        assert.equal(bytes.toString("utf8"), text);
      }
    });
  }

  it("keeps a lone surrogate as Buffer.from does (the replacement character)", () => {
    const text = textOf('{"broken":"\ud83d"},', 5000);
    assert.ok(utf8BytesOf(text).equals(Buffer.from(text, "utf8")));
  });
});
