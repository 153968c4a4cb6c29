//! The records and enums that cross the boundary, as JavaScript sees them: plain objects with
//! camelCase fields (TypeScript interfaces in the generated `index.d.ts`) and string-literal
//! unions holding the core's stable snake_case names. Amounts are decimal strings, dates
//! `YYYY-MM-DD`, timestamps ISO-8601 UTC. Converting them to and from the core's types is the
//! job of `conversion.rs`; nothing here has behaviour.

use crate::conversion::AmountArg;
use napi::bindgen_prelude::{Either, Null};
use napi_derive::napi;

/// The five kinds of double-entry accounts.
#[napi(string_enum = "snake_case")]
#[derive(Debug, PartialEq, Eq)]
pub enum AccountKind {
    /// What you own.
    Asset,
    /// What you owe.
    Liability,
    /// Opening balances and other equity.
    Equity,
    /// Income categories.
    Income,
    /// Expense categories.
    Expense,
}

/// What an account is, beyond its kind.
#[napi(string_enum = "snake_case")]
#[derive(Debug, PartialEq, Eq)]
pub enum AccountSubtype {
    /// Checking / current account (asset).
    Checking,
    /// Savings account (asset).
    Savings,
    /// Credit card (liability).
    CreditCard,
    /// Cash (asset).
    Cash,
    /// E-wallet such as PayPal (asset).
    Wallet,
    /// Brokerage account holding securities (asset).
    Investment,
    /// Retirement account holding securities (asset).
    Retirement,
    /// Loan (liability).
    Loan,
    /// Mortgage (liability).
    Mortgage,
    /// Real estate, vehicles and other property (asset).
    Property,
    /// Anything else; the only subtype of equity, income and expense accounts.
    Other,
}

/// Where a transaction stands with the bank.
#[napi(string_enum = "snake_case")]
#[derive(Debug, PartialEq, Eq)]
pub enum Status {
    /// Not yet cleared by the bank; counts in balances.
    Pending,
    /// Cleared by the bank (the default).
    Cleared,
    /// Checked against a statement; locked against edits unless overridden.
    Reconciled,
    /// Cancelled; kept for the record but not counted.
    Void,
}

/// How a transaction entered the book.
#[napi(string_enum = "snake_case")]
#[derive(Debug, PartialEq, Eq)]
pub enum Source {
    /// Entered by a person (the default).
    Manual,
    /// Imported from a file.
    Import,
    /// Received from a bank connection.
    Sync,
}

/// What kind of thing a commodity is.
#[napi(string_enum = "snake_case")]
#[derive(Debug, PartialEq, Eq)]
pub enum CommodityKind {
    /// A currency.
    Currency,
    /// A listed security.
    Security,
    /// A crypto asset.
    Crypto,
    /// Anything else tracked in units.
    Other,
}

/// What a member may do in a book.
#[napi(string_enum = "snake_case")]
#[derive(Debug, PartialEq, Eq)]
pub enum Role {
    /// Created the book; may do everything.
    Owner,
    /// May read and write.
    Member,
    /// May read only.
    Viewer,
}

/// Sort order by date (then id).
#[napi(string_enum = "snake_case")]
#[derive(Debug, PartialEq, Eq)]
pub enum SortOrder {
    /// Oldest first.
    Ascending,
    /// Newest first (the default).
    Descending,
}

/// What an audit entry records.
#[napi(string_enum = "snake_case")]
#[derive(Debug, PartialEq, Eq)]
pub enum AuditAction {
    /// A row was created.
    Create,
    /// A batch of rows was created.
    CreateBatch,
    /// A row was changed.
    Update,
    /// A row was soft-deleted.
    Delete,
    /// A soft-deleted row was restored.
    Restore,
}

/// What kind of row an audit entry is about.
#[napi(string_enum = "snake_case")]
#[derive(Debug, PartialEq, Eq)]
pub enum EntityKind {
    /// A book.
    Book,
    /// A membership.
    Member,
    /// A commodity.
    Commodity,
    /// An account.
    Account,
    /// A transaction.
    Transaction,
    /// A balance assertion.
    BalanceAssertion,
}

