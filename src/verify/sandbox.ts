/**
 * Runs one hook process the way Claude Code would, but contained: a scrubbed
 * environment, no network when the kernel lets us (`unshare -n`), CPU / memory /
 * file-size limits (`prlimit`, else `ulimit` in a `/bin/sh` wrapper), its own
 * process group (killed on timeout and again after exit, so background children
 * do not outlive the run), and bounded output capture.
 *
 * What is *not* contained: the file system. The hook runs as the current user
 * and can read and write whatever that user can; callers point it at a
 * temporary copy of the repository and a temporary HOME so that ordinary hooks
 * only touch those. Processes that start their own session (`setsid`, daemons)
 * escape the process-group kill.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process'

/** How hook processes are contained on this machine (detected once). */
export interface Isolation {
  /** `unshare` flags that gave the process its own, empty network namespace; undefined when none worked. */
  unshareFlags?: string[]
  /** Whether hooks run without network access. */
  network: 'none' | 'host'
  /** How CPU, memory and file-size limits are applied. */
  limits: 'prlimit' | 'ulimit' | 'none'
  /** Human-readable notes about what could not be contained. */
  notes: string[]
}

let cached: Isolation | undefined

function works(argv: string[]): boolean {
  try {
    const r = spawnSync(argv[0], argv.slice(1), {
      stdio: 'ignore',
      timeout: 5000,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin' }
    })
    return r.status === 0
  } catch {
    return false
  }
}

/** Detects (once per process) which containment tools work here. */
export function detectIsolation(): Isolation {
  if (cached) return cached
  const notes: string[] = []
  let unshareFlags: string[] | undefined
  if (process.platform === 'linux') {
    // Root (or CAP_SYS_ADMIN) needs no user namespace; otherwise map the current
    // user to itself (util-linux 2.38+) or to root in a new user namespace.
    const candidates = [['-n'], ['-c', '-n'], ['-r', '-n']]
    for (const flags of candidates) {
      if (works(['unshare', ...flags, 'true'])) {
        unshareFlags = flags
        break
      }
    }
  }
  if (!unshareFlags) {
    notes.push(
      'network not isolated: `unshare -n` is not available or not permitted here; hooks could reach the network'
    )
  }
  let limits: Isolation['limits'] = 'none'
  if (process.platform !== 'win32') {
    if (works(['prlimit', '--cpu=5', '--data=1073741824', '--fsize=268435456', '--core=0', '--', 'true']))
      limits = 'prlimit'
    else if (works(['/bin/sh', '-c', 'ulimit -t 5 && ulimit -d 1048576 && ulimit -f 524288 && ulimit -c 0']))
      limits = 'ulimit'
  }
  if (limits === 'none') notes.push('no CPU/memory limits: neither `prlimit` nor `ulimit` worked here')
  notes.push(
    'file system not isolated: hooks run as the current user in a temporary copy of the repository with a temporary HOME'
  )
  cached = { unshareFlags, network: unshareFlags ? 'none' : 'host', limits, notes }
  return cached
}

/** What to run. */
export interface SandboxRequest {
  /** Program and arguments (e.g. `['/bin/sh', '-c', command]`). */
  argv: string[]
  cwd: string
  env: Record<string, string>
  stdin: string
  timeoutMs: number
}

/** What happened. */
export interface SandboxResult {
  exitCode: number | null
  signal?: string
  timedOut: boolean
  /** Set when the process could not be started at all (spawn error). */
  spawnError?: string
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
/** How long to wait for pipes to drain after the process exited. */
const DRAIN_MS = 250

function wrap(iso: Isolation, req: SandboxRequest): string[] {
  const cpu = Math.max(1, Math.ceil(req.timeoutMs / 1000)) + 1
  let argv = req.argv
  if (iso.limits === 'prlimit') {
    argv = [
      'prlimit',
      `--cpu=${cpu}:${cpu + 1}`,
      `--data=${MEMORY_BYTES}`,
      `--fsize=${FSIZE_BYTES}`,
      '--core=0',
      '--',
      ...argv
    ]
  } else if (iso.limits === 'ulimit') {
    const script = `ulimit -t ${cpu}; ulimit -d ${MEMORY_BYTES / 1024}; ulimit -f ${FSIZE_BYTES / 512}; ulimit -c 0; exec "$@"`
    argv = ['/bin/sh', '-c', script, 'cca-hook', ...argv]
  }
  if (iso.unshareFlags) argv = ['unshare', ...iso.unshareFlags, '--', ...argv]
  return argv
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return
  try {
    process.kill(-pid, 'SIGKILL')
  } catch {
    // already gone
  }
}

/** Runs one process contained as far as this machine allows; never rejects. */
export function runContained(req: SandboxRequest, iso: Isolation = detectIsolation()): Promise<SandboxResult> {
  const argv = wrap(iso, req)
  const start = performance.now()
  return new Promise((resolve) => {
    const out: Buffer[] = []
    const err: Buffer[] = []
    let outLen = 0
    let errLen = 0
    let timedOut = false
    let settled = false
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined
    let spawnError: string | undefined
    let drain: NodeJS.Timeout | undefined

    let child: ChildProcessWithoutNullStreams
    try {
      child = spawn(argv[0], argv.slice(1), {
        cwd: req.cwd,
        env: req.env,
        stdio: ['pipe', 'pipe', 'pipe'],
        detached: true, // own process group, so the whole tree can be killed
        windowsHide: true
      })
    } catch (e) {
      // Invalid arguments (a NUL byte in the command, ...) throw synchronously.
      resolve({
        exitCode: null,
        timedOut: false,
        spawnError: (e as Error).message,
        stdout: '',
        stderr: '',
        ms: Math.round(performance.now() - start)
      })
      return
    }
    const pid = child.pid

    const timer = setTimeout(() => {
      if (exit) return
      timedOut = true
      killGroup(pid)
      drain = setTimeout(finish, DRAIN_MS)
    }, req.timeoutMs)

    const finish = (): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      if (drain) clearTimeout(drain)
      killGroup(pid) // leftovers that kept running in the background
      child.stdout.destroy()
      child.stderr.destroy()
      child.stdin.destroy()
      resolve({
        exitCode: timedOut ? null : (exit?.code ?? null),
        signal: !timedOut && exit?.signal ? exit.signal : undefined,
        timedOut,
        spawnError,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        ms: Math.round(performance.now() - start)
      })
    }

    child.stdout.on('data', (b: Buffer) => {
      if (outLen < MAX_CAPTURE) out.push(b.subarray(0, MAX_CAPTURE - outLen))
      outLen += b.length
    })
    child.stderr.on('data', (b: Buffer) => {
      if (errLen < MAX_CAPTURE) err.push(b.subarray(0, MAX_CAPTURE - errLen))
      errLen += b.length
    })
    child.on('error', (e) => {
      spawnError = e.message
      exit = exit ?? { code: null, signal: null }
      finish()
    })
    child.on('exit', (code, signal) => {
      exit = { code, signal }
      killGroup(pid)
      if (drain) clearTimeout(drain)
      // Give the pipes a moment to deliver what was written before exit.
      drain = setTimeout(finish, DRAIN_MS)
    })
    child.on('close', finish)

    // A hook may exit without reading its input: ignore EPIPE.
    child.stdin.on('error', () => undefined)
    if (pid === undefined) return
    child.stdin.end(req.stdin)
  })
}
