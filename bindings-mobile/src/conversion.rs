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
//!   text), an account update (the core's `Option<Option<T>>` "set or clear" becomes an enum),
//!   the parts of a split purchase (the core takes tuples), a rate quote (its `age_days()`
//!   method needs a local type) and the conversion that holds one, and the inputs with an
//!   enum field that has a default (`ConvertOptions`, `ValuationOptions`, `NewExchange`,
//!   `ImportOptions`: UniFFI's proc-macros cannot default an enum field, so the binding's field
//!   is optional and null means the core's default).
//! - Imports: the parsed statement and its parts are the core's records; the outcome of a line
//!   and the result that holds them are the binding's (the line's index is a `usize`, which
//!   UniFFI does not carry), and so are the parse options, whose CSV column mapping crosses as
//!   the JSON text of the core's `CsvProfile` (`suggestCsvProfile` returns it; an app may keep
//!   and edit it).

use crate::error::{from_core, TallyError};
use chrono::Weekday;
use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use tally_core::alert::{Alert, AlertEntities, AlertFilter, AlertKind, AlertSettings, LowBalance};
use tally_core::book::LotFilter;
use tally_core::budget::{
    Allocation, Budget, BudgetCategory, BudgetMode, BudgetStatus, BudgetTotals, BudgetUpdate,
    CategoryStatus, NewAllocation, NewBudget, OverspendPolicy, Period, PoolStatus, SurplusPolicy,
    Template, TemplateFill, TemplateReport, TemplateRule,
};
use tally_core::categorization::{
    CategorizerSettings, CategoryMetrics, CategorySuggestion, Locks, ModelInfo, PayeeMemoryRow,
    Stage, TrainRequest,
};
use tally_core::goal::{
    Contribution, Goal, GoalKind, GoalProgress, GoalState, GoalStatus, NewContribution, NewGoal,
};
use tally_core::portfolio::operations::{
    FeeRequest, IncomeRequest, ReinvestRequest, ReturnOfCapitalRequest, SplitRequest,
    TransferRequest,
};
use tally_core::portfolio::returns::{CashFlow, DayCount};
use tally_core::portfolio::valuation::{Holding, Holdings, MissingPrice};
use tally_core::portfolio::{
    AssetClass, BookingMethod, IncomeRow, Lot, LotId, LotPick, NewSecurity, OperationKind,
    RealizedGain, Sale, Security,
};
use tally_core::{
    money, AccountId, AlertId, AssertionId, AuditAction, BookId, BudgetId, ConnectionId,
    ContributionId, EntityKind, GoalId, ImportBatchId, SplitId, SubscriptionId, TransactionId,
    UserId,
};

// Remote definitions must name the real types; the aliases give them the names bindings show.
use tally_core::import::plan::{ImportMode, LineStatus};
use tally_core::import::qif::DateOrder;
use tally_core::import::{
    InvestmentLine, LineSplit, SecurityInfo, StatedBalance, Statement, StatementAccount,
    StatementFormat, StatementLine,
};
use tally_core::{
    Account, AccountBalance, AccountKind, AccountSubtype, AssertionResult, BalanceAssertion,
    BookInfo, CategoryAmount, Commodity, CommodityKind, EditOptions, Event, Member, NewAccount,
    NewBalanceAssertion, NewBook, NewCommodity, NewSplit, NewTransaction, NewUser, PageRequest,
    RegisterRow, Role, SortOrder, Source, Split, Status, Transaction, TransactionFilter, UnitPrice,
    User,
};
use tally_core::{
    FxGain, LoadOptions, LoadReport, LookupOptions, NetWorth, Rate, RateFilter, RateFormat,
    RateLeg, Rounding, Unconverted, Valuation, ValuedBalances, ValuedCategories,
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
id_type!(ConnectionId, i64);
id_type!(ImportBatchId, i64);
id_type!(BudgetId, i64);
id_type!(GoalId, i64);
id_type!(AlertId, i64);
id_type!(ContributionId, i64);
id_type!(LotId, i64);

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
    Rate,
    Connection,
    CsvProfile,
    ImportBatch,
    CategorizationRule,
    Model,
    Categorization,
    Budget,
    Allocation,
    Goal,
    Contribution,
    Alert,
    AlertSettings,
    Security,
    BookingMethod,
    AllocationTarget,
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
    RatesChanged { added: u64, replaced: u64, deleted: u64 },
    SyncCompleted { connection_id: ConnectionId, batch_id: Option<ImportBatchId> },
    ImportBatchUndone { batch_id: ImportBatchId, deleted: u64 },
    RulesChanged { ids: Vec<i64> },
    ModelTrained { version: i64, active: bool },
    TransactionsCategorized { ids: Vec<TransactionId> },
    CategorizerSettingsChanged,
    BudgetChanged { id: BudgetId },
    AllocationsChanged { budget_id: BudgetId, count: u64 },
    GoalChanged { id: GoalId },
    AlertRaised { alert: Alert },
    AlertsUpdated { ids: Vec<AlertId> },
    SecurityDefined { code: String },
    BookingMethodSet { account_id: AccountId, method: String },
    TargetsSet { account_id: Option<AccountId>, count: u64 },
}

/// What an alert is about.
#[uniffi::remote(Enum)]
pub enum AlertKind {
    BudgetThreshold,
    UnusualTransaction,
    LargeTransaction,
    GoalReached,
    GoalBehind,
    LowBalance,
    PossibleDuplicate,
}

/// A rate file format: the ECB history zip, an ECB CSV (history or one day), or a plain
/// `date,base,quote,rate[,source]` CSV.
#[uniffi::remote(Enum)]
pub enum RateFormat {
    EcbZip,
    EcbCsv,
    Csv,
}

/// Which rates value a report: those of one valuation date (spot) or of each booking day.
#[uniffi::remote(Enum)]
pub enum Valuation {
    Spot,
    Historical,
}

/// How a figure is rounded to the minor units of its commodity (half-even where not given).
#[uniffi::remote(Enum)]
pub enum Rounding {
    HalfEven,
    HalfUp,
    HalfDown,
    TowardZero,
    AwayFromZero,
    Floor,
    Ceiling,
}

/// A bank data format (`Camt053` is ISO 20022 camt.053, and camt.052/054 where they share its
/// shape; `Mt940` covers MT942; the last three are bank-sync JSON payloads).
#[uniffi::remote(Enum)]
pub enum StatementFormat {
    Csv,
    Ofx,
    Qif,
    Camt053,
    Mt940,
    Plaid,
    GoCardless,
    SimpleFin,
}

/// What an import does with lines it cannot import: strict (all or nothing) or lenient (the
/// good lines are written, the rejected ones returned).
#[uniffi::remote(Enum)]
pub enum ImportMode {
    Strict,
    Lenient,
}

/// What became of one line of an import.
#[uniffi::remote(Enum)]
pub enum LineStatus {
    New,
    Duplicate,
    Conflicting,
    Deleted,
    Restored,
    Matched,
    Candidate,
    Rejected,
}

