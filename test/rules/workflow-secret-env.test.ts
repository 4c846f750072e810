import { test } from 'node:test'
import { runRule, expectFindings } from './harness.js'

const RULE = 'workflow-secret-env'
const F = '.github/workflows/ci.yml'

test('workflow-secret-env: workflow-level env secrets and toJSON(secrets) (medium: no Claude, trusted trigger)', async () => {
  const findings = await runRule(RULE, {
    [F]: `on: push
env:
  NPM_TOKEN: \${{ secrets.NPM_TOKEN }} # NOT OK
  GH: \${{ secrets.GITHUB_TOKEN }} # OK: the job token is not a repository secret
  MODE: full # OK
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: npm publish
      - run: echo '\${{ toJSON(secrets) }}' > all.json # NOT OK
      # echo '\${{ toJSON(secrets) }}' in a comment is not reported
`
  })
  expectFindings(findings, [
    {
      file: F,
      line: 3,
      column: 14,
      endColumn: 38,
      severity: 'medium',
      message: 'secret NPM_TOKEN is set in workflow-level `env:` (NPM_TOKEN)'
    },
    { line: 11, column: 20, endColumn: 42, severity: 'medium', message: '`toJSON(secrets)` serialises every secret' }
  ])
})

test('workflow-secret-env: job-level env secrets reported when some steps do not use them', async () => {
  const findings = await runRule(RULE, {
    [F]: `on: push
jobs:
  deploy:
    runs-on: ubuntu-latest
    env:
      DEPLOY_KEY: \${{ secrets.DEPLOY_KEY }} # NOT OK: the test step does not use it
      ANTHROPIC_API_KEY: \${{ secrets.ANTHROPIC_API_KEY }} # NOT OK: only the Claude step needs it
    steps:
      - uses: actions/checkout@v4
      - name: test
        run: npm test
      - name: deploy
        run: ./deploy.sh --key "$DEPLOY_KEY"
      - uses: anthropics/claude-code-action@v1
        with:
          prompt: summarise
      - uses: some/action@v1
  all-use:
    runs-on: ubuntu-latest
    env:
      TOKEN: \${{ secrets.TOKEN }} # OK: the only step uses it
    steps:
      - run: curl -H "X-Token $TOKEN" https://example.com
`
  })
  expectFindings(findings, [
    {
      line: 6,
      column: 19,
      endColumn: 44,
      severity: 'high',
      confidence: 'medium',
      message:
        "secret DEPLOY_KEY is set in job deploy's `env:` (DEPLOY_KEY), so every step of the job receives it, also steps that neither name it nor run a program known to read it: actions/checkout, test, anthropics/claude-code-action"
    },
    {
      line: 7,
      column: 26,
      confidence: 'medium',
      message:
        "secret ANTHROPIC_API_KEY is set in job deploy's `env:` (ANTHROPIC_API_KEY), so every step of the job receives it, also steps that neither name it nor run a program known to read it: actions/checkout, test, deploy"
    }
  ])
})

test('workflow-secret-env: a step that runs a program reading the variable itself uses it (gh and GH_TOKEN)', async () => {
  const findings = await runRule(RULE, {
    [F]: `on: push
jobs:
  report:
    runs-on: ubuntu-latest
    env:
      GH_TOKEN: \${{ secrets.PAT }} # OK: both steps run gh, which reads GH_TOKEN
    steps:
      - run: gh api repos/o/r/issues/1/comments -f body=done
      - run: |
          set -e
          /usr/bin/gh pr view 1 --json state
  mixed:
    runs-on: ubuntu-latest
    env:
      GH_TOKEN: \${{ secrets.PAT }} # NOT OK: the echo step does not run gh
      AWS_ACCESS_KEY_ID: \${{ secrets.AWS_KEY }} # NOT OK: gh does not read it
    steps:
      - run: gh release list
      - run: echo "gh is not run here"
`
  })
  expectFindings(findings, [
    { line: 15, column: 17, message: "secret PAT is set in job mixed's `env:` (GH_TOKEN), so every step of the job receives it, also steps that neither name it nor run a program known to read it: step 2" },
    { line: 16, column: 26, message: "secret AWS_KEY is set in job mixed's `env:` (AWS_ACCESS_KEY_ID), so every step of the job receives it, also steps that neither name it nor run a program known to read it: step 1, step 2" }
  ])
})

