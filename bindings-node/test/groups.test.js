'use strict'
// book.categorizer, book.budgets, book.goals, book.alerts: records both ways (plain objects,
// camelCase keys, decimal strings), their error codes, one scenario per group, and alerts
// reaching the subscriber callback once, after commit.

const test = require('node:test')
const assert = require('node:assert/strict')
const { execFileSync } = require('node:child_process')
const path = require('node:path')
const { tally, freshBook, thrown } = require('./helpers')

const csv = (rows) => Buffer.from(`Date,Description,Amount\n${rows.join('\n')}\n`)
const settle = () => new Promise((resolve) => setTimeout(resolve, 20))
/** Waits until `done()` holds (events arrive through the threadsafe function, later on a busy
 * machine), at most two seconds. */
async function until(done) {
  for (let waited = 0; !done() && waited < 2000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10))
}

test('categorizer: rules -> import -> review -> correct -> proposal', async () => {
  const { engine, book, checking, groceries, dining } = freshBook()
  const inbox = book.accounts.create({ path: 'Expenses:Uncategorized', kind: 'expense', currency: 'EUR' })
  const coffee = book.accounts.create({ path: 'Expenses:Coffee', kind: 'expense', currency: 'EUR' })
  const rule = book.categorizer.createRule({
    name: 'Coffee',
    condition: {
      kind: 'all',
      conditions: [
        { kind: 'text', field: 'payee', match: { op: 'contains', value: 'cafe' } },
        { kind: 'not', condition: { kind: 'amount', match: { op: 'greater', value: '20.00' } } },
      ],
    },
    actions: [{ kind: 'set_category', value: 'Expenses:Coffee' }, { kind: 'add_tags', value: ['coffee'] }],
  })
  assert.equal(rule.stage, 'default')
  assert.equal(rule.enabled, true)
  assert.equal(rule.actions[0].value, 'Expenses:Coffee')
  assert.equal(rule.condition.conditions[1].condition.match.value, '20.00')
  assert.deepEqual(book.categorizer.rules().map((r) => r.id), [rule.id])

  const changes = book.categorizer.testRule({ name: 'x', condition: { kind: 'text', field: 'payee', match: { op: 'contains', value: 'market' } }, actions: [{ kind: 'set_category', value: String(groceries.id) }] })
  assert.deepEqual(changes, [])

  const profile = book.imports.suggestCsvProfile(csv(['2026-10-01,Corner Cafe,-3.50']), 'bank.csv')
  const into = { account: checking.id, counterAccount: inbox.id, csvProfile: profile }
  const result = book.imports.importFile(
    csv(['2026-10-01,Corner Cafe,-3.50', '2026-10-02,Fresh Market,-54.30', '2026-10-09,Fresh Market,-41.10', '2026-10-16,Fresh Market,-38.00', '2026-10-23,Fresh Market,-12.00']),
    into,
  )
  assert.equal(result.new, 5)
  const [cafe, m1, m2, m3] = result.transactionIds
  const d = book.categorizer.decision(cafe)
  assert.deepEqual(d.decidedBy, { kind: 'rule', ruleId: rule.id })
  assert.equal(book.transactions.get(cafe).splits.find((s) => s.accountId === coffee.id).amount, '3.50')

  const queue = book.categorizer.reviewQueue()
  assert.ok(queue.items.length >= 1)
  assert.ok(queue.items.every((i) => i.decision.needsReview))

  const corrections = [m1, m2, m3].map((id) => book.categorizer.correct(id, groceries.id))
  assert.equal(corrections[0].decision.decidedBy.kind, 'manual')
  assert.equal(corrections[0].decision.locks.category, true)
  const proposal = corrections.map((c) => c.proposal).find(Boolean)
  assert.ok(proposal, 'a rule is proposed after enough corrections')
  assert.equal(proposal.category, groceries.id)
  const memory = book.categorizer.payeeMemory()
  assert.ok(memory.some((row) => row.category === groceries.id && row.count >= 3))
  const accepted = book.categorizer.acceptProposal(proposal)
  assert.ok(accepted.id > rule.id)
  const applied = await book.categorizer.applyRulesAsync({})
  assert.ok(Array.isArray(applied))
  const decisions = await book.categorizer.categorizeAsync([result.transactionIds[4]])
  assert.equal(decisions[0].decidedBy.kind, 'rule')

  assert.equal(book.categorizer.disableRule(rule.id).enabled, false)
  assert.equal(book.categorizer.setEnabled(rule.id, true).enabled, true)
  assert.deepEqual(book.categorizer.reorderRules([accepted.id, rule.id]).map((r) => r.id), [accepted.id, rule.id])
  const settings = book.categorizer.settings()
  assert.equal(typeof settings.threshold, 'number')
  assert.equal(book.categorizer.setSettings({ ...settings, proposalAfter: 5 }).proposalAfter, 5)
  assert.equal(thrown(() => book.categorizer.train()).code, 'not_enough_training_data')
  const model = await book.categorizer.trainAsync({ force: true })
  assert.equal(model.version, 1)
  assert.deepEqual(book.categorizer.models().map((m) => m.version), [1])
  assert.equal(book.categorizer.activate(1).active, true)
  assert.equal(typeof book.categorizer.queuedExamples(), 'number')
  book.categorizer.deleteRule(accepted.id)
  assert.equal(thrown(() => book.categorizer.rule(accepted.id)).code, 'rule_not_found')
  void dining
  engine.close()
})