/// The broad class of an error (`err.kind`).
#[napi(string_enum = "snake_case")]
#[derive(Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// The input is wrong; fix it and retry.
    Validation,
    /// Something named does not exist (in this book).
    NotFound,
    /// The input contradicts what is stored.
    Conflict,
    /// The user may not do this.
    Permission,
    /// The store failed.
    Storage,
}

/// Every stable error code (`err.code`) of docs/errors.md; a test keeps the two identical.
#[napi(string_enum = "snake_case")]
#[derive(Debug, PartialEq, Eq)]
pub enum ErrorCode {
    /// An amount has more decimals than its commodity allows.
    TooManyDecimals,
    /// An amount does not fit the exact stored range.
    AmountOutOfRange,
    /// A text is not a decimal amount.
    InvalidAmount,
    /// A commodity code is neither ISO 4217 nor defined in the book.
    UnknownCommodity,
    /// A commodity code is malformed.
    InvalidCommodityCode,
    /// A commodity scale is out of range.
    InvalidScale,
    /// The commodity is already defined.
    CommodityExists,
    /// A field is malformed; the message names it.
    InvalidField,
    /// No such user.
    UserNotFound,
    /// No such book.
    BookNotFound,
    /// The user is not a member of the book.
    NotAMember,
    /// The user may only read the book.
    ReadOnly,
    /// A user with this e-mail exists.
    EmailTaken,
    /// The user is already a member of the book.
    AlreadyMember,
    /// An account path is malformed.
    InvalidAccountPath,
    /// An account with this path exists in the book.
    DuplicateAccountName,
    /// An account's kind differs from its parent's.
    ParentKindMismatch,
    /// An account subtype does not fit its kind.
    InvalidSubtype,
    /// No such account in this book.
    AccountNotFound,
    /// An account's closing date is before its opening date.
    ClosedBeforeOpened,
    /// A transaction has fewer than two splits.
    TooFewSplits,
    /// Splits do not sum to zero per commodity; the residual is stated.
    Unbalanced,
    /// A posting falls outside its account's open dates.
    AccountClosed,
    /// A split's commodity is not its account's currency.
    CommodityMismatch,
    /// No such transaction in this book.
    TransactionNotFound,
    /// The transaction is deleted.
    TransactionDeleted,
    /// Restore of a transaction that is not deleted.
    NotDeleted,
    /// Edit of a reconciled transaction without the override.
    ReconciledLocked,
    /// The external id names a different transaction.
    ExternalIdConflict,
    /// The transaction has already been reversed.
    AlreadyReversed,
    /// No such balance assertion in this book.
    AssertionNotFound,
    /// The database failed; the message says how.
    Storage,
    /// The database was written by a newer Tally.
    SchemaTooNew,
    /// A stored row cannot be read back.
    CorruptData,
}

/// One row of the error-code table (`errorCodes()`).
#[napi(object)]
pub struct ErrorCodeInfo {
    /// The stable code.
    #[napi(ts_type = "ErrorCode")]
    pub code: String,
    /// Its kind.
    pub kind: ErrorKind,
    /// What it means.
    pub meaning: String,
}

/// A person who owns or shares books.
#[napi(object)]
pub struct User {
    /// Id.
    pub id: i64,
    /// E-mail address, unique in the database.
    pub email: String,
    /// Given name.
    pub given_name: String,
    /// Family name.
    pub family_name: String,
    /// ISO 4217 code of the currency new books use by default.
    pub default_currency: String,
    /// BCP 47 locale, e.g. `en-GB`.
    pub locale: String,
    /// IANA time zone, e.g. `Europe/Berlin`.
    pub time_zone: String,
    /// When the user was created (ISO-8601 UTC).
    pub created_at: String,
}

/// A user to create.
#[napi(object, object_to_js = false)]
pub struct NewUser {
    /// E-mail address.
    pub email: String,
    /// Given name.
    pub given_name: String,
    /// Family name.
    pub family_name: String,
    /// Default currency (ISO 4217).
    pub default_currency: String,
    /// Locale; `en` when not set.
    pub locale: Option<String>,
    /// Time zone; `UTC` when not set.
    pub time_zone: Option<String>,
}

