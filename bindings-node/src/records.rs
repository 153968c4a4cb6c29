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
    /// Exchange rates and prices (a load is one record).
    Rate,
    /// A bank connection.
    Connection,
    /// A saved CSV profile.
    CsvProfile,
    /// An import batch.
    ImportBatch,
    /// A categorization rule.
    CategorizationRule,
    /// A trained categorization model.
    Model,
    /// Categorization of transactions (decisions, payee memory) and the categorizer's settings.
    Categorization,
    /// A budget.
    Budget,
    /// Budget allocations (one call is one record).
    Allocation,
    /// A goal.
    Goal,
    /// A manual contribution to a goal.
    Contribution,
    /// Alerts (one evaluation or one flag change is one record).
    Alert,
    /// The alert settings of a book.
    AlertSettings,
    /// A security's details.
    Security,
    /// An account's booking method.
    BookingMethod,
    /// A set of target weights.
    AllocationTarget,
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
    /// A file could not be read or parsed (`malformed_line`, `unreadable_file`).
    Import,
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
    /// No rate on or before the date, directly or through a chain of rates.
    NoRate,
    /// The newest usable rate is older than the staleness limit; the age is stated.
    StaleRate,
    /// No stored rate for that pair and day.
    RateNotFound,
    /// A line of a file is malformed; file, line, field and value are stated.
    MalformedLine,
    /// The input is not a file of the expected format.
    UnreadableFile,
    /// A page of a bank sync cannot be applied; nothing was written.
    SyncFailed,
    /// No such bank connection in this book.
    ConnectionNotFound,
    /// The bank connection is disconnected.
    ConnectionDisconnected,
    /// The key does not open the connection's sealed access token.
    TokenKeyMismatch,
    /// A CSV profile with this name is saved in the book.
    ProfileExists,
    /// No saved CSV profile with this name.
    ProfileNotFound,
    /// No such import batch in this book.
    BatchNotFound,
    /// The import batch has already been undone.
    BatchAlreadyUndone,
    /// No such budget in this book.
    BudgetNotFound,
    /// Another budget covers the category (or an ancestor or descendant) in overlapping time.
    BudgetOverlap,
    /// No such goal in this book.
    GoalNotFound,
    /// The goal is archived.
    GoalArchived,
    /// No such alert in this book.
    AlertNotFound,
    /// A sale or transfer asks for more units than are held; held and asked are stated.
    InsufficientQuantity,
    /// A lot named by the caller is not open in the account.
    LotNotFound,
    /// A commodity is not a security of the book (a currency, or not defined as a security).
    NotASecurity,
    /// Target weights are not a valid set (each 0 to 100, summing to 100, no repeats).
    InvalidTargets,
    /// The database failed; the message says how.
    Storage,
    /// The database was written by a newer Tally.
    SchemaTooNew,
    /// A stored row cannot be read back.
    CorruptData,
    /// A categorization rule is malformed (an invalid regex, an empty value...).
    InvalidRule,
    /// A rule's split cannot add up to the amount.
    SplitMismatch,
    /// Too few labeled transactions to train a model.
    NotEnoughTrainingData,
    /// The classifier's solver failed.
    TrainingFailed,
    /// Stored model bytes are not a model this version reads.
    InvalidModel,
    /// No such categorization rule in this book.
    RuleNotFound,
    /// No such model version in this book.
    ModelNotFound,
    /// A rule or correction names a missing account.
    CategoryNotFound,
    /// A rule or correction names an account that is not Income or Expense.
    NotACategory,
    /// The transaction has no single counter split to categorize.
    NotCategorizable,
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

