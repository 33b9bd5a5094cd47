import { createRequire } from "node:module";
import { Kafka } from "kafkajs";

/** The part of kafkajs's per-connection request queue that the fix below touches. */
interface RequestQueueInternals {
  pending: unknown[];
  scheduleCheckPendingRequests(): void;
}

/**
 * kafkajs 2.2.4 (its latest) re-arms a timer after every check of its request queue, even with
 * nothing queued, and with a negative delay while it is not throttled: every open connection
 * runs a timer loop as fast as the event loop turns (tulios/kafkajs#1556 and #1704, fix #1667
 * never merged). An idle gateway spent 30 to 70 ms of CPU a second in it; every service with a
 * Kafka client did the same. Nothing queued means nothing to check: a request queued later
 * schedules its own check (push), and a request answered checks the queue (fulfil).
 */
function stopIdleRequestQueueLoop(): void {
  const load = createRequire(require.resolve("kafkajs"));
  const RequestQueue = load("./src/network/requestQueue") as {
    prototype: RequestQueueInternals;
  };
  const schedule = RequestQueue.prototype.scheduleCheckPendingRequests;
  RequestQueue.prototype.scheduleCheckPendingRequests = function (this: RequestQueueInternals) {
    if (this.pending.length > 0) schedule.call(this);
  };
}

stopIdleRequestQueueLoop();

/** kafkajs's client, with its idle timer loop stopped: every Kafka client is made from this. */
export { Kafka };
