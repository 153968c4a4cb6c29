//! Users, books, members, commodities, accounts and balance assertions in SQLite.

use rusqlite::{params, Connection, OptionalExtension};
use tally_core::account::{Account, AccountError};
use tally_core::audit::AuditRecord;
use tally_core::commodity::{Commodity, CommodityError, CommodityKind};
use tally_core::query::{BalanceAssertion, QueryError};
use tally_core::store::{AccountDraft, AssertionDraft, ParentRef, StoreError};
use tally_core::user::{BookInfo, Member, NewBook, NewUser, Role, User, UserError};
use tally_core::{money, AccountId, AssertionId, BookId, Result, UserId};

use super::rows::{self, read_error};
use super::{backend, log, scale_of, Inner};

pub(crate) fn insert_user(
    conn: &mut Connection,
    user: &NewUser,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<User> {
    let tx = conn.transaction().map_err(backend)?;
    let taken: Option<i64> = tx
        .query_row("SELECT id FROM users WHERE email = ?1", [&user.email], |r| r.get(0))
        .optional()
        .map_err(backend)?;
    if taken.is_some() {
        return Err(UserError::EmailTaken(user.email.clone()).into());
    }
    tx.execute(
        "INSERT INTO users (email, given_name, family_name, default_currency, locale, time_zone, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            user.email,
            user.given_name,
            user.family_name,
            user.default_currency,
            user.locale,
            user.time_zone,
            rows::timestamp(at)
        ],
    )
    .map_err(backend)?;
    let id = tx.last_insert_rowid();
    let created = user_by(&tx, "id = ?1", id)?;
    tx.commit().map_err(backend)?;
    created.ok_or_else(|| StoreError::Corrupt { what: "new user".to_owned() }.into())
}

pub(crate) fn user_by<P: rusqlite::ToSql>(
    conn: &Connection,
    clause: &str,
    value: P,
) -> Result<Option<User>> {
    conn.query_row(
        &format!("SELECT {} FROM users WHERE {clause}", rows::USER_COLUMNS),
        [value],
        rows::user,
    )
    .optional()
    .map_err(read_error)
}

pub(crate) fn insert_book(
    conn: &mut Connection,
    book: &NewBook,
    audit: &AuditRecord,
) -> Result<BookInfo> {
    let tx = conn.transaction().map_err(backend)?;
    tx.execute(
        "INSERT INTO books (name, owner_id, default_currency, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![book.name, book.owner_id.0, book.default_currency, rows::timestamp(audit.at)],
    )
    .map_err(backend)?;
    let id = BookId(tx.last_insert_rowid());
    tx.execute(
        "INSERT INTO book_members (book_id, user_id, role) VALUES (?1, ?2, 'owner')",
        params![id.0, book.owner_id.0],
    )
    .map_err(backend)?;
    log(&tx, id, audit, Some(id.0))?;
    let info =
        book_by_id(&tx, id)?.ok_or_else(|| StoreError::Corrupt { what: "new book".to_owned() })?;
    tx.commit().map_err(backend)?;
    Ok(info)
}

pub(crate) fn book_by_id(conn: &Connection, id: BookId) -> Result<Option<BookInfo>> {
    conn.query_row(
        &format!("SELECT {} FROM books b WHERE b.id = ?1", rows::BOOK_COLUMNS),
        [id.0],
        rows::book,
    )
    .optional()
    .map_err(read_error)
}

pub(crate) fn books_of_user(conn: &Connection, user: UserId) -> Result<Vec<BookInfo>> {
    let sql = format!(
        "SELECT {} FROM books b JOIN book_members m ON m.book_id = b.id WHERE m.user_id = ?1 ORDER BY b.id",
        rows::BOOK_COLUMNS
    );
    let mut st = conn.prepare_cached(&sql).map_err(backend)?;
    let out =
        st.query_map([user.0], rows::book).map_err(backend)?.collect::<rusqlite::Result<Vec<_>>>();
    out.map_err(read_error)
}

pub(crate) fn members(conn: &Connection, book: BookId) -> Result<Vec<Member>> {
    let mut st = conn
        .prepare_cached(
            "SELECT user_id, role FROM book_members WHERE book_id = ?1 ORDER BY user_id",
        )
        .map_err(backend)?;
    let rows = st
        .query_map([book.0], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))
        .map_err(backend)?
        .collect::<rusqlite::Result<Vec<_>>>()
        .map_err(backend)?;
    rows.into_iter()
        .map(|(user, role)| {
            let role = Role::parse(&role)
                .ok_or_else(|| StoreError::Corrupt { what: "member role".to_owned() })?;
            Ok(Member { user_id: UserId(user), role })
        })
        .collect()
}