/// A sale as `portfolio.sell` wrote it: its transaction and the gain realized per lot sold.
#[napi(object)]
pub struct Sale {
    /// The transaction.
    pub transaction: Transaction,
    /// The gain per lot sold.
    #[napi(ts_type = "RealizedGain[]")]
    pub gains: serde_json::Value,
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
    /// Account that takes the residue of a multi-currency transaction (rounding, or a bank's
    /// rate that differs from the table's); without it such a transaction is `unbalanced`.
    pub fx_account: Option<i64>,
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
    /// Account that takes the residue of a multi-currency transaction.
    pub fx_account: Option<i64>,
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
    /// Rates were added, replaced or deleted (one call, one event).
    RatesChanged { added: i64, replaced: i64, deleted: i64 },
    /// A bank sync of a connection completed (its transactions and cursor committed together).
    SyncCompleted { connection_id: i64, batch_id: Option<i64> },
    /// An import batch was undone.
    ImportBatchUndone { batch_id: i64, deleted: i64 },
    /// The book's categorization rules changed (created, updated, deleted, reordered).
    RulesChanged { ids: Vec<i64> },
    /// A model was trained and stored, or another version activated.
    ModelTrained { version: i64, active: bool },
    /// Transactions were categorized (by the flow, a correction, or rules applied to history).
    TransactionsCategorized { ids: Vec<i64> },
    /// The categorizer's settings changed.
    CategorizerSettingsChanged {},
    /// A budget was created, changed or deleted.
    BudgetChanged { id: i64 },
    /// Allocations of a budget were set (one call, one event).
    AllocationsChanged { budget_id: i64, count: i64 },
    /// A goal was created or changed (a contribution, archiving, reaching it).
    GoalChanged { id: i64 },
    /// An alert was raised (one event per alert, in order, after the write committed).
    AlertRaised { alert: serde_json::Value },
    /// Alerts were marked read or dismissed.
    AlertsUpdated { ids: Vec<i64> },
    /// A security was defined or classified.
    SecurityDefined { code: String },
    /// An account's booking method was set (`method` is its stable name).
    BookingMethodSet { account_id: i64, method: String },
    /// Target weights were set for an account (`null`: the whole book).
    TargetsSet { account_id: Option<i64>, count: i64 },
}

/// A rate file format.
#[napi(string_enum = "snake_case")]
#[derive(Debug, PartialEq, Eq)]
pub enum RateFormat {
    /// The ECB history as published: a zip holding one CSV.
    EcbZip,
    /// An ECB CSV (history or one day): a `Date` column, then one column per currency.
    EcbCsv,
    /// A CSV with a header naming `date`, `base`, `quote`, `rate` and optionally `source`.
    Csv,
}

/// Which rates value the amounts of a report in a reporting currency.
#[napi(string_enum = "snake_case")]
#[derive(Debug, PartialEq, Eq)]
pub enum Valuation {
    /// Every amount at the rates of one valuation date (the default).
    Spot,
    /// Every amount at the rates of the day it was booked.
    Historical,
}

/// How a figure is rounded to minor units.
#[napi(string_enum = "snake_case")]
#[derive(Debug, PartialEq, Eq)]
pub enum Rounding {
    /// Half to even (banker's rounding), the default.
    HalfEven,
    /// Half away from zero.
    HalfUp,
    /// Half toward zero.
    HalfDown,
    /// Truncate toward zero.
    TowardZero,
    /// Away from zero.
    AwayFromZero,
    /// Toward negative infinity.
    Floor,
    /// Toward positive infinity.
    Ceiling,
}

/// A stored rate: one `base` is worth `rate` `quote` on `date`.
#[napi(object)]
pub struct Rate {
    /// Commodity priced.
    pub base: String,
    /// Commodity the price is in.
    pub quote: String,
    /// Day the rate holds for (`YYYY-MM-DD`).
    pub date: String,
    /// Units of `quote` per unit of `base` (exact decimal string).
    pub rate: String,
    /// Where it came from (`ecb`, `manual`, a file name, ...).
    pub source: String,
}

/// A rate to add: one `base` is worth `rate` `quote` on `date`.
#[napi(object, object_to_js = false)]
pub struct RateInput {
    /// Commodity priced.
    pub base: String,
    /// Commodity the price is in.
    pub quote: String,
    /// Day the rate holds for (`YYYY-MM-DD`).
    pub date: String,
    /// Units of `quote` per unit of `base` (decimal string, positive).
    #[napi(ts_type = "string")]
    pub rate: AmountArg,
    /// Where it came from (1 to 200 characters, e.g. `manual`).
    pub source: String,
}

/// Which rates to list; every field set narrows the list.
#[napi(object, object_to_js = false)]
pub struct RateFilter {
    /// Only this base commodity.
    pub base: Option<String>,
    /// Only this quote commodity.
    pub quote: Option<String>,
    /// Only on or after this day (`YYYY-MM-DD`).
    pub from: Option<String>,
    /// Only on or before this day (`YYYY-MM-DD`).
    pub to: Option<String>,
}

/// How to read a rate file.
#[napi(object, object_to_js = false)]
pub struct LoadOptions {
    /// The format; detected from the content when not set.
    pub format: Option<RateFormat>,
    /// The name errors give the input; the path when loading a path, else `input`.
    pub file_name: Option<String>,
    /// The source recorded on every rate; `ecb` for ECB files, else the file's `source`
    /// column or its name.
    pub source: Option<String>,
}

