'use strict'
// The Promise forms (run on the libuv pool), a timer that keeps ticking while 100,000
// transactions are written, several async tasks on one book at once, and the event callback,
// including events raised by async calls on pool threads.

const test = require('node:test')
const assert = require('node:assert/strict')
const { freshBook, expenses } = require('./helpers')

const tick = () => new Promise((resolve) => setImmediate(resolve))

/** Waits until `check()` is true, for at most `ms` milliseconds. */
async function until(check, ms = 2000) {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting')
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

test('every Promise form resolves to what its sync form returns', async () => {
  const { book, checking, groceries, salary } = freshBook()
  const ids = await book.transactions.addBatchAsync(expenses(50, checking.id, groceries.id))
  assert.equal(ids.length, 50)
  book.transactions.income('2026-01-01', checking.id, salary.id, '5000', 'Employer')
  book.accounts.addAssertion({ accountId: checking.id, date: '2026-12-31', amount: '0' })
  const page = { limit: 7, order: 'ascending' }
  assert.deepEqual(await book.transactions.searchAsync({ text: 'shop 1' }, page), book.transactions.search({ text: 'shop 1' }, page))
  assert.deepEqual(await book.accounts.balancesAsync({ asOf: '2026-01-20' }), book.accounts.balances({ asOf: '2026-01-20' }))
  assert.deepEqual(await book.accounts.balancesAsync(), book.accounts.balances())
  assert.deepEqual(await book.accounts.registerAsync(checking.id, { limit: 5 }), book.accounts.register(checking.id, { limit: 5 }))
  assert.deepEqual(await book.accounts.checkAssertionsAsync(), book.accounts.checkAssertions())
  assert.deepEqual(
    await book.reports.spendingByCategoryAsync('2026-01-01', '2026-01-31'),
    book.reports.spendingByCategory('2026-01-01', '2026-01-31'),
  )
  assert.deepEqual(
    await book.reports.incomeByCategoryAsync('2026-01-01', '2026-12-31'),
    book.reports.incomeByCategory('2026-01-01', '2026-12-31'),
  )
  assert.deepEqual(await book.auditLogAsync({ limit: 3 }), book.auditLog({ limit: 3 }))
})

test('a timer keeps ticking during a 100,000-transaction addBatchAsync', async (t) => {
  const { book, checking, groceries } = freshBook()
  const batch = expenses(100_000, checking.id, groceries.id)
  let ticks = 0
  let last = performance.now()
  let longestGapMs = 0
  const timer = setInterval(() => {
    const now = performance.now()
    longestGapMs = Math.max(longestGapMs, now - last)
    last = now
    ticks += 1
  }, 5)
  const started = performance.now()
  const pending = book.transactions.addBatchAsync(batch)
  // The call returned: the arguments were read on this thread, the writing is queued.
  const handedOver = performance.now()
  last = handedOver
  longestGapMs = 0
  const ids = await pending
  const finished = performance.now()
  clearInterval(timer)
  assert.equal(ids.length, 100_000)
  assert.equal(book.transactions.search({}, { limit: 1 }).total, 100_000)
  const workMs = finished - handedOver
  t.diagnostic(
    `reading the arguments: ${(handedOver - started).toFixed(0)} ms on the JS thread; ` +
      `writing: ${workMs.toFixed(0)} ms on the pool, ${ticks} ticks of a 5 ms timer, ` +
      `longest gap ${longestGapMs.toFixed(1)} ms`,
  )
  // The writing takes hundreds of milliseconds; a blocked loop would tick once, at the end.
  assert.ok(ticks >= 10, `only ${ticks} ticks in ${workMs.toFixed(0)} ms`)
  assert.ok(longestGapMs < workMs / 2, `a gap of ${longestGapMs} ms in ${workMs} ms`)
})

test('several async tasks on one book at once', async () => {
  const { book, checking, groceries, dining } = freshBook()
  const writes = [0, 1, 2, 3].map((k) =>
    book.transactions.addBatchAsync(expenses(2_000, checking.id, k % 2 ? dining.id : groceries.id, `w${k}`)),
  )
  const reads = [
    book.accounts.balancesAsync(),
    book.transactions.searchAsync({ text: 'shop' }),
    book.reports.spendingByCategoryAsync('2026-01-01', '2026-12-31'),
    book.accounts.registerAsync(checking.id, { limit: 10 }),
  ]
  const [written, read] = await Promise.all([Promise.all(writes), Promise.all(reads)])
  assert.deepEqual(written.map((ids) => ids.length), [2000, 2000, 2000, 2000])
  assert.equal(new Set(written.flat()).size, 8000, 'ids are distinct across concurrent batches')
  assert.ok(Array.isArray(read[0]))
  // Everything landed, and the books balance to the cent.
  const total = book.accounts.balances().find((b) => b.path === 'Assets:Bank:Checking').total
  const spent = (await book.reports.spendingByCategoryAsync('2026-01-01', '2026-12-31')).find((c) => c.path === 'Expenses').total
  assert.equal(total, `-${spent}`)
  // An idempotent retry of one batch, concurrently with a search, adds nothing.
  const [again] = await Promise.all([
    book.transactions.addBatchAsync(expenses(2_000, checking.id, groceries.id, 'w0')),
    book.transactions.searchAsync(),
  ])
  assert.deepEqual(again, written[0])
  assert.equal(book.transactions.search({}, { limit: 1 }).total, 8000)
})

test('book.subscribe delivers core events from sync and async calls, in order', async () => {
  const { engine, user, book, checking, groceries } = freshBook()
  const events = []
  const id = book.subscribe((event) => events.push(event))
  const other = engine.createBook({ name: 'Other', ownerId: user.id, defaultCurrency: 'EUR' })
  other.accounts.create({ path: 'Assets:Elsewhere', kind: 'asset', currency: 'EUR' })
  const created = book.accounts.create({ path: 'Assets:Cash', kind: 'asset', currency: 'EUR' })
  const tx = book.transactions.expense('2026-01-02', checking.id, groceries.id, '4.20', 'Kiosk')
  const ids = await book.transactions.addBatchAsync(expenses(3, checking.id, groceries.id))
  book.transactions.delete(tx.id)
  book.transactions.restore(tx.id)
  book.commodities.define({ code: 'BTC', name: 'Bitcoin', scale: 8, kind: 'crypto' })
  await until(() => events.length >= 6)
  assert.deepEqual(events, [
    { kind: 'accounts_created', ids: [created.id] },
    { kind: 'transactions_added', ids: [tx.id] },
    { kind: 'transactions_added', ids },
    { kind: 'transaction_deleted', id: tx.id },
    { kind: 'transaction_restored', id: tx.id },
    { kind: 'commodity_defined', code: 'BTC' },
  ])
  assert.equal(book.unsubscribe(id), true)
  assert.equal(book.unsubscribe(id), false)
  book.accounts.create({ path: 'Assets:After', kind: 'asset', currency: 'EUR' })
  await tick()
  await new Promise((resolve) => setTimeout(resolve, 20))
  assert.equal(events.length, 6, 'no events after unsubscribe')
})

test('events of concurrent async writes all arrive, one per call', async () => {
  const { book, checking, groceries } = freshBook()
  const seen = []
  // Imported lines also raise categorization and alert events; only the additions count here.
  book.subscribe((event) => event.kind === 'transactions_added' && seen.push(event))
  const batches = await Promise.all(
    [0, 1, 2, 3, 4].map((k) => book.transactions.addBatchAsync(expenses(100, checking.id, groceries.id, `e${k}`))),
  )
  await until(() => seen.length >= 5)
  assert.equal(seen.length, 5)
  const got = seen.map((e) => e.ids.join(',')).sort()
  assert.deepEqual(got, batches.map((ids) => ids.join(',')).sort())
})
