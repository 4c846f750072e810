import { test } from 'node:test'
import assert from 'node:assert/strict'
import { parseShell } from '../../src/shell/parse.js'
import { downloadTo, ghFetch, jqKeepsText } from '../../src/analysis/gh-fetch.js'
import { shellView } from '../../src/model/workflow.js'

test('gh-fetch: jq filters that print outside text, and those that print only numbers, states, logins or labels', () => {
  const text = ['.title', '.[0].title', '.', '.[]', '.head.ref', '.files[].path', 'map(.body) | join("\\n")', '[.[] | select(.labels | map(.name) | index("x") | not)]', '.[] | "\\(.number) \\(.title)"', '.title // empty', '{{.title}}']
  const none = ['.number', '.[0].number', 'length', '.state', '.author.login', '[.labels[].name] | join(",")', '[.commits[].messageHeadline | select(startswith("Fix"))] | length', '.[] | select(.title | test("x")) | .number', '.[0] | .number']
  for (const f of text) assert.equal(jqKeepsText(f), true, f)
  for (const f of none) assert.equal(jqKeepsText(f), false, f)
})

test('gh-fetch: which gh commands fetch outside text of this repository', () => {
  const what = (script: string): string | undefined => {
    // Parsed as the rule does: `${{ }}` blanked, read back from the script as written.
    const c = parseShell(shellView(script)).commands.find((x) => x.name === 'gh')
    return c && ghFetch(c, script)?.what
  }
  assert.equal(what('gh issue view 5'), 'title, body')
  assert.equal(what('gh pr view 5 --comments'), 'title, body, comments')
  assert.equal(what('gh issue view 5 --repo ${{ github.repository }} --json title -q .title'), 'title')
  assert.equal(what('gh pr view "$N" --json number,headRefName,state'), 'headRefName')
  assert.equal(what('gh pr diff "$N" --name-only'), 'changed file names')
  assert.equal(what('gh issue list --label P0 --json number,title,labels'), 'title')
  assert.equal(what('gh api repos/{owner}/{repo}/pulls/5/files --jq ".[].filename"'), 'filename')
  assert.equal(what('gh api "repos/$GITHUB_REPOSITORY/issues/5/comments"'), 'comments')
  // No text: fields, filters, other repositories, other endpoints and commands.
  assert.equal(what('gh issue view 5 --json state -q .state'), undefined)
  assert.equal(what('gh pr view 5 --json number,author,labels'), undefined)
  assert.equal(what('gh issue view 5 --json title --jq .title --repo other/repo'), undefined)
  assert.equal(what('gh api repos/other/repo/issues/5'), undefined)
  assert.equal(what('gh api repos/{owner}/{repo}/issues/5 --jq .number'), undefined)
  assert.equal(what('gh api repos/{owner}/{repo}/actions/runs'), undefined)
  assert.equal(what('gh pr checks 5'), undefined)
  // A call that writes gets back what it wrote: fields without a method are a POST.
  assert.equal(what('gh api repos/{owner}/{repo}/issues/5/comments -f body="Thanks for the report"'), undefined)
  assert.equal(what('gh api -X PATCH repos/{owner}/{repo}/issues/5 -f state=closed'), undefined)
  assert.equal(what('gh api repos/{owner}/{repo}/pulls/5 --method=PATCH --input body.json'), undefined)
  assert.equal(what('gh api -XPOST repos/{owner}/{repo}/issues/5/comments --input c.json'), undefined)
  // With GET the fields are the query string: a read.
  assert.equal(what('gh api --method GET repos/{owner}/{repo}/issues/5/comments -f per_page=100'), 'comments')
  assert.equal(what('gh api -X get repos/{owner}/{repo}/issues/5'), 'issue title and body')
  assert.equal(what('gh issue edit 5 --add-label x'), undefined)
})