/// What a load or bulk add did.
#[napi(object)]
pub struct LoadReport {
    /// The format read (absent for `add` and `addMany`).
    pub format: Option<RateFormat>,
    /// Rates read from the input.
    pub read: i64,
    /// Rates new to the book.
    pub added: i64,
    /// Rates that replaced a different rate for the same pair and day.
    pub replaced: i64,
    /// Rates already stored exactly as given (a re-load adds nothing).
    pub unchanged: i64,
    /// Cells the input marks as missing (`N/A` in ECB files), skipped.
    pub missing: i64,
    /// Rates not loaded because the book does not know their commodity.
    pub skipped_unknown: i64,
    /// Those commodities, sorted.
    pub unknown_commodities: Vec<String>,
}

/// Options of `rates.lookup`.
#[napi(object, object_to_js = false)]
pub struct LookupOptions {
    /// The oldest a rate may be, in days before the date (7 when not set; 0: that day only).
    pub max_age_days: Option<u32>,
}

/// Options of `rates.convert`.
#[napi(object, object_to_js = false)]
pub struct ConvertOptions {
    /// The oldest a rate may be, in days before the date (7 when not set).
    pub max_age_days: Option<u32>,
    /// How the result is rounded to the target's minor units (`half_even` when not set).
    pub rounding: Option<Rounding>,
}

/// One step of a lookup: a stored rate, used as stored or inverted.
#[napi(object)]
pub struct RateLeg {
    /// Commodity converted from in this step.
    pub from: String,
    /// Commodity converted to.
    pub to: String,
    /// Date of the stored rate used (`YYYY-MM-DD`, on or before the requested date).
    pub date: String,
    /// The stored rate as stored, `base -> quote` (decimal string).
    pub stored_rate: String,
    /// True when the stored rate is `to -> from` and this step divides by it.
    pub inverted: bool,
    /// Source of the stored rate.
    pub source: String,
}

/// The answer of a lookup: the rate and how it was found.
#[napi(object)]
pub struct RateQuote {
    /// Commodity converted from.
    pub base: String,
    /// Commodity converted to.
    pub quote: String,
    /// The requested date (`YYYY-MM-DD`).
    pub date: String,
    /// Units of `quote` per `base` (decimal string; an inverse or cross rate carries 28
    /// significant digits).
    pub rate: String,
    /// The stored rates used, from `base` to `quote` (empty when they are the same).
    pub path: Vec<RateLeg>,
    /// Date of the oldest rate used (`YYYY-MM-DD`).
    pub oldest: String,
    /// Days between `date` and `oldest`.
    pub age_days: i64,
}

/// A conversion: the amount in the target commodity, before and after rounding.
#[napi(object)]
pub struct Conversion {
    /// The amount given (decimal string).
    pub from_amount: String,
    /// Its commodity.
    pub from: String,
    /// The target commodity.
    pub to: String,
    /// The exact result before rounding (decimal string).
    pub exact: String,
    /// The result rounded to the target's minor units (decimal string).
    pub amount: String,
    /// The rate and how it was found.
    pub quote: RateQuote,
}

/// A transfer or purchase between accounts in different currencies (`transactions.exchange`).
/// Give the amount sent, the amount received, or both; the rate is the one both imply, else
/// `rate`, else the rate table's on the date.
#[napi(object, object_to_js = false)]
pub struct NewExchange {
    /// Civil date (`YYYY-MM-DD`).
    pub date: String,
    /// Account the money leaves (its currency is sent).
    pub from: i64,
    /// Account (or category) the money reaches.
    pub to: i64,
    /// Amount sent, positive, in `from`'s currency (decimal string).
    #[napi(ts_type = "string")]
    pub amount: Option<AmountArg>,
    /// Amount received, positive, in the `to` commodity (decimal string).
    #[napi(ts_type = "string")]
    pub received: Option<AmountArg>,
    /// Commodity received; `to`'s currency when not set.
    pub to_commodity: Option<String>,
    /// Units received per unit sent (decimal string); not with both amounts.
    #[napi(ts_type = "string")]
    pub rate: Option<AmountArg>,
    /// How the missing amount is rounded to minor units (`half_even` when not set).
    pub rounding: Option<Rounding>,
    /// Staleness limit of a rate from the table, in days (7 when not set).
    pub max_age_days: Option<u32>,
    /// Account that takes a rounding residue; without it a residue is `unbalanced`.
    pub fx_account: Option<i64>,
    /// Payee.
    pub payee: Option<String>,
    /// Description.
    pub narration: Option<String>,
    /// Idempotency key.
    pub external_id: Option<String>,
}

/// How to value a report in a reporting currency.
#[napi(object, object_to_js = false)]
pub struct ValuationOptions {
    /// The reporting currency (or any commodity the book knows).
    pub currency: String,
    /// `spot` (the default) or `historical`.
    pub valuation: Option<Valuation>,
    /// The valuation date of a spot valuation (`YYYY-MM-DD`); the report's date when not set.
    pub rate_date: Option<String>,
    /// The staleness limit of the rates, in days (7 when not set).
    pub max_age_days: Option<u32>,
    /// How each account's converted amount is rounded (`half_even` when not set).
    pub rounding: Option<Rounding>,
}