/// The order of the parts of a QIF date whose numbers fit both day-month and month-day.
#[uniffi::remote(Enum)]
pub enum DateOrder {
    DayMonth,
    MonthDay,
    YearMonthDay,
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
    #[uniffi(default = None)]
    pub fx_account: Option<AccountId>,
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

/// A stored rate: one `base` is worth `rate` `quote` on `date` (the rate is a decimal string).
#[uniffi::remote(Record)]
pub struct Rate {
    pub base: String,
    pub quote: String,
    pub date: IsoDate,
    pub rate: Amount,
    pub source: String,
}

/// Which rates to list; every set field narrows the list.
#[uniffi::remote(Record)]
pub struct RateFilter {
    #[uniffi(default = None)]
    pub base: Option<String>,
    #[uniffi(default = None)]
    pub quote: Option<String>,
    #[uniffi(default = None)]
    pub from: Option<IsoDate>,
    #[uniffi(default = None)]
    pub to: Option<IsoDate>,
}

/// How a lookup may use the rates: the oldest a rate may be, in days (7 by default).
#[uniffi::remote(Record)]
pub struct LookupOptions {
    // The core's DEFAULT_MAX_AGE_DAYS; a test below keeps the two equal.
    #[uniffi(default = 7)]
    pub max_age_days: u32,
}

/// How to read a rate file: the format (detected when null), the name errors give it, the
/// source recorded on every rate.
#[uniffi::remote(Record)]
pub struct LoadOptions {
    #[uniffi(default = None)]
    pub format: Option<RateFormat>,
    #[uniffi(default = None)]
    pub file_name: Option<String>,
    #[uniffi(default = None)]
    pub source: Option<String>,
}

/// What a load or a bulk add did (a re-load adds nothing: every rate is `unchanged`).
#[uniffi::remote(Record)]
pub struct LoadReport {
    pub format: Option<RateFormat>,
    pub read: u64,
    pub added: u64,
    pub replaced: u64,
    pub unchanged: u64,
    pub missing: u64,
    pub skipped_unknown: u64,
    pub unknown_commodities: Vec<String>,
}

/// One step of a lookup: a stored rate, used as stored or inverted.
#[uniffi::remote(Record)]
pub struct RateLeg {
    pub from: String,
    pub to: String,
    pub date: IsoDate,
    pub stored_rate: Amount,
    pub inverted: bool,
    pub source: String,
}

/// An amount left out of a converted figure (no rate, stale rate), and why.
#[uniffi::remote(Record)]
pub struct Unconverted {
    pub account_id: AccountId,
    pub path: String,
    pub commodity: String,
    pub amount: Amount,
    pub date: IsoDate,
    pub code: String,
    pub message: String,
}

/// Balances in a reporting currency; what could not be converted is in `unconverted`.
#[uniffi::remote(Record)]
pub struct ValuedBalances {
    pub currency: String,
    pub valuation: Valuation,
    pub rate_date: Option<IsoDate>,
    pub rows: Vec<AccountBalance>,
    pub unconverted: Vec<Unconverted>,
}

/// Net worth in a reporting currency: assets and liabilities counted in net worth.
#[uniffi::remote(Record)]
pub struct NetWorth {
    pub currency: String,
    pub as_of: IsoDate,
    pub valuation: Valuation,
    pub assets: Amount,
    pub liabilities: Amount,
    pub net_worth: Amount,
    pub accounts: Vec<AccountBalance>,
    pub unconverted: Vec<Unconverted>,
}

/// Amounts per category in a reporting currency.
#[uniffi::remote(Record)]
pub struct ValuedCategories {
    pub currency: String,
    pub valuation: Valuation,
    pub rate_date: Option<IsoDate>,
    pub rows: Vec<CategoryAmount>,
    pub unconverted: Vec<Unconverted>,
}

/// The unrealized exchange gain of a foreign-currency account between two dates.
#[uniffi::remote(Record)]
pub struct FxGain {
    pub account_id: AccountId,
    pub commodity: String,
    pub currency: String,
    pub from: IsoDate,
    pub to: IsoDate,
    pub opening_balance: Amount,
    pub opening_value: Amount,
    pub closing_balance: Amount,
    pub closing_value: Amount,
    pub flows_value: Amount,
    pub gain: Amount,
}

/// The account a statement is about, as the file names it (every field where the file has it).
#[uniffi::remote(Record)]
pub struct StatementAccount {
    pub bank_id: Option<String>,
    pub branch_id: Option<String>,
    pub account_id: Option<String>,
    pub account_type: Option<String>,
    pub currency: Option<String>,
    pub name: Option<String>,
}

/// A balance the file states, at the end of `date` (signed as a statement line).
#[uniffi::remote(Record)]
pub struct StatedBalance {
    pub amount: Amount,
    pub date: IsoDate,
    pub currency: Option<String>,
}

/// One part of a split line (QIF `S`/`E`/`$`).
#[uniffi::remote(Record)]
pub struct LineSplit {
    pub category: Option<String>,
    pub memo: Option<String>,
    pub amount: Amount,
}

/// One transaction of a statement: `line` is the 1-based line of the file, `amount` is signed
/// (positive into the account, whatever the file's convention), `bank_id` is the bank's own id
/// (OFX FITID, CAMT AcctSvcrRef, ...).
#[uniffi::remote(Record)]
pub struct StatementLine {
    pub line: u64,
    pub date: IsoDate,
    pub posted_date: Option<IsoDate>,
    pub amount: Amount,
    pub currency: Option<String>,
    pub payee: Option<String>,
    pub memo: Option<String>,
    pub bank_id: Option<String>,
    pub check_number: Option<String>,
    pub reference: Option<String>,
    pub balance: Option<Amount>,
    pub kind: Option<String>,
    pub pending: bool,
    pub pending_id: Option<String>,
    pub category: Option<String>,
    pub splits: Vec<LineSplit>,
    pub cleared: Option<String>,
}

/// A security a statement names (OFX SECLIST).
#[uniffi::remote(Record)]
pub struct SecurityInfo {
    pub id: String,
    pub id_type: Option<String>,
    pub ticker: Option<String>,
    pub name: Option<String>,
}

/// An investment transaction as the file states it (OFX INVSTMTRS, QIF investment entries).
#[uniffi::remote(Record)]
pub struct InvestmentLine {
    pub line: u64,
    pub kind: String,
    pub subtype: Option<String>,
    pub date: IsoDate,
    pub settle_date: Option<IsoDate>,
    pub security_id: Option<String>,
    pub units: Option<Amount>,
    pub unit_price: Option<Amount>,
    pub total: Option<Amount>,
    pub fees: Option<Amount>,
    pub bank_id: Option<String>,
    pub memo: Option<String>,
    pub payee: Option<String>,
    pub category: Option<String>,
    pub cleared: Option<String>,
}

/// One account's lines from one bank file, normalized whatever the format.
#[uniffi::remote(Record)]
pub struct Statement {
    pub format: StatementFormat,
    pub file: String,
    pub account: StatementAccount,
    pub start: Option<IsoDate>,
    pub end: Option<IsoDate>,
    pub opening_balance: Option<StatedBalance>,
    pub closing_balance: Option<StatedBalance>,
    pub available_balance: Option<StatedBalance>,
    pub lines: Vec<StatementLine>,
    pub investments: Vec<InvestmentLine>,
    pub securities: Vec<SecurityInfo>,
}

/// What an alert concerns.
#[uniffi::remote(Record)]
pub struct AlertEntities {
    #[uniffi(default)]
    pub account_ids: Vec<AccountId>,
    #[uniffi(default)]
    pub transaction_ids: Vec<TransactionId>,
    #[uniffi(default = None)]
    pub budget_id: Option<BudgetId>,
    #[uniffi(default = None)]
    pub goal_id: Option<GoalId>,
}

/// A stored alert; `key` keeps it from being raised twice.
#[uniffi::remote(Record)]
pub struct Alert {
    pub id: AlertId,
    pub kind: AlertKind,
    pub key: String,
    pub message: String,
    pub entities: AlertEntities,
    pub date: IsoDate,
    pub amount: Option<Amount>,
    pub commodity: Option<String>,
    pub created_at: Timestamp,
    pub read: bool,
    pub dismissed: bool,
}

// ---------------------------------------------------------------------------------------------
// Budgets, goals and alerts: the core's records and enums.

/// A day of the week (the first day of a weekly budget's weeks).
#[uniffi::remote(Enum)]
pub enum Weekday {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

/// The period type of a budget (or of a spending cap).
#[uniffi::remote(Enum)]
pub enum Period {
    Weekly { week_start: Weekday },
    Monthly,
    Quarterly,
    Yearly,
    Custom { start: IsoDate, end: IsoDate },
}

/// How a budget works: per period (spending against allocations) or envelope (money assigned
/// from a pool of income).
#[uniffi::remote(Enum)]
pub enum BudgetMode {
    Period,
    Envelope,
}

/// What happens to money left in a category at the end of a period.
#[uniffi::remote(Enum)]
pub enum SurplusPolicy {
    Roll,
    ReturnToPool,
}

/// What happens to overspending at the end of a period.
#[uniffi::remote(Enum)]
pub enum OverspendPolicy {
    Carry,
    TakeFromPool,
}

/// How a template computes what a category wants in a period.
#[uniffi::remote(Enum)]
pub enum TemplateRule {
    FixedAmount { amount: Amount },
    RefillUpTo { amount: Amount },
    SaveByDate { total: Amount, by: IsoDate },
    PercentOfIncome { percent: Amount },
    AverageSpending { periods: u32 },
    RemainderByWeight { weight: u32 },
}

/// A category's template: its rule and its priority (lower first).
#[uniffi::remote(Record)]
pub struct Template {
    pub priority: u32,
    pub rule: TemplateRule,
}

/// A category of a budget and its policies (`Roll` and `Carry` are the core's defaults).
#[uniffi::remote(Record)]
pub struct BudgetCategory {
    pub account_id: AccountId,
    pub rollover: SurplusPolicy,
    pub overspend: OverspendPolicy,
    #[uniffi(default = None)]
    pub template: Option<Template>,
}

/// A budget to create (`thresholds` are the alert percentages, `[80, 100]` in the core's
/// builder).
#[uniffi::remote(Record)]
pub struct NewBudget {
    pub name: String,
    pub period: Period,
    pub start: IsoDate,
    pub currency: String,
    pub mode: BudgetMode,
    pub thresholds: Vec<u32>,
    #[uniffi(default)]
    pub categories: Vec<BudgetCategory>,
}

/// A stored budget.
#[uniffi::remote(Record)]
pub struct Budget {
    pub id: BudgetId,
    pub name: String,
    pub period: Period,
    pub start: IsoDate,
    pub currency: String,
    pub mode: BudgetMode,
    pub thresholds: Vec<u32>,
    pub categories: Vec<BudgetCategory>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// Changes to a budget; a null field is left as it is.
#[uniffi::remote(Record)]
pub struct BudgetUpdate {
    #[uniffi(default = None)]
    pub name: Option<String>,
    #[uniffi(default = None)]
    pub thresholds: Option<Vec<u32>>,
    #[uniffi(default = None)]
    pub categories: Option<Vec<BudgetCategory>>,
}

/// The amount allocated to a category for one period.
#[uniffi::remote(Record)]
pub struct Allocation {
    pub budget_id: BudgetId,
    pub period_start: IsoDate,
    pub account_id: AccountId,
    pub amount: Amount,
}

/// An allocation to set: any day of the period, the category, the amount.
#[uniffi::remote(Record)]
pub struct NewAllocation {
    pub period: IsoDate,
    pub account_id: AccountId,
    pub amount: Amount,
}

/// One category of a budget's status.
#[uniffi::remote(Record)]
pub struct CategoryStatus {
    pub account_id: AccountId,
    pub path: String,
    pub allocated: Amount,
    pub rolled_in: Amount,
    pub spent: Amount,
    pub available: Amount,
    pub percent_used: Option<Amount>,
    pub projected_spend: Amount,
}

/// The totals of a budget's status.
#[uniffi::remote(Record)]
pub struct BudgetTotals {
    pub allocated: Amount,
    pub rolled_in: Amount,
    pub spent: Amount,
    pub available: Amount,
    pub percent_used: Option<Amount>,
    pub projected_spend: Amount,
}

/// The pool of an envelope budget.
#[uniffi::remote(Record)]
pub struct PoolStatus {
    pub carried_in: Amount,
    pub settled_in: Amount,
    pub income: Amount,
    pub allocated: Amount,
    pub to_be_budgeted: Amount,
}

/// Where a budget stands in the period that holds a date.
#[uniffi::remote(Record)]
pub struct BudgetStatus {
    pub budget_id: BudgetId,
    pub currency: String,
    pub period_start: IsoDate,
    pub period_end: IsoDate,
    pub as_of: IsoDate,
    pub categories: Vec<CategoryStatus>,
    pub totals: BudgetTotals,
    pub pool: Option<PoolStatus>,
    pub unconverted: Vec<Unconverted>,
}

/// What a template asked for one category and what it got.
#[uniffi::remote(Record)]
pub struct TemplateFill {
    pub account_id: AccountId,
    pub priority: u32,
    pub rule: String,
    pub wanted: Amount,
    pub filled: Amount,
}

/// What applying the templates of a budget did.
#[uniffi::remote(Record)]
pub struct TemplateReport {
    pub period_start: IsoDate,
    pub fills: Vec<TemplateFill>,
    pub pool_before: Option<Amount>,
    pub pool_after: Option<Amount>,
}

/// What a goal is about.
#[uniffi::remote(Enum)]
pub enum GoalKind {
    SaveToward { accounts: Vec<AccountId> },
    PayDownDebt { accounts: Vec<AccountId> },
    CapSpending { categories: Vec<AccountId>, period: Period },
}

/// Where a goal is in its life.
#[uniffi::remote(Enum)]
pub enum GoalStatus {
    Active,
    Achieved,
    Archived,
}

/// Whether a goal keeps its schedule.
#[uniffi::remote(Enum)]
pub enum GoalState {
    OnTrack,
    Behind,
    Ahead,
}

/// A goal to create (`pace_months` is 3 in the core's builder).
#[uniffi::remote(Record)]
pub struct NewGoal {
    pub name: String,
    pub kind: GoalKind,
    pub target: Amount,
    pub currency: String,
    #[uniffi(default = None)]
    pub deadline: Option<IsoDate>,
    #[uniffi(default = None)]
    pub expected_annual_return: Option<Amount>,
    #[uniffi(default = 3)]
    pub pace_months: u32,
}

/// A stored goal.
#[uniffi::remote(Record)]
pub struct Goal {
    pub id: GoalId,
    pub name: String,
    pub kind: GoalKind,
    pub target: Amount,
    pub currency: String,
    pub deadline: Option<IsoDate>,
    pub expected_annual_return: Option<Amount>,
    pub pace_months: u32,
    pub start_date: IsoDate,
    pub baseline: Amount,
    pub status: GoalStatus,
    pub achieved_on: Option<IsoDate>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// A manual contribution to a goal.
#[uniffi::remote(Record)]
pub struct Contribution {
    pub id: ContributionId,
    pub goal_id: GoalId,
    pub date: IsoDate,
    pub amount: Amount,
    pub note: Option<String>,
}

/// A contribution to record.
#[uniffi::remote(Record)]
pub struct NewContribution {
    pub date: IsoDate,
    pub amount: Amount,
    #[uniffi(default = None)]
    pub note: Option<String>,
}

/// Where a goal stands today.
#[uniffi::remote(Record)]
pub struct GoalProgress {
    pub goal_id: GoalId,
    pub as_of: IsoDate,
    pub status: GoalStatus,
    pub achieved_on: Option<IsoDate>,
    pub current: Amount,
    pub target: Amount,
    pub remaining: Amount,
    pub percent: Amount,
    pub required_monthly: Option<Amount>,
    pub monthly_pace: Amount,
    pub projected_completion: Option<IsoDate>,
    pub state: GoalState,
    pub shortfall: Amount,
    pub unconverted: Vec<Unconverted>,
}

/// Which alerts to list: every one not dismissed by default.
#[uniffi::remote(Record)]
pub struct AlertFilter {
    #[uniffi(default = false)]
    pub unread_only: bool,
    #[uniffi(default)]
    pub kinds: Vec<AlertKind>,
    #[uniffi(default = false)]
    pub include_dismissed: bool,
}

/// A low-balance alert threshold of one account.
#[uniffi::remote(Record)]
pub struct LowBalance {
    pub account_id: AccountId,
    pub below: Amount,
}

/// The alert settings of a book (read them with `settings()`, change a copy).
#[uniffi::remote(Record)]
pub struct AlertSettings {
    pub auto_evaluate: bool,
    pub disabled: Vec<AlertKind>,
    pub large_transaction: Option<Amount>,
    pub large_currency: Option<String>,
    pub unusual_score: Amount,
    pub unusual_min_samples: u32,
    pub unusual_samples: u32,
    pub duplicate_days: u32,
    pub lookback_days: u32,
    pub low_balances: Vec<LowBalance>,
}

// ---------------------------------------------------------------------------------------------
// The categorizer: the core's plain records and enums.

/// The stage of a rule: `pre` rules run first, then `default`, then `post`.
#[uniffi::remote(Enum)]
pub enum Stage {
    Pre,
    Default,
    Post,
}

/// The fields of a transaction a user's edit has locked against the categorizer.
#[uniffi::remote(Record)]
pub struct Locks {
    pub category: bool,
    pub payee: bool,
    pub tags: bool,
    pub notes: bool,
}

/// A category the model suggests, with its probability (a float: not money).
#[uniffi::remote(Record)]
pub struct CategorySuggestion {
    pub account_id: AccountId,
    pub probability: f64,
}

/// What payee memory holds for one payee.
#[uniffi::remote(Record)]
pub struct PayeeMemoryRow {
    pub payee: String,
    pub category: AccountId,
    pub count: u32,
    pub corrections: u32,
}

/// A model's figures for one category on the held-out examples.
#[uniffi::remote(Record)]
pub struct CategoryMetrics {
    pub account_id: AccountId,
    pub precision: f64,
    pub recall: f64,
    pub support: u32,
}

/// A trained model.
#[uniffi::remote(Record)]
pub struct ModelInfo {
    pub version: i64,
    pub trained_at: Timestamp,
    pub examples: u32,
    pub holdout: u32,
    pub accuracy: f64,
    pub categories: Vec<CategoryMetrics>,
    pub active: bool,
    pub size_bytes: u64,
}

/// How to train: `force` trains even when no example was queued since the last model.
#[uniffi::remote(Record)]
pub struct TrainRequest {
    #[uniffi(default = false)]
    pub force: bool,
}

/// The categorizer's settings: the model's confidence threshold (a probability), the examples
/// needed before a model is trained, the corrections after which a rule is proposed.
#[uniffi::remote(Record)]
pub struct CategorizerSettings {
    pub threshold: f64,
    pub min_examples: u32,
    pub proposal_after: u32,
}

// ---------------------------------------------------------------------------------------------
// Portfolios: the core's records and enums.

/// The asset class of a security.
#[uniffi::remote(Enum)]
pub enum AssetClass {
    Stock,
    Bond,
    Etf,
    MutualFund,
    Crypto,
    Commodity,
    RealEstate,
    Cash,
    Other,
}

/// How a sale picks its lots (`Fifo` when unset).
#[uniffi::remote(Enum)]
pub enum BookingMethod {
    Fifo,
    Lifo,
    Hifo,
    Average,
}

/// The day-count convention of a rate of return (`Act365F` when null).
#[uniffi::remote(Enum)]
pub enum DayCount {
    Act365F,
    Act360,
    ActActIsda,
    Thirty360Isda,
    Thirty360E,
    Thirty360Sia,
}

/// A security of the book: a commodity with an asset class and a quotation currency.
#[uniffi::remote(Record)]
pub struct Security {
    pub code: String,
    pub asset_class: AssetClass,
    pub currency: String,
}

/// A security to define (scale: decimals of its units, 0 for whole shares).
#[uniffi::remote(Record)]
pub struct NewSecurity {
    pub code: String,
    pub name: String,
    #[uniffi(default = 0)]
    pub scale: u32,
    pub asset_class: AssetClass,
    pub currency: String,
}

/// An open lot: units bought together, with their cost.
#[uniffi::remote(Record)]
pub struct Lot {
    pub id: LotId,
    pub account_id: AccountId,
    pub security: String,
    pub acquired: IsoDate,
    pub quantity: Amount,
    pub cost: Amount,
    pub currency: String,
    pub fees: Amount,
    pub opened_by: TransactionId,
}

/// A lot a sale draws from, and how many units.
#[uniffi::remote(Record)]
pub struct LotPick {
    pub lot_id: LotId,
    pub quantity: Amount,
}

/// The realized gain of one lot sold.
#[uniffi::remote(Record)]
pub struct RealizedGain {
    pub transaction_id: TransactionId,
    pub date: IsoDate,
    pub account_id: AccountId,
    pub security: String,
    pub lot_id: LotId,
    pub acquired: IsoDate,
    pub quantity: Amount,
    pub cost: Amount,
    pub proceeds: Amount,
    pub gain: Amount,
    pub currency: String,
    pub holding_days: i64,
    pub long_term: bool,
}

/// A sale: its transaction and the gain of every lot sold.
#[uniffi::remote(Record)]
pub struct Sale {
    pub transaction: Transaction,
    pub gains: Vec<RealizedGain>,
}

/// Which lots or gains to list; every set field narrows.
#[uniffi::remote(Record)]
pub struct LotFilter {
    #[uniffi(default = None)]
    pub account_id: Option<AccountId>,
    #[uniffi(default = None)]
    pub security: Option<String>,
    #[uniffi(default = None)]
    pub from: Option<IsoDate>,
    #[uniffi(default = None)]
    pub to: Option<IsoDate>,
    #[uniffi(default = None)]
    pub long_term_days: Option<i64>,
}

/// One holding: units of a security in an account, with cost and value.
#[uniffi::remote(Record)]
pub struct Holding {
    pub account_id: AccountId,
    pub security: String,
    pub asset_class: Option<AssetClass>,
    pub quantity: Amount,
    pub cost: Amount,
    pub cost_currency: String,
    pub cost_value: Option<Amount>,
    pub market_value: Option<Amount>,
    pub unrealized_gain: Option<Amount>,
    pub unrealized_percent: Option<Amount>,
    pub weight_percent: Option<Amount>,
}

/// A holding that could not be valued, and why.
#[uniffi::remote(Record)]
pub struct MissingPrice {
    pub account_id: AccountId,
    pub security: String,
    pub quantity: Amount,
    pub code: String,
    pub message: String,
}

/// Holdings on a day in a currency.
#[uniffi::remote(Record)]
pub struct Holdings {
    pub as_of: IsoDate,
    pub currency: String,
    pub rows: Vec<Holding>,
    pub total_value: Amount,
    pub total_cost: Amount,
    pub total_unrealized_gain: Amount,
    pub missing: Vec<MissingPrice>,
}

/// A dated cash flow (negative out, positive in) for `xirr`.
#[uniffi::remote(Record)]
pub struct CashFlow {
    pub date: IsoDate,
    pub amount: Amount,
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

/// The answer of a lookup: the rate and how it was found (the core's `RateQuote`).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct RateQuote {
    /// Commodity converted from.
    pub base: String,
    /// Commodity converted to.
    pub quote: String,
    /// The requested date.
    pub date: IsoDate,
    /// Units of `quote` per `base`: exact for a direct stored rate, else 28 significant digits.
    pub rate: Amount,
    /// The stored rates used, in order from `base` to `quote` (empty when they are the same).
    pub path: Vec<RateLeg>,
    /// The date of the oldest rate used.
    pub oldest: IsoDate,
}

#[uniffi::export]
impl RateQuote {
    /// Days between the requested date and the oldest rate used (1 for a Saturday that uses
    /// Friday's rate).
    pub fn age_days(&self) -> i64 {
        (self.date - self.oldest).num_days()
    }
}

/// A conversion: the amount in the target commodity, before and after rounding (the core's
/// `Conversion`).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Conversion {
    /// The amount given.
    pub from_amount: Amount,
    /// Its commodity.
    pub from: String,
    /// The target commodity.
    pub to: String,
    /// The exact result before rounding.
    pub exact: Amount,
    /// The result rounded to the target's minor units.
    pub amount: Amount,
    /// The rate and how it was found.
    pub quote: RateQuote,
}

/// How to convert an amount (the core's `ConvertOptions`); null fields take the core's
/// defaults.
#[derive(Debug, Clone, Default, PartialEq, Eq, uniffi::Record)]
pub struct ConvertOptions {
    /// The staleness limit, in days (7 when null).
    #[uniffi(default = None)]
    pub max_age_days: Option<u32>,
    /// How the result is rounded (half-even when null).
    #[uniffi(default = None)]
    pub rounding: Option<Rounding>,
}

/// How to value a report in a reporting currency (the core's `ValuationOptions`); null fields
/// take the core's defaults.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ValuationOptions {
    /// The reporting currency (or any commodity the book knows).
    pub currency: String,
    /// Spot (when null) or historical.
    #[uniffi(default = None)]
    pub valuation: Option<Valuation>,
    /// The valuation date of a spot valuation; the report's date when null.
    #[uniffi(default = None)]
    pub rate_date: Option<IsoDate>,
    /// The staleness limit of the rates, in days (7 when null).
    #[uniffi(default = None)]
    pub max_age_days: Option<u32>,
    /// How each account's converted amount is rounded (half-even when null).
    #[uniffi(default = None)]
    pub rounding: Option<Rounding>,
}

/// A transfer or purchase between accounts in different currencies (the core's
/// `NewExchange`): give the amount sent, the amount received, or both; the rate is the one
/// both imply, else `rate`, else the rate table's on the date.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct NewExchange {
    /// Civil date.
    pub date: IsoDate,
    /// Account the money leaves (its currency is sent).
    pub from: AccountId,
    /// Account (or category) the money reaches.
    pub to: AccountId,
    /// Amount sent, positive, in `from`'s currency.
    #[uniffi(default = None)]
    pub amount: Option<Amount>,
    /// Amount received, positive, in the `to` commodity.
    #[uniffi(default = None)]
    pub received: Option<Amount>,
    /// Commodity received; `to`'s currency when null.
    #[uniffi(default = None)]
    pub to_commodity: Option<String>,
    /// Units of the `to` commodity per unit sent; not with both amounts.
    #[uniffi(default = None)]
    pub rate: Option<Amount>,
    /// How the missing amount is rounded (half-even when null).
    #[uniffi(default = None)]
    pub rounding: Option<Rounding>,
    /// Staleness limit of a rate from the table, in days (7 when null).
    #[uniffi(default = None)]
    pub max_age_days: Option<u32>,
    /// Where a rounding residue goes; without it a residue is `unbalanced`.
    #[uniffi(default = None)]
    pub fx_account: Option<AccountId>,
    /// Payee.
    #[uniffi(default = None)]
    pub payee: Option<String>,
    /// Description.
    #[uniffi(default = None)]
    pub narration: Option<String>,
    /// Idempotency key.
    #[uniffi(default = None)]
    pub external_id: Option<String>,
}

/// How to read a bank file (the core's `ParseOptions`); every field is optional, so
/// `ParseOptions()` detects the format and reads with its defaults.
#[derive(Debug, Clone, Default, PartialEq, Eq, uniffi::Record)]
pub struct ParseOptions {
    /// The format; detected from the bytes when null (a CSV without `csv` gets the suggested
    /// column mapping).
    #[uniffi(default = None)]
    pub format: Option<StatementFormat>,
    /// The name errors and statements give the input: `input` when null, the path for
    /// `parseFile` and `importFile`.
    #[uniffi(default = None)]
    pub file_name: Option<String>,
    /// The column mapping of a CSV file: the JSON text of a `CsvProfile`, as
    /// `suggestCsvProfile` returns it (edited or not).
    #[uniffi(default = None)]
    pub csv: Option<String>,
    /// The date order of a QIF file whose dates fit both day-month and month-day.
    #[uniffi(default = None)]
    pub qif_date_order: Option<DateOrder>,
    /// Skip the CAMT check that the opening balance plus the entries is the closing balance.
    #[uniffi(default = false)]
    pub camt_skip_balance_check: bool,
    /// The day given to a bank-sync entry without any date (an error when null).
    #[uniffi(default = None)]
    pub sync_date_if_missing: Option<IsoDate>,
    /// The name of a CSV profile saved in the book (`saveCsvProfile`), used for a CSV file
    /// when `csv` is null (imports only).
    #[uniffi(default = None)]
    pub csv_profile_name: Option<String>,
}

/// How to import a statement into a book (the core's `ImportOptions`); null fields take the
/// core's defaults, so `ImportOptions(account, counterAccount)` is complete.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ImportOptions {
    /// The book's account the statement is about.
    pub account: AccountId,
    /// Where the other side of each line goes until it is categorized (e.g.
    /// `Expenses:Uncategorized`): named by the caller, never assumed.
    pub counter_account: AccountId,
    /// Strict, all or nothing (when null), or lenient.
    #[uniffi(default = None)]
    pub mode: Option<ImportMode>,
    /// Plan only, writing nothing (false when null).
    #[uniffi(default = None)]
    pub dry_run: Option<bool>,
    /// Bring back lines whose transaction the user deleted (false when null).
    #[uniffi(default = None)]
    pub reimport_deleted: Option<bool>,
    /// Days either side of a line's date where a transaction already in the book may match it
    /// (3 when null).
    #[uniffi(default = None)]
    pub match_days: Option<u32>,
    /// Score (0-100) from which a match is linked instead of importing the line (80 when null).
    #[uniffi(default = None)]
    pub link_score: Option<u32>,
    /// Score (0-100) from which a match is returned as a candidate (50 when null).
    #[uniffi(default = None)]
    pub candidate_score: Option<u32>,
    /// Record the statement's closing balance as a balance assertion and check it (true when
    /// null).
    #[uniffi(default = None)]
    pub assert_balance: Option<bool>,
}