/// A book's description.
#[napi(object)]
pub struct BookInfo {
    /// Id.
    pub id: i64,
    /// Name shown to the user.
    pub name: String,
    /// Owner.
    pub owner_id: i64,
    /// Default currency of new accounts and reports.
    pub default_currency: String,
    /// When it was created (ISO-8601 UTC).
    pub created_at: String,
}

/// A book to create.
#[napi(object, object_to_js = false)]
pub struct NewBook {
    /// Name.
    pub name: String,
    /// Owner.
    pub owner_id: i64,
    /// Default currency (ISO 4217).
    pub default_currency: String,
}

/// One member of a book.
#[napi(object)]
pub struct Member {
    /// The user.
    pub user_id: i64,
    /// Their role.
    pub role: Role,
}

/// An account (or category) of a book.
#[napi(object)]
pub struct Account {
    /// Id.
    pub id: i64,
    /// Parent in the tree; absent for a root such as `Assets`.
    pub parent_id: Option<i64>,
    /// Last segment of the path, e.g. `Checking`.
    pub name: String,
    /// Full path, e.g. `Assets:Bank:Checking`.
    pub path: String,
    /// Kind.
    pub kind: AccountKind,
    /// Subtype.
    pub subtype: AccountSubtype,
    /// Currency the account is kept in.
    pub currency: String,
    /// Bank or broker.
    pub institution: Option<String>,
    /// Display color.
    pub color: Option<String>,
    /// Display icon name.
    pub icon: Option<String>,
    /// First day postings are allowed (`YYYY-MM-DD`).
    pub opened_on: Option<String>,
    /// Last day postings are allowed (`YYYY-MM-DD`).
    pub closed_on: Option<String>,
    /// Hidden from pickers; still counted.
    pub archived: bool,
    /// Counted in net worth.
    pub include_in_net_worth: bool,
    /// When it was created (ISO-8601 UTC).
    pub created_at: String,
}

/// An account to create; missing ancestors are created with the same kind and currency.
#[napi(object, object_to_js = false)]
pub struct NewAccount {
    /// Full path, e.g. `Expenses:Food:Groceries`.
    pub path: String,
    /// Kind.
    pub kind: AccountKind,
    /// Currency.
    pub currency: String,
    /// Subtype; `other` when not set. Must fit the kind.
    pub subtype: Option<AccountSubtype>,
    /// Bank or broker.
    pub institution: Option<String>,
    /// Display color.
    pub color: Option<String>,
    /// Display icon.
    pub icon: Option<String>,
    /// First day postings are allowed (`YYYY-MM-DD`).
    pub opened_on: Option<String>,
    /// Counted in net worth; true for assets and liabilities when not set.
    pub include_in_net_worth: Option<bool>,
}

/// Changes to an account: a field left out stays as it is; `null` clears a clearable field.
#[napi(object, object_to_js = false)]
pub struct AccountUpdate {
    /// New last segment of the path (descendants follow).
    pub name: Option<String>,
    /// New institution, or `null` to clear it.
    pub institution: Option<Either<String, Null>>,
    /// New color, or `null` to clear it.
    pub color: Option<Either<String, Null>>,
    /// New icon, or `null` to clear it.
    pub icon: Option<Either<String, Null>>,
    /// New opening date, or `null` to clear it.
    pub opened_on: Option<Either<String, Null>>,
    /// New closing date, or `null` to reopen.
    pub closed_on: Option<Either<String, Null>>,
    /// Archive or unarchive.
    pub archived: Option<bool>,
    /// Count in net worth or not.
    pub include_in_net_worth: Option<bool>,
}

/// Balance of one account in one commodity.
#[napi(object)]
pub struct AccountBalance {
    /// Account.
    pub account_id: i64,
    /// Its path.
    pub path: String,
    /// Commodity.
    pub commodity: String,
    /// Sum of the account's own splits (decimal string).
    pub own: String,
    /// Own plus every descendant's (decimal string).
    pub total: String,
}

/// Options of `accounts.balances`.
#[napi(object, object_to_js = false)]
pub struct BalanceOptions {
    /// Balances at the end of this day (`YYYY-MM-DD`); all time when not set.
    pub as_of: Option<String>,
}

