'use strict'
// Bank files in: book.imports.parse (OFX, camt.053, QIF, MT940, CSV with a suggested profile),
// suggestCsvProfile, importFile (new lines, duplicates on re-import, dry runs, strict and
// lenient modes, balance checks), undo, errors of files with file and line, and the Promise
// forms, including several imports of one book at once. The files are ../shared/data beside
// the repository root.

const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const { ROOT, freshBook, thrown } = require('./helpers')

const DATA = path.join(ROOT, '..', 'shared', 'data')
const OFX = path.join(DATA, 'crate-ofx-rs', 'tests', 'fixtures', 'mercury-checking.ofx')
const CAMT = path.join(DATA, 'camt053-newinnovations', 'doc', 'test-camt053.xml')
const CAMT_UNBALANCED = path.join(DATA, 'camt053-newinnovations', 'doc', 'error-camt053.xml')
const QIF = path.join(DATA, 'actual-loot-core', 'data-with-categories.qif')
const MT940 = path.join(DATA, 'crate-mt940', 'tests', 'data', 'mt940', 'full', 'abnamro', 'mt940.sta')

const DECIMAL = /^-?\d+(\.\d+)?$/

const CSV = Buffer.from(
  'Date,Description,Amount\n2026-10-01,Fresh Market,-54.30\n2026-10-02,Employer,2500.00\n2026-10-03,Corner Cafe,-4.50\n',
)
/** The same file with one amount of three decimals (EUR allows two). */
const CSV_BAD_LINE = Buffer.from(
  'Date,Description,Amount\n2026-10-01,Fresh Market,-54.30\n2026-10-02,Employer,2500.001\n2026-10-03,Corner Cafe,-4.50\n',
)

/** A fresh book with a USD account for the Mercury OFX and a USD category for the other side. */
function usdBook(email) {
  const f = freshBook(email)
  const mercury = f.book.accounts.create({ path: 'Assets:Bank:Mercury', kind: 'asset', subtype: 'checking', currency: 'USD' })
  const uncategorized = f.book.accounts.create({ path: 'Expenses:Uncategorized', kind: 'expense', currency: 'USD' })
  return { ...f, mercury, uncategorized, into: { account: mercury.id, counterAccount: uncategorized.id } }
}

test('parse an OFX file: one statement, 674 lines, amounts and balances as decimal strings', () => {
  const { book } = freshBook()
  const statements = book.imports.parse(OFX)
  assert.equal(statements.length, 1)
  const [s] = statements
  assert.equal(Object.getPrototypeOf(s), Object.prototype)
  assert.equal(s.format, 'ofx')
  assert.equal(s.file, OFX, 'a path names the statement')
  assert.deepEqual(s.account, { bankId: '121000248', accountId: '202497494038', accountType: 'CHECKING', currency: 'USD' })
  assert.deepEqual([s.start, s.end], ['2024-03-11', '2026-03-18'])
  assert.deepEqual(s.closingBalance, { amount: '1149.86', date: '2026-03-19', currency: 'USD' })
  assert.equal(s.lines.length, 674)
  assert.deepEqual(s.lines[0], {
    line: 34,
    date: '2024-03-11',
    amount: '2500.0',
    pending: false,
    splits: [],
    payee: 'Boeing Employees Credit Union (B',
    bankId: 'cdd3fc6a-dbee-11ee-9629-1bbe55d25559',
    kind: 'CREDIT',
  })
  for (const line of s.lines) {
    assert.equal(typeof line.amount, 'string')
    assert.match(line.amount, DECIMAL)
    assert.match(line.date, /^\d{4}-\d{2}-\d{2}$/)
  }
  assert.deepEqual([s.investments, s.securities], [[], []])
  // The options name the input and force the format.
  const named = book.imports.parse(fs.readFileSync(OFX), { fileName: 'mercury.ofx', format: 'ofx' })
  assert.equal(named[0].file, 'mercury.ofx')
  assert.deepEqual(named[0].lines, s.lines)
  assert.equal(book.imports.parse(fs.readFileSync(OFX))[0].file, 'input', 'a Buffer without a name is input')
  assert.equal(book.transactions.search().total, 0, 'parse writes nothing')
})