/// The outcome of one line of an import (the core's `LineOutcome`).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct LineOutcome {
    /// Index of the line in the statement, 0-based.
    pub index: u64,
    /// 1-based line of the file.
    pub line: u64,
    /// What became of it.
    pub status: LineStatus,
    /// The line's fingerprint: the bank's id, else a content hash and occurrence.
    pub fingerprint: String,
    /// The transaction it created, restored, duplicates or matched.
    pub transaction_id: Option<TransactionId>,
    /// Match score (0-100) of a matched or candidate line.
    pub score: Option<u32>,
    /// Why: the reasons of a match, or the code and message of a rejected line.
    pub reasons: Vec<String>,
    /// The field at fault of a rejected line (`amount`, `currency`).
    pub field: Option<String>,
}

/// What an import did, or would do in a dry run (the core's `ImportResult`).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ImportResult {
    /// The file imported.
    pub file: String,
    /// The account imported into.
    pub account: AccountId,
    /// True when something was written (false for a dry run or a strict import with rejects).
    pub committed: bool,
    /// Every line's outcome, in statement order.
    pub lines: Vec<LineOutcome>,
    /// Count of new lines.
    pub new: u64,
    /// Count of duplicates.
    pub duplicates: u64,
    /// Count of matched lines.
    pub matched: u64,
    /// Count of candidates.
    pub candidates: u64,
    /// Count of conflicting lines.
    pub conflicting: u64,
    /// Count of lines left deleted.
    pub deleted: u64,
    /// Count of restored lines.
    pub restored: u64,
    /// Count of rejected lines.
    pub rejected: u64,
    /// The transactions written, ascending: pass them to `undo` to take the import back.
    pub transaction_ids: Vec<TransactionId>,
    /// The statement's closing balance checked against the book, when it states one.
    pub balance_check: Option<AssertionResult>,
    /// The import batch recorded when something was written (`undoBatch` takes it).
    pub batch_id: Option<ImportBatchId>,
}