test('budgets: a monthly budget with rollover and its status', async () => {
  const { engine, book, checking, groceries, dining } = freshBook()
  const budget = book.budgets.create({
    name: 'Monthly',
    period: { kind: 'monthly' },
    start: '2026-09-01',
    currency: 'EUR',
    categories: [{ accountId: groceries.id }, { accountId: dining.id, rollover: 'return_to_pool' }],
  })
  assert.deepEqual(budget.thresholds, [80, 100])
  assert.equal(budget.mode, 'period')
  assert.equal(budget.categories[0].rollover, 'roll')
  const a = book.budgets.setAllocation(budget.id, '2026-09-01', groceries.id, '300.00')
  assert.deepEqual(a, { budgetId: budget.id, periodStart: '2026-09-01', accountId: groceries.id, amount: '300.00' })
  book.budgets.setAllocations(budget.id, [
    { period: '2026-10-01', accountId: groceries.id, amount: '300.00' },
    { period: '2026-10-01', accountId: dining.id, amount: '80.00' },
  ])
  assert.equal(book.budgets.allocations(budget.id, '2026-10-15').length, 2)
  book.transactions.expense('2026-09-10', checking.id, groceries.id, '250.00', 'Market')
  book.transactions.expense('2026-10-05', checking.id, groceries.id, '120.40', 'Market')
  const status = book.budgets.status(budget.id, '2026-10-31')
  const g = status.categories.find((c) => c.accountId === groceries.id)
  assert.equal(g.allocated, '300.00')
  assert.equal(g.rolledIn, '50.00')
  assert.equal(g.spent, '120.40')
  assert.equal(g.available, '229.60')
  assert.equal(status.periodStart, '2026-10-01')
  assert.deepEqual(await book.budgets.statusAsync(budget.id, '2026-10-31'), status)
  assert.equal(book.budgets.update(budget.id, { name: 'Household' }).name, 'Household')
  assert.deepEqual(book.budgets.list().map((b) => b.id), [budget.id])
  const t = thrown(() => book.budgets.setAllocation(budget.id, '2026-10-01', groceries.id, 12.5))
  assert.equal(t.code, 'ERR_INVALID_ARG_TYPE')
  const n = thrown(() => book.budgets.setAllocations(budget.id, [{ period: '2026-10-01', accountId: groceries.id, amount: 12.5 }]))
  assert.equal(n.code, 'ERR_INVALID_ARG_TYPE')
  assert.equal(n.field, 'allocations[0].amount')
  book.budgets.delete(budget.id)
  assert.equal(thrown(() => book.budgets.get(budget.id)).code, 'budget_not_found')
  engine.close()
})

