// The Kotlin test of the mobile binding, run by scripts/test against the built library through
// the generated Kotlin: types both ways, every error variant as a Kotlin exception with its
// code, async calls with coroutines, the event callback, sharing across threads, the
// quickstart scenario figure for figure (examples/tests/quickstart.rs), rates: the ECB
// history, lookups, conversions, exchanges and reports in a reporting currency, and imports:
// OFX, CAMT.053, QIF, MT940 and CSV files parsed, a real OFX file imported once, undone.
//
// There is no JUnit here: `main` runs every check, prints `N passed, N failed` and exits non-zero
// on any failure. Usage: BindingTest <examples/data> <scratch dir> <../shared/data/ecb> <../shared/data>
package app.tally.tests

import app.tally.*
import app.tally.examples.Loaded
import app.tally.examples.loadSample
import java.io.File
import java.time.Instant
import java.util.Collections
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import kotlin.system.exitProcess
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.runBlocking

var passed = 0
var failed = 0

fun check(name: String, ok: Boolean, detail: () -> String = { "" }) {
    if (ok) passed++ else {
        failed++
        println("FAIL $name ${detail()}")
    }
}

fun <T> checkEq(name: String, actual: T, expected: T) =
    check(name, actual == expected) { "expected <$expected>, got <$actual>" }

/** Runs [block], which must throw a [TallyException] of class [E] with [code]. */
inline fun <reified E : TallyException> checkError(name: String, code: String, block: () -> Unit): E? {
    try {
        block()
    } catch (e: TallyException) {
        check(name, e is E && e.code() == code) { "got ${e::class.simpleName} ${e.code()}: ${e.message}" }
        return e as? E
    } catch (e: Throwable) {
        check(name, false) { "got ${e::class.qualifiedName}: ${e.message}" }
        return null
    }
    check(name, false) { "no exception" }
    return null
}

fun section(name: String, body: () -> Unit) {
    try {
        body()
    } catch (e: Throwable) {
        failed++
        println("FAIL $name: unexpected ${e::class.qualifiedName}: ${e.message}")
        e.printStackTrace()
    }
}

/** A clock that stands still, implemented in Kotlin. */
class FixedClock(var at: Instant) : Clock {
    override fun now(): Instant = at
}

/** Collects events, implemented in Kotlin. */
class Recorder : EventListener {
    val events: MutableList<Pair<BookId, Event>> = Collections.synchronizedList(mutableListOf())
    override fun onEvent(bookId: BookId, event: Event) {
        events += bookId to event
    }
}

fun page(limit: UInt = 100u, order: SortOrder = SortOrder.DESCENDING) = PageRequest(limit = limit, order = order)

fun typesBothWays(scratch: File) {
    val clock = FixedClock(Instant.parse("2026-10-15T09:30:00Z"))
    Engine.inMemory().use { base ->
        val engine = base.withClock(clock)
        val user = engine.users().create(NewUser("ada@example.com", "Ada", "Lovelace", "EUR"))
        checkEq("user.email", user.email, "ada@example.com")
        checkEq("user.locale default", user.locale, "en")
        checkEq("user.timeZone default", user.timeZone, "UTC")
        checkEq("user.createdAt is the host clock's Instant", user.createdAt, clock.at)
        checkEq("users.get", engine.users().get(user.id), user)
        checkEq("users.byEmail", engine.users().byEmail(" ada@example.com ")?.id, user.id)
        checkEq("users.byEmail missing is null", engine.users().byEmail("nobody@example.com"), null)

        val book = engine.createBook(NewBook("Home", user.id, "EUR"))
        checkEq("book.info.name", book.info().name, "Home")
        checkEq("book.id", book.info().id, book.id())
        checkEq("book.actor", book.actor(), user.id)
        checkEq("books.of", engine.booksOf(user.id).map { it.id }, listOf(book.id()))
        checkEq("members", book.members(), listOf(Member(user.id, Role.OWNER)))

        val accounts = book.accounts()
        val checking = accounts.create(
            NewAccount(
                path = "Assets:Bank:Checking", kind = AccountKind.ASSET,
                subtype = AccountSubtype.CHECKING, currency = "EUR",
                institution = "ING", openedOn = "2026-01-01",
            )
        )
        checkEq("account.name", checking.name, "Checking")
        checkEq("account.kind", checking.kind, AccountKind.ASSET)
        checkEq("account.subtype", checking.subtype, AccountSubtype.CHECKING)
        checkEq("account.openedOn is an ISO date", checking.openedOn, "2026-01-01")
        checkEq("account.closedOn null", checking.closedOn, null)
        checkEq("account.includeInNetWorth defaults for assets", checking.includeInNetWorth, true)
        check("account.parentId set", checking.parentId != null)
        checkEq("ancestors created", accounts.list().map { it.path }, listOf("Assets", "Assets:Bank", "Assets:Bank:Checking"))
        val food = accounts.create(NewAccount("Expenses:Food", AccountKind.EXPENSE, AccountSubtype.OTHER, "EUR"))
        val equity = accounts.create(NewAccount("Equity:Opening", AccountKind.EQUITY, AccountSubtype.OTHER, "EUR"))

        val updated = accounts.update(
            checking.id,
            AccountUpdate(institution = TextChange.Clear, color = TextChange.Set("#2a9d8f"), openedOn = DateChange.Set("2025-12-01")),
        )
        checkEq("update clears institution", updated.institution, null)
        checkEq("update sets color", updated.color, "#2a9d8f")
        checkEq("update sets date", updated.openedOn, "2025-12-01")
        checkEq("update leaves icon", updated.icon, null)

        // Amounts cross as decimal strings and come back at the commodity's scale.
        val tx = book.transactions().add(
            NewTransaction(
                date = "2026-10-03", postedDate = "2026-10-04", payee = "Bakery",
                narration = "bread", status = Status.PENDING, tags = listOf("food", " weekly ", "food"),
                source = Source.MANUAL, externalId = "bank-1",
                splits = listOf(NewSplit(food.id, "12.5", memo = "sourdough"), NewSplit(checking.id, "-12.50")),
            )
        )
        checkEq("split amount rescaled", tx.splits.map { it.amount }, listOf("12.50", "-12.50"))
        checkEq("split commodity resolved", tx.splits.map { it.commodity }, listOf("EUR", "EUR"))
        checkEq("split memo", tx.splits[0].memo, "sourdough")
        checkEq("tags cleaned", tx.tags, listOf("food", "weekly"))
        checkEq("dates", listOf(tx.date, tx.postedDate), listOf("2026-10-03", "2026-10-04"))
        checkEq("status", tx.status, Status.PENDING)
        checkEq("externalId", tx.externalId, "bank-1")
        checkEq("createdAt", tx.createdAt, clock.at)
        checkEq("transactions.get", book.transactions().get(tx.id), tx)
        checkEq("idempotent add", book.transactions().add(
            NewTransaction(
                date = "2026-10-03", postedDate = "2026-10-04", payee = "Bakery",
                narration = "bread", status = Status.PENDING, tags = listOf("food", "weekly"),
                source = Source.MANUAL, externalId = "bank-1",
                splits = listOf(NewSplit(food.id, "12.50", memo = "sourdough"), NewSplit(checking.id, "-12.50")),
            )
        ).id, tx.id)

        // Convenience forms.
        val income = accounts.create(NewAccount("Income:Salary", AccountKind.INCOME, AccountSubtype.OTHER, "EUR"))
        val savings = accounts.create(NewAccount("Assets:Bank:Savings", AccountKind.ASSET, AccountSubtype.SAVINGS, "EUR"))
        val household = accounts.create(NewAccount("Expenses:Household", AccountKind.EXPENSE, AccountSubtype.OTHER, "EUR"))
        val pay = book.transactions().income("2026-10-01", checking.id, income.id, "3000.00", "ACME")
        checkEq("income splits", pay.splits.map { it.amount }, listOf("3000.00", "-3000.00"))
        val move = book.transactions().transfer("2026-10-02", checking.id, savings.id, "500")
        checkEq("transfer splits", move.splits.map { it.accountId to it.amount }, listOf(savings.id to "500.00", checking.id to "-500.00"))
        val spent = book.transactions().expense("2026-10-05", checking.id, food.id, "54.3", "Fresh Market")
        checkEq("expense payee", spent.payee, "Fresh Market")
        val mart = book.transactions().splitPurchase(
            "2026-10-06", checking.id, "MegaMart",
            listOf(SplitPart(food.id, "20.10"), SplitPart(household.id, "9.90")),
        )
        checkEq("split purchase credits the total", mart.splits.map { it.amount }, listOf("20.10", "9.90", "-30.00"))

        // Edit, status, delete, restore, reverse.
        val edited = book.transactions().edit(spent.id, NewTransaction(
            date = "2026-10-05", payee = "Fresh Market", narration = "weekly shop", status = Status.CLEARED,
            source = Source.MANUAL, splits = listOf(NewSplit(food.id, "54.35"), NewSplit(checking.id, "-54.35")),
        ))
        checkEq("edit", edited.splits[0].amount, "54.35")
        checkEq("setStatus", book.transactions().setStatus(spent.id, Status.RECONCILED).status, Status.RECONCILED)
        checkError<TallyException.Conflict>("reconciled locked", "reconciled_locked") {
            book.transactions().delete(spent.id)
        }
        checkEq("delete with override", book.transactions().delete(spent.id, EditOptions(allowReconciled = true)).deleted, true)
        checkEq("restore", book.transactions().restore(spent.id).deleted, false)
        val reversal = book.transactions().reverse(pay.id)
        checkEq("reverse defaults to the host clock's today", reversal.date, "2026-10-15")
        checkEq("reverse links", reversal.reversalOf, pay.id)
        checkEq("reverse negates", reversal.splits.map { it.amount }, listOf("-3000.00", "3000.00"))

        // Queries: balances, register, search, reports, assertions.
        val balances = accounts.balances()
        val total = { path: String -> balances.first { it.path == path }.total }
        checkEq("balance Assets:Bank (rolled up)", total("Assets:Bank"), "-96.85")
        checkEq("balance Expenses:Food", total("Expenses:Food"), "86.95")
        checkEq("balances as of", accounts.balances("2026-10-01").first { it.path == "Assets:Bank:Checking" }.total, "3000.00")
        val register = accounts.register(checking.id, false, page(order = SortOrder.ASCENDING))
        checkEq("register total", register.total, 6UL)
        checkEq("register running balance", register.items.last().balance, total("Assets:Bank:Checking"))
        val found = book.transactions().search(TransactionFilter(text = "mart", amountMin = "25"), page())
        checkEq("search text + amountMin", found.items.map { it.id }, listOf(mart.id))
        val byAccount = book.transactions().search(TransactionFilter(accounts = listOf(food.id), dateFrom = "2026-10-04"), page(limit = 1u))
        checkEq("search page total", byAccount.total, 2UL)
        checkEq("search page limit", byAccount.items.size, 1)
        val pending = book.transactions().search(TransactionFilter(statuses = listOf(Status.PENDING)), page())
        checkEq("search by status", pending.items.map { it.id }, listOf(tx.id))
        val spending = book.reports().spendingByCategory("2026-10-01", "2026-10-31")
        checkEq("spending report", spending.map { it.path to it.total }, listOf(
            "Expenses" to "96.85", "Expenses:Food" to "86.95", "Expenses:Household" to "9.90",
        ))
        checkEq("spending depth", spending.map { it.depth }, listOf(0u, 1u, 1u))
        checkEq("income report", book.reports().incomeByCategory("2026-10-01", "2026-10-14").map { it.path to it.total }, listOf(
            "Income" to "3000.00", "Income:Salary" to "3000.00",
        ))
        checkEq("income report nets the reversal", book.reports().incomeByCategory("2026-10-01", "2026-10-31"), emptyList<CategoryAmount>())

        val assertion = accounts.addAssertion(NewBalanceAssertion(checking.id, "2026-10-31", "-600.00"))
        checkEq("assertion commodity defaults", assertion.commodity, "EUR")
        checkEq("assertions", accounts.assertions(), listOf(assertion))
        val result = accounts.checkAssertions().single()
        check("assertion fails", !result.passed)
        checkEq("assertion actual", result.actual, "-596.85")
        checkEq("assertion difference", result.difference, "3.15")
        accounts.deleteAssertion(assertion.id)
        checkEq("deleteAssertion", accounts.assertions(), emptyList<BalanceAssertion>())

        // Commodities with their own scale; a BTC amount at 8 decimals, priced in EUR.
        val btc = book.commodities().define(NewCommodity("BTC", "Bitcoin", 8u, CommodityKind.CRYPTO))
        checkEq("define", btc, Commodity("BTC", "Bitcoin", 8u, CommodityKind.CRYPTO, false))
        checkEq("commodities.list", book.commodities().list(), listOf(btc))
        checkEq("ISO scale JPY", book.commodities().get("JPY").scale, 0u)
        checkEq("ISO scale BHD", book.commodities().get("BHD").scale, 3u)
        val wallet = accounts.create(NewAccount("Assets:Crypto", AccountKind.ASSET, AccountSubtype.INVESTMENT, "EUR"))
        val buy = book.transactions().add(NewTransaction(
            date = "2026-10-07", status = Status.CLEARED, source = Source.MANUAL,
            splits = listOf(
                NewSplit(wallet.id, "0.00012345", commodity = "BTC", cost = UnitPrice("200000", "EUR")),
                NewSplit(equity.id, "-24.69"),
            ),
        ))
        checkEq("8-decimal amount exact", buy.splits[0].amount, "0.00012345")
        val cost = buy.splits[0].cost
        checkEq("unit cost commodity", cost?.commodity, "EUR")
        check("unit cost exact", cost != null && java.math.BigDecimal(cost.amount).compareTo(java.math.BigDecimal("200000")) == 0) { "$cost" }

        // The audit log: JSON text before/after, host-clock instants.
        val audit = book.auditLog(page(limit = 500u))
        check("audit has rows", audit.total > 10UL)
        val first = audit.items.last()
        checkEq("audit oldest is the book", first.entity, EntityKind.BOOK)
        checkEq("audit action", first.action, AuditAction.CREATE)
        checkEq("audit at", first.at, clock.at)
        check("audit after is JSON", first.after?.startsWith("{") == true && first.after!!.contains("\"Home\"")) { "${first.after}" }

        // Membership and opening a book for another user.
        val sam = engine.users().create(NewUser("sam@example.com", "Sam", "Rivera", "EUR", "en-GB", "Europe/Berlin"))
        checkEq("user fields", listOf(sam.locale, sam.timeZone), listOf("en-GB", "Europe/Berlin"))
        book.addMember(sam.id, Role.VIEWER)
        checkEq("members", book.members().map { it.role }, listOf(Role.OWNER, Role.VIEWER))
        engine.openBook(book.id(), sam.id).use { shared ->
            checkEq("viewer reads", shared.accounts().list().size, accounts.list().size)
        }

        // A file-backed engine keeps the book.
        val file = File(scratch, "types.sqlite")
        for (suffix in listOf("", "-wal", "-shm")) File(file.path + suffix).delete()
        val bookId = Engine.open(file.path).use { e ->
            val u = e.users().create(NewUser("a@b.c", "A", "B", "JPY"))
            e.createBook(NewBook("Yen", u.id, "JPY")).use { it.id() }
        }
        Engine.open(file.path).use { e ->
            val owner = e.users().byEmail("a@b.c")!!
            checkEq("reopened file", e.openBook(bookId, owner.id).info().defaultCurrency, "JPY")
        }
    }
}