impl From<tally_core::RateQuote> for RateQuote {
    fn from(q: tally_core::RateQuote) -> Self {
        let tally_core::RateQuote { base, quote, date, rate, path, oldest } = q;
        Self { base, quote, date, rate, path, oldest }
    }
}

impl From<tally_core::Conversion> for Conversion {
    fn from(c: tally_core::Conversion) -> Self {
        let tally_core::Conversion { from_amount, from, to, exact, amount, quote } = c;
        Self { from_amount, from, to, exact, amount, quote: quote.into() }
    }
}

impl From<ConvertOptions> for tally_core::ConvertOptions {
    fn from(o: ConvertOptions) -> Self {
        let core = Self::default();
        Self {
            max_age_days: o.max_age_days.unwrap_or(core.max_age_days),
            rounding: o.rounding.unwrap_or(core.rounding),
        }
    }
}

impl From<ValuationOptions> for tally_core::ValuationOptions {
    fn from(o: ValuationOptions) -> Self {
        let core = Self::new(&o.currency);
        Self {
            currency: o.currency,
            valuation: o.valuation.unwrap_or(core.valuation),
            rate_date: o.rate_date,
            max_age_days: o.max_age_days.unwrap_or(core.max_age_days),
            rounding: o.rounding.unwrap_or(core.rounding),
        }
    }
}

