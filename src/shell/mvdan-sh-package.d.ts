/**
 * Minimal typings for `mvdan-sh` (GopherJS build of mvdan.cc/sh/v3/syntax).
 * Only what src/shell/mvdan-sh.ts touches; the syntax tree itself is read through
 * `__internal_object__` and typed there as opaque Go values.
 */
declare module 'mvdan-sh' {
  /** A Go `syntax.Pos` as exposed through the JS wrapper. */
  interface ExternalPos {
    Offset(): number
    Line(): number
    Col(): number
  }
  /** What `Parser.Parse` throws for bad input (a Go `syntax.ParseError`). */
  export interface ExternalParseError {
    Text?: string
    Pos?: ExternalPos
    Incomplete?: boolean
    Error?: () => string
  }
  interface ExternalFile {
    /** The Go value behind the JS wrapper (GopherJS internals). */
    __internal_object__: unknown
  }
  interface Parser {
    Parse(src: string, name: string): ExternalFile
  }
  interface Syntax {
    NewParser(...options: unknown[]): Parser
    NodeType(node: unknown): string
  }
  const sh: { syntax: Syntax }
  export default sh
}
