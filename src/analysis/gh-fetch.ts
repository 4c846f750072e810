/**
 * Outside text a `run:` script fetches from GitHub with the `gh` CLI: the
 * title and body of an issue or pull request, its comments and reviews, its
 * head branch, changed files, diff and commit messages. Their authors are
 * whoever opened the issue or pull request (a fork's too) or commented on it,
 * so the text is outside text exactly as `${{ github.event.issue.title }}` is,
 * whatever number the script asks for.
 *
 * Read from the parsed shell (src/shell/parse.ts): `gh issue view|list`,
 * `gh pr view|list|diff`, `gh search issues|prs` and `gh api` on an issue or
 * pull-request path, of this repository (no `--repo`, or `--repo` naming
 * `github.repository`; `gh api repos/{owner}/{repo}/…`). `--json`, `--jq` /
 * `-q` and `--template` / `-t` narrow the output: a command whose fields or
 * filter keep only numbers, states, labels, logins and dates prints no text
 * an outsider can fill with instructions.
 *
 * Then followed through what a script does with the output
 * ({@link pipeOutput}): captured in a variable (`X=$(gh …)`), written to a
 * file and read back (`gh pr diff > f`, `$(cat f)`), and passed through
 * commands that keep its text (`head`, `tail`, `tr`, `sed`, `cut`, `sort`,
 * `uniq`, `fold`, `cat`, `tee`, and `jq` with a filter that keeps a text
 * field). Any other command (`grep`, `wc`, `awk`, a script) makes the result
 * unknown, so not outside text.
 */
import type { ShellCommand, ShellWord } from './../shell/parse.js'
import { paramsIn, type ShellScript } from '../shell/parse.js'
import type { Span } from '../parse/source.js'
import { lowerBound } from '../core/sorted.js'

/**
 * Fields of issues, pull requests, comments, reviews and commits that hold text
 * their authors write freely (GitHub's `gh issue view --json` / `gh pr view --json`
 * field names, https://cli.github.com/manual/gh_pr_view, and the REST objects of
 * https://docs.github.com/en/rest/issues and /rest/pulls): titles, bodies (also
 * of comments and reviews), commit messages, the head branch's name (`headRefName`,
 * REST `head.ref` / `head.label`), changed files' paths (`files`, REST `filename`,
 * `patch`). Not here, as they carry no instructions of any length: numbers,
 * states, dates, URLs, ids, logins (at most 39 letters, digits and hyphens),
 * labels and milestones (named by people with triage access), the head
 * repository's name (letters, digits, `.`, `_`, `-`).
 */
export const TEXT_FIELDS: ReadonlySet<string> = new Set([
  'title',
  'body',
  'body_text',
  'body_html',
  'comments',
  'reviews',
  'latestReviews',
  'commits',
  'message',
  'messageHeadline',
  'messageBody',
  'headRefName',
  'ref',
  'label',
  'files',
  'path',
  'filename',
  'previous_filename',
  'patch',
  'diff_hunk'
])

/** Text fields that may span lines: one line can end a `$GITHUB_ENV`/`$GITHUB_OUTPUT` value and start another. */
const MULTI_LINE_FIELDS = new Set(['body', 'body_text', 'body_html', 'comments', 'reviews', 'latestReviews', 'commits', 'message', 'messageBody', 'patch', 'diff_hunk'])

/** What a `gh` command prints of outside text. */
export interface Fetched {
  /** The command, for messages: `gh issue view`, `gh api`. */
  command: string
  /** What it prints, for messages: `title`, `title, body`, `changed file names`. */
  what: string
  /** Who writes that text, for messages. */
  who: string
  /** Whether the text may span lines. */
  multiLine: boolean
}

/** Flags of `gh issue|pr|search …` and `gh api` that take a value (the next word unless written `--flag=value`). */
const VALUE_FLAGS = new Set([
  '--json',
  '-q',
  '--jq',
  '-t',
  '--template',
  '-R',
  '--repo',
  '-L',
  '--limit',
  '-l',
  '--label',
  '-s',
  '--state',
  '-S',
  '--search',
  '-A',
  '--author',
  '-a',
  '--assignee',
  '-B',
  '--base',
  '-H',
  '--head',
  '--header',
  '-m',
  '--milestone',
  '--app',
  '--mention',
  '--color',
  '-X',
  '--method',
  '-f',
  '--raw-field',
  '-F',
  '--field',
  '--input',
  '--hostname',
  '--cache',
  '-p',
  '--preview',
  '--order',
  '--sort',
  '--owner',
  '--match',
  '--language',
  '--commenter',
  '--involves'
])