test('parse camt.053: balances, lines, and the balance check that camtSkipBalanceCheck skips', () => {
  const { book } = freshBook()
  const [s, ...more] = book.imports.parse(CAMT)
  assert.equal(more.length, 0)
  assert.equal(s.format, 'camt053')
  assert.deepEqual(s.account, { bankId: 'SNSBNL2A', accountId: 'NL00SNSB0000000000', currency: 'EUR' })
  assert.deepEqual(s.openingBalance, { amount: '1000.00', date: '2026-01-01', currency: 'EUR' })
  assert.deepEqual(s.closingBalance, { amount: '950.00', date: '2026-07-21', currency: 'EUR' })
  assert.deepEqual(
    s.lines.map((l) => [l.date, l.amount, l.payee, l.memo, l.bankId]),
    [
      ['2026-03-05', '-100.00', 'Some Shop B.V.', 'Payment for invoice 123', 'REF001'],
      ['2026-04-10', '50.00', 'John Doe', 'RF123456', 'REF002'],
    ],
  )
  assert.equal(s.lines[0].reference, 'E2E-001')

  // A closing balance that does not follow from the entries is a malformed line ...
  const err = thrown(() => book.imports.parse(CAMT_UNBALANCED))
  assert.deepEqual([err.code, err.kind, err.file, err.line, err.field], ['malformed_line', 'import', CAMT_UNBALANCED, 38, 'Stmt/Bal/Amt'])
  assert.match(err.message, /does not reconcile/)
  // ... unless the check is skipped.
  const skipped = book.imports.parse(CAMT_UNBALANCED, { camtSkipBalanceCheck: true })
  assert.equal(skipped[0].closingBalance.amount, '900.00')
})

test('parse QIF: three lines with their categories, in either date order option', () => {
  const { book } = freshBook()
  const [s] = book.imports.parse(QIF)
  assert.equal(s.format, 'qif')
  assert.equal(s.account.accountType, 'Bank')
  assert.deepEqual(
    s.lines.map((l) => [l.line, l.date, l.amount, l.payee, l.category]),
    [
      [2, '2018-12-19', '-100.58', 'Outlet', 'Usual Expenses:Shopping'],
      [7, '2018-12-19', '-20.15', 'GroceriesYou', 'Groceries'],
      [12, '2018-12-19', '-40.60', 'RestaurantExample', 'Food'],
    ],
  )
  assert.deepEqual(book.imports.parse(QIF, { qifDateOrder: 'month_day' }), [s])
  // 12/19/18 cannot be day-month: told so, the reader refuses the file.
  const wrongOrder = thrown(() => book.imports.parse(QIF, { qifDateOrder: 'day_month' }))
  assert.deepEqual([wrongOrder.code, wrongOrder.file, wrongOrder.line], ['malformed_line', QIF, 2])
  assert.throws(() => book.imports.parse(QIF, { qifDateOrder: 'sideways' }))
})

test('parse MT940: one statement per :20: block, with their balances', () => {
  const { book } = freshBook()
  const statements = book.imports.parse(MT940)
  assert.deepEqual(
    statements.map((s) => [s.format, s.account.accountId, s.openingBalance.amount, s.closingBalance.amount, s.lines.map((l) => l.amount)]),
    [
      ['mt940', '123456789', '1111.10', '2222.20', ['-5.34', '-2.95', '-6.45']],
      ['mt940', '123456789', '5555.20', '6666.83', ['-8.25']],
    ],
  )
  assert.deepEqual(statements[0].lines[0], {
    line: 8,
    date: '2019-08-24',
    postedDate: '2019-08-24',
    amount: '-5.34',
    pending: false,
    splits: [],
    memo: 'BEA   NR:YV7XDL   24.08.19/15.33 RESTAURANT IL SENSO MIDD,PAS263',
    kind: 'N426',
  })
})