test('workflow-secret-env: credentials in the Claude session env (settings input, v0 claude_env)', async () => {
  const findings = await runRule(RULE, {
    '.github/workflows/triage.yml': `on:
  issues:
    types: [opened]
jobs:
  triage:
    runs-on: ubuntu-latest
    steps:
      - uses: anthropics/claude-code-action@v1
        with:
          allowed_non_write_users: "*"
          prompt: triage
          settings: |
            {
              "env": {
                "LINEAR_CLIENT_ID": "\${{ secrets.LINEAR_CLIENT_ID }}",
                "LINEAR_CLIENT_SECRET": "\${{ secrets.LINEAR_CLIENT_SECRET }}",
                "GH_TOKEN": "\${{ steps.app.outputs.token }}",
                "ANTHROPIC_API_KEY": "\${{ secrets.ANTHROPIC_API_KEY }}"
              }
            }
  v0:
    runs-on: ubuntu-latest
    steps:
      - uses: anthropics/claude-code-action@beta
        with:
          claude_env: |
            DB_PASSWORD: \${{ secrets.DB_PASSWORD }}
            REGION: eu-west-1
`
  })
  expectFindings(findings, [
    {
      file: '.github/workflows/triage.yml',
      line: 16,
      column: 42,
      endColumn: 77,
      severity: 'high',
      message:
        "secret LINEAR_CLIENT_SECRET is injected into Claude's session env (LINEAR_CLIENT_SECRET) through the action's `settings` input"
    },
    { line: 27, column: 26, endColumn: 52, severity: 'medium', message: "through the action's `claude_env` input" }
  ])
})

test('workflow-secret-env: step-scoped secrets, flow style and malformed files pass', async () => {
  const findings = await runRule(RULE, {
    [F]: `on: push
jobs:
  a: {runs-on: x, steps: [{run: ./x.sh, env: {T: "\${{ secrets.T }}"}}]}
`,
    '.github/workflows/bad.yml': 'env: [\n',
    '.github/workflows/empty.yml': ''
  })
  expectFindings(findings, [])
})

