//! Categorization rows in SQLite (migration 5): rules (conditions and actions as the crate's
//! serde JSON), payee memory, models (metrics beside the model's bytes in a BLOB), each
//! transaction's decision with its field locks, and the categorizer's settings. Confidence and
//! probabilities are REAL: they are a classifier's floats, never money.

use rusqlite::{params, Connection, OptionalExtension, Row};
use tally_core::audit::AuditRecord;
use tally_core::categorization::{
    locks_from_bits, locks_to_bits, CategorizationError, CategorizationWrite, CategorizerSettings,
    CategoryMetrics, CategorySuggestion, DecidedBy, ModelInfo, PayeeMemoryRow, Rule, Stage,
    TransactionDecision,
};
use tally_core::query::{Page, PageRequest, SortOrder};
use tally_core::store::StoreError;
use tally_core::transaction::TransactionError;
use tally_core::{AccountId, BookId, Result, TransactionId};

use super::rows::{self, corrupt, read_error};
use super::{backend, log, Inner};

/// Migration 5: rules, payee memory, models, decisions and locks, settings.
pub(crate) const MIGRATION_5: &str = r"
    CREATE TABLE cat_rules (
        id INTEGER PRIMARY KEY,
        book_id INTEGER NOT NULL REFERENCES books(id),
        name TEXT NOT NULL,
        stage TEXT NOT NULL CHECK (stage IN ('pre', 'default', 'post')),
        priority INTEGER NOT NULL,
        enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),
        condition TEXT NOT NULL,
        actions TEXT NOT NULL
    ) STRICT;
    CREATE INDEX cat_rules_book ON cat_rules(book_id, stage, priority, id);
    CREATE TABLE cat_payee_memory (
        book_id INTEGER NOT NULL REFERENCES books(id),
        payee TEXT NOT NULL,
        category_id INTEGER NOT NULL REFERENCES accounts(id),
        count INTEGER NOT NULL CHECK (count > 0),
        corrections INTEGER NOT NULL,
        PRIMARY KEY (book_id, payee, category_id)
    ) STRICT, WITHOUT ROWID;
    CREATE TABLE cat_models (
        book_id INTEGER NOT NULL REFERENCES books(id),
        version INTEGER NOT NULL,
        trained_at TEXT NOT NULL,
        examples INTEGER NOT NULL,
        holdout INTEGER NOT NULL,
        accuracy REAL NOT NULL,
        categories TEXT NOT NULL,
        active INTEGER NOT NULL CHECK (active IN (0, 1)),
        bytes BLOB NOT NULL,
        PRIMARY KEY (book_id, version)
    ) STRICT;
    CREATE TABLE cat_decisions (
        transaction_id INTEGER PRIMARY KEY REFERENCES transactions(id),
        book_id INTEGER NOT NULL REFERENCES books(id),
        decided_by TEXT NOT NULL,
        rule_id INTEGER,
        confidence REAL NOT NULL,
        needs_review INTEGER NOT NULL CHECK (needs_review IN (0, 1)),
        suggestions TEXT,
        locks INTEGER NOT NULL,
        decided_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX cat_decisions_review ON cat_decisions(book_id, transaction_id)
        WHERE needs_review = 1;
    CREATE TABLE cat_settings (
        book_id INTEGER PRIMARY KEY REFERENCES books(id),
        threshold REAL NOT NULL,
        min_examples INTEGER NOT NULL,
        proposal_after INTEGER NOT NULL
    ) STRICT;
";

fn json<T: serde::Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value)
        .map_err(|e| StoreError::Backend { message: format!("json: {e}") }.into())
}

fn from_json<T: serde::de::DeserializeOwned>(text: &str, what: &str) -> rusqlite::Result<T> {
    serde_json::from_str(text).map_err(|_| corrupt(what))
}

const RULE_COLUMNS: &str = "id, name, stage, priority, enabled, condition, actions";

