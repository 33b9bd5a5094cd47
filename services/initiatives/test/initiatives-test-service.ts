import { randomUUID } from "node:crypto";
import { ENTITIES_EVENTS } from "@gcn/shared";
import {
  aLiaison,
  anEntity,
  type ServiceUnderTest,
  startServiceForTest,
} from "@gcn/shared/testing";
import { service } from "../src/initiatives.service";

export interface TestInitiativesService extends ServiceUnderTest {
  knownEntity(code: string, active?: boolean): Promise<string>;
  knownLiaison(entityId: string): Promise<string>;
}

/** The initiatives service alone on a fresh database, fed entities events in-process. */
export async function startInitiativesForTest(): Promise<TestInitiativesService> {
  const sut = await startServiceForTest(service);
  return {
    ...sut,
    knownEntity: async (code, active = true) => {
      const id = randomUUID();
      await sut.deliver(ENTITIES_EVENTS.events.EntityRegistered, anEntity({ id, code, active }));
      return id;
    },
    knownLiaison: async (entityId) => {
      const id = randomUUID();
      await sut.deliver(
        ENTITIES_EVENTS.events.LiaisonAppointed,
        aLiaison({ id, entityId, active: true }),
      );
      return id;
    },
  };
}
