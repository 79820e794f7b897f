/**
 * A byte budget shared by every request body being read before its signature is known (GitHub webhooks and
 * review-platform submissions alike). Each endpoint bounds one body; this bounds them all at once, so a flood
 * of large unsigned bodies costs at most the budget in memory, however many arrive together.
 */

export interface BodyBudget {
  /** Takes `bytes` from the budget; false (and nothing taken) when that would go over it. */
  take(bytes: number): boolean;
  /** Gives back bytes taken earlier. */
  give(bytes: number): void;
  /** Bytes taken now. */
  readonly inUse: number;
  readonly limit: number;
}

/**
 * @example
 * const budget = createBodyBudget(64 * 1024 * 1024);
 * if (!budget.take(chunk.length)) return refuse(503);
 */
export function createBodyBudget(limit: number): BodyBudget {
  let inUse = 0;
  return {
    take(bytes) {
      if (inUse + bytes > limit) return false;
      inUse += bytes;
      return true;
    },
    give(bytes) {
      inUse = Math.max(0, inUse - bytes);
    },
    get inUse() {
      return inUse;
    },
    limit,
  };
}
