import assert from "node:assert/strict";
import { describe } from "node:test";
import { GatewayServer, readGatewayConfig } from "@gcn/gateway";
import { createLogger, EnvReader } from "@gcn/shared";
import { itOnKafka } from "@gcn/shared/testing";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { subgraphUrlVariables } from "../src/platform-services";
import { startPlatformForTest } from "./platform-test-kit";
import { subscribed, wsClientOf } from "./subscription-kit";

const SESSIONS = `subscription($after: String) {
  sessionChanged(after: $after) { type cursor session { officialName hostEntity { code } } }
}`;

describe("subscriptions on a real Kafka broker", () => {
  itOnKafka(
    "delivers changes read from Kafka, and a second gateway replica resumes a cursor of the first from the broker",
    (brokers) => startPlatformForTest({ kafkaBrokers: brokers }),
    async (platform, brokers) => {
      const entity = await platform.as<{ registerEntity: { id: string } }>(
        ["ADMIN"],
        `mutation { registerEntity(input: { code: "KSUB", nameAr: "جهة كافكا", kind: AGENCY }) { id } }`,
      );
      const hostEntityId = entity.data!.registerEntity.id;
      const initiative = await platform.as<{ proposeInitiative: { id: string } }>(
        ["ADMIN"],
        `mutation { proposeInitiative(input: { code: "KAFKA_SUBS", titleAr: "مبادرة", format: PRESS_DIALOGUE, partnerIds: [] }) { id } }`,
      );
      const initiativeId = initiative.data!.proposeInitiative.id;
      await platform.as(["ADMIN"], `mutation($id: ID!) { launchInitiative(id: $id) { id } }`, {
        id: initiativeId,
      });
      // The initiatives service must know the host entity (its event) before it takes sessions.
      const scheduleSession = async (officialName: string) => {
        for (let attempt = 0; ; attempt++) {
          const result = await platform.as(
            ["ADMIN"],
            `mutation($input: ScheduleSessionInput!) { scheduleSession(input: $input) { id } }`,
            {
              input: {
                initiativeId,
                hostEntityId,
                officialName,
                scheduledAt: "2027-06-01T07:00:00Z",
              },
            },
          );
          if (!result.errors) return;
          if (attempt > 50) assert.fail(JSON.stringify(result.errors));
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      };

      const client = await wsClientOf(platform, ["ANALYST"]);
      const live = subscribed((sink) => client.subscribe({ query: SESSIONS }, sink));
      await new Promise((resolve) => setTimeout(resolve, 500));
      await scheduleSession("أول مسؤول");
      const [first] = await live.next(1, 20_000);
      const change = first!.data!.sessionChanged!;
      assert.equal(change.type, "gcn.initiatives.SessionScheduled.v1");
      assert.deepEqual(change.session, { officialName: "أول مسؤول", hostEntity: { code: "KSUB" } });
      live.stop();
      await client.dispose();

      for (const name of ["ثاني", "ثالث", "رابع"]) await scheduleSession(name);

      // A second replica, started after those changes: it holds none of them in memory.
      const replica = new GatewayServer(
        readGatewayConfig(
          new EnvReader({
            GATEWAY_PORT: "0",
            HOST: "127.0.0.1",
            KAFKA_BROKERS: brokers.join(","),
            KAFKA_TOPIC_PREFIX: platform.topicPrefix,
            ...subgraphUrlVariables(platform.subgraphUrls),
          }),
        ),
        createLogger("replica", "silent"),
      );
      await replica.listen();
      let replicaClosed = false;
      try {
        const token = await platform.token(["ANALYST"]);
        const other = createClient({
          url: `ws://127.0.0.1:${replica.port}/graphql`,
          webSocketImpl: WebSocket,
          connectionParams: { authorization: `Bearer ${token}` },
          retryAttempts: 0,
        });
        const resumed = subscribed((sink) =>
          other.subscribe({ query: SESSIONS, variables: { after: change.cursor } }, sink),
        );
        const missed = await resumed.next(3, 30_000);
        assert.deepEqual(
          missed.map(
            (result) =>
              (result.data!.sessionChanged!.session as { officialName: string }).officialName,
          ),
          ["ثاني", "ثالث", "رابع"],
        );
        assert.deepEqual(await resumed.during(500), [], "each once");

        // A replica that stops closes its subscribers' sockets with 1012, which clients
        // reconnect on (graphql-ws does by itself), to resume with their last cursor.
        const stopping = subscribed((sink) => other.subscribe({ query: SESSIONS }, sink));
        await new Promise((resolve) => setTimeout(resolve, 300));
        await replica.close();
        replicaClosed = true;
        await stopping.next(1, 5000).catch(() => []);
        assert.equal((stopping.failure as { code?: number } | undefined)?.code, 1012);
        resumed.stop();
        await other.dispose();
      } finally {
        if (!replicaClosed) await replica.close();
      }
    },
  );
});
