'use strict'
// A small HTTP handler using only Node's `http` module: GET /users/:userId/balances returns
// the balances of every book the user is a member of, as JSON. Amounts stay decimal strings
// from the engine to the wire, so no cent is ever rounded through a float. The balances are
// read with the Promise form, off the event loop, so the server keeps answering meanwhile.
//
//   node examples/node/balances-server.js [path/to/book.sqlite]   (port from $PORT, or 3000)
//   curl 'http://127.0.0.1:3000/users/1/balances?asOf=2026-10-31'
//
// Errors map from the engine's `kind` to an HTTP status; the body carries the stable `code`.

const http = require('node:http')
// In an application: require('tally').
const { Engine } = require('../../bindings-node')

const STATUS_BY_KIND = { validation: 400, not_found: 404, conflict: 409, permission: 403, storage: 500 }

function send(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' })
  res.end(JSON.stringify(body))
}

/** The request handler: one engine shared by every request. */
function balancesHandler(engine) {
  return async (req, res) => {
    const url = new URL(req.url, 'http://localhost')
    const match = /^\/users\/(\d+)\/balances$/.exec(url.pathname)
    if (req.method !== 'GET' || !match) {
      send(res, 404, { error: 'not_found', message: 'try GET /users/:userId/balances' })
      return
    }
    const userId = Number(match[1])
    const asOf = url.searchParams.get('asOf') ?? undefined
    try {
      const user = engine.users.get(userId)
      const books = []
      for (const info of engine.booksOf(userId)) {
        const book = engine.openBook(info.id, userId)
        const balances = await book.accounts.balancesAsync({ asOf })
        books.push({ id: info.id, name: info.name, currency: info.defaultCurrency, balances })
      }
      send(res, 200, { user: { id: user.id, email: user.email }, asOf: asOf ?? null, books })
    } catch (err) {
      const status = STATUS_BY_KIND[err.kind] ?? 500
      send(res, status, { error: err.code ?? 'internal', field: err.field, message: err.message })
    }
  }
}

/** An HTTP server over `engine`, not yet listening. */
function createServer(engine) {
  return http.createServer(balancesHandler(engine))
}

module.exports = { balancesHandler, createServer }

if (require.main === module) {
  const path = require('node:path')
  const file = process.argv[2] ?? path.join(__dirname, '..', '..', 'target', 'quickstart-node.sqlite')
  const engine = Engine.open(file)
  const server = createServer(engine)
  const port = Number(process.env.PORT ?? 3000)
  server.listen(port, '127.0.0.1', () => {
    console.log(`Serving balances of ${file} on http://127.0.0.1:${server.address().port}`)
  })
  process.on('SIGINT', () => server.close(() => engine.close()))
}
