/**
 * Well-known actions of other repositories that run one of their inputs as a
 * shell script (spec "Where Claude runs": a step runs Claude when its script
 * does). The text of such an input is read like a `run:` script: `claude -p`
 * in it is a Claude run, found at its line and column inside the input's value.
 * Data only: each entry says which inputs are scripts, which input (if any)
 * chooses another interpreter, and where that is written (the action's own
 * `action.yml` and source at the commit read).
 */

/** One action that runs inputs as shell scripts. */
export interface CommandAction {
  /** `owner/name`, lower-case; every name GitHub answers to (a renamed owner keeps redirecting). */
  names: readonly string[]
  /** Inputs whose value is run as a shell script. */
  inputs: readonly string[]
  /**
   * The input that chooses the interpreter, when the action has one: the
   * script is a shell script only when it is unset or names one of
   * {@link POSIX_SHELLS} (a `python` or `pwsh` script is not read as shell).
   */
  shellInput?: string
  /** Where the behaviour is written. */
  sources: readonly string[]
}

/** Interpreters whose scripts are read with the shell parser. */
export const POSIX_SHELLS: ReadonlySet<string> = new Set(['bash', 'sh', 'dash', 'zsh', 'ksh', 'ash'])

export const COMMAND_ACTIONS: readonly CommandAction[] = [
  {
    names: ['devcontainers/ci'],
    inputs: ['runCmd'],
    sources: [
      'https://github.com/devcontainers/ci/blob/aefa886/action.yml (input runCmd: "the command to run after building the dev container image")',
      'https://github.com/devcontainers/ci/blob/aefa886/github-action/src/main.ts#L177 (`command: [\'bash\', \'-c\', runCommand]`, inside the container)'
    ]
  },
  {
    // Published as nick-invision/retry before the owner's rename; GitHub redirects the old name.
    names: ['nick-fields/retry', 'nick-invision/retry'],
    inputs: ['command', 'new_command_on_retry', 'on_retry_command'],
    shellInput: 'shell',
    sources: [
      'https://github.com/nick-fields/retry/blob/dd56f1c/action.yml (inputs command, new_command_on_retry, on_retry_command; shell: "defaults to powershell on windows, bash otherwise")'
    ]
  },
  {
    names: ['addnab/docker-run-action'],
    inputs: ['run'],
    shellInput: 'shell',
    sources: [
      'https://github.com/addnab/docker-run-action/blob/HEAD/action.yml (input run: "Run command in container"; shell default sh)',
      'https://github.com/addnab/docker-run-action/blob/HEAD/entrypoint.sh (`docker run … --entrypoint=$INPUT_SHELL $INPUT_IMAGE -c "${INPUT_RUN//$\'\\n\'/;}"`)'
    ]
  },
  {
    names: ['uraimo/run-on-arch-action'],
    inputs: ['run'],
    shellInput: 'shell',
    sources: ['https://github.com/uraimo/run-on-arch-action/blob/HEAD/action.yml (input run: "Shell commands to execute in the container"; shell: /bin/sh or /bin/bash)']
  }
]

const BY_NAME: ReadonlyMap<string, CommandAction> = new Map(COMMAND_ACTIONS.flatMap((a) => a.names.map((n) => [n, a] as const)))

/**
 * The inputs of a step's `with:` that its action runs as shell scripts
 * (`uses: devcontainers/ci@v0.3` → `runCmd`), as the step writes their names; empty for any other action, and when the step picks an interpreter
 * that is not a POSIX shell.
 */
export function commandInputsOf(uses: string, withValues: Record<string, unknown>): string[] {
  const at = uses.indexOf('@')
  const name = (at < 0 ? uses : uses.slice(0, at)).trim().toLowerCase()
  const action = BY_NAME.get(name)
  if (!action) return []
  if (action.shellInput) {
    const key = Object.keys(withValues).find((k) => k.toLowerCase() === action.shellInput)
    const shell = key === undefined ? undefined : withValues[key]
    if (typeof shell === 'string' && shell.trim() !== '' && !POSIX_SHELLS.has(shell.trim().split('/').pop() ?? '')) return []
  }
  // Input names are case-insensitive: the keys as the step writes them.
  const wanted = new Set(action.inputs.map((k) => k.toLowerCase()))
  return Object.keys(withValues).filter((k) => wanted.has(k.toLowerCase()) && typeof withValues[k] === 'string')
}
