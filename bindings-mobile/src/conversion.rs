//! Every type that crosses the boundary, in one place.
//!
//! - Custom types: amounts (`Amount`, a `rust_decimal::Decimal`) cross as decimal strings and
//!   dates (`IsoDate`, a `chrono::NaiveDate`) as `YYYY-MM-DD` strings, both parsed by the core's
//!   rules on the way in; instants (`Timestamp`, UTC) become the platform's own instant type
//!   (Kotlin `java.time.Instant`, Swift `Date`, Python `datetime`); ids are 64-bit integers.
//! - The core's records and enums are exposed as they are, with `#[uniffi::remote]` restating
//!   their definitions: the compiler checks each restatement against the real type, so a field
//!   added to the core fails this build until it is added here too.
//! - A few records exist only here because UniFFI cannot express the core's shape: pages (the
//!   core's `Page<T>` is generic), the audit entry (its before/after are JSON values, sent as JSON
//!   text), an account update (the core's `Option<Option<T>>` "set or clear" becomes an enum)
//!   and the parts of a split purchase (the core takes tuples).

use crate::error::{from_core, TallyError};
use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use tally_core::{
    money, AccountId, AssertionId, AuditAction, BookId, EntityKind, SplitId, SubscriptionId,
    TransactionId, UserId,
};

// Remote definitions must name the real types; the aliases give them the names bindings show.
use tally_core::{
    Account, AccountBalance, AccountKind, AccountSubtype, AssertionResult, BalanceAssertion,
    BookInfo, CategoryAmount, Commodity, CommodityKind, EditOptions, Event, Member, NewAccount,
    NewBalanceAssertion, NewBook, NewCommodity, NewSplit, NewTransaction, NewUser, PageRequest,
    RegisterRow, Role, SortOrder, Source, Split, Status, Transaction, TransactionFilter, UnitPrice,
    User,
};

/// An exact amount: a decimal string such as `"-12.50"` (never a float). Parsed strictly:
/// digits, one optional point and a leading sign only (`"1e5"` and `"12,50"` are refused with
/// `invalid_amount`).
pub type Amount = Decimal;

uniffi::custom_type!(Amount, String, {
    remote,
    lower: |amount| amount.to_string(),
    try_lift: |text| money::parse_amount(&text, "amount").map_err(|e| lift_error(e.into())),
});

/// A civil date as ISO 8601 text, `YYYY-MM-DD`; never shifted by a time zone.
pub type IsoDate = NaiveDate;

uniffi::custom_type!(IsoDate, String, {
    remote,
    lower: |date| date.format("%Y-%m-%d").to_string(),
    try_lift: |text| NaiveDate::parse_from_str(&text, "%Y-%m-%d").map_err(|_| {
        lift_error(
            tally_core::query::QueryError::InvalidField {
                field: "date".to_owned(),
                value: text.clone(),
                reason: "not an ISO date (YYYY-MM-DD)".to_owned(),
            }
            .into(),
        )
    }),
});

/// An instant in UTC (audit and creation times).
pub type Timestamp = DateTime<Utc>;

uniffi::custom_type!(Timestamp, std::time::SystemTime, {
    remote,
    lower: |at| at.into(),
    try_lift: |at| Ok(at.into()),
});

/// A failed lift of an argument surfaces as the binding's error (UniFFI downcasts to it), not
/// as an internal error.
fn lift_error(err: tally_core::Error) -> uniffi::deps::anyhow::Error {
    uniffi::deps::anyhow::Error::new::<TallyError>(from_core(err))
}

macro_rules! id_type {
    ($name:ident, $int:ty) => {
        uniffi::custom_type!($name, $int, {
            remote,
            lower: |id| id.0,
            try_lift: |raw| Ok($name(raw)),
        });
    };
}

id_type!(UserId, i64);
id_type!(BookId, i64);
id_type!(AccountId, i64);
id_type!(TransactionId, i64);
id_type!(SplitId, i64);
id_type!(AssertionId, i64);
id_type!(SubscriptionId, u64);

// ---------------------------------------------------------------------------------------------
// Enums of the core, exposed as UniFFI enums (Kotlin `AccountKind.ASSET`, Swift `.asset`).

/// The five kinds of double-entry accounts; Income and Expense accounts are the categories.
#[uniffi::remote(Enum)]
pub enum AccountKind {
    Asset,
    Liability,
    Equity,
    Income,
    Expense,
}

/// What an account is, beyond its kind (`other` fits every kind).
#[uniffi::remote(Enum)]
pub enum AccountSubtype {
    Checking,
    Savings,
    CreditCard,
    Cash,
    Wallet,
    Investment,
    Retirement,
    Loan,
    Mortgage,
    Property,
    Other,
}