/// An amount left out of a converted figure, and why.
#[napi(object)]
pub struct Unconverted {
    /// Account it belongs to.
    pub account_id: i64,
    /// Its path.
    pub path: String,
    /// Commodity.
    pub commodity: String,
    /// Amount, unconverted (decimal string).
    pub amount: String,
    /// The day whose rate was missing (`YYYY-MM-DD`).
    pub date: String,
    /// `no_rate` or `stale_rate`.
    #[napi(ts_type = "ErrorCode")]
    pub code: String,
    /// The full reason.
    pub message: String,
}

/// Balances in a reporting currency.
#[napi(object)]
pub struct ValuedBalances {
    /// Reporting currency.
    pub currency: String,
    /// Spot or historical.
    pub valuation: Valuation,
    /// The valuation date of a spot valuation (`YYYY-MM-DD`).
    pub rate_date: Option<String>,
    /// One row per account, in the reporting currency, rolled up the tree.
    pub rows: Vec<AccountBalance>,
    /// What could not be converted.
    pub unconverted: Vec<Unconverted>,
}

/// Net worth in a reporting currency: the asset and liability accounts counted in net worth.
#[napi(object)]
pub struct NetWorth {
    /// Reporting currency.
    pub currency: String,
    /// Balances up to this day (`YYYY-MM-DD`).
    pub as_of: String,
    /// Spot or historical.
    pub valuation: Valuation,
    /// Sum of asset accounts (decimal string).
    pub assets: String,
    /// Sum of liability accounts, negative when owed (decimal string).
    pub liabilities: String,
    /// Assets plus liabilities (decimal string).
    pub net_worth: String,
    /// The accounts counted, rolled up the tree.
    pub accounts: Vec<AccountBalance>,
    /// What could not be converted (left out of the sums).
    pub unconverted: Vec<Unconverted>,
}

/// Amounts per category in a reporting currency.
#[napi(object)]
pub struct ValuedCategories {
    /// Reporting currency.
    pub currency: String,
    /// Spot or historical.
    pub valuation: Valuation,
    /// The valuation date of a spot valuation (`YYYY-MM-DD`).
    pub rate_date: Option<String>,
    /// One row per category with activity.
    pub rows: Vec<CategoryAmount>,
    /// What could not be converted.
    pub unconverted: Vec<Unconverted>,
}

/// The unrealized exchange gain of a foreign-currency account between two dates.
#[napi(object)]
pub struct FxGain {
    /// Account (with its descendants).
    pub account_id: i64,
    /// Its currency.
    pub commodity: String,
    /// Reporting currency.
    pub currency: String,
    /// Start: balances at the end of this day (`YYYY-MM-DD`).
    pub from: String,
    /// End (`YYYY-MM-DD`).
    pub to: String,
    /// Balance at `from`, in the account's currency (decimal string).
    pub opening_balance: String,
    /// Its value at `from`'s rate (decimal string).
    pub opening_value: String,
    /// Balance at `to` (decimal string).
    pub closing_balance: String,
    /// Its value at `to`'s rate (decimal string).
    pub closing_value: String,
    /// Flows after `from` up to `to`, each at its day's rate (decimal string).
    pub flows_value: String,
    /// `closingValue - openingValue - flowsValue`, rounded to the currency's minor units.
    pub gain: String,
}

/// A bank data format.
#[napi(string_enum = "snake_case")]
#[derive(Debug, PartialEq, Eq)]
pub enum StatementFormat {
    /// CSV with a column mapping profile.
    Csv,
    /// OFX 1.x (SGML) or 2.x (XML), and QFX.
    Ofx,
    /// Quicken Interchange Format.
    Qif,
    /// ISO 20022 camt.053 (and camt.052/054 where they share its shape).
    #[napi(value = "camt053")]
    Camt053,
    /// SWIFT MT940 / MT942.
    #[napi(value = "mt940")]
    Mt940,
    /// A Plaid `/transactions/sync` page.
    Plaid,
    /// GoCardless (Nordigen) booked/pending transactions.
    GoCardless,
    /// SimpleFIN accounts with transactions.
    SimpleFin,
}

/// The order of the parts of a QIF date.
#[napi(string_enum = "snake_case")]
#[derive(Debug, PartialEq, Eq)]
pub enum DateOrder {
    /// `31/01/2024`, `31.01.24`.
    DayMonth,
    /// `01/31/2024`, `1/31'24`.
    MonthDay,
    /// `2024-01-31`, `24-01-31`.
    YearMonthDay,
}

