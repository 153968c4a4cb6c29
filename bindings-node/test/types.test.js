'use strict'
// Types both ways: decimal strings at the commodity's scale, dates, ISO timestamps, string
// enums, optional fields, null to clear, ids, pages, JSON audit payloads.

const test = require('node:test')
const assert = require('node:assert/strict')
const { tally, freshBook, thrown } = require('./helpers')

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/

test('amounts cross as decimal strings at the commodity scale', () => {
  const { book, checking, groceries } = freshBook()
  const tx = book.transactions.expense('2026-03-14', checking.id, groceries.id, '12.5', 'Bakery')
  assert.deepEqual(
    tx.splits.map((s) => [s.amount, s.commodity]),
    [
      ['12.50', 'EUR'],
      ['-12.50', 'EUR'],
    ],
  )
  assert.equal(typeof tx.splits[0].amount, 'string')
  // Beyond a double's exact range: 2^53 + 1 cents round-trips exactly.
  const big = '90071992547409.93'
  const t2 = book.transactions.expense('2026-03-15', checking.id, groceries.id, big, 'Big')
  assert.equal(t2.splits[0].amount, big)
  const balances = book.accounts.balances()
  const food = balances.find((b) => b.path === 'Expenses:Food')
  assert.equal(food.total, '90071992547422.43')
  assert.equal(food.own, '0.00')
})

test('scales follow the commodity: JPY 0, BHD 3, a defined BTC 8', () => {
  const { book } = freshBook()
  assert.equal(book.commodities.get('JPY').scale, 0)
  assert.equal(book.commodities.get('BHD').scale, 3)
  const btc = book.commodities.define({ code: 'BTC', name: 'Bitcoin', scale: 8, kind: 'crypto' })
  assert.deepEqual(btc, { code: 'BTC', name: 'Bitcoin', scale: 8, kind: 'crypto', builtin: false })
  assert.deepEqual(book.commodities.list(), [btc])
  const wallet = book.accounts.create({ path: 'Assets:Crypto', kind: 'asset', currency: 'BTC' })
  const yen = book.accounts.create({ path: 'Assets:Yen', kind: 'asset', currency: 'JPY' })
  const eq = book.accounts.create({ path: 'Equity:Opening', kind: 'equity', currency: 'BTC' })
  const eqY = book.accounts.create({ path: 'Equity:OpeningYen', kind: 'equity', currency: 'JPY' })
  book.transactions.transfer('2026-01-01', eq.id, wallet.id, '0.00000001')
  book.transactions.transfer('2026-01-01', eqY.id, yen.id, '1500')
  const bal = Object.fromEntries(book.accounts.balances().map((b) => [b.path, b.total]))
  assert.equal(bal['Assets:Crypto'], '0.00000001')
  assert.equal(bal['Assets:Yen'], '1500')
})

test('dates are YYYY-MM-DD and timestamps ISO-8601 UTC', () => {
  const { engine, user, book, checking, groceries } = freshBook()
  assert.match(user.createdAt, ISO_UTC)
  assert.match(book.info.createdAt, ISO_UTC)
  const tx = book.transactions.expense('2026-02-28', checking.id, groceries.id, '3.00', 'Shop', {
    postedDate: '2026-03-02',
  })
  assert.equal(tx.date, '2026-02-28')
  assert.equal(tx.postedDate, '2026-03-02')
  assert.match(tx.createdAt, ISO_UTC)
  assert.ok(!Number.isNaN(Date.parse(tx.updatedAt)))
  for (const bad of ['2026-2-28', '28.02.2026', '2026-02-30', '']) {
    const err = thrown(() => book.transactions.expense(bad, checking.id, groceries.id, '1', 'x'))
    assert.equal(err.code, 'invalid_field')
    assert.equal(err.field, 'date')
  }
  engine.close()
})

test('records are plain objects; enums are the stable snake_case strings', () => {
  const { book, checking } = freshBook()
  const card = book.accounts.create({
    path: 'Liabilities:Card',
    kind: 'liability',
    subtype: 'credit_card',
    currency: 'EUR',
    institution: 'Bank',
    openedOn: '2026-01-01',
  })
  assert.equal(Object.getPrototypeOf(card), Object.prototype)
  assert.equal(card.kind, 'liability')
  assert.equal(card.subtype, 'credit_card')
  assert.equal(card.openedOn, '2026-01-01')
  assert.equal(card.includeInNetWorth, true)
  assert.equal(checking.subtype, 'checking')
  assert.equal(book.accounts.byPath('Assets').parentId, undefined)
  assert.equal(book.accounts.get(checking.id).parentId, book.accounts.byPath('Assets:Bank').id)
  // An unknown enum string is refused at the boundary.
  assert.throws(() => book.accounts.create({ path: 'Assets:X', kind: 'assets', currency: 'EUR' }))
  assert.deepEqual(book.members(), [{ userId: book.actor, role: 'owner' }])
})

