import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { postGraphQL } from "@gcn/shared/testing";
import { startPlatformForTest, type TestPlatform } from "./platform-test-kit";

interface Texts {
  id: string;
  ar: string;
  en: string;
  byHeader: string;
}

/** A client that shows both languages asks for each by argument: two cache entries, not one. */
describe("bilingual fields take the language as an argument", () => {
  let platform: TestPlatform;
  before(async () => {
    platform = await startPlatformForTest({ seedDemoData: true });
  });
  after(async () => {
    await platform.stop();
  });

  it("answers name and title in the locale asked for, and in Accept-Language's without one", async () => {
    const query = `{
      entityByCode(code: "MIA") { id ar: name(locale: AR) en: name(locale: EN) byHeader: name }
      initiatives { id ar: title(locale: AR) en: title(locale: EN) byHeader: title }
      planItems(first: 5) { edges { node { id ar: title(locale: AR) en: title(locale: EN) byHeader: title } } }
    }`;
    const token = await platform.token(["ANALYST"]);
    for (const language of ["en", "ar"]) {
      const result = await postGraphQL<{
        entityByCode: Texts;
        initiatives: Texts[];
        planItems: { edges: { node: Texts }[] };
      }>(
        platform.gatewayUrl,
        query,
        {},
        {
          authorization: `Bearer ${token}`,
          "accept-language": language,
        },
      );
      assert.equal(result.errors, undefined, JSON.stringify(result.errors));
      const all = [
        result.data!.entityByCode,
        ...result.data!.initiatives,
        ...result.data!.planItems.edges.map((edge) => edge.node),
      ];
      assert.ok(all.length >= 3);
      for (const texts of all) {
        assert.match(texts.ar, /[\u0600-\u06FF]/, "Arabic when AR is asked for");
        assert.match(texts.en, /[A-Za-z]/, "English when EN is asked for");
        assert.notEqual(texts.en, texts.ar);
        assert.equal(texts.byHeader, language === "en" ? texts.en : texts.ar);
      }
    }
  });
});