impl From<NewExchange> for tally_core::NewExchange {
    fn from(n: NewExchange) -> Self {
        // Starts from the core's constructor for its defaults; every field is then set.
        let core = Self::send(n.date, n.from, n.to, Decimal::ZERO);
        Self {
            date: n.date,
            from: n.from,
            to: n.to,
            amount: n.amount,
            received: n.received,
            to_commodity: n.to_commodity,
            rate: n.rate,
            rounding: n.rounding.unwrap_or(core.rounding),
            max_age_days: n.max_age_days.unwrap_or(core.max_age_days),
            fx_account: n.fx_account,
            payee: n.payee,
            narration: n.narration,
            external_id: n.external_id,
        }
    }
}

impl TryFrom<ParseOptions> for tally_core::import::read::ParseOptions {
    type Error = tally_core::Error;

    /// The CSV profile is read from its JSON text; text that is not one is `invalid_field`
    /// (field `csv`).
    fn try_from(o: ParseOptions) -> tally_core::Result<Self> {
        let csv = match o.csv {
            Some(text) => Some(serde_json::from_str(&text).map_err(|e| {
                tally_core::Error::from(tally_core::query::QueryError::InvalidField {
                    field: "csv".to_owned(),
                    value: text.chars().take(80).collect(),
                    reason: format!("not the JSON of a CSV profile: {e}"),
                })
            })?),
            None => None,
        };
        Ok(Self {
            format: o.format,
            file_name: o.file_name,
            csv,
            qif_date_order: o.qif_date_order,
            camt_skip_balance_check: o.camt_skip_balance_check,
            sync_date_if_missing: o.sync_date_if_missing,
            csv_profile_name: o.csv_profile_name,
        })
    }
}

/// The JSON text of a CSV profile, as `suggestCsvProfile` returns it and `ParseOptions.csv`
/// takes it.
///
/// # Errors
///
/// `invalid_field` (field `csv`) should the profile not serialize; it always does today.
pub(crate) fn csv_profile_json(
    profile: &tally_core::import::csv::CsvProfile,
) -> tally_core::Result<String> {
    serde_json::to_string(profile).map_err(|e| {
        tally_core::query::QueryError::InvalidField {
            field: "csv".to_owned(),
            value: profile.name.clone(),
            reason: format!("the CSV profile cannot be written as JSON: {e}"),
        }
        .into()
    })
}

impl From<ImportOptions> for tally_core::import::plan::ImportOptions {
    fn from(o: ImportOptions) -> Self {
        let core = Self::new(o.account, o.counter_account);
        Self {
            account: o.account,
            counter_account: o.counter_account,
            mode: o.mode.unwrap_or(core.mode),
            dry_run: o.dry_run.unwrap_or(core.dry_run),
            reimport_deleted: o.reimport_deleted.unwrap_or(core.reimport_deleted),
            match_days: o.match_days.unwrap_or(core.match_days),
            link_score: o.link_score.unwrap_or(core.link_score),
            candidate_score: o.candidate_score.unwrap_or(core.candidate_score),
            assert_balance: o.assert_balance.unwrap_or(core.assert_balance),
        }
    }
}