/// What to do with lines that cannot be imported.
#[napi(string_enum = "snake_case")]
#[derive(Debug, PartialEq, Eq)]
pub enum ImportMode {
    /// All or nothing: one rejected line and nothing is written (the default).
    Strict,
    /// The good lines are written; the rejected ones are returned with the reason.
    Lenient,
}

/// What became of one line of an import.
#[napi(string_enum = "snake_case")]
#[derive(Debug, PartialEq, Eq)]
pub enum LineStatus {
    /// Imported as a new transaction (or planned to be, in a dry run).
    New,
    /// Already imported (the same fingerprint with the same content): nothing written.
    Duplicate,
    /// Already imported with other content (the bank changed it): left for the user.
    Conflicting,
    /// The user deleted its transaction: not imported again unless asked.
    Deleted,
    /// Brought back: its deleted transaction was restored.
    Restored,
    /// A transaction already in the book matches it well enough: linked, nothing new written.
    Matched,
    /// A transaction already in the book may be the same: returned for the user to decide.
    Candidate,
    /// Refused (`reasons` says why); in strict mode nothing of the import is written.
    Rejected,
}

/// The account a statement is about, as the file names it.
#[napi(object)]
pub struct StatementAccount {
    /// The bank: routing number, BIC, bank code.
    pub bank_id: Option<String>,
    /// The branch, where the file names it apart from the bank (OFX BRANCHID).
    pub branch_id: Option<String>,
    /// Account number or IBAN.
    pub account_id: Option<String>,
    /// The file's account type (`CHECKING`, `CREDITCARD`, `Bank`, `CCard`, ...), as written.
    pub account_type: Option<String>,
    /// Currency of the account.
    pub currency: Option<String>,
    /// A name or description, where the file gives one.
    pub name: Option<String>,
}

/// A balance the file states.
#[napi(object)]
pub struct StatedBalance {
    /// Amount, signed as a line's (decimal string).
    pub amount: String,
    /// At the end of this day (`YYYY-MM-DD`).
    pub date: String,
    /// Its currency, where given.
    pub currency: Option<String>,
}

/// One part of a split line (QIF `S`/`E`/`$`).
#[napi(object)]
pub struct LineSplit {
    /// Category as written.
    pub category: Option<String>,
    /// Memo.
    pub memo: Option<String>,
    /// Amount, signed as the line (decimal string).
    pub amount: String,
}

/// One transaction of a statement.
#[napi(object)]
pub struct StatementLine {
    /// 1-based line of the file where the entry starts (for JSON payloads: the entry's index,
    /// 1-based, in its list).
    pub line: i64,
    /// Date of the transaction (`YYYY-MM-DD`; the booking date where a file has only one).
    pub date: String,
    /// Date the bank posted it (`YYYY-MM-DD`), where it differs or is given separately.
    pub posted_date: Option<String>,
    /// Signed amount, positive into the account (exact decimal string).
    pub amount: String,
    /// Currency, where the line states one.
    pub currency: Option<String>,
    /// Payee or counterparty.
    pub payee: Option<String>,
    /// Memo, narration, remittance information.
    pub memo: Option<String>,
    /// The bank's own id of the line (OFX FITID, CAMT AcctSvcrRef, MT940 bank reference, ...).
    pub bank_id: Option<String>,
    /// Check number.
    pub check_number: Option<String>,
    /// Other reference (end-to-end id, customer reference).
    pub reference: Option<String>,
    /// Running balance after the line, where given (decimal string).
    pub balance: Option<String>,
    /// The file's transaction type or code (OFX TRNTYPE, MT940 type, CAMT bank code).
    pub kind: Option<String>,
    /// Not yet booked by the bank.
    pub pending: bool,
    /// For a posted line: the id of the pending line it replaces (Plaid
    /// `pending_transaction_id`).
    pub pending_id: Option<String>,
    /// Category as written (QIF `L`).
    pub category: Option<String>,
    /// Parts of a split line.
    pub splits: Vec<LineSplit>,
    /// The user's own cleared/reconciled mark, as written (QIF `C`).
    pub cleared: Option<String>,
}

/// A security a statement names (OFX SECLIST).
#[napi(object)]
pub struct SecurityInfo {
    /// Identifier (CUSIP, ISIN, ...).
    pub id: String,
    /// Its type (`CUSIP`, `ISIN`).
    pub id_type: Option<String>,
    /// Ticker.
    pub ticker: Option<String>,
    /// Name.
    pub name: Option<String>,
}

