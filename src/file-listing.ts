/**
 * The git commands that list an audited repository's files: the first work of
 * every audit (see discover.ts, which turns their answers into the file set).
 *
 * They need nothing but the root, so the `claude-code-audit` launcher starts
 * them before it loads the CLI bundle (src/cli-launcher.ts): git then runs on
 * another core while this one loads and deserialises 3 MB of code, and the
 * child processes are forked from a process a third the size it has later.
 * The launcher and the bundle are separate module instances, so the started
 * listing is handed over through one global slot ({@link takeListing}); an
 * audit of another root, or a run that never reaches discovery, ignores it.
 */
import { readdirSync } from 'node:fs'
import { adoptRepository, gitOutputWhileLocating, openRepository, type GitRepository } from './git.js'

/**
 * Where untracked files are listed: Claude Code's project configuration lives
 * at the root and in these folders. Listing every untracked file would make git
 * visit every folder of the work tree (about 0.1 s on a 50,000-file monorepo);
 * tracked files are read from the index instead, which costs almost nothing.
 */
export const UNTRACKED_FOLDERS = ['.claude', '.github', '.devcontainer']

/** Above this many characters of root file names, untracked root files are matched by a pattern. */
const MAX_ROOT_SPEC_CHARS = 8000

/** The listing commands of one root, started. */
export interface Listing {
  /** The audited root (real path). */
  root: string
  /** Whether the untracked root files were asked for by name (else by one pattern). */
  byName: boolean
  /** The located and checked repository (see openRepository); the listings count only when it is trusted. */
  located: Promise<GitRepository | undefined>
  /** `git ls-files -z --cached`: the index. */
  cached: Promise<string | undefined>
  /** `git ls-files -z --others --exclude-standard` for the root's files and {@link UNTRACKED_FOLDERS}. */
  listed: Promise<string | undefined>
  /** `git config --get remote.origin.url` (which GitHub repository this is), when asked for with the listing. */
  origin?: Promise<string | undefined>
}

/** The pathspecs of {@link UNTRACKED_FOLDERS}. */
export const UNTRACKED_FOLDER_SPECS = UNTRACKED_FOLDERS.map((p) => `:(literal)${p}`)

/** The command that names the repository's `origin` remote (see the project model's originRepository). */
export const ORIGIN_URL: readonly string[] = ['config', '--get', 'remote.origin.url']
export const ORIGIN_URL_OPTIONS = { maxBytes: 4096, timeoutMs: 10_000 }

/**
 * Starts locating the repository of a root (a real path) and both listings
 * alongside (see gitOutputWhileLocating): three git processes at once, four
 * with `origin` (the remote's URL, which every audit without a given
 * repository name asks for).
 */
export function startListing(root: string, { origin = false }: { origin?: boolean } = {}): Listing {
  const located = openRepository(root)
  const names = rootFiles(root)
  // A root crowded with files is matched by one pattern rather than a command line
  // longer than Windows allows (32,767 characters).
  const byName = names.reduce((n, p) => n + p.length + 12, 0) <= MAX_ROOT_SPEC_CHARS
  const untrackedSpecs = byName ? [...names.map((p) => `:(literal)${p}`), ...UNTRACKED_FOLDER_SPECS] : [':(glob)*', ...UNTRACKED_FOLDER_SPECS]
  return {
    root,
    byName,
    located,
    cached: gitOutputWhileLocating(root, ['ls-files', '-z', '--cached']),
    listed: gitOutputWhileLocating(root, ['ls-files', '-z', '--others', '--exclude-standard', '--', ...untrackedSpecs]),
    ...(origin ? { origin: gitOutputWhileLocating(root, ORIGIN_URL, ORIGIN_URL_OPTIONS) } : {})
  }
}

/** The global slot of a listing the launcher started (a registered symbol: both module instances name the same one). */
const SLOT = Symbol.for('claude-code-audit.file-listing')

type Slot = { [SLOT]?: Listing }

/**
 * Starts the listing of a root (a real path) for the audit that is about to load (the launcher's
 * side). A plain audit names no repository, so the origin remote is asked for too: forked now,
 * from a process a third the size it has later, git answers while the bundle loads.
 */
export function startListingEarly(root: string): void {
  ;(globalThis as Slot)[SLOT] = startListing(root, { origin: true })
}

/**
 * The listing of a root (a real path): the one the launcher started for this
 * very root, taken over once (its located repository becomes this module
 * instance's, so later git commands are pinned to it without locating it
 * again), or one started now.
 */
export function takeListing(root: string): Listing {
  const slot = globalThis as Slot
  const early = slot[SLOT]
  delete slot[SLOT]
  if (early === undefined || early.root !== root) return startListing(root)
  return { ...early, located: adoptRepository(root, early.located) }
}

function rootFiles(root: string): string[] {
  try {
    return readdirSync(root, { withFileTypes: true })
      .filter((e) => !e.isDirectory())
      .map((e) => e.name)
  } catch {
    return []
  }
}
