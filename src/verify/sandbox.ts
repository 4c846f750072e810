/**
 * Runs one hook process the way Claude Code would, but contained.
 *
 * Where the kernel allows it (Linux, `unshare` from util-linux, root or
 * unprivileged user namespaces) every run gets:
 *
 * - its own PID namespace with a private `/proc`: the hook sees no process but
 *   its own (not the auditing process, whose `/proc/<pid>/environ` holds the
 *   workflow token), and when the launcher (PID 1 of the namespace) exits the
 *   kernel kills every process left in it, `setsid` daemons included;
 * - its own mount namespace: the runner's command files (`GITHUB_ENV`,
 *   `GITHUB_PATH`, `GITHUB_OUTPUT`, `GITHUB_STEP_SUMMARY`, `GITHUB_STATE`),
 *   `RUNNER_TEMP`, the checkout and the audited directory, and well-known
 *   credential files in HOME are covered by empty read-only mounts, every
 *   other mount is made read-only except the run's workspace, and `/tmp`,
 *   `/var/tmp` and `/dev/shm` are private, empty tmpfs;
 * - its own, empty network namespace;
 * - no capabilities (`setpriv --bounding-set=-all`, `no_new_privs`), so it
 *   cannot undo those mounts;
 * - CPU, memory, file-size and process-count limits (`prlimit`).
 *
 * The hook is started by a small `/bin/sh` launcher that never held a secret:
 * it is spawned with the scrubbed environment, hides the paths, reports that
 * the set-up worked on a private pipe (fd 3, closed before the hook starts)
 * and runs the hook as its child. After the run every process found in the
 * run's PID namespace is killed and counted.
 *
 * Without namespaces (no `unshare`, macOS, a kernel that forbids them) the run
 * is degraded and says so in {@link Isolation.notes}: the hook can read the
 * environment of other processes of the same user, write files outside the
 * copy, reach the network, and processes that leave the process group can
 * survive (a sweep by an environment marker catches those that keep it).
 * Callers refuse degraded runs on CI.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomUUID } from 'node:crypto'
import type { Readable } from 'node:stream'

/** How hook processes are contained on this machine (detected once). */
export interface Isolation {
  /** `unshare` and its flags (everything before `--`); undefined when no namespace could be created. */
  unshare?: string[]
  /** Own PID namespace and private `/proc`: other processes invisible, all descendants killed at the end. */
  pid: boolean
  /** Own mount namespace: runner files and the checkout hidden. */
  mount: boolean
  /** In the mount namespace, everything but the run's workspace is read-only, with private /tmp, /var/tmp, /dev/shm. */
  readOnly: boolean
  /** Whether hooks run without network access. */
  network: 'none' | 'host'
  /** `setpriv` flags that drop capabilities and set `no_new_privs`; undefined when that is not possible. */
  dropPrivileges?: string[]
  /** How CPU, memory, file-size and process-count limits are applied. */
  limits: 'prlimit' | 'ulimit' | 'none'
  /** Whether `prlimit --nproc` works (process-count limit). */
  nproc: boolean
  /** What could not be contained, in words; empty when isolation is complete. */
  notes: string[]
}

/** True when hooks run in their own PID, mount and network namespaces without capabilities. */
export function fullyIsolated(iso: Isolation): boolean {
  return iso.pid && iso.mount && iso.network === 'none' && iso.dropPrivileges !== undefined
}

/** A short description of what is missing, for evidence texts; undefined when isolation is complete. */
export function isolationCaveat(iso: Isolation): string | undefined {
  const missing: string[] = []
  if (!iso.pid) missing.push('no PID namespace')
  if (!iso.mount) missing.push('no mount namespace')
  else if (!iso.readOnly) missing.push('file system not read-only')
  if (iso.network !== 'none') missing.push('network not isolated')
  if (iso.pid && iso.dropPrivileges === undefined) missing.push('capabilities not dropped')
  return missing.length ? `partial isolation: ${missing.join(', ')}` : undefined
}

let cached: Isolation | undefined

const PATH_ENV = (): string => process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin'

function works(argv: string[], cwd?: string): boolean {
  try {
    const r = spawnSync(argv[0], argv.slice(1), {
      cwd,
      // fd 3: the launcher's report channel.
      stdio: ['ignore', 'ignore', 'ignore', 'ignore'],
      timeout: 10_000,
      env: { PATH: PATH_ENV() }
    })
    return r.status === 0
  } catch {
    return false
  }
}

