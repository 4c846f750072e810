/**
 * The audit's total time budget (issue 15, item 6). JavaScript cannot stop a
 * running function, so the budget is cooperative: the model's loops over
 * files and the rules' loops ask `spent()` and stop, recording what they left
 * (file-skipped); rules that had not started when it ran out are not run, and
 * the report says which. Linear work and input caps are the real defence; this
 * bounds what they miss and tells the reader.
 */

/** Milliseconds on a monotonic clock (injectable for tests). */
export type Clock = () => number

/** Default total budget of one audit (model and rules; `--verify-hooks` has its own). */
export const AUDIT_TIME_BUDGET_MS = 300_000

export class TimeBudget {
  private readonly deadline: number

  constructor(
    readonly totalMs: number = AUDIT_TIME_BUDGET_MS,
    readonly now: Clock = () => performance.now()
  ) {
    this.deadline = now() + Math.max(0, totalMs)
  }

  /** Milliseconds left (0 once spent). */
  remainingMs(): number {
    return Math.max(0, this.deadline - this.now())
  }

  /** Whether the budget has run out (a budget of 0 is out from the start). */
  spent(): boolean {
    return this.now() >= this.deadline
  }

  /** "the audit's time budget of 300 s", for messages. */
  describe(): string {
    const t = this.totalMs >= 1000 ? `${Math.round(this.totalMs / 1000)} s` : `${Math.max(0, this.totalMs)} ms`
    return `the audit's time budget of ${t}`
  }
}

/** What a loop over files needs: a way to ask for time and a place to record what it left. */
export interface BudgetedLoop {
  outOfTime?(): boolean
  project: { reader: { skip(file: string, reason: string): null } }
}

/**
 * The items of `items` while time remains. When it runs out, the first item
 * left is recorded as not analysed (file-skipped), with how many more were
 * left, and the iteration ends.
 */
export function* whileTimeLeft<T>(ctx: BudgetedLoop, what: string, items: Iterable<T>, fileOf: (item: T) => string): Generator<T> {
  const list = Array.isArray(items) ? (items as T[]) : [...items]
  for (let i = 0; i < list.length; i++) {
    const item = list[i] as T
    if (ctx.outOfTime?.()) {
      const more = list.length - i - 1
      ctx.project.reader.skip(
        fileOf(item),
        `not analysed by ${what}${more > 0 ? `, nor ${more} more file${more === 1 ? '' : 's'} after it` : ''}: the time budget ran out`
      )
      return
    }
    yield item
  }
}