test('workflow-secret-env: high where a job runs Claude or the trigger is untrusted; identifiers are not credentials', async () => {
  const findings = await runRule(RULE, {
    [F]: `on: issue_comment
env:
  NPM_TOKEN: \${{ secrets.NPM_TOKEN }} # NOT OK: high, anyone can fire issue_comment
  DOCKER_USERNAME: \${{ secrets.DOCKER_USERNAME }} # OK: a user name
  AZURE_CLIENT_ID: \${{ secrets.AZURE_CLIENT_ID }} # OK: an identifier
  SENTRY_URL: \${{ secrets.SENTRY_URL }} # OK: a URL
  SUBGRAPH_NAME_MAINNET: \${{ secrets.SUBGRAPH_NAME_MAINNET }} # OK: a name
  E2E_GMAIL_ADDRESS: \${{ secrets.E2E_GMAIL_ADDRESS }} # OK: an e-mail address
  VITE_SENTRY_DSN: \${{ secrets.VITE_SENTRY_DSN }} # OK: Sentry's DSN is a public client key
  DATABASE_URL: \${{ secrets.DATABASE_URL }} # NOT OK: a database URL carries its password
  DB_USER: \${{ secrets.DB_USER }} # OK: a database's user, name and host are identifiers
  DB_NAME: \${{ secrets.DB_NAME }} # OK
  REDIS_HOST: \${{ secrets.REDIS_HOST }} # OK
  CLOUD_SQL_CONNECTION_NAME: \${{ secrets.CLOUD_SQL_CONNECTION_NAME }} # OK: names the instance
  MONGO_CONNECTION: \${{ secrets.MONGO_CONNECTION }} # NOT OK: a connection string
  ARTIFACT_REGISTRY: \${{ secrets.ARTIFACT_REGISTRY }} # OK: a registry's address
  MAIN_IMAGE: \${{ secrets.ARTIFACT_REGISTRY }}/\${{ secrets.APP_NAME }}:latest # OK: built from identifiers
  PUSH_TOKEN: \${{ secrets.BOT_USER }} # NOT OK: the variable's name says credential
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: npm publish
`,
    '.github/workflows/ai.yml': `on: push
jobs:
  ai:
    runs-on: ubuntu-latest
    env:
      DEPLOY_KEY: \${{ secrets.DEPLOY_KEY }} # NOT OK: high, the job runs Claude (through a script)
    steps:
      - run: ./deploy.sh "$DEPLOY_KEY"
      - run: ./scripts/ai.sh
  other:
    runs-on: ubuntu-latest
    env:
      DEPLOY_KEY: \${{ secrets.DEPLOY_KEY }} # NOT OK: medium, no Claude here
    steps:
      - run: ./deploy.sh "$DEPLOY_KEY"
      - run: npm test
`,
    'scripts/ai.sh': 'claude -p "summarise" --max-turns 2\n'
  })
  expectFindings(findings, [
    { file: '.github/workflows/ai.yml', line: 6, column: 19, severity: 'high', message: "secret DEPLOY_KEY is set in job ai's `env:`" },
    { file: '.github/workflows/ai.yml', line: 13, column: 19, severity: 'medium', message: "job other's" },
    { file: F, line: 3, column: 14, severity: 'high', message: 'secret NPM_TOKEN is set in workflow-level' },
    { file: F, line: 10, column: 17, severity: 'high', message: 'secret DATABASE_URL is set in workflow-level' },
    { file: F, line: 15, column: 21, severity: 'high', message: 'secret MONGO_CONNECTION is set in workflow-level' },
    { file: F, line: 18, column: 15, severity: 'high', message: 'secret BOT_USER is set in workflow-level' }
  ])
})

test('workflow-secret-env: workflow_run is judged by the workflows it follows', async () => {
  const env = (name: string): string => `env:
  NPM_TOKEN: \${{ secrets.NPM_TOKEN }}
jobs:
  ${name}:
    runs-on: ubuntu-latest
    steps:
      - run: npm publish
`
  const findings = await runRule(RULE, {
    '.github/workflows/release.yml': `name: Release
on: [push, workflow_dispatch]
${env('release')}`,
    '.github/workflows/pr.yml': `name: PR checks
on: pull_request
${env('check')}`,
    '.github/workflows/after-release.yml': `on:
  workflow_run:
    workflows: [Release] # OK: medium, only pushes and maintainers start it
${env('publish')}`,
    '.github/workflows/after-pr.yml': `on:
  workflow_run:
    workflows: [Release, PR checks] # NOT OK: high, follows pull requests from forks
${env('comment')}`,
    '.github/workflows/after-other.yml': `on:
  workflow_run:
    workflows: [Elsewhere] # NOT OK: high, not a workflow of this repository
${env('other')}`
  })
  expectFindings(findings, [
    { file: '.github/workflows/after-other.yml', line: 5, severity: 'high' },
    { file: '.github/workflows/after-pr.yml', line: 5, severity: 'high' },
    { file: '.github/workflows/after-release.yml', line: 5, severity: 'medium' },
    { file: '.github/workflows/pr.yml', line: 4, severity: 'medium' },
    { file: '.github/workflows/release.yml', line: 4, severity: 'medium' }
  ])
})