/** The namespace sets tried, most complete first. */
const NAMESPACE_SETS: { flags: string[]; pid: boolean; mount: boolean; network: boolean }[] = [
  {
    flags: ['--pid', '--mount', '--net', '--fork', '--mount-proc'],
    pid: true,
    mount: true,
    network: true
  },
  { flags: ['--pid', '--mount', '--fork', '--mount-proc'], pid: true, mount: true, network: false },
  { flags: ['--net'], pid: false, mount: false, network: true }
]

/** Probe for a PID + mount namespace: PID 1, and a tmpfs over a directory hides what was in it. */
const NS_PROBE = '[ "$$" = 1 ] && mount -t tmpfs -o size=16k cca-hidden "$1" && [ ! -e "$1/probe" ]'

const DROP_ALL = ['setpriv', '--no-new-privs', '--inh-caps=-all', '--bounding-set=-all', '--']
const DROP_NNP = ['setpriv', '--no-new-privs', '--']

/** Process-count limit for one run: the user's current processes (the limit is per user) plus headroom. */
export function nprocLimit(): number {
  const uid = process.getuid?.()
  let own = 0
  if (uid !== undefined && uid !== 0) {
    try {
      for (const e of readdirSync('/proc')) {
        if (!/^\d+$/.test(e)) continue
        try {
          if (statSync(`/proc/${e}`).uid === uid) own++
        } catch {
          // gone
        }
      }
    } catch {
      // no /proc
    }
  }
  return own + 256
}

/** Detects (once per process) which containment tools work here. */
export function detectIsolation(): Isolation {
  if (cached) return cached
  let unshare: string[] | undefined
  let pid = false
  let mount = false
  let network = false
  if (process.platform === 'linux') {
    const probeDir = mkdtempSync(join(tmpdir(), 'cca-probe-'))
    try {
      writeFileSync(join(probeDir, 'probe'), '')
      // Root needs no user namespace; otherwise map the current user to root (or to itself) in a new one.
      const users = process.getuid?.() === 0 ? [[]] : [[], ['--map-root-user'], ['--map-current-user']]
      outer: for (const set of NAMESPACE_SETS) {
        for (const user of users) {
          const argv = ['unshare', ...user, ...set.flags]
          const probe = set.pid ? ['/bin/sh', '-c', NS_PROBE, 'cca-probe', probeDir] : ['true']
          if (works([...argv, '--', ...probe])) {
            unshare = argv
            pid = set.pid
            mount = set.mount
            network = set.network
            break outer
          }
        }
      }
    } finally {
      rmSync(probeDir, { recursive: true, force: true })
    }
  }
  let readOnly = false
  if (mount && unshare) {
    // The launcher's read-only set-up, tried once on a scratch workspace under the temporary folder.
    const ws = mkdtempSync(join(tmpdir(), 'cca-probe-'))
    try {
      const launcher = ['/bin/sh', '-c', launcherScript(''), 'cca-probe', '-', 'ro', ws, '0']
      readOnly = works([...unshare, '--', ...launcher, 'touch', 'written'], ws) && existsSync(join(ws, 'written'))
    } finally {
      rmSync(ws, { recursive: true, force: true })
    }
  }
  let dropPrivileges: string[] | undefined
  const inside = unshare ? [...unshare, '--'] : []
  if (works([...inside, ...DROP_ALL, 'true'])) dropPrivileges = DROP_ALL
  else if (works([...inside, ...DROP_NNP, 'true'])) dropPrivileges = pid ? undefined : DROP_NNP
  let limits: Isolation['limits'] = 'none'
  let nproc = false
  if (process.platform !== 'win32') {
    const base = ['prlimit', '--cpu=5', '--data=1073741824', '--fsize=268435456', '--core=0']
    if (works([...base, `--nproc=${nprocLimit()}`, '--', 'true'])) {
      limits = 'prlimit'
      nproc = true
    } else if (works([...base, '--', 'true'])) limits = 'prlimit'
    else if (works(['/bin/sh', '-c', 'ulimit -t 5 && ulimit -d 1048576 && ulimit -f 524288 && ulimit -c 0']))
      limits = 'ulimit'
  }
  cached = describeIsolation({
    unshare,
    pid,
    mount,
    readOnly,
    network: network ? 'none' : 'host',
    dropPrivileges,
    limits,
    nproc,
    notes: []
  })
  return cached
}