/// An investment transaction, as the file states it.
#[napi(object)]
pub struct InvestmentLine {
    /// 1-based line where the entry starts.
    pub line: i64,
    /// The file's kind (`BUYSTOCK`, `SELLMF`, `INCOME`, `REINVEST`, ...).
    pub kind: String,
    /// The file's finer type within the kind (OFX INCOMETYPE, BUYTYPE, SELLTYPE, ...).
    pub subtype: Option<String>,
    /// Trade date (`YYYY-MM-DD`).
    pub date: String,
    /// Settlement date (`YYYY-MM-DD`).
    pub settle_date: Option<String>,
    /// The security's identifier (see `SecurityInfo.id`).
    pub security_id: Option<String>,
    /// Units, negative for a sale (decimal string).
    pub units: Option<String>,
    /// Price per unit (decimal string).
    pub unit_price: Option<String>,
    /// Total, positive into the cash account (decimal string).
    pub total: Option<String>,
    /// Commission and fees (decimal string).
    pub fees: Option<String>,
    /// The bank's id.
    pub bank_id: Option<String>,
    /// Memo.
    pub memo: Option<String>,
    /// Payee or description, where the file gives one (QIF `P`).
    pub payee: Option<String>,
    /// Category, or the account the cash comes from or goes to, as written (QIF `L`).
    pub category: Option<String>,
    /// The user's own cleared/reconciled mark, as written (QIF `C`).
    pub cleared: Option<String>,
}

/// A statement: one account's lines from one file.
#[napi(object)]
pub struct Statement {
    /// Format it was read from.
    pub format: StatementFormat,
    /// File name given to the parser (the path, `options.fileName`, or `input`).
    pub file: String,
    /// The account.
    pub account: StatementAccount,
    /// First day covered, where stated (`YYYY-MM-DD`).
    pub start: Option<String>,
    /// Last day covered, where stated (`YYYY-MM-DD`).
    pub end: Option<String>,
    /// Opening balance, where stated.
    pub opening_balance: Option<StatedBalance>,
    /// Closing balance (OFX LEDGERBAL, CAMT CLBD, MT940 :62F:), where stated.
    pub closing_balance: Option<StatedBalance>,
    /// Balance available to spend (OFX AVAILBAL, CAMT CLAV, MT940 :64:), where stated.
    pub available_balance: Option<StatedBalance>,
    /// Lines, in file order.
    pub lines: Vec<StatementLine>,
    /// Investment transactions (OFX INVSTMTRS), in file order.
    pub investments: Vec<InvestmentLine>,
    /// Securities named by the investment lines.
    pub securities: Vec<SecurityInfo>,
}

/// How to read a bank file; every field is optional.
#[napi(object, object_to_js = false)]
pub struct ParseOptions {
    /// The format; detected from the content when not set (a CSV without a profile gets the
    /// suggested one).
    pub format: Option<StatementFormat>,
    /// The name errors and statements give the input; the path when reading a path, else
    /// `input`.
    pub file_name: Option<String>,
    /// The column mapping of a CSV file, as the JSON `suggestCsvProfile` returns.
    pub csv_profile: Option<String>,
    /// The date order of a QIF file whose dates fit both day-month and month-day.
    pub qif_date_order: Option<DateOrder>,
    /// Skip the CAMT check that opening balance plus entries equals the closing balance.
    pub camt_skip_balance_check: Option<bool>,
    /// The day (`YYYY-MM-DD`) given to a bank-sync entry without any date (an error when not
    /// set).
    pub sync_date_if_missing: Option<String>,
    /// The name of a CSV profile saved in the book (`saveCsvProfile`), for a CSV file
    /// (`importFile` only).
    pub csv_profile_name: Option<String>,
}

/// How to import a bank file into a book: where, how, and how to read it.
#[napi(object, object_to_js = false)]
pub struct ImportOptions {
    /// The book's account the statement is about.
    pub account: i64,
    /// Where the other side of each line goes until it is categorized (e.g.
    /// `Expenses:Uncategorized`): named by the caller, never assumed.
    pub counter_account: i64,
    /// `strict` (all or nothing, the default) or `lenient` (the good lines are written).
    pub mode: Option<ImportMode>,
    /// Plan only: nothing is written (false when not set).
    pub dry_run: Option<bool>,
    /// Bring back lines whose transaction the user deleted (false when not set).
    pub reimport_deleted: Option<bool>,
    /// Days either side of a line's date where a transaction already in the book may match it
    /// (3 when not set).
    pub match_days: Option<u32>,
    /// Score (0-100) from which a match is linked instead of importing the line (80 when not
    /// set).
    pub link_score: Option<u32>,
    /// Score (0-100) from which a match is returned as a candidate (50 when not set).
    pub candidate_score: Option<u32>,
    /// Record the statement's closing balance as a balance assertion and check it (true when
    /// not set).
    pub assert_balance: Option<bool>,
    /// As `ParseOptions.format`.
    pub format: Option<StatementFormat>,
    /// As `ParseOptions.fileName`.
    pub file_name: Option<String>,
    /// As `ParseOptions.csvProfile`.
    pub csv_profile: Option<String>,
    /// As `ParseOptions.qifDateOrder`.
    pub qif_date_order: Option<DateOrder>,
    /// As `ParseOptions.camtSkipBalanceCheck`.
    pub camt_skip_balance_check: Option<bool>,
    /// As `ParseOptions.syncDateIfMissing`.
    pub sync_date_if_missing: Option<String>,
    /// The name of a CSV profile saved in the book (`saveCsvProfile`), for a CSV file.
    pub csv_profile_name: Option<String>,
}

