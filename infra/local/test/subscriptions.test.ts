import assert from "node:assert/strict";
import { once } from "node:events";
import { after, before, describe, it } from "node:test";
import { ApolloClient, gql, InMemoryCache } from "@apollo/client";
import { GraphQLWsLink } from "@apollo/client/link/subscriptions";
import { signDevToken } from "@gcn/gateway";
import { DEV_JWT_SECRET } from "@gcn/shared";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { startPlatformForTest, type TestPlatform } from "./platform-test-kit";
import { sseClientOf, subscribed, wsClientOf, type Received } from "./subscription-kit";

const REGISTER = `mutation($code: String!, $nameEn: String) { registerEntity(input: { code: $code, nameAr: "جهة الاشتراكات", nameEn: $nameEn, kind: AUTHORITY }) { id } }`;
const SCHEDULE = `mutation($input: SchedulePlanItemInput!) { schedulePlanItem(input: $input) { id } }`;
const MARCH_ITEMS = `subscription($after: String) {
  planItemChanged(period: { year: 2027, month: 3 }, after: $after) {
    id type sequence time actor cursor
    item { titleAr status owner { code name(locale: EN) } }
  }
}`;

const itemInput = (ownerId: string, startsAt: string, titleAr: string) => ({
  ownerId,
  kind: "EVENT",
  titleAr,
  startsAt,
  endsAt: new Date(new Date(startsAt).getTime() + 3_600_000).toISOString(),
  channels: ["PRESS"],
  priority: "NORMAL",
});