impl From<tally_core::import::plan::LineOutcome> for LineOutcome {
    fn from(o: tally_core::import::plan::LineOutcome) -> Self {
        let tally_core::import::plan::LineOutcome {
            index,
            line,
            status,
            fingerprint,
            transaction_id,
            score,
            reasons,
            field,
        } = o;
        Self {
            index: u64::try_from(index).unwrap_or(u64::MAX),
            line,
            status,
            fingerprint,
            transaction_id,
            score,
            reasons,
            field,
        }
    }
}

impl From<tally_core::import::plan::ImportResult> for ImportResult {
    fn from(r: tally_core::import::plan::ImportResult) -> Self {
        let tally_core::import::plan::ImportResult {
            file,
            account,
            committed,
            lines,
            new,
            duplicates,
            matched,
            candidates,
            conflicting,
            deleted,
            restored,
            rejected,
            transaction_ids,
            balance_check,
            batch_id,
        } = r;
        Self {
            file,
            account,
            committed,
            lines: lines.into_iter().map(Into::into).collect(),
            new,
            duplicates,
            matched,
            candidates,
            conflicting,
            deleted,
            restored,
            rejected,
            transaction_ids,
            balance_check,
            batch_id,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Records of the categorizer and goals that exist only in the binding: a rule's condition and
// actions are recursive serde enums, which cross as their JSON text (the shape serde gives
// them, e.g. `{"kind":"text","field":"payee","match":{"op":"contains","value":"STARBUCKS"}}`
// and `[{"kind":"set_category","value":"Expenses:Coffee"}]`; amounts as decimal strings); a
// decision's `decided_by` is the core's stable string with the rule id beside it; a
// before/after split is a list of `SplitPart`s; a goal update's "set or clear" fields are
// enums, as for accounts.

/// A rule to create, or the new content of a rule (the core's `NewRule`). `condition` is the
/// JSON text of one condition, `actions` the JSON text of a list of actions; categories in
/// actions are account paths (or ids written as digits).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct NewRule {
    /// Name shown to the user.
    pub name: String,
    /// The condition, as JSON.
    pub condition: String,
    /// The actions, as a JSON list.
    pub actions: String,
    /// Stage (`default` when null).
    #[uniffi(default = None)]
    pub stage: Option<Stage>,
    /// Priority within the stage, lower first.
    #[uniffi(default = 0)]
    pub priority: i32,
    /// Whether the rule runs.
    #[uniffi(default = true)]
    pub enabled: bool,
}

/// A stored rule (the core's `CategorizationRule`); categories in actions are account paths.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct CategorizationRule {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Stage.
    pub stage: Stage,
    /// Priority within the stage.
    pub priority: i32,
    /// Whether the rule runs.
    pub enabled: bool,
    /// The condition, as JSON.
    pub condition: String,
    /// The actions, as a JSON list.
    pub actions: String,
}

/// How a transaction was categorized (the core's `TransactionDecision`).
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct TransactionDecision {
    /// The transaction.
    pub transaction_id: TransactionId,
    /// `rule`, `payee_memory`, `model`, `manual` or `none`.
    pub decided_by: String,
    /// The rule, when `decided_by` is `rule`.
    pub rule_id: Option<i64>,
    /// Confidence, a probability from 0 to 1.
    pub confidence: f64,
    /// Whether the user should review it.
    pub needs_review: bool,
    /// The model's best categories.
    pub suggestions: Vec<CategorySuggestion>,
    /// Fields the user's edits locked.
    pub locks: Locks,
    /// When.
    pub decided_at: Timestamp,
}

/// The categorized fields of a transaction, before or after rules.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct CategorizedFields {
    /// The single category, if any.
    pub category: Option<AccountId>,
    /// The categories of a split, with their amounts.
    pub split: Vec<SplitPart>,
    /// Payee.
    pub payee: Option<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// Notes.
    pub notes: Option<String>,
}

/// What rules change (or would change) in one transaction.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct RuleChange {
    /// The transaction.
    pub transaction_id: TransactionId,
    /// Its fields before.
    pub before: CategorizedFields,
    /// Its fields after.
    pub after: CategorizedFields,
    /// The rules that matched, in order.
    pub rules: Vec<i64>,
}

/// A rule proposed after repeated corrections of one payee.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct RuleProposal {
    /// The payee (as written).
    pub payee: String,
    /// The category the user chose.
    pub category: AccountId,
    /// How many corrections.
    pub corrections: u32,
    /// The rule to create when accepted.
    pub rule: NewRule,
}

/// The outcome of a correction: the new decision and maybe a proposed rule.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Correction {
    /// The decision, now `manual`.
    pub decision: TransactionDecision,
    /// A rule the user may accept.
    pub proposal: Option<RuleProposal>,
}

/// A transaction to review and its decision.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct ReviewItem {
    /// The transaction.
    pub transaction: Transaction,
    /// Its decision.
    pub decision: TransactionDecision,
}

/// One page of the review queue.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct ReviewPage {
    /// The rows.
    pub items: Vec<ReviewItem>,
    /// Rows in all.
    pub total: u64,
    /// Offset of the first row.
    pub offset: u64,
}

/// A change to an optional amount field.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum AmountChange {
    /// Set the field to this amount.
    Set {
        /// The new amount.
        amount: Amount,
    },
    /// Clear the field.
    Clear,
}

/// Changes to a goal; a null field is left as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq, uniffi::Record)]
pub struct GoalUpdate {
    /// New name.
    #[uniffi(default = None)]
    pub name: Option<String>,
    /// New target.
    #[uniffi(default = None)]
    pub target: Option<Amount>,
    /// New deadline, or clear it.
    #[uniffi(default = None)]
    pub deadline: Option<DateChange>,
    /// New expected annual return (percent), or clear it.
    #[uniffi(default = None)]
    pub expected_annual_return: Option<AmountChange>,
    /// New pace window, in months.
    #[uniffi(default = None)]
    pub pace_months: Option<u32>,
}

/// The rule the core's `NewRule::payee_contains` builds: payee contains `needle` -> set
/// `category` (a path).
#[uniffi::export]
pub fn payee_contains_rule(needle: String, category: String) -> NewRule {
    tally_core::NewRule::payee_contains(&needle, &category).into()
}

/// An `invalid_rule` error at `field`.
fn invalid_rule(field: &str, message: String) -> tally_core::Error {
    tally_core::categorization::CategorizeError::InvalidRule { field: field.to_owned(), message }
        .into()
}

/// The JSON text of a condition (plain enums and strings: serializing cannot fail).
fn condition_json(condition: &tally_core::categorization::Condition) -> String {
    serde_json::to_string(condition).unwrap_or_default()
}

/// The JSON text of a list of actions (plain enums and strings: serializing cannot fail).
fn actions_json(actions: &[tally_core::categorization::Action]) -> String {
    serde_json::to_string(actions).unwrap_or_default()
}

impl TryFrom<NewRule> for tally_core::NewRule {
    type Error = tally_core::Error;

    fn try_from(r: NewRule) -> tally_core::Result<Self> {
        let condition = serde_json::from_str(&r.condition)
            .map_err(|e| invalid_rule("condition", format!("not a condition as JSON: {e}")))?;
        let actions = serde_json::from_str(&r.actions)
            .map_err(|e| invalid_rule("actions", format!("not a list of actions as JSON: {e}")))?;
        Ok(Self {
            name: r.name,
            stage: r.stage.unwrap_or(Stage::Default),
            priority: r.priority,
            enabled: r.enabled,
            condition,
            actions,
        })
    }
}

impl From<tally_core::NewRule> for NewRule {
    fn from(r: tally_core::NewRule) -> Self {
        Self {
            name: r.name,
            condition: condition_json(&r.condition),
            actions: actions_json(&r.actions),
            stage: Some(r.stage),
            priority: r.priority,
            enabled: r.enabled,
        }
    }
}

impl From<tally_core::CategorizationRule> for CategorizationRule {
    fn from(r: tally_core::CategorizationRule) -> Self {
        Self {
            id: r.id,
            name: r.name,
            stage: r.stage,
            priority: r.priority,
            enabled: r.enabled,
            condition: condition_json(&r.condition),
            actions: actions_json(&r.actions),
        }
    }
}

impl From<tally_core::TransactionDecision> for TransactionDecision {
    fn from(d: tally_core::TransactionDecision) -> Self {
        Self {
            transaction_id: d.transaction_id,
            decided_by: d.decided_by.as_str().to_owned(),
            rule_id: d.decided_by.rule_id(),
            confidence: d.confidence,
            needs_review: d.needs_review,
            suggestions: d.suggestions,
            locks: d.locks,
            decided_at: d.decided_at,
        }
    }
}

