/**
 * Absolute paths that exist on one person's machine only (
 * machine-specific-path, hook-outside-repo): macOS and Linux home directories
 * (`/Users/alice`, `/home/alice`, also `/mnt/c/Users/alice` and the
 * `//c/Users/alice` form of permission rules), macOS volumes
 * (`/Volumes/Work`) and Windows drive paths (`C:\Users\alice`, `D:\src\app`).
 *
 * Not personal: CI and container homes (`/home/runner`, `/home/node`,
 * `/home/vscode`, ...), placeholders (`/Users/you`, `/home/<user>`,
 * `/home/$USER`), shared locations (`/Users/Shared`), system folders of
 * Windows (`C:\Windows`, `C:\Program Files`), and `/usr`, `/opt`, `/tmp`.
 */

/** A personal path found in a string. */
export interface PersonalPath {
  /** Offsets in the searched string. */
  start: number
  end: number
  /** The matched prefix: `/Users/alice`, `D:\front-end`. */
  text: string
  kind: 'home' | 'volume' | 'windows'
}

/** Home-directory names that belong to no particular person. */
const GENERIC_USERS = new Set([
  'runner', 'node', 'vscode', 'codespace', 'codespaces', 'coder', 'gitpod', 'jovyan', 'linuxbrew', 'ubuntu',
  'ec2-user', 'circleci', 'jenkins', 'travis', 'buildkite-agent', 'docker', 'app', 'shared', 'guest', 'nobody',
  'user', 'username', 'user-name', 'user_name', 'your-user', 'your_user', 'youruser', 'yourusername', 'your-username',
  'your_username', 'you', 'yourname', 'your-name', 'your_name', 'me', 'name', 'example', 'foo', 'bar', 'someone',
  'somebody', 'john', 'jdoe', 'johndoe', 'john-doe', 'janedoe', 'alice', 'bob', 'dev', 'developer', 'x', 'xxx', 'abc',
  'public', 'default', 'all users', 'test', 'testuser', 'home', 'root', 'work'
])

const WINDOWS_SYSTEM = /^(?:windows|program files(?: \(x86\))?|programdata|progra~1|progra~2|system32)$/i

// `/Users/<name>`, `/home/<name>`, `/Volumes/<name>`, with an optional `/mnt/c` or `//c` prefix.
// A match may begin inside a run of slashes, but only where the run's first slash could not
// (its own start; the second slash when the first follows a word character; the last one when
// `/mnt` follows): every later start found the same match or none, after scanning the rest of
// the run again, quadratically in its length.
export const POSIX =
  /(?:(?<![\w.$~%@:/-])|(?<=[\w.$~%@:-]\/)|(?<=\/)(?=\/mnt))(?:(?:\/mnt)?\/+[a-zA-Z](?=\/))?\/+(Users|home|Volumes)\/([^/\s"'`:;,|&<>()[\]{}*?\\$]+)/g
// `C:\name`, `C:/name`, `C:\\name` (escaped in source); the first component has 2+ characters.
// Not after a word, a path or `:`/`-`, except as the default of a shell expansion (`${BIN:-C:\Users\…}`,
// also `-`, `=`, `:=`, `+`, `?`): the lookbehind runs only where a drive letter and `:` follow.
const WINDOWS = /(?=[A-Za-z]:)(?:(?<![\w.$%@/\\:-])|(?<=\$\{[A-Za-z_][A-Za-z0-9_]*:?[-=+?]))([A-Za-z]):(\\\\|\\|\/)([A-Za-z0-9_][\w .()~-]*[\w)~]|[A-Za-z0-9_]{2,})/g

/** Personal absolute paths in `s`, in order. */
export function personalPaths(s: string): PersonalPath[] {
  const out: PersonalPath[] = []
  for (const m of s.matchAll(POSIX)) {
    const dir = m[1]
    const name = m[2]
    if (dir === 'Volumes' ? /[<>{}$%]/.test(name) : !isPersonalName(name)) continue
    // `/home/x` without anything after the user part could be prose ("/home/ page"); require a
    // path context: followed by a separator, end, or a quote.
    const start = m.index ?? 0
    out.push({ start, end: start + m[0].length, text: m[0].replace(/^\/+/, '/'), kind: dir === 'Volumes' ? 'volume' : 'home' })
  }
  for (const m of s.matchAll(WINDOWS)) {
    const comp = m[3].trim()
    if (WINDOWS_SYSTEM.test(comp)) continue
    const start = m.index ?? 0
    const after = s.slice(start + m[0].length)
    // A single component is enough when it is followed by a separator or ends the token;
    // `x:\n` in a string literal (an escape) is not a path.
    const more = /^(?:\\\\|\\|\/)[\w.]/.test(after)
    if (m[1] === m[1].toLowerCase() && !more) continue
    if (m[2] === '\\' && /^[nrtbfvau0x]/.test(comp) && !more) continue
    if (/^users$/i.test(comp)) {
      // `C:\Users\<name>`: personal only when the name is.
      const rest = /^(?:\\\\|\\|\/)([^\\/\s"'`:;,|&<>*?]+)/.exec(after)
      if (!rest || !isPersonalName(rest[1])) continue
      out.push({ start, end: start + m[0].length + rest[0].length, text: `${m[1]}:${m[2]}${m[3]}${rest[0]}`.replace(/\\\\/g, '\\'), kind: 'home' })
      continue
    }
    out.push({ start, end: start + m[0].length, text: m[0].replace(/\\\\/g, '\\'), kind: 'windows' })
  }
  return out.sort((a, b) => a.start - b.start)
}

function isPersonalName(name: string): boolean {
  const n = name.toLowerCase()
  if (GENERIC_USERS.has(n)) return false
  if (/[<>{}$%]/.test(name) || /^\.+$/.test(name)) return false
  if (/^(?:user|username|your|my)[-_]?/.test(n) && n.length <= 14 && /user|name|your/.test(n)) return false
  return true
}
