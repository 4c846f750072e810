/**
 * Binary search in sorted lists: file offsets of nodes, commands and expansions
 * in source order, paths in git's order.
 */

/** The first index of `list` (sorted by `keyOf`) whose key is not below `key`; the list's length when none is. */
export function lowerBound<T, K extends number | string>(list: readonly T[], key: K, keyOf: (x: T) => K): number {
  let lo = 0
  let hi = list.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (keyOf(list[mid] as T) < key) lo = mid + 1
    else hi = mid
  }
  return lo
}