fn rule(row: &Row<'_>) -> rusqlite::Result<Rule> {
    let stage: String = row.get(2)?;
    let condition: String = row.get(5)?;
    let actions: String = row.get(6)?;
    Ok(Rule {
        id: row.get(0)?,
        name: row.get(1)?,
        stage: Stage::parse(&stage).ok_or_else(|| corrupt("cat_rules.stage"))?,
        priority: row.get(3)?,
        enabled: row.get(4)?,
        condition: from_json(&condition, "cat_rules.condition")?,
        actions: from_json(&actions, "cat_rules.actions")?,
    })
}

pub(crate) fn rules(conn: &Connection, book: BookId) -> Result<Vec<Rule>> {
    let sql = format!(
        "SELECT {RULE_COLUMNS} FROM cat_rules WHERE book_id = ?1 ORDER BY
            CASE stage WHEN 'pre' THEN 0 WHEN 'default' THEN 1 ELSE 2 END, priority, id"
    );
    let mut st = conn.prepare_cached(&sql).map_err(backend)?;
    let rows = st.query_map([book.0], rule).map_err(backend)?;
    rows.collect::<rusqlite::Result<Vec<_>>>().map_err(read_error)
}

pub(crate) fn insert_rule(
    inner: &mut Inner,
    book: BookId,
    rule: &Rule,
    audit: &AuditRecord,
) -> Result<i64> {
    let tx = inner.conn.transaction().map_err(backend)?;
    tx.execute(
        "INSERT INTO cat_rules (book_id, name, stage, priority, enabled, condition, actions)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            book.0,
            rule.name,
            rule.stage.as_str(),
            rule.priority,
            rule.enabled,
            json(&rule.condition)?,
            json(&rule.actions)?
        ],
    )
    .map_err(backend)?;
    let id = tx.last_insert_rowid();
    log(&tx, book, audit, Some(id))?;
    tx.commit().map_err(backend)?;
    Ok(id)
}

pub(crate) fn update_rules(
    inner: &mut Inner,
    book: BookId,
    rules: &[Rule],
    audit: &AuditRecord,
) -> Result<()> {
    let tx = inner.conn.transaction().map_err(backend)?;
    for rule in rules {
        let n = tx
            .execute(
                "UPDATE cat_rules SET name = ?3, stage = ?4, priority = ?5, enabled = ?6,
                    condition = ?7, actions = ?8
                 WHERE book_id = ?1 AND id = ?2",
                params![
                    book.0,
                    rule.id,
                    rule.name,
                    rule.stage.as_str(),
                    rule.priority,
                    rule.enabled,
                    json(&rule.condition)?,
                    json(&rule.actions)?
                ],
            )
            .map_err(backend)?;
        if n == 0 {
            return Err(CategorizationError::RuleNotFound(rule.id).into());
        }
    }
    log(&tx, book, audit, None)?;
    tx.commit().map_err(backend)?;
    Ok(())
}

pub(crate) fn delete_rule(
    inner: &mut Inner,
    book: BookId,
    id: i64,
    audit: &AuditRecord,
) -> Result<()> {
    let tx = inner.conn.transaction().map_err(backend)?;
    let n = tx
        .execute("DELETE FROM cat_rules WHERE book_id = ?1 AND id = ?2", params![book.0, id])
        .map_err(backend)?;
    if n == 0 {
        return Err(CategorizationError::RuleNotFound(id).into());
    }
    log(&tx, book, audit, Some(id))?;
    tx.commit().map_err(backend)?;
    Ok(())
}

pub(crate) fn payee_memory(conn: &Connection, book: BookId) -> Result<Vec<PayeeMemoryRow>> {
    let mut st = conn
        .prepare_cached(
            "SELECT payee, category_id, count, corrections FROM cat_payee_memory
             WHERE book_id = ?1 ORDER BY payee, category_id",
        )
        .map_err(backend)?;
    let rows = st
        .query_map([book.0], |r| {
            Ok(PayeeMemoryRow {
                payee: r.get(0)?,
                category: AccountId(r.get(1)?),
                count: r.get(2)?,
                corrections: r.get(3)?,
            })
        })
        .map_err(backend)?;
    rows.collect::<rusqlite::Result<Vec<_>>>().map_err(read_error)
}

