import { after, describe, it } from "node:test";
import { kafkaBrokersOrSkip } from "@gcn/shared/testing";
import { startPlatformForTest, type TestPlatform } from "./platform-test-kit";
import { sessionToMeetingReview } from "./session-to-meeting.flow";

describe("a media session through the platform on a real Kafka broker", () => {
  let platform: TestPlatform | undefined;
  after(async () => {
    await platform?.stop();
  });

  it("reaches the plan within 5 s and the monthly meeting review", async (t) => {
    const brokers = kafkaBrokersOrSkip(t);
    if (!brokers) return;
    platform = await startPlatformForTest({ kafkaBrokers: brokers });
    await sessionToMeetingReview(platform, (message) => t.diagnostic(message));
  });
});
