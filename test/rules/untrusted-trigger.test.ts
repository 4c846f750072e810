import { test } from 'node:test'
import { runRule, expectFindings } from './harness.js'
import { COMPOSITE_WRAPPER } from './composite-wrapper.js'

const RULE = 'untrusted-trigger'
const F = '.github/workflows/claude.yml'

test('untrusted-trigger: wildcard allowed_non_write_users and allowed_bots', async () => {
  const findings = await runRule(RULE, {
    [F]: `on:
  issues:
    types: [opened]
jobs:
  triage:
    runs-on: ubuntu-latest
    steps:
      - uses: anthropics/claude-code-action@v1
        with:
          prompt: triage
          allowed_non_write_users: "*" # NOT OK
          allowed_bots: '*' # NOT OK
      - uses: anthropics/claude-code-action@v1
        with:
          allowed_non_write_users: alice,bob # OK: named users
          allowed_bots: "dependabot[bot]" # OK
`
  })
  expectFindings(findings, [
    {
      file: F,
      line: 11,
      column: 36,
      endColumn: 39,
      severity: 'high',
      message: 'anyone who can fire issues can start Claude'
    },
    { line: 12, column: 25, endColumn: 28, severity: 'high', message: '`allowed_bots: "*"` lets any GitHub App' }
  ])
})

test('untrusted-trigger: allowed_bots "*" where the job admits only those with access, and once per job for a shared action', async () => {
  const A = '.github/actions/run-claude/action.yml'
  const caller = (gate: string): string => `on:
  issue_comment:
    types: [created]
jobs:
  comment:
    ${gate}
    runs-on: ubuntu-latest
    steps:
      - uses: ./.github/actions/run-claude
        with:
          prompt: answer
`
  const findings = await runRule(RULE, {
    [A]: `inputs:
  prompt: {description: x}
runs:
  using: composite
  steps:
    - uses: anthropics/claude-code-action@v1
      with:
        prompt: \${{ inputs.prompt }}
        allowed_bots: "*"
`,
    // Two callers whose job only runs for a commenter with access: no bot account passes that gate.
    '.github/workflows/gated-a.yml': caller("if: contains(fromJSON('[\"OWNER\",\"MEMBER\",\"COLLABORATOR\"]'), github.event.comment.author_association)"),
    '.github/workflows/gated-b.yml': caller("if: contains(fromJSON('[\"OWNER\",\"MEMBER\",\"COLLABORATOR\"]'), github.event.comment.author_association)"),
    // Two ungated callers with the same job name: one finding at the action's line.
    '.github/workflows/open-a.yml': caller("if: contains(github.event.comment.body, '@claude')"),
    '.github/workflows/open-b.yml': caller("if: contains(github.event.comment.body, '@claude')")
  })
  expectFindings(findings, [{ file: A, line: 9, column: 23, endColumn: 26, severity: 'high', message: '`allowed_bots: "*"` lets any GitHub App or bot account start Claude in job comment' }])
})

test('untrusted-trigger: wildcard on a workflow outsiders cannot start is medium', async () => {
  const findings = await runRule(RULE, {
    [F]: `on:
  workflow_dispatch:
  schedule: [{cron: '0 4 * * 1'}]
  issues:
    types: [labeled] # only triagers can label
jobs:
  digest:
    steps:
      - uses: anthropics/claude-code-action@v1
        with: {prompt: digest, allowed_non_write_users: '*'} # NOT OK (medium)
`
  })
  expectFindings(findings, [
    {
      line: 10,
      column: 57,
      endColumn: 60,
      severity: 'medium',
      message: 'once an issue or comment trigger is added, anyone'
    }
  ])
})

