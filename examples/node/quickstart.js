'use strict'
// The quickstart in Node: builds a real SQLite book from the sample data in examples/data,
// adds one expense by hand, then prints the balances and October's spending by category. It
// prints the same figures as `cargo run --example quickstart`.
//
// Run it with `node examples/node/quickstart.js [path/to/book.sqlite]` after
// `npm install && npm run build` in bindings-node/.

const fs = require('node:fs')
const path = require('node:path')
// In an application: require('tally').
const { Engine } = require('../../bindings-node')
const { loadSample } = require('./sample')

const file = process.argv[2] ?? path.join(__dirname, '..', '..', 'target', 'quickstart-node.sqlite')
for (const suffix of ['', '-wal', '-shm']) {
  // A leftover book from an earlier run would make the idempotent load add nothing.
  fs.rmSync(file + suffix, { force: true })
}

const engine = Engine.open(file)
const user = engine.users.create({
  email: 'sam@example.com',
  givenName: 'Sam',
  familyName: 'Rivera',
  defaultCurrency: 'EUR',
})
const book = engine.createBook({ name: 'Household', ownerId: user.id, defaultCurrency: 'EUR' })
const loaded = loadSample(book)

const cash = book.accounts.byPath('Assets:Cash')
const groceries = book.accounts.byPath('Expenses:Food:Groceries')
book.transactions.expense('2026-10-31', cash.id, groceries.id, '12.50', 'Farmers market')
const checking = book.accounts.byPath('Assets:Bank:Checking')
book.accounts.addAssertion({ accountId: checking.id, date: '2026-10-31', amount: '5028.41' })

const depthOf = (p) => p.split(':').length - 1
const leaf = (p) => p.split(':').pop()
const label = (p, depth) => '  '.repeat(depth) + leaf(p)

console.log(`Tally quickstart: book "${book.info.name}" in ${file}`)
console.log(
  `Loaded ${loaded.accounts} accounts and ${loaded.transactions} transactions from examples/data, plus 1 added by hand.`,
)
const asOf = '2026-10-31'
console.log(`\nBalances on ${asOf}:`)
for (const b of book.accounts.balances({ asOf })) {
  console.log(`  ${label(b.path, depthOf(b.path)).padEnd(34)} ${b.total.padStart(12)} ${b.commodity}`)
}
console.log('\nSpending by category, October 2026:')
for (const c of book.reports.spendingByCategory('2026-10-01', asOf)) {
  console.log(`  ${label(c.path, c.depth).padEnd(34)} ${c.total.padStart(12)} ${c.commodity}`)
}
console.log('\nLast 3 rows of the checking register:')
const page = book.accounts.register(checking.id, { limit: 3, order: 'descending' })
for (const r of page.items) {
  console.log(`  ${r.date}  ${(r.payee ?? '').padEnd(22)} ${r.amount.padStart(10)} ${r.balance.padStart(10)}`)
}
for (const result of book.accounts.checkAssertions()) {
  const verdict = result.passed ? 'holds' : 'FAILS'
  const a = result.assertion
  console.log(`\nBalance assertion ${a.amount} ${a.commodity} on ${a.date}: ${verdict} (actual ${result.actual})`)
}
engine.close()
