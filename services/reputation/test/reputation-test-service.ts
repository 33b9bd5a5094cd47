import type { EnvReader } from "@gcn/shared";
import { startServiceForTest, type ServiceUnderTest } from "@gcn/shared/testing";
import { service } from "../src/reputation.service";

/**
 * The reputation service alone on a fresh database, fed other services' events in-process.
 * `onEnv` sees the service's environment (its database URL, for a test that runs a CLI on it).
 */
export function startReputationForTest(
  onEnv?: (env: EnvReader) => void,
): Promise<ServiceUnderTest> {
  return startServiceForTest(service, { onEnv });
}