/// The outcome of one line of an import.
#[napi(object)]
pub struct LineOutcome {
    /// Index of the line in the statement (0-based).
    pub index: i64,
    /// 1-based line of the file.
    pub line: i64,
    /// What became of it.
    pub status: LineStatus,
    /// The line's fingerprint (the bank's id, else a content hash and occurrence).
    pub fingerprint: String,
    /// The transaction it created, restored, duplicates, or matched.
    pub transaction_id: Option<i64>,
    /// Match score (0-100) for matched and candidate lines.
    pub score: Option<u32>,
    /// Why: the reasons of a match, or the error of a rejected line (its code and message).
    pub reasons: Vec<String>,
    /// For a rejected line: the field at fault.
    pub field: Option<String>,
}

/// What an import did (or would do, in a dry run).
#[napi(object)]
pub struct ImportResult {
    /// The file imported.
    pub file: String,
    /// The account imported into.
    pub account: i64,
    /// True when something was written (false for a dry run or a strict import with rejects).
    pub committed: bool,
    /// Every line's outcome, in statement order.
    pub lines: Vec<LineOutcome>,
    /// Count of new lines.
    pub new: i64,
    /// Count of duplicates.
    pub duplicates: i64,
    /// Count of matched lines.
    pub matched: i64,
    /// Count of candidates.
    pub candidates: i64,
    /// Count of conflicting lines.
    pub conflicting: i64,
    /// Count of lines left deleted.
    pub deleted: i64,
    /// Count of restored lines.
    pub restored: i64,
    /// Count of rejected lines.
    pub rejected: i64,
    /// The transactions written, ascending (pass them to `imports.undo` to undo the import).
    pub transaction_ids: Vec<i64>,
    /// The statement's closing balance checked against the book, when it states one.
    pub balance_check: Option<AssertionResult>,
    /// The import batch recorded when something was written (`imports.undoBatch` takes it).
    pub batch_id: Option<i64>,
}

/// The aggregator a bank connection fetches from.
#[napi(string_enum = "snake_case")]
#[derive(Debug, PartialEq, Eq)]
pub enum Provider {
    /// Plaid (`/transactions/sync` pages).
    Plaid,
    /// GoCardless Bank Account Data: booked and pending lists.
    Gocardless,
    /// SimpleFIN Bridge: account sets.
    Simplefin,
}

/// Where a bank connection stands.
#[napi(string_enum = "snake_case")]
#[derive(Debug, PartialEq, Eq)]
pub enum ConnectionStatus {
    /// Syncing.
    Active,
    /// The last sync failed (`lastError` says why).
    Error,
    /// Ended: syncs are refused until it is set active again.
    Disconnected,
}

/// What wrote an import batch.
#[napi(string_enum = "snake_case")]
#[derive(Debug, PartialEq, Eq)]
pub enum BatchKind {
    /// A bank file.
    File,
    /// A bank sync.
    Sync,
}

/// A provider account and the book account its transactions go into.
#[napi(object)]
pub struct ConnectionAccount {
    /// The provider's id of the account.
    pub provider_account_id: String,
    /// The book account's id.
    pub account_id: i64,
}

/// A bank connection to create.
#[napi(object, object_to_js = false)]
pub struct NewConnection {
    /// The aggregator.
    pub provider: Provider,
    /// The institution, as the provider names it.
    pub institution: String,
    /// A name for the user.
    pub name: String,
    /// The book account each provider account feeds (at least one).
    pub accounts: Vec<ConnectionAccount>,
    /// Where the other side of each synced line goes until it is categorized.
    pub counter_account: i64,
    /// The provider's access token, sealed with the key given to `createConnection`.
    pub access_token: Option<String>,
}

