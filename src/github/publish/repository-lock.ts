/**
 * One writer at a time per repository for find-or-create steps. Two jobs of one repository can run side by side
 * (a push and a review-platform submission have different queue keys); without this, both could find no
 * tracking issue and both create one. In-process: enough for the in-process queue; a distributed queue would
 * need its own lock.
 */
const tails = new Map<string, Promise<unknown>>();

/** Runs `work` after every earlier work of the same repository has settled. */
export async function withRepositoryLock<T>(repository: string, work: () => Promise<T>): Promise<T> {
  const key = repository.toLowerCase();
  const previous = tails.get(key) ?? Promise.resolve();
  const current = previous.catch(() => undefined).then(work);
  const tail = current.catch(() => undefined);
  tails.set(key, tail);
  try {
    return await current;
  } finally {
    if (tails.get(key) === tail) tails.delete(key);
  }
}
