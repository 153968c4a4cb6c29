'use strict'
// The end-to-end scenario of every language: the sample book of examples/data, checked figure
// for figure against examples/tests/quickstart.rs; then examples/node/quickstart.js, whose
// output must show the same figures as the Rust quickstart.

const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { execFileSync } = require('node:child_process')
const { tally, ROOT } = require('./helpers')
const { loadSample } = require(path.join(ROOT, 'examples', 'node', 'sample.js'))

test('the sample book gives the figures of the Rust quickstart test', () => {
  const engine = tally.Engine.inMemory()
  const user = engine.users.create({ email: 'sam@example.com', givenName: 'Sam', familyName: 'Rivera', defaultCurrency: 'EUR' })
  const book = engine.createBook({ name: 'Household', ownerId: user.id, defaultCurrency: 'EUR' })
  assert.deepEqual(loadSample(book), { accounts: 14, transactions: 64 })
  assert.throws(() => loadSample(book), { code: 'duplicate_account_name' })

  const balances = book.accounts.balances({ asOf: '2026-10-31' })
  const total = (p) => balances.find((b) => b.path === p).total
  assert.equal(total('Assets:Bank:Checking'), '5028.41')
  assert.equal(total('Assets:Bank:Savings'), '9521.25')
  assert.equal(total('Assets:Cash'), '181.05')
  assert.equal(total('Assets'), '14730.71')
  assert.equal(total('Liabilities:Credit Card'), '0.00')
  assert.equal(total('Expenses'), '5460.54')
  assert.equal(total('Income'), '-9621.25')

  const october = book.reports.spendingByCategory('2026-10-01', '2026-10-31')
  const spent = (p) => october.find((c) => c.path === p).total
  assert.equal(spent('Expenses'), '1839.25')
  assert.equal(spent('Expenses:Food'), '492.45')
  assert.equal(spent('Expenses:Food:Groceries'), '396.65')
  assert.equal(spent('Expenses:Household'), '19.50')
  assert.equal(spent('Expenses:Housing'), '1254.30')

  const megamart = book.transactions.search({ text: 'megamart' })
  assert.equal(megamart.total, 3)
  assert.ok(megamart.items.every((t) => t.splits.length === 3))
  engine.close()
})

test('examples/node/quickstart.js prints the Rust quickstart figures', (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tally-quickstart-'))
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }))
  const out = execFileSync(process.execPath, [path.join(ROOT, 'examples', 'node', 'quickstart.js'), path.join(dir, 'q.sqlite')], {
    encoding: 'utf8',
  })
  for (const line of [
    'Loaded 14 accounts and 64 transactions from examples/data, plus 1 added by hand.',
    '      Checking                            5028.41 EUR',
    '    Cash                                   168.55 EUR',
    '  Expenses                                5473.04 EUR',
    '      Groceries                            409.15 EUR',
    '  2026-10-28  Credit card payment       -456.30    5028.41',
    'Balance assertion 5028.41 EUR on 2026-10-31: holds (actual 5028.41)',
  ]) {
    assert.ok(out.split('\n').includes(line), `missing line: ${line}\n${out}`)
  }
})