describe("subscriptions through the gateway (embedded default)", () => {
  let platform: TestPlatform;
  let ownerId: string;
  let otherOwnerId: string;
  /** The owner's own liaison schedules an item, as on the month calendar. */
  const schedule = async (startsAt: string, titleAr: string, owner = ownerId) => {
    const result = await platform.as<{ schedulePlanItem: { id: string } }>(
      ["LIAISON"],
      SCHEDULE,
      { input: itemInput(owner, startsAt, titleAr) },
      owner,
    );
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    return result.data!.schedulePlanItem.id;
  };

  before(async () => {
    // A low slow-consumer bound, so that a client that stops reading reaches it in seconds.
    platform = await startPlatformForTest({
      gatewayEnv: { SUBSCRIPTION_MAX_BEHIND: "10", SUBSCRIPTIONS_PER_TOKEN: "30" },
    });
    const registered = await platform.as<{ registerEntity: { id: string } }>(["ADMIN"], REGISTER, {
      code: "SUBS",
      nameEn: "Subscriptions Authority",
    });
    ownerId = registered.data!.registerEntity.id;
    const other = await platform.as<{ registerEntity: { id: string } }>(["ADMIN"], REGISTER, {
      code: "SUBS_OTHER",
      nameEn: "Another Authority",
    });
    otherOwnerId = other.data!.registerEntity.id;
    // The plan service learns of the entity from its event before it takes items for it.
    await new Promise((resolve) => setTimeout(resolve, 300));
  });
  after(async () => {
    await platform.stop();
  });

  it("delivers a scheduled item of the month over WebSocket, with its owner's name from the entities subgraph, and nothing of another month", async () => {
    const client = await wsClientOf(platform, ["ANALYST"]);
    const march = subscribed((sink) => client.subscribe({ query: MARCH_ITEMS }, sink));
    await new Promise((resolve) => setTimeout(resolve, 300));
    await schedule("2027-04-02T07:00:00Z", "فعالية أبريل");
    const id = await schedule("2027-03-10T07:00:00Z", "فعالية مارس");
    const [change] = await march.next(1);
    const got = change!.data!.planItemChanged!;
    assert.equal(got.type, "gcn.plan.PlanItemScheduled.v1");
    assert.deepEqual(got.item, {
      titleAr: "فعالية مارس",
      status: "PLANNED",
      owner: { code: "SUBS", name: "Subscriptions Authority" },
    });
    assert.equal(got.sequence, "00000000000000000001");
    assert.match(got.actor as string, /liaison/);
    assert.equal(change!.extensions?.cursor, got.cursor, "the cursor rides in extensions too");
    assert.deepEqual(await march.during(500), [], "April's item is not March's");
    assert.ok(id);
    march.stop();
    await client.dispose();
  });

  it("holds the owner filter, and checks a subscription against the same document limits as a query", async () => {
    const client = await wsClientOf(platform, ["ANALYST"]);
    const others = subscribed((sink) =>
      client.subscribe(
        {
          query: `subscription($owner: ID) { planItemChanged(ownerId: $owner) { item { titleAr owner { code } } } }`,
          variables: { owner: otherOwnerId },
        },
        sink,
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    await schedule("2027-03-11T07:00:00Z", "بند الجهة الأولى");
    await schedule("2027-03-12T07:00:00Z", "بند الجهة الأخرى", otherOwnerId);
    const [change] = await others.next(1);
    assert.deepEqual(change!.data!.planItemChanged!.item, {
      titleAr: "بند الجهة الأخرى",
      owner: { code: "SUBS_OTHER" },
    });
    assert.deepEqual(await others.during(500), [], "the first owner's item is not the other's");
    others.stop();

    const aliases = Array.from({ length: 16 }, (_, i) => `t${i}: titleAr`).join(" ");
    const tooWide = subscribed((sink) =>
      client.subscribe({ query: `subscription { planItemChanged { item { ${aliases} } } }` }, sink),
    );
    await tooWide.next(1, 3000).catch(() => []);
    const refused = tooWide.failure as Received["errors"];
    assert.equal(refused?.[0]?.extensions?.code, "MAX_ALIASES_EXCEEDED", JSON.stringify(refused));
    await client.dispose();
  });

  it("resumes after a cursor with exactly the changes missed, in order, then the live ones", async () => {
    const client = await wsClientOf(platform, ["ADMIN"]);
    const first = subscribed((sink) => client.subscribe({ query: MARCH_ITEMS }, sink));
    await new Promise((resolve) => setTimeout(resolve, 300));
    await schedule("2027-03-01T07:00:00Z", "قبل الانقطاع");
    const [seen] = await first.next(1);
    const cursor = seen!.data!.planItemChanged!.cursor;
    first.stop();
    const missed: string[] = [];
    for (let i = 1; i <= 20; i++) {
      const title = `أثناء الانقطاع ${i}`;
      missed.push(title);
      await schedule(`2027-03-${String(i + 1).padStart(2, "0")}T07:00:00Z`, title);
    }
    const resumed = subscribed((sink) =>
      client.subscribe({ query: MARCH_ITEMS, variables: { after: cursor } }, sink),
    );
    const replayed = await resumed.next(20);
    assert.deepEqual(
      replayed.map((result) => (result.data!.planItemChanged!.item as { titleAr: string }).titleAr),
      missed,
    );
    await schedule("2027-03-25T07:00:00Z", "بعد العودة");
    const [live] = await resumed.next(1);
    assert.equal((live!.data!.planItemChanged!.item as { titleAr: string }).titleAr, "بعد العودة");
    assert.deepEqual(await resumed.during(300), [], "each change once");
    resumed.stop();
    await client.dispose();
  });

  it("refuses a connection without a valid token, and a cursor from before a restart", async () => {
    const anonymous = await wsClientOf(platform, undefined);
    const refused = subscribed((sink) => anonymous.subscribe({ query: MARCH_ITEMS }, sink));
    await refused.next(1, 3000).catch(() => []);
    const closed = refused.failure as { code?: number } | undefined;
    assert.equal(closed?.code, 4403, "no token, no subscription");
    await anonymous.dispose();

    const client = await wsClientOf(platform, ["ADMIN"]);
    const foreign = Buffer.from(
      JSON.stringify({ e: "in-process-old", t: "gcn.plan.v1", o: { 0: "3" } }),
    ).toString("base64url");
    const stale = subscribed((sink) =>
      client.subscribe({ query: MARCH_ITEMS, variables: { after: foreign } }, sink),
    );
    await stale.next(1, 3000).catch(() => []);
    const expired = stale.failure as Received["errors"];
    assert.equal(expired?.[0]?.extensions?.code, "CURSOR_EXPIRED", JSON.stringify(expired));
    const bad = subscribed((sink) =>
      client.subscribe({ query: MARCH_ITEMS, variables: { after: "not-a-cursor" } }, sink),
    );
    await bad.next(1, 3000).catch(() => []);
    const errors = bad.failure as Received["errors"];
    assert.equal(errors?.[0]?.extensions?.code, "BAD_USER_INPUT");
    await client.dispose();
  });

  it("serves the same over Server-Sent Events, each change's cursor as the event's id", async () => {
    const client = await sseClientOf(platform, ["ANALYST"]);
    const march = subscribed((sink) => client.subscribe({ query: MARCH_ITEMS }, sink));
    await new Promise((resolve) => setTimeout(resolve, 300));
    await schedule("2027-03-15T07:00:00Z", "عبر الأحداث");
    const [change] = await march.next(1);
    const got = change!.data!.planItemChanged!;
    assert.equal((got.item as { titleAr: string }).titleAr, "عبر الأحداث");
    march.stop();
    client.dispose();

    // Raw, as a browser's EventSource sees it: `id:` lines, and Last-Event-ID resumes after one.
    const token = await platform.token(["ANALYST"]);
    const controller = new AbortController();
    const response = await fetch(platform.gatewayUrl, {
      method: "POST",
      headers: {
        accept: "text/event-stream",
        "content-type": "application/json",
        authorization: `Bearer ${token}`,
        "last-event-id": got.cursor,
      },
      body: JSON.stringify({ query: MARCH_ITEMS }),
      signal: controller.signal,
    });
    assert.equal(response.status, 200);
    assert.match(response.headers.get("content-type") ?? "", /^text\/event-stream/);
    await schedule("2027-03-16T07:00:00Z", "بعد آخر معرف");
    const reader = response.body!.getReader();
    let text = "";
    while (!text.includes("بعد آخر معرف")) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    controller.abort();
    const events = text.split("\n\n").filter((block) => block.includes("event: next"));
    assert.equal(events.length, 1, "only the change after Last-Event-ID");
    const id = /^id: (.+)$/m.exec(events[0]!)?.[1];
    const data = JSON.parse(/^data: (.+)$/m.exec(events[0]!)![1]!) as Received;
    assert.equal(id, data.data!.planItemChanged!.cursor);

    const anonymous = await fetch(platform.gatewayUrl, {
      method: "POST",
      headers: { accept: "text/event-stream", "content-type": "application/json" },
      body: JSON.stringify({ query: MARCH_ITEMS }),
    });
    assert.equal(anonymous.status, 401);
  });

  it("reads a changed record once per event for subscribers who see it alike, and applies field rules per subscriber", async () => {
    const service = platform.gateway.subscriptions!.service;
    const analysts = await Promise.all([
      wsClientOf(platform, ["ANALYST"]),
      wsClientOf(platform, ["ANALYST"]),
    ]);
    const admin = await wsClientOf(platform, ["ADMIN"]);
    const ENTITY = `subscription($id: ID) { entityChanged(id: $id) { type entity { code liaisons { fullNameAr email } } } }`;
    const variables = { id: ownerId };
    const streams = [...analysts, admin].map((client) =>
      subscribed((sink) => client.subscribe({ query: ENTITY, variables }, sink)),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    const readsBefore = service.recordReads;
    const appointed = await platform.as(
      ["ADMIN"],
      `mutation($input: AppointLiaisonInput!) { appointLiaison(input: $input) { id } }`,
      {
        input: {
          entityId: ownerId,
          fullNameAr: "منسقة الاشتراكات",
          role: "MEDIA",
          email: "subs@example.bh",
        },
      },
    );
    assert.equal(appointed.errors, undefined, JSON.stringify(appointed.errors));
    const [[a], [b], [c]] = await Promise.all(streams.map((stream) => stream.next(1)));
    assert.equal(
      service.recordReads - readsBefore,
      2,
      "one read for both analysts, one for the admin",
    );
    const liaisonsOf = (result: Received | undefined) =>
      (result!.data!.entityChanged!.entity as { liaisons: { email: string | null }[] }).liaisons;
    assert.equal(a!.data!.entityChanged!.type, "gcn.entities.LiaisonAppointed.v1");
    assert.deepEqual(liaisonsOf(a), [{ fullNameAr: "منسقة الاشتراكات", email: null }]);
    assert.deepEqual(liaisonsOf(b), liaisonsOf(a));
    assert.deepEqual(liaisonsOf(c), [{ fullNameAr: "منسقة الاشتراكات", email: "subs@example.bh" }]);
    for (const stream of streams) stream.stop();
    await Promise.all([...analysts, admin].map((client) => client.dispose()));
  });

  it("holds a connection and a token to their subscription limits, and frees a place when one ends", async () => {
    const client = await wsClientOf(platform, ["ANALYST"]);
    const streams = Array.from({ length: 20 }, () =>
      subscribed((sink) => client.subscribe({ query: MARCH_ITEMS }, sink)),
    );
    const extra = subscribed((sink) => client.subscribe({ query: MARCH_ITEMS }, sink));
    await extra.next(1, 3000).catch(() => []);
    const refused = extra.failure as Received["errors"];
    assert.equal(refused?.[0]?.extensions?.code, "SUBSCRIPTION_LIMIT_EXCEEDED");
    streams[0]!.stop();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const again = subscribed((sink) => client.subscribe({ query: MARCH_ITEMS }, sink));
    await again.during(300);
    assert.equal(again.failure, undefined, "the freed place is taken");

    // The same token on a second connection: 10 more reach its limit of 30 on this replica.
    const second = await wsClientOf(platform, ["ANALYST"]);
    const more = Array.from({ length: 10 }, () =>
      subscribed((sink) => second.subscribe({ query: MARCH_ITEMS }, sink)),
    );
    const beyond = subscribed((sink) => second.subscribe({ query: MARCH_ITEMS }, sink));
    await beyond.next(1, 3000).catch(() => []);
    const overToken = beyond.failure as Received["errors"];
    assert.equal(overToken?.[0]?.extensions?.code, "SUBSCRIPTION_LIMIT_EXCEEDED");
    assert.match(overToken?.[0]?.message ?? "", /token holds at most 30/);
    for (const stream of [...streams, again, ...more]) stream.stop();
    await Promise.all([client.dispose(), second.dispose()]);
  });

  it("ends a subscription with TOKEN_EXPIRED when its token expires", async () => {
    const token = await signDevToken(DEV_JWT_SECRET, {
      sub: "short-lived",
      roles: ["ANALYST"],
      expiresIn: "2s",
    });
    const client = createClient({
      url: platform.gatewayUrl.replace(/^http/, "ws"),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
    });
    const march = subscribed((sink) => client.subscribe({ query: MARCH_ITEMS }, sink));
    const [ended] = await march.next(1, 6000);
    assert.equal(march.failure, undefined, JSON.stringify(march.failure));
    assert.equal(ended!.errors?.[0]?.extensions?.code, "TOKEN_EXPIRED");
    await march.during(200);
    assert.equal(march.completed, true, "the subscription ends there");
    await client.dispose();
  });

  it("works with Apollo Client's GraphQLWsLink, whose cache normalises the changed record", async () => {
    const link = new GraphQLWsLink(await wsClientOf(platform, ["ANALYST"]));
    const client = new ApolloClient({ link, cache: new InMemoryCache() });
    const received: { data?: unknown; error?: unknown }[] = [];
    const subscription = client
      .subscribe({
        query: gql`
          subscription MarchItems {
            planItemChanged(period: { year: 2027, month: 3 }) {
              id
              type
              cursor
              item {
                id
                titleAr
                owner {
                  id
                  name(locale: EN)
                }
              }
            }
          }
        `,
      })
      .subscribe({ next: (result) => received.push(result) });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const id = await schedule("2027-03-20T07:00:00Z", "عبر أبولو");
    for (let waited = 0; received.length === 0 && waited < 10_000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    subscription.unsubscribe();
    await link.client.dispose();
    assert.equal(received.length, 1, JSON.stringify(received));
    assert.equal(received[0]!.error, undefined, String(received[0]!.error));
    const change = (received[0]!.data as { planItemChanged: Record<string, unknown> })
      .planItemChanged;
    // Apollo Client adds __typename to every selection; the gateway answers each.
    assert.equal(change.__typename, "PlanItemChange");
    assert.deepEqual(change.item, {
      __typename: "PlanItem",
      id,
      titleAr: "عبر أبولو",
      owner: { __typename: "GovernmentEntity", id: ownerId, name: "Subscriptions Authority" },
    });
    const cached = client.cache.extract() as Record<string, Record<string, unknown>>;
    assert.equal(cached[`PlanItem:${id}`]?.titleAr, "عبر أبولو", "the item is in the cache");
    assert.ok(cached[`GovernmentEntity:${ownerId}`], "and its owner");
  });

  it("cuts off a subscriber that stops reading with SLOW_CONSUMER, holding nothing for it, and its last cursor resumes the rest", async () => {
    const service = platform.gateway.subscriptions!.service;
    // Large payloads fill the socket's buffers in about a hundred changes.
    const copies = "abcdefgh"
      .split("")
      .map((alias) => `${alias}: description`)
      .join(" ");
    const heavy = `subscription { planItemChanged(period: { year: 2027, month: 5 }) { cursor item { titleAr ${copies} keyMessages } } }`;
    const token = await platform.token(["ANALYST"]);
    const socket = new WebSocket(
      platform.gatewayUrl.replace(/^http/, "ws"),
      "graphql-transport-ws",
    );
    const messages: { type: string; id?: string; payload?: Received & Received["errors"] }[] = [];
    socket.on("message", (data) => messages.push(JSON.parse(String(data))));
    await once(socket, "open");
    socket.send(
      JSON.stringify({ type: "connection_init", payload: { authorization: `Bearer ${token}` } }),
    );
    while (!messages.some((message) => message.type === "connection_ack")) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    socket.send(JSON.stringify({ id: "heavy", type: "subscribe", payload: { query: heavy } }));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const text = "وصف طويل ".repeat(440);
    const titles: string[] = [];
    const scheduleHeavy = async () => {
      const title = `ثقيل ${titles.length + 1}`;
      const day = String((titles.length % 28) + 1).padStart(2, "0");
      const result = await platform.as(["ADMIN"], SCHEDULE, {
        input: {
          ...itemInput(ownerId, `2027-05-${day}T07:00:00Z`, title),
          description: text.slice(0, 3990),
          keyMessages: Array.from({ length: 10 }, () => text.slice(0, 490)),
        },
      });
      assert.equal(result.errors, undefined, JSON.stringify(result.errors));
      titles.push(title);
    };
    await scheduleHeavy();
    for (let waited = 0; !messages.some((message) => message.type === "next"); waited += 50) {
      assert.ok(waited < 10_000, `the subscription delivers nothing: ${JSON.stringify(messages)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // The client stops reading its socket, as a frozen browser tab would.
    socket.pause();
    const slowBefore = service.slowConsumers;
    while (service.slowConsumers === slowBefore) {
      assert.ok(titles.length < 600, "600 changes went by without the subscriber being cut off");
      await scheduleHeavy();
    }
    // The client reads again: what its socket held, then the coded error, and the end.
    socket.resume();
    for (let waited = 0; !messages.some((message) => message.type === "complete"); waited += 50) {
      assert.ok(waited < 20_000, `no end came: ${messages.length} messages`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const results = messages.filter((message) => message.id === "heavy" && message.type === "next");
    const ending = results.pop()!;
    assert.equal(ending.payload?.errors?.[0]?.extensions?.code, "SLOW_CONSUMER");
    const nexts = results;
    assert.ok(
      nexts.length > 0 && nexts.length < titles.length,
      `${nexts.length} of ${titles.length}`,
    );
    const gotTitles = nexts.map(
      (message) => (message.payload!.data!.planItemChanged!.item as { titleAr: string }).titleAr,
    );
    assert.deepEqual(gotTitles, titles.slice(0, nexts.length), "in order, none skipped");
    socket.close();

    // Resubscribing with the last cursor it read gets exactly the rest.
    const lastCursor = nexts.at(-1)!.payload!.data!.planItemChanged!.cursor;
    const client = await wsClientOf(platform, ["ANALYST"]);
    const rest = subscribed((sink) =>
      client.subscribe(
        {
          query: `subscription($after: String) { planItemChanged(period: { year: 2027, month: 5 }, after: $after) { item { titleAr } } }`,
          variables: { after: lastCursor },
        },
        sink,
      ),
    );
    const missed = await rest.next(titles.length - nexts.length);
    assert.deepEqual(
      missed.map((result) => (result.data!.planItemChanged!.item as { titleAr: string }).titleAr),
      titles.slice(nexts.length),
    );
    rest.stop();
    await client.dispose();
  });
});
