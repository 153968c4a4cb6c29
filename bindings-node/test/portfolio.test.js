'use strict'
// book.portfolio: records both ways (plain objects, camelCase keys, decimal strings), a buy/sell
// with FIFO gains and holdings, returns, targets and rebalancing, a brokerage import, XIRR on a
// known case, the portfolio's error codes and events, and the Promise forms.

const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const { tally, ROOT, freshBook, thrown } = require('./helpers')

const settle = () => new Promise((resolve) => setTimeout(resolve, 20))
const INVSTMTRS = path.join(ROOT, '..', 'shared', 'data', 'crate-ofx-rs', 'tests', 'fixtures', 'invstmtrs.ofx')

/** A book with a brokerage account, gains and dividend income, and ACME (whole shares, EUR). */
function portfolioBook() {
  const f = freshBook()
  const { book } = f
  const broker = book.accounts.create({ path: 'Assets:Broker', kind: 'asset', subtype: 'investment', currency: 'EUR' })
  const gains = book.accounts.create({ path: 'Income:Gains', kind: 'income', currency: 'EUR' })
  const dividends = book.accounts.create({ path: 'Income:Dividends', kind: 'income', currency: 'EUR' })
  const acme = book.portfolio.defineSecurity({ code: 'ACME', name: 'Acme Corp', assetClass: 'stock', currency: 'EUR' })
  return { ...f, broker, gains, dividends, acme }
}

/** Two buys of 10 ACME (at 100 and 120), then a sale of 15 at 130. */
function buyAndSell(f) {
  const { book, broker, checking, gains } = f
  const first = book.portfolio.buy({ date: '2025-01-10', accountId: broker.id, security: 'ACME', quantity: '10', price: '100.00', cashAccountId: checking.id })
  const second = book.portfolio.buy({ date: '2025-06-10', accountId: broker.id, security: 'ACME', quantity: '10', price: '120.00', cashAccountId: checking.id })
  const sale = book.portfolio.sell({ date: '2026-02-01', accountId: broker.id, security: 'ACME', quantity: '15', price: '130.00', gainsAccountId: gains.id, cashAccountId: checking.id })
  return { first, second, sale }
}

test('securities and booking methods cross as the core names them', () => {
  const { book, broker, acme } = portfolioBook()
  assert.deepEqual(acme, { code: 'ACME', assetClass: 'stock', currency: 'EUR' })
  const btc = book.portfolio.defineSecurity({ code: 'XBT', name: 'Bitcoin', scale: 8, assetClass: 'crypto', currency: 'EUR' })
  assert.equal(btc.assetClass, 'crypto')
  assert.equal(book.commodities.get('XBT').scale, 8)
  assert.deepEqual(book.portfolio.securities().map((s) => s.code), ['ACME', 'XBT'])
  assert.deepEqual(book.portfolio.security('ACME'), acme)
  book.commodities.define({ code: 'GOLD', name: 'Gold', scale: 3, kind: 'other' })
  assert.deepEqual(book.portfolio.classify('GOLD', 'commodity', 'EUR'), { code: 'GOLD', assetClass: 'commodity', currency: 'EUR' })
  assert.equal(book.portfolio.bookingMethod(broker.id), 'fifo')
  book.portfolio.setBookingMethod(broker.id, 'hifo')
  assert.equal(book.portfolio.bookingMethod(broker.id), 'hifo')
  assert.equal(thrown(() => book.portfolio.setBookingMethod(broker.id, 'random')).code, 'invalid_field')
})

