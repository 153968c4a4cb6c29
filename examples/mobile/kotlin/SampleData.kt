// Loads the sample book in examples/data, exactly as examples/rust/lib.rs does: accounts.csv
// (path, kind, subtype, currency) and journal.csv (one row per split; rows with the same `txn`
// form one transaction), the journal added as one batch. Neither file has quoted fields.
package app.tally.examples

import app.tally.AccountKind
import app.tally.AccountSubtype
import app.tally.Book
import app.tally.NewAccount
import app.tally.NewSplit
import app.tally.NewTransaction
import app.tally.Source
import app.tally.Status
import java.io.File

/** What [loadSample] loaded. */
data class Loaded(val accounts: Int, val transactions: Int)

/** Reads accounts.csv and journal.csv from [dir] into [book]; the journal is one batch. */
fun loadSample(book: Book, dir: File): Loaded {
    val accounts = book.accounts()
    var created = 0
    File(dir, "accounts.csv").readLines().drop(1).forEachIndexed { i, line ->
        val cols = line.split(",")
        require(cols.size == 4) { "accounts.csv:${i + 2}: expected 4 columns" }
        val (path, kind, subtype, currency) = cols
        accounts.create(
            NewAccount(
                path = path,
                // The CSV holds the stable snake_case names; the Kotlin enums are their upper case.
                kind = AccountKind.valueOf(kind.uppercase()),
                subtype = AccountSubtype.valueOf(subtype.uppercase()),
                currency = currency,
            )
        )
        created++
    }
    val byPath = accounts.list().associate { it.path to it.id }

    val batch = mutableListOf<NewTransaction>()
    var currentTxn: String? = null
    File(dir, "journal.csv").readLines().drop(1).forEachIndexed { i, line ->
        val cols = line.split(",")
        require(cols.size == 6) { "journal.csv:${i + 2}: expected 6 columns" }
        val (txn, date, payee, account, amount) = cols
        val memo = cols[5]
        val accountId = byPath[account] ?: error("journal.csv:${i + 2}: unknown account $account")
        // Amounts stay text: the engine parses them exactly (never through a Double).
        val split = NewSplit(accountId = accountId, amount = amount, memo = memo.ifEmpty { null })
        if (txn == currentTxn) {
            batch[batch.lastIndex] = batch.last().copy(splits = batch.last().splits + split)
        } else {
            batch += NewTransaction(
                date = date,
                payee = payee,
                status = Status.CLEARED,
                source = Source.IMPORT,
                externalId = "sample-$txn",
                splits = listOf(split),
            )
            currentTxn = txn
        }
    }
    val ids = book.transactions().addBatch(batch)
    return Loaded(created, ids.size)
}