/// Where a transaction stands with the bank; `void` transactions count in no balance.
#[uniffi::remote(Enum)]
pub enum Status {
    Pending,
    Cleared,
    Reconciled,
    Void,
}

/// How a transaction entered the book.
#[uniffi::remote(Enum)]
pub enum Source {
    Manual,
    Import,
    Sync,
}

/// What a member may do in a book.
#[uniffi::remote(Enum)]
pub enum Role {
    Owner,
    Member,
    Viewer,
}

/// What kind of thing a commodity is.
#[uniffi::remote(Enum)]
pub enum CommodityKind {
    Currency,
    Security,
    Crypto,
    Other,
}

/// Sort order by date (then id).
#[uniffi::remote(Enum)]
pub enum SortOrder {
    Ascending,
    Descending,
}

/// What an audit row records was done.
#[uniffi::remote(Enum)]
pub enum AuditAction {
    Create,
    CreateBatch,
    Update,
    Delete,
    Restore,
}

/// What kind of row an audit row is about.
#[uniffi::remote(Enum)]
pub enum EntityKind {
    Book,
    Member,
    Commodity,
    Account,
    Transaction,
    BalanceAssertion,
}

/// Something that changed in a book, delivered to an `EventListener` after the write committed.
#[uniffi::remote(Enum)]
pub enum Event {
    AccountsCreated { ids: Vec<AccountId> },
    AccountsUpdated { ids: Vec<AccountId> },
    TransactionsAdded { ids: Vec<TransactionId> },
    TransactionUpdated { id: TransactionId },
    TransactionDeleted { id: TransactionId },
    TransactionRestored { id: TransactionId },
    CommodityDefined { code: String },
    AssertionAdded { id: AssertionId },
    AssertionDeleted { id: AssertionId },
    MemberAdded { user_id: UserId },
}

// ---------------------------------------------------------------------------------------------
// Records of the core. Optional inputs default to null/empty in Kotlin and Swift.

/// A person who owns or shares books.
#[uniffi::remote(Record)]
pub struct User {
    pub id: UserId,
    pub email: String,
    pub given_name: String,
    pub family_name: String,
    pub default_currency: String,
    pub locale: String,
    pub time_zone: String,
    pub created_at: Timestamp,
}

/// A user to create; locale `en` and time zone `UTC` unless set.
#[uniffi::remote(Record)]
pub struct NewUser {
    pub email: String,
    pub given_name: String,
    pub family_name: String,
    pub default_currency: String,
    #[uniffi(default = "en")]
    pub locale: String,
    #[uniffi(default = "UTC")]
    pub time_zone: String,
}

/// One member of a book and their role.
#[uniffi::remote(Record)]
pub struct Member {
    pub user_id: UserId,
    pub role: Role,
}

/// A book's description.
#[uniffi::remote(Record)]
pub struct BookInfo {
    pub id: BookId,
    pub name: String,
    pub owner_id: UserId,
    pub default_currency: String,
    pub created_at: Timestamp,
}

/// A book to create.
#[uniffi::remote(Record)]
pub struct NewBook {
    pub name: String,
    pub owner_id: UserId,
    pub default_currency: String,
}

/// An account (or category) of a book, in a tree such as `Assets:Bank:Checking`.
#[uniffi::remote(Record)]
pub struct Account {
    pub id: AccountId,
    pub parent_id: Option<AccountId>,
    pub name: String,
    pub path: String,
    pub kind: AccountKind,
    pub subtype: AccountSubtype,
    pub currency: String,
    pub institution: Option<String>,
    pub color: Option<String>,
    pub icon: Option<String>,
    pub opened_on: Option<IsoDate>,
    pub closed_on: Option<IsoDate>,
    pub archived: bool,
    pub include_in_net_worth: bool,
    pub created_at: Timestamp,
}

/// An account to create; missing ancestors are created with the same kind and currency.
#[uniffi::remote(Record)]
pub struct NewAccount {
    pub path: String,
    pub kind: AccountKind,
    pub subtype: AccountSubtype,
    pub currency: String,
    #[uniffi(default = None)]
    pub institution: Option<String>,
    #[uniffi(default = None)]
    pub color: Option<String>,
    #[uniffi(default = None)]
    pub icon: Option<String>,
    #[uniffi(default = None)]
    pub opened_on: Option<IsoDate>,
    #[uniffi(default = None)]
    pub include_in_net_worth: Option<bool>,
}