test('portfolio: a buy/sell with FIFO gains, lots, holdings and income', async () => {
  const f = portfolioBook()
  const { book, broker, checking, dividends } = f
  const { first, second, sale } = buyAndSell(f)
  assert.equal(typeof first.id, 'number')
  assert.equal(first.date, '2025-01-10')
  assert.deepEqual(sale.transaction, book.transactions.get(sale.transaction.id), 'the same Transaction record as everywhere')
  assert.deepEqual(sale.transaction.tags, ['invest:sell', 'security:ACME'])
  assert.equal(sale.gains.length, 2)
  const [g1, g2] = sale.gains
  assert.equal(g1.transactionId, sale.transaction.id)
  assert.deepEqual(
    [g1.acquired, g1.quantity, g1.cost, g1.proceeds, g1.gain, g1.longTerm],
    ['2025-01-10', '10', '1000.00', '1300.00', '300.00', true],
  )
  assert.deepEqual(
    [g2.acquired, g2.quantity, g2.cost, g2.proceeds, g2.gain, g2.longTerm],
    ['2025-06-10', '5', '600.00', '650.00', '50.00', false],
  )
  assert.equal(g1.holdingDays, 387)
  assert.deepEqual(book.portfolio.realizedGains().map((g) => g.gain), ['300.00', '50.00'])
  assert.deepEqual(book.portfolio.realizedGains({ longTermDays: 400 }).map((g) => g.longTerm), [false, false])
  assert.deepEqual(book.portfolio.realizedGains({ from: '2026-03-01', to: '2026-12-31' }), [])

  const lots = book.portfolio.lots({ accountId: broker.id, security: 'ACME' })
  assert.equal(lots.length, 1)
  assert.deepEqual([lots[0].acquired, lots[0].quantity, lots[0].cost, lots[0].openedBy], ['2025-06-10', '5', '600.00', second.id])
  assert.equal(book.portfolio.lots({ to: '2025-12-31' }).length, 2, 'the lots at the end of 2025')

  const report = book.portfolio.loadPrices(Buffer.from('date,symbol,price,currency\n2026-02-01,ACME,140,EUR\n'), 'prices.csv')
  assert.equal(report.added, 1)
  const request = { asOf: '2026-02-02', currency: 'EUR' }
  const holdings = book.portfolio.holdings(request)
  assert.equal(holdings.rows.length, 1)
  const [row] = holdings.rows
  assert.deepEqual([row.security, row.assetClass, row.quantity, row.cost, row.marketValue], ['ACME', 'stock', '5', '600.00', '700.00'])
  assert.deepEqual([holdings.totalValue, holdings.totalCost, holdings.totalUnrealizedGain], ['700.00', '600.00', '100.00'])
  assert.deepEqual(holdings.missing, [])
  assert.deepEqual(await book.portfolio.holdingsAsync(request), holdings)
  const stale = book.portfolio.holdings({ asOf: '2026-03-01', currency: 'EUR' })
  assert.equal(stale.missing.length, 1, 'a price older than 7 days is missing, not zero')
  assert.equal(stale.missing[0].security, 'ACME')
  assert.equal(book.portfolio.holdings({ asOf: '2026-03-01', currency: 'EUR', maxPriceAgeDays: 60 }).missing.length, 0)

  const div = book.portfolio.incomeReceived({ kind: 'dividend', date: '2026-02-15', accountId: broker.id, security: 'ACME', amount: '12.34', incomeAccountId: dividends.id, cashAccountId: checking.id })
  assert.equal(div.date, '2026-02-15')
  // A row names the account that received the income (here the cash account).
  assert.deepEqual(book.portfolio.income('2026-01-01', '2026-12-31'), [
    { accountId: checking.id, security: 'ACME', kind: 'dividend', amount: '12.34', currency: 'EUR', count: 1 },
  ])
  assert.deepEqual(book.portfolio.operations('buy'), [first.id, second.id])
  assert.deepEqual(book.portfolio.operations('sell'), [sale.transaction.id])
  assert.deepEqual(book.portfolio.operations('dividend'), [div.id])
  assert.deepEqual(book.portfolio.issues(), [])
})

