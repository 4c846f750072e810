import { test } from 'node:test'
import assert from 'node:assert/strict'
import { parseShell } from '../../src/shell/parse.js'
import { ghFetch, jqKeepsText } from '../../src/analysis/gh-fetch.js'
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
  assert.equal(what('gh issue edit 5 --add-label x'), undefined)
})
