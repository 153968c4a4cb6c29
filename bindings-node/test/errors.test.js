'use strict'
// Errors: the exported code table equals docs/errors.md, and every code that JS can trigger
// arrives as an Error carrying `code`, `kind` and `field` (and `file` and `line` for errors of
// files), thrown by sync calls and rejected by the Promise forms alike.

const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { execFileSync } = require('node:child_process')
const { tally, ROOT, freshBook, thrown } = require('./helpers')

function docsTable() {
  const text = fs.readFileSync(path.join(ROOT, 'docs', 'errors.md'), 'utf8')
  return text
    .split('\n')
    .map((line) => /^\| `([a-z_]+)` \| ([a-z_]+) \| (.+) \|$/.exec(line))
    .filter(Boolean)
    .map(([, code, kind, meaning]) => ({ code, kind, meaning }))
}

test('errorCodes() is the table of docs/errors.md', () => {
  const docs = docsTable()
  assert.ok(docs.length >= 30)
  assert.deepEqual(tally.errorCodes(), docs)
})

/** Runs SQL on a database file with Python's sqlite3 (on every machine this project uses). */
function sql(file, statement) {
  execFileSync('python3', ['-c', 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute(sys.argv[2]); c.commit()', file, statement])
}

function hasPython() {
  try {
    execFileSync('python3', ['-c', 'import sqlite3'])
    return true
  } catch {
    return false
  }
}

/** One way to raise each code from JavaScript: [code, field or undefined, call]. */
function triggers(t) {
  const f = freshBook()
  const { engine, user, book, checking, savings, groceries } = f
  const other = engine.users.create({ email: 'bob@example.com', givenName: 'Bob', familyName: 'B', defaultCurrency: 'EUR' })
  const viewer = engine.users.create({ email: 'val@example.com', givenName: 'Val', familyName: 'V', defaultCurrency: 'EUR' })
  book.addMember(viewer.id, 'viewer')
  const expense = (amount, extra) => book.transactions.expense('2026-03-01', checking.id, groceries.id, amount, 'Shop', extra)
  const tx = expense('10.00')
  const locked = book.transactions.setStatus(expense('11.00').id, 'reconciled')
  const gone = book.transactions.delete(expense('12.00').id)
  const reversed = expense('13.00')
  book.transactions.reverse(reversed.id, { date: '2026-03-02' })
  expense('14.00', { externalId: 'bank-1' })
  const closed = book.accounts.create({ path: 'Assets:Old', kind: 'asset', currency: 'EUR' })
  book.accounts.close(closed.id, '2026-01-31')
  book.commodities.define({ code: 'BTC', name: 'Bitcoin', scale: 8, kind: 'crypto' })
  book.rates.add({ base: 'EUR', quote: 'USD', date: '2026-01-01', rate: '1.05', source: 'manual' })

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tally-errors-'))
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }))
  const fileEngine = (name, setup) => {
    const file = path.join(dir, name)
    const e = tally.Engine.open(file)
    const u = e.users.create({ email: 'x@example.com', givenName: 'X', familyName: 'Y', defaultCurrency: 'EUR' })
    const b = e.createBook({ name: 'B', ownerId: u.id, defaultCurrency: 'EUR' })
    const ids = { user: u.id, book: b.id }
    e.close()
    setup(file)
    return { file, ids }
  }

  // Bank connections, saved CSV profiles and import batches.
  const imports = book.imports
  const plaid = imports.createConnection(
    { provider: 'plaid', institution: 'ins_1', name: 'Bank', accounts: [{ providerAccountId: 'acc-1', accountId: checking.id }], counterAccount: groceries.id, accessToken: 'secret' },
    Buffer.alloc(32, 7),
  )
  const off = imports.createConnection({ provider: 'simplefin', institution: 'sfin', name: 'Off', accounts: [{ providerAccountId: 'a', accountId: savings.id }], counterAccount: groceries.id })
  imports.updateConnection(off.id, { status: 'disconnected' })
  const profile = imports.suggestCsvProfile(Buffer.from('Date,Amount,Payee\n2026-10-01,-4.20,Bakery\n'), 'p.csv')
  imports.saveCsvProfile('Mine', profile)
  const batchFile = imports.importFile(Buffer.from('Date,Amount,Payee\n2026-10-01,-4.20,Bakery\n'), { account: checking.id, counterAccount: groceries.id })
  imports.undoBatch(batchFile.batchId)
  const list = [
    ['sync_failed', 'has_more', () => imports.sync(plaid.id, ['{"added": [], "modified": [], "removed": [], "next_cursor": "c", "has_more": true}'])],
    ['connection_not_found', undefined, () => imports.connection(999)],
    ['connection_disconnected', undefined, () => imports.sync(off.id, [])],
    ['token_key_mismatch', undefined, () => imports.revealToken(plaid.id, Buffer.alloc(32, 1))],
    ['profile_exists', undefined, () => imports.saveCsvProfile('Mine', profile)],
    ['profile_not_found', undefined, () => imports.csvProfile('Nope')],
    ['batch_not_found', undefined, () => imports.batch(999)],
    ['batch_already_undone', undefined, () => imports.undoBatch(batchFile.batchId)],
    ['too_many_decimals', 'splits[0].amount', () => expense('1.005')],
    ['amount_out_of_range', 'splits[0].amount', () => expense('100000000000000000')],
    ['invalid_amount', 'amount', () => expense('12,50')],
    ['unknown_commodity', 'currency', () => book.accounts.create({ path: 'Assets:Z', kind: 'asset', currency: 'ZZZ' })],
    ['invalid_commodity_code', 'code', () => book.commodities.define({ code: 'btc', name: 'x', scale: 8, kind: 'crypto' })],
    ['invalid_scale', 'scale', () => book.commodities.define({ code: 'ETH', name: 'Ether', scale: 19, kind: 'crypto' })],
    ['commodity_exists', 'code', () => book.commodities.define({ code: 'BTC', name: 'Bitcoin', scale: 8, kind: 'crypto' })],
    ['invalid_field', 'email', () => engine.users.create({ email: 'nope', givenName: 'N', familyName: 'O', defaultCurrency: 'EUR' })],
    ['user_not_found', undefined, () => engine.users.get(999)],
    ['book_not_found', undefined, () => engine.openBook(999, user.id)],
    ['not_a_member', undefined, () => engine.openBook(book.id, other.id)],
    ['read_only', undefined, () => engine.openBook(book.id, viewer.id).accounts.create({ path: 'Assets:V', kind: 'asset', currency: 'EUR' })],
    ['email_taken', 'email', () => engine.users.create({ email: 'bob@example.com', givenName: 'B', familyName: 'B', defaultCurrency: 'EUR' })],
    ['already_member', undefined, () => book.addMember(viewer.id, 'member')],
    ['invalid_account_path', 'path', () => book.accounts.create({ path: 'Assets::X', kind: 'asset', currency: 'EUR' })],
    ['duplicate_account_name', 'path', () => book.accounts.create({ path: 'Assets:Bank:Checking', kind: 'asset', currency: 'EUR' })],
    ['parent_kind_mismatch', 'kind', () => book.accounts.create({ path: 'Assets:Fun', kind: 'expense', currency: 'EUR' })],
    ['invalid_subtype', 'subtype', () => book.accounts.create({ path: 'Expenses:Bank', kind: 'expense', subtype: 'checking', currency: 'EUR' })],
    ['account_not_found', 'account_id', () => book.accounts.get(999)],
    ['closed_before_opened', 'closed_on', () => book.accounts.update(savings.id, { openedOn: '2026-02-01', closedOn: '2026-01-01' })],
    ['too_few_splits', 'splits', () => book.transactions.add({ date: '2026-03-01', splits: [{ accountId: checking.id, amount: '1' }] })],
    ['unbalanced', 'splits', () => book.transactions.add({ date: '2026-03-01', splits: [{ accountId: checking.id, amount: '1' }, { accountId: groceries.id, amount: '-2' }] })],
    ['account_closed', 'splits[1].account_id', () => book.transactions.expense('2026-03-01', closed.id, groceries.id, '1', 'x')],
    ['commodity_mismatch', 'splits[0].commodity', () => book.transactions.add({ date: '2026-03-01', splits: [{ accountId: checking.id, amount: '1', commodity: 'USD' }, { accountId: groceries.id, amount: '-1', commodity: 'USD' }] })],
    ['transaction_not_found', undefined, () => book.transactions.get(999)],
    ['transaction_deleted', undefined, () => book.transactions.delete(gone.id)],
    ['not_deleted', undefined, () => book.transactions.restore(tx.id)],
    ['reconciled_locked', undefined, () => book.transactions.setStatus(locked.id, 'void')],
    ['external_id_conflict', 'external_id', () => expense('99.00', { externalId: 'bank-1' })],
    ['already_reversed', undefined, () => book.transactions.reverse(reversed.id)],
    ['assertion_not_found', undefined, () => book.accounts.deleteAssertion(999)],
    ['no_rate', 'rate', () => book.rates.lookup('EUR', 'USD', '2025-12-31')],
    ['stale_rate', 'rate', () => book.rates.convert('10.00', 'USD', 'EUR', '2026-03-01')],
    ['rate_not_found', undefined, () => book.rates.delete('EUR', 'USD', '2026-01-02')],
    ['malformed_line', 'rate', () => book.rates.load(Buffer.from('date,base,quote,rate\n2026-01-01,EUR,USD,1.05\n2026-01-02,EUR,USD,n/a\n'))],
    ['unreadable_file', undefined, () => book.rates.load(path.join(dir, 'no-rates-here.csv'))],
    ['storage', undefined, () => tally.Engine.open(path.join(dir, 'missing', 'dir', 'book.sqlite'))],
  ]
  if (hasPython()) {
    const newer = fileEngine('newer.sqlite', (file) => sql(file, 'INSERT INTO schema_version (version) VALUES (9999)'))
    list.push(['schema_too_new', undefined, () => tally.Engine.open(newer.file)])
    const corrupt = fileEngine('corrupt.sqlite', (file) => {
      const e = tally.Engine.open(file)
      e.openBook(1, 1).commodities.define({ code: 'GOLD', name: 'Gold', scale: 3, kind: 'other' })
      e.close()
      sql(file, "UPDATE commodities SET kind = 'mystery'")
    })
    list.push(['corrupt_data', undefined, () => {
      const e = tally.Engine.open(corrupt.file)
      try {
        return e.openBook(corrupt.ids.book, corrupt.ids.user).commodities.list()
      } finally {
        e.close()
      }
    }])
  }
  // Categorizer, budgets, goals, alerts.
  const rule = (match, cat = 'Expenses:Food:Groceries') => ({ name: 'r', condition: { kind: 'text', field: 'payee', match }, actions: [{ kind: 'set_category', value: cat }] })
  const dining = book.accounts.create({ path: 'Expenses:Food:Out', kind: 'expense', currency: 'EUR' })
  book.budgets.create({ name: 'B', period: { kind: 'monthly' }, start: '2026-01-01', currency: 'EUR', categories: [{ accountId: dining.id }] })
  const goal = book.goals.create({ name: 'G', kind: { kind: 'save_toward', accounts: [savings.id] }, target: '5.00', currency: 'EUR' })
  book.goals.archive(goal.id)
  const split = book.transactions.splitPurchase('2026-03-01', checking.id, 'Shop', [{ accountId: groceries.id, amount: '1.00' }, { accountId: dining.id, amount: '2.00' }])
  list.push(
    ['budget_not_found', undefined, () => book.budgets.get(999)],
    ['budget_overlap', 'categories[0].account_id', () => book.budgets.create({ name: 'C', period: { kind: 'monthly' }, start: '2026-01-01', currency: 'EUR', categories: [{ accountId: dining.id }] })],
    ['goal_not_found', undefined, () => book.goals.progress(999)],
    ['goal_archived', undefined, () => book.goals.contribute(goal.id, { date: '2026-01-02', amount: '1.00' })],
    ['alert_not_found', undefined, () => book.alerts.dismiss([999])],
    ['invalid_rule', 'condition.match', () => book.categorizer.createRule(rule({ op: 'regex', value: '(' }))],
    ['not_enough_training_data', undefined, () => book.categorizer.train()],
    ['rule_not_found', undefined, () => book.categorizer.rule(999)],
    ['model_not_found', undefined, () => book.categorizer.activate(3)],
    ['category_not_found', 'actions[0].value', () => book.categorizer.createRule(rule({ op: 'equals', value: 'x' }, 'Expenses:Nope'))],
    ['not_a_category', 'category', () => book.categorizer.correct(split.id, checking.id)],
    ['not_categorizable', undefined, () => book.categorizer.correct(split.id, groceries.id)],
  )
  // Portfolio.
  const broker = book.accounts.create({ path: 'Assets:Broker', kind: 'asset', subtype: 'investment', currency: 'EUR' })
  const gains = book.accounts.create({ path: 'Income:Gains', kind: 'income', currency: 'EUR' })
  book.portfolio.defineSecurity({ code: 'ACME', name: 'Acme', assetClass: 'stock', currency: 'EUR' })
  book.portfolio.buy({ date: '2026-01-05', accountId: broker.id, security: 'ACME', quantity: '2', price: '10.00', cashAccountId: checking.id })
  const sell = (extra) => ({ date: '2026-02-01', accountId: broker.id, security: 'ACME', quantity: '1', price: '11.00', gainsAccountId: gains.id, cashAccountId: checking.id, ...extra })
  list.push(
    ['insufficient_quantity', 'quantity', () => book.portfolio.sell(sell({ quantity: '3' }))],
    ['lot_not_found', 'lots[0].lot_id', () => book.portfolio.sell(sell({ lots: [{ lotId: 999, quantity: '1' }] }))],
    ['not_a_security', 'security', () => book.portfolio.security('EUR')],
    ['invalid_targets', 'targets', () => book.portfolio.setTargets(null, [{ key: { kind: 'security', value: 'ACME' }, percent: '90' }])],
  )
  return { list, f }
}