test('workflow-secret-env: workflow_run is untrusted only after a run a pull request can start; anon keys are public', async () => {
  const after = (upstream: string): string => `on:
  workflow_run:
    workflows: [${upstream}]
    types: [completed]
    branches: [main]
jobs:
  e2e:
    runs-on: ubuntu-latest
    env:
      SERVICE_ROLE_KEY: \${{ secrets.STAGING_SUPABASE_SERVICE_ROLE_KEY }} # NOT OK
      SUPABASE_ANON_KEY: \${{ secrets.STAGING_SUPABASE_ANON_KEY }} # OK: public by design
      EXPO_PUBLIC_CLERK_PUBLISHABLE_KEY: \${{ secrets.EXPO_PUBLIC_CLERK_PUBLISHABLE_KEY_PREVIEW }} # OK: public by design, for one environment
    steps:
      - uses: actions/checkout@v4
      - run: npm test -- --key "$SERVICE_ROLE_KEY"
`
  const findings = await runRule(RULE, {
    '.github/workflows/deploy.yml': 'name: Deploy\non:\n  push:\n    branches: [main]\njobs:\n  d:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./deploy.sh\n',
    '.github/workflows/ci.yml': 'name: CI\non: [push, pull_request]\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n',
    // medium: the upstream runs only on pushes to main.
    '.github/workflows/after-deploy.yml': after("'Deploy'"),
    // high: a fork's pull request (its branch may be called main) starts CI.
    '.github/workflows/after-ci.yml': after("'CI'"),
    // high: an upstream that is not in the repository is not known to be trusted.
    '.github/workflows/after-other.yml': after("'Elsewhere'")
  })
  expectFindings(findings, [
    { file: '.github/workflows/after-ci.yml', line: 10, severity: 'high', message: 'secret STAGING_SUPABASE_SERVICE_ROLE_KEY is set in job e2e' },
    { file: '.github/workflows/after-deploy.yml', line: 10, severity: 'medium', message: 'secret STAGING_SUPABASE_SERVICE_ROLE_KEY is set in job e2e' },
    { file: '.github/workflows/after-other.yml', line: 10, severity: 'high', message: 'secret STAGING_SUPABASE_SERVICE_ROLE_KEY is set in job e2e' }
  ])
})

test('workflow-secret-env: team and workspace names are identifiers; turbo run directly or through a package runner reads TURBO_TOKEN', async () => {
  // Regression: TURBO_TEAM (a team slug) was reported as a credential, and steps running turbo were listed as not using TURBO_TOKEN.
  const findings = await runRule(RULE, {
    [F]: `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    env:
      TURBO_TOKEN: \${{ secrets.TURBOREPO_REMOTE_CACHING_TOKEN }} # NOT OK: the checkout step gets it too
      TURBO_TEAM: \${{ secrets.TURBOREPO_REMOTE_CACHING_TEAM }} # OK: a team name
      SLACK_WORKSPACE: \${{ secrets.SLACK_WORKSPACE }} # OK: a workspace name
    steps:
      - uses: actions/checkout@v4
      - run: pnpm turbo run build
      - run: npx turbo test
      - run: turbo lint
`
  })
  expectFindings(findings, [
    {
      line: 6,
      column: 20,
      severity: 'medium',
      message:
        "secret TURBOREPO_REMOTE_CACHING_TOKEN is set in job build's `env:` (TURBO_TOKEN), so every step of the job receives it, also steps that neither name it nor run a program known to read it: actions/checkout"
    }
  ])
})

