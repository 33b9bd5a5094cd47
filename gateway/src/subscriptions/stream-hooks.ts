/**
 * `stream` with `onEach` after every item and `onEnd` once when it ends, however it ends. Not a
 * wrapping generator: a generator waiting inside `for await` queues a `return()` until its next
 * item, so a subscriber leaving a quiet subscription would never be let go; this passes
 * `return()` straight through.
 */
export function withHooks<T>(
  stream: AsyncGenerator<T>,
  hooks: { onEach?: () => void; onEnd: () => void },
): AsyncGenerator<T> {
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    hooks.onEnd();
  };
  const settle = async (step: Promise<IteratorResult<T>>) => {
    try {
      const result = await step;
      if (result.done) end();
      else hooks.onEach?.();
      return result;
    } catch (error) {
      end();
      throw error;
    }
  };
  const hooked: AsyncGenerator<T> = {
    next: (...args) => settle(stream.next(...args)),
    return: (value) => settle(stream.return(value)).finally(end),
    throw: (error) => settle(stream.throw(error)).finally(end),
    [Symbol.asyncIterator]: () => hooked,
  } as AsyncGenerator<T>;
  return hooked;
}
