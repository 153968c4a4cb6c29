// The quickstart in Swift, for iOS developers: builds a SQLite book from the sample data in
// examples/data, adds one expense by hand, then prints the balances and October's spending by
// category, the same figures as `cargo run --example quickstart`.
//
// Add Tally.swift, TallyFFI.h and TallyFFI.modulemap (from bindings-mobile/generate.sh) and the
// static library libtally_mobile.a built for your targets to your Xcode project. This file is
// checked against the generated Swift API by the tests, but no Swift compiler runs here: it has
// not been compiled (see bindings-mobile/README.md).

import Foundation

struct Loaded: Equatable {
    let accounts: Int
    let transactions: Int
}

// The CSV holds the stable snake_case names of the kinds and subtypes.
let kinds: [String: AccountKind] = [
    "asset": .asset, "liability": .liability, "equity": .equity,
    "income": .income, "expense": .expense,
]
let subtypes: [String: AccountSubtype] = [
    "checking": .checking, "savings": .savings, "credit_card": .creditCard, "cash": .cash,
    "wallet": .wallet, "investment": .investment, "retirement": .retirement, "loan": .loan,
    "mortgage": .mortgage, "property": .property, "other": .other,
]

struct BadLine: Error {
    let place: String
}

/// Reads accounts.csv and journal.csv from `dir` into `book` as examples/rust/lib.rs does; the
/// journal is one batch, added on a background thread.
func loadSample(book: Book, dir: URL) async throws -> Loaded {
    func rows(_ name: String) throws -> [[String]] {
        let text = try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
        return text.split(separator: "\n").dropFirst().map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
    }
    let accounts = book.accounts()
    var created = 0
    for (i, cols) in try rows("accounts.csv").enumerated() {
        guard cols.count == 4, let kind = kinds[cols[1]], let subtype = subtypes[cols[2]] else {
            throw BadLine(place: "accounts.csv:\(i + 2)")
        }
        _ = try accounts.create(new: NewAccount(path: cols[0], kind: kind, subtype: subtype, currency: cols[3]))
        created += 1
    }
    let byPath = Dictionary(uniqueKeysWithValues: try accounts.list().map { ($0.path, $0.id) })

    var batch: [NewTransaction] = []
    var currentTxn: String?
    for (i, cols) in try rows("journal.csv").enumerated() {
        guard cols.count == 6, let account = byPath[cols[3]] else {
            throw BadLine(place: "journal.csv:\(i + 2)")
        }
        // Amounts stay text: the engine parses them exactly (never through a Double).
        let split = NewSplit(accountId: account, amount: cols[4], memo: cols[5].isEmpty ? nil : cols[5])
        if cols[0] == currentTxn {
            batch[batch.count - 1].splits.append(split)
        } else {
            batch.append(NewTransaction(
                date: cols[1], payee: cols[2], status: .cleared, source: .`import`,
                externalId: "sample-\(cols[0])", splits: [split]
            ))
            currentTxn = cols[0]
        }
    }
    let ids = try await book.transactions().addBatchAsync(batch: batch)
    return Loaded(accounts: created, transactions: ids.count)
}

func padRight(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
}

func padLeft(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
}

/// Prints what a Tally error says: Swift sees the variant (its broad class) and `code()`.
func report(_ error: Error) {
    if let error = error as? TallyError {
        print("Tally error \(error.code()) (\(error.kind())): \(error.detail())")
    } else {
        print("error: \(error)")
    }
}

func quickstart(data: URL, path: String) async throws {
    // A leftover book from an earlier run would make the idempotent load add nothing.
    for suffix in ["", "-wal", "-shm"] {
        try? FileManager.default.removeItem(atPath: path + suffix)
    }
    let engine = try Engine.open(path: path)
    let user = try engine.users().create(new: NewUser(
        email: "sam@example.com", givenName: "Sam", familyName: "Rivera", defaultCurrency: "EUR"
    ))
    let book = try engine.createBook(new: NewBook(name: "Household", ownerId: user.id, defaultCurrency: "EUR"))
    let loaded = try await loadSample(book: book, dir: data)

    let accounts = book.accounts()
    let cash = try accounts.byPath(path: "Assets:Cash")
    let groceries = try accounts.byPath(path: "Expenses:Food:Groceries")
    _ = try book.transactions().expense(
        date: "2026-10-31", from: cash.id, category: groceries.id, amount: "12.50", payee: "Farmers market"
    )
    let checking = try accounts.byPath(path: "Assets:Bank:Checking")
    _ = try accounts.addAssertion(new: NewBalanceAssertion(accountId: checking.id, date: "2026-10-31", amount: "5028.41"))

    print("Tally quickstart: book \"\(book.info().name)\" in \(path)")
    print("Loaded \(loaded.accounts) accounts and \(loaded.transactions) transactions from examples/data, plus 1 added by hand.")
    let asOf = "2026-10-31"
    print("\nBalances on \(asOf):")
    for b in try await accounts.balancesAsync(asOf: asOf) {
        let depth = b.path.filter { $0 == ":" }.count
        let label = String(repeating: "  ", count: depth) + (b.path.split(separator: ":").last.map(String.init) ?? b.path)
        print("  \(padRight(label, 34)) \(padLeft(b.total, 12)) \(b.commodity)")
    }
    print("\nSpending by category, October 2026:")
    for c in try await book.reports().spendingByCategoryAsync(from: "2026-10-01", to: asOf) {
        let label = String(repeating: "  ", count: Int(c.depth)) + (c.path.split(separator: ":").last.map(String.init) ?? c.path)
        print("  \(padRight(label, 34)) \(padLeft(c.total, 12)) \(c.commodity)")
    }
    print("\nLast 3 rows of the checking register:")
    let page = try accounts.register(
        id: checking.id, includeDescendants: false, page: PageRequest(limit: 3, order: .descending)
    )
    for r in page.items {
        print("  \(r.date)  \(padRight(r.payee ?? "", 22)) \(padLeft(r.amount, 10)) \(padLeft(r.balance, 10))")
    }
    for result in try accounts.checkAssertions() {
        let a = result.assertion
        let verdict = result.passed ? "holds" : "FAILS"
        print("\nBalance assertion \(a.amount) \(a.commodity) on \(a.date): \(verdict) (actual \(result.actual))")
    }
}

@main
struct Quickstart {
    /// Usage: Quickstart [examples/data] [path/to/book.sqlite]
    static func main() async {
        let arguments = CommandLine.arguments
        let data = URL(fileURLWithPath: arguments.count > 1 ? arguments[1] : "examples/data")
        let path = arguments.count > 2 ? arguments[2] : NSTemporaryDirectory() + "quickstart-swift.sqlite"
        do {
            try await quickstart(data: data, path: path)
        } catch {
            report(error)
            exit(1)
        }
    }
}