test('goals: progress of a savings goal', () => {
  const { engine, book, checking, savings } = freshBook()
  const goal = book.goals.create({ name: 'Holiday', kind: { kind: 'save_toward', accounts: [savings.id] }, target: '1000.00', currency: 'EUR', deadline: '2030-12-31' })
  assert.equal(goal.paceMonths, 3)
  assert.equal(goal.status, 'active')
  book.transactions.transfer('2026-01-05', checking.id, savings.id, '250.00')
  const c = book.goals.contribute(goal.id, { date: '2026-01-06', amount: '50.00', note: 'cash' })
  assert.equal(c.amount, '50.00')
  assert.equal(book.goals.contributions(goal.id).length, 1)
  const p = book.goals.progress(goal.id)
  assert.equal(p.target, '1000.00')
  assert.ok(['on_track', 'behind', 'ahead'].includes(p.state))
  assert.equal(typeof p.current, 'string')
  const updated = book.goals.update(goal.id, { deadline: null, target: '1200.00' })
  assert.equal(updated.target, '1200.00')
  assert.equal(updated.deadline ?? null, null)
  assert.equal(book.goals.archive(goal.id).status, 'archived')
  assert.equal(thrown(() => book.goals.contribute(goal.id, { date: '2026-01-07', amount: '1.00' })).code, 'goal_archived')
  assert.equal(book.goals.unarchive(goal.id).status, 'active')
  assert.equal(thrown(() => book.goals.create({ name: 'X', kind: { kind: 'save_toward', accounts: [savings.id] }, target: 10, currency: 'EUR' })).code, 'ERR_INVALID_ARG_TYPE')
  assert.equal(thrown(() => book.goals.get(999)).code, 'goal_not_found')
  assert.equal(book.goals.list().length, 1)
  engine.close()
})

test('alerts: crossing a budget threshold delivers exactly one alert_raised event, after commit', async () => {
  const { engine, book, checking, groceries } = freshBook()
  const budget = book.budgets.create({ name: 'M', period: { kind: 'monthly' }, start: '2026-10-01', currency: 'EUR', categories: [{ accountId: groceries.id }] })
  book.budgets.setAllocation(budget.id, '2026-10-01', groceries.id, '100.00')
  const events = []
  book.subscribe((e) => {
    if (e.kind === 'alert_raised') events.push({ e, stored: book.transactions.search({}).total })
  })
  book.transactions.expense('2026-10-03', checking.id, groceries.id, '85.00', 'Market')
  await until(() => events.length > 0)
  await settle()
  assert.equal(events.length, 1)
  const { alert } = events[0].e
  assert.equal(alert.kind, 'budget_threshold')
  assert.equal(alert.entities.budgetId, budget.id)
  assert.equal(events[0].stored, 1, 'the write had committed when the callback ran')
  book.transactions.expense('2026-10-04', checking.id, groceries.id, '1.00', 'Market')
  await settle()
  assert.equal(events.length, 1, 'the same threshold is not raised twice')
  const list = book.alerts.list()
  assert.deepEqual(list.map((a) => a.id), [alert.id])
  assert.deepEqual(book.alerts.list({ unreadOnly: true }).map((a) => a.id), [alert.id])
  book.alerts.markRead([alert.id])
  assert.deepEqual(book.alerts.list({ unreadOnly: true }), [])
  book.alerts.dismiss([alert.id])
  assert.deepEqual(book.alerts.list(), [])
  assert.equal(book.alerts.list({ includeDismissed: true })[0].dismissed, true)
  assert.equal(thrown(() => book.alerts.markRead([999])).code, 'alert_not_found')
  const s = book.alerts.settings()
  assert.equal(s.autoEvaluate, true)
  assert.equal(s.unusualScore, '3.5')
  assert.equal(book.alerts.setSettings({ ...s, largeTransaction: '500.00', largeCurrency: 'EUR' }).largeTransaction, '500.00')
  assert.deepEqual(await book.alerts.evaluateAsync(), [])
  assert.deepEqual(book.alerts.evaluate(), [])
  engine.close()
})

