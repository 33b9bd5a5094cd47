import assert from "node:assert/strict";
import { monthIn } from "@gcn/shared";
import { waitFor } from "@gcn/shared/testing";
import type { TestPlatform } from "./platform-test-kit";

type Item = {
  status: string;
  kind: string;
  source: string;
  outcome: string | null;
  initiativeSession: { id: string } | null;
};

/**
 * The story end to end: a session of "Meet a government official" hosted by a ministry appears in
 * the plan within 5 s, turns DONE when held, and this month's network meeting review shows it in
 * both the achievements and the initiative highlights, with host names from the entities subgraph.
 */
export async function sessionToMeetingReview(
  platform: TestPlatform,
  log: (message: string) => void,
): Promise<void> {
  const register = await platform.as<{ registerEntity: { id: string } }>(
    ["ADMIN"],
    `mutation { registerEntity(input: { code: "TAMKEEN", nameAr: "صندوق العمل (تمكين)", nameEn: "Labour Fund (Tamkeen)", kind: FUND }) { id } }`,
  );
  const tamkeen = register.data!.registerEntity.id;
  const { year, month } = monthIn(new Date(), "Asia/Bahrain");
  const meeting = await platform.as<{ scheduleMeeting: { id: string } }>(
    ["ADMIN"],
    `mutation($p: PeriodInput!) { scheduleMeeting(input: { title: "الاجتماع الشهري للشبكة", scheduledAt: "2027-01-01T07:00:00Z", period: $p }) { id } }`,
    { p: { year, month } },
  );
  // The initiatives service learns of the new entity from its event before it accepts it as a partner.
  const initiativeId = await waitFor(
    async () => {
      const proposed = await platform.as<{ proposeInitiative: { id: string } }>(
        ["ADMIN"],
        `mutation($t: ID!) { proposeInitiative(input: { code: "MEET_AN_OFFICIAL", titleAr: "لقاء مع مسؤول حكومي", format: PRESS_DIALOGUE, partnerIds: [$t] }) { id } }`,
        { t: tamkeen },
      );
      return proposed.errors ? undefined : proposed.data!.proposeInitiative.id;
    },
    { timeoutMs: 10_000, what: "the initiatives service to know the partner" },
  );
  await platform.as(["ADMIN"], `mutation($id: ID!) { launchInitiative(id: $id) { id } }`, {
    id: initiativeId,
  });

  const scheduleInput = {
    initiativeId,
    hostEntityId: tamkeen,
    officialName: "حسين محمد رجب",
    scheduledAt: new Date(Date.now() - 60 * 60_000).toISOString(),
    platforms: ["NEWS", "X"],
  };
  const session = await waitFor(
    async () => {
      const result = await platform.as<{ scheduleSession: { id: string } }>(
        ["LIAISON"],
        `mutation($input: ScheduleSessionInput!) { scheduleSession(input: $input) { id } }`,
        { input: scheduleInput },
        tamkeen,
      );
      return result.errors ? undefined : result.data!.scheduleSession;
    },
    { timeoutMs: 10_000, what: "the initiatives service to know the host" },
  );
  const scheduledAt = Date.now();
  const itemQuery = `query($o: ID) { planItems(filter: { ownerId: $o }) { edges { node { status kind source outcome initiativeSession { id } } } } }`;
  const planned = await waitFor(
    async () => {
      const result = await platform.as<{ planItems: { edges: { node: Item }[] } }>(
        ["ANALYST"],
        itemQuery,
        { o: tamkeen },
      );
      return result.data?.planItems.edges[0]?.node;
    },
    { timeoutMs: 5_000, intervalMs: 50, what: "the session's plan item" },
  );
  log(`plan item visible ${Date.now() - scheduledAt} ms after scheduleSession`);
  assert.deepEqual(planned, {
    status: "PLANNED",
    kind: "MEDIA_SESSION",
    source: "INITIATIVE_SESSION",
    outcome: null,
    initiativeSession: { id: session.id },
  });

  await platform.as(
    ["ADMIN"],
    `mutation($id: ID!) { markSessionHeld(id: $id, notes: "حوار مع 14 صحفياً") { id } }`,
    { id: session.id },
  );
  await waitFor(
    async () => {
      const result = await platform.as<{ planItems: { edges: { node: Item }[] } }>(
        ["ANALYST"],
        itemQuery,
        { o: tamkeen },
      );
      return result.data?.planItems.edges[0]?.node.status === "DONE";
    },
    { timeoutMs: 5_000, intervalMs: 50, what: "the plan item to become DONE" },
  );

  const review = await platform.as<{
    networkMeeting: {
      achievements: {
        title: string;
        outcome: string;
        owner: { name: string };
        initiativeSession: { officialName: string };
      }[];
      initiativeHighlights: {
        officialName: string;
        status: string;
        hostEntity: { name: string };
        initiative: { title: string };
      }[];
    };
  }>(
    ["ANALYST"],
    `query($id: ID!) { networkMeeting(id: $id) {
        achievements { title outcome owner { name } initiativeSession { officialName } }
        initiativeHighlights { officialName status hostEntity { name } initiative { title } } } }`,
    { id: meeting.data!.scheduleMeeting.id },
  );
  assert.equal(review.errors, undefined, JSON.stringify(review.errors));
  assert.ok(review.data?.networkMeeting, `the meeting is found: ${JSON.stringify(review)}`);
  assert.deepEqual(review.data!.networkMeeting.achievements, [
    {
      title: "لقاء مع مسؤول حكومي: حسين محمد رجب",
      outcome: "حوار مع 14 صحفياً",
      owner: { name: "صندوق العمل (تمكين)" },
      initiativeSession: { officialName: "حسين محمد رجب" },
    },
  ]);
  assert.deepEqual(review.data!.networkMeeting.initiativeHighlights, [
    {
      officialName: "حسين محمد رجب",
      status: "HELD",
      hostEntity: { name: "صندوق العمل (تمكين)" },
      initiative: { title: "لقاء مع مسؤول حكومي" },
    },
  ]);
}