/** Fills in {@link Isolation.notes} from what works. */
export function describeIsolation(iso: Isolation): Isolation {
  const notes: string[] = []
  if (!iso.pid)
    notes.push(
      'no PID namespace (`unshare --pid` is not available or not permitted here): hooks can read the environment of other processes of this user, including the auditing process, and processes that leave the process group can outlive the run'
    )
  if (iso.mount && !iso.readOnly)
    notes.push(
      'file system not read-only: the mounts could not be made read-only here, so hooks can write files outside the temporary copy of the repository (the runner files are still hidden)'
    )
  if (!iso.mount)
    notes.push(
      'no mount namespace: hooks can write files outside the temporary copy of the repository, including the runner files GITHUB_ENV, GITHUB_PATH and GITHUB_OUTPUT'
    )
  if (iso.network !== 'none')
    notes.push(
      'network not isolated: `unshare --net` is not available or not permitted here; hooks could reach the network'
    )
  if (iso.pid && !iso.dropPrivileges)
    notes.push(
      'capabilities not dropped (`setpriv` is missing): a hook could undo the private /proc and the hidden paths'
    )
  if (iso.limits === 'none') notes.push('no CPU/memory limits: neither `prlimit` nor `ulimit` worked here')
  else if (iso.limits === 'prlimit' && !iso.nproc)
    notes.push('no process-count limit: `prlimit --nproc` did not work here')
  return { ...iso, notes }
}

/** The same limits without any namespace: what a machine without `unshare` gets (for tests of the degraded path). */
export function withoutNamespaces(iso: Isolation = detectIsolation()): Isolation {
  return describeIsolation({
    ...iso,
    unshare: undefined,
    pid: false,
    mount: false,
    network: 'host',
    dropPrivileges: undefined
  })
}

/** What to run. */
export interface SandboxRequest {
  /** Program and arguments (e.g. `['/bin/sh', '-c', command]`). */
  argv: string[]
  cwd: string
  env: Record<string, string>
  stdin: string
  timeoutMs: number
  /** Absolute paths to cover with an empty mount (mount namespace only); missing ones are skipped. */
  hide?: string[]
  /** The one folder the hook may write to (with a mount namespace, everything else is read-only); must hold `cwd`. */
  workspace?: string
  /**
   * Bring up the loopback interface of the network namespace before privileges are
   * dropped, for a program that serves itself on 127.0.0.1 (the scripted model of
   * `--verify-hooks=claude`); the namespace still reaches nothing else.
   */
  loopback?: boolean
}

/** What happened. */
export interface SandboxResult {
  exitCode: number | null
  signal?: string
  timedOut: boolean
  /** Set when the process could not be started at all (spawn error). */
  spawnError?: string
  /** Set when the sandbox could not be set up (the hook did not run). */
  setupError?: string
  /** Processes of the run still alive after it ended (they were killed). */
  survivors: number
  stdout: string
  stderr: string
  ms: number
}

/** Output kept per stream; the rest is dropped (Claude Code itself caps strings at 10,000 chars). */
const MAX_CAPTURE = 1024 * 1024
/** Data-segment limit (RLIMIT_DATA; unlike RLIMIT_AS it does not break V8 or Go reservations). */
const MEMORY_BYTES = 1024 * 1024 * 1024
/** Largest file a hook may write. */
const FSIZE_BYTES = 256 * 1024 * 1024
/**
 * How long to wait, after the hook's process tree was killed, for its pipes to
 * close. They close at once unless a process escaped the kill (degraded runs
 * only); this bounds the wait, it does not decide what output was read.
 */
const LINGER_MS = 5000
/** Longest wait for the sandbox to be set up (namespaces, mounts) before the hook starts. */
const SETUP_TIMEOUT_MS = 30_000
/** Exit status of the launcher when the set-up failed. */
const SETUP_FAILED = 125

/**
 * The launcher: hides paths, applies ulimits (when prlimit is missing), tells
 * the parent on fd 3 that the set-up worked (with its PID namespace), closes
 * fd 3 and runs the hook as its child. Everything variable comes as arguments.
 */