test('workflow-secret-env: a secret a step writes to $GITHUB_ENV reaches every later step of the job', async () => {
  // Regression (biolink/biolink-model dragon-ai.yml): `echo "ANTHROPIC_API_KEY=$ANTHROPIC_API_KEY" >> $GITHUB_ENV` was not reported.
  const findings = await runRule(RULE, {
    [F]: `on: push
jobs:
  release:
    runs-on: ubuntu-latest
    steps:
      - name: direct
        run: echo "API_KEY=\${{ secrets.API_KEY }}" >> $GITHUB_ENV # NOT OK
      - name: through the step env
        env:
          TOKEN: \${{ secrets.DEPLOY_TOKEN }} # NOT OK: the script copies it into the file
        run: |
          echo "::add-mask::$TOKEN"
          echo "DEPLOY=$TOKEN" >> "$GITHUB_ENV"
      - name: heredoc
        run: |
          cat <<EOF >> $GITHUB_ENV
          NPM_TOKEN=\${{ secrets.NPM_TOKEN }}
          EOF
      - name: printf and tee
        env:
          SENTRY: \${{ secrets.SENTRY_AUTH_TOKEN }} # NOT OK
        run: |
          printf 'SENTRY_AUTH_TOKEN=%s\\n' "$SENTRY" >> "\${GITHUB_ENV}"
          echo "PYPI_TOKEN=\${{ secrets.PYPI_TOKEN }}" | tee -a $GITHUB_ENV
      - name: block and copy
        run: |
          { echo "SSH_KEY<<EOF"; echo "\${{ secrets.SSH_KEY }}"; echo EOF; } >> $GITHUB_ENV
          T="\${{ secrets.SLACK_WEBHOOK }}"
          echo "HOOK=$T" >> $GITHUB_ENV
      - name: test
        run: npm test
`
  })
  const later = 'so it is an environment variable of every later step of job release: '
  expectFindings(findings, [
    {
      file: F,
      line: 7,
      column: 28,
      endColumn: 50,
      severity: 'medium',
      confidence: 'medium',
      message: `secret API_KEY is written to \`$GITHUB_ENV\` (API_KEY) by step direct, ${later}through the step env, heredoc, printf and tee, block and copy and 1 more`
    },
    {
      line: 10,
      column: 18,
      endColumn: 45,
      severity: 'medium',
      message: `secret DEPLOY_TOKEN is written to \`$GITHUB_ENV\` (DEPLOY) by step through the step env, ${later}heredoc, printf and tee, block and copy, test`
    },
    { line: 17, column: 21, endColumn: 45, message: 'secret NPM_TOKEN is written to `$GITHUB_ENV` (NPM_TOKEN) by step heredoc' },
    { line: 21, column: 19, message: 'secret SENTRY_AUTH_TOKEN is written to `$GITHUB_ENV` (SENTRY_AUTH_TOKEN) by step printf and tee' },
    { line: 24, column: 28, message: 'secret PYPI_TOKEN is written to `$GITHUB_ENV` (PYPI_TOKEN) by step printf and tee' },
    { line: 27, column: 40, message: 'secret SSH_KEY is written to `$GITHUB_ENV` (SSH_KEY) by step block and copy' },
    { line: 28, column: 14, message: 'secret SLACK_WEBHOOK is written to `$GITHUB_ENV` (HOOK) by step block and copy' }
  ])
})