pub(crate) fn insert_member(
    conn: &mut Connection,
    book: BookId,
    member: &Member,
    audit: &AuditRecord,
) -> Result<()> {
    let tx = conn.transaction().map_err(backend)?;
    let exists: Option<i64> = tx
        .query_row(
            "SELECT user_id FROM book_members WHERE book_id = ?1 AND user_id = ?2",
            params![book.0, member.user_id.0],
            |r| r.get(0),
        )
        .optional()
        .map_err(backend)?;
    if exists.is_some() {
        return Err(UserError::AlreadyMember { user: member.user_id, book }.into());
    }
    tx.execute(
        "INSERT INTO book_members (book_id, user_id, role) VALUES (?1, ?2, ?3)",
        params![book.0, member.user_id.0, member.role.as_str()],
    )
    .map_err(backend)?;
    log(&tx, book, audit, Some(member.user_id.0))?;
    tx.commit().map_err(backend).map_err(Into::into)
}

pub(crate) fn insert_commodity(
    inner: &mut Inner,
    book: BookId,
    c: &Commodity,
    audit: &AuditRecord,
) -> Result<()> {
    let tx = inner.conn.transaction().map_err(backend)?;
    let exists: Option<String> = tx
        .query_row(
            "SELECT code FROM commodities WHERE book_id = ?1 AND code = ?2",
            params![book.0, c.code],
            |r| r.get(0),
        )
        .optional()
        .map_err(backend)?;
    if exists.is_some() {
        return Err(CommodityError::Exists { code: c.code.clone() }.into());
    }
    tx.execute(
        "INSERT INTO commodities (book_id, code, name, scale, kind) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![book.0, c.code, c.name, c.scale, c.kind.as_str()],
    )
    .map_err(backend)?;
    log(&tx, book, audit, None)?;
    tx.commit().map_err(backend)?;
    inner.scales.insert((book, c.code.clone()), c.scale);
    Ok(())
}

pub(crate) fn commodities(conn: &Connection, book: BookId) -> Result<Vec<Commodity>> {
    let mut st = conn
        .prepare_cached(
            "SELECT code, name, scale, kind FROM commodities WHERE book_id = ?1 ORDER BY code",
        )
        .map_err(backend)?;
    let rows = st
        .query_map([book.0], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, u32>(2)?,
                r.get::<_, String>(3)?,
            ))
        })
        .map_err(backend)?
        .collect::<rusqlite::Result<Vec<_>>>()
        .map_err(backend)?;
    rows.into_iter()
        .map(|(code, name, scale, kind)| {
            let kind = CommodityKind::parse(&kind)
                .ok_or_else(|| StoreError::Corrupt { what: "commodity kind".to_owned() })?;
            Ok(Commodity { code, name, scale, kind, builtin: false })
        })
        .collect()
}

pub(crate) fn insert_accounts(
    conn: &mut Connection,
    book: BookId,
    drafts: &[AccountDraft],
    audit: &[AuditRecord],
) -> Result<Vec<Account>> {
    let tx = conn.transaction().map_err(backend)?;
    let mut ids: Vec<AccountId> = Vec::with_capacity(drafts.len());
    for (i, d) in drafts.iter().enumerate() {
        let taken: Option<i64> = tx
            .query_row(
                "SELECT id FROM accounts WHERE book_id = ?1 AND path = ?2",
                params![book.0, d.path],
                |r| r.get(0),
            )
            .optional()
            .map_err(backend)?;
        if taken.is_some() {
            return Err(AccountError::DuplicateName(d.path.clone()).into());
        }
        let parent = match d.parent {
            None => None,
            Some(ParentRef::Existing(id)) => {
                let found: Option<i64> = tx
                    .query_row(
                        "SELECT id FROM accounts WHERE book_id = ?1 AND id = ?2",
                        params![book.0, id.0],
                        |r| r.get(0),
                    )
                    .optional()
                    .map_err(backend)?;
                Some(found.ok_or(AccountError::NotFound { field: "parent".to_owned(), id })?)
            }
            Some(ParentRef::Earlier(j)) => Some(
                ids.get(j)
                    .map(|id| id.0)
                    .ok_or_else(|| StoreError::Corrupt { what: format!("parent index {j}") })?,
            ),
        };
        let at = audit.get(i).map_or_else(chrono::Utc::now, |a| a.at);
        tx.execute(
            "INSERT INTO accounts (book_id, parent_id, name, path, kind, subtype, currency, institution,
                color, icon, opened_on, include_in_net_worth, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            params![
                book.0,
                parent,
                d.name,
                d.path,
                d.kind.as_str(),
                d.subtype.as_str(),
                d.currency,
                d.institution,
                d.color,
                d.icon,
                d.opened_on.map(rows::date),
                d.include_in_net_worth,
                rows::timestamp(at),
            ],
        )
        .map_err(backend)?;
        let id = AccountId(tx.last_insert_rowid());
        if let Some(record) = audit.get(i) {
            log(&tx, book, record, Some(id.0))?;
        }
        ids.push(id);
    }
    let all = accounts(&tx, book)?;
    tx.commit().map_err(backend)?;
    Ok(ids.iter().filter_map(|id| all.iter().find(|a| a.id == *id).cloned()).collect())
}

