/**
 * The tokens of a GitHub Actions expression, as GitHub's own evaluator reads
 * them. @actions/expressions (0.3.x) unescapes only the first `''` of a string
 * literal (`value.replace("''", "'")`), so `format('--allowedTools ''{0}''', x)`
 * would end in two quotes where the runner writes one; every doubled quote is
 * one quote (docs: "Literals", "you must escape single quotes with a single quote").
 */
import { Lexer } from '@actions/expressions'
import { TokenType, type Token } from '@actions/expressions/lexer'

/** Lexes `text` with every `''` of each string literal read as one `'` (throws where the lexer does). */
export function expressionTokens(text: string): Token[] {
  const tokens = new Lexer(text).lex().tokens
  for (const t of tokens) if (t.type === TokenType.STRING) t.value = t.lexeme.slice(1, -1).replaceAll("''", "'")
  return tokens
}