/// The amount of one category over a period.
#[napi(object)]
pub struct CategoryAmount {
    /// Category (income or expense account).
    pub account_id: i64,
    /// Its path.
    pub path: String,
    /// Its depth in the tree (0 for a root).
    pub depth: u32,
    /// Commodity.
    pub commodity: String,
    /// Own splits over the period (decimal string; spending is positive).
    pub own: String,
    /// Own plus descendants (decimal string).
    pub total: String,
}

/// One row of an account's register.
#[napi(object)]
pub struct RegisterRow {
    /// Transaction.
    pub transaction_id: i64,
    /// Split.
    pub split_id: i64,
    /// Account of the split (the account or a descendant).
    pub account_id: i64,
    /// Date (`YYYY-MM-DD`).
    pub date: String,
    /// Payee.
    pub payee: Option<String>,
    /// Narration.
    pub narration: Option<String>,
    /// Memo of the split.
    pub memo: Option<String>,
    /// Status.
    pub status: Status,
    /// Amount of the split (decimal string).
    pub amount: String,
    /// Commodity.
    pub commodity: String,
    /// Balance in this commodity after this row, in date order (decimal string).
    pub balance: String,
}

/// One page of register rows.
#[napi(object)]
pub struct RegisterPage {
    /// The rows.
    pub items: Vec<RegisterRow>,
    /// Rows in all.
    pub total: i64,
    /// Offset of the first row.
    pub offset: i64,
}

/// Options of `accounts.register`.
#[napi(object, object_to_js = false)]
pub struct RegisterOptions {
    /// Include the splits of descendant accounts.
    pub include_descendants: Option<bool>,
    /// Rows to skip (0 when not set).
    pub offset: Option<i64>,
    /// Rows to return, 1 to 10000 (100 when not set).
    pub limit: Option<u32>,
    /// Order by date (`descending` when not set).
    pub order: Option<SortOrder>,
}

/// Which page of a result to return.
#[napi(object, object_to_js = false)]
pub struct PageOptions {
    /// Rows to skip (0 when not set).
    pub offset: Option<i64>,
    /// Rows to return, 1 to 10000 (100 when not set).
    pub limit: Option<u32>,
    /// Order by date (`descending` when not set).
    pub order: Option<SortOrder>,
}

/// A balance the user expects an account (with descendants) to have at the end of a day.
#[napi(object, object_to_js = false)]
pub struct NewBalanceAssertion {
    /// Account.
    pub account_id: i64,
    /// Day, inclusive (`YYYY-MM-DD`).
    pub date: String,
    /// Expected balance (decimal string).
    #[napi(ts_type = "string")]
    pub amount: AmountArg,
    /// Commodity; the account's currency when not set.
    pub commodity: Option<String>,
}

/// A stored balance assertion.
#[napi(object)]
pub struct BalanceAssertion {
    /// Id.
    pub id: i64,
    /// Account.
    pub account_id: i64,
    /// Day, inclusive (`YYYY-MM-DD`).
    pub date: String,
    /// Expected balance (decimal string).
    pub amount: String,
    /// Commodity.
    pub commodity: String,
}

/// The outcome of checking one assertion.
#[napi(object)]
pub struct AssertionResult {
    /// The assertion.
    pub assertion: BalanceAssertion,
    /// Actual balance at the end of that day (decimal string).
    pub actual: String,
    /// Actual minus expected (decimal string).
    pub difference: String,
    /// True when they agree.
    pub passed: bool,
}

/// A per-unit price or cost of a split, in another commodity.
#[napi(object)]
pub struct UnitPrice {
    /// Price of one unit (decimal string).
    pub amount: String,
    /// Commodity the price is in.
    pub commodity: String,
}

/// A per-unit price or cost to write.
#[napi(object, object_to_js = false)]
pub struct UnitPriceInput {
    /// Price of one unit (decimal string, positive).
    #[napi(ts_type = "string")]
    pub amount: AmountArg,
    /// Commodity the price is in.
    pub commodity: String,
}

