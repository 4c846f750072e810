/**
 * Number formatting for messages. `toLocaleString` would load ICU's locale data
 * on first use (about 15 ms of a cold start) for what is one regular expression.
 */

/** Formats an integer with thousands separators, as en-US does (`4,096`, `-1,234,567`). */
export function formatCount(n: number): string {
  const s = String(Math.round(n))
  return s.replace(/\B(?=(\d{3})+$)/g, ',')
}
