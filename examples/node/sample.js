'use strict'
// Loads the sample book in examples/data the same way examples/rust/lib.rs does:
// accounts.csv (path, kind, subtype, currency) and journal.csv (one row per split; rows with
// the same `txn` number form one transaction), the journal as one batch. Neither file has
// quoted fields.

const fs = require('node:fs')
const path = require('node:path')

const DATA_DIR = path.join(__dirname, '..', 'data')

function rows(file) {
  const lines = fs.readFileSync(file, 'utf8').split('\n').filter((line) => line.trim() !== '')
  return lines.slice(1).map((line, i) => ({ line: i + 2, cols: line.split(',') }))
}

/** Loads the sample into `book`; returns `{ accounts, transactions }` counts. */
function loadSample(book, dir = DATA_DIR) {
  let accounts = 0
  for (const { line, cols } of rows(path.join(dir, 'accounts.csv'))) {
    if (cols.length !== 4) throw new Error(`accounts.csv:${line}: expected 4 columns`)
    const [accountPath, kind, subtype, currency] = cols
    book.accounts.create({ path: accountPath, kind, subtype, currency })
    accounts += 1
  }
  const byPath = new Map(book.accounts.list().map((a) => [a.path, a.id]))
  const batch = []
  let current = null
  for (const { line, cols } of rows(path.join(dir, 'journal.csv'))) {
    if (cols.length !== 6) throw new Error(`journal.csv:${line}: expected 6 columns`)
    const [txn, date, payee, account, amount, memo] = cols
    const accountId = byPath.get(account)
    if (accountId === undefined) throw new Error(`journal.csv:${line}: unknown account ${account}`)
    const split = { accountId, amount }
    if (memo !== '') split.memo = memo
    if (current && current.txn === txn) {
      current.tx.splits.push(split)
    } else {
      current = {
        txn,
        tx: { date, payee, splits: [split], source: 'import', externalId: `sample-${txn}` },
      }
      batch.push(current.tx)
    }
  }
  const ids = book.transactions.addBatch(batch)
  return { accounts, transactions: ids.length }
}

module.exports = { loadSample, DATA_DIR }