test('suggestCsvProfile gives JSON that parse takes back, as suggested or edited', () => {
  const { book } = freshBook()
  const json = book.imports.suggestCsvProfile(CSV, 'bank.csv')
  assert.equal(typeof json, 'string')
  const profile = JSON.parse(json)
  assert.deepEqual(
    [profile.name, profile.delimiter, profile.has_header, profile.date, profile.date_format, profile.amount, profile.payee],
    ['bank.csv', ',', true, 'Date', '%Y-%m-%d', 'Amount', ['Description']],
  )
  const [s] = book.imports.parse(CSV, { csvProfile: json, fileName: 'bank.csv' })
  assert.deepEqual([s.format, s.file], ['csv', 'bank.csv'])
  assert.deepEqual(
    s.lines.map((l) => [l.line, l.date, l.amount, l.payee]),
    [
      [2, '2026-10-01', '-54.30', 'Fresh Market'],
      [3, '2026-10-02', '2500.00', 'Employer'],
      [4, '2026-10-03', '-4.50', 'Corner Cafe'],
    ],
  )
  // Without a profile a CSV gets the suggested one.
  assert.deepEqual(book.imports.parse(CSV, { fileName: 'bank.csv' }), [s])
  // An edited profile is the one used: the description as memo, amounts counted the other way.
  const edited = JSON.stringify({ ...profile, payee: [], memo: ['Description'], amount_sign: 'inverted' })
  const [e] = book.imports.parse(CSV, { csvProfile: edited, format: 'csv' })
  assert.deepEqual(e.lines.map((l) => [l.amount, l.payee, l.memo]), [
    ['54.30', undefined, 'Fresh Market'],
    ['-2500.00', undefined, 'Employer'],
    ['4.50', undefined, 'Corner Cafe'],
  ])
  // A path works too, and names the profile.
  const tmp = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'tally-csv-'))
  const file = path.join(tmp, 'export.csv')
  fs.writeFileSync(file, CSV)
  assert.equal(JSON.parse(book.imports.suggestCsvProfile(file)).name, file)
  assert.equal(JSON.parse(book.imports.suggestCsvProfile(CSV)).name, 'input')
  fs.rmSync(tmp, { recursive: true })

  const notJson = thrown(() => book.imports.parse(CSV, { csvProfile: '{"date": ' }))
  assert.deepEqual([notJson.code, notJson.kind, notJson.field], ['invalid_field', 'validation', 'csv_profile'])
  const wrongShape = thrown(() => book.imports.parse(CSV, { csvProfile: '{"skip_rows": "two"}' }))
  assert.deepEqual([wrongShape.code, wrongShape.field], ['invalid_field', 'csv_profile'])
  const unusable = thrown(() => book.imports.parse(CSV, { csvProfile: '{}' }))
  assert.equal(unusable.code, 'invalid_field', 'a profile without a date column is refused by the core')
  const noFit = thrown(() => book.imports.suggestCsvProfile(Buffer.from('a,b\nx,y\n'), 'notes.csv'))
  assert.equal(noFit.kind, 'import')
  assert.equal(noFit.file, 'notes.csv')
})

