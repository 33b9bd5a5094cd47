import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, describe, it } from "node:test";
import { signDevToken } from "@gcn/gateway";
import { DEV_JWT_SECRET } from "@gcn/shared";
import { createTestDatabase, dropTestDatabase, waitFor } from "@gcn/shared/testing";
import {
  drillBroker,
  registerEntity,
  serviceProcess,
  entityUpdateEventIds,
  entityUpdateWriters,
  waitForOutboxPublished,
  type DrillBroker,
  type ServiceProcess,
} from "./drill-kit";
import { keptProblems, resumingSubscriber } from "./subscription-kit";

const CHANGES = 600;
const AGGREGATES = 20;
const SUBSCRIBERS = 10;
const OUTAGE_MS = 15_000;

/** R22: the Kafka broker stopped for 15 s while subscribers watch changes through the gateway. */
describe("R22: the broker goes away under the subscribers", () => {
  const processes: ServiceProcess[] = [];
  let broker: DrillBroker | undefined;
  let database: string | undefined;
  after(async () => {
    for (const process of processes) await process.kill("SIGKILL");
    await broker?.remove();
    if (database) await dropTestDatabase(database);
  });

  it("pauses delivery during the outage and resumes it after, nothing missed, nothing twice", async () => {
    broker = await drillBroker();
    await broker.start();
    database = await createTestDatabase("drill_r22_entities");
    const prefix = `r22-${randomUUID().slice(0, 8)}.`;
    const kafka = { KAFKA_BROKERS: broker.brokers.join(","), KAFKA_TOPIC_PREFIX: prefix };
    const entities = await serviceProcess("entities", {
      ...kafka,
      CONSUMER_GROUP_PREFIX: prefix,
      ENTITIES_DATABASE_URL: database,
    });
    processes.push(entities);
    await entities.start();
    const ids: string[] = [];
    for (let i = 0; i < AGGREGATES; i++)
      ids.push((await registerEntity(entities.url, `R22_${i}`)).id!);
    const gateway = await serviceProcess("gateway", {
      ...kafka,
      SUBGRAPH_URL_ENTITIES: entities.url,
    });
    processes.push(gateway);
    await gateway.start();
    const token = await signDevToken(DEV_JWT_SECRET, { sub: "r22-wall", roles: ["ANALYST"] });
    const subscribers = Array.from({ length: SUBSCRIBERS }, () =>
      resumingSubscriber({
        url: () => gateway.url.replace(/^http/, "ws"),
        token,
        query: `subscription($after: String) { entityChanged(after: $after) { id sequence cursor entity { id } } }`,
        field: "entityChanged",
        record: "entity",
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 1500));

    const writers = entityUpdateWriters(entities.url, ids, CHANGES, {
      writers: 2,
      pauseMs: 40,
      label: "R22",
    });
    while (writers.sent() < CHANGES / 4) await new Promise((resolve) => setTimeout(resolve, 20));
    await broker.stop();
    const stoppedAt = writers.sent();
    const receivedAtStop = subscribers[0]!.kept.length;
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
    const writtenDuringOutage = writers.sent() - stoppedAt;
    await broker.start();
    assert.deepEqual(await writers.done, [], "every change was taken, broker or not");
    await waitForOutboxPublished(database, 90_000, "the backlog published", entities);
    const expected = await entityUpdateEventIds(database);
    assert.equal(expected.size, CHANGES);
    try {
      await waitFor(() => subscribers.every((subscriber) => subscriber.kept.length >= CHANGES), {
        timeoutMs: 90_000,
        what: "every subscriber has every change after the outage",
      });
      await new Promise((resolve) => setTimeout(resolve, 1000));
    } finally {
      await Promise.all(subscribers.map((subscriber) => subscriber.stop()));
    }
    console.log(
      `# R22: broker stopped ${OUTAGE_MS / 1000} s after ${stoppedAt} of ${CHANGES} changes ` +
        `(${receivedAtStop} delivered by then); ${writtenDuringOutage} written during the ` +
        `outage; every subscriber then had all ${CHANGES}`,
    );
    for (const [index, subscriber] of subscribers.entries()) {
      assert.deepEqual(subscriber.errors, [], `subscriber ${index}: errors`);
      assert.equal(subscriber.reconnects, 0, `subscriber ${index} kept its connection`);
      assert.deepEqual(keptProblems(subscriber.kept, expected), [], `subscriber ${index}`);
    }
  });
});
