import type { ServiceRuntime } from "@gcn/shared";
import { startServiceForTest, type ServiceUnderTest } from "@gcn/shared/testing";
import { service } from "../src/entities.service";

export type TestEntitiesService = ServiceUnderTest & { service: ServiceRuntime };

/** The entities service on a fresh database and a free port (Kafka when brokers are given). */
export function startEntitiesForTest(
  options: { kafkaBrokers?: string[] } = {},
): Promise<TestEntitiesService> {
  return startServiceForTest(service, { kafkaBrokers: options.kafkaBrokers });
}

export const REGISTER = `mutation($input: RegisterEntityInput!) {
  registerEntity(input: $input) { id code nameAr nameEn name kind active socialAccounts { platform handle url } parent { code } }
}`;

export const APPOINT = `mutation($input: AppointLiaisonInput!) {
  appointLiaison(input: $input) { id fullNameAr role email phone active appointedOn entity { code } }
}`;