test('importFile: 674 new lines and a balance check; a re-import finds 674 duplicates', () => {
  const { book, mercury, into } = usdBook()
  const events = []
  book.subscribe((e) => events.push(e))
  const first = book.imports.importFile(OFX, into)
  assert.equal(Object.getPrototypeOf(first), Object.prototype)
  assert.deepEqual(
    [first.file, first.account, first.committed, first.new, first.duplicates, first.matched, first.candidates, first.conflicting, first.deleted, first.restored, first.rejected],
    [OFX, mercury.id, true, 674, 0, 0, 0, 0, 0, 0, 0],
  )
  assert.equal(first.lines.length, 674)
  assert.equal(first.transactionIds.length, 674)
  assert.deepEqual(first.transactionIds, [...first.transactionIds].sort((a, b) => a - b))
  assert.deepEqual(first.lines[0], {
    index: 0,
    line: 34,
    status: 'new',
    fingerprint: 'id:cdd3fc6a-dbee-11ee-9629-1bbe55d25559',
    reasons: [],
    transactionId: first.transactionIds[0],
  })
  assert.ok(first.balanceCheck, 'the closing balance is checked')
  assert.deepEqual(
    [first.balanceCheck.assertion.amount, first.balanceCheck.assertion.date, first.balanceCheck.actual, first.balanceCheck.difference, first.balanceCheck.passed],
    ['1149.86', '2026-03-19', '1149.86', '0.00', true],
  )
  assert.equal(book.accounts.assertions().length, 1, 'recorded as a balance assertion')
  const tx = book.transactions.get(first.lines[0].transactionId)
  assert.deepEqual([tx.date, tx.source, tx.payee, tx.splits[0].amount, tx.splits[1].amount], ['2024-03-11', 'import', 'Boeing Employees Credit Union (B', '2500.00', '-2500.00'])

  const again = book.imports.importFile(fs.readFileSync(OFX), { ...into, fileName: 'mercury.ofx' })
  assert.deepEqual([again.file, again.new, again.duplicates, again.rejected, again.transactionIds], ['mercury.ofx', 0, 674, 0, []])
  assert.ok(again.lines.every((l, i) => l.status === 'duplicate' && l.transactionId === first.lines[i].transactionId))
  assert.equal(again.balanceCheck.passed, true)
  assert.equal(book.transactions.search().total, 674)
  assert.equal(book.accounts.assertions().length, 1, 'the same assertion is not recorded twice')
  assert.equal(book.accounts.balances().find((b) => b.accountId === mercury.id).total, '1149.86')
  const noAssert = book.imports.importFile(OFX, { ...into, assertBalance: false })
  assert.equal(noAssert.balanceCheck, undefined)
  return new Promise((resolve) => setImmediate(resolve)).then(() => {
    assert.deepEqual(events.filter((e) => e.kind === 'transactions_added').map((e) => e.ids.length), [674])
  })
})

test('dryRun plans the import and writes nothing', () => {
  const { book, into } = usdBook()
  const plan = book.imports.importFile(OFX, { ...into, dryRun: true })
  assert.deepEqual([plan.committed, plan.new, plan.duplicates, plan.transactionIds], [false, 674, 0, []])
  assert.ok(plan.lines.every((l) => l.status === 'new' && l.transactionId === undefined))
  assert.deepEqual([plan.balanceCheck.actual, plan.balanceCheck.passed], ['1149.86', true], 'the check as planned')
  assert.equal(book.transactions.search().total, 0)
  assert.deepEqual(book.accounts.assertions(), [])
  assert.equal(book.auditLog().items.filter((e) => e.entity === 'transaction').length, 0)
  assert.equal(book.imports.importFile(OFX, into).new, 674, 'the real import after the plan')
  const replan = book.imports.importFile(OFX, { ...into, dryRun: true })
  assert.deepEqual([replan.new, replan.duplicates], [0, 674])
})