/// One leg of a transaction as stored.
#[napi(object)]
pub struct Split {
    /// Id.
    pub id: i64,
    /// Account.
    pub account_id: i64,
    /// Signed amount (decimal string): positive debits.
    pub amount: String,
    /// Commodity of the amount.
    pub commodity: String,
    /// Conversion price per unit.
    pub price: Option<UnitPrice>,
    /// Cost per unit.
    pub cost: Option<UnitPrice>,
    /// Memo.
    pub memo: Option<String>,
}

/// One leg of a transaction to write.
#[napi(object, object_to_js = false)]
pub struct NewSplit {
    /// Account.
    pub account_id: i64,
    /// Signed amount (decimal string, e.g. `"-12.50"`).
    #[napi(ts_type = "string")]
    pub amount: AmountArg,
    /// Commodity; the account's currency when not set.
    pub commodity: Option<String>,
    /// Conversion price per unit.
    pub price: Option<UnitPriceInput>,
    /// Cost per unit.
    pub cost: Option<UnitPriceInput>,
    /// Memo.
    pub memo: Option<String>,
}

/// A transaction as stored.
#[napi(object)]
pub struct Transaction {
    /// Id.
    pub id: i64,
    /// Civil date (`YYYY-MM-DD`).
    pub date: String,
    /// Date the bank posted it.
    pub posted_date: Option<String>,
    /// Payee.
    pub payee: Option<String>,
    /// Description.
    pub narration: Option<String>,
    /// Status.
    pub status: Status,
    /// Tags, sorted and unique.
    pub tags: Vec<String>,
    /// Notes.
    pub notes: Option<String>,
    /// Source.
    pub source: Source,
    /// Idempotency key (the bank's id for imports).
    pub external_id: Option<String>,
    /// The transaction this one reverses.
    pub reversal_of: Option<i64>,
    /// Two or more splits that balance.
    pub splits: Vec<Split>,
    /// Soft-deleted: kept for restore and audit, never counted.
    pub deleted: bool,
    /// When it was written (ISO-8601 UTC).
    pub created_at: String,
    /// When it was last changed (ISO-8601 UTC).
    pub updated_at: String,
}

/// A transaction to write.
#[napi(object, object_to_js = false)]
pub struct NewTransaction {
    /// Civil date (`YYYY-MM-DD`).
    pub date: String,
    /// Two or more splits that balance per commodity.
    pub splits: Vec<NewSplit>,
    /// Date the bank posted it.
    pub posted_date: Option<String>,
    /// Payee.
    pub payee: Option<String>,
    /// Description.
    pub narration: Option<String>,
    /// Status (`cleared` when not set).
    pub status: Option<Status>,
    /// Tags.
    pub tags: Option<Vec<String>>,
    /// Notes.
    pub notes: Option<String>,
    /// Source (`manual` when not set).
    pub source: Option<Source>,
    /// Idempotency key: adding a transaction whose key exists returns the existing one.
    pub external_id: Option<String>,
}

/// The optional fields of the convenience forms (`expense`, `income`, `transfer`,
/// `splitPurchase`).
#[napi(object, object_to_js = false)]
pub struct TransactionOptions {
    /// Date the bank posted it.
    pub posted_date: Option<String>,
    /// Description.
    pub narration: Option<String>,
    /// Status (`cleared` when not set).
    pub status: Option<Status>,
    /// Tags.
    pub tags: Option<Vec<String>>,
    /// Notes.
    pub notes: Option<String>,
    /// Source (`manual` when not set).
    pub source: Option<Source>,
    /// Idempotency key.
    pub external_id: Option<String>,
}

/// One category of a split purchase.
#[napi(object, object_to_js = false)]
pub struct SplitPart {
    /// Category (or any account).
    pub account_id: i64,
    /// Amount spent on it (decimal string).
    #[napi(ts_type = "string")]
    pub amount: AmountArg,
}

/// Options of edits, status changes and deletes.
#[napi(object, object_to_js = false)]
pub struct EditOptions {
    /// Allow changing a reconciled transaction.
    pub allow_reconciled: Option<bool>,
}

/// Options of `transactions.reverse`.
#[napi(object, object_to_js = false)]
pub struct ReverseOptions {
    /// Date of the reversal (`YYYY-MM-DD`); today when not set.
    pub date: Option<String>,
}