test('a JS number where an amount belongs is a TypeError naming the field', () => {
  const { book, checking, groceries } = freshBook()
  const calls = {
    amount: () => book.transactions.expense('2026-01-02', checking.id, groceries.id, 12.5, 'x'),
    'splits[1].amount': () =>
      book.transactions.add({
        date: '2026-01-02',
        splits: [
          { accountId: groceries.id, amount: '1.00' },
          { accountId: checking.id, amount: -1 },
        ],
      }),
    'transactions[1].splits[0].amount': () =>
      book.transactions.addBatch([
        { date: '2026-01-02', splits: [{ accountId: groceries.id, amount: '1' }, { accountId: checking.id, amount: '-1' }] },
        { date: '2026-01-02', splits: [{ accountId: groceries.id, amount: 1 }, { accountId: checking.id, amount: '-1' }] },
      ]),
    'parts[0].amount': () => book.transactions.splitPurchase('2026-01-02', checking.id, 'x', [{ accountId: groceries.id, amount: 5 }]),
    amount_min: () => book.transactions.search({ amountMin: 10 }),
    'splits[0].price.amount': () =>
      book.transactions.add({
        date: '2026-01-02',
        splits: [
          { accountId: groceries.id, amount: '1.00', price: { amount: 1.1, commodity: 'USD' } },
          { accountId: checking.id, amount: '-1.10' },
        ],
      }),
  }
  for (const [field, call] of Object.entries(calls)) {
    const err = thrown(call)
    assert.ok(err instanceof TypeError, field)
    assert.equal(err.code, 'ERR_INVALID_ARG_TYPE')
    assert.equal(err.field, field)
    assert.match(err.message, /decimal strings/)
  }
  const err = thrown(() => book.accounts.addAssertion({ accountId: checking.id, date: '2026-01-01', amount: 5 }))
  assert.match(err.message, /not JS numbers/)
  const other = thrown(() => book.transactions.expense('2026-01-02', checking.id, groceries.id, true, 'x'))
  assert.ok(other instanceof TypeError)
  assert.match(other.message, /Boolean/)
  // Nothing was written by any of the refused calls.
  assert.equal(book.transactions.search().total, 0)
})

test('options objects, null to clear, and every add form', () => {
  const { book, checking, savings, groceries, dining, salary } = freshBook()
  const updated = book.accounts.update(checking.id, { institution: 'First Bank', color: '#2a9d8f' })
  assert.equal(updated.institution, 'First Bank')
  const cleared = book.accounts.update(checking.id, { institution: null })
  assert.equal(cleared.institution, undefined)
  assert.equal(cleared.color, '#2a9d8f')
  const renamed = book.accounts.update(book.accounts.byPath('Expenses:Food').id, { name: 'Eating' })
  assert.equal(renamed.path, 'Expenses:Eating')
  assert.equal(book.accounts.get(groceries.id).path, 'Expenses:Eating:Groceries')

  const pay = book.transactions.income('2026-01-31', checking.id, salary.id, '3000', 'Employer', {
    tags: ['work', 'monthly'],
    narration: 'January pay',
    status: 'pending',
    externalId: 'pay-2026-01',
    notes: 'gross',
  })
  assert.deepEqual(pay.tags, ['monthly', 'work'])
  assert.equal(pay.status, 'pending')
  assert.equal(pay.narration, 'January pay')
  const again = book.transactions.income('2026-01-31', checking.id, salary.id, '3000', 'Employer', {
    tags: ['work', 'monthly'],
    narration: 'January pay',
    status: 'pending',
    externalId: 'pay-2026-01',
    notes: 'gross',
  })
  assert.equal(again.id, pay.id, 'an external id makes a retry idempotent')
  const move = book.transactions.transfer('2026-02-01', checking.id, savings.id, '500')
  assert.deepEqual(move.splits.map((s) => s.amount), ['500.00', '-500.00'])
  const shop = book.transactions.splitPurchase('2026-02-02', checking.id, 'MegaMart', [
    { accountId: groceries.id, amount: '40.10' },
    { accountId: dining.id, amount: '9.90' },
  ])
  assert.equal(shop.splits.length, 3)
  assert.equal(shop.splits[2].amount, '-50.00')
  const edited = book.transactions.edit(shop.id, {
    date: '2026-02-03',
    payee: 'MegaMart',
    splits: [
      { accountId: groceries.id, amount: '50.00', memo: 'all food' },
      { accountId: checking.id, amount: '-50.00' },
    ],
  })
  assert.equal(edited.splits[0].memo, 'all food')
  assert.equal(edited.date, '2026-02-03')
  const reconciled = book.transactions.setStatus(move.id, 'reconciled')
  assert.equal(reconciled.status, 'reconciled')
  const deleted = book.transactions.delete(move.id, { allowReconciled: true })
  assert.equal(deleted.deleted, true)
  assert.equal(book.transactions.restore(move.id).deleted, false)
  const reversal = book.transactions.reverse(pay.id, { date: '2026-02-05' })
  assert.equal(reversal.reversalOf, pay.id)
  assert.equal(reversal.splits[0].amount, '-3000.00')
  assert.equal(book.transactions.get(pay.id).id, pay.id)
})