test('untrusted-trigger: base action and claude -p on comment events need an author-association gate', async () => {
  const findings = await runRule(RULE, {
    [F]: `on: [issue_comment, pull_request_review_comment]
jobs:
  open:
    runs-on: ubuntu-latest
    steps:
      - uses: anthropics/claude-code-base-action@v1 # NOT OK
        with:
          prompt: \${{ github.event.comment.body }}
      - run: |
          npm ci
          claude -p "answer the comment" --max-turns 5 # NOT OK
  gated:
    if: contains(fromJSON('["OWNER","MEMBER","COLLABORATOR"]'), github.event.comment.author_association)
    runs-on: ubuntu-latest
    steps:
      - uses: anthropics/claude-code-base-action@v1 # OK
        with:
          prompt: hi
  checked:
    runs-on: ubuntu-latest
    steps:
      - uses: actions-cool/check-user-permission@v2
        id: perm
      - uses: anthropics/claude-code-base-action@v1 # OK: permission step before
        if: steps.perm.outputs.require-result == 'true'
        with:
          prompt: hi
  full:
    steps:
      - uses: anthropics/claude-code-action@v1 # OK: the action checks write access itself
`
  })
  expectFindings(findings, [
    {
      line: 6,
      column: 9,
      severity: 'high',
      message: 'claude-code-base-action runs on issue_comment, pull_request_review_comment in job open'
    },
    { line: 11, column: 11, message: '`claude -p` runs on issue_comment, pull_request_review_comment' }
  ])
})

test('untrusted-trigger: maintainer-only events and dispatch do not need a gate; malformed input is ignored', async () => {
  const findings = await runRule(RULE, {
    [F]: `on:
  workflow_dispatch:
  pull_request:
  issues:
    types: [assigned, labeled]
jobs:
  run:
    steps:
      - uses: anthropics/claude-code-base-action@v1 # OK
        with:
          prompt: hi
      - uses: anthropics/claude-code-action@v1
        with:
          allowed_non_write_users: \${{ vars.USERS }} # OK: not a literal wildcard
`,
    '.github/workflows/bad.yml': 'on: [issues\n'
  })
  expectFindings(findings, [])
})

test('untrusted-trigger: excluding an actor with != is not a gate; an || is a gate only when both sides are', async () => {
  const findings = await runRule(RULE, {
    [F]: `on: [issue_comment, pull_request_review_comment]
jobs:
  base:
    if: contains(github.event.comment.body, '@claude') && github.actor != 'dependabot[bot]'
    runs-on: ubuntu-latest
    steps:
      - uses: anthropics/claude-code-base-action@v1 # NOT OK: everyone but dependabot
        with:
          prompt: answer
  cli:
    if: contains(github.event.comment.body, '@claude') && github.event.comment.user.login != 'renovate[bot]'
    steps:
      - run: claude -p "respond" --max-turns 3 # NOT OK
  notowner:
    if: github.event.comment.author_association != 'NONE'
    steps:
      - run: claude -p "respond" --max-turns 3 # NOT OK: CONTRIBUTOR, FIRST_TIMER, ... get in
  either:
    if: github.event.comment.author_association == 'OWNER' || contains(github.event.comment.body, '@claude')
    steps:
      - run: claude -p "respond" --max-turns 3 # NOT OK: the second side lets anyone in
  contributors:
    if: contains(fromJSON('["OWNER","MEMBER","CONTRIBUTOR"]'), github.event.comment.author_association)
    steps:
      - run: claude -p "respond" --max-turns 3 # NOT OK: CONTRIBUTOR has no access
  named:
    if: contains(github.event.comment.body, '@claude') && github.actor == 'alice'
    steps:
      - run: claude -p "respond" --max-turns 3 # OK
  listed:
    if: \${{ contains(fromJSON(vars.MAINTAINERS), github.event.comment.user.login) }}
    steps:
      - run: claude -p "respond" --max-turns 3 # OK
  members:
    if: github.event.comment.author_association == 'OWNER' || github.event.comment.author_association == 'MEMBER'
    steps:
      - run: claude -p "respond" --max-turns 3 # OK
`
  })
  expectFindings(findings, [
    {
      line: 7,
      column: 9,
      severity: 'high',
      message:
        'claude-code-base-action runs on issue_comment, pull_request_review_comment in job base with no condition limiting it to people with access to the repository (author association OWNER/MEMBER/COLLABORATOR, named actors, or a same-repository pull request); its `!=` test turns away only the accounts it names: '
    },
    { line: 13, column: 14, severity: 'high', message: 'in job cli with no condition limiting it to people with access to the repository (author association OWNER/MEMBER/COLLABORATOR, named actors, or a same-repository pull request); its `!=` test turns away only the accounts it names' },
    { line: 17, column: 14, severity: 'high', message: 'in job notowner with no condition' },
    { line: 21, column: 14, severity: 'high', message: 'in job either with no condition limiting it to people with access to the repository (author association OWNER/MEMBER/COLLABORATOR, named actors, or a same-repository pull request): it does' },
    { line: 25, column: 14, severity: 'high', message: 'in job contributors with no condition' }
  ])
})