test('workflow-secret-env: $GITHUB_ENV secrets are high before a Claude step (not for its own key) or on an untrusted trigger; toJSON(secrets) written there', async () => {
  const findings = await runRule(RULE, {
    '.github/workflows/agent.yml': `on: push
jobs:
  agent:
    runs-on: ubuntu-latest
    steps:
      - name: keys
        env:
          ANTHROPIC_API_KEY: \${{ secrets.ANTHROPIC_API_KEY }} # NOT OK: medium, the setup step gets it too (Claude needs it anyway)
          GH_TOKEN: \${{ secrets.PAT }} # NOT OK: high, the Claude step's Bash tool can read it
        run: |
          echo "ANTHROPIC_API_KEY=$ANTHROPIC_API_KEY" >> $GITHUB_ENV
          echo "GH_TOKEN=$GH_TOKEN" >> $GITHUB_ENV
      - name: setup
        run: pip install -r requirements.txt
      - name: ask
        run: claude -p "triage the open issues" --max-turns 5
  other:
    runs-on: ubuntu-latest
    steps:
      - run: echo "ALL<<EOF" >> $GITHUB_ENV; echo '\${{ toJSON(secrets) }}' >> $GITHUB_ENV; echo EOF >> $GITHUB_ENV # NOT OK
      - run: ./build.sh
`,
    '.github/workflows/comment.yml': `on: issue_comment
jobs:
  reply:
    runs-on: ubuntu-latest
    steps:
      - run: echo "NPM_TOKEN=\${{ secrets.NPM_TOKEN }}" >> $GITHUB_ENV # NOT OK: high, anyone can comment
      - run: npm ci
      - run: npm publish
`
  })
  expectFindings(findings, [
    {
      file: '.github/workflows/agent.yml',
      line: 8,
      column: 30,
      severity: 'medium',
      message:
        /^secret ANTHROPIC_API_KEY is written to `\$GITHUB_ENV` \(ANTHROPIC_API_KEY\) by step keys, so it is an environment variable of every later step of job agent: setup, ask$/,
      related: ['.github/workflows/agent.yml:11:11-11:69 written to `$GITHUB_ENV` here']
    },
    {
      file: '.github/workflows/agent.yml',
      line: 9,
      column: 21,
      severity: 'high',
      message:
        'secret PAT is written to `$GITHUB_ENV` (GH_TOKEN) by step keys, so it is an environment variable of every later step of job agent: setup, ask; Claude runs in ask, and its Bash tool can read it there'
    },
    {
      file: '.github/workflows/agent.yml',
      line: 20,
      column: 52,
      endColumn: 74,
      severity: 'high',
      message:
        '`toJSON(secrets)` is written to `$GITHUB_ENV` by step 1: every secret of the repository is then in the environment of every later step of job other: step 2'
    },
    {
      file: '.github/workflows/comment.yml',
      line: 6,
      column: 30,
      severity: 'high',
      message: 'secret NPM_TOKEN is written to `$GITHUB_ENV` (NPM_TOKEN) by step 1, so it is an environment variable of every later step of job reply: step 2, step 3'
    }
  ])
})

test('workflow-secret-env: $GITHUB_ENV writes that widen nothing are not reported', async () => {
  const findings = await runRule(RULE, {
    [F]: `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo "TOKEN=\${{ secrets.TOKEN }}" >> $GITHUB_OUTPUT # OK: a step output, not the later steps' environment
      - run: echo "DOCKER_USERNAME=\${{ secrets.DOCKER_USERNAME }}" >> $GITHUB_ENV # OK: an identifier
      - run: echo "GH=\${{ secrets.GITHUB_TOKEN }}" >> $GITHUB_ENV # OK: the job token is not a repository secret
      - env:
          T: \${{ secrets.T }}
        run: |
          cat <<'EOF' >> $GITHUB_ENV
          LITERAL=$T
          EOF
      - run: echo "DEPLOY_KEY=\${{ secrets.DEPLOY_KEY }}" >> $GITHUB_ENV # OK: the only later step uses it
      - run: ./deploy.sh "$DEPLOY_KEY"
  b:
    runs-on: ubuntu-latest
    steps:
      - run: npm test
      - run: echo "LAST=\${{ secrets.LAST }}" >> $GITHUB_ENV # OK: no later step
  c:
    runs-on: ubuntu-latest
    env:
      JOB_TOKEN: \${{ secrets.JOB_TOKEN }} # OK: every step uses it
    steps:
      - run: echo "COPY=$JOB_TOKEN" >> $GITHUB_ENV # OK: job-level env reaches the later steps anyway
      - run: ./publish.sh "$JOB_TOKEN"
`
  })
  expectFindings(findings, [])
})