interface GhArgs {
  positional: ShellWord[]
  flags: Map<string, string>
  /** Raw text (expressions kept) of each flag's value. */
  rawFlags: Map<string, string>
}

function readArgs(words: ShellWord[], script: string): GhArgs {
  const positional: ShellWord[] = []
  const flags = new Map<string, string>()
  const rawFlags = new Map<string, string>()
  for (let i = 0; i < words.length; i++) {
    const w = words[i]
    const t = w.text
    if (t.startsWith('-') && t.length > 1) {
      const eq = t.indexOf('=')
      if (t.startsWith('--') && eq > 0) {
        flags.set(t.slice(0, eq), t.slice(eq + 1))
        rawFlags.set(t.slice(0, eq), bare(script.slice(w.start, w.end)).replace(/^--[\w-]+=/, ''))
      } else if (VALUE_FLAGS.has(t) && i + 1 < words.length) {
        const v = words[++i]
        flags.set(t, v.text)
        rawFlags.set(t, bare(script.slice(v.start, v.end)))
      } else flags.set(t, '')
    } else positional.push(w)
  }
  return { positional, flags, rawFlags }
}

/** A word's raw text without surrounding quotes. */
function bare(s: string): string {
  return s.trim().replace(/^(["'])([\s\S]*)\1$/, '$2')
}

/** This repository, as a workflow's script names it. */
const THIS_REPO = /^(?:\$\{\{\s*github\s*\.\s*repository\s*\}\}|\$\{\{\s*github\s*\.\s*event\s*\.\s*repository\s*\.\s*full_name\s*\}\}|\$\{?GITHUB_REPOSITORY\}?)$/
/** `repos/<this repository>/` at the start of a `gh api` path (`{owner}/{repo}` is filled in by gh with the current one). */
const API_REPO =
  /^\/?repos\/(?:\{owner\}\/\{repo\}|\$\{\{\s*github\s*\.\s*repository\s*\}\}|\$\{\{\s*github\s*\.\s*event\s*\.\s*repository\s*\.\s*full_name\s*\}\}|\$\{?GITHUB_REPOSITORY\}?|(?:\{owner\}|\$\{\{\s*github\s*\.\s*repository_owner\s*\}\}|\$\{?GITHUB_REPOSITORY_OWNER\}?)\/(?:\{repo\}|\$\{\{\s*github\s*\.\s*event\s*\.\s*repository\s*\.\s*name\s*\}\}))\/(.*)$/
const PULL_WHAT = 'pull request title, body and branch'
/** Issue and pull-request paths of the REST API whose objects hold outside text, and what they hold. */
const API_PATHS: [RegExp, string, string][] = [
  [/^issues\/comments(?:\/[^/]+)?$/, 'issue comments', 'comments'],
  [/^pulls\/comments(?:\/[^/]+)?$/, 'review comments', 'comments'],
  [/^(?:issues|pulls)\/[^/]+\/comments$/, 'comments', 'comments'],
  [/^pulls\/[^/]+\/reviews(?:\/[^/]+(?:\/comments)?)?$/, 'reviews', 'reviews'],
  [/^pulls\/[^/]+\/files$/, 'changed files', 'files'],
  [/^pulls\/[^/]+\/commits$/, 'commit messages', 'commits'],
  [/^pulls(?:\/[^/]+)?$/, PULL_WHAT, 'body'],
  [/^issues(?:\/[^/]+)?$/, 'issue title and body', 'body']
]

const ISSUE_AUTHOR = 'whoever opens the issue'
const PR_AUTHOR = 'whoever opens the pull request (from a fork too)'
const COMMENTER = 'whoever comments'

/**
 * What a `gh` command prints of outside text, or undefined when it prints none
 * (another command, fields or a filter that keep no text, another repository).
 * `script` is the text the command's offsets refer to, with `${{ }}` as written.
 */
export function ghFetch(c: ShellCommand, script: string): Fetched | undefined {
  if (isDownloader(c)) return apiFetch(c, script)
  if (c.name !== 'gh' && !c.name.endsWith('/gh')) return undefined
  const [group, verb] = c.args.slice(1, 3).map((w) => w.text)
  const a = readArgs(c.args.slice(1), script)
  const jq = a.flags.get('--jq') ?? a.flags.get('-q') ?? a.flags.get('--template') ?? a.flags.get('-t')
  const repo = a.rawFlags.get('--repo') ?? a.rawFlags.get('-R')
  if (repo !== undefined && !THIS_REPO.test(repo)) return undefined
  // What the filter keeps, of fields that hold text.
  const narrowed = (fields: string[] | undefined, all: string): string | undefined => {
    if (fields && !fields.some((f) => TEXT_FIELDS.has(f))) return undefined
    if (jq !== undefined && !jqKeepsText(jq)) return undefined
    const named = jq !== undefined ? jqFields(jq).filter((f) => TEXT_FIELDS.has(f)) : []
    const kept = named.length ? named : fields?.filter((f) => TEXT_FIELDS.has(f))
    return kept?.length ? [...new Set(kept)].join(', ') : all
  }
  const multi = (what: string): boolean => what.split(', ').some((f) => MULTI_LINE_FIELDS.has(f))
  if ((group === 'issue' || group === 'pr') && (verb === 'view' || verb === 'list')) {
    const json = a.flags.get('--json')
    const fields = json !== undefined ? json.split(',').map((f) => f.trim()).filter(Boolean) : undefined
    const what = narrowed(fields, verb === 'view' ? (a.flags.has('--comments') || a.flags.has('-c') ? 'title, body, comments' : 'title, body') : 'titles')
    if (!what) return undefined
    return { command: `gh ${group} ${verb}`, what, who: group === 'issue' ? ISSUE_AUTHOR : PR_AUTHOR, multiLine: multi(what) }
  }
  if (group === 'search' && (verb === 'issues' || verb === 'prs')) {
    const json = a.flags.get('--json')
    const fields = json !== undefined ? json.split(',').map((f) => f.trim()).filter(Boolean) : undefined
    const what = narrowed(fields, 'titles')
    if (!what) return undefined
    return { command: `gh search ${verb}`, what, who: verb === 'issues' ? ISSUE_AUTHOR : PR_AUTHOR, multiLine: multi(what) }
  }
  if (group === 'pr' && verb === 'diff') {
    const names = a.flags.has('--name-only')
    return { command: 'gh pr diff', what: names ? 'changed file names' : 'diff', who: PR_AUTHOR, multiLine: true }
  }
  if (group === 'api') {
    const endpoint = a.positional[1]
    if (!endpoint) return undefined
    const kind = apiPath(bare(script.slice(endpoint.start, endpoint.end)))
    // A call that writes gets back what it wrote (the comment it posts, the issue it closes), not outside text.
    if (!kind || ghApiWrites(a.flags)) return undefined
    const what = narrowed(undefined, kind.what)
    if (!what) return undefined
    return { command: 'gh api', what, who: kind.who, multiLine: what === kind.what || multi(what) }
  }
  return undefined
}

/**
 * Whether a `gh api` call writes: a method other than GET or HEAD, or fields
 * or a body without a method (gh then sends POST: "the default HTTP request
 * method is GET normally and POST if any parameters were added",
 * https://cli.github.com/manual/gh_api). With `--method GET` the fields are the query string.
 */
function ghApiWrites(flags: Map<string, string>): boolean {
  let method = flags.get('--method') ?? flags.get('-X')
  for (const k of flags.keys()) if (/^-X[A-Za-z]+$/.test(k)) method = k.slice(2)
  if (method !== undefined) return !/^(?:GET|HEAD)$/i.test(method)
  return ['-f', '--raw-field', '-F', '--field', '--input'].some((f) => flags.has(f))
}

/** What a REST path of this repository (`repos/{owner}/{repo}/issues/5`, a query string allowed) holds of outside text, and who writes it. */
function apiPath(path: string): { what: string; who: string } | undefined {
  const rest = API_REPO.exec(path)?.[1]
  if (rest === undefined) return undefined
  const cut = rest.search(/[?#]/)
  const p = (cut < 0 ? rest : rest.slice(0, cut)).replace(/\/$/, '')
  const kind = API_PATHS.find(([re]) => re.test(p))
  if (!kind) return undefined
  return { what: kind[1], who: kind[2] === 'comments' || kind[2] === 'reviews' ? COMMENTER : /^pulls/.test(p) ? PR_AUTHOR : ISSUE_AUTHOR }
}

/** The GitHub REST API's root as a script writes it: `https://api.github.com`, `${{ github.api_url }}`, `$GITHUB_API_URL`. */
const API_ROOT = /^(?:https?:\/\/api\.github\.com|\$\{\{\s*github\s*\.\s*api_url\s*\}\}|\$\{?GITHUB_API_URL\}?)(\/.*)$/
/** A pull request asked for as a diff or patch (`Accept: application/vnd.github.diff`, `.v3.patch`). */
const DIFF_MEDIA = /application\/vnd\.github(?:\.v3)?\.(?:diff|patch)\b/
/** Options of `curl` whose value is the request's body (a GraphQL query). */
const CURL_DATA = /^(?:-d|--data|--data-raw|--data-binary|--data-ascii|--json)(?:=|$)/
/**
 * Fields of GitHub's GraphQL objects (https://docs.github.com/en/graphql/reference/objects#issue,
 * #pullrequest, #issuecomment) that hold text their authors write, beyond {@link TEXT_FIELDS}' names.
 */
const GRAPHQL_TEXT = new Set(['bodyText', 'bodyHTML', 'reviewThreads', 'diffHunk', 'headline'])

/** Whether a curl or wget command's words (quotes dropped) send a request other than GET: a method, a body (not with `-G`) or a form. */
function writes(words: string[]): boolean {
  // `-G` sends the data as the URL's query string, with GET.
  const get = words.some((w) => w === '--get' || (/^-[A-Za-z]+$/.test(w) && w.includes('G')))
  return words.some(
    (w, i) =>
      (CURL_DATA.test(w) && !get) ||
      /^(?:-F|--form|-T|--upload-file|--post-data|--post-file|--body-data|--body-file)(?:=|$)/.test(w) ||
      (/^(?:-X|--request|--method)$/.test(w) && !/^(?:GET|HEAD)$/i.test(words[i + 1] ?? '')) ||
      /^(?:-X|--request=|--method=)(?!GET$|HEAD$)[A-Za-z]+$/.test(w)
  )
}

function isDownloader(c: ShellCommand): boolean {
  const name = basename(c.name)
  return name === 'curl' || name === 'wget'
}

/**
 * What a `curl` or `wget` command fetches of outside text from GitHub's REST
 * API: a URL word (as written, `$VARS` and `${{ }}` kept) on the API's root
 * ({@link API_ROOT}) and an issue or pull-request path of this repository, as
 * `gh api` takes them ({@link API_PATHS}); or a GraphQL query (`/graphql` with a
 * `-d`/`--data`/`--json` body written in the script) that reads a text field
 * and changes nothing (no `mutation`). What prints it and where it goes is for
 * {@link downloadTo}; a `jq` after it narrows it as `--jq` does `gh`'s.
 */
function apiFetch(c: ShellCommand, script: string): Fetched | undefined {
  const command = basename(c.name)
  const words = c.args.slice(1).map((w) => bare(script.slice(w.start, w.end)))
  for (const word of words) {
    // The URL with its quotes dropped wherever they stand (`"$GITHUB_API_URL"/repos/…`); `${{ }}` kept.
    const path = API_ROOT.exec(word.replace(/["']/g, ''))?.[1]
    if (path === undefined) continue
    if (/^\/graphql(?:[?#]|$)/.test(path)) {
      if (command !== 'curl') return undefined
      const query = words.flatMap((w, i) => (CURL_DATA.test(w) ? [w.includes('=') && w.startsWith('--') ? w.slice(w.indexOf('=') + 1) : (words[i + 1] ?? '')] : []))
      if (query.some((q) => /\bmutation\b/.test(q))) return undefined
      const fields = [...new Set(query.flatMap((q) => q.match(/[A-Za-z_]\w*/g) ?? []))].filter((f) => TEXT_FIELDS.has(f) || GRAPHQL_TEXT.has(f))
      if (!fields.length) return undefined
      const what = fields.join(', ')
      return { command, what, who: 'whoever opens the issue or pull request or comments on it', multiLine: fields.some((f) => MULTI_LINE_FIELDS.has(f) || GRAPHQL_TEXT.has(f)) }
    }
    const kind = apiPath(path.slice(1))
    // A request that writes (`-X POST`, a body) gets back what it wrote: the comment it posts, the issue it closes.
    if (!kind || writes(words)) return undefined
    // The pull request itself asked for as a diff prints the diff, not its JSON.
    if (kind.what === PULL_WHAT && words.some((w) => DIFF_MEDIA.test(w))) return { command, what: 'diff', who: kind.who, multiLine: true }
    return { command, what: kind.what, who: kind.who, multiLine: true }
  }
  return undefined
}

/**
 * Where a `curl` or `wget` command writes what it downloads: `stdout`, the word
 * naming a file (`curl -o f`, `curl --output=f`, `wget -O f`), or undefined
 * when the file is named by the URL (`curl -O`, `wget` without `-O`).
 */
export function downloadTo(c: ShellCommand): ShellWord | 'stdout' | undefined {
  const wget = basename(c.name) === 'wget'
  const args = c.args.slice(1)
  let to: ShellWord | 'stdout' | undefined = wget ? undefined : 'stdout'
  for (let i = 0; i < args.length; i++) {
    const t = args[i].text
    if (t === '--') break
    const long = wget ? /^--output-document(?:=|$)/.exec(t) : /^--output(?:=|$)/.exec(t)
    // A short option's cluster ends with curl's `o` (`-sLo f`), or holds wget's `O` with its value after it (`-qO-`, `-O f`).
    const at = !/^-[A-Za-z]/.test(t) ? -1 : wget ? t.indexOf('O') : /^-[A-Za-z]*o$/.test(t) ? t.length - 1 : -1
    let value: ShellWord | undefined
    if (long) value = long[0].endsWith('=') ? { ...args[i], text: t.slice(long[0].length) } : args[++i]
    else if (at > 0) value = at < t.length - 1 ? { ...args[i], text: t.slice(at + 1) } : args[++i]
    else if (!wget && (t === '--remote-name' || (/^-[A-Za-z]+$/.test(t) && t.includes('O')))) to = undefined
    if (value) to = value.text === '-' ? 'stdout' : value
  }
  return to
}

/** Field names a jq filter (or a Go template) reads: `.title`, `."title"`, `["title"]`. */
function jqFields(filter: string): string[] {
  return [...filter.matchAll(/\.\s*([A-Za-z_]\w*)|\.\s*"([^"]+)"|\[\s*"([^"]+)"\s*\]/g)].map((m) => m[1] ?? m[2] ?? m[3])
}

/** A jq stage that prints a number or a boolean whatever its input. */
const SCALAR = /^(?:length|utf8bytelength|any|all|not|type|tonumber|(?:has|contains|inside|startswith|endswith|test|index|rindex|indices)\s*\([^|]*\))$/
/** One step of a jq path (blanks dropped): `.a`, `."a"`, `.`, `[0]`, `[]`, `?`. */
const PATH_STEP = /\.(?:[A-Za-z_]\w*|"[^"]*")?|\[\d*\]|\?/y

/** Whether a jq stage is a path: `.a.b`, `.[0].title`, `.[]`, `.` (with `?`). */
function isPath(stage: string): boolean {
  const s = stage.replace(/\s+/g, '')
  let i = 0
  while (i < s.length) {
    PATH_STEP.lastIndex = i
    const m = PATH_STEP.exec(s)
    if (!m || m[0].length === 0) return false
    i += m[0].length
  }
  return s.length > 0
}

/** A jq filter with its string literals emptied (`"a|b"` → `""`), so their text is not read as code. */
function withoutStrings(filter: string): string {
  let out = ''
  let quoted = false
  for (let i = 0; i < filter.length; i++) {
    const ch = filter[i]
    if (!quoted) {
      out += ch
      if (ch === '"') quoted = true
    } else if (ch === '\\') i++
    else if (ch === '"') {
      out += ch
      quoted = false
    }
  }
  return out
}

/** The stages of a jq filter split at its top-level `|` (not inside brackets, parentheses or strings). */
function topStages(filter: string): string[] {
  const out: string[] = []
  let depth = 0
  let from = 0
  let quoted = false
  for (let i = 0; i < filter.length; i++) {
    const ch = filter[i]
    if (quoted) {
      if (ch === '\\') i++
      else if (ch === '"') quoted = false
    } else if (ch === '"') quoted = true
    else if (ch === '(' || ch === '[' || ch === '{') depth++
    else if (ch === ')' || ch === ']' || ch === '}') depth--
    else if (ch === '|' && depth === 0 && filter[i + 1] !== '=') {
      out.push(filter.slice(from, i))
      from = i + 1
    }
  }
  out.push(filter.slice(from))
  return out
}

/** jq functions whose result is (part of) their input as it is: a filter made of these and indexes keeps whole objects. */
const PASS_THROUGH = new Set(['first', 'last', 'reverse', 'sort', 'unique', 'flatten', 'map', 'tojson', 'tostring', 'values', 'add', 'limit', 'join', 'range', 'not', 'empty', 'and', 'or'])
/** jq functions that keep or reorder whole values, whatever their argument reads. */
const FILTERS = /\b(?:select|sort_by|unique_by|group_by|min_by|max_by)\s*\(/g

/**
 * Whether a jq filter (or `--template`) can print outside text of its input: it
 * reads a text field ({@link TEXT_FIELDS}), or it keeps whole values (`.`, `.[0]`,
 * `.[] | select(…)`): what is left once `select(…)`-like calls and strings are
 * dropped names no field and calls nothing but {@link PASS_THROUGH}. `.number`,
 * `length`, `[.labels[].name] | join(",")` keep none.
 */
export function jqKeepsText(filter: string): boolean {
  const stages = topStages(filter)
  const last = (stages[stages.length - 1] ?? '').trim()
  // The last stage decides what is printed: a count or a test prints no text, a path prints the field it ends on.
  if (SCALAR.test(last)) return false
  if (isPath(last)) {
    const fields = jqFields(last)
    if (fields.length) return TEXT_FIELDS.has(fields[fields.length - 1])
    return stages.length > 1 ? jqKeepsText(stages.slice(0, -1).join('|')) : true
  }
  if (jqFields(filter).some((f) => TEXT_FIELDS.has(f))) return true
  let rest = withoutStrings(filter)
  for (let m = FILTERS.exec(rest); m; m = FILTERS.exec(rest)) {
    // Drop the call with its balanced argument list.
    let depth = 0
    let i = m.index + m[0].length - 1
    for (; i < rest.length; i++) {
      if (rest[i] === '(') depth++
      else if (rest[i] === ')' && --depth === 0) break
    }
    rest = rest.slice(0, m.index) + rest.slice(i + 1)
    FILTERS.lastIndex = m.index
  }
  FILTERS.lastIndex = 0
  return (rest.match(/[A-Za-z_]\w*/g) ?? []).every((w) => PASS_THROUGH.has(w))
}

/** Commands that print what they read, whole or cut (cut, it is still its author's text). */
const KEEPS_TEXT = new Set(['cat', 'head', 'tail', 'tr', 'sed', 'cut', 'sort', 'uniq', 'fold', 'tee'])

/** What a script's state says about outside text at one command: tainted variables and files. */
export interface PipeState {
  /** Shell variables holding outside text, by name → context. */
  vars: ReadonlyMap<string, string>
  /** Files the script wrote outside text to, by path as written (quotes dropped) → context. */
  files: ReadonlyMap<string, string>
  /** The context of what a `gh` command fetches (undefined when it fetches no outside text). */
  fetched: (c: ShellCommand) => string | undefined
  /** The outside context of a piece of text with `${{ }}` (undefined when none). */
  expr: (raw: string) => string | undefined
  /** The script the offsets refer to (`${{ }}` as written). */
  script: string
  /** The parse of the script (its view, `${{ }}` blanked: the same offsets). */
  parsed: ShellScript
}

function basename(name: string): string {
  return name.slice(name.lastIndexOf('/') + 1)
}

/** A word's text as a file path (quotes dropped). */
export function wordPath(w: ShellWord): string {
  return w.text.replace(/^\.\//, '')
}

/**
 * The outside context of what a command prints on its standard output (the
 * last stage of a pipeline gives the pipeline's), or undefined when it prints
 * none or what it prints is not known.
 */
export function pipeOutput(c: ShellCommand, s: PipeState, depth = 0): string | undefined {
  if (depth > 16) return undefined
  const name = basename(c.name)
  const input = (): string | undefined => {
    if (c.pipedFrom) return pipeOutput(c.pipedFrom, s, depth + 1)
    // Its own stdin: a here-string, an unquoted heredoc, a file.
    for (const r of c.redirects) {
      if (r.fd !== undefined && r.fd !== '0') continue
      if (r.op === '<<<' && r.target) return textTaint(r.target.start, r.target.end, s)
      if ((r.op === '<<' || r.op === '<<-') && r.heredoc && !r.target?.quoted) return textTaint(r.heredoc.start, r.heredoc.end, s)
      if (r.op === '<' && r.target) return s.files.get(wordPath(r.target))
    }
    return undefined
  }
  const fromFiles = (words: ShellWord[]): string | undefined => words.map((w) => s.files.get(wordPath(w))).find((x) => x !== undefined)
  if (name === 'gh') return s.fetched(c)
  if (name === 'curl' || name === 'wget') return downloadTo(c) === 'stdout' ? s.fetched(c) : undefined
  if (name === 'echo' || name === 'printf') return c.args.slice(1).map((w) => textTaint(w.start, w.end, s)).find((x) => x !== undefined)
  if (KEEPS_TEXT.has(name)) return fromFiles(c.args.slice(1)) ?? input()
  if (name === 'jq') {
    const words = c.args.slice(1)
    let i = 0
    let filter: string | undefined
    const files: ShellWord[] = []
    for (; i < words.length; i++) {
      const t = words[i].text
      if (t === '--arg' || t === '--argjson' || t === '--slurpfile' || t === '--rawfile') i += 2
      else if (t === '-f' || t === '--from-file' || t === '-n' || t === '--null-input') return undefined
      else if (t.startsWith('-') && t.length > 1) continue
      else if (filter === undefined) filter = t
      else files.push(words[i])
    }
    if (filter === undefined || !jqKeepsText(filter)) return undefined
    return files.length ? fromFiles(files) : input()
  }
  return undefined
}

/**
 * The outside context of `[start, end)` of the script (a word, a heredoc body): a `${{ }}`
 * that carries one, or a tainted variable it expands (by the parse's expansions there).
 */
function textTaint(start: number, end: number, s: PipeState): string | undefined {
  return (
    s.expr(s.script.slice(start, end)) ??
    paramsIn(s.parsed, start, end)
      .filter((x) => !x.length && !x.indirect)
      .map((x) => s.vars.get(x.name))
      .find((x) => x !== undefined)
  )
}

/**
 * The outside context of the command substitutions in `[start, end)` of the
 * script (`$(gh issue view 5 --json title -q .title || echo "")`): what any of
 * their pipelines prints. Commands nested in a word of another one (an inner
 * `$(…)` that is an argument) feed that command, not the output.
 */
export function substitutionOutput(commands: readonly ShellCommand[], start: number, end: number, s: PipeState): string | undefined {
  // Commands are in source order: find the first one at `start` (binary search), then take those before `end`.
  const lo = lowerBound(commands, start, (c) => c.start)
  const inside: ShellCommand[] = []
  for (let i = lo; i < commands.length && commands[i].start < end; i++) {
    const c = commands[i]
    if (c.inSubstitution && c.end <= end) inside.push(c)
  }
  for (const c of inside) {
    if (c.pipeNext) continue
    if (c.redirects.some((r) => (r.op === '>' || r.op === '>>' || r.op === '&>' || r.op === '>|') && (r.fd === undefined || r.fd === '1'))) continue
    if (inside.some((d) => d !== c && d.words.some((w) => w.start <= c.start && w.end >= c.end))) continue
    const t = pipeOutput(c, s)
    if (t) return t
  }
  return undefined
}

/** Where each fetch context was made, for related locations and messages (cleared by the rule on each check). */
const FETCHES = new Map<string, { at: Span; fetched: Fetched }>()

/** Records a fetch context's place; the context text names the command and its place. */
export function recordFetch(context: string, at: Span, fetched: Fetched): void {
  FETCHES.set(context, { at, fetched })
}

/** The place and command of a fetch context (the innermost context of a taint), if it is one. */
export function fetchOf(context: string): { at: Span; fetched: Fetched } | undefined {
  return FETCHES.get(context)
}

export function clearFetches(): void {
  FETCHES.clear()
}

/**
 * A necessary condition, on the script's words (`unquotedText`), for
 * {@link ghFetch} to find a command: `gh` followed by one of the commands
 * it reads (`gh pr create`, `gh issue edit`, `gh pr merge` fetch nothing). Undefined words (not known without parsing): true.
 */
export function mayFetch(words: string | undefined): boolean {
  return words === undefined || /\bgh\s+(?:(?:issue|pr)\s+(?:view|list|diff)|search\s+(?:issues|prs)|api)\b|\b(?:curl|wget)\b/.test(words)
}
