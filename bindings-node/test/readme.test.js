'use strict'
// The README's example runs as written (with `require('tally')` pointed at this package).

const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const vm = require('node:vm')

test('the README example runs and prints what its comments say', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8')
  const code = /```js\n([\s\S]*?)```/.exec(readme)[1]
  const printed = []
  const sandbox = {
    require: (name) => require(name === 'tally' ? '..' : name),
    console: { log: (...args) => printed.push(args.join(' ')) },
  }
  vm.runInNewContext(code, sandbox)
  assert.deepEqual(printed, ['-54.30', 'too_many_decimals validation splits[0].amount'])
})