test('every code of docs/errors.md that JS can trigger arrives with code, kind and field', (t) => {
  const { list } = triggers(t)
  const kinds = new Map(tally.errorCodes().map((e) => [e.code, e.kind]))
  const seen = new Set()
  for (const [code, field, call] of list) {
    const err = thrown(call)
    assert.ok(err instanceof Error, code)
    assert.equal(err.code, code, `${code}: ${err.message}`)
    assert.equal(err.kind, kinds.get(code), code)
    assert.equal(err.field, field, `${code} field`)
    assert.ok(err.message.length > 0)
    // Errors of files name the file (and the line, where there is one); no other error does.
    assert.equal(typeof err.file, err.kind === 'import' ? 'string' : 'undefined', `${code} file`)
    assert.equal(typeof err.line, code === 'malformed_line' ? 'number' : 'undefined', `${code} line`)
    seen.add(code)
  }
  const missing = [...kinds.keys()].filter((c) => !seen.has(c))
  // Without python3 the two database-tampering cases are skipped; nothing else may be missing
  // but three codes this suite does not raise yet: `split_mismatch` (a rule's split that cannot
  // add up to an amount: no public call found that surfaces it rather than skipping the line),
  // `training_failed` (the solver failing) and `invalid_model` (damaged stored model bytes,
  // which would need the model table's layout). They map like every code (the one mapping).
  const unreachable = ['schema_too_new', 'corrupt_data', 'split_mismatch', 'training_failed', 'invalid_model']
  assert.deepEqual(missing.filter((c) => !unreachable.includes(c)), [])
  if (!hasPython()) t.diagnostic('python3 missing: schema_too_new and corrupt_data not triggered')
  const kindsSeen = new Set([...seen].map((c) => kinds.get(c)))
  assert.deepEqual([...kindsSeen].sort(), ['conflict', 'import', 'not_found', 'permission', 'storage', 'validation'])
})