test('untrusted-trigger: a same-repository pull request condition on pull_request_target is a gate', async () => {
  const findings = await runRule(RULE, {
    [F]: `on:
  pull_request_target:
    types: [opened, synchronize]
jobs:
  same:
    if: github.event.pull_request.head.repo.full_name == github.repository
    steps:
      - run: gh pr diff \${{ github.event.pull_request.number }} | claude -p "Review this diff" --max-turns 5 # OK
  notfork:
    if: \${{ !github.event.pull_request.head.repo.fork }}
    steps:
      - uses: anthropics/claude-code-base-action@v1 # OK
        with: {prompt: review}
  notfork2:
    steps:
      - if: github.event.pull_request.head.repo.fork == false
        uses: anthropics/claude-code-base-action@v1 # OK: step-level
        with: {prompt: review}
  forks:
    if: github.event.pull_request.head.repo.fork
    steps:
      - run: claude -p "review" --max-turns 5 # NOT OK: only forks
  open:
    steps:
      - run: claude -p "review" --max-turns 5 # NOT OK
`
  })
  expectFindings(findings, [
    { line: 22, column: 14, severity: 'high', message: '`claude -p` runs on pull_request_target in job forks' },
    { line: 25, column: 14, severity: 'high', message: '`claude -p` runs on pull_request_target in job open' }
  ])
})

test('untrusted-trigger: conditions are judged per event an outsider can fire', async () => {
  const findings = await runRule(RULE, {
    [F]: `on: [issue_comment, workflow_dispatch, pull_request]
jobs:
  mixed:
    if: github.event_name == 'workflow_dispatch' || contains(fromJSON('["OWNER","MEMBER","COLLABORATOR"]'), github.event.comment.author_association)
    steps:
      - run: claude -p "respond" --max-turns 3 # OK: comments are gated, dispatch is maintainers only
  inverted:
    if: github.event_name == 'issue_comment' || github.actor == 'alice'
    steps:
      - run: claude -p "respond" --max-turns 3 # NOT OK: every comment gets in
  skip:
    if: github.event_name != 'issue_comment'
    steps:
      - run: claude -p "respond" --max-turns 3 # OK: never runs on comments
`
  })
  expectFindings(findings, [{ line: 10, column: 14, severity: 'high', message: '`claude -p` runs on issue_comment in job inverted' }])
})

test('untrusted-trigger: the message names only the events left ungated', async () => {
  const findings = await runRule(RULE, {
    [F]: `on:
  issue_comment:
    types: [created]
  pull_request_review_comment:
    types: [created]
  issues:
    types: [opened, assigned]
  pull_request_review:
    types: [submitted]
jobs:
  claude:
    if: |
      (github.event_name == 'issue_comment' && contains(github.event.comment.body, '@claude')) ||
      (github.event_name == 'pull_request_review_comment' && contains(github.event.comment.body, '@claude') && contains(fromJSON('["OWNER","MEMBER","COLLABORATOR"]'), github.event.comment.author_association)) ||
      (github.event_name == 'pull_request_review' && contains(github.event.review.body, '@claude') && contains(fromJSON('["OWNER","MEMBER","COLLABORATOR"]'), github.event.review.author_association)) ||
      (github.event_name == 'issues' && contains(github.event.issue.body, '@claude') && contains(fromJSON('["OWNER","MEMBER","COLLABORATOR"]'), github.event.issue.author_association))
    steps:
      - run: claude -p "respond" --max-turns 3 # NOT OK: comments on issues are ungated
`
  })
  expectFindings(findings, [
    { file: F, line: 18, column: 14, severity: 'high', message: '`claude -p` runs on issue_comment in job claude with no condition' }
  ])
})

