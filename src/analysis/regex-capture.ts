/**
 * What a regular expression's capture group can hold, read with a real
 * regular-expression parser (@eslint-community/regexpp): whether every string
 * it matches is plain data that no shell reads as syntax — letters, digits
 * and `_ . - / : @ % + , =`, no spaces, quotes, `$`, backquotes, globs,
 * operators or newlines. A payload value cut down to such a capture
 * (`text.match(/sha:\s*(\w+)/)[1]`) cannot inject a command.
 *
 * Python patterns are read with JavaScript syntax: the common subset
 * (classes, `\w`, `\d`, quantifiers, groups) is the same, and a pattern that
 * does not parse (`(?P<name>…)`, inline flags) is not taken as plain.
 */
import { RegExpParser, type AST } from '@eslint-community/regexpp'

let parses = 0

/** How many patterns this module has parsed in this process: lets tests prove a pattern is read once, not once per use. */
export function regexParseCalls(): number {
  return parses
}

/** Characters that are data in any shell context (outside quotes too). */
const PLAIN = /^[A-Za-z0-9_.\-/:@%+,=]$/u

function plainChar(cp: number): boolean {
  return PLAIN.test(String.fromCodePoint(cp))
}

/** `\d`, `\w` (ASCII in JavaScript; Unicode letters and digits in Python: still no shell syntax). */
function plainSet(s: AST.CharacterSet | AST.CharacterClassElement): boolean {
  if (s.type !== 'CharacterSet') return false
  return (s.kind === 'digit' || s.kind === 'word') && !s.negate
}

function plainClassElement(e: AST.CharacterClassElement): boolean {
  switch (e.type) {
    case 'Character':
      return plainChar(e.value)
    case 'CharacterClassRange': {
      if (e.max.value - e.min.value > 256) return false
      for (let cp = e.min.value; cp <= e.max.value; cp++) if (!plainChar(cp)) return false
      return true
    }
    case 'CharacterSet':
      return plainSet(e)
    default:
      return false
  }
}

/** Whether every character an element can match is plain (assertions match none). */
function plainElement(e: AST.Element): boolean {
  switch (e.type) {
    case 'Character':
      return plainChar(e.value)
    case 'CharacterSet':
      return plainSet(e)
    case 'CharacterClass':
      return !e.negate && e.elements.every(plainClassElement)
    case 'Quantifier':
      return plainElement(e.element)
    case 'Group':
    case 'CapturingGroup':
      return e.alternatives.every((a) => a.elements.every(plainElement))
    case 'Assertion':
      // `^`, `$`, `\b` match no character; a lookaround's text is not part of the match.
      return true
    default:
      return false
  }
}

/**
 * Whether capture group `group` (0: the whole match) of `pattern` can only
 * hold plain characters. False when the pattern does not parse or has no
 * such group.
 */
export function capturesPlainText(pattern: string, flags: string, group: number): boolean {
  let ast: AST.Pattern
  parses++
  try {
    ast = new RegExpParser({ ecmaVersion: 2025 }).parsePattern(pattern, 0, pattern.length, {
      unicode: flags.includes('u'),
      unicodeSets: flags.includes('v')
    })
  } catch {
    return false
  }
  if (group === 0) return ast.alternatives.every((a) => a.elements.every(plainElement))
  const groups: AST.CapturingGroup[] = []
  const walk = (e: AST.Element): void => {
    if (e.type === 'CapturingGroup') groups.push(e)
    if (e.type === 'CapturingGroup' || e.type === 'Group' || e.type === 'Assertion') {
      const alts = 'alternatives' in e ? e.alternatives : []
      for (const a of alts) for (const x of a.elements) walk(x)
    }
    if (e.type === 'Quantifier') walk(e.element)
  }
  for (const a of ast.alternatives) for (const e of a.elements) walk(e)
  groups.sort((a, b) => a.start - b.start)
  const g = groups[group - 1]
  return g !== undefined && plainElement(g)
}

/**
 * Whether a JavaScript `re.test(s)` that succeeds leaves `s` plain: the
 * pattern is anchored at both ends (`^…$`, no `m` flag, one alternative at
 * the top) and matches only plain characters in between.
 */
export function anchoredPlain(pattern: string, flags: string): boolean {
  if (flags.includes('m')) return false
  let ast: AST.Pattern
  parses++
  try {
    ast = new RegExpParser({ ecmaVersion: 2025 }).parsePattern(pattern, 0, pattern.length, {
      unicode: flags.includes('u'),
      unicodeSets: flags.includes('v')
    })
  } catch {
    return false
  }
  if (ast.alternatives.length !== 1) return false
  const els = ast.alternatives[0].elements
  const first = els[0]
  const last = els[els.length - 1]
  if (els.length < 2 || first.type !== 'Assertion' || first.kind !== 'start' || last.type !== 'Assertion' || last.kind !== 'end')
    return false
  return els.every(plainElement)
}
