// Tally's Node binding and @actual-app/api side by side, in one process, on the same data:
// a book with 20 categories and 50 payee rules, an import of N bank lines, one month's budget
// summary; then the per-call overhead of the binding. See benches/README.md (Node binding).
//
//   cd bindings-node && npm install && npm run build
//   cd ../benches/node && npm install        # @actual-app/api 26.9.0, better-sqlite3 rebuilt
//   node compare-actual.mjs [--sizes 10000,100000] [--only tally|actual]
//
// ACTUAL_API=/path/to/node_modules/@actual-app/api uses an Actual installed elsewhere.
import { createRequire } from 'node:module'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const require = createRequire(import.meta.url)
const here = path.dirname(fileURLToPath(import.meta.url))
const tally = require(path.join(here, '..', '..', 'bindings-node'))
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 ? process.argv[i + 1] : fallback
}
const sizes = arg('sizes', '10000,100000').split(',').map(Number)
const only = arg('only', 'both')
const calls = Number(arg('calls', '1000000'))
const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6
const now = () => process.hrtime.bigint()

const CATEGORIES = 20
const RULES = 50
/** The bank lines: October 2026, 60 payees (50 have a rule), amounts in cents. */
function lines(n) {
  const out = new Array(n)
  for (let i = 0; i < n; i++) {
    out[i] = { day: 1 + (i % 28), cents: 100 + (i % 9900), payee: `Shop${i % 60}`, id: `id${i}` }
  }
  return out
}
const money = (cents) => `${(cents / 100) | 0}.${String(cents % 100).padStart(2, '0')}`

async function runTally(n, dir) {
  const data = lines(n)
  const csv = Buffer.from(
    'Date,Description,Amount,Id\n' +
      data.map((l) => `2026-10-${String(l.day).padStart(2, '0')},${l.payee},-${money(l.cents)},${l.id}\n`).join(''),
  )
  const r = {}
  let t0 = now()
  const engine = tally.Engine.open(path.join(dir, `tally-${n}.sqlite`))
  const user = engine.users.create({ email: 'b@example.com', givenName: 'B', familyName: 'B', defaultCurrency: 'EUR' })
  const book = engine.createBook({ name: 'bench', ownerId: user.id, defaultCurrency: 'EUR' })
  const checking = book.accounts.create({ path: 'Assets:Checking', kind: 'asset', subtype: 'checking', currency: 'EUR' })
  const inbox = book.accounts.create({ path: 'Expenses:Uncategorized', kind: 'expense', currency: 'EUR' })
  const cats = []
  for (let i = 0; i < CATEGORIES; i++) cats.push(book.accounts.create({ path: `Expenses:Cat${i}`, kind: 'expense', currency: 'EUR' }))
  for (let i = 0; i < RULES; i++) {
    book.categorizer.createRule({
      name: `Shop${i}`,
      condition: { kind: 'text', field: 'payee', match: { op: 'contains', value: `Shop${i}` } },
      actions: [{ kind: 'set_category', value: `Expenses:Cat${i % CATEGORIES}` }],
    })
  }
  const budget = book.budgets.create({
    name: 'Monthly',
    period: { kind: 'monthly' },
    start: '2026-10-01',
    currency: 'EUR',
    categories: cats.map((c) => ({ accountId: c.id })),
  })
  r.setup = ms(t0)
  const profile = book.imports.suggestCsvProfile(csv.subarray(0, 200), 'bank.csv')
  t0 = now()
  const result = await book.imports.importFileAsync(csv, { account: checking.id, counterAccount: inbox.id, csvProfile: profile, fileName: 'bank.csv' })
  r.import = ms(t0)
  if (result.new !== n) throw new Error(`tally imported ${result.new} of ${n}`)
  t0 = now()
  const status = book.budgets.status(budget.id, '2026-10-31')
  r.month = ms(t0)
  r.spent = status.totals.spent
  r.book = book
  r.engine = engine
  return r
}

async function runActual(n, dir) {
  const api = require(process.env.ACTUAL_API || '@actual-app/api')
  const data = lines(n)
  const txs = data.map((l) => ({ date: `2026-10-${String(l.day).padStart(2, '0')}`, amount: -l.cents, payee_name: l.payee, imported_id: l.id }))
  const dataDir = path.join(dir, `actual-${n}`)
  fs.mkdirSync(dataDir)
  const r = {}
  let t0 = now()
  await api.init({ dataDir })
  try {
    await api.runImport(`bench-${n}`, async () => {
      const acct = await api.createAccount({ name: 'Checking', offbudget: false }, 0)
      const group = await api.createCategoryGroup({ name: 'Spending' })
      const cats = []
      for (let i = 0; i < CATEGORIES; i++) cats.push(await api.createCategory({ name: `Cat${i}`, group_id: group }))
      for (let i = 0; i < RULES; i++) {
        await api.createRule({ stage: null, conditionsOp: 'and', conditions: [{ op: 'contains', field: 'imported_payee', value: `Shop${i}` }], actions: [{ op: 'set', field: 'category', value: cats[i % CATEGORIES] }] })
      }
      r.setup = ms(t0)
      t0 = now()
      await api.importTransactions(acct, txs)
      r.import = ms(t0)
      t0 = now()
      const m = await api.getBudgetMonth('2026-10')
      r.month = ms(t0)
      r.spent = money(-m.totalSpent)
    })
  } catch (err) {
    // With no server configured, runImport's final upload fails after everything ran.
    if (err?.type !== 'FileUploadError' && !/upload/i.test(String(err?.message ?? err))) throw err
  }
  await api.shutdown()
  return r
}

function overhead(book, budgetId) {
  const time = (label, f, count) => {
    for (let i = 0; i < 10000; i++) f()
    const t0 = now()
    for (let i = 0; i < count; i++) f()
    console.log(`overhead ${label}: ${((ms(t0) * 1000) / count).toFixed(3)} us/call`)
  }
  time('book.id', () => book.id, calls)
  time("commodities.get('EUR')", () => book.commodities.get('EUR'), calls)
  time('budgets.get(id) (SQLite read, serde record)', () => book.budgets.get(budgetId), calls / 10)
  const f = () => 1
  time('plain JS function', f, calls)
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tally-vs-actual-'))
console.log(`node ${process.version}, ${os.cpus().length} cpus, load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`)
let last
for (const n of sizes) {
  const t = only === 'actual' ? null : await runTally(n, dir)
  const a = only === 'tally' ? null : await runActual(n, dir)
  for (const [name, r] of [['tally', t], ['actual', a]]) {
    if (r) console.log(`${name} n=${n} setup_ms=${r.setup.toFixed(2)} import_ms=${r.import.toFixed(1)} month_ms=${r.month.toFixed(2)} spent=${r.spent}`)
  }
  if (t && a) {
    for (const step of ['setup', 'import', 'month']) console.log(`ratio n=${n} ${step} actual/tally=${(a[step] / t[step]).toFixed(0)}x`)
  }
  if (last) last.engine.close()
  last = t
}
if (last) {
  overhead(last.book, last.book.budgets.list()[0].id)
  last.engine.close()
}
fs.rmSync(dir, { recursive: true, force: true })