test('untrusted-trigger: same-repository tests gate only pull_request_target; contains() needs an array; the gated person must fire the event', async () => {
  const findings = await runRule(RULE, {
    [F]: `on:
  issue_comment:
  pull_request_review:
jobs:
  notfork:
    if: \${{ !github.event.pull_request.head.repo.fork }}
    steps:
      - run: claude -p "respond" --max-turns 3 # NOT OK: null on comments
  forkfalse:
    if: github.event.pull_request.head.repo.fork == false
    steps:
      - run: claude -p "respond" --max-turns 3 # NOT OK: null == false
  substring:
    if: contains('alice,bob', github.actor)
    steps:
      - run: claude -p "respond" --max-turns 3 # NOT OK: substring test
  varsstring:
    if: contains(vars.USERS, github.event.comment.user.login)
    steps:
      - run: claude -p "respond" --max-turns 3 # NOT OK: substring test
  array:
    if: contains(fromJSON(vars.USERS), github.actor)
    steps:
      - run: claude -p "respond" --max-turns 3 # OK: an array of names
  opener:
    if: contains(fromJSON('["OWNER","MEMBER","COLLABORATOR"]'), github.event.issue.author_association) && contains(fromJSON('["OWNER","MEMBER","COLLABORATOR"]'), github.event.pull_request.author_association)
    steps:
      - run: claude -p "respond" --max-turns 3 # NOT OK: the issue and PR openers, not the commenter or reviewer
  author:
    if: (github.event_name == 'issue_comment' && contains(fromJSON('["OWNER","MEMBER","COLLABORATOR"]'), github.event.comment.author_association)) || (github.event_name == 'pull_request_review' && github.event.review.user.login == 'alice')
    steps:
      - run: claude -p "respond" --max-turns 3 # OK: commenter on comments, reviewer on reviews
`
  })
  const m = '`claude -p` runs on issue_comment, pull_request_review in job'
  expectFindings(findings, [
    { line: 8, column: 14, severity: 'high', message: `${m} notfork` },
    { line: 12, column: 14, severity: 'high', message: `${m} forkfalse` },
    { line: 16, column: 14, severity: 'high', message: `${m} substring` },
    { line: 20, column: 14, severity: 'high', message: `${m} varsstring` },
    { line: 28, column: 14, severity: 'high', message: `${m} opener` }
  ])
})

test('untrusted-trigger: a label test gates issues and pull requests', async () => {
  const findings = await runRule(RULE, {
    [F]: `on:
  issues:
    types: [opened, labeled]
jobs:
  label:
    if: github.event.label.name == 'claude'
    steps:
      - run: claude -p "triage" --max-turns 3 # OK: only triagers label
  action:
    if: github.event.action == 'labeled' && contains(github.event.issue.title, 'bug')
    steps:
      - run: claude -p "triage" --max-turns 3 # OK
  open:
    if: github.event.action == 'opened' || github.event.label.name == 'claude'
    steps:
      - run: claude -p "triage" --max-turns 3 # NOT OK: every new issue
`
  })
  expectFindings(findings, [{ line: 16, column: 14, severity: 'high', message: '`claude -p` runs on issues in job open' }])
})

