/**
 * Escaping for untrusted text (file names, finding messages, rule ids) on
 * every channel that renders Markdown or HTML, and for log lines.
 *
 * Finding messages are already redacted, but they quote repository content
 * that a pull request author controls. Everything here assumes the input is
 * hostile: it must not ping people, inject links, HTML, table cells or code
 * spans, close our `<details>` blocks, or forge a workflow command.
 */

/** Zero-width joiner: placed after `@` so GitHub does not resolve a mention. */
const ZWJ = '\u200d'

/**
 * A zero-width space, as an entity, placed inside `://` and `www.` so GitHub's
 * autolinker (which needs them contiguous) never turns repository text into a
 * clickable link; the text reads the same.
 */
const NO_LINK = '&#8203;'

/** Characters with Markdown meaning that we escape with a backslash. */
const MARKDOWN_PUNCTUATION = new Set(['\\', '`', '*', '_', '[', ']', '(', ')', '{', '}', '#', '!', '|', '~', '$'])

const HTML_ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;'
}

/** Line terminators the renderers must not pass through inside a table cell. */
const LINE_BREAKS = /\r\n|[\r\n\u2028\u2029\u0085]/g
/** C0/C1 control characters other than tab and line breaks. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u0084\u0086-\u009f]/g
/** Bidirectional overrides (Trojan Source) that can disguise rendered text. */
const BIDI = /[\u202a-\u202e\u2066-\u2069]/g

/**
 * Escapes untrusted text for inline Markdown, including inside a GFM table
 * cell and inside an HTML block such as `<details>`: HTML-significant
 * characters become entities, Markdown punctuation is backslash-escaped,
 * line breaks become spaces and `@mentions` are neutralised.
 */
export function escapeMarkdown(text: string): string {
  let out = ''
  const clean = stripControls(text).replace(LINE_BREAKS, ' ')
  for (let i = 0; i < clean.length; i++) {
    const ch = clean[i] as string
    const entity = HTML_ENTITIES[ch]
    if (entity !== undefined) out += entity
    else if (MARKDOWN_PUNCTUATION.has(ch)) out += `\\${ch}`
    else if (ch === '@') out += `@${ZWJ}`
    else if (ch === ':' && clean.startsWith('//', i + 1)) out += `:${NO_LINK}`
    else if ((ch === 'w' || ch === 'W') && startsWww(clean, i)) {
      out += clean.slice(i, i + 3) + NO_LINK
      i += 2
    } else out += ch
  }
  return out
}

/** Whether `www.` (any case) starts at `i`. */
function startsWww(s: string, i: number): boolean {
  return s.length >= i + 4 && s[i + 3] === '.' && s.slice(i, i + 3).toLowerCase() === 'www'
}

/** Breaks `://` and `www.` in already-escaped HTML text (see {@link NO_LINK}). */
function unlink(html: string): string {
  return html.replace(/:\/\//g, `:${NO_LINK}//`).replace(/(www)\./gi, `$1${NO_LINK}.`)
}

/**
 * Escapes untrusted text for an HTML context (attribute values or element
 * text that Markdown will not process). Mentions are neutralised too,
 * because GitHub resolves them in HTML text as well.
 */
export function escapeHtml(text: string): string {
  return unlink(
    stripControls(text)
      .replace(/[&<>"']/g, (ch) => HTML_ENTITIES[ch] as string)
      .replace(/@/g, `@${ZWJ}`)
  )
}

/**
 * Encodes a repository-relative path for use inside a URL, segment by
 * segment, so that `#`, `?`, spaces and `)` in file names cannot change the
 * link target or end the Markdown link early.
 */
export function encodePathForUrl(path: string): string {
  return path
    .split('/')
    .map((segment) =>
      encodeURIComponent(segment).replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`)
    )
    .join('/')
}

/**
 * Makes untrusted text safe to write to the log with `core.info`, which does
 * not escape: a line break followed by `::` would otherwise be read by the
 * runner as a workflow command (for example `::add-mask::` or
 * `::stop-commands::`).
 */
export function oneLine(text: string): string {
  return stripControls(text).replace(LINE_BREAKS, ' ')
}

/**
 * Plain-text cleanup for channels that do not render Markdown (check-run
 * annotation messages and titles, workflow-command annotations): removes
 * control and bidi-override characters, keeps line breaks.
 */
export function plainText(text: string): string {
  return stripControls(text)
}

/**
 * Makes text safe to print on a terminal (`fix` and `init` output, error
 * messages that quote repository text): CRLF becomes LF; every other C0/C1
 * control (ESC, CSI, OSC, a lone CR, BEL) and bidi override becomes U+FFFD, so
 * repository text can neither move the cursor, retitle the window, hide
 * itself nor print a hyperlink. Tabs and line feeds are kept.
 */
export function terminalSafe(text: string): string {
  return text.replace(/\r\n/g, '\n').replace(TERMINAL_CONTROL, '\ufffd')
}

/** C0 controls but tab and LF, DEL, C1 controls, bidi overrides. */
const TERMINAL_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g

/**
 * Cuts text to at most `max` UTF-16 code units, appending `suffix` when cut,
 * without splitting a surrogate pair.
 */
export function truncate(text: string, max: number, suffix = '…'): string {
  if (text.length <= max) return text
  let end = Math.max(0, max - suffix.length)
  const code = text.charCodeAt(end - 1)
  if (code >= 0xd800 && code <= 0xdbff) end--
  return text.slice(0, end) + suffix
}

function stripControls(text: string): string {
  return text.replace(CONTROL, '').replace(BIDI, '')
}

/**
 * Escapes a finding's message for Markdown, showing its `code spans` as code:
 * paired backticks become `<code>` elements whose content is escaped like any
 * other text (so the reader sees `x`, not \`x\`). An unpaired backtick stays
 * an escaped literal.
 */
export function messageMarkdown(text: string): string {
  const parts = stripControls(text).replace(LINE_BREAKS, ' ').split('`')
  if (parts.length < 3) return escapeMarkdown(text)
  let out = ''
  parts.forEach((part, i) => {
    const last = i === parts.length - 1
    if (i % 2 === 1 && !last) out += `<code>${escapeMarkdown(part)}</code>`
    else if (i % 2 === 1) out += escapeMarkdown('`' + part)
    else out += escapeMarkdown(part)
  })
  return out
}
