'use strict'
// Multi-currency: book.rates (add, addMany, load from a path or a Buffer, list, delete, lookup,
// convert), transactions.exchange and fxAccount, balancesIn, netWorth, the category reports in
// a reporting currency, fxGain, their Promise forms, errors of rate files and the
// rates_changed event. The ECB files are ../shared/data/ecb beside the repository root.

const test = require('node:test')
const assert = require('node:assert/strict')
const path = require('node:path')
const { ROOT, freshBook, thrown } = require('./helpers')

const ECB = path.join(ROOT, '..', 'shared', 'data', 'ecb')
const HISTORY = path.join(ECB, 'eurofxref-hist.zip')
const ONE_DAY = path.join(ECB, 'eurofxref.csv')

/** Waits until `check()` is true, for at most `ms` milliseconds. */
async function until(check, ms = 2000) {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting')
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

const manual = (base, quote, date, rate) => ({ base, quote, date, rate, source: 'manual' })

/**
 * A EUR book with USD and CHF accounts (no CHF rates), manual EUR/USD rates on 2026-10-01 (1.0)
 * and 2026-10-30 (1.1172), and a month of activity.
 */
function multiCurrencyBook() {
  const f = freshBook()
  const { book, checking } = f
  const acc = (p, kind, currency) => book.accounts.create({ path: p, kind, currency })
  const usd = acc('Assets:Bank:USD', 'asset', 'USD')
  const chf = acc('Assets:Bank:CHF', 'asset', 'CHF')
  const eqEur = acc('Equity:Opening:EUR', 'equity', 'EUR')
  const eqUsd = acc('Equity:Opening:USD', 'equity', 'USD')
  const eqChf = acc('Equity:Opening:CHF', 'equity', 'CHF')
  const travel = acc('Expenses:Travel', 'expense', 'USD')
  const freelance = acc('Income:Freelance', 'income', 'USD')
  const card = acc('Liabilities:Card', 'liability', 'USD')
  book.rates.addMany([manual('EUR', 'USD', '2026-10-01', '1.0'), manual('EUR', 'USD', '2026-10-30', '1.1172')])
  book.transactions.transfer('2026-10-01', eqEur.id, checking.id, '1000')
  book.transactions.transfer('2026-10-01', eqUsd.id, usd.id, '500')
  book.transactions.transfer('2026-10-01', eqChf.id, chf.id, '200')
  book.transactions.expense('2026-10-01', usd.id, travel.id, '50', 'Hotel')
  book.transactions.income('2026-10-30', usd.id, freelance.id, '200', 'Client')
  book.transactions.expense('2026-10-30', card.id, travel.id, '30', 'Taxi')
  return { ...f, usd, chf, travel, freelance, card }
}

test('add, addMany, list, delete: rates cross as exact decimal strings', () => {
  const { book } = freshBook()
  const first = book.rates.add(manual('EUR', 'USD', '2026-10-30', '1.11720'))
  assert.deepEqual(first, {
    read: 1,
    added: 1,
    replaced: 0,
    unchanged: 0,
    missing: 0,
    skippedUnknown: 0,
    unknownCommodities: [],
  })
  assert.equal(first.format, undefined, 'no format for rates added by hand')
  const many = book.rates.addMany([
    manual('EUR', 'USD', '2026-10-30', '1.1172'),
    manual('EUR', 'USD', '2026-10-29', '1.1150'),
    manual('EUR', 'JPY', '2026-10-30', '175.68'),
  ])
  assert.deepEqual([many.read, many.added, many.replaced, many.unchanged], [3, 2, 0, 1])
  assert.equal(book.rates.add(manual('EUR', 'USD', '2026-10-29', '1.12')).replaced, 1)

  const all = book.rates.list()
  assert.deepEqual(all, [
    { base: 'EUR', quote: 'JPY', date: '2026-10-30', rate: '175.68', source: 'manual' },
    { base: 'EUR', quote: 'USD', date: '2026-10-29', rate: '1.12', source: 'manual' },
    { base: 'EUR', quote: 'USD', date: '2026-10-30', rate: '1.1172', source: 'manual' },
  ])
  assert.equal(Object.getPrototypeOf(all[0]), Object.prototype)
  assert.deepEqual(book.rates.list({ quote: 'USD', from: '2026-10-30' }).map((r) => r.date), ['2026-10-30'])
  assert.deepEqual(book.rates.list({ base: 'EUR', to: '2026-10-29' }).map((r) => r.quote), ['USD'])
  assert.deepEqual(book.rates.list({ base: 'USD' }), [])

  // A rate with more digits than a double holds exactly survives the round trip.
  book.commodities.define({ code: 'BTC', name: 'Bitcoin', scale: 8, kind: 'crypto' })
  book.rates.add({ base: 'BTC', quote: 'EUR', date: '2026-10-30', rate: '61234.123456789012345', source: 'exchange' })
  assert.equal(book.rates.list({ base: 'BTC' })[0].rate, '61234.123456789012345')

  assert.equal(book.rates.delete('EUR', 'USD', '2026-10-29'), undefined)
  assert.deepEqual(book.rates.list({ quote: 'USD' }).map((r) => r.date), ['2026-10-30'])
  const gone = thrown(() => book.rates.delete('EUR', 'USD', '2026-10-29'))
  assert.equal(gone.code, 'rate_not_found')
  assert.equal(gone.kind, 'not_found')
  // All or nothing: one bad rate in a batch keeps none, and its field names the index.
  const bad = thrown(() => book.rates.addMany([manual('EUR', 'GBP', '2026-10-30', '0.8338'), manual('EUR', 'ZZZ', '2026-10-30', '1')]))
  assert.equal(bad.code, 'unknown_commodity')
  assert.equal(bad.field, 'rates[1].quote')
  assert.deepEqual(book.rates.list({ quote: 'GBP' }), [])
  assert.equal(thrown(() => book.rates.add(manual('EUR', 'USD', '2026-10-30', '0'))).field, 'rate')
  assert.equal(thrown(() => book.rates.add(manual('EUR', 'USD', '30.10.2026', '1'))).field, 'date')
  assert.equal(thrown(() => book.rates.addMany([manual('EUR', 'USD', '2026-10-30', '1'), manual('EUR', 'USD', '2026-13-01', '1')])).field, 'rates[1].date')
  assert.equal(thrown(() => book.rates.list({ from: 'today' })).field, 'from')
})

test('lookup: the day or the latest before it, inverses, chains, limits', () => {
  const { book } = freshBook()
  book.rates.addMany([manual('EUR', 'USD', '2026-10-30', '1.1172'), manual('EUR', 'JPY', '2026-10-30', '175.68')])
  const direct = book.rates.lookup('EUR', 'USD', '2026-10-30')
  assert.deepEqual(direct, {
    base: 'EUR',
    quote: 'USD',
    date: '2026-10-30',
    rate: '1.1172',
    path: [{ from: 'EUR', to: 'USD', date: '2026-10-30', storedRate: '1.1172', inverted: false, source: 'manual' }],
    oldest: '2026-10-30',
    ageDays: 0,
  })
  const inverse = book.rates.lookup('USD', 'EUR', '2026-11-02')
  assert.equal(inverse.path.length, 1)
  assert.equal(inverse.path[0].inverted, true)
  assert.equal(inverse.ageDays, 3)
  assert.match(inverse.rate, /^0\.895094880057286/)
  const same = book.rates.lookup('EUR', 'EUR', '2026-10-30')
  assert.deepEqual([same.rate, same.path, same.ageDays], ['1', [], 0])
  const stale = thrown(() => book.rates.lookup('EUR', 'USD', '2026-11-02', { maxAgeDays: 2 }))
  assert.equal(stale.code, 'stale_rate')
  assert.equal(stale.kind, 'not_found')
  assert.match(stale.message, /3 days old; the limit is 2 days/)
  assert.equal(book.rates.lookup('EUR', 'USD', '2026-11-02', { maxAgeDays: 3 }).ageDays, 3)
  const none = thrown(() => book.rates.lookup('EUR', 'USD', '2026-10-29'))
  assert.equal(none.code, 'no_rate')
  assert.match(none.message, /the first is on 2026-10-30/)
  assert.equal(thrown(() => book.rates.lookup('EUR', 'XYZ', '2026-10-30')).code, 'unknown_commodity')
  assert.equal(thrown(() => book.rates.lookup('EUR', 'CHF', '2026-10-30')).code, 'no_rate', 'never 1:1')
})

test('convert: exact figure, rounding to minor units, options', () => {
  const { book } = freshBook()
  book.rates.addMany([manual('EUR', 'USD', '2026-10-30', '1.5'), manual('EUR', 'JPY', '2026-10-30', '175.68')])
  const c = book.rates.convert('0.05', 'EUR', 'USD', '2026-10-30')
  assert.deepEqual([c.fromAmount, c.from, c.to, c.exact, c.amount], ['0.05', 'EUR', 'USD', '0.075', '0.08'])
  assert.equal(c.quote.rate, '1.5')
  const rounded = (rounding) => book.rates.convert('0.05', 'EUR', 'USD', '2026-10-30', { rounding }).amount
  assert.deepEqual(
    ['half_even', 'half_up', 'half_down', 'toward_zero', 'away_from_zero', 'floor', 'ceiling'].map(rounded),
    ['0.08', '0.08', '0.07', '0.07', '0.08', '0.07', '0.08'],
  )
  assert.equal(book.rates.convert('-0.05', 'EUR', 'USD', '2026-10-30', { rounding: 'floor' }).amount, '-0.08')
  // Round trip over a stored rate gives the amount back exactly.
  assert.equal(book.rates.convert('150', 'USD', 'EUR', '2026-10-30').amount, '100.00')
  assert.equal(book.rates.convert('100', 'EUR', 'JPY', '2026-10-31').amount, '17568')
  assert.equal(thrown(() => book.rates.convert('100', 'EUR', 'JPY', '2026-11-02', { maxAgeDays: 1 })).code, 'stale_rate')
  const decimals = thrown(() => book.rates.convert('1.001', 'EUR', 'USD', '2026-10-30'))
  assert.equal(decimals.code, 'too_many_decimals')
  assert.equal(decimals.field, 'amount')
  assert.equal(thrown(() => book.rates.convert('1,5', 'EUR', 'USD', '2026-10-30')).code, 'invalid_amount')
  assert.throws(() => book.rates.convert('1', 'EUR', 'USD', '2026-10-30', { rounding: 'bankers' }))
})

test('a JS number where an amount or a rate belongs is a TypeError naming the field', () => {
  const { book, checking } = freshBook()
  const usd = book.accounts.create({ path: 'Assets:USD', kind: 'asset', currency: 'USD' })
  const calls = {
    rate: () => book.rates.add({ base: 'EUR', quote: 'USD', date: '2026-10-30', rate: 1.1172, source: 'manual' }),
    'rates[1].rate': () => book.rates.addMany([manual('EUR', 'USD', '2026-10-29', '1.1'), { ...manual('EUR', 'USD', '2026-10-30', '1'), rate: 1.1 }]),
    amount: () => book.rates.convert(100, 'EUR', 'USD', '2026-10-30'),
    received: () => book.transactions.exchange({ date: '2026-10-30', from: checking.id, to: usd.id, received: 111.72 }),
  }
  for (const [field, call] of Object.entries(calls)) {
    const err = thrown(call)
    assert.ok(err instanceof TypeError, field)
    assert.equal(err.code, 'ERR_INVALID_ARG_TYPE')
    assert.equal(err.field, field)
    assert.match(err.message, /decimal strings/)
  }
  const exchangeRate = thrown(() => book.transactions.exchange({ date: '2026-10-30', from: checking.id, to: usd.id, amount: '100', rate: 1.1 }))
  assert.equal(exchangeRate.field, 'rate')
  // The Promise form reads its arguments first: the TypeError is thrown, nothing is queued.
  assert.throws(() => book.rates.addManyAsync([{ ...manual('EUR', 'USD', '2026-10-30', '1'), rate: 2 }]), {
    name: 'TypeError',
    code: 'ERR_INVALID_ARG_TYPE',
    field: 'rate',
  })
  assert.deepEqual(book.rates.list(), [])
})

test('the ECB history zip: facts, cross rates, staleness, and a re-load adds nothing', async (t) => {
  const { book } = freshBook()
  const report = book.rates.load(HISTORY)
  t.diagnostic(`loaded ${report.added} of ${report.read} rates`)
  assert.equal(report.format, 'ecb_zip')
  assert.equal(report.read, 221702)
  assert.equal(report.replaced, 0)
  assert.ok(report.missing > 0, 'N/A cells are counted')
  for (const code of ['CYP', 'EEK', 'LTL', 'LVL', 'MTL', 'ROL', 'SIT', 'SKK', 'TRL']) {
    assert.ok(report.unknownCommodities.includes(code), code)
  }
  assert.deepEqual([...report.unknownCommodities].sort(), report.unknownCommodities)
  assert.equal(report.added + report.skippedUnknown, report.read)

  assert.equal(book.rates.lookup('EUR', 'USD', '2026-10-30').rate, '1.1172')
  const saturday = book.rates.lookup('EUR', 'USD', '2026-10-31')
  assert.equal(saturday.rate, '1.1172')
  assert.equal(saturday.path[0].date, '2026-10-30', 'Saturday uses Friday')
  assert.equal(saturday.ageDays, 1)
  const cross = book.rates.lookup('USD', 'JPY', '2026-10-30')
  assert.deepEqual(
    cross.path.map((l) => [l.from, l.to, l.storedRate, l.inverted, l.source]),
    [
      ['USD', 'EUR', '1.1172', true, 'ecb'],
      ['EUR', 'JPY', '175.68', false, 'ecb'],
    ],
  )
  assert.equal(book.rates.convert('100', 'USD', 'JPY', '2026-10-30').amount, '15725')
  assert.equal(book.rates.lookup('EUR', 'BGN', '2025-12-31').path[0].date, '2025-12-31')
  await assert.rejects(async () => book.rates.lookup('EUR', 'RUB', '2022-03-20'), { code: 'stale_rate', kind: 'not_found' })
  assert.equal(book.rates.lookup('EUR', 'RUB', '2022-03-01').path[0].date, '2022-03-01')
  assert.equal(thrown(() => book.rates.lookup('EUR', 'USD', '1998-12-31')).code, 'no_rate')

  const again = book.rates.load(HISTORY)
  assert.deepEqual([again.added, again.replaced, again.unchanged], [0, 0, report.added])
  const day = book.rates.load(ONE_DAY)
  assert.deepEqual([day.format, day.read, day.added, day.unchanged], ['ecb_csv', 29, 0, 29])
})

test('the ECB one-day CSV, from a path and as a Buffer; plain CSV with sources', () => {
  const { book } = freshBook()
  const report = book.rates.load(ONE_DAY)
  assert.deepEqual(report, {
    format: 'ecb_csv',
    read: 29,
    added: 29,
    replaced: 0,
    unchanged: 0,
    missing: 0,
    skippedUnknown: 0,
    unknownCommodities: [],
  })
  assert.deepEqual(book.rates.list({ quote: 'USD' }), [{ base: 'EUR', quote: 'USD', date: '2026-10-30', rate: '1.1172', source: 'ecb' }])
  assert.equal(book.rates.lookup('EUR', 'JPY', '2026-10-30').rate, '175.68')
  const fs = require('node:fs')
  const other = freshBook('bob@example.com').book
  const fromBuffer = other.rates.load(fs.readFileSync(ONE_DAY), { source: 'ecb-daily' })
  assert.equal(fromBuffer.added, 29)
  assert.equal(other.rates.list({ quote: 'GBP' })[0].source, 'ecb-daily')

  const plain = Buffer.from('date,base,quote,rate,source\n2026-10-30,USD,CHF,0.8230,bank\n2026-10-29,USD,CHF,0.8210,\n')
  const loaded = book.rates.load(plain, { fileName: 'chf.csv' })
  assert.deepEqual([loaded.format, loaded.added], ['csv', 2])
  assert.deepEqual(
    book.rates.list({ base: 'USD' }).map((r) => [r.date, r.rate, r.source]),
    [
      ['2026-10-29', '0.821', 'chf.csv'],
      ['2026-10-30', '0.823', 'bank'],
    ],
  )
  // A forced format that does not fit the content is refused.
  const forced = thrown(() => book.rates.load(plain, { format: 'ecb_zip' }))
  assert.equal(forced.code, 'unreadable_file')
})

test('a malformed CSV throws malformed_line with file and line, and nothing is kept', () => {
  const { book } = freshBook()
  const events = []
  book.subscribe((e) => events.push(e))
  const csv = Buffer.from('date,base,quote,rate\n2026-10-28,EUR,USD,1.10\n2026-10-29,EUR,USD,1.11\n2026-10-30,EUR,USD,1,1172\n')
  const err = thrown(() => book.rates.load(csv))
  assert.ok(err instanceof Error)
  assert.equal(err.code, 'malformed_line')
  assert.equal(err.kind, 'import')
  assert.equal(err.file, 'input')
  assert.equal(err.line, 4)
  assert.equal(err.field, 'row')
  assert.match(err.message, /^input:4: /)
  assert.deepEqual(book.rates.list(), [], 'nothing of the load is kept')
  const named = thrown(() => book.rates.load(Buffer.from('date,base,quote,rate\n2026-10-30,EUR,USD,abc\n'), { fileName: 'usd.csv' }))
  assert.deepEqual([named.code, named.file, named.line, named.field], ['malformed_line', 'usd.csv', 2, 'rate'])

  const missing = path.join(ECB, 'no-such-file.csv')
  const unreadable = thrown(() => book.rates.load(missing))
  assert.deepEqual([unreadable.code, unreadable.kind, unreadable.file, unreadable.line], ['unreadable_file', 'import', missing, undefined])
  assert.match(unreadable.message, /cannot read the file/)
  const notRates = thrown(() => book.rates.load(Buffer.from('hello\nworld\n'), { fileName: 'notes.txt' }))
  assert.deepEqual([notRates.code, notRates.file, notRates.line], ['unreadable_file', 'notes.txt', undefined])
  const bogusZip = thrown(() => book.rates.load(Buffer.from('PK\u0003\u0004 not really a zip')))
  assert.equal(bogusZip.code, 'unreadable_file')
  // Errors that are not about files carry no file.
  assert.equal(thrown(() => book.rates.delete('EUR', 'USD', '2026-10-30')).file, undefined)
  assert.equal(events.length, 0, 'no event for a load that kept nothing')
})

test('loadAsync and addManyAsync resolve like their sync forms and reject with codes', async () => {
  const { book } = freshBook()
  const other = freshBook('bob@example.com').book
  const pending = book.rates.loadAsync(ONE_DAY)
  assert.ok(pending instanceof Promise)
  assert.deepEqual(await pending, other.rates.load(ONE_DAY))
  assert.deepEqual(book.rates.list(), other.rates.list())
  assert.equal((await book.rates.loadAsync(require('node:fs').readFileSync(ONE_DAY))).unchanged, 29)
  await assert.rejects(book.rates.loadAsync(Buffer.from('date,base,quote,rate\n2026-10-30,EUR,USD,x\n'), { fileName: 'bad.csv' }), (err) => {
    assert.ok(err instanceof Error)
    assert.deepEqual([err.code, err.kind, err.field, err.file, err.line], ['malformed_line', 'import', 'rate', 'bad.csv', 2])
    return true
  })
  // The file is read on the pool: a missing file rejects rather than throws.
  const missing = path.join(ECB, 'missing.zip')
  await assert.rejects(book.rates.loadAsync(missing), { code: 'unreadable_file', kind: 'import', file: missing })

  const rates = [manual('EUR', 'USD', '2026-11-02', '1.12'), manual('EUR', 'USD', '2026-11-03', '1.13')]
  assert.deepEqual(await book.rates.addManyAsync(rates), other.rates.addMany(rates))
  assert.deepEqual(await book.rates.addManyAsync(rates), { read: 2, added: 0, replaced: 0, unchanged: 2, missing: 0, skippedUnknown: 0, unknownCommodities: [] })
  await assert.rejects(book.rates.addManyAsync([manual('EUR', 'USD', '2026-11-04', '1'), manual('EUR', 'EUR', '2026-11-04', '1')]), {
    code: 'invalid_field',
    kind: 'validation',
    field: 'rates[1].quote',
  })
})

test('exchange stores the rate on the sending split; fxAccount takes a residue', () => {
  const { book, checking } = freshBook()
  const usd = book.accounts.create({ path: 'Assets:Bank:USD', kind: 'asset', currency: 'USD' })
  const fx = book.accounts.create({ path: 'Expenses:FX', kind: 'expense', currency: 'USD' })
  book.rates.add(manual('EUR', 'USD', '2026-10-30', '1.1172'))

  const sent = book.transactions.exchange({ date: '2026-10-31', from: checking.id, to: usd.id, amount: '100', payee: 'Bank' })
  assert.equal(sent.payee, 'Bank')
  assert.deepEqual(
    sent.splits.map((s) => [s.accountId, s.amount, s.commodity, s.price]),
    [
      [checking.id, '-100.00', 'EUR', { amount: '1.1172', commodity: 'USD' }],
      [usd.id, '111.72', 'USD', undefined],
    ],
  )
  assert.deepEqual(book.transactions.get(sent.id).splits[0].price, { amount: '1.1172', commodity: 'USD' })
  const both = book.transactions.exchange({ date: '2026-10-30', from: checking.id, to: usd.id, amount: '100', received: '110.00', narration: 'Airport' })
  assert.deepEqual(both.splits[0].price, { amount: '1.1', commodity: 'USD' })
  assert.equal(both.narration, 'Airport')
  const received = book.transactions.exchange({ date: '2026-10-30', from: checking.id, to: usd.id, received: '50.00', rate: '1.25', externalId: 'fx-1' })
  assert.deepEqual([received.splits[0].amount, received.splits[1].amount, received.externalId], ['-40.00', '50.00', 'fx-1'])

  // Rounding up the received amount leaves a cent that must go somewhere.
  const up = { date: '2026-10-30', from: checking.id, to: usd.id, amount: '10.01', rounding: 'ceiling' }
  const residue = thrown(() => book.transactions.exchange(up))
  assert.equal(residue.code, 'unbalanced')
  const withFx = book.transactions.exchange({ ...up, fxAccount: fx.id })
  assert.deepEqual(
    withFx.splits.map((s) => [s.accountId, s.amount, s.commodity]),
    [
      [checking.id, '-10.01', 'EUR'],
      [usd.id, '11.19', 'USD'],
      [fx.id, '-0.01', 'USD'],
    ],
  )
  assert.equal(withFx.splits[2].memo, 'exchange residue')

  const stale = thrown(() => book.transactions.exchange({ date: '2026-11-30', from: checking.id, to: usd.id, amount: '1' }))
  assert.deepEqual([stale.code, stale.field], ['stale_rate', 'rate'])
  const patient = book.transactions.exchange({ date: '2026-11-30', from: checking.id, to: usd.id, amount: '1', maxAgeDays: 31 })
  assert.equal(patient.splits[1].amount, '1.12')
})

test('fxAccount on transaction inputs; unpriced foreign splits are priced from the table', () => {
  const { book, checking } = freshBook()
  const usd = book.accounts.create({ path: 'Assets:Bank:USD', kind: 'asset', currency: 'USD' })
  const fx = book.accounts.create({ path: 'Expenses:FX', kind: 'expense', currency: 'USD' })
  book.rates.add(manual('EUR', 'USD', '2026-10-30', '1.1172'))
  const bankRate = {
    date: '2026-10-30',
    splits: [
      { accountId: checking.id, amount: '-100', price: { amount: '1.1172', commodity: 'USD' } },
      { accountId: usd.id, amount: '111.73' },
    ],
  }
  assert.equal(thrown(() => book.transactions.add(bankRate)).code, 'unbalanced')
  const tx = book.transactions.add({ ...bankRate, fxAccount: fx.id })
  assert.deepEqual(tx.splits.map((s) => [s.accountId, s.amount]), [
    [checking.id, '-100.00'],
    [usd.id, '111.73'],
    [fx.id, '-0.01'],
  ])
  // The convenience forms take it in their options.
  const eurCard = book.accounts.create({ path: 'Liabilities:Card', kind: 'liability', currency: 'EUR' })
  const paid = book.transactions.transfer('2026-10-30', eurCard.id, checking.id, '5.00', { fxAccount: fx.id })
  assert.equal(paid.splits.length, 2)
  // Without a price, the foreign split is priced from the table into the first split's commodity.
  const priced = book.transactions.add({
    date: '2026-10-31',
    splits: [
      { accountId: checking.id, amount: '-100' },
      { accountId: usd.id, amount: '111.72' },
    ],
  })
  assert.equal(priced.splits[1].price.commodity, 'EUR')
  assert.match(priced.splits[1].price.amount, /^0\.8950948800/)
  const noRate = thrown(() =>
    book.transactions.add({ date: '2026-10-20', splits: [{ accountId: checking.id, amount: '-100' }, { accountId: usd.id, amount: '111.72' }] }),
  )
  assert.deepEqual([noRate.code, noRate.field], ['no_rate', 'splits[1].price'])
  const batch = thrown(() =>
    book.transactions.addBatch([
      { ...bankRate, fxAccount: fx.id },
      { ...bankRate, fxAccount: 999 },
    ]),
  )
  assert.equal(batch.code, 'account_not_found')
  assert.equal(batch.field, 'transactions[1].splits[2].account_id')
})

test('balancesIn and netWorth list what they cannot convert; spot and historical', async () => {
  const { book, checking, usd, chf, card } = multiCurrencyBook()
  const worth = book.reports.netWorth({ currency: 'EUR' }, '2026-10-31')
  assert.deepEqual([worth.currency, worth.asOf, worth.valuation], ['EUR', '2026-10-31', 'spot'])
  // USD 650 / 1.1172 = 581.81; card USD -30 / 1.1172 = -26.85; CHF has no rate at all.
  assert.deepEqual([worth.assets, worth.liabilities, worth.netWorth], ['1581.81', '-26.85', '1554.96'])
  const row = (rows, id) => rows.find((r) => r.accountId === id)
  assert.deepEqual(row(worth.accounts, usd.id), { accountId: usd.id, path: 'Assets:Bank:USD', commodity: 'EUR', own: '581.81', total: '581.81' })
  assert.equal(row(worth.accounts, checking.id).own, '1000.00')
  assert.equal(row(worth.accounts, card.id).own, '-26.85')
  assert.ok(worth.accounts.every((r) => !r.path.startsWith('Equity') && !r.path.startsWith('Expenses')))
  assert.deepEqual(worth.unconverted, [
    {
      accountId: chf.id,
      path: 'Assets:Bank:CHF',
      commodity: 'CHF',
      amount: '200.00',
      date: '2026-10-31',
      code: 'no_rate',
      message: 'no rate for CHF/EUR on or before 2026-10-31',
    },
  ])

  const spot = book.accounts.balancesIn({ currency: 'EUR' }, '2026-10-31')
  assert.deepEqual([spot.currency, spot.valuation, spot.rateDate], ['EUR', 'spot', '2026-10-31'])
  assert.equal(row(spot.rows, usd.id).total, '581.81')
  assert.deepEqual(spot.unconverted.map((u) => [u.path, u.amount]), [
    ['Assets:Bank:CHF', '200.00'],
    ['Equity:Opening:CHF', '-200.00'],
  ])
  const historical = book.accounts.balancesIn({ currency: 'EUR', valuation: 'historical' }, '2026-10-31')
  assert.equal(historical.valuation, 'historical')
  assert.equal(historical.rateDate, undefined)
  // 450 at 1.0 on 2026-10-01 plus 200 at 1.1172 on 2026-10-30.
  assert.equal(row(historical.rows, usd.id).total, '629.02')
  assert.deepEqual(historical.unconverted.map((u) => u.date), ['2026-10-01', '2026-10-01'])
  const early = book.accounts.balancesIn({ currency: 'EUR', rateDate: '2026-10-01' }, '2026-10-31')
  assert.deepEqual([early.rateDate, row(early.rows, usd.id).total], ['2026-10-01', '650.00'])
  const strict = book.reports.netWorth({ currency: 'EUR', rateDate: '2026-11-09', maxAgeDays: 7 }, '2026-10-31')
  assert.deepEqual(strict.unconverted.map((u) => [u.path, u.code]), [
    ['Assets:Bank:CHF', 'no_rate'],
    ['Assets:Bank:USD', 'stale_rate'],
    ['Liabilities:Card', 'stale_rate'],
  ])
  assert.equal(strict.netWorth, '1000.00')
  const down = book.reports.netWorth({ currency: 'EUR', rounding: 'floor' }, '2026-10-31')
  // Each account is rounded on its own: 581.8116 -> 581.81 and -26.8528 -> -26.86.
  assert.deepEqual([down.assets, down.liabilities, down.netWorth], ['1581.81', '-26.86', '1554.95'])
  const inUsd = book.reports.netWorth({ currency: 'USD' }, '2026-10-31')
  assert.equal(inUsd.currency, 'USD')
  assert.equal(row(inUsd.accounts, checking.id).own, '1117.20')

  assert.equal(thrown(() => book.reports.netWorth({ currency: 'ZZZ' }, '2026-10-31')).code, 'unknown_commodity')
  assert.equal(thrown(() => book.accounts.balancesIn({ currency: 'EUR', rateDate: '31.10.2026' })).field, 'rate_date')
  assert.equal(thrown(() => book.accounts.balancesIn({ currency: 'EUR' }, 'today')).field, 'as_of')
  assert.throws(() => book.reports.netWorth({ currency: 'EUR', valuation: 'average' }))

  assert.deepEqual(await book.accounts.balancesInAsync({ currency: 'EUR' }, '2026-10-31'), spot)
  assert.deepEqual(await book.reports.netWorthAsync({ currency: 'EUR' }, '2026-10-31'), worth)
  await assert.rejects(book.reports.netWorthAsync({ currency: 'ZZZ' }, '2026-10-31'), { code: 'unknown_commodity', kind: 'validation', field: 'currency' })
  await assert.rejects(book.accounts.balancesInAsync({ currency: 'QQQ' }), { code: 'unknown_commodity' })
  assert.throws(() => book.accounts.balancesInAsync({ currency: 'EUR' }, '2026-1-1'), { code: 'invalid_field', field: 'as_of' })
})

test('spendingByCategoryIn and incomeByCategoryIn, spot and historical', async () => {
  const { book, travel, freelance } = multiCurrencyBook()
  const spot = book.reports.spendingByCategoryIn('2026-10-01', '2026-10-31', { currency: 'EUR' })
  assert.deepEqual([spot.currency, spot.valuation, spot.rateDate], ['EUR', 'spot', '2026-10-31'])
  // USD 80 / 1.1172 = 71.61.
  assert.deepEqual(spot.rows, [
    { accountId: spot.rows[0].accountId, path: 'Expenses', depth: 0, commodity: 'EUR', own: '0.00', total: '71.61' },
    { accountId: travel.id, path: 'Expenses:Travel', depth: 1, commodity: 'EUR', own: '71.61', total: '71.61' },
  ])
  assert.deepEqual(spot.unconverted, [])
  const historical = book.reports.spendingByCategoryIn('2026-10-01', '2026-10-31', { currency: 'EUR', valuation: 'historical' })
  // USD 50 at 1.0 plus USD 30 at 1.1172.
  assert.equal(historical.rows.find((r) => r.accountId === travel.id).total, '76.85')
  const income = book.reports.incomeByCategoryIn('2026-10-01', '2026-10-31', { currency: 'EUR' })
  assert.deepEqual(
    income.rows.filter((r) => r.accountId === freelance.id).map((r) => [r.path, r.own, r.total]),
    [['Income:Freelance', '179.02', '179.02']],
  )
  const none = book.reports.spendingByCategoryIn('2026-09-01', '2026-09-30', { currency: 'EUR' })
  assert.deepEqual(none.rows, [])
  const unconverted = book.reports.spendingByCategoryIn('2026-10-01', '2026-10-31', { currency: 'CHF' })
  assert.deepEqual(unconverted.rows, [])
  assert.deepEqual(unconverted.unconverted.map((u) => [u.path, u.commodity, u.amount, u.code]), [['Expenses:Travel', 'USD', '80.00', 'no_rate']])

  assert.deepEqual(await book.reports.spendingByCategoryInAsync('2026-10-01', '2026-10-31', { currency: 'EUR' }), spot)
  assert.deepEqual(await book.reports.incomeByCategoryInAsync('2026-10-01', '2026-10-31', { currency: 'EUR' }), income)
  await assert.rejects(book.reports.incomeByCategoryInAsync('2026-10-01', '2026-10-31', { currency: 'ZZZ' }), { code: 'unknown_commodity' })
  assert.throws(() => book.reports.spendingByCategoryInAsync('2026-10-01', 'end', { currency: 'EUR' }), { code: 'invalid_field', field: 'to' })
})

test('fxGain values a foreign account at both ends and its flows at their days', async () => {
  const { book, usd, chf } = multiCurrencyBook()
  const gain = book.reports.fxGain(usd.id, '2026-10-01', '2026-10-30', { currency: 'EUR' })
  // 650 / 1.1172 - 450 - 200 / 1.1172 = -47.2073... EUR.
  assert.deepEqual(gain, {
    accountId: usd.id,
    commodity: 'USD',
    currency: 'EUR',
    from: '2026-10-01',
    to: '2026-10-30',
    openingBalance: '450.00',
    openingValue: '450.00',
    closingBalance: '650.00',
    closingValue: '581.81',
    flowsValue: '179.02',
    gain: '-47.21',
  })
  const assets = book.accounts.byPath('Assets:Bank')
  const rolled = book.reports.fxGain(assets.id, '2026-10-01', '2026-10-30', { currency: 'EUR' })
  assert.equal(rolled.commodity, 'EUR', 'the account\'s own currency: EUR splits below it are not foreign')
  assert.equal(rolled.gain, '0.00')
  assert.deepEqual(await book.reports.fxGainAsync(usd.id, '2026-10-01', '2026-10-30', { currency: 'EUR' }), gain)
  const noRate = thrown(() => book.reports.fxGain(chf.id, '2026-10-01', '2026-10-30', { currency: 'EUR' }))
  assert.deepEqual([noRate.code, noRate.kind], ['no_rate', 'not_found'])
  await assert.rejects(book.reports.fxGainAsync(usd.id, '2026-10-01', '2026-11-30', { currency: 'EUR' }), { code: 'stale_rate', kind: 'not_found' })
  await assert.rejects(book.reports.fxGainAsync(999, '2026-10-01', '2026-10-30', { currency: 'EUR' }), { code: 'account_not_found', field: 'account_id' })
  assert.equal(thrown(() => book.reports.fxGain(usd.id, '2026-10-30', '2026-10-01', { currency: 'EUR' })).code, 'invalid_field')
})

test('rates_changed reaches the callback with added, replaced and deleted', async () => {
  const { book } = freshBook()
  const events = []
  book.subscribe((event) => events.push(event))
  book.rates.add(manual('EUR', 'USD', '2026-10-30', '1.1172'))
  book.rates.add(manual('EUR', 'USD', '2026-10-30', '1.1172')) // unchanged: no event
  book.rates.addMany([manual('EUR', 'USD', '2026-10-30', '1.12'), manual('EUR', 'USD', '2026-10-29', '1.11')])
  book.rates.delete('EUR', 'USD', '2026-10-29')
  await book.rates.addManyAsync([{ ...manual('EUR', 'JPY', '2026-10-30', '175.68'), source: 'ecb' }])
  await book.rates.loadAsync(ONE_DAY)
  await until(() => events.length >= 5)
  assert.deepEqual(events, [
    { kind: 'rates_changed', added: 1, replaced: 0, deleted: 0 },
    { kind: 'rates_changed', added: 1, replaced: 1, deleted: 0 },
    { kind: 'rates_changed', added: 0, replaced: 0, deleted: 1 },
    { kind: 'rates_changed', added: 1, replaced: 0, deleted: 0 },
    { kind: 'rates_changed', added: 27, replaced: 1, deleted: 0 },
  ])
  const log = book.auditLog({ limit: 10 }).items.filter((e) => e.entity === 'rate')
  assert.equal(log.length, 5)
  assert.deepEqual(log.map((e) => e.action), ['create_batch', 'create_batch', 'delete', 'create_batch', 'create_batch'])
})
