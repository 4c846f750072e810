/**
 * Text helpers that stay off ICU: `toLocaleString` and `localeCompare` load
 * locale data on first use (10–15 ms of a cold start each) and depend on the
 * machine's locale, where reports must come out the same everywhere.
 */

/** Formats an integer with thousands separators, as en-US does (`4,096`, `-1,234,567`). */
export function formatCount(n: number): string {
  const s = String(Math.round(n))
  return s.replace(/\B(?=(\d{3})+$)/g, ',')
}

/** UTF-16 code-unit order (JavaScript's `<`): the same on every machine, unlike localeCompare. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