pub(crate) fn update_accounts(
    conn: &mut Connection,
    book: BookId,
    updated: &[Account],
    audit: &[AuditRecord],
) -> Result<()> {
    let tx = conn.transaction().map_err(backend)?;
    for (i, a) in updated.iter().enumerate() {
        let clash: Option<i64> = tx
            .query_row(
                "SELECT id FROM accounts WHERE book_id = ?1 AND path = ?2 AND id != ?3",
                params![book.0, a.path, a.id.0],
                |r| r.get(0),
            )
            .optional()
            .map_err(backend)?;
        if clash.is_some() && !updated.iter().any(|u| Some(u.id.0) == clash) {
            return Err(AccountError::DuplicateName(a.path.clone()).into());
        }
        // Paths move as a group on rename; give each a temporary unique path first so the
        // UNIQUE constraint holds at every statement.
        let changed = tx
            .execute(
                "UPDATE accounts SET path = ?3 || char(0) || id WHERE book_id = ?1 AND id = ?2",
                params![book.0, a.id.0, a.path],
            )
            .map_err(backend)?;
        if changed == 0 {
            return Err(AccountError::NotFound { field: "account_id".to_owned(), id: a.id }.into());
        }
        if let Some(record) = audit.get(i) {
            log(&tx, book, record, Some(a.id.0))?;
        }
    }
    for a in updated {
        tx.execute(
            "UPDATE accounts SET name = ?3, path = ?4, institution = ?5, color = ?6, icon = ?7,
                opened_on = ?8, closed_on = ?9, archived = ?10, include_in_net_worth = ?11
             WHERE book_id = ?1 AND id = ?2",
            params![
                book.0,
                a.id.0,
                a.name,
                a.path,
                a.institution,
                a.color,
                a.icon,
                a.opened_on.map(rows::date),
                a.closed_on.map(rows::date),
                a.archived,
                a.include_in_net_worth,
            ],
        )
        .map_err(|e| match e {
            rusqlite::Error::SqliteFailure(f, _)
                if f.code == rusqlite::ErrorCode::ConstraintViolation =>
            {
                AccountError::DuplicateName(a.path.clone()).into()
            }
            other => tally_core::Error::from(backend(other)),
        })?;
    }
    tx.commit().map_err(backend)?;
    Ok(())
}

pub(crate) fn accounts(conn: &Connection, book: BookId) -> Result<Vec<Account>> {
    let sql =
        format!("SELECT {} FROM accounts WHERE book_id = ?1 ORDER BY path", rows::ACCOUNT_COLUMNS);
    let mut st = conn.prepare_cached(&sql).map_err(backend)?;
    let out = st
        .query_map([book.0], rows::account)
        .map_err(backend)?
        .collect::<rusqlite::Result<Vec<_>>>();
    out.map_err(read_error)
}

pub(crate) fn insert_assertion(
    inner: &mut Inner,
    book: BookId,
    a: &AssertionDraft,
    audit: &AuditRecord,
) -> Result<BalanceAssertion> {
    let Inner { conn, scales } = inner;
    let scale = scale_of(conn, scales, book, &a.commodity)?;
    let minor = money::to_minor(a.amount, &a.commodity, scale, "amount")?;
    let tx = conn.transaction().map_err(backend)?;
    tx.execute(
        "INSERT INTO balance_assertions (book_id, account_id, date, commodity, amount_minor)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![book.0, a.account_id.0, rows::date(a.date), a.commodity, minor],
    )
    .map_err(backend)?;
    let id = AssertionId(tx.last_insert_rowid());
    log(&tx, book, audit, Some(id.0))?;
    tx.commit().map_err(backend)?;
    Ok(BalanceAssertion {
        id,
        account_id: a.account_id,
        date: a.date,
        amount: a.amount,
        commodity: a.commodity.clone(),
    })
}

pub(crate) fn assertions(inner: &mut Inner, book: BookId) -> Result<Vec<BalanceAssertion>> {
    let Inner { conn, scales } = inner;
    let raw = {
        let mut st = conn
            .prepare_cached(
                "SELECT id, account_id, date, commodity, amount_minor FROM balance_assertions
                 WHERE book_id = ?1 ORDER BY date, id",
            )
            .map_err(backend)?;
        let rows = st
            .query_map([book.0], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    rows::get_date(r, 2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, i64>(4)?,
                ))
            })
            .map_err(backend)?
            .collect::<rusqlite::Result<Vec<_>>>();
        rows.map_err(read_error)?
    };
    raw.into_iter()
        .map(|(id, account, date, commodity, minor)| {
            let scale = scale_of(conn, scales, book, &commodity)?;
            Ok(BalanceAssertion {
                id: AssertionId(id),
                account_id: AccountId(account),
                date,
                amount: money::from_minor(minor, scale),
                commodity,
            })
        })
        .collect()
}

pub(crate) fn delete_assertion(
    conn: &mut Connection,
    book: BookId,
    id: AssertionId,
    audit: &AuditRecord,
) -> Result<()> {
    let tx = conn.transaction().map_err(backend)?;
    let n = tx
        .execute(
            "DELETE FROM balance_assertions WHERE book_id = ?1 AND id = ?2",
            params![book.0, id.0],
        )
        .map_err(backend)?;
    if n == 0 {
        return Err(QueryError::AssertionNotFound(id).into());
    }
    log(&tx, book, audit, Some(id.0))?;
    tx.commit().map_err(backend)?;
    Ok(())
}