const DECISION_COLUMNS: &str =
    "transaction_id, decided_by, rule_id, confidence, needs_review, suggestions, locks, decided_at";

fn decision(row: &Row<'_>) -> rusqlite::Result<TransactionDecision> {
    let by: String = row.get(1)?;
    let rule_id: Option<i64> = row.get(2)?;
    let suggestions: Option<String> = row.get(5)?;
    // Probabilities are kept as their IEEE bits: JSON text would not give back every last bit.
    let suggestions: Vec<(i64, u64)> = match suggestions {
        Some(text) => from_json(&text, "cat_decisions.suggestions")?,
        None => Vec::new(),
    };
    let locks: u8 = row.get(6)?;
    Ok(TransactionDecision {
        transaction_id: TransactionId(row.get(0)?),
        decided_by: DecidedBy::parse(&by, rule_id)
            .ok_or_else(|| corrupt("cat_decisions.decided_by"))?,
        confidence: row.get(3)?,
        needs_review: row.get(4)?,
        suggestions: suggestions
            .into_iter()
            .map(|(id, bits)| CategorySuggestion {
                account_id: AccountId(id),
                probability: f64::from_bits(bits),
            })
            .collect(),
        locks: locks_from_bits(locks),
        decided_at: rows::get_timestamp(row, 7)?,
    })
}

/// The stored text of a decision's suggestions (none when it has none).
fn suggestions_text(decision: &TransactionDecision) -> Result<Option<String>> {
    if decision.suggestions.is_empty() {
        return Ok(None);
    }
    let pairs: Vec<(i64, u64)> =
        decision.suggestions.iter().map(|s| (s.account_id.0, s.probability.to_bits())).collect();
    Ok(Some(json(&pairs)?))
}

/// Decisions written per statement by [`DecisionWriter`] (9 parameters each: 576 a statement,
/// well under SQLite's limit of 32,766).
const DECISION_ROWS: usize = 64;

const INSERT_DECISIONS: &str = "INSERT OR REPLACE INTO cat_decisions (transaction_id, book_id,
    decided_by, rule_id, confidence, needs_review, suggestions, locks, decided_at) VALUES ";

/// Writes the decisions of an import's chunks beside their new transactions, [`DECISION_ROWS`]
/// rows a statement through one prepared statement (a statement a row spent more time binding,
/// stepping and resetting than SQLite spent inserting), the rest a row at a time. The decision
/// time is formatted once while it stays the same.
pub(crate) struct DecisionWriter<'c> {
    many: rusqlite::CachedStatement<'c>,
    one: rusqlite::CachedStatement<'c>,
    book: BookId,
    at: Option<(chrono::DateTime<chrono::Utc>, String)>,
}

impl<'c> DecisionWriter<'c> {
    pub(crate) fn new(conn: &'c Connection, book: BookId) -> Result<Self> {
        let row = "(?, ?, ?, ?, ?, ?, ?, ?, ?)";
        let mut many = String::from(INSERT_DECISIONS);
        for i in 0..DECISION_ROWS {
            if i > 0 {
                many.push_str(", ");
            }
            many.push_str(row);
        }
        let one = format!("{INSERT_DECISIONS}{row}");
        Ok(Self {
            many: conn.prepare_cached(&many).map_err(backend)?,
            one: conn.prepare_cached(&one).map_err(backend)?,
            book,
            at: None,
        })
    }

    /// Formats `at` unless it is the time formatted last.
    fn remember(&mut self, at: chrono::DateTime<chrono::Utc>) {
        if self.at.as_ref().is_none_or(|(t, _)| *t != at) {
            self.at = Some((at, rows::timestamp(at)));
        }
    }

