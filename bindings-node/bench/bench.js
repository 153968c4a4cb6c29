'use strict'
// Node binding benchmark (issue 4, item 7): Tally beside @actual-app/api on the same data, in
// one run. For each size: create a book with 20 categories (and, in Actual, 50 payee rules),
// import N transactions into one checking account, then read one month's summary.
//
//   node bench/bench.js                          Tally only, 10,000 and 100,000
//   ACTUAL_API=/tmp/actual-bench/node_modules/@actual-app/api node bench/bench.js
//   node bench/bench.js --sizes 1000 --calls 100000   (a quick smoke run)
//
// What the comparison lacks on Tally's side, said in benches/README.md: Tally has no payee
// rules or budgets yet (issues 8 and 9), so its "budget summary" is spending by category for
// the month, and no rule runs during its import. @actual-app/api is never a dependency of
// this package: install it in a scratch folder and point ACTUAL_API at it.

const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { Engine } = require('..')

const args = process.argv.slice(2)
const opt = (name, fallback) => {
  const i = args.indexOf(name)
  return i >= 0 ? args[i + 1] : fallback
}
const SIZES = opt('--sizes', '10000,100000').split(',').map(Number)
const CALLS = Number(opt('--calls', '1000000'))
const MONTH = { from: '2026-03-01', to: '2026-03-31', key: '2026-03' }

const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6
const now = () => process.hrtime.bigint()
const fmt = (v) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2))

/** The same synthetic bank data for both engines: n rows over 2026, 50 payees, exact cents. */
function rows(n) {
  const out = new Array(n)
  for (let i = 0; i < n; i++) {
    const day = new Date(Date.UTC(2026, 0, 1 + (i % 365))).toISOString().slice(0, 10)
    const cents = 100 + ((i * 7919) % 19900)
    out[i] = { i, date: day, payee: i % 50, cents, category: i % 20 }
  }
  return out
}

const decimal = (cents) => `${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, '0')}`

async function benchTally(n, dir) {
  const result = { engine: 'Tally', n }
  const file = path.join(dir, `tally-${n}.sqlite`)
  let t0 = now()
  const engine = Engine.open(file)
  const user = engine.users.create({ email: `bench${n}@example.com`, givenName: 'B', familyName: 'B', defaultCurrency: 'EUR' })
  const book = engine.createBook({ name: `Bench ${n}`, ownerId: user.id, defaultCurrency: 'EUR' })
  const checking = book.accounts.create({ path: 'Assets:Checking', kind: 'asset', subtype: 'checking', currency: 'EUR' })
  const categories = []
  for (let c = 0; c < 20; c++) {
    categories.push(book.accounts.create({ path: `Expenses:Category ${String(c).padStart(2, '0')}`, kind: 'expense', currency: 'EUR' }).id)
  }
  result.setupMs = ms(t0)
  const data = rows(n)
  // Each row is categorized as Actual's payee rule would (payee p -> category p % 20).
  const batch = data.map((r) => ({
    date: r.date,
    payee: `Payee ${r.payee}`,
    source: 'import',
    externalId: `bank-${r.i}`,
    splits: [
      { accountId: categories[r.payee % 20], amount: decimal(r.cents) },
      { accountId: checking.id, amount: `-${decimal(r.cents)}` },
    ],
  }))
  t0 = now()
  const ids = await book.transactions.addBatchAsync(batch)
  result.importMs = ms(t0)
  if (ids.length !== n) throw new Error('Tally imported a wrong count')
  t0 = now()
  const summary = await book.reports.spendingByCategoryAsync(MONTH.from, MONTH.to)
  result.summaryMs = ms(t0)
  result.monthSpent = summary.find((c) => c.path === 'Expenses').total
  engine.close()
  return result
}

/** Runs `fn` with Actual's console chatter silenced. */
async function quietly(fn) {
  const saved = { log: console.log, info: console.info, warn: console.warn, debug: console.debug }
  Object.assign(console, { log() {}, info() {}, warn() {}, debug() {} })
  try {
    return await fn()
  } finally {
    Object.assign(console, saved)
  }
}

async function benchActual(api, n, dir) {
  return quietly(() => actualSteps(api, n, dir))
}