fun everyErrorVariant(scratch: File) {
    Engine.inMemory().use { engine ->
        val user = engine.users().create(NewUser("ada@example.com", "Ada", "Lovelace", "EUR"))
        val book = engine.createBook(NewBook("Home", user.id, "EUR"))
        val accounts = book.accounts()
        val cash = accounts.create(NewAccount("Assets:Cash", AccountKind.ASSET, AccountSubtype.CASH, "EUR"))
        val food = accounts.create(NewAccount("Expenses:Food", AccountKind.EXPENSE, AccountSubtype.OTHER, "EUR"))
        val tx = { a: String, b: String -> NewTransaction(
            date = "2026-10-03", status = Status.CLEARED, source = Source.MANUAL,
            splits = listOf(NewSplit(food.id, a), NewSplit(cash.id, b)),
        ) }

        // Validation
        val unbalanced = checkError<TallyException.Validation>("unbalanced", "unbalanced") {
            book.transactions().add(tx("10.00", "-9.99"))
        }
        checkEq("unbalanced field", unbalanced?.field, "splits")
        check("unbalanced states the residual", unbalanced?.detail?.contains("0.01 EUR") == true) { "${unbalanced?.detail}" }
        check("Kotlin message carries code and detail", unbalanced?.message?.contains("code=unbalanced") == true) { "${unbalanced?.message}" }
        checkEq("kind()", unbalanced?.kind(), "validation")
        checkEq("field()", unbalanced?.field(), "splits")
        val decimals = checkError<TallyException.Validation>("too_many_decimals", "too_many_decimals") {
            book.transactions().add(tx("1.005", "-1.005"))
        }
        checkEq("too_many_decimals field", decimals?.field, "splits[0].amount")
        checkError<TallyException.Validation>("invalid_amount (exponent)", "invalid_amount") {
            book.transactions().expense("2026-10-03", cash.id, food.id, "1e5", "x")
        }
        checkError<TallyException.Validation>("invalid_amount (comma)", "invalid_amount") {
            book.transactions().expense("2026-10-03", cash.id, food.id, "12,50", "x")
        }
        checkError<TallyException.Validation>("invalid date", "invalid_field") {
            book.transactions().expense("2026-13-01", cash.id, food.id, "1", "x")
        }
        checkError<TallyException.Validation>("too_few_splits", "too_few_splits") {
            book.transactions().add(NewTransaction(date = "2026-10-03", status = Status.CLEARED, source = Source.MANUAL, splits = emptyList()))
        }
        checkError<TallyException.Validation>("unknown_commodity", "unknown_commodity") {
            accounts.create(NewAccount("Assets:Other", AccountKind.ASSET, AccountSubtype.CASH, "XYZ"))
        }
        checkError<TallyException.Validation>("invalid_account_path", "invalid_account_path") {
            accounts.create(NewAccount("Assets::Cash", AccountKind.ASSET, AccountSubtype.CASH, "EUR"))
        }
        checkError<TallyException.Validation>("invalid_subtype", "invalid_subtype") {
            accounts.create(NewAccount("Expenses:Rent", AccountKind.EXPENSE, AccountSubtype.SAVINGS, "EUR"))
        }
        checkError<TallyException.Validation>("invalid page", "invalid_field") {
            book.transactions().search(TransactionFilter(), page(limit = 0u))
        }
        val batch = checkError<TallyException.Validation>("batch error names the item", "unbalanced") {
            book.transactions().addBatch(listOf(tx("1", "-1"), tx("2", "-3")))
        }
        checkEq("batch field", batch?.field, "transactions[1].splits")
        checkEq("batch is all or nothing", book.transactions().search(TransactionFilter(), page()).total, 0UL)

        // NotFound
        checkError<TallyException.NotFound>("account_not_found", "account_not_found") { accounts.byPath("Assets:Nope") }
        checkError<TallyException.NotFound>("transaction_not_found", "transaction_not_found") { book.transactions().get(999) }
        checkError<TallyException.NotFound>("user_not_found", "user_not_found") { engine.users().get(999) }
        checkError<TallyException.NotFound>("book_not_found", "book_not_found") { engine.openBook(999, user.id) }
        checkError<TallyException.NotFound>("assertion_not_found", "assertion_not_found") { accounts.deleteAssertion(999) }

        // Conflict
        checkError<TallyException.Conflict>("email_taken", "email_taken") {
            engine.users().create(NewUser("ada@example.com", "Ada", "L", "EUR"))
        }
        checkError<TallyException.Conflict>("duplicate_account_name", "duplicate_account_name") {
            accounts.create(NewAccount("Assets:Cash", AccountKind.ASSET, AccountSubtype.CASH, "EUR"))
        }
        val paid = book.transactions().add(tx("5", "-5"))
        book.transactions().reverse(paid.id, "2026-10-04")
        checkError<TallyException.Conflict>("already_reversed", "already_reversed") {
            book.transactions().reverse(paid.id, "2026-10-05")
        }
        checkError<TallyException.Conflict>("commodity_exists", "commodity_exists") {
            book.commodities().define(NewCommodity("USD", "Dollar", 2u, CommodityKind.CURRENCY))
        }

        // Permission
        val other = engine.users().create(NewUser("eve@example.com", "Eve", "E", "EUR"))
        checkError<TallyException.Permission>("not_a_member", "not_a_member") { engine.openBook(book.id(), other.id) }
        book.addMember(other.id, Role.VIEWER)
        engine.openBook(book.id(), other.id).use { viewer ->
            checkError<TallyException.Permission>("read_only", "read_only") {
                viewer.accounts().create(NewAccount("Assets:Mine", AccountKind.ASSET, AccountSubtype.CASH, "EUR"))
            }
        }

        // Storage: a database in a folder that does not exist.
        val storage = checkError<TallyException.Storage>("storage", "storage") {
            Engine.open(File(scratch, "no/such/folder/book.sqlite").path)
        }
        checkEq("storage kind()", storage?.kind(), "storage")

        // Import: a rate file that is not one; the error names the file (the line only for
        // malformed_line, raised in the rates section).
        val unreadable = checkError<TallyException.Import>("unreadable_file", "unreadable_file") {
            book.rates().load("not a rate file".toByteArray(), LoadOptions(fileName = "notes.txt"))
        }
        checkEq("unreadable_file kind()", unreadable?.kind(), "import")
        checkEq("unreadable_file file", unreadable?.file, "notes.txt")
        checkEq("unreadable_file line", unreadable?.line, null)
        checkEq("other errors have no file", storage?.file(), null)

        // Every variant was raised above; the exhaustive `when` keeps this list in step.
        val variants = listOf<TallyException>(
            TallyException.Validation("c", null, "d", null, null), TallyException.NotFound("c", null, "d", null, null),
            TallyException.Conflict("c", null, "d", null, null), TallyException.Permission("c", null, "d", null, null),
            TallyException.Storage("c", null, "d", null, null), TallyException.Import("c", null, "d", "f", 1UL),
        ).map {
            when (it) {
                is TallyException.Validation -> "validation"
                is TallyException.NotFound -> "not_found"
                is TallyException.Conflict -> "conflict"
                is TallyException.Permission -> "permission"
                is TallyException.Storage -> "storage"
                is TallyException.Import -> "import"
            }
        }
        checkEq("variant kinds", variants, listOf("validation", "not_found", "conflict", "permission", "storage", "import"))
    }
}

fun asyncWithCoroutines(data: File) {
    Engine.inMemory().use { engine ->
        val user = engine.users().create(NewUser("ada@example.com", "Ada", "Lovelace", "EUR"))
        val book = engine.createBook(NewBook("Home", user.id, "EUR"))
        val cash = book.accounts().create(NewAccount("Assets:Cash", AccountKind.ASSET, AccountSubtype.CASH, "EUR"))
        val food = book.accounts().create(NewAccount("Expenses:Food", AccountKind.EXPENSE, AccountSubtype.OTHER, "EUR"))
        val batch = (1..200).map { i ->
            NewTransaction(
                date = "2026-10-%02d".format(1 + i % 28), payee = "Shop $i", status = Status.CLEARED,
                source = Source.IMPORT, externalId = "async-$i",
                splits = listOf(NewSplit(food.id, "1.25"), NewSplit(cash.id, "-1.25")),
            )
        }
        val recorder = Recorder()
        book.subscribe(recorder)
        val caller = Thread.currentThread()
        runBlocking {
            val ids = book.transactions().addBatchAsync(batch)
            checkEq("addBatchAsync ids", ids.size, 200)
            val event = recorder.events.single().second
            checkEq("event from the async batch", (event as? Event.TransactionsAdded)?.ids, ids)
            // Several long calls at once on the coroutine pool: each runs on its own thread.
            val results = listOf(
                async(Dispatchers.Default) { book.accounts().balancesAsync().first { it.path == "Assets:Cash" }.total },
                async(Dispatchers.Default) { book.transactions().searchAsync(TransactionFilter(text = "shop 1"), page()).total.toString() },
                async(Dispatchers.Default) { book.reports().spendingByCategoryAsync("2026-10-01", "2026-10-31").first().total },
                async(Dispatchers.Default) { book.accounts().registerAsync(cash.id, false, page(limit = 1u)).items.single().balance },
                async(Dispatchers.Default) { book.reports().incomeByCategoryAsync("2026-10-01", "2026-10-31").size.toString() },
            ).awaitAll()
            checkEq("async results", results, listOf("-250.00", "111", "250.00", "-250.00", "0"))
            checkError<TallyException.Validation>("async error is a Kotlin exception", "invalid_field") {
                book.transactions().searchAsync(TransactionFilter(), page(limit = 0u))
            }
            checkError<TallyException.Validation>("async batch error", "unbalanced") {
                val bad = listOf(NewSplit(food.id, "1"), NewSplit(cash.id, "-2"))
                book.transactions().addBatchAsync(listOf(batch[0].copy(externalId = "x", splits = bad)))
            }
        }
        check("runBlocking returned to the caller's thread", Thread.currentThread() === caller)
    }
}