    /// Writes `decisions[i]` as the decision of transaction `ids[i]` (their own
    /// `transaction_id` is not read).
    pub(crate) fn write(
        &mut self,
        ids: &[TransactionId],
        decisions: &[TransactionDecision],
    ) -> Result<()> {
        let n = ids.len().min(decisions.len());
        let full = n - n % DECISION_ROWS;
        for (i, (id, decision)) in ids.iter().zip(decisions).enumerate() {
            self.remember(decision.decided_at);
            let at = self.at.as_ref().map_or("", |(_, text)| text.as_str());
            let (st, offset) = if i < full {
                (&mut self.many, (i % DECISION_ROWS) * 9)
            } else {
                (&mut self.one, 0)
            };
            Self::bind(st, offset, *id, self.book, decision, at)?;
            if i >= full || i % DECISION_ROWS == DECISION_ROWS - 1 {
                st.raw_execute().map_err(backend)?;
            }
        }
        Ok(())
    }

    /// Binds one row's 9 parameters after the first `offset`.
    fn bind(
        st: &mut rusqlite::CachedStatement<'_>,
        offset: usize,
        id: TransactionId,
        book: BookId,
        decision: &TransactionDecision,
        at: &str,
    ) -> Result<()> {
        let suggestions = suggestions_text(decision)?;
        let values: [&dyn rusqlite::ToSql; 9] = [
            &id.0,
            &book.0,
            &decision.decided_by.as_str(),
            &decision.decided_by.rule_id(),
            &decision.confidence,
            &decision.needs_review,
            &suggestions,
            &locks_to_bits(decision.locks),
            &at,
        ];
        for (j, value) in values.iter().enumerate() {
            st.raw_bind_parameter(offset + j + 1, value).map_err(backend)?;
        }
        Ok(())
    }
}

/// Inserts or replaces a decision inside an open database transaction.
pub(crate) fn put_decision(
    conn: &Connection,
    book: BookId,
    decision: &TransactionDecision,
) -> Result<()> {
    let suggestions = suggestions_text(decision)?;
    conn.prepare_cached(
        "INSERT OR REPLACE INTO cat_decisions (transaction_id, book_id, decided_by, rule_id,
            confidence, needs_review, suggestions, locks, decided_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )
    .and_then(|mut st| {
        st.execute(params![
            decision.transaction_id.0,
            book.0,
            decision.decided_by.as_str(),
            decision.decided_by.rule_id(),
            decision.confidence,
            decision.needs_review,
            suggestions,
            locks_to_bits(decision.locks),
            rows::timestamp(decision.decided_at),
        ])
    })
    .map_err(backend)?;
    Ok(())
}

pub(crate) fn decisions(
    conn: &Connection,
    book: BookId,
    ids: &[TransactionId],
) -> Result<Vec<TransactionDecision>> {
    let sql = format!(
        "SELECT {DECISION_COLUMNS} FROM cat_decisions WHERE book_id = ?1 AND transaction_id = ?2"
    );
    let mut st = conn.prepare_cached(&sql).map_err(backend)?;
    let mut out = Vec::new();
    for id in ids {
        if let Some(d) =
            st.query_row(params![book.0, id.0], decision).optional().map_err(read_error)?
        {
            out.push(d);
        }
    }
    Ok(out)
}

pub(crate) fn all_decisions(conn: &Connection, book: BookId) -> Result<Vec<TransactionDecision>> {
    let sql = format!(
        "SELECT {DECISION_COLUMNS} FROM cat_decisions WHERE book_id = ?1 ORDER BY transaction_id"
    );
    let mut st = conn.prepare_cached(&sql).map_err(backend)?;
    let rows = st.query_map([book.0], decision).map_err(backend)?;
    rows.collect::<rusqlite::Result<Vec<_>>>().map_err(read_error)
}

