import pino, { type DestinationStream, type Logger } from "pino";

export type { Logger };

/**
 * JSON logs, one logger per service; request loggers are children carrying `requestId`.
 * Standard output unless given a destination (a test reading what a service logged).
 */
export function createLogger(
  service: string,
  level = process.env.LOG_LEVEL ?? "info",
  destination?: DestinationStream,
): Logger {
  const options = { name: service, level, base: { service } };
  return destination ? pino(options, destination) : pino(options);
}