fun eventsReachTheCallback() {
    Engine.inMemory().use { engine ->
        val user = engine.users().create(NewUser("ada@example.com", "Ada", "Lovelace", "EUR"))
        val book = engine.createBook(NewBook("Home", user.id, "EUR"))
        val recorder = Recorder()
        val subscription = book.subscribe(recorder)
        val cash = book.accounts().create(NewAccount("Assets:Cash", AccountKind.ASSET, AccountSubtype.CASH, "EUR"))
        val food = book.accounts().create(NewAccount("Expenses:Food", AccountKind.EXPENSE, AccountSubtype.OTHER, "EUR"))
        val tx = book.transactions().expense("2026-10-03", cash.id, food.id, "3.20", "Bakery")
        book.transactions().delete(tx.id)
        book.transactions().restore(tx.id)
        book.commodities().define(NewCommodity("BTC", "Bitcoin", 8u, CommodityKind.CRYPTO))
        val assertion = book.accounts().addAssertion(NewBalanceAssertion(cash.id, "2026-10-31", "-3.20"))
        book.accounts().deleteAssertion(assertion.id)
        book.accounts().update(cash.id, AccountUpdate(archived = true))
        val other = engine.users().create(NewUser("sam@example.com", "Sam", "Rivera", "EUR"))
        book.addMember(other.id, Role.MEMBER)

        check("events are for this book", recorder.events.all { it.first == book.id() })
        val events = recorder.events.map { it.second }
        checkEq("events in order", events, listOf(
            Event.AccountsCreated(listOf(cash.parentId!!, cash.id)),
            Event.AccountsCreated(listOf(food.parentId!!, food.id)),
            Event.TransactionsAdded(listOf(tx.id)),
            Event.TransactionDeleted(tx.id),
            Event.TransactionRestored(tx.id),
            Event.CommodityDefined("BTC"),
            Event.AssertionAdded(assertion.id),
            Event.AssertionDeleted(assertion.id),
            Event.AccountsUpdated(listOf(cash.id)),
            Event.MemberAdded(other.id),
        ))

        // A listener that throws cannot undo the write, nor stop the others. UniFFI reports the
        // exception as a Rust panic, which the engine catches: its message on stderr is expected.
        println("(a listener throws on purpose: the panic report below is expected)")
        val throwing = book.subscribe(object : EventListener {
            override fun onEvent(bookId: BookId, event: Event) = throw IllegalStateException("listener bug")
        })
        val after = Recorder()
        book.subscribe(after)
        val kept = book.transactions().expense("2026-10-04", cash.id, food.id, "1.00", "Kiosk")
        checkEq("write survives a throwing listener", book.transactions().get(kept.id).id, kept.id)
        checkEq("later listener still called", after.events.map { it.second }, listOf<Event>(Event.TransactionsAdded(listOf(kept.id))))

        // A listener may call back into the book: the write has committed and no lock is held.
        val payees = Collections.synchronizedList(mutableListOf<String?>())
        val reader = book.subscribe(object : EventListener {
            override fun onEvent(bookId: BookId, event: Event) {
                if (event is Event.TransactionsAdded) payees += book.transactions().get(event.ids.single()).payee
            }
        })
        book.transactions().expense("2026-10-04", cash.id, food.id, "2.00", "Newsstand")
        checkEq("listener reads the book", payees.toList(), listOf<String?>("Newsstand"))
        check("unsubscribe reader", book.unsubscribe(reader))

        check("unsubscribe", book.unsubscribe(subscription))
        check("unsubscribe twice is false", !book.unsubscribe(subscription))
        check("unsubscribe throwing", book.unsubscribe(throwing))
        val count = recorder.events.size
        book.transactions().expense("2026-10-05", cash.id, food.id, "1.00", "Kiosk")
        checkEq("no events after unsubscribe", recorder.events.size, count)
    }
}

fun sharedAcrossThreads() {
    Engine.inMemory().use { engine ->
        val user = engine.users().create(NewUser("ada@example.com", "Ada", "Lovelace", "EUR"))
        val book = engine.createBook(NewBook("Home", user.id, "EUR"))
        val cash = book.accounts().create(NewAccount("Assets:Cash", AccountKind.ASSET, AccountSubtype.CASH, "EUR"))
        val food = book.accounts().create(NewAccount("Expenses:Food", AccountKind.EXPENSE, AccountSubtype.OTHER, "EUR"))
        val pool = Executors.newFixedThreadPool(4)
        val errors = Collections.synchronizedList(mutableListOf<Throwable>())
        repeat(4) { t ->
            pool.execute {
                try {
                    repeat(25) { i -> book.transactions().expense("2026-10-%02d".format(1 + i), cash.id, food.id, "0.01", "t$t") }
                } catch (e: Throwable) {
                    errors += e
                }
            }
        }
        pool.shutdown()
        check("threads finished", pool.awaitTermination(60, TimeUnit.SECONDS))
        checkEq("no errors across threads", errors.map { it.message }, emptyList<String>())
        checkEq("100 writes from 4 threads", book.accounts().balances().first { it.path == "Assets:Cash" }.total, "-1.00")
    }
}

/** The quickstart's figures, as examples/tests/quickstart.rs checks them. */
fun quickstartScenario(data: File) {
    Engine.inMemory().use { engine ->
        val user = engine.users().create(NewUser("sam@example.com", "Sam", "Rivera", "EUR"))
        val book = engine.createBook(NewBook("Household", user.id, "EUR"))
        checkEq("loaded", loadSample(book, data), Loaded(accounts = 14, transactions = 64))
        checkError<TallyException.Conflict>("loading twice", "duplicate_account_name") { loadSample(book, data) }

        val balances = book.accounts().balances("2026-10-31")
        val total = { path: String -> balances.first { it.path == path }.total }
        checkEq("Assets:Bank:Checking", total("Assets:Bank:Checking"), "5028.41")
        checkEq("Assets:Bank:Savings", total("Assets:Bank:Savings"), "9521.25")
        checkEq("Assets:Cash", total("Assets:Cash"), "181.05")
        checkEq("Assets", total("Assets"), "14730.71")
        checkEq("Liabilities:Credit Card", total("Liabilities:Credit Card"), "0.00")
        checkEq("Expenses", total("Expenses"), "5460.54")
        checkEq("Income", total("Income"), "-9621.25")

        val october = book.reports().spendingByCategory("2026-10-01", "2026-10-31")
        val spent = { path: String -> october.first { it.path == path }.total }
        checkEq("October Expenses", spent("Expenses"), "1839.25")
        checkEq("October Expenses:Food", spent("Expenses:Food"), "492.45")
        checkEq("October Expenses:Food:Groceries", spent("Expenses:Food:Groceries"), "396.65")
        checkEq("October Expenses:Household", spent("Expenses:Household"), "19.50")
        checkEq("October Expenses:Housing", spent("Expenses:Housing"), "1254.30")

        val megamart = book.transactions().search(TransactionFilter(text = "megamart"), PageRequest(limit = 100u, order = SortOrder.DESCENDING))
        checkEq("megamart count", megamart.total, 3UL)
        check("megamart split purchases", megamart.items.all { it.splits.size == 3 })
    }
}