function launcherScript(ulimits: string): string {
  return [
    'fail() { printf "%s\\n" "$1" >&3; exit ' + SETUP_FAILED + '; }',
    'set -f',
    // $1: `lo` (bring up loopback) or `-`; $2: `ro` (make everything but the workspace read-only) or `-`; $3: the workspace or ``.
    'lo=$1; ro=$2; ws=$3; shift 3',
    'if [ "$ro" = ro ]; then',
    '  here=$(pwd)',
    '  cd "$ws" && mount --bind "$ws" "$ws" || fail "could not bind the workspace"',
    'fi',
    'n=$1; shift',
    'while [ "$n" -gt 0 ]; do',
    '  if [ -d "$1" ]; then mount -t tmpfs -o size=16k,mode=0500 cca-hidden "$1" 2>/dev/null || fail "could not hide a directory";',
    '  elif [ -e "$1" ]; then mount --bind /dev/null "$1" 2>/dev/null || fail "could not hide a file"; fi',
    '  shift; n=$((n - 1))',
    'done',
    'if [ "$ro" = ro ]; then',
    // Private, empty temporary folders; the workspace (usually under /tmp) is bound back by its open cwd.
    '  for t in /tmp /var/tmp /dev/shm; do',
    '    [ -d "$t" ] || continue',
    '    mount -t tmpfs -o size=256m,mode=1777 cca-tmp "$t" 2>/dev/null || fail "could not mount a private $t"',
    '    case "$ws/" in "$t"/*) { mkdir -p "$ws" && mount -c --bind . "$ws"; } 2>/dev/null || fail "could not keep the workspace";; esac',
    '  done',
    // Every other mount read-only: the hook cannot change the checkout, the runner, tools or HOME.
    "  for mp in $(awk '{print $5}' /proc/self/mountinfo); do",
    '    mp=$(printf "%b" "$mp")',
    // The workspace stays writable; mounts under the private folders or hidden paths are out of reach.
    '    case "$mp" in "$ws"|/tmp|/tmp/*|/var/tmp|/var/tmp/*|/dev/shm|/dev/shm/*) continue;; esac',
    '    [ -e "$mp" ] || continue',
    '    mount -o remount,bind,ro "$mp" 2>/dev/null || fail "could not make $mp read-only"',
    '  done',
    '  cd "$here" || fail "could not return to the project folder"',
    'fi',
    'if [ "$lo" = lo ]; then ip link set lo up 2>/dev/null || fail "could not bring up loopback"; fi',
    ulimits,
    'ns=$(readlink /proc/self/ns/pid 2>/dev/null) || ns=',
    'printf "ready %s\\n" "$ns" >&3',
    'exec 3>&-',
    '"$@"'
  ]
    .filter(Boolean)
    .join('\n')
}

function wrap(iso: Isolation, req: SandboxRequest): string[] {
  const cpu = Math.max(1, Math.ceil(req.timeoutMs / 1000)) + 1
  let hook = req.argv
  if (iso.dropPrivileges) hook = [...iso.dropPrivileges, ...hook]
  let ulimits = ''
  if (iso.limits === 'prlimit') {
    hook = [
      'prlimit',
      `--cpu=${cpu}:${cpu + 1}`,
      `--data=${MEMORY_BYTES}`,
      `--fsize=${FSIZE_BYTES}`,
      '--core=0',
      ...(iso.nproc ? [`--nproc=${nprocLimit()}`] : []),
      '--',
      ...hook
    ]
  } else if (iso.limits === 'ulimit') {
    const n = nprocLimit()
    ulimits =
      `ulimit -t ${cpu}; ulimit -d ${MEMORY_BYTES / 1024}; ulimit -f ${FSIZE_BYTES / 512}; ulimit -c 0; ` +
      `{ ulimit -u ${n} || ulimit -p ${n}; } 2>/dev/null`
  }
  const hide = iso.mount ? (req.hide ?? []) : []
  const ro = iso.mount && iso.readOnly && req.workspace ? ['ro', req.workspace] : ['-', '']
  const launcher = [
    '/bin/sh',
    '-c',
    launcherScript(ulimits),
    'cca-launcher',
    iso.network === 'none' && req.loopback ? 'lo' : '-',
    ...ro,
    String(hide.length),
    ...hide,
    ...hook
  ]
  return iso.unshare ? [...iso.unshare, '--', ...launcher] : launcher
}