test("untrusted-trigger: the message names only the events the job's `if:` lets it run on", async () => {
  const findings = await runRule('untrusted-trigger', {
    '.github/workflows/triage.yml': `on:
  issues:
    types: [opened]
  pull_request_target:
    types: [opened]
jobs:
  issue:
    if: github.event_name == 'issues'
    runs-on: ubuntu-latest
    steps:
      - uses: anthropics/claude-code-action@v1
        with:
          prompt: triage
          allowed_non_write_users: "*"
`
  })
  expectFindings(findings, [
    {
      file: '.github/workflows/triage.yml',
      line: 14,
      severity: 'high',
      message: '`allowed_non_write_users: "*"` turns off the action\'s write-access check in job issue: anyone who can fire issues can start Claude with their own text as input'
    }
  ])
})

test('untrusted-trigger: a needed job whose output is true only for listed actors gates the job that tests it', async () => {
  // Regression: `if: fromJSON(needs.check.outputs.result).qualifiedMention == true`, where a github-script step
  // returns `qualifiedMention = allowedUsers.includes(userLogin) && mention`, was reported as ungated.
  const check = (id: string, body: string, out = 'result'): string => `  ${id}:
    runs-on: ubuntu-latest
    outputs:
      out: \${{ steps.s.outputs.${out} }}
    steps:
      - id: s
        uses: actions/github-script@v7
        with:
          script: |
${body
  .split('\n')
  .map((l) => `            ${l}`)
  .join('\n')}
`
  const branches = `let allowed = ['alice'];
try { allowed = JSON.parse(require('fs').readFileSync('.github/controllers.json', 'utf8')) } catch (e) {}
let userLogin = '';
let content = '';
if (context.eventName === 'issues') {
  userLogin = context.payload.issue.user.login;
  content = context.payload.issue.body || '';
} else if (context.eventName === 'issue_comment') {
  userLogin = context.payload.comment.user.login;
  content = context.payload.comment.body || '';
}
const isAllowed = allowed.includes(userLogin);
const mention = /@bot\\s+(.*)/.exec(content);
const qualifiedMention = isAllowed && mention !== null;
return { qualifiedMention, prompt: mention ? mention[1] : '', either: isAllowed || mention !== null };`
  const job = (id: string, needs: string, cond: string): string => `  ${id}:
    needs: ${needs}
    if: ${cond}
    runs-on: ubuntu-latest
    steps:
      - run: claude -p "respond" --max-turns 3
`
  const findings = await runRule(RULE, {
    [F]: `on:
  issues:
    types: [opened]
  issue_comment:
    types: [created]
jobs:
${check('check', branches)}${check('author', "return { ok: ['alice'].includes(context.payload.issue.user.login) };")}${check('flag', "core.setOutput('allowed', ['alice', 'bob'].includes(context.actor));", 'allowed')}${check('sub', "return { ok: 'alice,bob'.includes(context.actor) };")}${job('gated', 'check', 'fromJSON(needs.check.outputs.out).qualifiedMention == true')}${job('truthy', 'check', 'fromJSON(needs.check.outputs.out).qualifiedMention')}${job('prompt', 'check', "fromJSON(needs.check.outputs.out).prompt != ''")}${job('either', 'check', 'fromJSON(needs.check.outputs.out).either')}${job('issueauthor', 'author', 'fromJSON(needs.author.outputs.out).ok')}${job('flagged', 'flag', "needs.flag.outputs.out == 'true'")}${job('flagtruthy', 'flag', 'needs.flag.outputs.out')}${job('substring', 'sub', 'fromJSON(needs.sub.outputs.out).ok')}`
  })
  expectFindings(findings, [
    // OK: gated (== true), truthy (a JSON boolean), flagged (`'true'` only for listed actors).
    // NOT OK: the prompt is set for anyone; `isAllowed || mention` lets anyone who mentions the bot in.
    { file: F, line: 78, column: 14, severity: 'high', message: '`claude -p` runs on issues, issue_comment in job prompt with no condition' },
    { file: F, line: 84, column: 14, severity: 'high', message: '`claude -p` runs on issues, issue_comment in job either with no condition' },
    // NOT OK on comments: the issue's author is tested, not the commenter.
    { file: F, line: 90, column: 14, severity: 'high', message: '`claude -p` runs on issue_comment in job issueauthor with no condition' },
    // NOT OK: the output is the string 'false' for others, which is truthy.
    { file: F, line: 102, column: 14, severity: 'high', message: '`claude -p` runs on issues, issue_comment in job flagtruthy with no condition' },
    // NOT OK: `includes` on a string is a substring test (the login `b` is in 'alice,bob').
    { file: F, line: 108, column: 14, severity: 'high', message: '`claude -p` runs on issues, issue_comment in job substring with no condition' }
  ])
})

