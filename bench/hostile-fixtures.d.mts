/** Types of bench/hostile-fixtures.mjs (plain JavaScript, so `node bench/hostile.mjs` needs no build). */
export interface HostileFixture {
  name: string
  /** What the fixture cost before the fix. */
  was: string
  /** Files the audit reports as skipped instead of analysing in full. */
  skipped?: string[]
  /** Writes the fixture into `dir`. */
  make(dir: string): void
}
export declare const FIXTURES: readonly HostileFixture[]