test('portfolio: other operations (split, reinvest, fee, transfer in kind, return of capital)', () => {
  const f = portfolioBook()
  const { book, broker, checking, dividends, groceries } = f
  const ira = book.accounts.create({ path: 'Assets:Ira', kind: 'asset', subtype: 'retirement', currency: 'EUR' })
  book.portfolio.buy({ date: '2025-01-10', accountId: broker.id, security: 'ACME', quantity: '10', price: '100.00', fees: '5.00', cashAccountId: checking.id })
  book.portfolio.split({ date: '2025-02-01', security: 'ACME', ratio: '2' })
  assert.deepEqual(book.portfolio.lots().map((l) => [l.quantity, l.cost]), [['20', '1005.00']])
  book.portfolio.reinvest({ date: '2025-03-01', accountId: broker.id, security: 'ACME', amount: '50.00', quantity: '1', incomeAccountId: dividends.id })
  book.portfolio.fee({ date: '2025-03-02', accountId: broker.id, amount: '2.00', expenseAccountId: groceries.id })
  book.portfolio.transferInKind({ date: '2025-04-01', fromAccountId: broker.id, toAccountId: ira.id, security: 'ACME', quantity: '5' })
  assert.deepEqual(book.portfolio.lots({ accountId: ira.id }).map((l) => [l.quantity, l.acquired]), [['5', '2025-01-10']])
  book.portfolio.returnOfCapital({ date: '2025-05-01', accountId: ira.id, security: 'ACME', amount: '10.00', cashAccountId: checking.id })
  const [ira5] = book.portfolio.lots({ accountId: ira.id })
  assert.ok(Number(ira5.cost) < 251.25 + 0.001, ira5.cost)
  for (const kind of ['split', 'reinvest', 'fee', 'transfer', 'return_of_capital']) {
    assert.equal(book.portfolio.operations(kind).length, 1, kind)
  }
})

test('portfolio: returns, targets, allocation and rebalancing', async () => {
  const f = portfolioBook()
  const { book, broker, checking, gains } = f
  const events = []
  book.subscribe((e) => events.push(e))
  book.portfolio.defineSecurity({ code: 'VBND', name: 'Bonds', assetClass: 'bond', currency: 'EUR' })
  book.portfolio.buy({ date: '2025-01-02', accountId: broker.id, security: 'ACME', quantity: '10', price: '100.00', cashAccountId: checking.id })
  book.portfolio.buy({ date: '2025-01-02', accountId: broker.id, security: 'VBND', quantity: '10', price: '100.00', cashAccountId: checking.id })
  book.portfolio.loadPrices(Buffer.from('date,symbol,price,currency\n2025-01-02,ACME,100,EUR\n2025-01-02,VBND,100,EUR\n2025-12-31,ACME,130,EUR\n2025-12-31,VBND,100,EUR\n'), 'p.csv')

  const request = { from: '2025-01-01', to: '2025-12-31', currency: 'EUR', accountId: broker.id }
  const returns = book.portfolio.returns(request)
  assert.equal(Number(returns.endValue), 2300)
  assert.equal(returns.contributions, '2000.00')
  assert.equal(returns.simple.status, 'ok')
  assert.equal(typeof returns.simple.rate, 'string', 'rates are decimal strings')
  assert.ok(Math.abs(Number(returns.timeWeighted.rate) - 0.15) < 1e-9, returns.timeWeighted.rate)
  assert.deepEqual(await book.portfolio.returnsAsync(request), returns)

  const targets = [
    { key: { kind: 'asset_class', value: 'stock' }, percent: '50' },
    { key: { kind: 'security', value: 'VBND' }, percent: '50' },
  ]
  book.portfolio.setTargets(broker.id, targets)
  const byKey = (list) => [...list].sort((a, b) => JSON.stringify(a.key).localeCompare(JSON.stringify(b.key)))
  assert.deepEqual(byKey(book.portfolio.targets(broker.id)), byKey(targets))
  assert.deepEqual(book.portfolio.targets(), [])
  const allocation = book.portfolio.allocation({ asOf: '2025-12-31', currency: 'EUR', accountId: broker.id })
  assert.equal(Number(allocation.totalValue), 2300)
  assert.equal(allocation.rows.length, 2)
  const plan = book.portfolio.rebalance({ accountId: broker.id, asOf: '2025-12-31', currency: 'EUR' })
  assert.equal(Number(plan.before.totalValue), 2300)
  assert.ok(plan.trades.some((t) => t.security === 'ACME' && t.side === 'sell'), JSON.stringify(plan.trades))
  assert.equal(typeof plan.withinTolerance, 'boolean')
  assert.equal(book.portfolio.lots().length, 2, 'a plan writes nothing')
  const withCash = book.portfolio.rebalance({ accountId: broker.id, asOf: '2025-12-31', currency: 'EUR', newCash: '300.00' })
  assert.ok(withCash.trades.every((t) => t.side === 'buy'), JSON.stringify(withCash.trades))

  book.portfolio.setBookingMethod(broker.id, 'lifo')
  for (let waited = 0; !events.some((e) => e.kind === 'booking_method_set') && waited < 2000; waited += 10) await settle()
  assert.deepEqual(events.filter((e) => ['security_defined', 'booking_method_set', 'targets_set'].includes(e.kind)), [
    { kind: 'security_defined', code: 'VBND' },
    { kind: 'targets_set', accountId: broker.id, count: 2 },
    { kind: 'booking_method_set', accountId: broker.id, method: 'lifo' },
  ])
  const audit = book.auditLog({ limit: 500 }).items.map((e) => e.entity)
  for (const entity of ['security', 'allocation_target', 'booking_method']) assert.ok(audit.includes(entity), entity)
  assert.ok(gains.id > 0)
})