impl From<tally_core::CategorizedFields> for CategorizedFields {
    fn from(f: tally_core::CategorizedFields) -> Self {
        Self {
            category: f.category,
            split: f
                .split
                .into_iter()
                .map(|(account_id, amount)| SplitPart { account_id, amount })
                .collect(),
            payee: f.payee,
            tags: f.tags,
            notes: f.notes,
        }
    }
}

impl From<tally_core::RuleChange> for RuleChange {
    fn from(c: tally_core::RuleChange) -> Self {
        Self {
            transaction_id: c.transaction_id,
            before: c.before.into(),
            after: c.after.into(),
            rules: c.rules,
        }
    }
}

impl From<tally_core::RuleProposal> for RuleProposal {
    fn from(p: tally_core::RuleProposal) -> Self {
        Self {
            payee: p.payee,
            category: p.category,
            corrections: p.corrections,
            rule: p.rule.into(),
        }
    }
}

impl TryFrom<RuleProposal> for tally_core::RuleProposal {
    type Error = tally_core::Error;

    fn try_from(p: RuleProposal) -> tally_core::Result<Self> {
        Ok(Self {
            payee: p.payee,
            category: p.category,
            corrections: p.corrections,
            rule: p.rule.try_into()?,
        })
    }
}

impl From<tally_core::Correction> for Correction {
    fn from(c: tally_core::Correction) -> Self {
        Self { decision: c.decision.into(), proposal: c.proposal.map(Into::into) }
    }
}

impl From<tally_core::Page<tally_core::ReviewItem>> for ReviewPage {
    fn from(page: tally_core::Page<tally_core::ReviewItem>) -> Self {
        Self {
            items: page
                .items
                .into_iter()
                .map(|i| ReviewItem { transaction: i.transaction, decision: i.decision.into() })
                .collect(),
            total: page.total,
            offset: page.offset,
        }
    }
}

impl From<AmountChange> for Option<Decimal> {
    fn from(change: AmountChange) -> Self {
        match change {
            AmountChange::Set { amount } => Some(amount),
            AmountChange::Clear => None,
        }
    }
}

impl From<GoalUpdate> for tally_core::goal::GoalUpdate {
    fn from(u: GoalUpdate) -> Self {
        Self {
            name: u.name,
            target: u.target,
            deadline: u.deadline.map(Into::into),
            expected_annual_return: u.expected_annual_return.map(Into::into),
            pace_months: u.pace_months,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Portfolio requests that exist only in the binding: the core's defaults (no fees, no cash
// account, the booking method's lots, 7 days of price age, half-even) are null fields here.

/// A purchase of units (the core's `BuyRequest`).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct BuyRequest {
    /// Trade date.
    pub date: IsoDate,
    /// The investment account.
    pub account_id: AccountId,
    /// The security's code.
    pub security: String,
    /// Units bought.
    pub quantity: Amount,
    /// Price per unit, in the account's currency.
    pub price: Amount,
    /// Fees (none when null); they are part of the lot's cost.
    #[uniffi(default = None)]
    pub fees: Option<Amount>,
    /// The account that pays (the investment account's own cash when null).
    #[uniffi(default = None)]
    pub cash_account_id: Option<AccountId>,
    /// Idempotency key.
    #[uniffi(default = None)]
    pub external_id: Option<String>,
}

/// A sale of units (the core's `SellRequest`).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SellRequest {
    /// Trade date.
    pub date: IsoDate,
    /// The investment account.
    pub account_id: AccountId,
    /// The security's code.
    pub security: String,
    /// Units sold.
    pub quantity: Amount,
    /// Price per unit.
    pub price: Amount,
    /// The income account of realized gains (e.g. `Income:Capital Gains`).
    pub gains_account_id: AccountId,
    /// Fees (none when null); they reduce the proceeds.
    #[uniffi(default = None)]
    pub fees: Option<Amount>,
    /// The account that receives the cash (the investment account's own when null).
    #[uniffi(default = None)]
    pub cash_account_id: Option<AccountId>,
    /// The lots to sell from; the account's booking method decides when empty.
    #[uniffi(default)]
    pub lots: Vec<LotPick>,
    /// Idempotency key.
    #[uniffi(default = None)]
    pub external_id: Option<String>,
}

/// What to value (the core's `HoldingsRequest`).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct HoldingsRequest {
    /// The day.
    pub as_of: IsoDate,
    /// The reporting currency.
    pub currency: String,
    /// One account only.
    #[uniffi(default = None)]
    pub account_id: Option<AccountId>,
    /// The oldest a price may be, in days (7 when null).
    #[uniffi(default = None)]
    pub max_price_age_days: Option<u32>,
    /// Rounding of values (half-even when null).
    #[uniffi(default = None)]
    pub rounding: Option<Rounding>,
}

/// What an investment operation is.
#[uniffi::remote(Enum)]
pub enum OperationKind {
    Buy,
    Sell,
    Dividend,
    Reinvest,
    Interest,
    Fee,
    Split,
    Transfer,
    ReturnOfCapital,
}

/// Dividend or interest received (`kind` is `DIVIDEND` or `INTEREST`).
#[uniffi::remote(Record)]
pub struct IncomeRequest {
    pub kind: OperationKind,
    pub date: IsoDate,
    pub account_id: AccountId,
    #[uniffi(default = None)]
    pub security: Option<String>,
    pub amount: Amount,
    pub income_account_id: AccountId,
    #[uniffi(default = None)]
    pub cash_account_id: Option<AccountId>,
    #[uniffi(default = None)]
    pub external_id: Option<String>,
}

/// A dividend reinvested in units of the security.
#[uniffi::remote(Record)]
pub struct ReinvestRequest {
    pub date: IsoDate,
    pub account_id: AccountId,
    pub security: String,
    pub amount: Amount,
    pub quantity: Amount,
    pub income_account_id: AccountId,
    #[uniffi(default = None)]
    pub external_id: Option<String>,
}

/// A fee charged to an investment account.
#[uniffi::remote(Record)]
pub struct FeeRequest {
    pub date: IsoDate,
    pub account_id: AccountId,
    pub amount: Amount,
    pub expense_account_id: AccountId,
    #[uniffi(default = None)]
    pub security: Option<String>,
    #[uniffi(default = None)]
    pub external_id: Option<String>,
}

/// A stock split (ratio new units per old unit), with optional cash in lieu.
#[uniffi::remote(Record)]
pub struct SplitRequest {
    pub date: IsoDate,
    pub security: String,
    pub ratio: Amount,
    #[uniffi(default = None)]
    pub account_id: Option<AccountId>,
    #[uniffi(default = None)]
    pub cash_in_lieu: Option<Amount>,
    #[uniffi(default = None)]
    pub gains_account_id: Option<AccountId>,
    #[uniffi(default = None)]
    pub cash_account_id: Option<AccountId>,
}

/// Units moved in kind between accounts, lots and cost kept.
#[uniffi::remote(Record)]
pub struct TransferRequest {
    pub date: IsoDate,
    pub from_account_id: AccountId,
    pub to_account_id: AccountId,
    pub security: String,
    pub quantity: Amount,
    #[uniffi(default)]
    pub lots: Vec<LotPick>,
}

/// A return of capital: lowers the cost of the lots.
#[uniffi::remote(Record)]
pub struct ReturnOfCapitalRequest {
    pub date: IsoDate,
    pub account_id: AccountId,
    pub security: String,
    pub amount: Amount,
    #[uniffi(default = None)]
    pub cash_account_id: Option<AccountId>,
}

/// Investment income over a period, per account, security and kind.
#[uniffi::remote(Record)]
pub struct IncomeRow {
    pub account_id: AccountId,
    pub security: Option<String>,
    pub kind: OperationKind,
    pub amount: Amount,
    pub currency: String,
    pub count: u64,
}

/// What a target weight is about: a security or an asset class (the core's `TargetKey`).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum TargetKey {
    /// A security, by code.
    Security {
        /// Its code.
        code: String,
    },
    /// An asset class.
    AssetClass {
        /// The class.
        asset_class: AssetClass,
    },
}

/// A target weight in percent (the core's `TargetWeight`).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct TargetWeight {
    /// What it is about.
    pub key: TargetKey,
    /// Percent, 0 to 100.
    pub percent: Amount,
}

impl From<TargetWeight> for tally_core::portfolio::TargetWeight {
    fn from(t: TargetWeight) -> Self {
        let key = match t.key {
            TargetKey::Security { code } => tally_core::portfolio::TargetKey::Security(code),
            TargetKey::AssetClass { asset_class } => {
                tally_core::portfolio::TargetKey::AssetClass(asset_class)
            }
        };
        Self { key, percent: t.percent }
    }
}

