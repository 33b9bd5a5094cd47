/** Thrown at start-up when a variable is missing or malformed; the message names the variable. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`Invalid configuration: ${variable} ${problem}`);
    this.name = "ConfigError";
  }
}

type Env = Record<string, string | undefined>;

/**
 * Typed reads of environment variables that fail fast. Each service's `config.ts` is the only
 * caller, so a bad deployment stops at start-up with the variable's name, not at first use.
 */
/** What a config reader asked for: the configuration reference is generated from these. */
export interface VariableRead {
  name: string;
  kind: "text" | "whole number" | "true/false" | "one of" | "URL" | "secret" | "list";
  fallback?: string;
  allowed?: readonly string[];
}

export class EnvReader {
  /** Every variable read, in order, with its default (docs/configuration.md comes from this). */
  readonly reads = new Map<string, VariableRead>();

  constructor(private readonly env: Env = process.env) {}

  private note(
    name: string,
    kind: VariableRead["kind"],
    fallback?: unknown,
    allowed?: readonly string[],
  ) {
    if (this.reads.has(name)) return;
    this.reads.set(name, {
      name,
      kind,
      ...(fallback !== undefined ? { fallback: String(fallback) } : {}),
      ...(allowed ? { allowed } : {}),
    });
  }

  /** The raw value, or undefined when unset or empty. */
  optional(name: string): string | undefined {
    this.note(name, "text");
    const value = this.env[name];
    return value === undefined || value.trim() === "" ? undefined : value.trim();
  }

  string(name: string, fallback?: string): string {
    this.note(name, "text", fallback);
    const value = this.optional(name) ?? fallback;
    if (value === undefined) throw new ConfigError(name, "is required but not set");
    return value;
  }

  int(name: string, fallback?: number, range: { min?: number; max?: number } = {}): number {
    this.note(name, "whole number", fallback);
    const raw = this.optional(name);
    if (raw === undefined) {
      if (fallback === undefined) throw new ConfigError(name, "is required but not set");
      return fallback;
    }
    if (!/^-?\d+$/.test(raw)) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
    const value = Number(raw);
    if (range.min !== undefined && value < range.min) {
      throw new ConfigError(name, `must be at least ${range.min}, got ${value}`);
    }
    if (range.max !== undefined && value > range.max) {
      throw new ConfigError(name, `must be at most ${range.max}, got ${value}`);
    }
    return value;
  }

  bool(name: string, fallback: boolean): boolean {
    this.note(name, "true/false", fallback);
    const raw = this.optional(name);
    if (raw === undefined) return fallback;
    if (/^(1|true|yes|on)$/i.test(raw)) return true;
    if (/^(0|false|no|off)$/i.test(raw)) return false;
    throw new ConfigError(name, `must be true or false, got "${raw}"`);
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    this.note(name, "one of", fallback, allowed);
    const raw = this.optional(name) ?? fallback;
    if (!(allowed as readonly string[]).includes(raw)) {
      throw new ConfigError(name, `must be one of ${allowed.join(", ")}, got "${raw}"`);
    }
    return raw as T;
  }

  url(name: string, fallback?: string, protocols = ["http:", "https:"]): string {
    this.note(name, "URL", fallback);
    const value = this.string(name, fallback);
    let parsed: URL;
    try {
      parsed = new URL(value);
    } catch {
      throw new ConfigError(name, `must be a URL, got "${value}"`);
    }
    if (!protocols.includes(parsed.protocol)) {
      throw new ConfigError(name, `must use ${protocols.join(" or ")}, got "${parsed.protocol}"`);
    }
    return value;
  }

  /** A secret: required, and at least `minLength` characters so a typo'd short value fails. */
  secret(name: string, fallback?: string, minLength = 16): string {
    this.note(name, "secret", fallback === undefined ? undefined : "(development value)");
    const value = this.string(name, fallback);
    if (value.length < minLength) {
      throw new ConfigError(name, `must be at least ${minLength} characters`);
    }
    return value;
  }

  /** Comma-separated list, e.g. KAFKA_BROKERS=host1:9092,host2:9092. */
  list(name: string): string[] | undefined {
    this.note(name, "list");
    const raw = this.optional(name);
    if (raw === undefined) return undefined;
    const items = raw
      .split(",")
      .map((item) => item.trim())
      .filter(Boolean);
    if (items.length === 0) throw new ConfigError(name, "must list at least one value");
    return items;
  }
}