/** Exchange rates, exchanges and reports in a reporting currency, over the ECB history. */
fun ratesAndReportingCurrency(ecb: File, scratch: File) {
    val clock = FixedClock(Instant.parse("2026-11-02T09:00:00Z"))
    Engine.inMemory().use { base ->
        val engine = base.withClock(clock)
        val user = engine.users().create(NewUser("ada@example.com", "Ada", "Lovelace", "EUR"))
        val book = engine.createBook(NewBook("Travel", user.id, "EUR"))
        val recorder = Recorder()
        book.subscribe(recorder)
        val rates = book.rates()
        val rateEvents = { recorder.events.map { it.second }.filterIsInstance<Event.RatesChanged>() }

        // The ECB history from its path: 221,702 rates; currencies no longer in ISO 4217 (the
        // pre-euro ones and HRK) are reported, not loaded.
        val history = File(ecb, "eurofxref-hist.zip")
        val loaded = rates.loadFile(history.path)
        checkEq("loadFile format", loaded.format, RateFormat.ECB_ZIP)
        checkEq("loadFile read", loaded.read, 221702UL)
        checkEq("loadFile unknown commodities", loaded.unknownCommodities,
            listOf("CYP", "EEK", "HRK", "LTL", "LVL", "MTL", "ROL", "SIT", "SKK", "TRL"))
        checkEq("loadFile added + skipped = read", loaded.added + loaded.skippedUnknown, loaded.read)
        check("loadFile skipped some", loaded.skippedUnknown > 0UL)
        check("loadFile counts N/A cells", loaded.missing > 0UL)
        checkEq("loadFile replaced", loaded.replaced, 0UL)
        checkEq("rates_changed event", rateEvents(), listOf(Event.RatesChanged(loaded.added, 0UL, 0UL)))
        checkEq("audit names the rates", book.auditLog(page(limit = 1u)).items.single().entity, EntityKind.RATE)

        // The same file again, as bytes (ByteArray): nothing added, no event.
        val again = rates.load(history.readBytes(), LoadOptions(fileName = "eurofxref-hist.zip"))
        checkEq("re-load adds nothing", listOf(again.added, again.replaced, again.unchanged), listOf(0UL, 0UL, loaded.added))
        checkEq("re-load: no event", rateEvents().size, 1)

        // Lookups.
        val friday = rates.lookup("EUR", "USD", "2026-10-30")
        checkEq("EUR/USD 2026-10-30", friday.rate, "1.1172")
        checkEq("EUR/USD one leg from the ECB", friday.path, listOf(RateLeg("EUR", "USD", "2026-10-30", "1.1172", false, "ecb")))
        checkEq("Friday age", friday.ageDays(), 0L)
        val saturday = rates.lookup("EUR", "USD", "2026-10-31")
        checkEq("Saturday uses Friday's rate", saturday.rate, "1.1172")
        checkEq("Saturday's leg is dated Friday", saturday.path.single().date, "2026-10-30")
        checkEq("Saturday oldest", saturday.oldest, "2026-10-30")
        checkEq("Saturday age 1", saturday.ageDays(), 1L)
        val cross = rates.lookup("USD", "JPY", "2026-10-30")
        checkEq("USD->JPY legs", cross.path.map { Triple(it.from, it.to, it.inverted) },
            listOf(Triple("USD", "EUR", true), Triple("EUR", "JPY", false)))
        checkEq("USD->JPY stored rates", cross.path.map { it.storedRate }, listOf("1.1172", "175.68"))
        check("USD->JPY rate", cross.rate.startsWith("157.2502")) { cross.rate }
        val stale = checkError<TallyException.NotFound>("RUB 2022-03-20 is stale", "stale_rate") {
            rates.lookup("EUR", "RUB", "2022-03-20")
        }
        check("stale_rate states the age", stale?.detail?.contains("19 days old") == true) { "${stale?.detail}" }
        checkEq("RUB within a longer limit", rates.lookup("EUR", "RUB", "2022-03-20", LookupOptions(maxAgeDays = 30u)).oldest, "2022-03-01")
        checkError<TallyException.NotFound>("1998-12-31 has no rate", "no_rate") { rates.lookup("EUR", "USD", "1998-12-31") }
        checkError<TallyException.Validation>("lookup of an unknown commodity", "unknown_commodity") { rates.lookup("EUR", "XYZ", "2026-10-30") }

        // Conversions: exact figure and the rounded one.
        val yen = rates.convert("100", "USD", "JPY", "2026-10-30")
        checkEq("100 USD in JPY", yen.amount, "15725")
        check("exact figure", yen.exact.startsWith("15725.02685")) { yen.exact }
        checkEq("conversion echo", listOf(yen.fromAmount, yen.from, yen.to), listOf("100", "USD", "JPY"))
        checkEq("conversion legs", yen.quote.path.size, 2)
        checkEq("rounding option", rates.convert("100", "USD", "JPY", "2026-10-30", ConvertOptions(rounding = Rounding.CEILING)).amount, "15726")
        val dollars = rates.convert("100", "EUR", "USD", "2026-10-31")
        checkEq("100 EUR in USD on Saturday", listOf(dollars.amount, dollars.exact), listOf("111.72", "111.7200"))
        checkEq("conversion quote age", dollars.quote.ageDays(), 1L)
        checkError<TallyException.NotFound>("convert past the staleness limit", "stale_rate") {
            rates.convert("100", "EUR", "USD", "2026-11-30", ConvertOptions(maxAgeDays = 7u))
        }

        // list with a filter, sync and async.
        val week = rates.list(RateFilter(base = "EUR", quote = "USD", from = "2026-10-26", to = "2026-10-31"))
        checkEq("list dates", week.map { it.date }, listOf("2026-10-26", "2026-10-27", "2026-10-28", "2026-10-29", "2026-10-30"))
        checkEq("list rate", week.last(), Rate("EUR", "USD", "2026-10-30", "1.1172", "ecb"))

        // A malformed CSV: nothing kept, the error names the file and the line.
        val bad = File(scratch, "bad-rates.csv")
        bad.writeText("date,base,quote,rate\n2026-11-02,EUR,USD,1.1190\n2026-11-03,EUR,USD,abc\n")
        val malformed = checkError<TallyException.Import>("malformed CSV", "malformed_line") { rates.loadFile(bad.path) }
        checkEq("malformed file", malformed?.file, bad.path)
        checkEq("malformed line", malformed?.line, 3UL)
        checkEq("malformed field", malformed?.field, "rate")
        checkEq("malformed file()/line()", listOf(malformed?.file(), malformed?.line()?.toString()), listOf(bad.path, "3"))
        check("malformed detail names the value", malformed?.detail?.contains("'abc'") == true) { "${malformed?.detail}" }
        val named = checkError<TallyException.Import>("malformed bytes", "malformed_line") {
            rates.load(bad.readBytes(), LoadOptions(format = RateFormat.CSV, fileName = "upload.csv"))
        }
        checkEq("malformed bytes name the given file", named?.file to named?.line, "upload.csv" to 3UL)
        checkEq("nothing of a malformed file kept", rates.list(RateFilter(from = "2026-11-01")), emptyList<Rate>())
        val missing = checkError<TallyException.Import>("missing file", "unreadable_file") {
            rates.loadFile(File(scratch, "no-such-rates.csv").path)
        }
        checkEq("missing file named", missing?.file, File(scratch, "no-such-rates.csv").path)

        // add, addMany, delete.
        val one = rates.add(Rate("EUR", "USD", "2026-11-02", "1.1190", "manual"))
        checkEq("add", listOf(one.read, one.added, one.unchanged), listOf(1UL, 1UL, 0UL))
        val many = rates.addMany(listOf(
            Rate("EUR", "USD", "2026-11-02", "1.119", "manual"),
            Rate("EUR", "GBP", "2026-11-02", "0.8400", "manual"),
        ))
        checkEq("addMany: equal rate left alone", listOf(many.added, many.unchanged, many.replaced), listOf(1UL, 1UL, 0UL))
        checkEq("addMany stored", rates.list(RateFilter(from = "2026-11-02")).map { it.quote to it.rate }, listOf("GBP" to "0.84", "USD" to "1.119"))
        val badMany = checkError<TallyException.Validation>("addMany names the item", "invalid_field") {
            rates.addMany(listOf(Rate("EUR", "CHF", "2026-11-02", "0.93", "manual"), Rate("EUR", "EUR", "2026-11-02", "1", "manual")))
        }
        checkEq("addMany field", badMany?.field, "rates[1].quote")
        rates.delete("EUR", "GBP", "2026-11-02")
        checkError<TallyException.NotFound>("delete twice", "rate_not_found") { rates.delete("EUR", "GBP", "2026-11-02") }
        checkEq("rates_changed events", rateEvents().drop(1), listOf(
            Event.RatesChanged(1UL, 0UL, 0UL), Event.RatesChanged(1UL, 0UL, 0UL), Event.RatesChanged(0UL, 0UL, 1UL),
        ))
        val replaced = rates.add(Rate("EUR", "USD", "2026-11-02", "1.1200", "manual"))
        checkEq("add replaces", replaced.replaced, 1UL)
        checkEq("replace event", rateEvents().last(), Event.RatesChanged(0UL, 1UL, 0UL))
        val plain = rates.load("date,base,quote,rate\n2026-11-03,EUR,CHF,0.9301\n".toByteArray(), LoadOptions(source = "bank"))
        checkEq("plain CSV detected", plain.format, RateFormat.CSV)
        checkEq("LoadOptions.source recorded", rates.list(RateFilter(quote = "CHF", from = "2026-11-03")).map { it.source to it.rate },
            listOf("bank" to "0.9301"))

        // Accounts in three currencies; exchanges store the rate on the sending split.
        val accounts = book.accounts()
        val eur = accounts.create(NewAccount("Assets:Bank:EUR", AccountKind.ASSET, AccountSubtype.CHECKING, "EUR"))
        val usd = accounts.create(NewAccount("Assets:Bank:USD", AccountKind.ASSET, AccountSubtype.CHECKING, "USD"))
        val rub = accounts.create(NewAccount("Assets:Cash:RUB", AccountKind.ASSET, AccountSubtype.CASH, "RUB"))
        val equity = accounts.create(NewAccount("Equity:Opening", AccountKind.EQUITY, AccountSubtype.OTHER, "EUR"))
        val fx = accounts.create(NewAccount("Income:FX", AccountKind.INCOME, AccountSubtype.OTHER, "EUR"))
        val travel = accounts.create(NewAccount("Expenses:Travel", AccountKind.EXPENSE, AccountSubtype.OTHER, "USD"))
        val freelance = accounts.create(NewAccount("Income:Freelance", AccountKind.INCOME, AccountSubtype.OTHER, "USD"))
        val txs = book.transactions()
        txs.add(NewTransaction(date = "2026-10-01", status = Status.CLEARED, source = Source.MANUAL,
            splits = listOf(NewSplit(eur.id, "1000.00"), NewSplit(equity.id, "-1000.00"))))

        val sent = txs.exchange(NewExchange(date = "2026-10-28", from = eur.id, to = usd.id, amount = "100"))
        checkEq("exchange amounts", sent.splits.map { it.amount to it.commodity }, listOf("-100.00" to "EUR", "111.33" to "USD"))
        checkEq("exchange stores the rate on the split", sent.splits[0].price, UnitPrice("1.1133", "USD"))
        checkError<TallyException.Validation>("exchange residue without fxAccount", "unbalanced") {
            txs.exchange(NewExchange(date = "2026-10-30", from = eur.id, to = usd.id, received = "50"))
        }
        val received = txs.exchange(NewExchange(date = "2026-10-30", from = eur.id, to = usd.id, received = "50", fxAccount = fx.id, payee = "Bureau"))
        checkEq("exchange received: residue to the FX account", received.splits.map { Triple(it.accountId, it.amount, it.commodity) }, listOf(
            Triple(eur.id, "-44.75", "EUR"), Triple(usd.id, "50.00", "USD"), Triple(fx.id, "-0.01", "USD"),
        ))
        checkEq("exchange payee", received.payee, "Bureau")
        val roubles = txs.exchange(NewExchange(date = "2026-10-15", from = eur.id, to = rub.id, amount = "10", rate = "90"))
        checkEq("exchange at a given rate", roubles.splits.map { it.amount }, listOf("-10.00", "900.00"))
        checkEq("given rate stored", roubles.splits[0].price, UnitPrice("90", "RUB"))
        checkError<TallyException.Validation>("exchange in one currency", "invalid_field") {
            txs.exchange(NewExchange(date = "2026-10-30", from = eur.id, to = equity.id, amount = "1"))
        }

        // NewTransaction.fxAccount: the unpriced EUR split is priced from the table, the
        // residue goes to the FX account.
        val mixed = { fxAccount: AccountId? -> NewTransaction(
            date = "2026-10-30", status = Status.CLEARED, source = Source.MANUAL, fxAccount = fxAccount,
            splits = listOf(NewSplit(usd.id, "111.70"), NewSplit(eur.id, "-100.00")),
        ) }
        checkError<TallyException.Validation>("residue without fxAccount", "unbalanced") { txs.add(mixed(null)) }
        val priced = txs.add(mixed(fx.id))
        checkEq("fxAccount residue split", priced.splits.map { Triple(it.accountId, it.amount, it.commodity) }, listOf(
            Triple(usd.id, "111.70", "USD"), Triple(eur.id, "-100.00", "EUR"), Triple(fx.id, "0.02", "USD"),
        ))
        checkEq("table rate stored on the split", priced.splits[1].price, UnitPrice("1.1172", "USD"))
        txs.expense("2026-10-30", usd.id, travel.id, "22.34", "Diner")
        txs.income("2026-10-30", usd.id, freelance.id, "1117.20", "Client")

        // Reports in EUR. RUB has no rate since 2022: listed as unconverted, never dropped.
        val inEur = ValuationOptions(currency = "EUR")
        val worth = book.reports().netWorth("2026-10-31", inEur)
        checkEq("netWorth figures", listOf(worth.assets, worth.netWorth), listOf("1969.64", "1969.64"))
        check("netWorth liabilities zero", java.math.BigDecimal(worth.liabilities).signum() == 0) { worth.liabilities }
        checkEq("netWorth echo", listOf(worth.currency, worth.asOf), listOf("EUR", "2026-10-31"))
        checkEq("netWorth valuation", worth.valuation, Valuation.SPOT)
        checkEq("netWorth USD account", worth.accounts.first { it.path == "Assets:Bank:USD" }.total, "1224.39")
        checkEq("netWorth lists the unconverted RUB", worth.unconverted.map { listOf(it.path, it.commodity, it.amount, it.date, it.code) },
            listOf(listOf("Assets:Cash:RUB", "RUB", "900.00", "2026-10-31", "stale_rate")))
        checkEq("unconverted account", worth.unconverted.single().accountId, rub.id)
        check("unconverted message", worth.unconverted.single().message.contains("RUB")) { worth.unconverted.single().message }
        checkEq("netWorth as of today (host clock)", book.reports().netWorth(null, inEur).asOf, "2026-11-02")

        val spot = accounts.balancesIn("2026-10-31", inEur)
        val spotTotal = { path: String -> spot.rows.first { it.path == path }.total }
        checkEq("balancesIn spot", listOf(spotTotal("Assets:Bank:USD"), spotTotal("Assets:Bank:EUR"), spotTotal("Income:Freelance")),
            listOf("1224.39", "745.25", "-1000.00"))
        checkEq("balancesIn rate date", spot.rateDate, "2026-10-31")
        checkEq("balancesIn rows in EUR", spot.rows.map { it.commodity }.toSet(), setOf("EUR"))
        checkEq("balancesIn unconverted", spot.unconverted.map { it.commodity }, listOf("RUB"))
        val historical = accounts.balancesIn("2026-10-31", ValuationOptions("EUR", valuation = Valuation.HISTORICAL))
        checkEq("balancesIn historical", historical.rows.first { it.path == "Assets:Bank:USD" }.total, "1224.74")
        checkEq("historical has no rate date", historical.rateDate, null)
        checkEq("historical unconverted at the booking day", historical.unconverted.map { it.date }, listOf("2026-10-15"))
        val atThursday = accounts.balancesIn("2026-10-31", ValuationOptions("EUR", rateDate = "2026-10-29"))
        checkEq("balancesIn at a rate date", atThursday.rows.first { it.path == "Assets:Bank:USD" }.total, "1229.01")
        val floor = accounts.balancesIn("2026-10-31", ValuationOptions("EUR", rounding = Rounding.FLOOR))
        checkEq("balancesIn rounding", floor.rows.first { it.path == "Expenses:Travel" }.total, "19.99")

        val spending = book.reports().spendingByCategoryIn("2026-10-01", "2026-10-31", inEur)
        checkEq("spendingByCategoryIn", spending.rows.map { it.path to it.total }, listOf("Expenses" to "20.00", "Expenses:Travel" to "20.00"))
        checkEq("spendingByCategoryIn echo", listOf(spending.currency, spending.rateDate), listOf("EUR", "2026-10-31"))
        val income = book.reports().incomeByCategoryIn("2026-10-01", "2026-10-31", inEur)
        checkEq("incomeByCategoryIn", income.rows.map { it.path to it.total }, listOf(
            "Income" to "999.99", "Income:FX" to "-0.01", "Income:Freelance" to "1000.00",
        ))
        checkEq("incomeByCategoryIn unconverted", income.unconverted, emptyList<Unconverted>())

        val gain = book.reports().fxGain(usd.id, "2026-10-28", "2026-10-30", inEur)
        checkEq("fxGain balances", listOf(gain.openingBalance, gain.closingBalance), listOf("111.33", "1367.89"))
        checkEq("fxGain values", listOf(gain.openingValue, gain.flowsValue, gain.closingValue, gain.gain),
            listOf("100.00", "1124.74", "1224.39", "-0.35"))
        checkEq("fxGain echo", listOf(gain.commodity, gain.currency, gain.from, gain.to), listOf("USD", "EUR", "2026-10-28", "2026-10-30"))
        checkEq("fxGain account", gain.accountId, usd.id)
        checkError<TallyException.NotFound>("fxGain without a rate", "stale_rate") { book.reports().fxGain(rub.id, "2026-10-15", "2026-10-30", inEur) }
        checkError<TallyException.Validation>("fxGain to before from", "invalid_field") { book.reports().fxGain(usd.id, "2026-10-30", "2026-10-28", inEur) }

        // The async forms give the same answers.
        runBlocking {
            checkEq("balancesInAsync", accounts.balancesInAsync("2026-10-31", inEur), spot)
            checkEq("netWorthAsync", book.reports().netWorthAsync("2026-10-31", inEur), worth)
            checkEq("spendingByCategoryInAsync", book.reports().spendingByCategoryInAsync("2026-10-01", "2026-10-31", inEur), spending)
            checkEq("incomeByCategoryInAsync", book.reports().incomeByCategoryInAsync("2026-10-01", "2026-10-31", inEur), income)
            checkEq("fxGainAsync", book.reports().fxGainAsync(usd.id, "2026-10-28", "2026-10-30", inEur), gain)
            checkEq("listAsync", rates.listAsync(RateFilter(base = "EUR", quote = "USD", from = "2026-10-26", to = "2026-10-31")), week)
            val oneDay = File(ecb, "eurofxref.csv")
            val day = rates.loadAsync(oneDay.readBytes())
            checkEq("loadAsync: ECB one-day CSV already known", listOf(day.added, day.unchanged), listOf(0UL, day.read))
            checkEq("loadAsync format", day.format, RateFormat.ECB_CSV)
            checkEq("loadFileAsync", rates.loadFileAsync(oneDay.path), day)
            val batch = rates.addManyAsync(listOf(Rate("EUR", "GBP", "2026-11-02", "0.84", "manual")))
            checkEq("addManyAsync", batch.added, 1UL)
            checkError<TallyException.Import>("async malformed", "malformed_line") { rates.loadFileAsync(bad.path) }
        }
    }
}