test('search, register, assertions, reports and the audit log', () => {
  const { book, checking, groceries, salary } = freshBook()
  book.transactions.income('2026-01-01', checking.id, salary.id, '1000.00', 'Employer')
  book.transactions.expense('2026-01-05', checking.id, groceries.id, '20.00', 'Corner Shop', { tags: ['food'] })
  book.transactions.expense('2026-02-05', checking.id, groceries.id, '30.00', 'Corner Shop')
  const page = book.transactions.search(
    { text: 'corner', amountMin: '25', accounts: [groceries.id] },
    { limit: 10, order: 'ascending' },
  )
  assert.equal(page.total, 1)
  assert.equal(page.items[0].date, '2026-02-05')
  assert.equal(book.transactions.search({ tags: ['food'] }).total, 1)
  assert.equal(book.transactions.search({ dateFrom: '2026-01-02', dateTo: '2026-01-31' }).total, 1)
  assert.equal(book.transactions.search({ statuses: ['cleared'], sources: ['manual'] }).total, 3)
  const reg = book.accounts.register(checking.id, { order: 'ascending' })
  assert.deepEqual(reg.items.map((r) => r.balance), ['1000.00', '980.00', '950.00'])
  assert.equal(reg.total, 3)
  assert.equal(book.accounts.register(book.accounts.byPath('Assets').id, { includeDescendants: true }).total, 3)
  const assertion = book.accounts.addAssertion({ accountId: checking.id, date: '2026-01-31', amount: '980' })
  assert.equal(assertion.commodity, 'EUR')
  assert.deepEqual(book.accounts.assertions().map((a) => a.id), [assertion.id])
  const [result] = book.accounts.checkAssertions()
  assert.equal(result.passed, true)
  assert.equal(result.actual, '980.00')
  book.accounts.deleteAssertion(assertion.id)
  assert.deepEqual(book.accounts.assertions(), [])
  const spending = book.reports.spendingByCategory('2026-01-01', '2026-01-31')
  assert.deepEqual(spending.map((c) => [c.path, c.depth, c.total]), [
    ['Expenses', 0, '20.00'],
    ['Expenses:Food', 1, '20.00'],
    ['Expenses:Food:Groceries', 2, '20.00'],
  ])
  assert.equal(book.reports.incomeByCategory('2026-01-01', '2026-12-31')[0].total, '1000.00')
  const audit = book.auditLog({ limit: 2 })
  assert.ok(audit.total >= 8)
  assert.equal(audit.items.length, 2)
  const [last] = book.auditLog({ limit: 1 }).items
  assert.equal(last.action, 'delete')
  assert.equal(last.entity, 'balance_assertion')
  assert.equal(last.before.amount, '980.00')
  const entry = book.auditLog({ limit: 10 }).items.find((e) => e.entity === 'transaction')
  assert.equal(entry.after.payee, 'Corner Shop')
  assert.equal(entry.bookId, book.id)
  assert.equal(book.auditLog({ order: 'ascending', limit: 1 }).items[0].entity, 'book')
})

test('users, books, members and a file-backed engine that closes', (t) => {
  const fs = require('node:fs')
  const os = require('node:os')
  const path = require('node:path')
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tally-node-'))
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }))
  const file = path.join(dir, 'book.sqlite')
  const engine = tally.Engine.open(file)
  const ada = engine.users.create({ email: ' ada@example.com ', givenName: 'Ada', familyName: 'L', defaultCurrency: 'GBP', locale: 'en-GB', timeZone: 'Europe/London' })
  assert.equal(ada.email, 'ada@example.com')
  assert.equal(ada.timeZone, 'Europe/London')
  assert.equal(engine.users.byEmail('ada@example.com').id, ada.id)
  assert.equal(engine.users.byEmail('nobody@example.com'), null)
  const bob = engine.users.create({ email: 'bob@example.com', givenName: 'Bob', familyName: 'B', defaultCurrency: 'GBP' })
  const book = engine.createBook({ name: 'Home', ownerId: ada.id, defaultCurrency: 'GBP' })
  const bookId = book.id
  book.addMember(bob.id, 'viewer')
  assert.deepEqual(engine.booksOf(bob.id).map((b) => b.name), ['Home'])
  const asBob = engine.openBook(book.id, bob.id)
  assert.equal(asBob.actor, bob.id)
  assert.equal(asBob.accounts.list().length, 0)
  engine.close()
  engine.close()
  for (const call of [() => book.accounts.list(), () => asBob.id, () => engine.users.get(ada.id)]) {
    const err = thrown(call)
    assert.equal(err.code, 'ERR_INVALID_STATE')
  }
  // The file was released and holds what was written.
  const reopened = tally.Engine.open(file)
  assert.equal(reopened.openBook(bookId, ada.id).info.name, 'Home')
  reopened.close()
  assert.throws(() => new tally.Engine(), /constructor/i)
})