test('alerts: a failing callback does not roll the write back', () => {
  const script = `
    const tally = require(${JSON.stringify(path.join(__dirname, '..'))})
    const e = tally.Engine.inMemory()
    const u = e.users.create({ email: 'a@b.c', givenName: 'A', familyName: 'B', defaultCurrency: 'EUR' })
    const b = e.createBook({ name: 'B', ownerId: u.id, defaultCurrency: 'EUR' })
    const c = b.accounts.create({ path: 'Assets:C', kind: 'asset', currency: 'EUR' })
    const g = b.accounts.create({ path: 'Expenses:G', kind: 'expense', currency: 'EUR' })
    const bu = b.budgets.create({ name: 'M', period: { kind: 'monthly' }, start: '2026-10-01', currency: 'EUR', categories: [{ accountId: g.id }] })
    b.budgets.setAllocation(bu.id, '2026-10-01', g.id, '100.00')
    let thrownIn = 0
    process.on('uncaughtException', () => { thrownIn++ })
    b.subscribe((ev) => { if (ev.kind === 'alert_raised') throw new Error('subscriber failed') })
    const tx = b.transactions.expense('2026-10-03', c.id, g.id, '95.00', 'M')
    setTimeout(() => {
      console.log(JSON.stringify({ thrownIn, kept: b.transactions.get(tx.id).id === tx.id, alerts: b.alerts.list().length }))
    }, 50)`
  const out = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }).trim())
  assert.deepEqual(out, { thrownIn: 1, kept: true, alerts: 1 })
})

test('new events and error codes cross as the core names them', async () => {
  const { engine, book, groceries, savings } = freshBook()
  const events = []
  book.subscribe((e) => events.push(e))
  const rule = book.categorizer.createRule({ name: 'r', condition: { kind: 'text', field: 'payee', match: { op: 'equals', value: 'A' } }, actions: [{ kind: 'set_category', value: 'Expenses:Food:Groceries' }] })
  book.categorizer.setSettings(book.categorizer.settings())
  const budget = book.budgets.create({ name: 'M', period: { kind: 'monthly' }, start: '2026-10-01', currency: 'EUR', categories: [{ accountId: groceries.id }] })
  book.budgets.setAllocation(budget.id, '2026-10-01', groceries.id, '1.00')
  const goal = book.goals.create({ name: 'G', kind: { kind: 'save_toward', accounts: [savings.id] }, target: '5.00', currency: 'EUR' })
  await until(() => events.length >= 5)
  assert.deepEqual(events.map((e) => e.kind), ['rules_changed', 'categorizer_settings_changed', 'budget_changed', 'allocations_changed', 'goal_changed'])
  assert.deepEqual(events[0], { kind: 'rules_changed', ids: [rule.id] })
  assert.deepEqual(events[3], { kind: 'allocations_changed', budgetId: budget.id, count: 1 })
  assert.deepEqual(events[4], { kind: 'goal_changed', id: goal.id })

  const codes = {
    invalid_rule: () => book.categorizer.createRule({ name: 'r', condition: { kind: 'text', field: 'payee', match: { op: 'regex', value: '(' } }, actions: [{ kind: 'set_category', value: 'Expenses:Food:Groceries' }] }),
    category_not_found: () => book.categorizer.createRule({ name: 'r', condition: { kind: 'text', field: 'payee', match: { op: 'equals', value: 'A' } }, actions: [{ kind: 'set_category', value: 'Expenses:Nope' }] }),
    not_a_category: () => book.categorizer.createRule({ name: 'r', condition: { kind: 'text', field: 'payee', match: { op: 'equals', value: 'A' } }, actions: [{ kind: 'set_category', value: 'Assets:Bank:Checking' }] }),
    rule_not_found: () => book.categorizer.deleteRule(999),
    model_not_found: () => book.categorizer.activate(7),
    budget_overlap: () => book.budgets.create({ name: 'M2', period: { kind: 'monthly' }, start: '2026-10-01', currency: 'EUR', categories: [{ accountId: groceries.id }] }),
    invalid_field: () => book.budgets.create({ name: 'M3', period: { kind: 'fortnightly' }, start: '2026-10-01', currency: 'EUR' }),
  }
  for (const [code, call] of Object.entries(codes)) {
    const err = thrown(call)
    assert.equal(err.code, code, `${code}: ${err.message}`)
    assert.ok(err.kind)
  }
  engine.close()
})