/** Bank files of every format from ../shared/data parsed, a real OFX file imported once, and every option of an import. */
fun importsOfBankFiles(shared: File, scratch: File) {
    Engine.inMemory().use { engine ->
        val user = engine.users().create(NewUser("m@example.com", "Mia", "Rossi", "USD"))
        val book = engine.createBook(NewBook("Business", user.id, "USD"))
        val recorder = Recorder()
        book.subscribe(recorder)
        val imports = book.imports()

        // OFX from its path: the statement names the path, amounts are decimal strings as written.
        val mercury = File(shared, "crate-ofx-rs/tests/fixtures/mercury-checking.ofx")
        val ofx = imports.parseFile(mercury.path).single()
        checkEq("OFX format", ofx.format, StatementFormat.OFX)
        checkEq("OFX lines", ofx.lines.size, 674)
        checkEq("OFX file is the path", ofx.file, mercury.path)
        checkEq("OFX account", ofx.account, StatementAccount(
            bankId = "121000248", branchId = null, accountId = "202497494038", accountType = "CHECKING", currency = "USD", name = null,
        ))
        checkEq("OFX period", listOf(ofx.start, ofx.end), listOf("2024-03-11", "2026-03-18"))
        checkEq("OFX closing balance (LEDGERBAL)", ofx.closingBalance, StatedBalance("1149.86", "2026-03-19", "USD"))
        checkEq("OFX no opening balance", ofx.openingBalance, null)
        val first = ofx.lines.first()
        checkEq("OFX first line", listOf(first.line.toString(), first.date, first.amount, first.kind, first.bankId),
            listOf("34", "2024-03-11", "2500.0", "CREDIT", "cdd3fc6a-dbee-11ee-9629-1bbe55d25559"))
        checkEq("OFX last line", listOf(ofx.lines.last().amount, ofx.lines.last().payee), listOf("-5.33", "ELEVENLABS.IO"))
        val sum = ofx.lines.fold(java.math.BigDecimal.ZERO) { acc, l -> acc + java.math.BigDecimal(l.amount) }
        check("OFX lines add up to the closing balance", sum.compareTo(java.math.BigDecimal("1149.86")) == 0) { "$sum" }
        checkEq("OFX no investments", ofx.investments.size + ofx.securities.size, 0)

        // CAMT.053 from bytes (ByteArray), with a file name.
        val camtBytes = File(shared, "camt053-newinnovations/doc/test-camt053.xml").readBytes()
        val camt = imports.parse(camtBytes, ParseOptions(fileName = "test-camt053.xml")).single()
        checkEq("CAMT format", camt.format, StatementFormat.CAMT053)
        checkEq("CAMT file", camt.file, "test-camt053.xml")
        checkEq("CAMT closing balance (CLBD)", camt.closingBalance, StatedBalance("950.00", "2026-07-21", "EUR"))
        checkEq("CAMT opening balance", camt.openingBalance?.amount, "1000.00")
        checkEq("CAMT account", listOf(camt.account.accountId, camt.account.bankId, camt.account.currency),
            listOf("NL00SNSB0000000000", "SNSBNL2A", "EUR"))
        checkEq("CAMT lines", camt.lines.map { listOf(it.date, it.amount, it.bankId, it.payee) }, listOf(
            listOf("2026-03-05", "-100.00", "REF001", "Some Shop B.V."), listOf("2026-04-10", "50.00", "REF002", "John Doe"),
        ))
        // A closing balance that does not reconcile is malformed, unless the check is skipped.
        val unreconciled = camtBytes.toString(Charsets.UTF_8).replace("950.00", "900.00").toByteArray()
        val camtError = checkError<TallyException.Import>("CAMT closing balance checked", "malformed_line") {
            imports.parse(unreconciled, ParseOptions(fileName = "test-camt053.xml"))
        }
        checkEq("CAMT error file, line and field", listOf(camtError?.file, camtError?.line?.toString(), camtError?.field),
            listOf("test-camt053.xml", "38", "Stmt/Bal/Amt"))
        checkEq("camtSkipBalanceCheck", imports.parse(unreconciled, ParseOptions(camtSkipBalanceCheck = true)).single().closingBalance?.amount, "900.00")

        // QIF with its date order.
        val qif = imports.parseFile(File(shared, "actual-loot-core/data-with-categories.qif").path, ParseOptions(qifDateOrder = DateOrder.MONTH_DAY)).single()
        checkEq("QIF format", qif.format, StatementFormat.QIF)
        checkEq("QIF account type", qif.account.accountType, "Bank")
        checkEq("QIF lines", qif.lines.map { listOf(it.line.toString(), it.date, it.amount, it.payee, it.category) }, listOf(
            listOf("2", "2018-12-19", "-100.58", "Outlet", "Usual Expenses:Shopping"),
            listOf("7", "2018-12-19", "-20.15", "GroceriesYou", "Groceries"),
            listOf("12", "2018-12-19", "-40.60", "RestaurantExample", "Food"),
        ))

        // MT940.
        val mt940 = imports.parseFile(File(shared, "crate-mt940/tests/data/mt940/full/sparkasse/buxtehude.sta").path).single()
        checkEq("MT940 format", mt940.format, StatementFormat.MT940)
        checkEq("MT940 account", listOf(mt940.account.bankId, mt940.account.accountId, mt940.account.currency), listOf("20752041", "0291593375", "EUR"))
        checkEq("MT940 balances", listOf(mt940.openingBalance, mt940.closingBalance), listOf(
            StatedBalance("13564.13", "2018-11-26", "EUR"), StatedBalance("13523.09", "2018-11-27", "EUR"),
        ))
        checkEq("MT940 lines", mt940.lines.map { it.amount to it.kind }, listOf("-119.35" to "NDDT", "-16.69" to "NDDT", "-5.00" to "N033"))

        // CSV written here: the suggested profile is JSON, accepted back (edited or not) in ParseOptions.csv.
        val csv = ("Date,Payee,Amount,Currency\n2026-10-01,ACME Payroll,2500.00,USD\n2026-10-03,Bakery,-4.20,USD\n" +
            "2026-10-05,Fresh Market,-61.90,USD\n2026-10-06,Abroad,-3.00,EUR\n2026-10-07,Too precise,-0.001,USD\n").toByteArray()
        val profile = imports.suggestCsvProfile(csv, "october.csv")
        for (part in listOf("\"date\":\"Date\"", "\"amount\":\"Amount\"", "\"payee\":[\"Payee\"]", "\"currency\":\"Currency\"", "\"date_format\":\"%Y-%m-%d\"")) {
            check("suggested profile has $part", profile.contains(part)) { profile }
        }
        val read = imports.parse(csv, ParseOptions(csv = profile, fileName = "october.csv")).single()
        checkEq("CSV format", read.format, StatementFormat.CSV)
        checkEq("CSV lines", read.lines.map { listOf(it.line.toString(), it.date, it.amount, it.payee, it.currency) }, listOf(
            listOf("2", "2026-10-01", "2500.00", "ACME Payroll", "USD"), listOf("3", "2026-10-03", "-4.20", "Bakery", "USD"),
            listOf("4", "2026-10-05", "-61.90", "Fresh Market", "USD"), listOf("5", "2026-10-06", "-3.00", "Abroad", "EUR"),
            listOf("6", "2026-10-07", "-0.001", "Too precise", "USD"),
        ))
        checkEq("CSV without a profile reads with the suggested one", imports.parse(csv, ParseOptions(fileName = "october.csv")), listOf(read))
        val inverted = imports.parse(csv, ParseOptions(csv = profile.replace("\"amount_sign\":\"normal\"", "\"amount_sign\":\"inverted\"")))
        checkEq("an edited profile is used", inverted.single().lines.first().amount, "-2500.00")
        val badProfile = checkError<TallyException.Validation>("a profile that is not JSON", "invalid_field") {
            imports.parse(csv, ParseOptions(csv = "{not json"))
        }
        checkEq("bad profile field", badProfile?.field, "csv")

        // Async forms parse the same.
        runBlocking {
            checkEq("parseFileAsync", imports.parseFileAsync(mercury.path), listOf(ofx))
            checkEq("parseAsync", imports.parseAsync(camtBytes, ParseOptions(fileName = "test-camt053.xml")), listOf(camt))
        }

        // Import the OFX file into a USD account: a dry run writes nothing.
        val accounts = book.accounts()
        val checking = accounts.create(NewAccount("Assets:Mercury", AccountKind.ASSET, AccountSubtype.CHECKING, "USD"))
        val inbox = accounts.create(NewAccount("Expenses:Uncategorized", AccountKind.EXPENSE, AccountSubtype.OTHER, "USD"))
        val options = ImportOptions(account = checking.id, counterAccount = inbox.id)
        val transactionsIn = { id: AccountId -> book.transactions().search(TransactionFilter(accounts = listOf(id)), page(limit = 1u)).total }
        recorder.events.clear()
        val plan = imports.importFile(mercury.path, ParseOptions(), options.copy(dryRun = true))
        checkEq("dry run plans every line", listOf(plan.new, plan.duplicates, plan.rejected), listOf(674UL, 0UL, 0UL))
        checkEq("dry run commits nothing", plan.committed, false)
        checkEq("dry run has no transactions", plan.transactionIds, emptyList<TransactionId>())
        checkEq("dry run checks the planned balance", plan.balanceCheck?.passed, true)
        checkEq("dry run wrote nothing", transactionsIn(checking.id), 0UL)
        checkEq("dry run added no assertion", accounts.assertions(), emptyList<BalanceAssertion>())
        checkEq("dry run: no events", recorder.events.size, 0)

        val result = imports.importFile(mercury.path, ParseOptions(), options)
        checkEq("import: 674 new", listOf(result.new, result.duplicates, result.matched, result.rejected), listOf(674UL, 0UL, 0UL, 0UL))
        checkEq("import committed", result.committed, true)
        checkEq("import names the file and account", result.file to result.account, mercury.path to checking.id)
        checkEq("import transaction ids", result.transactionIds.size, 674)
        checkEq("every line has an outcome", result.lines.map { it.index }, (0UL until 674UL).toList())
        val line0 = result.lines.first()
        checkEq("first outcome", listOf(line0.line.toString(), line0.status.toString(), line0.fingerprint),
            listOf("34", "NEW", "id:cdd3fc6a-dbee-11ee-9629-1bbe55d25559"))
        checkEq("first outcome's transaction", line0.transactionId, result.transactionIds.first())
        val balanceCheck = result.balanceCheck
        check("balance check present", balanceCheck != null)
        checkEq("balance check", listOf(balanceCheck?.assertion?.amount, balanceCheck?.assertion?.date, balanceCheck?.actual, balanceCheck?.passed.toString()),
            listOf("1149.86", "2026-03-19", "1149.86", "true"))
        checkEq("the assertion is stored", accounts.assertions().map { it.id }, listOfNotNull(balanceCheck?.assertion?.id))
        checkEq("balance after the import", accounts.balances().first { it.path == "Assets:Mercury" }.total, "1149.86")
        val imported = book.transactions().get(line0.transactionId!!)
        checkEq("imported transaction", listOf(imported.date, imported.source.toString(), imported.status.toString(), imported.splits[0].amount),
            listOf("2024-03-11", "IMPORT", "CLEARED", "2500.00"))
        checkEq("import events", recorder.events.map { it.second::class.simpleName }, listOf("TransactionsAdded", "AssertionAdded"))
        checkEq("one batch event with every id", (recorder.events.first().second as? Event.TransactionsAdded)?.ids?.size, 674)

        // Re-import: every line a duplicate, nothing written, still one assertion.
        val again = imports.importFile(mercury.path, ParseOptions(), options)
        checkEq("re-import: 0 new, 674 duplicates", listOf(again.new, again.duplicates), listOf(0UL, 674UL))
        checkEq("re-import writes no transaction", again.transactionIds, emptyList<TransactionId>())
        check("re-import outcomes are duplicates", again.lines.all { it.status == LineStatus.DUPLICATE })
        checkEq("re-import keeps one assertion", accounts.assertions().size, 1)
        runBlocking {
            val async = imports.importFileAsync(mercury.path, ParseOptions(fileName = "mercury.ofx"), options)
            checkEq("importFileAsync re-import", listOf(async.new, async.duplicates), listOf(0UL, 674UL))
            checkEq("importFileAsync file name", async.file, "mercury.ofx")
        }

        // Undo deletes what the import wrote; the lines stay remembered.
        checkEq("undo", imports.undo(result.transactionIds), 674UL)
        checkEq("undo again deletes nothing", imports.undo(result.transactionIds), 0UL)
        checkEq("undone", transactionsIn(checking.id), 0UL)
        val afterUndo = imports.importFile(mercury.path, ParseOptions(), options)
        checkEq("undone lines stay deleted", listOf(afterUndo.new, afterUndo.deleted), listOf(0UL, 674UL))
        val restored = imports.importFile(mercury.path, ParseOptions(), options.copy(reimportDeleted = true))
        checkEq("reimportDeleted restores", listOf(restored.restored, restored.new, restored.transactionIds.size.toULong()), listOf(674UL, 0UL, 674UL))
        checkError<TallyException.NotFound>("undo of an unknown transaction", "transaction_not_found") { imports.undo(listOf(999999L)) }

        // Strict: a bad line and nothing is written; its outcome names the field and the reason.
        val card = accounts.create(NewAccount("Assets:Card", AccountKind.ASSET, AccountSubtype.CHECKING, "USD"))
        val cardOptions = ImportOptions(account = card.id, counterAccount = inbox.id)
        val strict = imports.importBytes(csv, ParseOptions(csv = profile, fileName = "october.csv"), cardOptions)
        checkEq("strict: not committed", strict.committed, false)
        checkEq("strict counts", listOf(strict.new, strict.rejected), listOf(3UL, 2UL))
        checkEq("strict writes nothing", transactionsIn(card.id), 0UL)
        val rejected = strict.lines.filter { it.status == LineStatus.REJECTED }
        checkEq("rejected lines", rejected.map { listOf(it.index.toString(), it.line.toString(), it.field) }, listOf(
            listOf("3", "5", "currency"), listOf("4", "6", "amount"),
        ))
        check("rejected currency reason", rejected[0].reasons.single().contains("EUR")) { "${rejected[0].reasons}" }
        check("rejected amount reason has the code", rejected[1].reasons.single().startsWith("too_many_decimals")) { "${rejected[1].reasons}" }
        checkEq("mode STRICT as the default", imports.importBytes(csv, ParseOptions(csv = profile), cardOptions.copy(mode = ImportMode.STRICT)), strict.copy(file = "input"))

        // Lenient: the good lines are written, the bad ones returned.
        runBlocking {
            val lenient = imports.importBytesAsync(csv, ParseOptions(csv = profile, fileName = "october.csv"), cardOptions.copy(mode = ImportMode.LENIENT))
            checkEq("lenient committed", lenient.committed, true)
            checkEq("lenient counts", listOf(lenient.new, lenient.rejected, lenient.transactionIds.size.toULong()), listOf(3UL, 2UL, 3UL))
            checkEq("lenient wrote the good lines", transactionsIn(card.id), 3UL)
            checkEq("lenient balance check: the CSV states none", lenient.balanceCheck, null)
        }
        checkEq("lenient balance", accounts.balances().first { it.path == "Assets:Card" }.total, "2433.90")

        // A malformed file: the Import error names the file and the line; nothing is written.
        val bad = File(scratch, "mercury-bad.ofx")
        bad.writeText(mercury.readText().replaceFirst("<TRNAMT>-5.33", "<TRNAMT>-5,x3"))
        val before = transactionsIn(checking.id)
        val malformed = checkError<TallyException.Import>("malformed OFX", "malformed_line") {
            imports.importFile(bad.path, ParseOptions(), options)
        }
        checkEq("malformed OFX file and line", malformed?.file to malformed?.line, bad.path to 2759UL)
        checkEq("malformed OFX field", malformed?.field, "TRNAMT")
        check("malformed detail names the value", malformed?.detail?.contains("'-5,x3'") == true) { "${malformed?.detail}" }
        checkEq("malformed: nothing written", transactionsIn(checking.id), before)
        runBlocking {
            checkError<TallyException.Import>("malformed QIF bytes, async", "malformed_line") {
                imports.importBytesAsync("!Type:Bank\nD12/19/18\nPX\nTabc\n^\n".toByteArray(), ParseOptions(fileName = "bad.qif"), options)
            }.let { checkEq("malformed QIF file and line", it?.file to it?.line, "bad.qif" to 4UL) }
        }
        val missing = checkError<TallyException.Import>("missing file", "unreadable_file") {
            imports.importFile(File(scratch, "no-such.ofx").path, ParseOptions(), options)
        }
        checkEq("missing file named", missing?.file, File(scratch, "no-such.ofx").path)
        checkError<TallyException.Validation>("a file of several statements", "invalid_field") {
            imports.importFile(File(shared, "crate-qif_parser/data/autoswitch.qif").path, ParseOptions(), options)
        }
        val noAccount = checkError<TallyException.NotFound>("import into an unknown account", "account_not_found") {
            imports.importFile(mercury.path, ParseOptions(), options.copy(counterAccount = 999))
        }
        checkEq("unknown account field", noAccount?.field, "counter_account")
    }
}

