'use strict'
// The committed index.d.ts (and the loader index.js) must be exactly what `npm run build`
// generates from the Rust sources: scripts/test builds first, so a difference here means the
// committed files are stale. Also checks that the declared error-code union is docs/errors.md.

const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const { execFileSync } = require('node:child_process')
const { tally, ROOT } = require('./helpers')

const PKG = path.join(__dirname, '..')

function committed(file) {
  try {
    return execFileSync('git', ['-C', PKG, 'show', `HEAD:./${file}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
  } catch {
    return null
  }
}

for (const file of ['index.d.ts', 'index.js']) {
  test(`${file} is what the build generates`, (t) => {
    const before = committed(file)
    if (before === null) {
      t.skip('not a git checkout: nothing committed to compare with')
      return
    }
    const generated = fs.readFileSync(path.join(PKG, file), 'utf8')
    assert.ok(
      generated === before,
      `${file} differs from the committed one: run \`npm run build\` in bindings-node and commit ${file}`,
    )
  })
}

function union(dts, name) {
  const m = new RegExp(`export type ${name} = ([^\\n]+)`).exec(dts)
  assert.ok(m, `${name} is declared`)
  return m[1].split(' | ').map((s) => s.replace(/'/g, ''))
}

test('the declared ErrorCode and ErrorKind unions are the table of docs/errors.md', () => {
  const dts = fs.readFileSync(path.join(PKG, 'index.d.ts'), 'utf8')
  const docs = fs
    .readFileSync(path.join(ROOT, 'docs', 'errors.md'), 'utf8')
    .split('\n')
    .map((line) => /^\| `([a-z_]+)` \| ([a-z_]+) \|/.exec(line))
    .filter(Boolean)
  assert.deepEqual(union(dts, 'ErrorCode'), docs.map((m) => m[1]))
  assert.deepEqual(union(dts, 'ErrorKind').sort(), [...new Set(docs.map((m) => m[2]))].sort())
  assert.deepEqual(union(dts, 'ErrorCode'), tally.errorCodes().map((e) => e.code))
  assert.doesNotMatch(dts, /Promise<unknown>/, 'every Promise form has its result type')
  for (const name of ['TallyError', 'TallyTypeError', 'TallyStateError']) {
    assert.match(dts, new RegExp(`export interface ${name} extends`))
  }
  const tallyError = /export interface TallyError extends Error \{([\s\S]*?)\n\}/.exec(dts)[1]
  for (const field of ['code: ErrorCode', 'kind: ErrorKind', 'field?: string', 'file?: string', 'line?: number']) {
    assert.ok(tallyError.includes(field), `TallyError declares ${field}`)
  }
})

test('the package declares main and types, and exports the classes', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(PKG, 'package.json'), 'utf8'))
  assert.equal(pkg.name, 'tally')
  assert.equal(pkg.main, 'index.js')
  assert.equal(pkg.types, 'index.d.ts')
  for (const name of ['Engine', 'Users', 'Book', 'Accounts', 'Transactions', 'Commodities', 'Rates', 'Imports', 'Reports', 'errorCodes']) {
    assert.equal(typeof tally[name], 'function', name)
  }
})