test('untrusted-trigger: allowed_bots "*" that only accounts with access can start is medium and says why; an outsider start keeps it high', async () => {
  const W = (name: string): string => `.github/workflows/${name}.yml`
  const job = (on: string, gate: string): string => `on:
${on}
jobs:
  fix:
    ${gate}
    runs-on: ubuntu-latest
    steps:
      - uses: anthropics/claude-code-action@v1
        with:
          prompt: fix the failing check
          allowed_bots: '*'
`
  const afterCi = '  workflow_run:\n    workflows: [CI]\n    types: [completed]\n  workflow_dispatch:'
  const findings = await runRule(RULE, {
    [W('ci')]: 'name: CI\non: [push, pull_request]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n',
    // After CI on any pull request, forks' included.
    [W('open-run')]: job(afterCi, "if: github.event.workflow_run.conclusion == 'failure'"),
    // `pull_requests[0]` is null after a fork's pull request: only this repository's branches.
    [W('same-repo-run')]: job(afterCi, "if: github.event_name == 'workflow_dispatch' || (github.event.workflow_run.conclusion == 'failure' && github.event.workflow_run.pull_requests[0])"),
    // A `*` filter gives a list, never null: no gate.
    [W('filter-run')]: job(afterCi, 'if: github.event.workflow_run.pull_requests.*.number'),
    [W('pushed')]: job('  push:\n    branches: [main]\n  schedule: [{cron: "0 4 * * 1"}]', ''),
    [W('same-repo-pr')]: job('  pull_request:', 'if: github.event.pull_request.head.repo.full_name == github.repository'),
    [W('any-pr')]: job('  pull_request:', ''),
    // Issues only triagers can label, but anyone writes the issue a labelling bot acts on.
    [W('labeled')]: job('  issues:\n    types: [labeled]', ''),
    // Published for other repositories: their triggers are not known.
    [W('published')]: job('  workflow_call:', '')
  })
  const high = (name: string, line: number): object => ({ file: W(name), line, column: 25, severity: 'high', message: '`allowed_bots: "*"` lets any GitHub App or bot account start Claude in job fix' })
  const medium = (name: string, line: number, starts: string): object => ({
    file: W(name),
    line,
    column: 25,
    severity: 'medium',
    message: `\`allowed_bots: "*"\` lets any bot account start Claude in job fix unchecked, but only accounts with access to the repository can start it: ${starts}; a bot with access (an installed app, Dependabot) still drives the agent with the text it brings, and a trigger an outsider can fire, added later, opens it to every bot`
  })
  expectFindings(findings, [
    high('any-pr', 11),
    high('filter-run', 14),
    high('labeled', 12),
    high('open-run', 14),
    high('published', 11),
    medium('pushed', 13, 'push, schedule need access to the repository'),
    medium('same-repo-pr', 11, "its `if:` admits `pull_request` only from this repository's branches"),
    medium('same-repo-run', 14, "its `if:` admits `workflow_run` only after runs on this repository's branches, not after a fork's pull request; workflow_dispatch needs access to the repository")
  ])
})