pub(crate) fn review_queue(
    conn: &Connection,
    book: BookId,
    page: &PageRequest,
) -> Result<Page<TransactionDecision>> {
    let filter = "FROM cat_decisions d JOIN transactions t ON t.id = d.transaction_id
        WHERE d.book_id = ?1 AND d.needs_review = 1 AND t.deleted = 0";
    let total: i64 = conn
        .query_row(&format!("SELECT COUNT(*) {filter}"), [book.0], |r| r.get(0))
        .map_err(backend)?;
    let dir = if page.order == SortOrder::Ascending { "ASC" } else { "DESC" };
    let columns =
        DECISION_COLUMNS.split(", ").map(|c| format!("d.{c}")).collect::<Vec<_>>().join(", ");
    let sql =
        format!("SELECT {columns} {filter} ORDER BY d.transaction_id {dir} LIMIT ?2 OFFSET ?3");
    let mut st = conn.prepare(&sql).map_err(backend)?;
    let offset = i64::try_from(page.offset).unwrap_or(i64::MAX);
    let rows = st.query_map(params![book.0, page.limit, offset], decision).map_err(backend)?;
    let items = rows.collect::<rusqlite::Result<Vec<_>>>().map_err(read_error)?;
    Ok(Page { items, total: u64::try_from(total).unwrap_or(0), offset: page.offset })
}

fn put_memory(conn: &Connection, book: BookId, row: &PayeeMemoryRow) -> Result<()> {
    if row.count == 0 {
        conn.execute(
            "DELETE FROM cat_payee_memory WHERE book_id = ?1 AND payee = ?2 AND category_id = ?3",
            params![book.0, row.payee, row.category.0],
        )
        .map_err(backend)?;
        return Ok(());
    }
    conn.execute(
        "INSERT OR REPLACE INTO cat_payee_memory (book_id, payee, category_id, count, corrections)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![book.0, row.payee, row.category.0, row.count, row.corrections],
    )
    .map_err(backend)?;
    Ok(())
}

pub(crate) fn write_categorization(
    inner: &mut Inner,
    book: BookId,
    write: &CategorizationWrite,
    at: chrono::DateTime<chrono::Utc>,
    audit: &AuditRecord,
) -> Result<()> {
    let Inner { conn, scales } = inner;
    let tx = conn
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .map_err(backend)?;
    for (id, draft) in &write.transactions {
        super::ledger::replace_in(&tx, scales, book, *id, draft, at)?;
    }
    for payee in &write.forget_payees {
        tx.execute(
            "DELETE FROM cat_payee_memory WHERE book_id = ?1 AND payee = ?2",
            params![book.0, payee],
        )
        .map_err(backend)?;
    }
    for row in &write.memory {
        put_memory(&tx, book, row)?;
    }
    for decision in &write.decisions {
        let exists: Option<i64> = tx
            .query_row(
                "SELECT id FROM transactions WHERE book_id = ?1 AND id = ?2",
                params![book.0, decision.transaction_id.0],
                |r| r.get(0),
            )
            .optional()
            .map_err(backend)?;
        if exists.is_none() {
            return Err(TransactionError::NotFound(decision.transaction_id).into());
        }
        put_decision(&tx, book, decision)?;
    }
    log(&tx, book, audit, None)?;
    tx.commit().map_err(backend)?;
    Ok(())
}

pub(crate) fn insert_model(
    inner: &mut Inner,
    book: BookId,
    model: &ModelInfo,
    bytes: &[u8],
    memory: Option<&[PayeeMemoryRow]>,
    audit: &AuditRecord,
) -> Result<i64> {
    let tx = inner.conn.transaction().map_err(backend)?;
    let last: Option<i64> = tx
        .query_row("SELECT MAX(version) FROM cat_models WHERE book_id = ?1", [book.0], |r| r.get(0))
        .map_err(backend)?;
    let version = last.unwrap_or(0) + 1;
    tx.execute("UPDATE cat_models SET active = 0 WHERE book_id = ?1", [book.0]).map_err(backend)?;
    let categories: Vec<(i64, u64, u64, u32)> = model
        .categories
        .iter()
        .map(|c| (c.account_id.0, c.precision.to_bits(), c.recall.to_bits(), c.support))
        .collect();
    tx.execute(
        "INSERT INTO cat_models (book_id, version, trained_at, examples, holdout, accuracy,
            categories, active, bytes)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 1, ?8)",
        params![
            book.0,
            version,
            rows::timestamp(model.trained_at),
            model.examples,
            model.holdout,
            model.accuracy,
            json(&categories)?,
            bytes
        ],
    )
    .map_err(backend)?;
    if let Some(rows) = memory {
        tx.execute("DELETE FROM cat_payee_memory WHERE book_id = ?1", [book.0]).map_err(backend)?;
        for row in rows {
            put_memory(&tx, book, row)?;
        }
    }
    log(&tx, book, audit, Some(version))?;
    tx.commit().map_err(backend)?;
    Ok(version)
}