/** A bank connection: a token sealed and revealed, a two-page Plaid sync as one unit (a broken
 * page writes nothing), a re-run that adds nothing, a saved CSV profile, a batch undone. */
fun connectionsSyncsAndBatches() {
    Engine.inMemory().use { engine ->
        val user = engine.users().create(NewUser("ada@example.com", "Ada", "Lovelace", "EUR"))
        val book = engine.createBook(NewBook("Home", user.id, "EUR"))
        val accounts = book.accounts()
        val checking = accounts.create(NewAccount("Assets:Checking", AccountKind.ASSET, AccountSubtype.CHECKING, "EUR"))
        val inbox = accounts.create(NewAccount("Expenses:Inbox", AccountKind.EXPENSE, AccountSubtype.OTHER, "EUR"))
        val imports = book.imports()
        val key = ByteArray(32) { 5 }
        val conn = imports.createConnection(
            NewConnection(Provider.PLAID, "ins_1", "Bank", listOf(ConnectionAccount("acc-1", checking.id)), inbox.id, "access-secret"), key)
        checkEq("connection status and token", conn.status to conn.hasToken, ConnectionStatus.ACTIVE to true)
        checkEq("revealToken", imports.revealToken(conn.id, key), "access-secret")
        checkError<TallyException.Permission>("token_key_mismatch", "token_key_mismatch") { imports.revealToken(conn.id, ByteArray(32)) }
        fun page(id: String, amount: String, cursor: String, more: Boolean) =
            """{"added": [{"transaction_id": "$id", "account_id": "acc-1", "date": "2026-10-0${id.last()}", "amount": $amount, "iso_currency_code": "EUR", "name": "Shop"}], "modified": [], "removed": [], "next_cursor": "$cursor", "has_more": $more}""".toByteArray()
        val failed = checkError<TallyException.Import>("sync_failed", "sync_failed") {
            imports.sync(conn.id, listOf(page("t1", "4.20", "c1", true), page("t2", "\"x\"", "c2", false)))
        }
        checkEq("sync_failed names the page", failed?.file, "pages[1]")
        checkEq("a failed sync writes nothing", book.transactions().search(TransactionFilter(), page()).items.size, 0)
        checkEq("a failed sync keeps the cursor", imports.connection(conn.id).let { it.cursor to it.status }, null to ConnectionStatus.ERROR)
        val done = imports.sync(conn.id, listOf(page("t1", "4.20", "c1", true), page("t2", "-25.00", "c2", false)))
        checkEq("sync cursor", done.connection.cursor, "c2")
        checkEq("sync pages", done.pages.map { it.added }, listOf(1UL, 1UL))
        val batch = done.batch!!
        checkEq("sync batch", batch.kind to batch.written.size, BatchKind.SYNC to 2)
        checkEq("re-run adds nothing", imports.sync(conn.id, listOf(page("t1", "4.20", "c1", true), page("t2", "-25.00", "c2", false))).batch, null)
        checkEq("batches newest first", imports.batches().map { it.id }, listOf(batch.id))
        val undone = imports.undoBatch(batch.id)
        check("undone_at set", undone.undoneAt != null)
        checkEq("undo deletes the batch", book.transactions().search(TransactionFilter(), page()).items.size, 0)
        checkError<TallyException.Conflict>("batch_already_undone", "batch_already_undone") { imports.undoBatch(batch.id) }
        checkError<TallyException.NotFound>("batch_not_found", "batch_not_found") { imports.batch(999) }
        checkError<TallyException.NotFound>("connection_not_found", "connection_not_found") { imports.connection(999) }

        val csv = "Date,Payee,Amount\n2026-10-03,Bakery,-4.20\n".toByteArray()
        val profile = imports.suggestCsvProfile(csv, "bank.csv")
        val saved = imports.saveCsvProfile("Bank", profile, imports.csvHeader(csv, "bank.csv"))
        checkEq("saved header", saved.header, listOf("Date", "Payee", "Amount"))
        checkError<TallyException.Conflict>("profile_exists", "profile_exists") { imports.saveCsvProfile("Bank", profile) }
        val byName = imports.importBytes(csv, ParseOptions(csvProfileName = "Bank"), ImportOptions(account = checking.id, counterAccount = inbox.id))
        checkEq("import with a saved profile", byName.new to (byName.batchId != null), 1UL to true)
        imports.deleteCsvProfile("Bank")
        checkError<TallyException.NotFound>("profile_not_found", "profile_not_found") { imports.csvProfile("Bank") }
    }
}

/** A book at a fixed day with a checking account and a few categories, for the planning groups. */
class PlanBook(val engine: Engine, val book: Book) {
    val accounts = book.accounts()
    fun make(path: String, kind: AccountKind, subtype: AccountSubtype = AccountSubtype.OTHER) =
        accounts.create(NewAccount(path, kind, subtype, "EUR"))
    val checking = make("Assets:Bank:Checking", AccountKind.ASSET, AccountSubtype.CHECKING)
    val savings = make("Assets:Bank:Savings", AccountKind.ASSET, AccountSubtype.SAVINGS)
    val uncategorized = make("Expenses:Uncategorized", AccountKind.EXPENSE)
    val coffee = make("Expenses:Coffee", AccountKind.EXPENSE)
    val groceries = make("Expenses:Groceries", AccountKind.EXPENSE)
}

