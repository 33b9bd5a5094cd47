import { Arg, Field, ID, ObjectType, Subscription, type ClassType } from "type-graphql";
import { coded } from "../errors/coded-errors";

/**
 * The payload type of a subscription field, `<name>Change`: the event's envelope, its resume
 * cursor, and the changed record as its federated type under `recordField` (null when the
 * subscriber may not read it or it is gone). The gateway serves subscriptions from the events; a
 * subgraph only declares them, so that they are in the composed schema.
 */
export function changeTypeOf<T extends object>(
  node: ClassType<T>,
  name: string,
  recordField: string,
) {
  @ObjectType(`${name}Change`, { description: `A ${name} change, as its event tells it` })
  class Change {
    @Field((_type) => ID, { description: "The event's id (its CloudEvents id)" })
    id!: string;

    @Field({ description: "The event's type, e.g. gcn.plan.PlanItemScheduled.v1" })
    type!: string;

    @Field({ description: "The aggregate's event number, 20 digits zero-padded" })
    sequence!: string;

    @Field({ description: "When the change was recorded" })
    time!: Date;

    @Field({ description: "Who made the change (the caller's sub)" })
    actor!: string;

    @Field({
      description: "Where this change is in the stream: give it back as `after` to resume after it",
    })
    cursor!: string;
  }
  Field((_type) => node, {
    nullable: true,
    description: `The ${name} after the change, read as this subscriber may read it`,
  })(Change.prototype, recordField);
  return Change;
}

/** The `after` argument every subscription field takes: resume after that change's cursor. */
export function AfterArg() {
  return Arg("after", (_type) => String, {
    nullable: true,
    description: "A change's cursor: every change after it, in order, then the live ones",
  });
}

/**
 * A subgraph's subscription fields are served by the gateway, which reads the events; a
 * subgraph asked to run one (it never should be) says so.
 */
export function servedByTheGateway(): never {
  throw coded(
    "OPERATION_NOT_SUPPORTED",
    "Subscriptions are served by the gateway (GraphQL over WebSocket or Server-Sent Events)",
  );
}

/**
 * Declares a subscription field returning `change`: in the subgraph's schema so that it is in
 * the composed one, served by the gateway (the method's body is never run).
 */
export function GatewaySubscription(change: ClassType<object>, description: string) {
  return Subscription((_returns) => change, { subscribe: servedByTheGateway, description });
}