function kill(pid: number | undefined, group: boolean): void {
  if (pid === undefined) return
  try {
    process.kill(group ? -pid : pid, 'SIGKILL')
  } catch {
    // already gone
  }
}

/** Processes that belong to a run: in its PID namespace, or carrying its environment marker. */
function members(tag: { ns?: string; marker?: string }): number[] {
  if (process.platform !== 'linux' || (!tag.ns && !tag.marker)) return []
  let entries: string[]
  try {
    entries = readdirSync('/proc')
  } catch {
    return []
  }
  const out: number[] = []
  const needle = tag.marker ? Buffer.from(`${MARKER}=${tag.marker}\0`) : undefined
  for (const e of entries) {
    if (!/^\d+$/.test(e) || Number(e) === process.pid) continue
    try {
      if (tag.ns) {
        if (readlinkSync(`/proc/${e}/ns/pid`) === tag.ns) out.push(Number(e))
      } else if (needle && readFileSync(`/proc/${e}/environ`).includes(needle)) out.push(Number(e))
    } catch {
      // gone, or not ours to read
    }
  }
  return out
}

/** Environment variable that marks a degraded run's processes (for the final sweep). */
const MARKER = 'CCA_VERIFY_RUN'

/** Kills what is left of a run; returns how many processes were found. */
async function sweep(tag: { ns?: string; marker?: string }): Promise<number> {
  const seen = new Set<number>()
  for (let round = 0; round < 20; round++) {
    const alive = members(tag).filter((p) => {
      // Zombies are dead already; they only wait for their parent to reap them.
      try {
        return !/^\d+ \(.*\) Z /s.test(readFileSync(`/proc/${p}/stat`, 'utf8'))
      } catch {
        return false
      }
    })
    if (alive.length === 0) break
    for (const p of alive) {
      seen.add(p)
      kill(p, false)
    }
    await new Promise((r) => setTimeout(r, 25))
  }
  return seen.size
}