async function actualSteps(api, n, dir) {
  const result = { engine: 'Actual', n }
  const dataDir = path.join(dir, `actual-${n}`)
  fs.mkdirSync(dataDir, { recursive: true })
  let t0 = now()
  await api.init({ dataDir })
  let accountId
  const categories = []
  await api.runImport(`Bench ${n}`, async () => {
    accountId = await api.createAccount({ name: 'Checking', offbudget: false })
    const group = await api.createCategoryGroup({ name: 'Bench' })
    for (let c = 0; c < 20; c++) {
      categories.push(await api.createCategory({ name: `Category ${String(c).padStart(2, '0')}`, group_id: group }))
    }
  })
  const budgets = await api.getBudgets()
  const budget = budgets.find((b) => b.name === `Bench ${n}`)
  await api.loadBudget(budget.id)
  for (let p = 0; p < 50; p++) {
    const payee = await api.createPayee({ name: `Payee ${p}` })
    await api.createRule({
      stage: null,
      conditionsOp: 'and',
      conditions: [{ field: 'payee', op: 'is', value: payee }],
      actions: [{ field: 'category', op: 'set', value: categories[p % 20] }],
    })
  }
  result.setupMs = ms(t0)
  const data = rows(n)
  const txs = data.map((r) => ({
    date: r.date,
    payee_name: `Payee ${r.payee}`,
    amount: -r.cents,
    imported_id: `bank-${r.i}`,
  }))
  t0 = now()
  const imported = await api.importTransactions(accountId, txs)
  result.importMs = ms(t0)
  if (imported.added.length !== n) throw new Error(`Actual imported ${imported.added.length} of ${n}`)
  t0 = now()
  const month = await api.getBudgetMonth(MONTH.key)
  result.summaryMs = ms(t0)
  result.monthSpent = decimal(-month.totalSpent)
  await api.shutdown()
  return result
}

function perCall() {
  const engine = Engine.inMemory()
  const user = engine.users.create({ email: 'calls@example.com', givenName: 'C', familyName: 'C', defaultCurrency: 'EUR' })
  const book = engine.createBook({ name: 'Calls', ownerId: user.id, defaultCurrency: 'EUR' })
  const cash = book.accounts.create({ path: 'Assets:Cash', kind: 'asset', currency: 'EUR' })
  const commodities = book.commodities
  const accounts = book.accounts
  const cases = {
    'book.id (getter: lock, no database)': () => book.id,
    "commodities.get('EUR') (built-in, string in and record out)": () => commodities.get('EUR'),
    'accounts.get(id) (SQLite read, record out)': () => accounts.get(cash.id),
    'a plain JS function call (baseline)': () => cash.id,
  }
  const out = {}
  for (const [name, fn] of Object.entries(cases)) {
    const calls = name.startsWith('accounts.get') ? Math.max(1, Math.floor(CALLS / 10)) : CALLS
    for (let i = 0; i < Math.min(calls, 10000); i++) fn()
    const t0 = now()
    for (let i = 0; i < calls; i++) fn()
    out[name] = (Number(now() - t0) / calls) / 1000
  }
  engine.close()
  return out
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tally-bench-'))
  const actualPath = process.env.ACTUAL_API
  const api = actualPath ? require(actualPath) : null
  console.log(`node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0].model}), Tally on a SQLite file in ${os.tmpdir()}`)
  if (!api) console.log('ACTUAL_API not set: Tally only')
  const results = []
  try {
    const progress = (r) => {
      results.push(r)
      // Partial results on stderr: Actual's import of 100,000 rows takes minutes.
      process.stderr.write(`${r.engine} ${r.n}: set-up ${fmt(r.setupMs)} ms, import ${fmt(r.importMs)} ms, summary ${fmt(r.summaryMs)} ms\n`)
    }
    for (const n of SIZES) {
      progress(await benchTally(n, dir))
      if (api) progress(await benchActual(api, n, dir))
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
  console.log('\n| engine | transactions | set-up (20 categories) ms | import ms | month summary ms | month spent |')
  console.log('|---|---:|---:|---:|---:|---:|')
  for (const r of results) {
    console.log(`| ${r.engine} | ${r.n} | ${fmt(r.setupMs)} | ${fmt(r.importMs)} | ${fmt(r.summaryMs)} | ${r.monthSpent} |`)
  }
  if (api) {
    console.log('\n| transactions | step | Actual / Tally |')
    console.log('|---:|---|---:|')
    for (const n of SIZES) {
      const t = results.find((r) => r.engine === 'Tally' && r.n === n)
      const a = results.find((r) => r.engine === 'Actual' && r.n === n)
      for (const step of ['setupMs', 'importMs', 'summaryMs']) {
        console.log(`| ${n} | ${step.replace('Ms', '')} | ${(a[step] / t[step]).toFixed(1)}x |`)
      }
    }
  }
  console.log('\n| trivial call | µs per call |')
  console.log('|---|---:|')
  for (const [name, us] of Object.entries(perCall())) console.log(`| ${name} | ${us.toFixed(3)} |`)
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