fun planBook(base: Engine, day: String): PlanBook {
    val engine = base.withClock(FixedClock(Instant.parse("${day}T12:00:00Z")))
    val user = engine.users().create(NewUser("ada@example.com", "Ada", "Lovelace", "EUR"))
    return PlanBook(engine, engine.createBook(NewBook("Plans", user.id, "EUR")))
}

val coffeeCondition = """{"kind":"text","field":"payee","match":{"op":"contains","value":"STARBUCKS"}}"""
val coffeeActions = """[{"kind":"set_category","value":"Expenses:Coffee"}]"""

fun categorizerScenario() {
    Engine.inMemory().use { base ->
        val p = planBook(base, "2026-10-31")
        val recorder = Recorder()
        p.book.subscribe(recorder)
        val cat = p.book.categorizer()
        checkEq("categorizer settings", cat.settings(), CategorizerSettings(0.8, 50u, 3u))
        checkEq("setSettings", cat.setSettings(CategorizerSettings(0.9, 50u, 3u)).threshold, 0.9)
        cat.setSettings(CategorizerSettings(0.8, 50u, 3u))
        // Rules: condition and actions cross as JSON text, both ways.
        val rule = cat.createRule(NewRule("coffee", coffeeCondition, coffeeActions))
        checkEq("rule.condition JSON back", rule.condition, coffeeCondition)
        checkEq("rule.actions JSON back", rule.actions, coffeeActions)
        checkEq("rule stage default", rule.stage, Stage.DEFAULT)
        checkEq("rule(id)", cat.rule(rule.id), rule)
        val nested = """{"kind":"all","conditions":[{"kind":"amount","match":{"op":"between","min":"-10.00","max":"-1.00"}},""" +
            """{"kind":"not","condition":{"kind":"weekday","days":[5,6]}}]}"""
        val split = """[{"kind":"split","value":[{"category":"Expenses:Coffee","share":{"kind":"percent","value":"50"}},""" +
            """{"category":"Expenses:Groceries","share":{"kind":"remainder"}}]}]"""
        val small = cat.createRule(NewRule("small split", nested, split, stage = Stage.POST, priority = 5, enabled = false))
        checkEq("recursive condition round trip", small.condition, nested)
        checkEq("split action round trip", small.actions, split)
        checkEq("stage post", small.stage, Stage.POST)
        checkEq("disabled", small.enabled, false)
        checkEq("enableRule", cat.enableRule(small.id).enabled, true)
        checkEq("disableRule", cat.disableRule(small.id).enabled, false)
        checkEq("setEnabled", cat.setEnabled(small.id, false).enabled, false)
        checkEq("reorderRules", cat.reorderRules(listOf(small.id, rule.id)).map { it.id }.toSet(), setOf(rule.id, small.id))
        val bakery = payeeContainsRule("Bakery", "Expenses:Groceries")
        checkEq("payeeContainsRule", bakery.actions, """[{"kind":"set_category","value":"Expenses:Groceries"}]""")
        checkEq("updateRule", cat.updateRule(small.id, bakery.copy(enabled = false)).name, "Bakery -> Expenses:Groceries")
        cat.deleteRule(small.id)
        checkEq("rules after delete", cat.rules().map { it.id }, listOf(rule.id))
        // Errors of the categorizer.
        val bad = checkError<TallyException.Validation>("condition not JSON", "invalid_rule") {
            cat.createRule(NewRule("x", "{not json", coffeeActions))
        }
        checkEq("invalid_rule field", bad?.field(), "condition")
        checkError<TallyException.Validation>("actions not a list", "invalid_rule") { cat.createRule(NewRule("x", coffeeCondition, "{}")) }
        checkError<TallyException.NotFound>("category_not_found", "category_not_found") {
            cat.createRule(NewRule("x", coffeeCondition, """[{"kind":"set_category","value":"Expenses:Nope"}]"""))
        }
        checkError<TallyException.Validation>("not_a_category", "not_a_category") {
            cat.createRule(NewRule("x", coffeeCondition, """[{"kind":"set_category","value":"Assets:Bank:Savings"}]"""))
        }
        checkError<TallyException.Validation>("split over 100 %", "invalid_rule") {
            cat.createRule(NewRule("x", coffeeCondition, """[{"kind":"split","value":[{"category":"Expenses:Coffee","share":{"kind":"percent","value":"70"}},""" +
                """{"category":"Expenses:Groceries","share":{"kind":"percent","value":"70"}}]}]"""))
        }
        checkError<TallyException.NotFound>("rule_not_found", "rule_not_found") { cat.rule(999) }
        checkError<TallyException.NotFound>("model_not_found", "model_not_found") { cat.activate(999) }
        checkError<TallyException>("not_enough_training_data", "not_enough_training_data") { cat.train(TrainRequest(force = true)) }
        val transfer = p.book.transactions().transfer("2026-10-02", p.checking.id, p.savings.id, "10.00")
        checkError<TallyException.Validation>("not_categorizable", "not_categorizable") { cat.correct(transfer.id, p.groceries.id) }

        // Rules -> import -> review -> correct -> proposal.
        val csv = "Date,Payee,Amount\n2026-10-03,STARBUCKS 123,-4.50\n2026-10-04,Bakery,-3.20\n2026-10-05,Bakery,-2.80\n2026-10-06,Bakery,-5.00\n2026-10-07,Market,-40.00\n"
        val imported = p.book.imports().importBytes(csv.toByteArray(), ParseOptions(fileName = "oct.csv"), ImportOptions(p.checking.id, p.uncategorized.id))
        checkEq("import new", imported.new, 5uL)
        val ids = imported.transactionIds
        val first = cat.decision(ids[0])
        checkEq("rule decided at import", first?.decidedBy to first?.ruleId, "rule" to rule.id)
        check("Starbucks line went to Coffee", p.book.transactions().get(ids[0]).splits.any { it.accountId == p.coffee.id && it.amount == "4.50" })
        checkEq("undecided line", cat.decision(ids[1])?.decidedBy, "none")
        val queue = cat.reviewQueue(PageRequest(order = SortOrder.ASCENDING))
        checkEq("review queue", queue.items.map { it.transaction.payee }, listOf("Bakery", "Bakery", "Bakery", "Market"))
        checkEq("review queue total", queue.total, 4uL)
        val corrections = ids.subList(1, 4).map { cat.correct(it, p.groceries.id) }
        checkEq("corrections are manual", corrections.map { it.decision.decidedBy }.toSet(), setOf("manual"))
        checkEq("category locked", corrections[0].decision.locks.category, true)
        checkEq("no proposal before the third", corrections.take(2).map { it.proposal }, listOf(null, null))
        val proposal = corrections[2].proposal
        checkEq("proposal after three corrections", proposal?.let { it.payee to it.corrections }, "BAKERY" to 3u)
        checkEq("proposal category", proposal?.category, p.groceries.id)
        checkEq("payee memory", cat.payeeMemory().map { it.category to it.corrections }, listOf(p.groceries.id to 3u))
        val accepted = cat.acceptProposal(proposal!!)
        checkEq("accepted rule action", accepted.actions, """[{"kind":"set_category","value":"Expenses:Groceries"}]""")
        val changes = cat.testRule(NewRule("market", """{"kind":"text","field":"payee","match":{"op":"equals","value":"Market"}}""",
            """[{"kind":"set_category","value":"Expenses:Groceries"}]"""))
        checkEq("testRule changes", changes.map { it.transactionId to it.after.category }, listOf(ids[4] to p.groceries.id))
        checkEq("testRule writes nothing", cat.decision(ids[4])?.decidedBy, "none")
        checkEq("applyRules on locked lines changes nothing", cat.applyRules(TransactionFilter(accounts = listOf(p.checking.id))).map { it.transactionId }, listOf<Long>())
        checkEq("categorize", cat.categorize(listOf(ids[0])).single().decidedBy, "rule")
        runBlocking {
            checkEq("categorizeAsync", cat.categorizeAsync(listOf(ids[0])).single().ruleId, rule.id)
            checkEq("testRuleAsync", cat.testRuleAsync(bakery).size, 0)
            checkEq("applyRulesAsync", cat.applyRulesAsync(TransactionFilter()).size, 0)
            checkError<TallyException>("trainAsync not enough data", "not_enough_training_data") { runBlocking { cat.trainAsync(TrainRequest()) } }
        }
        checkEq("models", cat.models(), listOf<ModelInfo>())
        check("queuedExamples counts corrections", cat.queuedExamples() >= 3uL) { "${cat.queuedExamples()}" }
        val kinds = recorder.events.map { it.second::class.simpleName }.toSet()
        for (kind in listOf("RulesChanged", "TransactionsCategorized", "CategorizerSettingsChanged")) check("event $kind", kind in kinds) { "$kinds" }
    }
}