test('workflow-secret-env: a local composite action that writes a secret input to $GITHUB_ENV exposes it to the caller job\'s later steps', async () => {
  const findings = await runRule(RULE, {
    '.github/actions/setup/action.yml': `name: setup
inputs:
  token:
    required: true
  npm-token:
    required: false
  username:
    required: false
runs:
  using: composite
  steps:
    - shell: bash
      run: echo "GH_TOKEN=\${{ inputs.token }}" >> "$GITHUB_ENV"
    - shell: bash
      env:
        NPM: \${{ inputs.npm-token }}
      run: |
        echo "NODE_AUTH_TOKEN=$NPM" >> $GITHUB_ENV
        echo "DOCKER_USER=\${{ inputs.username }}" >> $GITHUB_ENV
    - shell: bash
      run: echo "again=\${{ inputs.token }}" >> $GITHUB_ENV
`,
    '.github/actions/wrap/action.yml': `name: wrap
inputs:
  pat:
    required: true
runs:
  using: composite
  steps:
    - uses: ./.github/actions/setup
      with:
        token: \${{ inputs.pat }}
`,
    '.github/workflows/agent.yml': `on: push
jobs:
  agent:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: ./.github/actions/setup
        with:
          token: \${{ secrets.BOT_PAT }} # NOT OK: high, the Claude step's Bash tool can read GH_TOKEN
          npm-token: \${{ secrets.NPM_TOKEN }} # NOT OK: npm ci reads it, the Claude step does not need it but can read it
          username: \${{ secrets.DOCKER_USERNAME }} # OK: an identifier
      - run: npm ci
      - uses: anthropics/claude-code-action@v1
        with:
          anthropic_api_key: \${{ secrets.ANTHROPIC_API_KEY }}
          prompt: triage
  nested:
    runs-on: ubuntu-latest
    steps:
      - uses: ./.github/actions/wrap
        with:
          pat: \${{ secrets.RELEASE_PAT }} # NOT OK: medium, through the wrapping action
      - run: ./release.sh
`
  })
  const job = 'so it is an environment variable of every later step of job'
  expectFindings(findings, [
    {
      file: '.github/workflows/agent.yml',
      line: 9,
      column: 18,
      endColumn: 40,
      severity: 'high',
      confidence: 'medium',
      message: `secret BOT_PAT is passed as input \`token\` of the local action .github/actions/setup/action.yml, which writes it to \`$GITHUB_ENV\` (GH_TOKEN), ${job} agent: step 3, anthropics/claude-code-action; Claude runs in anthropics/claude-code-action, and its Bash tool can read it there`,
      related: ['.github/actions/setup/action.yml:13:12-13:64 written to `$GITHUB_ENV` here, in .github/actions/setup/action.yml']
    },
    {
      file: '.github/workflows/agent.yml',
      line: 10,
      column: 22,
      endColumn: 46,
      severity: 'high',
      message: `secret NPM_TOKEN is passed as input \`npm-token\` of the local action .github/actions/setup/action.yml, which writes it to \`$GITHUB_ENV\` (NODE_AUTH_TOKEN), ${job} agent: step 3, anthropics/claude-code-action; Claude runs in anthropics/claude-code-action, and its Bash tool can read it there`
    },
    {
      file: '.github/workflows/agent.yml',
      line: 22,
      column: 16,
      endColumn: 42,
      severity: 'medium',
      message: `secret RELEASE_PAT is passed as input \`pat\` of the local action .github/actions/wrap/action.yml, which writes it to \`$GITHUB_ENV\` (GH_TOKEN), ${job} nested: step 2`,
      related: ['.github/actions/setup/action.yml:13:12-13:64 written to `$GITHUB_ENV` here, in .github/actions/setup/action.yml']
    }
  ])
})

