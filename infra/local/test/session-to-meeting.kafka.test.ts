import { describe } from "node:test";
import { itOnKafka } from "@gcn/shared/testing";
import { startPlatformForTest } from "./platform-test-kit";
import { sessionToMeetingReview } from "./session-to-meeting.flow";

describe("a media session through the platform on a real Kafka broker", () => {
  itOnKafka(
    "reaches the plan within 5 s and the monthly meeting review",
    (brokers) => startPlatformForTest({ kafkaBrokers: brokers }),
    async (platform, brokers, t) => {
      await sessionToMeetingReview(platform, (message) => t.diagnostic(message));
    },
  );
});
