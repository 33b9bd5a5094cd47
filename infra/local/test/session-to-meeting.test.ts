import { after, before, describe, it } from "node:test";
import { startPlatformForTest, type TestPlatform } from "./platform-test-kit";
import { sessionToMeetingReview } from "./session-to-meeting.flow";

describe("a media session through the platform (in-process events)", () => {
  let platform: TestPlatform;
  before(async () => {
    platform = await startPlatformForTest();
  });
  after(async () => {
    await platform.stop();
  });

  it("reaches the plan and the monthly meeting review", async (t) => {
    await sessionToMeetingReview(platform, (message) => t.diagnostic(message));
  });
});