/// Filters of a transaction search; all set filters must hold.
#[napi(object, object_to_js = false)]
pub struct TransactionFilter {
    /// First date, inclusive (`YYYY-MM-DD`).
    pub date_from: Option<String>,
    /// Last date, inclusive (`YYYY-MM-DD`).
    pub date_to: Option<String>,
    /// Transactions touching any of these accounts or their descendants.
    pub accounts: Option<Vec<i64>>,
    /// Case-insensitive text in payee or narration.
    pub text: Option<String>,
    /// Smallest absolute split amount (decimal string).
    #[napi(ts_type = "string")]
    pub amount_min: Option<AmountArg>,
    /// Largest absolute split amount (decimal string).
    #[napi(ts_type = "string")]
    pub amount_max: Option<AmountArg>,
    /// Transactions carrying any of these tags.
    pub tags: Option<Vec<String>>,
    /// Any of these statuses.
    pub statuses: Option<Vec<Status>>,
    /// Any of these sources.
    pub sources: Option<Vec<Source>>,
    /// Include soft-deleted transactions.
    pub include_deleted: Option<bool>,
}

/// One page of transactions.
#[napi(object)]
pub struct TransactionPage {
    /// The transactions.
    pub items: Vec<Transaction>,
    /// Matches in all.
    pub total: i64,
    /// Offset of the first item.
    pub offset: i64,
}

/// A commodity known to a book.
#[napi(object)]
pub struct Commodity {
    /// Code, e.g. `EUR`, `AAPL`, `BTC`.
    pub code: String,
    /// Human name.
    pub name: String,
    /// Decimals of the smallest unit (JPY 0, EUR 2, BTC 8).
    pub scale: u32,
    /// What it is.
    pub kind: CommodityKind,
    /// True for the ISO 4217 currencies built into every book.
    pub builtin: bool,
}

/// A user-defined commodity to add to a book.
#[napi(object, object_to_js = false)]
pub struct NewCommodity {
    /// Code: 1 to 24 of A-Z 0-9 . _ -, a letter first.
    pub code: String,
    /// Human name.
    pub name: String,
    /// Decimals of the smallest unit, 0 to 18.
    pub scale: u32,
    /// What it is.
    pub kind: CommodityKind,
}

/// A stored audit row.
#[napi(object)]
pub struct AuditEntry {
    /// Sequence number within the database.
    pub id: i64,
    /// Book.
    pub book_id: i64,
    /// Who did it.
    pub actor: i64,
    /// What was done.
    pub action: AuditAction,
    /// To what kind of row.
    pub entity: EntityKind,
    /// The row's id.
    pub entity_id: Option<i64>,
    /// The row before (parsed JSON).
    pub before: Option<serde_json::Value>,
    /// The row after (parsed JSON).
    pub after: Option<serde_json::Value>,
    /// When (ISO-8601 UTC).
    pub at: String,
}

/// One page of the audit log.
#[napi(object)]
pub struct AuditPage {
    /// The entries.
    pub items: Vec<AuditEntry>,
    /// Entries in all.
    pub total: i64,
    /// Offset of the first entry.
    pub offset: i64,
}

/// Something that changed in a book, delivered to `book.subscribe` callbacks after the write
/// committed. Alerts will arrive through the same channel.
#[napi(discriminant = "kind", discriminant_case = "snake_case", object_from_js = false)]
pub enum TallyEvent {
    /// Accounts were created (ancestors first).
    AccountsCreated { ids: Vec<i64> },
    /// Accounts were changed (a rename moves descendants too).
    AccountsUpdated { ids: Vec<i64> },
    /// Transactions were added (one call, one event).
    TransactionsAdded { ids: Vec<i64> },
    /// A transaction was edited.
    TransactionUpdated { id: i64 },
    /// A transaction was soft-deleted.
    TransactionDeleted { id: i64 },
    /// A transaction was restored.
    TransactionRestored { id: i64 },
    /// A commodity was defined.
    CommodityDefined { code: String },
    /// A balance assertion was added.
    AssertionAdded { id: i64 },
    /// A balance assertion was deleted.
    AssertionDeleted { id: i64 },
    /// A member joined the book.
    MemberAdded { user_id: i64 },
}