/** Runs one process contained as far as this machine allows; never rejects. */
export function runContained(req: SandboxRequest, iso: Isolation = detectIsolation()): Promise<SandboxResult> {
  const argv = wrap(iso, req)
  const marker = !iso.pid && process.platform === 'linux' ? randomUUID() : undefined
  const env = marker ? { ...req.env, [MARKER]: marker } : req.env
  const start = performance.now()
  return new Promise((resolve) => {
    const out: Buffer[] = []
    const err: Buffer[] = []
    let ctl = ''
    let outLen = 0
    let errLen = 0
    let timedOut = false
    let settled = false
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined
    let spawnError: string | undefined
    let linger: NodeJS.Timeout | undefined
    let early: Promise<number> = Promise.resolve(0)
    let nsFd: number | undefined
    let exitAt: number | undefined
    let nsTag: string | undefined

    let child: ChildProcess
    try {
      child = spawn(argv[0], argv.slice(1), {
        cwd: req.cwd,
        env,
        // fd 3: the launcher's private report channel.
        stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
        detached: true, // own process group, so the whole tree can be killed
        windowsHide: true
      })
    } catch (e) {
      // Invalid arguments (a NUL byte in the command, ...) throw synchronously.
      resolve({
        exitCode: null,
        timedOut: false,
        spawnError: (e as Error).message,
        survivors: 0,
        stdout: '',
        stderr: '',
        ms: Math.round(performance.now() - start)
      })
      return
    }
    const pid = child.pid
    const stdout = child.stdout as Readable
    const stderr = child.stderr as Readable
    const control = child.stdio[3] as Readable

    /** Kills the launcher's tree: the process group, and with the launcher (PID 1) its whole PID namespace. */
    const killTree = (): void => {
      kill(pid, true)
      kill(pid, false)
    }
    /** Pipes still open after the tree was killed: a process escaped; give up on them after a while. */
    const startLinger = (): void => {
      if (linger || settled) return
      linger = setTimeout(() => {
        // Let the poll phase deliver what is already in the pipes before closing them.
        setImmediate(() => void finish())
      }, LINGER_MS)
    }

    let setupFailed: string | undefined
    let hookTimer: NodeJS.Timeout | undefined
    let hookStart: number | undefined
    // Creating namespaces can be slow on a busy machine: that time is not the hook's.
    const setupTimer = setTimeout(() => {
      if (exit || hookStart !== undefined) return
      setupFailed = `the sandbox was not ready after ${SETUP_TIMEOUT_MS / 1000} s`
      killTree()
      startLinger()
    }, SETUP_TIMEOUT_MS)
    /** Starts the hook's own clock once the launcher is about to run it. */
    const hookStarted = (): void => {
      if (hookStart !== undefined) return
      hookStart = performance.now()
      hookTimer = setTimeout(() => {
        // Timers run before I/O in each loop turn: after a stalled loop, an exit that is
        // already waiting must be seen before the hook is declared timed out.
        setImmediate(() => {
          if (exit || settled) return
          timedOut = true
          killTree()
          startLinger()
        })
      }, req.timeoutMs)
    }

    const finish = async (): Promise<void> => {
      if (settled) return
      settled = true
      clearTimeout(setupTimer)
      if (hookTimer) clearTimeout(hookTimer)
      if (linger) clearTimeout(linger)
      killTree()
      stdout.destroy()
      stderr.destroy()
      control.destroy()
      child.stdin?.destroy()
      const ready = /^ready (.*)$/m.exec(ctl)
      let survivors = await early
      if (nsFd !== undefined) {
        survivors += await sweep({ ns: nsTag })
        closeSync(nsFd)
      } else if (marker) survivors += await sweep({ marker })
      let setupError: string | undefined
      if (setupFailed) setupError = setupFailed
      else if (!ready && !spawnError && !timedOut) {
        setupError =
          ctl.trim().slice(0, 200) ||
          `the launcher ended with ${exit?.signal ?? `exit ${exit?.code}`} before the hook started: ${Buffer.concat(err).toString('utf8').trim().slice(0, 200)}`
      }
      resolve({
        exitCode: timedOut ? null : (exit?.code ?? null),
        signal: !timedOut && exit?.signal ? exit.signal : undefined,
        timedOut,
        spawnError,
        setupError,
        survivors,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        ms: Math.round((exitAt ?? performance.now()) - (hookStart ?? start))
      })
    }

    stdout.on('data', (b: Buffer) => {
      if (outLen < MAX_CAPTURE) out.push(b.subarray(0, MAX_CAPTURE - outLen))
      outLen += b.length
    })
    stderr.on('data', (b: Buffer) => {
      if (errLen < MAX_CAPTURE) err.push(b.subarray(0, MAX_CAPTURE - errLen))
      errLen += b.length
    })
    control.on('data', (b: Buffer) => {
      if (ctl.length < 4096) ctl += b.toString('utf8')
      if (/^ready /m.test(ctl)) hookStarted()
      if (iso.pid && nsFd === undefined && pid !== undefined) {
        const ready = /^ready (pid:\[\d+\])$/m.exec(ctl)
        if (ready) {
          // Hold the run's PID namespace open until the final sweep, so that its number
          // cannot be given to another run's namespace in the meantime.
          try {
            const path = `/proc/${pid}/ns/pid_for_children`
            const fd = openSync(path, 'r')
            if (readlinkSync(path) === ready[1]) {
              nsFd = fd
              nsTag = ready[1]
            } else closeSync(fd)
          } catch {
            // unshare is gone: so is the namespace
          }
        }
      }
    })
    child.on('error', (e) => {
      spawnError = e.message
      exit = exit ?? { code: null, signal: null }
      void finish()
    })
    child.on('exit', (code, signal) => {
      exit = { code, signal }
      exitAt = performance.now()
      // Background processes of the hook end with it (Claude Code does not wait for them either);
      // once they are gone every pipe reaches end-of-file and 'close' follows with all output read.
      killTree()
      // Without a PID namespace, processes that left the group (setsid) would keep the pipes open.
      if (marker) early = sweep({ marker })
      startLinger()
    })
    // Every pipe at end-of-file and the process gone: all output has been read.
    child.on('close', () => void finish())

    // A hook may exit without reading its input: ignore EPIPE.
    child.stdin?.on('error', () => undefined)
    if (pid === undefined) return
    child.stdin?.end(req.stdin)
  })
}
