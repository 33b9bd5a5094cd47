/**
 * The channels of a plan item made from an initiative session: the session's platforms that
 * have a channel of the same name, NEWS as PRESS, and PRESS when none is left.
 */
export function channelsForPlatforms<C extends string>(
  platforms: readonly string[],
  channelNames: readonly C[],
): C[] {
  const channels = new Set<string>();
  for (const platform of platforms) {
    if (platform === "NEWS") channels.add("PRESS");
    else if ((channelNames as readonly string[]).includes(platform)) channels.add(platform);
  }
  if (channels.size === 0) channels.add("PRESS");
  return channelNames.filter((channel) => channels.has(channel));
}
