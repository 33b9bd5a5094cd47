import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, describe, it } from "node:test";
import { signDevToken } from "@gcn/gateway";
import { DEV_JWT_SECRET } from "@gcn/shared";
import {
  createTestDatabase,
  dropTestDatabase,
  kafkaBrokersOrSkip,
  waitFor,
} from "@gcn/shared/testing";
import {
  registerEntity,
  serviceProcess,
  entityUpdateEventIds,
  entityUpdateWriters,
  waitForOutboxPublished,
  type ServiceProcess,
} from "./drill-kit";
import { keptProblems, resumingSubscriber } from "./subscription-kit";

const CHANGES = 2000;
const AGGREGATES = 50;
const SUBSCRIBERS = 50;
const ENTITY_CHANGES_QUERY = `subscription($after: String) {
  entityChanged(after: $after) { id sequence cursor entity { id nameEn } }
}`;

/**
 * R21: a gateway replica killed (SIGKILL) during 2,000 changes watched by 50 subscribers, who
 * reconnect to a second replica with the cursor of the last change each received.
 */
describe("R21: the gateway killed under its subscribers", () => {
  const processes: ServiceProcess[] = [];
  let database: string | undefined;
  after(async () => {
    for (const process of processes) await process.kill("SIGKILL");
    if (database) await dropTestDatabase(database);
  });

  it("gives every subscriber every change once, in order, across the replicas", async (t) => {
    const brokers = kafkaBrokersOrSkip(t);
    if (!brokers) return;
    database = await createTestDatabase("drill_r21_entities");
    const prefix = `r21-${randomUUID().slice(0, 8)}.`;
    const kafka = { KAFKA_BROKERS: brokers.join(","), KAFKA_TOPIC_PREFIX: prefix };
    const entities = await serviceProcess("entities", {
      ...kafka,
      CONSUMER_GROUP_PREFIX: prefix,
      ENTITIES_DATABASE_URL: database,
    });
    processes.push(entities);
    await entities.start();
    const ids: string[] = [];
    for (let i = 0; i < AGGREGATES; i++)
      ids.push((await registerEntity(entities.url, `R21_${i}`)).id!);
    await waitForOutboxPublished(database, 30_000, "registrations published", entities);

    const gatewayEnv = { ...kafka, SUBGRAPH_URL_ENTITIES: entities.url };
    const [first, second] = [
      await serviceProcess("gateway", gatewayEnv),
      await serviceProcess("gateway", gatewayEnv),
    ] as [ServiceProcess, ServiceProcess];
    processes.push(first, second);
    await first.start();
    await second.start();
    let serving = first.url.replace(/^http/, "ws");
    const token = await signDevToken(DEV_JWT_SECRET, { sub: "r21-wall", roles: ["ANALYST"] });
    const subscribers = Array.from({ length: SUBSCRIBERS }, () =>
      resumingSubscriber({
        url: () => serving,
        token,
        query: ENTITY_CHANGES_QUERY,
        field: "entityChanged",
        record: "entity",
      }),
    );
    // Every subscriber is live before the first change.
    await new Promise((resolve) => setTimeout(resolve, 1500));

    // Spread the changes so that the kill lands in the middle of them.
    const writers = entityUpdateWriters(entities.url, ids, CHANGES, {
      writers: 4,
      pauseMs: 10,
      label: "R21",
    });
    while (writers.sent() < CHANGES / 3) await new Promise((resolve) => setTimeout(resolve, 20));
    const killedAt = writers.sent();
    serving = second.url.replace(/^http/, "ws");
    await first.kill("SIGKILL");
    assert.deepEqual(await writers.done, [], "every change was taken");
    await waitForOutboxPublished(database, 60_000, "every change published", entities);

    const expected = await entityUpdateEventIds(database);
    assert.equal(expected.size, CHANGES);
    try {
      await waitFor(() => subscribers.every((subscriber) => subscriber.kept.length >= CHANGES), {
        timeoutMs: 90_000,
        what: "every subscriber has every change",
      });
      // Anything more arriving now would be a change twice.
      await new Promise((resolve) => setTimeout(resolve, 1000));
    } finally {
      await Promise.all(subscribers.map((subscriber) => subscriber.stop()));
    }
    const reconnected = subscribers.filter((subscriber) => subscriber.reconnects > 0).length;
    const received = subscribers.reduce((sum, subscriber) => sum + subscriber.kept.length, 0);
    console.log(
      `# R21: ${CHANGES} changes, ${SUBSCRIBERS} subscribers; the first replica killed after ` +
        `${killedAt} writes; ${reconnected} subscribers resumed on the second; ${received} ` +
        `changes received in all`,
    );
    for (const [index, subscriber] of subscribers.entries()) {
      assert.deepEqual(subscriber.errors, [], `subscriber ${index}: errors`);
      assert.deepEqual(keptProblems(subscriber.kept, expected), [], `subscriber ${index}`);
    }
    assert.equal(reconnected, SUBSCRIBERS, "every subscriber lost its replica and resumed");
  });
});
