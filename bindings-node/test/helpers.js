'use strict'
// Shared fixtures of the node --test suites.

const path = require('node:path')
const tally = require('..')

const ROOT = path.join(__dirname, '..', '..')

/** A fresh in-memory engine with one user and one EUR book holding a few accounts. */
function freshBook(email = 'ada@example.com') {
  const engine = tally.Engine.inMemory()
  const user = engine.users.create({
    email,
    givenName: 'Ada',
    familyName: 'Lovelace',
    defaultCurrency: 'EUR',
  })
  const book = engine.createBook({ name: 'Household', ownerId: user.id, defaultCurrency: 'EUR' })
  const checking = book.accounts.create({
    path: 'Assets:Bank:Checking',
    kind: 'asset',
    subtype: 'checking',
    currency: 'EUR',
  })
  const savings = book.accounts.create({
    path: 'Assets:Bank:Savings',
    kind: 'asset',
    subtype: 'savings',
    currency: 'EUR',
  })
  const groceries = book.accounts.create({
    path: 'Expenses:Food:Groceries',
    kind: 'expense',
    currency: 'EUR',
  })
  const dining = book.accounts.create({ path: 'Expenses:Food:Dining', kind: 'expense', currency: 'EUR' })
  const salary = book.accounts.create({ path: 'Income:Salary', kind: 'income', currency: 'EUR' })
  return { engine, user, book, checking, savings, groceries, dining, salary }
}

/** `n` balanced expenses on consecutive days of 2026 (cents vary, all exact). */
function expenses(n, from, to, prefix = 'bulk') {
  const out = new Array(n)
  for (let i = 0; i < n; i++) {
    const day = new Date(Date.UTC(2026, 0, 1 + (i % 365))).toISOString().slice(0, 10)
    const cents = String(100 + (i % 9900))
    const amount = `${cents.slice(0, -2)}.${cents.slice(-2)}`
    out[i] = {
      date: day,
      payee: `Shop ${i % 50}`,
      externalId: `${prefix}-${i}`,
      source: 'import',
      splits: [
        { accountId: to, amount },
        { accountId: from, amount: `-${amount}` },
      ],
    }
  }
  return out
}

/** Calls `fn` and returns what it threw (failing when it did not throw). */
function thrown(fn) {
  try {
    fn()
  } catch (err) {
    return err
  }
  throw new Error('expected the call to throw')
}

module.exports = { tally, ROOT, freshBook, expenses, thrown }