test('strict mode: a bad line rejects the import with field and reasons; lenient writes the good lines', () => {
  const { book, checking, groceries } = freshBook()
  const into = { account: checking.id, counterAccount: groceries.id }
  const strict = book.imports.importFile(CSV_BAD_LINE, into)
  assert.deepEqual([strict.committed, strict.new, strict.rejected, strict.transactionIds], [false, 2, 1, []])
  const bad = strict.lines[1]
  assert.deepEqual([bad.index, bad.line, bad.status, bad.field, bad.transactionId], [1, 3, 'rejected', 'amount', undefined])
  assert.equal(bad.reasons.length, 1)
  assert.match(bad.reasons[0], /^too_many_decimals: .*2500\.001/)
  assert.deepEqual(strict.lines.map((l) => l.status), ['new', 'rejected', 'new'])
  assert.equal(book.transactions.search().total, 0, 'strict: nothing is written')

  // A line in another currency than the account's is rejected too, naming the field.
  const usdLine = Buffer.from('Date,Description,Amount,Currency\n2026-10-01,Fresh Market,-54.30,EUR\n2026-10-02,Duty Free,-20.00,USD\n')
  const currency = book.imports.importFile(usdLine, { ...into, mode: 'strict' })
  assert.deepEqual([currency.committed, currency.lines[1].status, currency.lines[1].field], [false, 'rejected', 'currency'])
  assert.match(currency.lines[1].reasons[0], /USD/)

  const lenient = book.imports.importFile(CSV_BAD_LINE, { ...into, mode: 'lenient' })
  assert.deepEqual([lenient.committed, lenient.new, lenient.rejected, lenient.transactionIds.length], [true, 2, 1, 2])
  assert.equal(lenient.lines[1].status, 'rejected')
  assert.deepEqual(lenient.transactionIds, [lenient.lines[0].transactionId, lenient.lines[2].transactionId])
  assert.deepEqual(
    book.transactions.search({}, { order: 'ascending' }).items.map((t) => [t.date, t.payee, t.splits.find((s) => s.accountId === checking.id).amount]),
    [
      ['2026-10-01', 'Fresh Market', '-54.30'],
      ['2026-10-03', 'Corner Cafe', '-4.50'],
    ],
  )
  assert.throws(() => book.imports.importFile(CSV, { ...into, mode: 'relaxed' }))
})

test('lines matching transactions already in the book are linked or offered as candidates', () => {
  const { book, checking, groceries, salary } = freshBook()
  const typed = book.transactions.expense('2026-10-01', checking.id, groceries.id, '54.30', 'Fresh Market')
  const maybe = book.transactions.income('2026-10-05', checking.id, salary.id, '2500', 'Payroll')
  const result = book.imports.importFile(CSV, { account: checking.id, counterAccount: groceries.id })
  const [market, employer, cafe] = result.lines
  assert.deepEqual([market.status, market.transactionId, market.score], ['matched', typed.id, 100])
  assert.ok(market.reasons.includes('same amount'))
  assert.deepEqual([employer.status, employer.transactionId], ['candidate', maybe.id])
  assert.ok(employer.score >= 50 && employer.score < 80)
  assert.equal(cafe.status, 'new')
  assert.deepEqual([result.new, result.matched, result.candidates], [1, 1, 1])
  const strictScores = book.imports.importFile(CSV, { account: checking.id, counterAccount: groceries.id, dryRun: true, linkScore: 101, candidateScore: 101, matchDays: 0 })
  assert.deepEqual(strictScores.lines.map((l) => l.status), ['new', 'new', 'duplicate'])
})

test('undo deletes what an import wrote; a re-import leaves them deleted unless reimportDeleted', () => {
  const { book, checking, groceries } = freshBook()
  const into = { account: checking.id, counterAccount: groceries.id }
  const done = book.imports.importFile(CSV, into)
  assert.equal(done.transactionIds.length, 3)
  assert.equal(book.imports.undo(done.transactionIds), 3)
  assert.equal(book.transactions.search().total, 0)
  assert.equal(book.imports.undo(done.transactionIds), 0, 'already deleted: skipped')
  const again = book.imports.importFile(CSV, into)
  assert.deepEqual([again.new, again.deleted, again.transactionIds], [0, 3, []])
  assert.deepEqual(again.lines.map((l) => l.transactionId), done.transactionIds)
  const back = book.imports.importFile(CSV, { ...into, reimportDeleted: true })
  assert.deepEqual([back.restored, back.new, back.transactionIds], [3, 0, done.transactionIds])
  assert.equal(book.transactions.search().total, 3)
  assert.equal(book.imports.undo([]), 0)
  const missing = thrown(() => book.imports.undo([done.transactionIds[0], 999]))
  assert.deepEqual([missing.code, missing.kind], ['transaction_not_found', 'not_found'])
})