/// A commodity known to a book: an ISO 4217 currency or a user-defined one with its scale.
#[uniffi::remote(Record)]
pub struct Commodity {
    pub code: String,
    pub name: String,
    pub scale: u32,
    pub kind: CommodityKind,
    pub builtin: bool,
}

/// A user-defined commodity (security, crypto...) with its own scale.
#[uniffi::remote(Record)]
pub struct NewCommodity {
    pub code: String,
    pub name: String,
    pub scale: u32,
    pub kind: CommodityKind,
}

/// A per-unit price or cost of a split, in another commodity.
#[uniffi::remote(Record)]
pub struct UnitPrice {
    pub amount: Amount,
    pub commodity: String,
}

/// One leg of a stored transaction; the amount is signed (debits positive).
#[uniffi::remote(Record)]
pub struct Split {
    pub id: SplitId,
    pub account_id: AccountId,
    pub amount: Amount,
    pub commodity: String,
    pub price: Option<UnitPrice>,
    pub cost: Option<UnitPrice>,
    pub memo: Option<String>,
}

/// A stored transaction: two or more splits that balance per commodity.
#[uniffi::remote(Record)]
pub struct Transaction {
    pub id: TransactionId,
    pub date: IsoDate,
    pub posted_date: Option<IsoDate>,
    pub payee: Option<String>,
    pub narration: Option<String>,
    pub status: Status,
    pub tags: Vec<String>,
    pub notes: Option<String>,
    pub source: Source,
    pub external_id: Option<String>,
    pub reversal_of: Option<TransactionId>,
    pub splits: Vec<Split>,
    pub deleted: bool,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// One leg of a transaction to write; the commodity is the account's currency when null.
#[uniffi::remote(Record)]
pub struct NewSplit {
    pub account_id: AccountId,
    pub amount: Amount,
    #[uniffi(default = None)]
    pub commodity: Option<String>,
    #[uniffi(default = None)]
    pub price: Option<UnitPrice>,
    #[uniffi(default = None)]
    pub cost: Option<UnitPrice>,
    #[uniffi(default = None)]
    pub memo: Option<String>,
}

/// A transaction to write; `external_id` makes adding it idempotent.
#[uniffi::remote(Record)]
pub struct NewTransaction {
    pub date: IsoDate,
    #[uniffi(default = None)]
    pub posted_date: Option<IsoDate>,
    #[uniffi(default = None)]
    pub payee: Option<String>,
    #[uniffi(default = None)]
    pub narration: Option<String>,
    pub status: Status,
    #[uniffi(default)]
    pub tags: Vec<String>,
    #[uniffi(default = None)]
    pub notes: Option<String>,
    pub source: Source,
    #[uniffi(default = None)]
    pub external_id: Option<String>,
    pub splits: Vec<NewSplit>,
}

/// Options of an edit: `allow_reconciled` unlocks reconciled transactions.
#[uniffi::remote(Record)]
pub struct EditOptions {
    #[uniffi(default = false)]
    pub allow_reconciled: bool,
}

/// Which page of a result to return (limit 1 to 10000).
#[uniffi::remote(Record)]
pub struct PageRequest {
    #[uniffi(default = 0)]
    pub offset: u64,
    #[uniffi(default = 100)]
    pub limit: u32,
    pub order: SortOrder,
}

/// Filters of a transaction search; all set filters must hold.
#[uniffi::remote(Record)]
pub struct TransactionFilter {
    #[uniffi(default = None)]
    pub date_from: Option<IsoDate>,
    #[uniffi(default = None)]
    pub date_to: Option<IsoDate>,
    #[uniffi(default)]
    pub accounts: Vec<AccountId>,
    #[uniffi(default = None)]
    pub text: Option<String>,
    #[uniffi(default = None)]
    pub amount_min: Option<Amount>,
    #[uniffi(default = None)]
    pub amount_max: Option<Amount>,
    #[uniffi(default)]
    pub tags: Vec<String>,
    #[uniffi(default)]
    pub statuses: Vec<Status>,
    #[uniffi(default)]
    pub sources: Vec<Source>,
    #[uniffi(default = false)]
    pub include_deleted: bool,
}

/// Balance of one account in one commodity: its own splits and, in `total`, its descendants too.
#[uniffi::remote(Record)]
pub struct AccountBalance {
    pub account_id: AccountId,
    pub path: String,
    pub commodity: String,
    pub own: Amount,
    pub total: Amount,
}

/// The amount of one category over a period, with its depth in the tree.
#[uniffi::remote(Record)]
pub struct CategoryAmount {
    pub account_id: AccountId,
    pub path: String,
    pub depth: u32,
    pub commodity: String,
    pub own: Amount,
    pub total: Amount,
}

/// One row of an account's register, with the running balance after it.
#[uniffi::remote(Record)]
pub struct RegisterRow {
    pub transaction_id: TransactionId,
    pub split_id: SplitId,
    pub account_id: AccountId,
    pub date: IsoDate,
    pub payee: Option<String>,
    pub narration: Option<String>,
    pub memo: Option<String>,
    pub status: Status,
    pub amount: Amount,
    pub commodity: String,
    pub balance: Amount,
}

/// A balance an account (with descendants) should have at the end of a day.
#[uniffi::remote(Record)]
pub struct NewBalanceAssertion {
    pub account_id: AccountId,
    pub date: IsoDate,
    pub amount: Amount,
    #[uniffi(default = None)]
    pub commodity: Option<String>,
}

/// A stored balance assertion.
#[uniffi::remote(Record)]
pub struct BalanceAssertion {
    pub id: AssertionId,
    pub account_id: AccountId,
    pub date: IsoDate,
    pub amount: Amount,
    pub commodity: String,
}

/// The outcome of checking one balance assertion.
#[uniffi::remote(Record)]
pub struct AssertionResult {
    pub assertion: BalanceAssertion,
    pub actual: Amount,
    pub difference: Amount,
    pub passed: bool,
}

// ---------------------------------------------------------------------------------------------
// Records that exist only in the binding.

/// One page of a transaction search.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct TransactionPage {
    /// The rows.
    pub items: Vec<Transaction>,
    /// Rows matching in all.
    pub total: u64,
    /// Offset of the first row.
    pub offset: u64,
}