test('portfolio: an OFX investment statement imports, by file and by statement', { skip: !fs.existsSync(INVSTMTRS) && 'shared data missing' }, async () => {
  const { engine, book } = freshBook()
  const account = (p, kind, subtype) => book.accounts.create({ path: p, kind, currency: 'USD', ...(subtype ? { subtype } : {}) }).id
  const options = {
    accountId: account('Assets:Broker', 'asset', 'investment'),
    incomeAccountId: account('Income:Dividends', 'income'),
    gainsAccountId: account('Income:Gains', 'income'),
    feesAccountId: account('Expenses:Fees', 'expense'),
    transferAccountId: account('Equity:Transfers', 'equity'),
  }
  const report = await book.portfolio.importFileAsync(INVSTMTRS, options)
  assert.deepEqual(
    [report.statements, report.securitiesDefined, report.transactionsAdded, report.skipped.length],
    [1, 1, 1, 1],
  )
  assert.equal(typeof report.skipped[0].message, 'string')
  assert.deepEqual(book.portfolio.lots().map((l) => [l.security, l.quantity, l.cost]), [['SEC-123456789', '100.0000', '5025.00']])
  const again = book.portfolio.importFile(fs.readFileSync(INVSTMTRS), options, 'invstmtrs.ofx')
  assert.equal(again.transactionsAdded, 0, 'imported once')

  // The same statement, as imports.parse reads it, into a second book.
  const other = engine.createBook({ name: 'Other', ownerId: engine.users.byEmail('ada@example.com').id, defaultCurrency: 'USD' })
  const broker = other.accounts.create({ path: 'Assets:Broker', kind: 'asset', subtype: 'investment', currency: 'USD' }).id
  const ids = [broker, ...['Income:Dividends', 'Income:Gains'].map((p) => other.accounts.create({ path: p, kind: 'income', currency: 'USD' }).id)]
  const [statement] = other.imports.parse(INVSTMTRS).filter((s) => s.investments.length > 0)
  const byStatement = other.portfolio.importStatement(statement, { accountId: ids[0], incomeAccountId: ids[1], gainsAccountId: ids[2] })
  assert.equal(byStatement.securitiesDefined, 1)
  assert.equal(other.portfolio.lots().length, 1)
})