test('errors of files carry code, file and line; nothing of a failed import is written', () => {
  const { book, checking, groceries } = freshBook()
  const into = { account: checking.id, counterAccount: groceries.id }
  const qif = Buffer.from('!Type:Bank\nD12/19/18\nT-10.00\nPShop\n^\nD12/20/18\nTten\nPShop\n^\n')
  const err = thrown(() => book.imports.importFile(qif, { ...into, fileName: 'bank.qif' }))
  assert.ok(err instanceof Error)
  assert.deepEqual([err.code, err.kind, err.file, err.line], ['malformed_line', 'import', 'bank.qif', 7])
  assert.match(err.message, /^bank\.qif:7: /)
  assert.equal(typeof err.field, 'string')
  assert.equal(book.transactions.search().total, 0)
  const fromPath = thrown(() => book.imports.importFile(CAMT_UNBALANCED, into))
  assert.deepEqual([fromPath.code, fromPath.file, fromPath.line], ['malformed_line', CAMT_UNBALANCED, 38])

  const missing = path.join(DATA, 'no-such-statement.ofx')
  const unreadable = thrown(() => book.imports.parse(missing))
  assert.deepEqual([unreadable.code, unreadable.kind, unreadable.file, unreadable.line], ['unreadable_file', 'import', missing, undefined])
  assert.match(unreadable.message, /cannot read the file/)
  assert.equal(thrown(() => book.imports.importFile(missing, { ...into, fileName: 'named.ofx' })).file, 'named.ofx')
  const notOfx = thrown(() => book.imports.parse(CSV, { format: 'ofx' }))
  assert.deepEqual([notOfx.code, notOfx.file], ['unreadable_file', 'input'])

  // A file of several statements is refused: parse it and import each into its account.
  const several = thrown(() => book.imports.importFile(MT940, into))
  assert.deepEqual([several.code, several.field], ['invalid_field', 'file'])
  assert.match(several.message, /2 statements/)
  const noAccount = thrown(() => book.imports.importFile(CSV, { account: 999, counterAccount: groceries.id }))
  assert.deepEqual([noAccount.code, noAccount.field], ['account_not_found', 'account'])
  assert.equal(thrown(() => book.imports.importFile(CSV, { account: checking.id, counterAccount: 999 })).field, 'counter_account')
  assert.equal(thrown(() => book.imports.parse(CSV, { syncDateIfMissing: 'today' })).field, 'sync_date_if_missing')
})

test('parseAsync and importFileAsync resolve like their sync forms and reject with codes', async () => {
  const a = usdBook()
  const b = usdBook('bob@example.com')
  const pending = a.book.imports.parseAsync(OFX)
  assert.ok(pending instanceof Promise)
  assert.deepEqual(await pending, b.book.imports.parse(OFX))
  assert.deepEqual(await a.book.imports.parseAsync(fs.readFileSync(QIF), { qifDateOrder: 'month_day' }), b.book.imports.parse(QIF, { fileName: 'input' }).map((s) => ({ ...s, file: 'input' })))

  const imported = a.book.imports.importFileAsync(OFX, a.into)
  assert.ok(imported instanceof Promise)
  assert.deepEqual(await imported, b.book.imports.importFile(OFX, b.into))
  const again = await a.book.imports.importFileAsync(fs.readFileSync(OFX), a.into)
  assert.deepEqual([again.new, again.duplicates], [0, 674])

  await assert.rejects(a.book.imports.parseAsync(CAMT_UNBALANCED), (err) => {
    assert.ok(err instanceof Error)
    assert.deepEqual([err.code, err.kind, err.file, err.line, err.field], ['malformed_line', 'import', CAMT_UNBALANCED, 38, 'Stmt/Bal/Amt'])
    return true
  })
  await assert.rejects(a.book.imports.importFileAsync(Buffer.from('!Type:Bank\nDxx\nT1\n^\n'), { ...a.into, fileName: 'bad.qif' }), {
    code: 'malformed_line',
    kind: 'import',
    file: 'bad.qif',
    line: 2,
  })
  // The file is read on the pool: a missing file rejects rather than throws.
  const missing = path.join(DATA, 'missing.ofx')
  await assert.rejects(a.book.imports.importFileAsync(missing, a.into), { code: 'unreadable_file', kind: 'import', file: missing })
  await assert.rejects(a.book.imports.importFileAsync(OFX, { ...a.into, account: 999 }), { code: 'account_not_found', field: 'account' })
  // The options are read on the JS thread first: a bad one throws, nothing is queued.
  assert.throws(() => a.book.imports.importFileAsync(OFX, { ...a.into, csvProfile: 'nope' }), { code: 'invalid_field', field: 'csv_profile' })
})

