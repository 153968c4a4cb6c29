// The quickstart in Kotlin: builds a real SQLite book from the sample data in examples/data,
// adds one expense by hand, then prints the balances and October's spending by category. It
// prints the same figures as `cargo run --example quickstart`.
//
// Usage: Quickstart [examples/data] [path/to/book.sqlite]
package app.tally.examples

import app.tally.Engine
import app.tally.NewBalanceAssertion
import app.tally.NewBook
import app.tally.NewUser
import app.tally.PageRequest
import app.tally.SortOrder
import java.io.File

fun main(args: Array<String>) {
    val data = File(args.getOrElse(0) { "examples/data" })
    val path = File(args.getOrElse(1) { "target/quickstart-kotlin.sqlite" })
    // A leftover book from an earlier run would make the idempotent load add nothing.
    for (suffix in listOf("", "-wal", "-shm")) File(path.path + suffix).delete()

    Engine.open(path.path).use { engine ->
        val user = engine.users().create(NewUser("sam@example.com", "Sam", "Rivera", "EUR"))
        engine.createBook(NewBook("Household", user.id, "EUR")).use { book ->
            val loaded = loadSample(book, data)

            val accounts = book.accounts()
            val cash = accounts.byPath("Assets:Cash")
            val groceries = accounts.byPath("Expenses:Food:Groceries")
            book.transactions().expense("2026-10-31", cash.id, groceries.id, "12.50", "Farmers market")
            val checking = accounts.byPath("Assets:Bank:Checking")
            accounts.addAssertion(NewBalanceAssertion(checking.id, "2026-10-31", "5028.41"))

            println("Tally quickstart: book \"${book.info().name}\" in ${path.path}")
            println(
                "Loaded ${loaded.accounts} accounts and ${loaded.transactions} transactions " +
                    "from examples/data, plus 1 added by hand."
            )
            val asOf = "2026-10-31"
            println("\nBalances on $asOf:")
            for (b in accounts.balances(asOf)) {
                val depth = b.path.count { it == ':' }
                val label = "  ".repeat(depth) + b.path.substringAfterLast(':')
                println(String.format("  %-34s %12s %s", label, b.total, b.commodity))
            }
            println("\nSpending by category, October 2026:")
            for (c in book.reports().spendingByCategory("2026-10-01", asOf)) {
                val label = "  ".repeat(c.depth.toInt()) + c.path.substringAfterLast(':')
                println(String.format("  %-34s %12s %s", label, c.total, c.commodity))
            }
            println("\nLast 3 rows of the checking register:")
            val page = accounts.register(checking.id, false, PageRequest(limit = 3u, order = SortOrder.DESCENDING))
            for (r in page.items) {
                println(String.format("  %s  %-22s %10s %10s", r.date, r.payee ?: "", r.amount, r.balance))
            }
            for (result in accounts.checkAssertions()) {
                val verdict = if (result.passed) "holds" else "FAILS"
                val a = result.assertion
                println("\nBalance assertion ${a.amount} ${a.commodity} on ${a.date}: $verdict (actual ${result.actual})")
            }
        }
    }
}