/// One page of an account register.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct RegisterPage {
    /// The rows.
    pub items: Vec<RegisterRow>,
    /// Rows in all.
    pub total: u64,
    /// Offset of the first row.
    pub offset: u64,
}

/// One page of the audit log.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct AuditPage {
    /// The rows.
    pub items: Vec<AuditEntry>,
    /// Rows in all.
    pub total: u64,
    /// Offset of the first row.
    pub offset: u64,
}

/// A stored audit row; `before` and `after` are the rows as JSON text.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct AuditEntry {
    /// Sequence number within the database.
    pub id: i64,
    /// Book.
    pub book_id: BookId,
    /// Who did it.
    pub actor: UserId,
    /// What was done.
    pub action: AuditAction,
    /// To what kind of row.
    pub entity: EntityKind,
    /// The row's id.
    pub entity_id: Option<i64>,
    /// The row before, as JSON.
    pub before: Option<String>,
    /// The row after, as JSON.
    pub after: Option<String>,
    /// When.
    pub at: Timestamp,
}

/// A change to an optional text field of an account.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum TextChange {
    /// Set the field to this value.
    Set {
        /// The new value.
        value: String,
    },
    /// Clear the field.
    Clear,
}

/// A change to an optional date field of an account.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum DateChange {
    /// Set the field to this date.
    Set {
        /// The new date.
        date: IsoDate,
    },
    /// Clear the field.
    Clear,
}

/// Changes to an account; a null field is left as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq, uniffi::Record)]
pub struct AccountUpdate {
    /// New last segment of the path (descendants follow).
    #[uniffi(default = None)]
    pub name: Option<String>,
    /// New institution, or clear it.
    #[uniffi(default = None)]
    pub institution: Option<TextChange>,
    /// New color, or clear it.
    #[uniffi(default = None)]
    pub color: Option<TextChange>,
    /// New icon, or clear it.
    #[uniffi(default = None)]
    pub icon: Option<TextChange>,
    /// New opening date, or clear it.
    #[uniffi(default = None)]
    pub opened_on: Option<DateChange>,
    /// New closing date, or clear it (reopen).
    #[uniffi(default = None)]
    pub closed_on: Option<DateChange>,
    /// Archive or unarchive.
    #[uniffi(default = None)]
    pub archived: Option<bool>,
    /// Count in net worth or not.
    #[uniffi(default = None)]
    pub include_in_net_worth: Option<bool>,
}

/// One category of a split purchase and the amount spent on it.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SplitPart {
    /// The category (or any account).
    pub account_id: AccountId,
    /// The amount.
    pub amount: Amount,
}

impl From<TextChange> for Option<String> {
    fn from(change: TextChange) -> Self {
        match change {
            TextChange::Set { value } => Some(value),
            TextChange::Clear => None,
        }
    }
}