/// A change to a bank connection: the fields set are replaced.
#[napi(object, object_to_js = false)]
pub struct ConnectionUpdate {
    /// A new name.
    pub name: Option<String>,
    /// A new mapping (replaces the whole list).
    pub accounts: Option<Vec<ConnectionAccount>>,
    /// A new counter account.
    pub counter_account: Option<i64>,
    /// A new status.
    pub status: Option<ConnectionStatus>,
}

/// A bank connection of a book. Its access token is only ever stored sealed.
#[napi(object, object_from_js = false)]
pub struct Connection {
    /// Its id.
    pub id: i64,
    /// The aggregator.
    pub provider: Provider,
    /// The institution.
    pub institution: String,
    /// A name for the user.
    pub name: String,
    /// The book account each provider account feeds.
    pub accounts: Vec<ConnectionAccount>,
    /// Where the other side of each synced line goes.
    pub counter_account: i64,
    /// The provider's cursor after the last complete sync.
    pub cursor: Option<String>,
    /// Where it stands.
    pub status: ConnectionStatus,
    /// When the last sync was attempted (UTC, RFC 3339).
    pub last_sync_at: Option<String>,
    /// Why the last sync failed.
    pub last_error: Option<String>,
    /// Whether an access token is stored (sealed).
    pub has_token: bool,
    /// When it was created (UTC, RFC 3339).
    pub created_at: String,
    /// When it was last changed (UTC, RFC 3339).
    pub updated_at: String,
}

/// A CSV profile saved in a book.
#[napi(object, object_from_js = false)]
pub struct SavedCsvProfile {
    /// Its name, unique in the book.
    pub name: String,
    /// The mapping, as the JSON `suggestCsvProfile` returns.
    pub profile: String,
    /// The header row of the bank's files (empty when not given).
    pub header: Vec<String>,
    /// When it was saved (UTC, RFC 3339).
    pub created_at: String,
}

/// Counts of what an import batch did with its lines.
#[napi(object, object_from_js = false)]
pub struct BatchCounts {
    /// Lines imported as new transactions.
    pub new: i64,
    /// Lines already imported.
    pub duplicates: i64,
    /// Lines linked to a transaction already in the book.
    pub matched: i64,
    /// Lines offered as candidates.
    pub candidates: i64,
    /// Lines imported before with other content.
    pub conflicting: i64,
    /// Lines whose transaction the user deleted.
    pub deleted: i64,
    /// Deleted transactions brought back.
    pub restored: i64,
    /// Lines refused.
    pub rejected: i64,
    /// Transactions the bank changed.
    pub modified: i64,
    /// Transactions the bank removed.
    pub removed: i64,
}

/// A committed import (a file or a sync) and every transaction it wrote.
#[napi(object, object_from_js = false)]
pub struct ImportBatch {
    /// Its id.
    pub id: i64,
    /// File or sync.
    pub kind: BatchKind,
    /// The file name (none for a sync).
    pub file: Option<String>,
    /// The format read.
    pub format: Option<StatementFormat>,
    /// The account imported into (a sync: the first mapped).
    pub account: Option<i64>,
    /// The connection synced.
    pub connection_id: Option<i64>,
    /// When it was committed (UTC, RFC 3339).
    pub created_at: String,
    /// When it was undone (UTC, RFC 3339).
    pub undone_at: Option<String>,
    /// What it did with its lines.
    pub counts: BatchCounts,
    /// New transactions it wrote.
    pub written: Vec<i64>,
    /// Deleted transactions it restored.
    pub restored: Vec<i64>,
    /// Pending transactions it turned into posted ones.
    pub upgraded: Vec<i64>,
    /// Transactions it changed as the bank did.
    pub modified: Vec<i64>,
    /// Transactions it deleted as the bank removed them.
    pub removed: Vec<i64>,
}

/// What one page of a sync did.
#[napi(object, object_from_js = false)]
pub struct SyncPageResult {
    /// Index of the page (0-based).
    pub page: i64,
    /// Lines imported as new transactions.
    pub added: i64,
    /// Transactions changed as the bank changed them.
    pub modified: i64,
    /// Transactions deleted as the bank removed them.
    pub removed: i64,
    /// Lines or changes already applied.
    pub duplicates: i64,
    /// Lines linked to a transaction already in the book.
    pub matched: i64,
    /// Lines offered as candidates (not written).
    pub candidates: i64,
    /// Lines or changes left for the user.
    pub conflicting: i64,
    /// Lines whose transaction the user deleted.
    pub deleted: i64,
}

/// What a sync did.
#[napi(object, object_from_js = false)]
pub struct SyncResult {
    /// The connection after the sync.
    pub connection: Connection,
    /// The batch recorded, none when nothing was written.
    pub batch: Option<ImportBatch>,
    /// What each page did.
    pub pages: Vec<SyncPageResult>,
}