test('xirr, xirrDecimal and xnpv on known cases', () => {
  // Excel's XIRR example: 0.373362535.
  const flows = [
    { date: '2008-01-01', amount: '-10000' },
    { date: '2008-03-01', amount: '2750' },
    { date: '2008-10-30', amount: '4250' },
    { date: '2009-02-15', amount: '3250' },
    { date: '2009-04-01', amount: '2750' },
  ]
  const rate = tally.xirr(flows)
  assert.ok(Math.abs(rate - 0.373362535) < 1e-8, String(rate))
  assert.match(tally.xirrDecimal(flows), /^0\.3733625\d+$/)
  assert.ok(Math.abs(tally.xnpv(rate, flows)) < 1e-6)
  // Excel's XNPV example at 9 %: 2086.65.
  assert.ok(Math.abs(tally.xnpv(0.09, flows) - 2086.647602) < 1e-4)
  // -100 then +110 a year later: 2020 has 366 days, so under act_365f the rate is below 10 %.
  const year = [{ date: '2020-01-01', amount: '-100' }, { date: '2021-01-01', amount: '110' }]
  assert.ok(Math.abs(tally.xirr(year) - 0.09971) < 1e-4)
  assert.ok(Math.abs(tally.xirr(year, 'act_act_isda') - 0.1) < 1e-9)
  assert.equal(tally.xirr([{ date: '2020-01-01', amount: '100' }, { date: '2021-01-01', amount: '110' }]), null, 'no sign change: no rate')
  assert.equal(tally.xnpv(-1, year), null)
  assert.throws(() => tally.xirr([{ date: '2020-01-01', amount: -100 }]), { name: 'TypeError', field: 'flows[0].amount' })
  assert.throws(() => tally.xirr(year, 'act_999'), { code: 'invalid_field', field: 'day_count' })
})

test('portfolio error codes: insufficient_quantity, lot_not_found, not_a_security, invalid_targets', async () => {
  const f = portfolioBook()
  const { book, broker, gains, checking } = f
  buyAndSell(f)
  const sell = (extra) => ({ date: '2026-03-01', accountId: broker.id, security: 'ACME', quantity: '6', price: '1.00', gainsAccountId: gains.id, cashAccountId: checking.id, ...extra })
  const cases = [
    ['insufficient_quantity', () => book.portfolio.sell(sell())],
    ['lot_not_found', () => book.portfolio.sell(sell({ quantity: '1', lots: [{ lotId: 999, quantity: '1' }] }))],
    ['not_a_security', () => book.portfolio.security('EUR')],
    ['not_a_security', () => book.portfolio.classify('EUR', 'cash', 'EUR')],
    ['invalid_targets', () => book.portfolio.setTargets(null, [{ key: { kind: 'security', value: 'ACME' }, percent: '90' }])],
    ['invalid_targets', () => book.portfolio.rebalance({ accountId: broker.id, asOf: '2026-03-01', currency: 'EUR' })],
    ['account_not_found', () => book.portfolio.bookingMethod(broker.id) && book.portfolio.setBookingMethod(999, 'fifo')],
    ['invalid_field', () => book.portfolio.returns({ from: '2026-03-01', to: '2026-01-01', currency: 'EUR' })],
  ]
  for (const [code, call] of cases) {
    const err = thrown(call)
    assert.ok(err instanceof Error, code)
    assert.equal(err.code, code, `${code}: ${err.message}`)
    assert.ok(err.kind)
  }
  const kinds = new Map(tally.errorCodes().map((e) => [e.code, e.kind]))
  for (const code of ['insufficient_quantity', 'lot_not_found', 'not_a_security', 'invalid_targets']) assert.ok(kinds.has(code), code)
  // Amounts stay decimal strings: a JS number is the boundary's TypeError, naming the field.
  assert.throws(() => book.portfolio.buy({ date: '2026-03-01', accountId: broker.id, security: 'ACME', quantity: '1', price: 1.5 }), {
    name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE', field: 'request.price',
  })
  assert.throws(() => book.portfolio.holdings({ asOf: 'yesterday', currency: 'EUR' }), { code: 'invalid_field' })
  await assert.rejects(book.portfolio.returnsAsync({ from: '2026-01-01', to: '2026-02-01', currency: 'EUR', security: 'NOPE' }), { code: 'not_a_security' })
  await assert.rejects(book.portfolio.importFileAsync(Buffer.from('not a brokerage file'), { accountId: broker.id, incomeAccountId: gains.id, gainsAccountId: gains.id }), (err) => {
    assert.equal(err.kind, 'import')
    return true
  })
})