test('gh-fetch: curl and wget on issue and pull-request endpoints of the GitHub API fetch outside text; other hosts, endpoints and queries do not', () => {
  const fetched = (script: string): string | undefined => {
    const c = parseShell(shellView(script)).commands[0]
    const f = ghFetch(c, script)
    return f && `${f.command}: ${f.what}`
  }
  const repo = '${{ github.repository }}'
  assert.equal(fetched(`curl -sS -H "Authorization: Bearer $GITHUB_TOKEN" "https://api.github.com/repos/${repo}/issues/$N"`), 'curl: issue title and body')
  assert.equal(fetched('curl -s ${{ github.api_url }}/repos/$GITHUB_REPOSITORY/pulls/5/files?per_page=100'), 'curl: changed files')
  assert.equal(fetched(`curl -s "\${GITHUB_API_URL}/repos/${repo}/pulls/5/comments"`), 'curl: comments')
  assert.equal(fetched(`curl -sL -H "Accept: application/vnd.github.v3.diff" "$GITHUB_API_URL/repos/${repo}/pulls/5"`), 'curl: diff')
  assert.equal(fetched(`wget -qO- https://api.github.com/repos/${repo}/issues/5/comments`), 'wget: comments')
  assert.equal(fetched(`curl -X GET --url https://api.github.com/repos/${repo}/issues/5`), 'curl: issue title and body')
  assert.equal(fetched(`curl -sG -d per_page=100 "$GITHUB_API_URL"/repos/${repo}/issues/5/comments`), 'curl: comments')
  const query = (q: string): string => `curl -X POST -H "Authorization: bearer $T" https://api.github.com/graphql -d '{"query":"${q}"}'`
  assert.equal(fetched(query('query { repository(owner: \\"a\\", name: \\"b\\") { issue(number: 5) { title body } } }')), 'curl: title, body')
  // Not outside text: another host, another endpoint, another repository, a query of numbers and labels, a mutation.
  assert.equal(fetched(`curl -s https://example.com/repos/${repo}/issues/5`), undefined)
  assert.equal(fetched('curl -s https://api.github.com/repos/x/y/commits'), undefined)
  assert.equal(fetched(`curl -s https://api.github.com/repos/${repo}/commits`), undefined)
  assert.equal(fetched('curl -s https://api.github.com/repos/other/repo/issues/5'), undefined)
  // A request that writes gets back what it wrote: the comment it posts, the pull request it closes.
  assert.equal(fetched(`curl -s -X POST -d "{\\"body\\": \\"$MSG\\"}" https://api.github.com/repos/${repo}/issues/5/comments`), undefined)
  assert.equal(fetched(`curl -s -XPATCH https://api.github.com/repos/${repo}/pulls/5 --data '{"state": "closed"}'`), undefined)
  assert.equal(fetched(`curl -s --request PUT https://api.github.com/repos/${repo}/pulls/5/merge`), undefined)
  assert.equal(fetched(query('query { repository(owner: \\"a\\", name: \\"b\\") { issue(number: 5) { number state labels(first: 5) { nodes { name } } } } }')), undefined)
  assert.equal(fetched(query('mutation { addComment(input: {subjectId: \\"x\\", body: \\"y\\"}) { clientMutationId } }')), undefined)
})

test('gh-fetch: where curl and wget write what they download', () => {
  const to = (script: string): string | undefined => {
    const d = downloadTo(parseShell(script).commands[0])
    return d === 'stdout' ? d : d?.text
  }
  assert.equal(to('curl -s "$URL"'), 'stdout')
  assert.equal(to('curl -sSLo /tmp/pr.json "$URL"'), '/tmp/pr.json')
  assert.equal(to('curl --output=pr.json "$URL"'), 'pr.json')
  assert.equal(to('curl -o - "$URL"'), 'stdout')
  assert.equal(to('curl -O "$URL"'), undefined)
  assert.equal(to('curl -sLO "$URL"'), undefined)
  assert.equal(to('wget -qO- "$URL"'), 'stdout')
  assert.equal(to('wget -O out.json "$URL"'), 'out.json')
  assert.equal(to('wget "$URL"'), undefined)
})
