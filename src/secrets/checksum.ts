/**
 * Checksums embedded in provider token formats. Pure functions, no I/O.
 *
 * GitHub's 2021 token format (`ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_`) and npm's `npm_` tokens end
 * in six characters that are the CRC-32 (IEEE, the zlib one) of the 30 random characters before
 * them, written in base62 with the "GMP" alphabet (digits, upper, lower) and left-padded with
 * `0`. Sources: github.blog 2021-04-05 "Behind GitHub's new authentication token formats", the
 * npm access-token announcement of 2021-09-23, and two independent validators (Samsung
 * CredSweeper's `ValueGitHubCheck`, applied to both `gh?_` and `npm_`, and base62-token.js).
 */

const CRC_TABLE: Uint32Array = (() => {
  const table = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    table[n] = c >>> 0
  }
  return table
})()

/**
 * CRC-32 (IEEE 802.3 polynomial) of a string whose characters are all single bytes (ASCII).
 * @param text ASCII text; characters above 0xFF are truncated to their low byte.
 * @returns the unsigned 32-bit checksum.
 */
export function crc32(text: string): number {
  let crc = 0xffffffff
  for (let i = 0; i < text.length; i++) {
    crc = (crc >>> 8) ^ (CRC_TABLE[(crc ^ text.charCodeAt(i)) & 0xff] as number)
  }
  return (crc ^ 0xffffffff) >>> 0
}

export const BASE62_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

/**
 * Base62 encoding of an unsigned integer, left-padded with the alphabet's zero.
 * @param n non-negative integer below 2^53.
 * @param width minimum number of characters.
 */
export function base62(n: number, width = 0): string {
  let out = ''
  let rest = Math.floor(n)
  while (rest > 0) {
    out = BASE62_ALPHABET[rest % 62] + out
    rest = Math.floor(rest / 62)
  }
  return out.padStart(width, '0')
}

/**
 * Whether a GitHub-style token (`xxx_` + 30 random + 6 checksum) carries a valid checksum.
 * @param token the whole token including its 4-character prefix.
 */
export function hasValidBase62Checksum(token: string): boolean {
  if (token.length !== 40) return false
  const random = token.slice(4, 34)
  return base62(crc32(random), 6) === token.slice(34)
}