pub(crate) fn models(conn: &Connection, book: BookId) -> Result<Vec<ModelInfo>> {
    let mut st = conn
        .prepare_cached(
            "SELECT version, trained_at, examples, holdout, accuracy, categories, active,
                length(bytes)
             FROM cat_models WHERE book_id = ?1 ORDER BY version DESC",
        )
        .map_err(backend)?;
    let rows = st
        .query_map([book.0], |r| {
            let categories: String = r.get(5)?;
            let categories: Vec<(i64, u64, u64, u32)> =
                from_json(&categories, "cat_models.categories")?;
            let size: i64 = r.get(7)?;
            Ok(ModelInfo {
                version: r.get(0)?,
                trained_at: rows::get_timestamp(r, 1)?,
                examples: r.get(2)?,
                holdout: r.get(3)?,
                accuracy: r.get(4)?,
                categories: categories
                    .into_iter()
                    .map(|(id, precision, recall, support)| CategoryMetrics {
                        account_id: AccountId(id),
                        precision: f64::from_bits(precision),
                        recall: f64::from_bits(recall),
                        support,
                    })
                    .collect(),
                active: r.get(6)?,
                size_bytes: u64::try_from(size).unwrap_or(0),
            })
        })
        .map_err(backend)?;
    rows.collect::<rusqlite::Result<Vec<_>>>().map_err(read_error)
}

pub(crate) fn model_bytes(
    conn: &Connection,
    book: BookId,
    version: i64,
) -> Result<Option<Vec<u8>>> {
    conn.query_row(
        "SELECT bytes FROM cat_models WHERE book_id = ?1 AND version = ?2",
        params![book.0, version],
        |r| r.get(0),
    )
    .optional()
    .map_err(|e| backend(e).into())
}

pub(crate) fn activate_model(
    inner: &mut Inner,
    book: BookId,
    version: i64,
    audit: &AuditRecord,
) -> Result<()> {
    let tx = inner.conn.transaction().map_err(backend)?;
    let n = tx
        .execute(
            "UPDATE cat_models SET active = (version = ?2) WHERE book_id = ?1
                AND EXISTS (SELECT 1 FROM cat_models WHERE book_id = ?1 AND version = ?2)",
            params![book.0, version],
        )
        .map_err(backend)?;
    if n == 0 {
        return Err(CategorizationError::ModelNotFound(version).into());
    }
    log(&tx, book, audit, Some(version))?;
    tx.commit().map_err(backend)?;
    Ok(())
}

pub(crate) fn settings(conn: &Connection, book: BookId) -> Result<Option<CategorizerSettings>> {
    conn.query_row(
        "SELECT threshold, min_examples, proposal_after FROM cat_settings WHERE book_id = ?1",
        [book.0],
        |r| {
            Ok(CategorizerSettings {
                threshold: r.get(0)?,
                min_examples: r.get(1)?,
                proposal_after: r.get(2)?,
            })
        },
    )
    .optional()
    .map_err(|e| backend(e).into())
}

pub(crate) fn set_settings(
    inner: &mut Inner,
    book: BookId,
    settings: &CategorizerSettings,
    audit: &AuditRecord,
) -> Result<()> {
    let tx = inner.conn.transaction().map_err(backend)?;
    tx.execute(
        "INSERT OR REPLACE INTO cat_settings (book_id, threshold, min_examples, proposal_after)
         VALUES (?1, ?2, ?3, ?4)",
        params![book.0, settings.threshold, settings.min_examples, settings.proposal_after],
    )
    .map_err(backend)?;
    log(&tx, book, audit, None)?;
    tx.commit().map_err(backend)?;
    Ok(())
}