test('workflow-secret-env: a local composite action writing to $GITHUB_OUTPUT, a non-secret input or a last step widen nothing', async () => {
  const findings = await runRule(RULE, {
    '.github/actions/out/action.yml': `inputs:
  token: {}
runs:
  using: composite
  steps:
    - shell: bash
      run: echo "token=\${{ inputs.token }}" >> "$GITHUB_OUTPUT"
`,
    '.github/actions/env/action.yml': `inputs:
  token: {}
  mode: {}
runs:
  using: composite
  steps:
    - shell: bash
      run: |
        echo "API_TOKEN=\${{ inputs.token }}" >> "$GITHUB_ENV"
        echo "MODE=\${{ inputs.mode }}" >> "$GITHUB_ENV"
`,
    '.github/workflows/ci.yml': `on: push
jobs:
  output:
    runs-on: ubuntu-latest
    steps:
      - uses: ./.github/actions/out
        with:
          token: \${{ secrets.API_TOKEN }} # OK: a step output, not the later steps' environment
      - run: npm test
  plain:
    runs-on: ubuntu-latest
    steps:
      - uses: ./.github/actions/env
        with:
          token: \${{ github.token }} # OK: not a repository secret
          mode: \${{ vars.MODE }} # OK: not a secret
      - run: npm test
  last:
    runs-on: ubuntu-latest
    steps:
      - run: npm test
      - uses: ./.github/actions/env
        with:
          token: \${{ secrets.API_TOKEN }} # OK: no later step of the job
  control:
    runs-on: ubuntu-latest
    steps:
      - uses: ./.github/actions/env
        with:
          token: \${{ secrets.API_TOKEN }} # NOT OK: the same call with a later step
          mode: fast
      - run: npm test
`
  })
  // Only the control job, which differs from each negative case in one respect.
  expectFindings(findings, [
    {
      file: '.github/workflows/ci.yml',
      line: 30,
      column: 18,
      endColumn: 42,
      severity: 'medium',
      message:
        'secret API_TOKEN is passed as input `token` of the local action .github/actions/env/action.yml, which writes it to `$GITHUB_ENV` (API_TOKEN), so it is an environment variable of every later step of job control: step 2',
      related: ['.github/actions/env/action.yml:9:9-9:62 written to `$GITHUB_ENV` here, in .github/actions/env/action.yml']
    }
  ])
})

test('workflow-secret-env: a local composite action copying a secret input through a command substitution into $GITHUB_ENV', async () => {
  // Regression (deleonio/agent-pipeline setup-claude): the key is stripped of blanks (`K="$(printf '%s' "$K" | tr -d …)"`) before it is written.
  const findings = await runRule(RULE, {
    '.github/actions/auth/action.yml': `inputs:
  api-key: {}
runs:
  using: composite
  steps:
    - shell: bash
      env:
        KEY: \${{ inputs.api-key }}
      run: |
        KEY="$(printf '%s' "$KEY" | tr -d '[:space:]')"
        echo "ANTHROPIC_AUTH_TOKEN=$KEY" >> "$GITHUB_ENV"
`,
    '.github/workflows/agent.yml': `on: workflow_dispatch
jobs:
  run:
    runs-on: ubuntu-latest
    steps:
      - uses: ./.github/actions/auth
        with:
          api-key: \${{ secrets.ZAI_API_KEY }} # NOT OK: medium, Claude's own credential, but npm ci gets it too
      - run: npm ci
      - run: claude -p "summarise the changes"
`
  })
  expectFindings(findings, [
    {
      file: '.github/workflows/agent.yml',
      line: 8,
      column: 20,
      endColumn: 46,
      severity: 'medium',
      message:
        'secret ZAI_API_KEY is passed as input `api-key` of the local action .github/actions/auth/action.yml, which writes it to `$GITHUB_ENV` (ANTHROPIC_AUTH_TOKEN), so it is an environment variable of every later step of job run: step 2, step 3',
      related: ['.github/actions/auth/action.yml:11:9-11:58 written to `$GITHUB_ENV` here, in .github/actions/auth/action.yml']
    }
  ])
})
