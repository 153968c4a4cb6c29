'use strict'
// The README's examples run as written (with `require('tally')` pointed at this package).

const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const vm = require('node:vm')

const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8')
const blocks = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1])

/** Runs a README block and returns what it printed, one string per console.log. */
function run(code) {
  const printed = []
  const sandbox = {
    require: (name) => require(name === 'tally' ? '..' : name),
    console: { log: (...args) => printed.push(args.join(' ')) },
    Buffer,
    setTimeout,
  }
  vm.runInNewContext(code, sandbox)
  return printed
}

test('the README has the eight examples', () => {
  assert.equal(blocks.length, 8)
})

test('the README example runs and prints what its comments say', () => {
  assert.deepEqual(run(blocks[0]), ['-54.30', 'too_many_decimals validation splits[0].amount'])
})

test('the multi-currency example runs and prints what its comments say', () => {
  const printed = run(blocks[1])
  assert.deepEqual(printed, ['csv 1', '1 true', '223.77', '111.72 1.1172', '1000.00', '50.00 CHF no_rate'])
  // The comments in the README say the same.
  const comments = [...blocks[1].matchAll(/console\.log\(.*\) \/\/ (.+)$/gm)].map((m) => m[1])
  assert.deepEqual(comments, printed)
})

test('the import example runs and prints what its comments say', () => {
  const printed = run(blocks[2])
  assert.deepEqual(printed, [
    'Amount %Y-%m-%d',
    '2026-10-01 -54.30 Fresh Market, 2026-10-02 2500.00 Employer',
    '2 true 2',
    '2',
    'false rejected amount',
    '1',
    '2',
    'malformed_line bank.qif 3',
  ])
  const comments = [...blocks[2].matchAll(/console\.log\(.*\) \/\/ (.+)$/gm)].map((m) => m[1])
  assert.deepEqual(comments, printed)
})

test('the categorizer, budgets, goals, alerts and portfolio examples print what their comments say', async () => {
  for (const [i, name] of ['categorizer', 'budgets', 'goals', 'alerts', 'portfolio'].entries()) {
    const block = blocks[3 + i]
    const printed = run(block)
    const comments = [...block.matchAll(/console\.log\(.*\) \/\/ (.+)$/gm)].map((m) => m[1])
    // Alerts reach the subscriber after the write committed, off the call: let them arrive.
    for (let waited = 0; printed.length < comments.length && waited < 2000; waited += 10) {
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    assert.ok(comments.length >= 1, name)
    assert.deepEqual(printed, comments, name)
  }
})
