//! Numbered migrations. The database records the version it is at in `schema_version`; opening
//! applies every later migration in one transaction. A database written by a newer build is
//! refused (`schema_too_new`) rather than misread.

use rusqlite::Connection;
use tally_core::store::StoreError;

use super::backend;

/// Migration 6 (issue 9): budgets and their allocations, goals and manual contributions,
/// alerts (unique by book and dedupe key, so evaluating twice stores nothing new) and each
/// book's alert settings. A budget's period, thresholds and categories, a goal's kind and the
/// settings are JSON written by serde from the core's typed records; money is integer minor
/// units at the currency's scale, except an alert's quoted figure (exact decimal text).
const MIGRATION_6: &str = r"
    CREATE TABLE budgets (
        id INTEGER PRIMARY KEY,
        book_id INTEGER NOT NULL REFERENCES books(id),
        name TEXT NOT NULL,
        period TEXT NOT NULL,
        start TEXT NOT NULL,
        currency TEXT NOT NULL,
        mode TEXT NOT NULL CHECK (mode IN ('period', 'envelope')),
        thresholds TEXT NOT NULL,
        categories TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX budgets_book ON budgets(book_id);
    CREATE TABLE budget_allocations (
        book_id INTEGER NOT NULL,
        budget_id INTEGER NOT NULL REFERENCES budgets(id),
        period_start TEXT NOT NULL,
        account_id INTEGER NOT NULL REFERENCES accounts(id),
        amount_minor INTEGER NOT NULL,
        PRIMARY KEY (budget_id, period_start, account_id)
    ) STRICT, WITHOUT ROWID;
    CREATE TABLE goals (
        id INTEGER PRIMARY KEY,
        book_id INTEGER NOT NULL REFERENCES books(id),
        name TEXT NOT NULL,
        kind TEXT NOT NULL,
        target_minor INTEGER NOT NULL,
        currency TEXT NOT NULL,
        deadline TEXT,
        expected_annual_return TEXT,
        pace_months INTEGER NOT NULL,
        start_date TEXT NOT NULL,
        baseline_minor INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('active', 'achieved', 'archived')),
        achieved_on TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX goals_book ON goals(book_id);
    CREATE TABLE goal_contributions (
        id INTEGER PRIMARY KEY,
        book_id INTEGER NOT NULL REFERENCES books(id),
        goal_id INTEGER NOT NULL REFERENCES goals(id),
        date TEXT NOT NULL,
        amount_minor INTEGER NOT NULL,
        note TEXT
    ) STRICT;
    CREATE INDEX goal_contributions_goal ON goal_contributions(book_id, goal_id, date);
    CREATE TABLE alerts (
        id INTEGER PRIMARY KEY,
        book_id INTEGER NOT NULL REFERENCES books(id),
        kind TEXT NOT NULL,
        dedupe_key TEXT NOT NULL,
        message TEXT NOT NULL,
        entities TEXT NOT NULL,
        date TEXT NOT NULL,
        amount TEXT,
        commodity TEXT,
        created_at TEXT NOT NULL,
        read INTEGER NOT NULL DEFAULT 0,
        dismissed INTEGER NOT NULL DEFAULT 0
    ) STRICT;
    CREATE UNIQUE INDEX alerts_key ON alerts(book_id, dedupe_key);
    CREATE TABLE alert_settings (
        book_id INTEGER PRIMARY KEY REFERENCES books(id),
        settings TEXT NOT NULL
    ) STRICT;
";

/// Migration `i` (1-based) brings a database from version `i - 1` to `i`. Other branches add
/// migrations 4 and 5 in parallel; this branch's migration 6 is appended here and moves to
/// its place when they are merged in order.
pub(crate) const MIGRATIONS: &[&str] = &[
    // 1: users, books, accounts, transactions, splits, assertions, audit.
    r"
    CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        email TEXT NOT NULL UNIQUE COLLATE NOCASE,
        given_name TEXT NOT NULL,
        family_name TEXT NOT NULL,
        default_currency TEXT NOT NULL,
        locale TEXT NOT NULL,
        time_zone TEXT NOT NULL,
        created_at TEXT NOT NULL
    ) STRICT;
    CREATE TABLE books (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        owner_id INTEGER NOT NULL REFERENCES users(id),
        default_currency TEXT NOT NULL,
        created_at TEXT NOT NULL
    ) STRICT;
    CREATE TABLE book_members (
        book_id INTEGER NOT NULL REFERENCES books(id),
        user_id INTEGER NOT NULL REFERENCES users(id),
        role TEXT NOT NULL CHECK (role IN ('owner', 'member', 'viewer')),
        PRIMARY KEY (book_id, user_id)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX book_members_user ON book_members(user_id);
    CREATE TABLE commodities (
        book_id INTEGER NOT NULL REFERENCES books(id),
        code TEXT NOT NULL,
        name TEXT NOT NULL,
        scale INTEGER NOT NULL CHECK (scale BETWEEN 0 AND 18),
        kind TEXT NOT NULL,
        PRIMARY KEY (book_id, code)
    ) STRICT, WITHOUT ROWID;
    CREATE TABLE accounts (
        id INTEGER PRIMARY KEY,
        book_id INTEGER NOT NULL REFERENCES books(id),
        parent_id INTEGER REFERENCES accounts(id),
        name TEXT NOT NULL,
        path TEXT NOT NULL,
        kind TEXT NOT NULL,
        subtype TEXT NOT NULL,
        currency TEXT NOT NULL,
        institution TEXT,
        color TEXT,
        icon TEXT,
        opened_on TEXT,
        closed_on TEXT,
        archived INTEGER NOT NULL DEFAULT 0,
        include_in_net_worth INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (book_id, path)
    ) STRICT;
    CREATE TABLE transactions (
        id INTEGER PRIMARY KEY,
        book_id INTEGER NOT NULL REFERENCES books(id),
        date TEXT NOT NULL,
        posted_date TEXT,
        payee TEXT,
        narration TEXT,
        status TEXT NOT NULL,
        tags TEXT NOT NULL DEFAULT '',
        notes TEXT,
        source TEXT NOT NULL,
        external_id TEXT,
        reversal_of INTEGER REFERENCES transactions(id),
        deleted INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    ) STRICT;
    CREATE UNIQUE INDEX transactions_external ON transactions(book_id, external_id)
        WHERE external_id IS NOT NULL;
    CREATE INDEX transactions_reversal ON transactions(reversal_of)
        WHERE reversal_of IS NOT NULL;
    CREATE TABLE splits (
        id INTEGER PRIMARY KEY,
        transaction_id INTEGER NOT NULL REFERENCES transactions(id),
        -- Copied from the transaction (which references the book) for book-scoped scans;
        -- a second foreign key here would cost a parent lookup per split for nothing.
        book_id INTEGER NOT NULL,
        account_id INTEGER NOT NULL REFERENCES accounts(id),
        date TEXT NOT NULL,
        commodity TEXT NOT NULL,
        amount_minor INTEGER NOT NULL,
        price TEXT,
        price_commodity TEXT,
        cost TEXT,
        cost_commodity TEXT,
        memo TEXT,
        counted INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX splits_transaction ON splits(transaction_id);
    CREATE TABLE balance_assertions (
        id INTEGER PRIMARY KEY,
        book_id INTEGER NOT NULL REFERENCES books(id),
        account_id INTEGER NOT NULL REFERENCES accounts(id),
        date TEXT NOT NULL,
        commodity TEXT NOT NULL,
        amount_minor INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX balance_assertions_book ON balance_assertions(book_id, date);
    CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        book_id INTEGER NOT NULL REFERENCES books(id),
        actor INTEGER NOT NULL,
        action TEXT NOT NULL,
        entity TEXT NOT NULL,
        entity_id INTEGER,
        before TEXT,
        after TEXT,
        at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX audit_log_book ON audit_log(book_id, id);
    ",
    // 2: indexes for date-ordered queries, and running totals so balances never scan splits:
    // one row per account, commodity and day, and one per account and commodity, each with
    // the sum and the number of counted splits. Backfilled
    // from the splits already stored.
    r"
    CREATE INDEX transactions_date ON transactions(book_id, date, id);
    CREATE INDEX splits_account_date ON splits(account_id, date, transaction_id);
    CREATE TABLE daily_totals (
        book_id INTEGER NOT NULL,
        account_id INTEGER NOT NULL REFERENCES accounts(id),
        commodity TEXT NOT NULL,
        date TEXT NOT NULL,
        amount_minor INTEGER NOT NULL,
        split_count INTEGER NOT NULL,
        PRIMARY KEY (book_id, date, account_id, commodity)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX daily_totals_account ON daily_totals(account_id, date);
    CREATE TABLE account_totals (
        book_id INTEGER NOT NULL,
        account_id INTEGER NOT NULL REFERENCES accounts(id),
        commodity TEXT NOT NULL,
        amount_minor INTEGER NOT NULL,
        split_count INTEGER NOT NULL,
        PRIMARY KEY (book_id, account_id, commodity)
    ) STRICT, WITHOUT ROWID;
    INSERT INTO daily_totals (book_id, account_id, commodity, date, amount_minor, split_count)
        SELECT book_id, account_id, commodity, date, SUM(amount_minor), COUNT(*) FROM splits
        WHERE counted = 1 GROUP BY book_id, date, account_id, commodity;
    INSERT INTO account_totals (book_id, account_id, commodity, amount_minor, split_count)
        SELECT book_id, account_id, commodity, SUM(amount_minor), COUNT(*) FROM splits
        WHERE counted = 1 GROUP BY book_id, account_id, commodity;
    ",
    // 3: one price table for exchange rates and security prices, exact decimal text.
    r"
    CREATE TABLE rates (
        book_id INTEGER NOT NULL REFERENCES books(id),
        base TEXT NOT NULL,
        quote TEXT NOT NULL,
        date TEXT NOT NULL,
        rate TEXT NOT NULL,
        source TEXT NOT NULL,
        PRIMARY KEY (book_id, base, quote, date)
    ) STRICT, WITHOUT ROWID;
    CREATE TABLE rate_versions (
        book_id INTEGER PRIMARY KEY REFERENCES books(id),
        version INTEGER NOT NULL
    ) STRICT;
    ",
    MIGRATION_4,
    // 5: categorization (rules, payee memory, models, decisions and locks, settings). Issue 8
    // takes number 5; number 4 comes from another branch when they are merged in order.
    super::categorize::MIGRATION_5,
    MIGRATION_6,
    MIGRATION_7,
];

/// 4: import records — saved CSV profiles, bank connections (the access token only sealed),
/// import batches (transaction ids as runs, `1-1000,1005`).
const MIGRATION_4: &str = r"
    CREATE TABLE csv_profiles (
        book_id INTEGER NOT NULL REFERENCES books(id),
        name TEXT NOT NULL,
        profile TEXT NOT NULL,
        header TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (book_id, name)
    ) STRICT, WITHOUT ROWID;
    CREATE TABLE bank_connections (
        id INTEGER PRIMARY KEY,
        book_id INTEGER NOT NULL REFERENCES books(id),
        provider TEXT NOT NULL CHECK (provider IN ('plaid', 'gocardless', 'simplefin')),
        institution TEXT NOT NULL,
        name TEXT NOT NULL,
        accounts TEXT NOT NULL,
        counter_account_id INTEGER NOT NULL REFERENCES accounts(id),
        cursor TEXT,
        status TEXT NOT NULL CHECK (status IN ('active', 'error', 'disconnected')),
        last_sync_at TEXT,
        last_error TEXT,
        sealed_token BLOB,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX bank_connections_book ON bank_connections(book_id);
    CREATE TABLE import_batches (
        id INTEGER PRIMARY KEY,
        book_id INTEGER NOT NULL REFERENCES books(id),
        kind TEXT NOT NULL CHECK (kind IN ('file', 'sync')),
        file TEXT,
        format TEXT,
        account_id INTEGER REFERENCES accounts(id),
        connection_id INTEGER,
        created_at TEXT NOT NULL,
        undone_at TEXT,
        counts TEXT NOT NULL,
        written TEXT NOT NULL,
        restored TEXT NOT NULL,
        upgraded TEXT NOT NULL,
        modified TEXT NOT NULL,
        removed TEXT NOT NULL
    ) STRICT;
    CREATE INDEX import_batches_book ON import_batches(book_id, id);
";

/// Migration 7 (portfolios): the details of securities, the booking method of investment
/// accounts and target allocations. Lots are not stored: they are derived from the ledger.
/// Target weights are exact decimal text; `account_id` 0 is the whole book's set.
const MIGRATION_7: &str = r"
    CREATE TABLE securities (
        book_id INTEGER NOT NULL REFERENCES books(id),
        code TEXT NOT NULL,
        asset_class TEXT NOT NULL CHECK (asset_class IN ('stock', 'bond', 'etf', 'mutual_fund',
            'crypto', 'commodity', 'real_estate', 'cash', 'other')),
        currency TEXT NOT NULL,
        PRIMARY KEY (book_id, code)
    ) STRICT, WITHOUT ROWID;
    CREATE TABLE booking_methods (
        book_id INTEGER NOT NULL REFERENCES books(id),
        account_id INTEGER NOT NULL REFERENCES accounts(id),
        method TEXT NOT NULL CHECK (method IN ('fifo', 'lifo', 'hifo', 'average')),
        PRIMARY KEY (book_id, account_id)
    ) STRICT, WITHOUT ROWID;
    CREATE TABLE allocation_targets (
        book_id INTEGER NOT NULL REFERENCES books(id),
        account_id INTEGER NOT NULL,
        target_kind TEXT NOT NULL CHECK (target_kind IN ('security', 'asset_class')),
        target TEXT NOT NULL,
        percent TEXT NOT NULL,
        PRIMARY KEY (book_id, account_id, target_kind, target)
    ) STRICT, WITHOUT ROWID;
";

/// The version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// The version a database is at (0 for a new one).
pub(crate) fn version(conn: &Connection) -> Result<i64, StoreError> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL) STRICT",
    )
    .map_err(backend)?;
    let v: Option<i64> = conn
        .query_row("SELECT MAX(version) FROM schema_version", [], |r| r.get(0))
        .map_err(backend)?;
    Ok(v.unwrap_or(0))
}

/// Brings the database up to `target` (at most [`SCHEMA_VERSION`]) in one transaction.
pub(crate) fn migrate_to(conn: &mut Connection, target: i64) -> Result<(), StoreError> {
    let current = version(conn)?;
    if current > SCHEMA_VERSION {
        return Err(StoreError::SchemaTooNew { found: current, supported: SCHEMA_VERSION });
    }
    if current >= target {
        return Ok(());
    }
    let tx = conn.transaction().map_err(backend)?;
    for (i, sql) in MIGRATIONS.iter().enumerate() {
        let v = i64::try_from(i).unwrap_or(i64::MAX) + 1;
        if v > current && v <= target {
            tx.execute_batch(sql).map_err(backend)?;
            tx.execute("INSERT INTO schema_version (version) VALUES (?1)", [v]).map_err(backend)?;
        }
    }
    tx.commit().map_err(backend)
}