test('the declared unions are the core\'s names, and every format name is accepted', () => {
  const dts = fs.readFileSync(path.join(__dirname, '..', 'index.d.ts'), 'utf8')
  const union = (name) => new RegExp(`export type ${name} = ([^\\n]+)`).exec(dts)[1].split(' | ').map((v) => v.replace(/'/g, ''))
  const formats = ['csv', 'ofx', 'qif', 'camt053', 'mt940', 'plaid', 'go_cardless', 'simple_fin']
  assert.deepEqual(union('StatementFormat'), formats)
  assert.deepEqual(union('ImportMode'), ['strict', 'lenient'])
  assert.deepEqual(union('LineStatus'), ['new', 'duplicate', 'conflicting', 'deleted', 'restored', 'matched', 'candidate', 'rejected'])
  assert.deepEqual(union('DateOrder'), ['day_month', 'month_day', 'year_month_day'])
  for (const name of ['Statement', 'StatementAccount', 'StatedBalance', 'StatementLine', 'LineSplit', 'InvestmentLine', 'SecurityInfo', 'ImportResult', 'LineOutcome', 'ImportOptions', 'ParseOptions']) {
    assert.match(dts, new RegExp(`export interface ${name} \\{`), name)
  }
  // Each name reaches the core's reader of that format: the CSV reads, the others refuse it
  // as a Tally error of kind import (not a napi enum error).
  const { book } = freshBook()
  for (const format of formats) {
    if (format === 'csv') {
      assert.equal(book.imports.parse(CSV, { format })[0].format, 'csv')
    } else {
      assert.equal(thrown(() => book.imports.parse(CSV, { format })).kind, 'import', format)
    }
  }
})

test('imports of one book from several async tasks at once leave no duplicates', async () => {
  // Without the book's import lock two imports both read "not imported yet" and both report
  // the lines as new; a few rounds make that race show whenever it is there.
  for (let round = 0; round < 5; round++) {
    const { book, into } = usdBook()
    const results = await Promise.all([0, 1, 2, 3].map(() => book.imports.importFileAsync(OFX, into)))
    assert.deepEqual(results.map((r) => r.new).sort(), [0, 0, 0, 674], `round ${round}`)
    for (const r of results.filter((r) => r.new === 0)) {
      assert.deepEqual([r.duplicates, r.committed, r.transactionIds], [674, true, []])
    }
    assert.equal(book.transactions.search().total, 674)
    assert.equal(book.accounts.assertions().length, 1)
  }

  // A sync import racing async ones, through two Book objects of the same book.
  for (let round = 0; round < 5; round++) {
    const { engine, user, book, checking, groceries } = freshBook()
    const twin = engine.openBook(book.id, user.id)
    const into = { account: checking.id, counterAccount: groceries.id }
    const racing = [twin.imports.importFileAsync(CSV, into), book.imports.importFileAsync(CSV, into)]
    const sync = book.imports.importFile(CSV, into)
    const all = [sync, ...(await Promise.all(racing))]
    assert.deepEqual(all.map((r) => r.new).sort(), [0, 0, 3], `round ${round}`)
    assert.deepEqual(all.map((r) => r.duplicates).sort(), [0, 3, 3])
    assert.equal(book.transactions.search().total, 3)
    engine.close()
  }
})

// Bank connections, syncs, saved CSV profiles and import batches.

function plaidPage(added, removed, cursor, more) {
  return JSON.stringify({
    added: added.map(([id, date, amount]) => ({ transaction_id: id, account_id: 'acc-1', date, amount, iso_currency_code: 'EUR', name: 'Shop', pending: false })),
    modified: [],
    removed: removed.map((id) => ({ transaction_id: id })),
    next_cursor: cursor,
    has_more: more,
  })
}

test('a connection syncs pages as one unit, seals its token, and a batch undoes', () => {
  const { book, checking, groceries } = freshBook()
  const imports = book.imports
  const key = Buffer.alloc(32, 9)
  const conn = imports.createConnection(
    { provider: 'plaid', institution: 'ins_1', name: 'Bank', accounts: [{ providerAccountId: 'acc-1', accountId: checking.id }], counterAccount: groceries.id, accessToken: 'access-secret' },
    key,
  )
  assert.equal(conn.hasToken, true)
  assert.equal(conn.status, 'active')
  assert.ok(!JSON.stringify(conn).includes('secret'))
  assert.equal(imports.revealToken(conn.id, key), 'access-secret')

  const first = plaidPage([['t1', '2026-10-01', 4.2], ['t2', '2026-10-02', -2500]], [], 'c1', true)
  const broken = plaidPage([['t3', '2026-10-03', 'x']], [], 'c2', false)
  const err = thrown(() => imports.sync(conn.id, [first, broken]))
  assert.equal(err.code, 'sync_failed')
  assert.equal(err.file, 'pages[1]')
  assert.equal(book.transactions.search({}).items.length, 0)
  assert.equal(imports.connection(conn.id).status, 'error')
  assert.equal(imports.connection(conn.id).cursor, undefined, 'the cursor stays unset')

  const second = plaidPage([['t3', '2026-10-03', 12]], ['t1'], 'c2', false)
  const done = imports.sync(conn.id, [Buffer.from(first), second])
  assert.equal(done.connection.cursor, 'c2')
  // t1 is added by the first page and removed by the second: never written.
  assert.deepEqual(done.pages.map((p) => [p.added, p.removed]), [[1, 0], [1, 1]])
  assert.equal(done.batch.kind, 'sync')
  assert.equal(done.batch.written.length, 2)
  assert.equal(imports.sync(conn.id, [first, second]).batch, undefined, 'nothing written, no batch')
  assert.equal(imports.batches()[0].id, done.batch.id)
  const undone = imports.undoBatch(done.batch.id)
  assert.equal(typeof undone.undoneAt, 'string')
  assert.equal(book.transactions.search({}).items.length, 0)
})

test('CSV profiles are saved, recognized by header, and named by importFile', () => {
  const { book, checking, groceries } = freshBook()
  const imports = book.imports
  const profile = imports.suggestCsvProfile(CSV, 'bank.csv')
  const header = imports.csvHeader(CSV, 'bank.csv')
  assert.deepEqual(header, ['Date', 'Description', 'Amount'])
  const saved = imports.saveCsvProfile('My bank', profile, header)
  assert.equal(saved.name, 'My bank')
  assert.deepEqual(imports.csvProfiles().map((p) => p.name), ['My bank'])
  assert.deepEqual(JSON.parse(imports.suggestCsvProfile(CSV, 'other.csv')), JSON.parse(profile))
  const result = imports.importFile(CSV, { account: checking.id, counterAccount: groceries.id, csvProfileName: 'My bank' })
  assert.equal(result.new, 3)
  const batch = imports.batch(result.batchId)
  assert.equal(batch.kind, 'file')
  assert.deepEqual(batch.written, result.transactionIds)
  imports.deleteCsvProfile('My bank')
  assert.equal(thrown(() => imports.csvProfile('My bank')).code, 'profile_not_found')
})