impl From<tally_core::portfolio::TargetWeight> for TargetWeight {
    fn from(t: tally_core::portfolio::TargetWeight) -> Self {
        let key = match t.key {
            tally_core::portfolio::TargetKey::Security(code) => TargetKey::Security { code },
            tally_core::portfolio::TargetKey::AssetClass(asset_class) => {
                TargetKey::AssetClass { asset_class }
            }
        };
        Self { key, percent: t.percent }
    }
}

impl From<BuyRequest> for tally_core::portfolio::operations::BuyRequest {
    fn from(r: BuyRequest) -> Self {
        let core = Self::new(r.date, r.account_id, &r.security, r.quantity, r.price);
        Self {
            fees: r.fees.unwrap_or(core.fees),
            cash_account_id: r.cash_account_id,
            external_id: r.external_id,
            ..core
        }
    }
}

impl From<SellRequest> for tally_core::portfolio::operations::SellRequest {
    fn from(r: SellRequest) -> Self {
        let core =
            Self::new(r.date, r.account_id, &r.security, r.quantity, r.price, r.gains_account_id);
        Self {
            fees: r.fees.unwrap_or(core.fees),
            cash_account_id: r.cash_account_id,
            lots: r.lots,
            external_id: r.external_id,
            ..core
        }
    }
}

impl From<HoldingsRequest> for tally_core::portfolio::valuation::HoldingsRequest {
    fn from(r: HoldingsRequest) -> Self {
        let core = Self::new(r.as_of, &r.currency);
        Self {
            account_id: r.account_id,
            max_price_age_days: r.max_price_age_days.unwrap_or(core.max_price_age_days),
            rounding: r.rounding.unwrap_or(core.rounding),
            ..core
        }
    }
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
    fn null_options_take_the_core_defaults() {
        // The literal default of `LookupOptions.max_age_days` above.
        assert_eq!(tally_core::rates::DEFAULT_MAX_AGE_DAYS, 7);
        assert_eq!(tally_core::LookupOptions::default().max_age_days, 7);
        let convert: tally_core::ConvertOptions = ConvertOptions::default().into();
        assert_eq!(convert, tally_core::ConvertOptions::default());
        let valuation: tally_core::ValuationOptions = ValuationOptions {
            currency: "EUR".to_owned(),
            valuation: None,
            rate_date: None,
            max_age_days: None,
            rounding: None,
        }
        .into();
        assert_eq!(valuation, tally_core::ValuationOptions::new("EUR"));
        let day = NaiveDate::from_ymd_opt(2026, 10, 30).expect("date");
        let amount: Decimal = "100".parse().expect("decimal");
        let exchange = NewExchange {
            date: day,
            from: AccountId(1),
            to: AccountId(2),
            amount: Some(amount),
            received: None,
            to_commodity: None,
            rate: None,
            rounding: None,
            max_age_days: None,
            fx_account: None,
            payee: None,
            narration: None,
            external_id: None,
        };
        let core: tally_core::NewExchange = exchange.clone().into();
        assert_eq!(core, tally_core::NewExchange::send(day, AccountId(1), AccountId(2), amount));
        let set = NewExchange {
            rounding: Some(Rounding::Floor),
            max_age_days: Some(3),
            fx_account: Some(AccountId(9)),
            payee: Some("Bureau".to_owned()),
            ..exchange
        };
        let core: tally_core::NewExchange = set.into();
        assert_eq!(
            (core.rounding, core.max_age_days, core.fx_account, core.payee.as_deref()),
            (Rounding::Floor, 3, Some(AccountId(9)), Some("Bureau"))
        );
    }

    #[test]
    fn null_import_options_take_the_core_defaults() {
        let options = ImportOptions {
            account: AccountId(1),
            counter_account: AccountId(2),
            mode: None,
            dry_run: None,
            reimport_deleted: None,
            match_days: None,
            link_score: None,
            candidate_score: None,
            assert_balance: None,
        };
        let core: tally_core::import::plan::ImportOptions = options.clone().into();
        assert_eq!(core, tally_core::import::plan::ImportOptions::new(AccountId(1), AccountId(2)));
        let set = ImportOptions {
            mode: Some(ImportMode::Lenient),
            dry_run: Some(true),
            reimport_deleted: Some(true),
            match_days: Some(5),
            link_score: Some(90),
            candidate_score: Some(40),
            assert_balance: Some(false),
            ..options
        };
        let core: tally_core::import::plan::ImportOptions = set.into();
        assert_eq!(
            (core.mode, core.dry_run, core.reimport_deleted, core.match_days),
            (ImportMode::Lenient, true, true, 5)
        );
        assert_eq!((core.link_score, core.candidate_score, core.assert_balance), (90, 40, false));
    }

    #[test]
    fn parse_options_carry_the_csv_profile_as_json() {
        let core = tally_core::import::read::ParseOptions::try_from(ParseOptions::default())
            .expect("defaults");
        assert_eq!(core, tally_core::import::read::ParseOptions::default());

        let bytes = b"Date,Payee,Amount\n2026-10-03,Bakery,-4.20\n";
        let profile =
            tally_core::import::csv::suggest_profile(bytes, "export.csv").expect("a profile");
        let json = csv_profile_json(&profile).expect("json");
        assert!(json.contains(r#""date":"Date""#), "{json}");
        let options = ParseOptions {
            format: Some(StatementFormat::Csv),
            file_name: Some("export.csv".to_owned()),
            csv: Some(json),
            qif_date_order: Some(DateOrder::DayMonth),
            camt_skip_balance_check: true,
            sync_date_if_missing: NaiveDate::from_ymd_opt(2026, 10, 3),
            csv_profile_name: None,
        };
        let core = tally_core::import::read::ParseOptions::try_from(options).expect("options");
        assert_eq!(core.csv, Some(profile), "the profile comes back as it was suggested");
        assert_eq!(
            (core.format, core.qif_date_order),
            (Some(StatementFormat::Csv), Some(DateOrder::DayMonth))
        );
        assert!(core.camt_skip_balance_check);

        let bad = ParseOptions { csv: Some("{not json".to_owned()), ..ParseOptions::default() };
        let err = from_core(
            tally_core::import::read::ParseOptions::try_from(bad).expect_err("not a profile"),
        );
        assert!(matches!(err, TallyError::Validation { .. }));
        assert_eq!((err.code().as_str(), err.field().as_deref()), ("invalid_field", Some("csv")));
    }

    #[test]
    fn import_results_keep_every_line() {
        let outcome = tally_core::import::plan::LineOutcome {
            index: 3,
            line: 12,
            status: LineStatus::Rejected,
            fingerprint: "id:FIT-1".to_owned(),
            transaction_id: None,
            score: None,
            reasons: vec!["too_many_decimals: ...".to_owned()],
            field: Some("amount".to_owned()),
        };
        let core = tally_core::import::plan::ImportResult {
            file: "october.ofx".to_owned(),
            account: AccountId(4),
            committed: false,
            lines: vec![outcome],
            new: 2,
            duplicates: 0,
            matched: 0,
            candidates: 0,
            conflicting: 0,
            deleted: 0,
            restored: 0,
            rejected: 1,
            transaction_ids: Vec::new(),
            balance_check: None,
            batch_id: None,
        };
        let result = ImportResult::from(core);
        assert_eq!((result.new, result.rejected, result.committed), (2, 1, false));
        let line = &result.lines[0];
        assert_eq!((line.index, line.line, line.status), (3, 12, LineStatus::Rejected));
        assert_eq!(line.field.as_deref(), Some("amount"));
    }

    #[test]
    fn rate_quote_keeps_legs_and_age() {
        let friday = NaiveDate::from_ymd_opt(2026, 10, 30).expect("date");
        let saturday = NaiveDate::from_ymd_opt(2026, 10, 31).expect("date");
        let rate: Decimal = "1.1172".parse().expect("decimal");
        let leg = RateLeg {
            from: "EUR".to_owned(),
            to: "USD".to_owned(),
            date: friday,
            stored_rate: rate,
            inverted: false,
            source: "ecb".to_owned(),
        };
        let core = tally_core::RateQuote {
            base: "EUR".to_owned(),
            quote: "USD".to_owned(),
            date: saturday,
            rate,
            path: vec![leg.clone()],
            oldest: friday,
        };
        let quote = RateQuote::from(core.clone());
        assert_eq!(quote.age_days(), core.age_days());
        assert_eq!(quote.age_days(), 1);
        assert_eq!((quote.rate, quote.path), (rate, vec![leg]));
        assert_eq!(host_text::<Amount>(rate), "1.1172");
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