impl From<DateChange> for Option<NaiveDate> {
    fn from(change: DateChange) -> Self {
        match change {
            DateChange::Set { date } => Some(date),
            DateChange::Clear => None,
        }
    }
}

impl From<AccountUpdate> for tally_core::AccountUpdate {
    fn from(u: AccountUpdate) -> Self {
        Self {
            name: u.name,
            institution: u.institution.map(Into::into),
            color: u.color.map(Into::into),
            icon: u.icon.map(Into::into),
            opened_on: u.opened_on.map(Into::into),
            closed_on: u.closed_on.map(Into::into),
            archived: u.archived,
            include_in_net_worth: u.include_in_net_worth,
        }
    }
}

impl From<SplitPart> for (AccountId, Decimal) {
    fn from(part: SplitPart) -> Self {
        (part.account_id, part.amount)
    }
}

impl From<tally_core::Page<Transaction>> for TransactionPage {
    fn from(page: tally_core::Page<Transaction>) -> Self {
        Self { items: page.items, total: page.total, offset: page.offset }
    }
}

impl From<tally_core::Page<RegisterRow>> for RegisterPage {
    fn from(page: tally_core::Page<RegisterRow>) -> Self {
        Self { items: page.items, total: page.total, offset: page.offset }
    }
}

impl From<tally_core::Page<tally_core::AuditEntry>> for AuditPage {
    fn from(page: tally_core::Page<tally_core::AuditEntry>) -> Self {
        Self {
            items: page.items.into_iter().map(Into::into).collect(),
            total: page.total,
            offset: page.offset,
        }
    }
}

impl From<tally_core::AuditEntry> for AuditEntry {
    fn from(e: tally_core::AuditEntry) -> Self {
        Self {
            id: e.id,
            book_id: e.book_id,
            actor: e.actor,
            action: e.action,
            entity: e.entity,
            entity_id: e.entity_id,
            before: e.before.map(|v| v.to_string()),
            after: e.after.map(|v| v.to_string()),
            at: e.at,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::UniFfiTag;
    use uniffi::FfiConverter;

    /// What the host sees of a custom type: its builtin (a string for amounts and dates).
    fn host_text<T: FfiConverter<UniFfiTag, FfiType = uniffi::RustBuffer>>(value: T) -> String {
        <String as FfiConverter<UniFfiTag>>::try_lift(T::lower(value)).expect("a string")
    }

    /// The value the binding lifts from a host string.
    fn from_host<T: FfiConverter<UniFfiTag, FfiType = uniffi::RustBuffer>>(
        text: &str,
    ) -> Result<T, TallyError> {
        T::try_lift(<String as FfiConverter<UniFfiTag>>::lower(text.to_owned()))
            .map_err(|e| e.downcast::<TallyError>().expect("the binding's error"))
    }

    #[test]
    fn amounts_cross_as_exact_strings() {
        let amount: Decimal = "-12.50".parse().expect("decimal");
        assert_eq!(host_text::<Amount>(amount), "-12.50");
        assert_eq!(from_host::<Amount>("0.00000001").expect("lift").to_string(), "0.00000001");
        for bad in ["1e5", "12,50", "NaN", "", "0x10", "1.5f"] {
            assert_eq!(from_host::<Amount>(bad).expect_err(bad).code(), "invalid_amount", "{bad}");
        }
    }

    #[test]
    fn dates_cross_as_iso_text() {
        let day = NaiveDate::from_ymd_opt(2026, 10, 3).expect("date");
        assert_eq!(host_text::<IsoDate>(day), "2026-10-03");
        assert_eq!(from_host::<IsoDate>("2026-10-03").expect("lift"), day);
        for bad in ["2026-13-01", "03/10/2026", "2026-10-03T00:00:00", "2026-2-30"] {
            assert_eq!(from_host::<IsoDate>(bad).expect_err(bad).code(), "invalid_field", "{bad}");
        }
    }

    #[test]
    fn account_update_keeps_set_and_clear_apart() {
        let update = AccountUpdate {
            institution: Some(TextChange::Clear),
            color: Some(TextChange::Set { value: "#2a9d8f".to_owned() }),
            closed_on: Some(DateChange::Set {
                date: NaiveDate::from_ymd_opt(2026, 12, 31).expect("date"),
            }),
            ..AccountUpdate::default()
        };
        let core: tally_core::AccountUpdate = update.into();
        assert_eq!(core.institution, Some(None));
        assert_eq!(core.color, Some(Some("#2a9d8f".to_owned())));
        assert_eq!(core.closed_on, Some(NaiveDate::from_ymd_opt(2026, 12, 31)));
        assert_eq!(core.icon, None);
    }
}
