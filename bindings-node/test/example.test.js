'use strict'
// examples/node/balances-server.js: the HTTP handler answers on an ephemeral loopback port with
// a user's balances as JSON, maps errors to statuses, and stays responsive.

const test = require('node:test')
const assert = require('node:assert/strict')
const path = require('node:path')
const { tally, ROOT } = require('./helpers')
const { createServer } = require(path.join(ROOT, 'examples', 'node', 'balances-server.js'))
const { loadSample } = require(path.join(ROOT, 'examples', 'node', 'sample.js'))

test('GET /users/:id/balances returns the sample balances as JSON', async (t) => {
  const engine = tally.Engine.inMemory()
  const sam = engine.users.create({ email: 'sam@example.com', givenName: 'Sam', familyName: 'Rivera', defaultCurrency: 'EUR' })
  const loner = engine.users.create({ email: 'lee@example.com', givenName: 'Lee', familyName: 'N', defaultCurrency: 'EUR' })
  loadSample(engine.createBook({ name: 'Household', ownerId: sam.id, defaultCurrency: 'EUR' }))
  const server = createServer(engine)
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.after(() => new Promise((resolve) => server.close(() => resolve(engine.close()))))
  const base = `http://127.0.0.1:${server.address().port}`

  const res = await fetch(`${base}/users/${sam.id}/balances?asOf=2026-10-31`)
  assert.equal(res.status, 200)
  assert.match(res.headers.get('content-type'), /application\/json/)
  const body = await res.json()
  assert.deepEqual(body.user, { id: sam.id, email: 'sam@example.com' })
  assert.equal(body.asOf, '2026-10-31')
  assert.equal(body.books.length, 1)
  const total = (p) => body.books[0].balances.find((b) => b.path === p).total
  assert.equal(total('Assets:Bank:Checking'), '5028.41')
  assert.equal(total('Assets'), '14730.71')
  assert.equal(total('Expenses'), '5460.54')

  const none = await (await fetch(`${base}/users/${loner.id}/balances`)).json()
  assert.deepEqual(none.books, [])
  const missing = await fetch(`${base}/users/999/balances`)
  assert.equal(missing.status, 404)
  assert.equal((await missing.json()).error, 'user_not_found')
  const bad = await fetch(`${base}/users/${sam.id}/balances?asOf=31.10.2026`)
  assert.equal(bad.status, 400)
  assert.deepEqual(await bad.json(), {
    error: 'invalid_field',
    field: 'as_of',
    message: "as_of: expected a date as YYYY-MM-DD ('31.10.2026')",
  })
  assert.equal((await fetch(`${base}/nowhere`)).status, 404)
  // Concurrent requests are all answered.
  const many = await Promise.all(Array.from({ length: 20 }, () => fetch(`${base}/users/${sam.id}/balances`)))
  assert.ok(many.every((r) => r.status === 200))
})