fun budgetGoalAlertScenario() {
    Engine.inMemory().use { base ->
        val p = planBook(base, "2026-10-20")
        val budgets = p.book.budgets()
        val groceriesLine = BudgetCategory(p.groceries.id, SurplusPolicy.ROLL, OverspendPolicy.CARRY)
        val budget = budgets.create(NewBudget("Monthly", Period.Monthly, "2026-10-01", "EUR", BudgetMode.PERIOD, listOf(80u, 100u), listOf(groceriesLine)))
        checkEq("budget.period", budget.period, Period.Monthly)
        checkEq("budgets.get", budgets.get(budget.id), budget)
        checkEq("budgets.list", budgets.list().map { it.id }, listOf(budget.id))
        checkError<TallyException.Conflict>("budget_overlap", "budget_overlap") {
            budgets.create(NewBudget("Again", Period.Weekly(Weekday.MON), "2026-10-05", "EUR", BudgetMode.PERIOD, listOf(100u), listOf(groceriesLine)))
        }
        checkError<TallyException.NotFound>("budget_not_found", "budget_not_found") { budgets.get(999) }
        val badThreshold = checkError<TallyException.Validation>("budget invalid_field", "invalid_field") { budgets.update(budget.id, BudgetUpdate(thresholds = listOf(0u))) }
        check("budget invalid_field has a field", badThreshold?.field()?.startsWith("thresholds") == true) { "${badThreshold?.field()}" }
        checkEq("budgets.update", budgets.update(budget.id, BudgetUpdate(name = "Food")).name, "Food")
        checkEq("setAllocation", budgets.setAllocation(budget.id, "2026-10-15", p.groceries.id, "300").periodStart, "2026-10-01")
        checkEq("setAllocations", budgets.setAllocations(budget.id, listOf(NewAllocation("2026-11-01", p.groceries.id, "300"))).single().amount, "300")
        checkEq("allocations", budgets.allocations(budget.id, "2026-10-31").map { it.amount }, listOf("300.00"))
        checkError<TallyException>("allocation as a float-looking text", "invalid_amount") { budgets.setAllocation(budget.id, "2026-10-01", p.groceries.id, "1e3") }

        // Alerts: crossing 80 % raises exactly one alert event, delivered after the commit.
        val seen = Collections.synchronizedList(mutableListOf<Alert>())
        val storedWhenDelivered = Collections.synchronizedList(mutableListOf<Boolean>())
        val listener = object : EventListener {
            override fun onEvent(bookId: BookId, event: Event) {
                if (event is Event.AlertRaised) {
                    seen += event.alert
                    storedWhenDelivered += p.book.alerts().list(AlertFilter()).any { it.id == event.alert.id }
                }
            }
        }
        val sub = p.book.subscribe(listener)
        val tx = p.book.transactions()
        tx.expense("2026-10-05", p.checking.id, p.groceries.id, "100.00", "Market")
        checkEq("below the threshold: no alert", seen.size, 0)
        tx.expense("2026-10-12", p.checking.id, p.groceries.id, "150.00", "Market")
        checkEq("one alert event at 83 %", seen.map { it.kind }, listOf(AlertKind.BUDGET_THRESHOLD))
        checkEq("the alert names the budget", seen.firstOrNull()?.entities?.budgetId, budget.id)
        checkEq("delivered after the commit", storedWhenDelivered.toList(), listOf(true))
        tx.expense("2026-10-13", p.checking.id, p.groceries.id, "1.00", "Market")
        checkEq("raised once: a second write adds none", seen.size, 1)
        checkEq("evaluate again finds nothing new", p.book.alerts().evaluate(), listOf<Alert>())
        p.book.unsubscribe(sub)
        // A failing callback does not roll the write back.
        val thrower = object : EventListener {
            override fun onEvent(bookId: BookId, event: Event) {
                if (event is Event.AlertRaised) throw IllegalStateException("listener failed")
            }
        }
        val bad = p.book.subscribe(thrower)
        val over = tx.expense("2026-10-14", p.checking.id, p.groceries.id, "60.00", "Market")
        p.book.unsubscribe(bad)
        checkEq("the write stands", tx.get(over.id).deleted, false)
        val alerts = p.book.alerts()
        val stored = alerts.list(AlertFilter())
        checkEq("the 100 % alert is stored", stored.size, 2)
        checkEq("unread", alerts.list(AlertFilter(unreadOnly = true)).size, 2)
        alerts.markRead(listOf(stored[0].id))
        checkEq("markRead", alerts.list(AlertFilter(unreadOnly = true)).size, 1)
        alerts.dismiss(listOf(stored[1].id))
        checkEq("dismissed hidden", alerts.list(AlertFilter()).size, 1)
        checkEq("dismissed listed on request", alerts.list(AlertFilter(includeDismissed = true)).size, 2)
        checkError<TallyException.NotFound>("alert_not_found", "alert_not_found") { alerts.markRead(listOf(999)) }
        val settings = alerts.settings()
        checkEq("alert settings default score", settings.unusualScore, "3.5")
        checkEq("setSettings", alerts.setSettings(settings.copy(largeTransaction = "500.00", largeCurrency = "EUR")).largeTransaction, "500.00")
        checkError<TallyException.Validation>("alert settings invalid_field", "invalid_field") { alerts.setSettings(settings.copy(unusualScore = "-1")) }

        // Status with rollover: 311 spent of 300 in October; November gets its 300 and the overspend carried.
        val october = budgets.status(budget.id, "2026-10-20")
        checkEq("october totals", october.totals.let { listOf(it.allocated, it.spent, it.available, it.percentUsed) }, listOf("300.00", "311.00", "-11.00", "103.67"))
        val november = runBlocking { budgets.statusAsync(budget.id, "2026-11-15") }
        checkEq("november rolls October in", november.totals.let { listOf(it.allocated, it.rolledIn, it.available) }, listOf("300.00", "-11.00", "289.00"))
        checkEq("category path", november.categories.single().path, "Expenses:Groceries")
        val report = budgets.applyTemplates(budget.id, "2026-12-01", Rounding.HALF_EVEN)
        checkEq("applyTemplates without templates", report.fills, listOf<TemplateFill>())
        checkEq("evaluateAsync", runBlocking { alerts.evaluateAsync() }, listOf<Alert>())

        // An envelope budget: money assigned from the pool and moved.
        val envelope = budgets.create(NewBudget("Envelopes", Period.Monthly, "2026-10-01", "EUR", BudgetMode.ENVELOPE, listOf(100u),
            listOf(BudgetCategory(p.coffee.id, SurplusPolicy.RETURN_TO_POOL, OverspendPolicy.TAKE_FROM_POOL,
                Template(1u, TemplateRule.FixedAmount("20.00"))))))
        checkEq("template crosses", envelope.categories.single().template?.rule, TemplateRule.FixedAmount("20.00"))
        checkEq("assign", budgets.assign(envelope.id, "2026-10-01", p.coffee.id, "30").single().amount, "30")
        checkEq("moveMoney back to the pool", budgets.moveMoney(envelope.id, "2026-10-01", p.coffee.id, null, "5").single().amount, "25.00")
        check("envelope has a pool", budgets.status(envelope.id, "2026-10-20").pool != null)
        budgets.delete(envelope.id)
        checkError<TallyException.NotFound>("deleted budget", "budget_not_found") { budgets.get(envelope.id) }

        // A goal's progress.
        val goals = p.book.goals()
        val goal = goals.create(NewGoal("Trip", GoalKind.SaveToward(listOf(p.savings.id)), "1000", "EUR", deadline = "2027-06-30"))
        checkEq("goal kind", goal.kind, GoalKind.SaveToward(listOf(p.savings.id)))
        checkEq("goal pace default", goal.paceMonths, 3u)
        tx.transfer("2026-10-15", p.checking.id, p.savings.id, "250")
        checkEq("contribute", goals.contribute(goal.id, NewContribution("2026-10-16", "100", "cash")).note, "cash")
        checkEq("contributions", goals.contributions(goal.id).map { it.amount }, listOf("100.00"))
        val progress = goals.progress(goal.id)
        checkEq("goal progress", listOf(progress.current, progress.remaining, progress.percent), listOf("350.00", "650.00", "35.00"))
        checkEq("goal state", progress.status, GoalStatus.ACTIVE)
        checkEq("goal update clears the deadline", goals.update(goal.id, GoalUpdate(deadline = DateChange.Clear, expectedAnnualReturn = AmountChange.Set("2.5"))).deadline, null)
        checkEq("archive", goals.archive(goal.id).status, GoalStatus.ARCHIVED)
        checkError<TallyException.Conflict>("goal_archived", "goal_archived") { goals.contribute(goal.id, NewContribution("2026-10-17", "1")) }
        checkEq("unarchive", goals.unarchive(goal.id).status, GoalStatus.ACTIVE)
        checkEq("goals.list", goals.list().map { it.id }, listOf(goal.id))
        checkError<TallyException.NotFound>("goal_not_found", "goal_not_found") { goals.get(999) }
        checkError<TallyException.Validation>("goal invalid_field", "invalid_field") { goals.create(NewGoal("Bad", GoalKind.SaveToward(listOf(p.savings.id)), "-5", "EUR")) }
    }
}

fun portfolioScenario() {
    Engine.inMemory().use { base ->
        val p = planBook(base, "2026-06-30")
        val broker = p.make("Assets:Broker", AccountKind.ASSET, AccountSubtype.INVESTMENT)
        val gainsAccount = p.make("Income:Capital Gains", AccountKind.INCOME)
        val recorder = Recorder()
        p.book.subscribe(recorder)
        val portfolio = p.book.portfolio()
        val acme = portfolio.defineSecurity(NewSecurity("ACME", "Acme Corp", assetClass = AssetClass.STOCK, currency = "EUR"))
        checkEq("security", acme, Security("ACME", AssetClass.STOCK, "EUR"))
        checkEq("securities", portfolio.securities(), listOf(acme))
        checkEq("security(code)", portfolio.security("ACME"), acme)
        checkError<TallyException.Validation>("not_a_security", "not_a_security") { portfolio.security("EUR") }
        checkEq("booking method default", portfolio.bookingMethod(broker.id), BookingMethod.FIFO)
        portfolio.setBookingMethod(broker.id, BookingMethod.FIFO)
        portfolio.buy(BuyRequest("2026-01-10", broker.id, "ACME", "10", "100", cashAccountId = p.checking.id))
        portfolio.buy(BuyRequest("2026-03-10", broker.id, "ACME", "10", "120", cashAccountId = p.checking.id))
        checkEq("lots", portfolio.lots(LotFilter(accountId = broker.id)).map { listOf(it.acquired, it.quantity, it.cost) },
            listOf(listOf("2026-01-10", "10", "1000"), listOf("2026-03-10", "10", "1200")))
        checkError<TallyException.Validation>("insufficient_quantity", "insufficient_quantity") {
            portfolio.sell(SellRequest("2026-06-10", broker.id, "ACME", "100", "130", gainsAccount.id, cashAccountId = p.checking.id))
        }
        checkError<TallyException.NotFound>("lot_not_found", "lot_not_found") {
            portfolio.sell(SellRequest("2026-06-10", broker.id, "ACME", "1", "130", gainsAccount.id, cashAccountId = p.checking.id, lots = listOf(LotPick(999, "1"))))
        }
        val sale = portfolio.sell(SellRequest("2026-06-10", broker.id, "ACME", "15", "130", gainsAccount.id, cashAccountId = p.checking.id))
        checkEq("FIFO gains", sale.gains.map { listOf(it.acquired, it.quantity, it.cost, it.proceeds, it.gain) },
            listOf(listOf("2026-01-10", "10", "1000", "1300", "300"), listOf("2026-03-10", "5", "600", "650", "50")))
        checkEq("short term", sale.gains.map { it.longTerm }, listOf(false, false))
        checkEq("realizedGains", portfolio.realizedGains(LotFilter()).map { it.gain }, listOf("300", "50"))
        p.book.rates().add(Rate("ACME", "EUR", "2026-06-30", "140", "manual"))
        val holdings = portfolio.holdings(HoldingsRequest("2026-06-30", "EUR"))
        checkEq("holdings row", holdings.rows.map { listOf(it.security, it.quantity, it.cost, it.marketValue, it.unrealizedGain) },
            listOf(listOf("ACME", "5", "600", "700.00", "100.00")))
        checkEq("holdings totals", listOf(holdings.totalValue, holdings.totalCost, holdings.totalUnrealizedGain), listOf("700.00", "600.00", "100.00"))
        checkEq("holdingsAsync", runBlocking { portfolio.holdingsAsync(HoldingsRequest("2026-06-30", "EUR", accountId = broker.id)) }.totalValue, "700.00")
        checkEq("xirr of -1000 then +1100 a year later", xirr(listOf(CashFlow("2026-01-01", "-1000"), CashFlow("2027-01-01", "1100"))), "0.100000000000")
        checkEq("xirr without a sign change is null", xirr(listOf(CashFlow("2026-01-01", "100"), CashFlow("2027-01-01", "100"))), null)
        // Income, operations, targets, prices.
        val dividends = p.make("Income:Dividends", AccountKind.INCOME)
        portfolio.incomeReceived(IncomeRequest(OperationKind.DIVIDEND, "2026-06-15", broker.id, "ACME", "12.50", dividends.id))
        checkEq("income", portfolio.income("2026-01-01", "2026-12-31", null).map { listOf(it.security, it.kind, it.amount, it.count) },
            listOf(listOf("ACME", OperationKind.DIVIDEND, "12.50", 1uL)))
        checkEq("operations(BUY)", portfolio.operations(OperationKind.BUY).size, 2)
        checkError<TallyException.Validation>("invalid_targets", "invalid_targets") {
            portfolio.setTargets(broker.id, listOf(TargetWeight(TargetKey.Security("ACME"), "60")))
        }
        val targets = listOf(TargetWeight(TargetKey.Security("ACME"), "60"), TargetWeight(TargetKey.AssetClass(AssetClass.BOND), "40"))
        portfolio.setTargets(broker.id, targets)
        checkEq("targets both ways", portfolio.targets(broker.id).map { it.key }.toSet(), targets.map { it.key }.toSet())
        checkEq("loadPrices", portfolio.loadPrices("date,symbol,price,currency\n2026-06-29,ACME,139,EUR\n".toByteArray(), "prices.csv").added, 1uL)
        val kinds = recorder.events.map { it.second::class.simpleName }.toSet()
        for (kind in listOf("SecurityDefined", "BookingMethodSet", "TargetsSet")) check("event $kind", kind in kinds) { "$kinds" }
    }
}

fun main(args: Array<String>) {
    val data = File(args.getOrElse(0) { "examples/data" })
    val scratch = File(args.getOrElse(1) { "target/kotlin-test" }).also { it.mkdirs() }
    val ecb = File(args.getOrElse(2) { "../shared/data/ecb" })
    val shared = File(args.getOrElse(3) { "../shared/data" })
    section("types both ways") { typesBothWays(scratch) }
    section("every error variant") { everyErrorVariant(scratch) }
    section("async with coroutines") { asyncWithCoroutines(data) }
    section("events reach the callback") { eventsReachTheCallback() }
    section("shared across threads") { sharedAcrossThreads() }
    section("quickstart scenario") { quickstartScenario(data) }
    section("rates, exchanges and a reporting currency") { ratesAndReportingCurrency(ecb, scratch) }
    section("imports of bank files") { importsOfBankFiles(shared, scratch) }
    section("connections, syncs and batches") { connectionsSyncsAndBatches() }
    section("categorizer: rules, import, review, correct, proposal") { categorizerScenario() }
    section("budgets, goals and alerts") { budgetGoalAlertScenario() }
    section("portfolio: FIFO gains, holdings, XIRR") { portfolioScenario() }
    println("$passed passed, $failed failed")
    exitProcess(if (failed == 0 && passed > 0) 0 else 1)
}