test('untrusted-trigger: allowed_bots "*" a caller passes into a composite action is reported at the caller\'s value', async () => {
  const findings = await runRule('untrusted-trigger', {
    '.github/actions/run-claude/action.yml': `name: run-claude
inputs:
  allowed-bots:
    default: ''
  anthropic-api-key:
    required: true
runs:
  using: composite
  steps:
    - uses: anthropics/claude-code-action@v1
      with:
        anthropic_api_key: \${{ inputs.anthropic-api-key }}
        allowed_bots: \${{ inputs.allowed-bots }}
`,
    '.github/workflows/bot.yml': `on:
  issue_comment:
    types: [created]
jobs:
  reply:
    runs-on: ubuntu-latest
    steps:
      - uses: ./.github/actions/run-claude
        with:
          anthropic-api-key: \${{ secrets.ANTHROPIC_API_KEY }}
          allowed-bots: "*"
`
  })
  expectFindings(findings, [
    {
      file: '.github/workflows/bot.yml',
      line: 11,
      column: 25,
      severity: 'high',
      message: '`allowed_bots: "*"` lets any GitHub App or bot account start Claude in job reply'
    }
  ])
})

test('untrusted-trigger: allowed-bots "*" a caller passes to a local action: silent behind the job\'s author gate, else at the caller\'s value, naming both places', async () => {
  // fastmcp's shape: the job admits only commenters with access, so no bot account starts it (the rule's own semantics).
  expectFindings(await runRule(RULE, COMPOSITE_WRAPPER), [])
  const comment = COMPOSITE_WRAPPER['.github/workflows/comment.yml'] as string
  const ungated = comment.replace(/^ {4}if: .*\n/m, '')
  expectFindings(await runRule(RULE, { ...COMPOSITE_WRAPPER, '.github/workflows/comment.yml': ungated }), [
    {
      file: '.github/workflows/comment.yml',
      line: 17,
      column: 25,
      endColumn: 28,
      severity: 'high',
      message:
        '`allowed_bots: "*"` lets any GitHub App or bot account start Claude in job comment; bots are not permission-checked, so any app installed anywhere that can comment here can drive the agent; the `*` is the `allowed-bots` this step passes to ./.github/actions/run-claude, whose Claude step (.github/actions/run-claude/action.yml) sets `allowed_bots` from it'
    }
  ])
})

test('untrusted-trigger: a wildcard on a job whose token writes only the conversation and whose tools run no command of Claude\'s choosing is medium', async () => {
  const job = (name: string, perms: string, args: string): string => `  ${name}:
    runs-on: ubuntu-latest
    permissions:
${perms}
    steps:
      - uses: anthropics/claude-code-action@v1
        with:
          prompt: "Label issue #\${{ github.event.issue.number }}"
          allowed_non_write_users: "*"
          claude_args: ${args}
`
  const findings = await runRule(RULE, {
    [F]: `on:
  issues:
    types: [opened]
jobs:
${job('triage', '      contents: read\n      issues: write\n      id-token: write', '--max-turns 5 --allowedTools "Read,Grep,Bash(gh issue view:*)"')}${job('pushes', '      contents: write\n      issues: write', '--allowedTools "Read"')}${job('shell', '      contents: read\n      issues: write', '--allowedTools "Read,Bash(npx:*)"')}${job('bypass', '      contents: read', '--dangerously-skip-permissions')}`
  })
  expectFindings(findings, [
    {
      line: 15,
      column: 36,
      severity: 'medium',
      message:
        '`allowed_non_write_users: "*"` turns off the action\'s write-access check in job triage: anyone who can fire issues can start Claude with their own text as input; the job\'s token can write only issues, pull requests and discussions and no allow rule lets Claude run a command of its choosing'
    },
    { line: 26, column: 36, severity: 'high', message: 'in job pushes: anyone who can fire issues can start Claude with their own text as input, next to this job\'s secrets and token' },
    { line: 37, column: 36, severity: 'high', message: 'in job shell:' },
    { line: 47, column: 36, severity: 'high', message: 'in job bypass:' }
  ])
})