test('Promise forms reject with the same error objects', async () => {
  const { book, checking, groceries } = freshBook()
  const bad = [
    { date: '2026-03-01', splits: [{ accountId: checking.id, amount: '-1.00' }, { accountId: groceries.id, amount: '1.00' }] },
    { date: '2026-03-01', splits: [{ accountId: checking.id, amount: '-1.00' }, { accountId: groceries.id, amount: '1.001' }] },
  ]
  await assert.rejects(book.transactions.addBatchAsync(bad), (err) => {
    assert.ok(err instanceof Error)
    assert.equal(err.code, 'too_many_decimals')
    assert.equal(err.kind, 'validation')
    assert.equal(err.field, 'transactions[1].splits[1].amount')
    assert.match(err.message, /1\.001 has 3 decimals but EUR allows 2/)
    return true
  })
  assert.equal(book.transactions.search().total, 0, 'a failed batch writes nothing')
  await assert.rejects(book.accounts.registerAsync(999), { code: 'account_not_found', kind: 'not_found', field: 'account_id' })
  await assert.rejects(book.transactions.searchAsync({}, { limit: 0 }), { code: 'invalid_field', field: 'limit' })
  await assert.rejects(book.transactions.searchAsync({ accounts: [999] }), { code: 'account_not_found', field: 'accounts' })
  await assert.rejects(book.auditLogAsync({ limit: 20000 }), { code: 'invalid_field', field: 'limit' })
  // Conversion errors reject too (before any work is queued), never throw synchronously.
  assert.throws(() => book.reports.spendingByCategoryAsync('2026-13-01', '2026-12-31'), { code: 'invalid_field', field: 'from' })
  assert.throws(() => book.accounts.balancesAsync({ asOf: 'yesterday' }), { code: 'invalid_field', field: 'as_of' })
  assert.throws(() => book.transactions.addBatchAsync([{ ...bad[0], splits: [{ accountId: checking.id, amount: 1 }, bad[0].splits[1]] }]), {
    name: 'TypeError',
    code: 'ERR_INVALID_ARG_TYPE',
    field: 'transactions[0].splits[0].amount',
  })
})

test('calls on a closed engine fail with ERR_INVALID_STATE, sync and async', async () => {
  const { engine, book } = freshBook()
  const accounts = book.accounts
  engine.close()
  assert.throws(() => accounts.list(), { code: 'ERR_INVALID_STATE' })
  assert.throws(() => book.transactions.addBatchAsync([]), { code: 'ERR_INVALID_STATE' })
  assert.throws(() => engine.createBook({ name: 'x', ownerId: 1, defaultCurrency: 'EUR' }), { code: 'ERR_INVALID_STATE' })
})
