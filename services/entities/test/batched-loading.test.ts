import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { countStatements } from "@gcn/shared/testing";
import {
  APPOINT,
  REGISTER,
  startEntitiesForTest,
  type TestEntitiesService,
} from "./entities-test-service";

const PAGE = `{ entities(first: 200) { totalCount edges { node { code parent { code } children { code } liaisons { fullNameAr entity { code } } } } } }`;

describe("batched loading (no N+1)", () => {
  let api: TestEntitiesService;

  before(async () => {
    api = await startEntitiesForTest();
  });
  after(async () => {
    await api.stop();
  });

  async function addEntities(from: number, to: number, parentId?: string): Promise<void> {
    for (let i = from; i < to; i++) {
      const created = await api.gql<{ registerEntity: { id: string } }>(REGISTER, {
        input: { code: `E${i}`, nameAr: `جهة رقم ${i}`, kind: "AGENCY", parentId },
      });
      await api.gql(APPOINT, {
        input: {
          entityId: created.data!.registerEntity.id,
          fullNameAr: `منسق ${i}`,
          role: "PRIMARY",
        },
      });
    }
  }

  async function statementsForPage(expected: number): Promise<number> {
    const { result: page, statements } = await countStatements(api.service.dataSource, () =>
      api.gql<{ entities: { totalCount: number } }>(PAGE),
    );
    assert.equal(page.errors, undefined, JSON.stringify(page.errors));
    assert.equal(page.data!.entities.totalCount, expected);
    return statements;
  }

  it("runs the same number of statements for a page of 10 entities and of 60", async () => {
    const root = await api.gql<{ registerEntity: { id: string } }>(REGISTER, {
      input: { code: "ROOT", nameAr: "الجهة الأم", kind: "MINISTRY" },
    });
    await addEntities(0, 9, root.data!.registerEntity.id);
    const small = await statementsForPage(10);
    await addEntities(9, 59, root.data!.registerEntity.id);
    const large = await statementsForPage(60);
    assert.equal(large, small, `statements: ${small} for 10 entities, ${large} for 60`);
    assert.ok(small >= 3 && small <= 6, `a page costs a handful of statements, got ${small}`);
  });
});
