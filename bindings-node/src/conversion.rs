//! Every conversion between the records JavaScript sees (`records.rs`) and the core's types, in
//! one place: decimal strings to and from `Decimal` (a JS number is refused, never rounded),
//! `YYYY-MM-DD` strings to and from civil dates, UTC timestamps to ISO-8601 strings, and the
//! string enums to and from the core's enums. Field names in conversion errors follow the core's
//! (`splits[1].amount`), so an error says exactly where the bad value was.

use crate::error::Failure;
use crate::records as js;
use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use napi::bindgen_prelude::{
    Buffer, Either, FromNapiValue, ToNapiValue, TypeName, ValidateNapiValue,
};
use napi::{sys, ValueType};
use rust_decimal::Decimal;
use tally_core as core;
use tally_core::import::{self as imp, plan};
use tally_core::{AccountId, AssertionId, BookId, TransactionId, UserId};

/// A plain object as a Promise form resolves with it (what `plain` makes); the method
/// declares its TypeScript type.
pub struct Plain(pub(crate) serde_json::Value);

impl TypeName for Plain {
    fn type_name() -> &'static str {
        "object"
    }

    fn value_type() -> ValueType {
        ValueType::Object
    }
}

// As for `AmountArg`: forwards to napi's own conversion of JSON values.
#[allow(unsafe_code)]
impl ToNapiValue for Plain {
    unsafe fn to_napi_value(env: sys::napi_env, value: Self) -> napi::Result<sys::napi_value> {
        // SAFETY: `env` comes straight from napi, on the JS thread that resolves the Promise.
        unsafe { serde_json::Value::to_napi_value(env, value.0) }
    }
}

/// An amount as JavaScript passed it. Only a string is an amount; a number (a binary float,
/// which cannot hold most cents exactly) or anything else is kept as it came so the conversion
/// can refuse it with a `TypeError` that names the field.
#[derive(Debug, Clone, PartialEq)]
pub enum AmountArg {
    /// A string, to be parsed as an exact decimal.
    Text(String),
    /// A JS number (refused), as it prints.
    Number(String),
    /// Any other JS value (refused), by type.
    Other(String),
}

impl TypeName for AmountArg {
    fn type_name() -> &'static str {
        "string"
    }

    fn value_type() -> ValueType {
        ValueType::String
    }
}

// Every JS value converts: the refusal happens in `amount`, where the field is known.
impl ValidateNapiValue for AmountArg {}

// napi's conversion traits are unsafe by contract (raw handles from the runtime); this impl
// only forwards them to napi's own safe-to-call conversions.
#[allow(unsafe_code)]
impl FromNapiValue for AmountArg {
    unsafe fn from_napi_value(env: sys::napi_env, value: sys::napi_value) -> napi::Result<Self> {
        let kind = napi::type_of!(env, value)?;
        Ok(match kind {
            // SAFETY: `env` and `value` come straight from napi and the type was just checked.
            ValueType::String => Self::Text(unsafe { String::from_napi_value(env, value) }?),
            // SAFETY: as above.
            ValueType::Number => {
                Self::Number(unsafe { f64::from_napi_value(env, value) }?.to_string())
            }
            other => Self::Other(other.to_string()),
        })
    }
}

/// An exact decimal from an amount argument.
///
/// # Errors
///
/// A `TypeError` (`ERR_INVALID_ARG_TYPE`) for a JS number or another non-string value;
/// `invalid_amount` for a string that is not a plain decimal.
pub(crate) fn amount(arg: &AmountArg, field: &str) -> Result<Decimal, Failure> {
    match arg {
        AmountArg::Text(text) => Ok(core::money::parse_amount(text, field)?),
        AmountArg::Number(shown) => Err(Failure::WrongType {
            field: field.to_owned(),
            message: format!(
                "{field}: pass amounts as decimal strings such as \"12.50\", not JS numbers \
                 (a number cannot hold money exactly); got the number {shown}"
            ),
        }),
        AmountArg::Other(kind) => Err(Failure::WrongType {
            field: field.to_owned(),
            message: format!(
                "{field}: pass amounts as decimal strings such as \"12.50\"; got a value of type \
                 {kind}"
            ),
        }),
    }
}

fn opt_amount(arg: Option<&AmountArg>, field: &str) -> Result<Option<Decimal>, Failure> {
    arg.map(|a| amount(a, field)).transpose()
}

/// A civil date from `YYYY-MM-DD`.
///
/// # Errors
///
/// `invalid_field` naming `field`.
pub(crate) fn date(text: &str, field: &str) -> Result<NaiveDate, Failure> {
    let parsed =
        if text.len() == 10 { NaiveDate::parse_from_str(text, "%Y-%m-%d").ok() } else { None };
    parsed.ok_or_else(|| {
        core::query::QueryError::InvalidField {
            field: field.to_owned(),
            value: text.to_owned(),
            reason: "expected a date as YYYY-MM-DD".to_owned(),
        }
        .into()
    })
}

pub(crate) fn opt_date(text: Option<&str>, field: &str) -> Result<Option<NaiveDate>, Failure> {
    text.map(|t| date(t, field)).transpose()
}

fn day(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

fn timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

macro_rules! same_enum {
    ($js:ident <=> $core:ty { $($variant:ident),+ $(,)? }) => {
        impl From<js::$js> for $core {
            fn from(value: js::$js) -> Self {
                match value { $(js::$js::$variant => <$core>::$variant),+ }
            }
        }
        impl From<$core> for js::$js {
            fn from(value: $core) -> Self {
                match value { $(<$core>::$variant => js::$js::$variant),+ }
            }
        }
    };
}

same_enum!(AccountKind <=> core::AccountKind { Asset, Liability, Equity, Income, Expense });
same_enum!(AccountSubtype <=> core::AccountSubtype {
    Checking, Savings, CreditCard, Cash, Wallet, Investment, Retirement, Loan, Mortgage, Property,
    Other,
});
same_enum!(Status <=> core::Status { Pending, Cleared, Reconciled, Void });
same_enum!(Source <=> core::Source { Manual, Import, Sync });
same_enum!(CommodityKind <=> core::CommodityKind { Currency, Security, Crypto, Other });
same_enum!(Role <=> core::Role { Owner, Member, Viewer });
same_enum!(SortOrder <=> core::SortOrder { Ascending, Descending });
same_enum!(AuditAction <=> core::AuditAction { Create, CreateBatch, Update, Delete, Restore });
same_enum!(EntityKind <=> core::EntityKind {
    Book, Member, Commodity, Account, Transaction, BalanceAssertion, Rate, Connection, CsvProfile,
    ImportBatch, CategorizationRule, Model, Categorization, Budget, Allocation, Goal, Contribution,
    Alert, AlertSettings, Security, BookingMethod, AllocationTarget,
});
same_enum!(Provider <=> imp::records::Provider { Plaid, Gocardless, Simplefin });
same_enum!(ConnectionStatus <=> imp::records::ConnectionStatus { Active, Error, Disconnected });
same_enum!(BatchKind <=> imp::records::BatchKind { File, Sync });
same_enum!(ErrorKind <=> core::ErrorKind {
    Validation, NotFound, Conflict, Permission, Storage, Import,
});
same_enum!(RateFormat <=> core::RateFormat { EcbZip, EcbCsv, Csv });
same_enum!(Valuation <=> core::Valuation { Spot, Historical });
same_enum!(Rounding <=> core::Rounding {
    HalfEven, HalfUp, HalfDown, TowardZero, AwayFromZero, Floor, Ceiling,
});
same_enum!(StatementFormat <=> imp::StatementFormat {
    Csv, Ofx, Qif, Camt053, Mt940, Plaid, GoCardless, SimpleFin,
});
same_enum!(DateOrder <=> imp::qif::DateOrder { DayMonth, MonthDay, YearMonthDay });
same_enum!(ImportMode <=> plan::ImportMode { Strict, Lenient });
same_enum!(LineStatus <=> plan::LineStatus {
    New, Duplicate, Conflicting, Deleted, Restored, Matched, Candidate, Rejected,
});

/// The core's error table as JS rows.
pub(crate) fn error_codes() -> Vec<js::ErrorCodeInfo> {
    core::ERROR_CODES
        .iter()
        .map(|(code, kind, meaning)| js::ErrorCodeInfo {
            code: (*code).to_owned(),
            kind: (*kind).into(),
            meaning: (*meaning).to_owned(),
        })
        .collect()
}

impl From<core::User> for js::User {
    fn from(u: core::User) -> Self {
        Self {
            id: u.id.0,
            email: u.email,
            given_name: u.given_name,
            family_name: u.family_name,
            default_currency: u.default_currency,
            locale: u.locale,
            time_zone: u.time_zone,
            created_at: timestamp(u.created_at),
        }
    }
}

pub(crate) fn new_user(u: js::NewUser) -> core::NewUser {
    let mut new = core::NewUser::new(&u.email, &u.given_name, &u.family_name, &u.default_currency);
    if let Some(locale) = u.locale {
        new.locale = locale;
    }
    if let Some(zone) = u.time_zone {
        new.time_zone = zone;
    }
    new
}

impl From<core::BookInfo> for js::BookInfo {
    fn from(b: core::BookInfo) -> Self {
        Self {
            id: b.id.0,
            name: b.name,
            owner_id: b.owner_id.0,
            default_currency: b.default_currency,
            created_at: timestamp(b.created_at),
        }
    }
}

pub(crate) fn new_book(b: js::NewBook) -> core::NewBook {
    core::NewBook::new(&b.name, UserId(b.owner_id), &b.default_currency)
}

impl From<core::Member> for js::Member {
    fn from(m: core::Member) -> Self {
        Self { user_id: m.user_id.0, role: m.role.into() }
    }
}

impl From<core::Account> for js::Account {
    fn from(a: core::Account) -> Self {
        Self {
            id: a.id.0,
            parent_id: a.parent_id.map(|p| p.0),
            name: a.name,
            path: a.path,
            kind: a.kind.into(),
            subtype: a.subtype.into(),
            currency: a.currency,
            institution: a.institution,
            color: a.color,
            icon: a.icon,
            opened_on: a.opened_on.map(day),
            closed_on: a.closed_on.map(day),
            archived: a.archived,
            include_in_net_worth: a.include_in_net_worth,
            created_at: timestamp(a.created_at),
        }
    }
}

pub(crate) fn new_account(a: js::NewAccount) -> Result<core::NewAccount, Failure> {
    let mut new = core::NewAccount::new(&a.path, a.kind.into(), &a.currency);
    new.subtype = a.subtype.map_or_else(Default::default, Into::into);
    new.institution = a.institution;
    new.color = a.color;
    new.icon = a.icon;
    new.opened_on = opt_date(a.opened_on.as_deref(), "opened_on")?;
    new.include_in_net_worth = a.include_in_net_worth;
    Ok(new)
}

/// `undefined` leaves a field, `null` clears it, a value sets it.
fn clearable(value: Option<Either<String, napi::bindgen_prelude::Null>>) -> Option<Option<String>> {
    value.map(|v| match v {
        Either::A(text) => Some(text),
        Either::B(_) => None,
    })
}

fn clearable_date(
    value: Option<Either<String, napi::bindgen_prelude::Null>>,
    field: &str,
) -> Result<Option<Option<NaiveDate>>, Failure> {
    clearable(value).map(|v| opt_date(v.as_deref(), field)).transpose()
}

pub(crate) fn account_update(u: js::AccountUpdate) -> Result<core::AccountUpdate, Failure> {
    Ok(core::AccountUpdate {
        name: u.name,
        institution: clearable(u.institution),
        color: clearable(u.color),
        icon: clearable(u.icon),
        opened_on: clearable_date(u.opened_on, "opened_on")?,
        closed_on: clearable_date(u.closed_on, "closed_on")?,
        archived: u.archived,
        include_in_net_worth: u.include_in_net_worth,
    })
}

impl From<core::AccountBalance> for js::AccountBalance {
    fn from(b: core::AccountBalance) -> Self {
        Self {
            account_id: b.account_id.0,
            path: b.path,
            commodity: b.commodity,
            own: b.own.to_string(),
            total: b.total.to_string(),
        }
    }
}

impl From<core::CategoryAmount> for js::CategoryAmount {
    fn from(c: core::CategoryAmount) -> Self {
        Self {
            account_id: c.account_id.0,
            path: c.path,
            depth: c.depth,
            commodity: c.commodity,
            own: c.own.to_string(),
            total: c.total.to_string(),
        }
    }
}

impl From<core::RegisterRow> for js::RegisterRow {
    fn from(r: core::RegisterRow) -> Self {
        Self {
            transaction_id: r.transaction_id.0,
            split_id: r.split_id.0,
            account_id: r.account_id.0,
            date: day(r.date),
            payee: r.payee,
            narration: r.narration,
            memo: r.memo,
            status: r.status.into(),
            amount: r.amount.to_string(),
            commodity: r.commodity,
            balance: r.balance.to_string(),
        }
    }
}

fn count(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

impl From<core::Page<core::RegisterRow>> for js::RegisterPage {
    fn from(p: core::Page<core::RegisterRow>) -> Self {
        Self {
            items: p.items.into_iter().map(Into::into).collect(),
            total: count(p.total),
            offset: count(p.offset),
        }
    }
}

impl From<core::Page<core::Transaction>> for js::TransactionPage {
    fn from(p: core::Page<core::Transaction>) -> Self {
        Self {
            items: p.items.into_iter().map(Into::into).collect(),
            total: count(p.total),
            offset: count(p.offset),
        }
    }
}

impl From<core::Page<core::AuditEntry>> for js::AuditPage {
    fn from(p: core::Page<core::AuditEntry>) -> Self {
        Self {
            items: p.items.into_iter().map(Into::into).collect(),
            total: count(p.total),
            offset: count(p.offset),
        }
    }
}

/// A page request; a negative offset is refused like any other bad page field.
pub(crate) fn page(
    offset: Option<i64>,
    limit: Option<u32>,
    order: Option<js::SortOrder>,
) -> Result<core::PageRequest, Failure> {
    let default = core::PageRequest::default();
    let offset = match offset {
        None => default.offset,
        Some(o) => u64::try_from(o).map_err(|_| {
            Failure::from(core::query::QueryError::InvalidField {
                field: "offset".to_owned(),
                value: o.to_string(),
                reason: "must not be negative".to_owned(),
            })
        })?,
    };
    Ok(core::PageRequest {
        offset,
        limit: limit.unwrap_or(default.limit),
        order: order.map_or(default.order, Into::into),
    })
}

/// The day of `accounts.balances({ asOf })`.
pub(crate) fn as_of(options: Option<js::BalanceOptions>) -> Result<Option<NaiveDate>, Failure> {
    opt_date(options.and_then(|o| o.as_of).as_deref(), "as_of")
}

/// The arguments of `accounts.register(id, options)`.
pub(crate) fn register_args(
    id: i64,
    options: Option<js::RegisterOptions>,
) -> Result<(AccountId, bool, core::PageRequest), Failure> {
    let Some(o) = options else { return Ok((AccountId(id), false, core::PageRequest::default())) };
    Ok((AccountId(id), o.include_descendants.unwrap_or(false), page(o.offset, o.limit, o.order)?))
}

/// The period of a report, both days inclusive.
pub(crate) fn period(from: &str, to: &str) -> Result<(NaiveDate, NaiveDate), Failure> {
    Ok((date(from, "from")?, date(to, "to")?))
}

pub(crate) fn page_options(p: Option<js::PageOptions>) -> Result<core::PageRequest, Failure> {
    match p {
        None => Ok(core::PageRequest::default()),
        Some(p) => page(p.offset, p.limit, p.order),
    }
}

pub(crate) fn new_assertion(
    a: js::NewBalanceAssertion,
) -> Result<core::NewBalanceAssertion, Failure> {
    Ok(core::NewBalanceAssertion {
        account_id: AccountId(a.account_id),
        date: date(&a.date, "date")?,
        amount: amount(&a.amount, "amount")?,
        commodity: a.commodity,
    })
}

impl From<core::BalanceAssertion> for js::BalanceAssertion {
    fn from(a: core::BalanceAssertion) -> Self {
        Self {
            id: a.id.0,
            account_id: a.account_id.0,
            date: day(a.date),
            amount: a.amount.to_string(),
            commodity: a.commodity,
        }
    }
}

impl From<core::AssertionResult> for js::AssertionResult {
    fn from(r: core::AssertionResult) -> Self {
        Self {
            assertion: r.assertion.into(),
            actual: r.actual.to_string(),
            difference: r.difference.to_string(),
            passed: r.passed,
        }
    }
}

fn unit_price(p: core::UnitPrice) -> js::UnitPrice {
    js::UnitPrice { amount: p.amount.to_string(), commodity: p.commodity }
}

fn unit_price_input(
    p: Option<js::UnitPriceInput>,
    field: &str,
) -> Result<Option<core::UnitPrice>, Failure> {
    p.map(|p| {
        Ok(core::UnitPrice::new(amount(&p.amount, &format!("{field}.amount"))?, &p.commodity))
    })
    .transpose()
}

impl From<core::Split> for js::Split {
    fn from(s: core::Split) -> Self {
        Self {
            id: s.id.0,
            account_id: s.account_id.0,
            amount: s.amount.to_string(),
            commodity: s.commodity,
            price: s.price.map(unit_price),
            cost: s.cost.map(unit_price),
            memo: s.memo,
        }
    }
}

impl From<core::Transaction> for js::Transaction {
    fn from(t: core::Transaction) -> Self {
        Self {
            id: t.id.0,
            date: day(t.date),
            posted_date: t.posted_date.map(day),
            payee: t.payee,
            narration: t.narration,
            status: t.status.into(),
            tags: t.tags,
            notes: t.notes,
            source: t.source.into(),
            external_id: t.external_id,
            reversal_of: t.reversal_of.map(|r| r.0),
            splits: t.splits.into_iter().map(Into::into).collect(),
            deleted: t.deleted,
            created_at: timestamp(t.created_at),
            updated_at: timestamp(t.updated_at),
        }
    }
}

fn new_split(s: js::NewSplit) -> Result<core::NewSplit, Failure> {
    Ok(core::NewSplit {
        account_id: AccountId(s.account_id),
        amount: amount(&s.amount, "amount")?,
        commodity: s.commodity,
        price: unit_price_input(s.price, "price")?,
        cost: unit_price_input(s.cost, "cost")?,
        memo: s.memo,
    })
}

pub(crate) fn new_transaction(t: js::NewTransaction) -> Result<core::NewTransaction, Failure> {
    let date = date(&t.date, "date")?;
    let splits = t
        .splits
        .into_iter()
        .enumerate()
        .map(|(i, s)| new_split(s).map_err(|f| f.within(&format!("splits[{i}]."))))
        .collect::<Result<Vec<_>, _>>()?;
    let mut new = core::NewTransaction::new(date, splits);
    new.payee = t.payee;
    with_options(
        new,
        js::TransactionOptions {
            posted_date: t.posted_date,
            narration: t.narration,
            status: t.status,
            tags: t.tags,
            notes: t.notes,
            source: t.source,
            external_id: t.external_id,
            fx_account: t.fx_account,
        },
    )
}

/// A batch, with field names prefixed `transactions[i].` as the core does.
pub(crate) fn batch(list: Vec<js::NewTransaction>) -> Result<Vec<core::NewTransaction>, Failure> {
    list.into_iter()
        .enumerate()
        .map(|(i, t)| new_transaction(t).map_err(|f| f.within(&format!("transactions[{i}]."))))
        .collect()
}

/// Applies the optional fields of a convenience form.
pub(crate) fn with_options(
    mut new: core::NewTransaction,
    o: js::TransactionOptions,
) -> Result<core::NewTransaction, Failure> {
    new.posted_date = opt_date(o.posted_date.as_deref(), "posted_date")?;
    new.narration = o.narration;
    new.status = o.status.map_or_else(Default::default, Into::into);
    new.tags = o.tags.unwrap_or_default();
    new.notes = o.notes;
    new.source = o.source.map_or_else(Default::default, Into::into);
    new.external_id = o.external_id;
    new.fx_account = o.fx_account.map(AccountId);
    Ok(new)
}

pub(crate) fn options(o: Option<js::TransactionOptions>) -> js::TransactionOptions {
    o.unwrap_or(js::TransactionOptions {
        posted_date: None,
        narration: None,
        status: None,
        tags: None,
        notes: None,
        source: None,
        external_id: None,
        fx_account: None,
    })
}

pub(crate) fn split_parts(parts: Vec<js::SplitPart>) -> Result<Vec<(AccountId, Decimal)>, Failure> {
    parts
        .into_iter()
        .enumerate()
        .map(|(i, p)| {
            Ok((AccountId(p.account_id), amount(&p.amount, &format!("parts[{i}].amount"))?))
        })
        .collect()
}

pub(crate) fn edit_options(o: Option<js::EditOptions>) -> core::EditOptions {
    core::EditOptions { allow_reconciled: o.and_then(|o| o.allow_reconciled).unwrap_or(false) }
}

pub(crate) fn filter(f: Option<js::TransactionFilter>) -> Result<core::TransactionFilter, Failure> {
    let Some(f) = f else { return Ok(core::TransactionFilter::default()) };
    Ok(core::TransactionFilter {
        date_from: opt_date(f.date_from.as_deref(), "date_from")?,
        date_to: opt_date(f.date_to.as_deref(), "date_to")?,
        accounts: f.accounts.unwrap_or_default().into_iter().map(AccountId).collect(),
        text: f.text,
        amount_min: opt_amount(f.amount_min.as_ref(), "amount_min")?,
        amount_max: opt_amount(f.amount_max.as_ref(), "amount_max")?,
        tags: f.tags.unwrap_or_default(),
        statuses: f.statuses.unwrap_or_default().into_iter().map(Into::into).collect(),
        sources: f.sources.unwrap_or_default().into_iter().map(Into::into).collect(),
        include_deleted: f.include_deleted.unwrap_or(false),
    })
}

impl From<core::Commodity> for js::Commodity {
    fn from(c: core::Commodity) -> Self {
        Self { code: c.code, name: c.name, scale: c.scale, kind: c.kind.into(), builtin: c.builtin }
    }
}

pub(crate) fn new_commodity(c: js::NewCommodity) -> core::NewCommodity {
    core::NewCommodity::new(&c.code, &c.name, c.scale, c.kind.into())
}

impl From<core::AuditEntry> for js::AuditEntry {
    fn from(e: core::AuditEntry) -> Self {
        Self {
            id: e.id,
            book_id: e.book_id.0,
            actor: e.actor.0,
            action: e.action.into(),
            entity: e.entity.into(),
            entity_id: e.entity_id,
            before: e.before,
            after: e.after,
            at: timestamp(e.at),
        }
    }
}

impl From<&core::Event> for js::TallyEvent {
    fn from(e: &core::Event) -> Self {
        use core::Event as E;
        match e {
            E::AccountsCreated { ids: list } => {
                Self::AccountsCreated { ids: list.iter().map(|i| i.0).collect() }
            }
            E::AccountsUpdated { ids: list } => {
                Self::AccountsUpdated { ids: list.iter().map(|i| i.0).collect() }
            }
            E::TransactionsAdded { ids: list } => {
                Self::TransactionsAdded { ids: list.iter().map(|i| i.0).collect() }
            }
            E::TransactionUpdated { id } => Self::TransactionUpdated { id: id.0 },
            E::TransactionDeleted { id } => Self::TransactionDeleted { id: id.0 },
            E::TransactionRestored { id } => Self::TransactionRestored { id: id.0 },
            E::CommodityDefined { code } => Self::CommodityDefined { code: code.clone() },
            E::AssertionAdded { id } => Self::AssertionAdded { id: id.0 },
            E::AssertionDeleted { id } => Self::AssertionDeleted { id: id.0 },
            E::MemberAdded { user_id } => Self::MemberAdded { user_id: user_id.0 },
            E::RatesChanged { added, replaced, deleted } => Self::RatesChanged {
                added: count(*added),
                replaced: count(*replaced),
                deleted: count(*deleted),
            },
            E::SyncCompleted { connection_id, batch_id } => Self::SyncCompleted {
                connection_id: connection_id.0,
                batch_id: batch_id.map(|b| b.0),
            },
            E::ImportBatchUndone { batch_id, deleted } => {
                Self::ImportBatchUndone { batch_id: batch_id.0, deleted: count(*deleted) }
            }
            E::RulesChanged { ids } => Self::RulesChanged { ids: ids.clone() },
            E::ModelTrained { version, active } => {
                Self::ModelTrained { version: *version, active: *active }
            }
            E::TransactionsCategorized { ids: list } => {
                Self::TransactionsCategorized { ids: list.iter().map(|i| i.0).collect() }
            }
            E::CategorizerSettingsChanged => Self::CategorizerSettingsChanged {},
            E::BudgetChanged { id } => Self::BudgetChanged { id: id.0 },
            E::AllocationsChanged { budget_id, count: n } => {
                Self::AllocationsChanged { budget_id: budget_id.0, count: count(*n) }
            }
            E::GoalChanged { id } => Self::GoalChanged { id: id.0 },
            E::AlertRaised { alert } => Self::AlertRaised { alert: plain(alert) },
            E::AlertsUpdated { ids: list } => {
                Self::AlertsUpdated { ids: list.iter().map(|i| i.0).collect() }
            }
            E::SecurityDefined { code } => Self::SecurityDefined { code: code.clone() },
            E::BookingMethodSet { account_id, method } => {
                Self::BookingMethodSet { account_id: account_id.0, method: method.clone() }
            }
            E::TargetsSet { account_id, count: n } => {
                Self::TargetsSet { account_id: account_id.map(|a| a.0), count: count(*n) }
            }
        }
    }
}

/// A rate to add.
fn rate_input(r: js::RateInput) -> Result<core::Rate, Failure> {
    Ok(core::Rate {
        date: date(&r.date, "date")?,
        rate: amount(&r.rate, "rate")?,
        base: r.base,
        quote: r.quote,
        source: r.source,
    })
}

/// Rates to add, with field names prefixed `rates[i].` when there is more than one, as the
/// core does.
pub(crate) fn rate_inputs(list: Vec<js::RateInput>) -> Result<Vec<core::Rate>, Failure> {
    let many = list.len() > 1;
    list.into_iter()
        .enumerate()
        .map(|(i, r)| {
            rate_input(r).map_err(|f| if many { f.within(&format!("rates[{i}].")) } else { f })
        })
        .collect()
}

/// One rate to add.
pub(crate) fn one_rate(r: js::RateInput) -> Result<Vec<core::Rate>, Failure> {
    Ok(vec![rate_input(r)?])
}

impl From<core::Rate> for js::Rate {
    fn from(r: core::Rate) -> Self {
        Self {
            base: r.base,
            quote: r.quote,
            date: day(r.date),
            rate: r.rate.to_string(),
            source: r.source,
        }
    }
}

impl From<core::LoadReport> for js::LoadReport {
    fn from(r: core::LoadReport) -> Self {
        Self {
            format: r.format.map(Into::into),
            read: count(r.read),
            added: count(r.added),
            replaced: count(r.replaced),
            unchanged: count(r.unchanged),
            missing: count(r.missing),
            skipped_unknown: count(r.skipped_unknown),
            unknown_commodities: r.unknown_commodities,
        }
    }
}

pub(crate) fn rate_filter(f: Option<js::RateFilter>) -> Result<core::RateFilter, Failure> {
    let Some(f) = f else { return Ok(core::RateFilter::default()) };
    Ok(core::RateFilter {
        base: f.base,
        quote: f.quote,
        from: opt_date(f.from.as_deref(), "from")?,
        to: opt_date(f.to.as_deref(), "to")?,
    })
}

/// What a file call (`rates.load`, `imports.parse`, `imports.importFile`) reads: a file (read
/// where the work runs) or bytes already in hand.
pub(crate) enum InputFile {
    /// A path to read.
    Path(String),
    /// The content of a `Buffer`, copied on the JS thread.
    Bytes(Vec<u8>),
}

impl InputFile {
    fn of(input: Either<String, Buffer>) -> Self {
        match input {
            Either::A(path) => Self::Path(path),
            Either::B(buffer) => Self::Bytes(buffer.to_vec()),
        }
    }

    /// The name errors give the input: `file_name` when given, else the path (none for bytes).
    fn name(&self, file_name: Option<String>) -> Option<String> {
        match (self, file_name) {
            (_, Some(name)) => Some(name),
            (Self::Path(path), None) => Some(path.clone()),
            (Self::Bytes(_), None) => None,
        }
    }

    /// The bytes; a file that cannot be read is `unreadable_file` naming `file_name` (else the
    /// path).
    pub(crate) fn read(self, file_name: Option<&str>) -> Result<Vec<u8>, Failure> {
        match self {
            Self::Bytes(bytes) => Ok(bytes),
            Self::Path(path) => std::fs::read(&path).map_err(|e| {
                Failure::from(core::Error::from(core::files::FileError::Unreadable {
                    file: file_name.map_or(path, str::to_owned),
                    reason: format!("cannot read the file: {e}"),
                }))
            }),
        }
    }
}

/// The arguments of `rates.load(pathOrBuffer, options?)`; a path names the input in errors
/// unless `options.fileName` does.
pub(crate) fn rate_file(
    input: Either<String, Buffer>,
    options: Option<js::LoadOptions>,
) -> (InputFile, core::LoadOptions) {
    let (format, file_name, source) =
        options.map_or((None, None, None), |o| (o.format, o.file_name, o.source));
    let file = InputFile::of(input);
    let file_name = file.name(file_name);
    (file, core::LoadOptions { format: format.map(Into::into), file_name, source })
}

pub(crate) fn lookup_options(o: Option<js::LookupOptions>) -> core::LookupOptions {
    let default = core::LookupOptions::default();
    core::LookupOptions {
        max_age_days: o.and_then(|o| o.max_age_days).unwrap_or(default.max_age_days),
    }
}

pub(crate) fn convert_options(o: Option<js::ConvertOptions>) -> core::ConvertOptions {
    let default = core::ConvertOptions::default();
    let Some(o) = o else { return default };
    core::ConvertOptions {
        max_age_days: o.max_age_days.unwrap_or(default.max_age_days),
        rounding: o.rounding.map_or(default.rounding, Into::into),
    }
}

impl From<core::RateLeg> for js::RateLeg {
    fn from(l: core::RateLeg) -> Self {
        Self {
            from: l.from,
            to: l.to,
            date: day(l.date),
            stored_rate: l.stored_rate.to_string(),
            inverted: l.inverted,
            source: l.source,
        }
    }
}

impl From<core::RateQuote> for js::RateQuote {
    fn from(q: core::RateQuote) -> Self {
        let age_days = q.age_days();
        Self {
            base: q.base,
            quote: q.quote,
            date: day(q.date),
            rate: q.rate.to_string(),
            path: q.path.into_iter().map(Into::into).collect(),
            oldest: day(q.oldest),
            age_days,
        }
    }
}

impl From<core::Conversion> for js::Conversion {
    fn from(c: core::Conversion) -> Self {
        Self {
            from_amount: c.from_amount.to_string(),
            from: c.from,
            to: c.to,
            exact: c.exact.to_string(),
            amount: c.amount.to_string(),
            quote: c.quote.into(),
        }
    }
}

pub(crate) fn new_exchange(e: js::NewExchange) -> Result<core::NewExchange, Failure> {
    let date = date(&e.date, "date")?;
    let mut new = core::NewExchange {
        amount: opt_amount(e.amount.as_ref(), "amount")?,
        received: opt_amount(e.received.as_ref(), "received")?,
        rate: opt_amount(e.rate.as_ref(), "rate")?,
        to_commodity: e.to_commodity,
        fx_account: e.fx_account.map(AccountId),
        payee: e.payee,
        narration: e.narration,
        external_id: e.external_id,
        ..core::NewExchange::send(date, AccountId(e.from), AccountId(e.to), Decimal::ZERO)
    };
    if let Some(rounding) = e.rounding {
        new.rounding = rounding.into();
    }
    if let Some(days) = e.max_age_days {
        new.max_age_days = days;
    }
    Ok(new)
}

pub(crate) fn valuation_options(
    o: js::ValuationOptions,
) -> Result<core::ValuationOptions, Failure> {
    let mut options = core::ValuationOptions::new(&o.currency);
    if let Some(valuation) = o.valuation {
        options.valuation = valuation.into();
    }
    options.rate_date = opt_date(o.rate_date.as_deref(), "rate_date")?;
    if let Some(days) = o.max_age_days {
        options.max_age_days = days;
    }
    if let Some(rounding) = o.rounding {
        options.rounding = rounding.into();
    }
    Ok(options)
}

/// The arguments of `balancesIn(options, asOf?)` and `netWorth(options, asOf?)`.
pub(crate) fn valued_as_of(
    options: js::ValuationOptions,
    as_of: Option<String>,
) -> Result<(Option<NaiveDate>, core::ValuationOptions), Failure> {
    Ok((opt_date(as_of.as_deref(), "as_of")?, valuation_options(options)?))
}

/// The arguments of `spendingByCategoryIn(from, to, options)` and the like.
pub(crate) fn valued_period(
    from: &str,
    to: &str,
    options: js::ValuationOptions,
) -> Result<(NaiveDate, NaiveDate, core::ValuationOptions), Failure> {
    let (from, to) = period(from, to)?;
    Ok((from, to, valuation_options(options)?))
}

impl From<core::Unconverted> for js::Unconverted {
    fn from(u: core::Unconverted) -> Self {
        Self {
            account_id: u.account_id.0,
            path: u.path,
            commodity: u.commodity,
            amount: u.amount.to_string(),
            date: day(u.date),
            code: u.code,
            message: u.message,
        }
    }
}

fn unconverted(list: Vec<core::Unconverted>) -> Vec<js::Unconverted> {
    list.into_iter().map(Into::into).collect()
}

impl From<core::ValuedBalances> for js::ValuedBalances {
    fn from(v: core::ValuedBalances) -> Self {
        Self {
            currency: v.currency,
            valuation: v.valuation.into(),
            rate_date: v.rate_date.map(day),
            rows: v.rows.into_iter().map(Into::into).collect(),
            unconverted: unconverted(v.unconverted),
        }
    }
}

impl From<core::NetWorth> for js::NetWorth {
    fn from(n: core::NetWorth) -> Self {
        Self {
            currency: n.currency,
            as_of: day(n.as_of),
            valuation: n.valuation.into(),
            assets: n.assets.to_string(),
            liabilities: n.liabilities.to_string(),
            net_worth: n.net_worth.to_string(),
            accounts: n.accounts.into_iter().map(Into::into).collect(),
            unconverted: unconverted(n.unconverted),
        }
    }
}

impl From<core::ValuedCategories> for js::ValuedCategories {
    fn from(v: core::ValuedCategories) -> Self {
        Self {
            currency: v.currency,
            valuation: v.valuation.into(),
            rate_date: v.rate_date.map(day),
            rows: v.rows.into_iter().map(Into::into).collect(),
            unconverted: unconverted(v.unconverted),
        }
    }
}

impl From<core::FxGain> for js::FxGain {
    fn from(g: core::FxGain) -> Self {
        Self {
            account_id: g.account_id.0,
            commodity: g.commodity,
            currency: g.currency,
            from: day(g.from),
            to: day(g.to),
            opening_balance: g.opening_balance.to_string(),
            opening_value: g.opening_value.to_string(),
            closing_balance: g.closing_balance.to_string(),
            closing_value: g.closing_value.to_string(),
            flows_value: g.flows_value.to_string(),
            gain: g.gain.to_string(),
        }
    }
}

/// Typed ids from JS numbers.
pub(crate) fn account_id(id: i64) -> AccountId {
    AccountId(id)
}

/// Typed ids from JS numbers.
pub(crate) fn transaction_id(id: i64) -> TransactionId {
    TransactionId(id)
}

/// Typed ids from JS numbers.
pub(crate) fn assertion_id(id: i64) -> AssertionId {
    AssertionId(id)
}

/// Typed ids from JS numbers.
pub(crate) fn book_id(id: i64) -> BookId {
    BookId(id)
}

/// Typed ids from JS numbers.
pub(crate) fn user_id(id: i64) -> UserId {
    UserId(id)
}

fn decimal(value: Decimal) -> String {
    value.to_string()
}

impl From<imp::StatementAccount> for js::StatementAccount {
    fn from(a: imp::StatementAccount) -> Self {
        Self {
            bank_id: a.bank_id,
            branch_id: a.branch_id,
            account_id: a.account_id,
            account_type: a.account_type,
            currency: a.currency,
            name: a.name,
        }
    }
}

impl From<imp::StatedBalance> for js::StatedBalance {
    fn from(b: imp::StatedBalance) -> Self {
        Self { amount: decimal(b.amount), date: day(b.date), currency: b.currency }
    }
}

impl From<imp::LineSplit> for js::LineSplit {
    fn from(s: imp::LineSplit) -> Self {
        Self { category: s.category, memo: s.memo, amount: decimal(s.amount) }
    }
}

impl From<imp::StatementLine> for js::StatementLine {
    fn from(l: imp::StatementLine) -> Self {
        Self {
            line: count(l.line),
            date: day(l.date),
            posted_date: l.posted_date.map(day),
            amount: decimal(l.amount),
            currency: l.currency,
            payee: l.payee,
            memo: l.memo,
            bank_id: l.bank_id,
            check_number: l.check_number,
            reference: l.reference,
            balance: l.balance.map(decimal),
            kind: l.kind,
            pending: l.pending,
            pending_id: l.pending_id,
            category: l.category,
            splits: l.splits.into_iter().map(Into::into).collect(),
            cleared: l.cleared,
        }
    }
}

impl From<imp::SecurityInfo> for js::SecurityInfo {
    fn from(s: imp::SecurityInfo) -> Self {
        Self { id: s.id, id_type: s.id_type, ticker: s.ticker, name: s.name }
    }
}

impl From<imp::InvestmentLine> for js::InvestmentLine {
    fn from(l: imp::InvestmentLine) -> Self {
        Self {
            line: count(l.line),
            kind: l.kind,
            subtype: l.subtype,
            date: day(l.date),
            settle_date: l.settle_date.map(day),
            security_id: l.security_id,
            units: l.units.map(decimal),
            unit_price: l.unit_price.map(decimal),
            total: l.total.map(decimal),
            fees: l.fees.map(decimal),
            bank_id: l.bank_id,
            memo: l.memo,
            payee: l.payee,
            category: l.category,
            cleared: l.cleared,
        }
    }
}

impl From<imp::Statement> for js::Statement {
    fn from(s: imp::Statement) -> Self {
        Self {
            format: s.format.into(),
            file: s.file,
            account: s.account.into(),
            start: s.start.map(day),
            end: s.end.map(day),
            opening_balance: s.opening_balance.map(Into::into),
            closing_balance: s.closing_balance.map(Into::into),
            available_balance: s.available_balance.map(Into::into),
            lines: s.lines.into_iter().map(Into::into).collect(),
            investments: s.investments.into_iter().map(Into::into).collect(),
            securities: s.securities.into_iter().map(Into::into).collect(),
        }
    }
}

/// Statements as JS records.
pub(crate) fn statements(list: Vec<imp::Statement>) -> Vec<js::Statement> {
    list.into_iter().map(Into::into).collect()
}

impl From<plan::LineOutcome> for js::LineOutcome {
    fn from(o: plan::LineOutcome) -> Self {
        Self {
            index: i64::try_from(o.index).unwrap_or(i64::MAX),
            line: count(o.line),
            status: o.status.into(),
            fingerprint: o.fingerprint,
            transaction_id: o.transaction_id.map(|t| t.0),
            score: o.score,
            reasons: o.reasons,
            field: o.field,
        }
    }
}

impl From<plan::ImportResult> for js::ImportResult {
    fn from(r: plan::ImportResult) -> Self {
        Self {
            file: r.file,
            account: r.account.0,
            committed: r.committed,
            lines: r.lines.into_iter().map(Into::into).collect(),
            new: count(r.new),
            duplicates: count(r.duplicates),
            matched: count(r.matched),
            candidates: count(r.candidates),
            conflicting: count(r.conflicting),
            deleted: count(r.deleted),
            restored: count(r.restored),
            rejected: count(r.rejected),
            transaction_ids: r.transaction_ids.into_iter().map(|t| t.0).collect(),
            balance_check: r.balance_check.map(Into::into),
            batch_id: r.batch_id.map(|b| b.0),
        }
    }
}

impl From<js::ConnectionAccount> for imp::records::ConnectionAccount {
    fn from(a: js::ConnectionAccount) -> Self {
        Self::new(a.provider_account_id, AccountId(a.account_id))
    }
}

impl From<imp::records::ConnectionAccount> for js::ConnectionAccount {
    fn from(a: imp::records::ConnectionAccount) -> Self {
        Self { provider_account_id: a.provider_account_id, account_id: a.account_id.0 }
    }
}

impl From<js::NewConnection> for imp::records::NewConnection {
    fn from(c: js::NewConnection) -> Self {
        let mut new =
            Self::new(c.provider.into(), c.institution, c.name, AccountId(c.counter_account));
        new.accounts = c.accounts.into_iter().map(Into::into).collect();
        new.access_token = c.access_token;
        new
    }
}

impl From<js::ConnectionUpdate> for imp::records::ConnectionUpdate {
    fn from(u: js::ConnectionUpdate) -> Self {
        Self {
            name: u.name,
            accounts: u.accounts.map(|a| a.into_iter().map(Into::into).collect()),
            counter_account: u.counter_account.map(AccountId),
            status: u.status.map(Into::into),
        }
    }
}

impl From<imp::records::Connection> for js::Connection {
    fn from(c: imp::records::Connection) -> Self {
        Self {
            id: c.id.0,
            provider: c.provider.into(),
            has_token: c.has_token(),
            institution: c.institution,
            name: c.name,
            accounts: c.accounts.into_iter().map(Into::into).collect(),
            counter_account: c.counter_account.0,
            cursor: c.cursor,
            status: c.status.into(),
            last_sync_at: c.last_sync_at.map(timestamp),
            last_error: c.last_error,
            created_at: timestamp(c.created_at),
            updated_at: timestamp(c.updated_at),
        }
    }
}

impl From<imp::records::SavedCsvProfile> for js::SavedCsvProfile {
    fn from(p: imp::records::SavedCsvProfile) -> Self {
        Self {
            name: p.name,
            profile: serde_json::to_string(&p.profile).unwrap_or_default(),
            header: p.header,
            created_at: timestamp(p.created_at),
        }
    }
}

impl From<imp::records::BatchCounts> for js::BatchCounts {
    fn from(c: imp::records::BatchCounts) -> Self {
        Self {
            new: count(c.new),
            duplicates: count(c.duplicates),
            matched: count(c.matched),
            candidates: count(c.candidates),
            conflicting: count(c.conflicting),
            deleted: count(c.deleted),
            restored: count(c.restored),
            rejected: count(c.rejected),
            modified: count(c.modified),
            removed: count(c.removed),
        }
    }
}

fn ids(list: Vec<TransactionId>) -> Vec<i64> {
    list.into_iter().map(|t| t.0).collect()
}

impl From<imp::records::ImportBatch> for js::ImportBatch {
    fn from(b: imp::records::ImportBatch) -> Self {
        Self {
            id: b.id.0,
            kind: b.kind.into(),
            file: b.file,
            format: b.format.map(Into::into),
            account: b.account.map(|a| a.0),
            connection_id: b.connection_id.map(|c| c.0),
            created_at: timestamp(b.created_at),
            undone_at: b.undone_at.map(timestamp),
            counts: b.counts.into(),
            written: ids(b.written),
            restored: ids(b.restored),
            upgraded: ids(b.upgraded),
            modified: ids(b.modified),
            removed: ids(b.removed),
        }
    }
}

impl From<imp::records::SyncPageResult> for js::SyncPageResult {
    fn from(p: imp::records::SyncPageResult) -> Self {
        Self {
            page: i64::try_from(p.page).unwrap_or(i64::MAX),
            added: count(p.added),
            modified: count(p.modified),
            removed: count(p.removed),
            duplicates: count(p.duplicates),
            matched: count(p.matched),
            candidates: count(p.candidates),
            conflicting: count(p.conflicting),
            deleted: count(p.deleted),
        }
    }
}

impl From<imp::records::SyncResult> for js::SyncResult {
    fn from(r: imp::records::SyncResult) -> Self {
        Self {
            connection: r.connection.into(),
            batch: r.batch.map(Into::into),
            pages: r.pages.into_iter().map(Into::into).collect(),
        }
    }
}

/// A CSV profile from its JSON, for `saveCsvProfile`.
///
/// # Errors
///
/// `invalid_field` naming `csv_profile`.
pub(crate) fn csv_profile_input(json: &str) -> Result<imp::csv::CsvProfile, Failure> {
    csv_profile(json)
}

/// A CSV profile from its JSON (as `suggestCsvProfile` returns it).
///
/// # Errors
///
/// `invalid_field` naming `csv_profile`.
fn csv_profile(json: &str) -> Result<imp::csv::CsvProfile, Failure> {
    serde_json::from_str(json).map_err(|e| {
        core::query::QueryError::InvalidField {
            field: "csv_profile".to_owned(),
            value: json.chars().take(80).collect(),
            reason: format!("not the JSON of a CSV profile: {e}"),
        }
        .into()
    })
}

/// The JSON of a CSV profile, as `parse` and `importFile` take it back.
pub(crate) fn csv_profile_json(profile: &imp::csv::CsvProfile) -> Result<String, Failure> {
    serde_json::to_string(profile).map_err(|e| {
        Failure::from(core::Error::from(core::store::StoreError::Corrupt {
            what: format!("CSV profile as JSON: {e}"),
        }))
    })
}

/// The core's parse options from the JS ones; the input's path names it unless `fileName`
/// does.
fn parse_options(
    file: &InputFile,
    o: Option<js::ParseOptions>,
) -> Result<imp::read::ParseOptions, Failure> {
    let Some(o) = o else {
        return Ok(imp::read::ParseOptions {
            file_name: file.name(None),
            ..imp::read::ParseOptions::default()
        });
    };
    Ok(imp::read::ParseOptions {
        format: o.format.map(Into::into),
        file_name: file.name(o.file_name),
        csv: o.csv_profile.as_deref().map(csv_profile).transpose()?,
        qif_date_order: o.qif_date_order.map(Into::into),
        camt_skip_balance_check: o.camt_skip_balance_check.unwrap_or(false),
        sync_date_if_missing: opt_date(o.sync_date_if_missing.as_deref(), "sync_date_if_missing")?,
        csv_profile_name: o.csv_profile_name,
    })
}

/// The arguments of `imports.parse(pathOrBuffer, options?)`.
pub(crate) fn statement_file(
    input: Either<String, Buffer>,
    options: Option<js::ParseOptions>,
) -> Result<(InputFile, imp::read::ParseOptions), Failure> {
    let file = InputFile::of(input);
    let options = parse_options(&file, options)?;
    Ok((file, options))
}

/// The arguments of `imports.suggestCsvProfile(pathOrBuffer, fileName?)`: the input and the
/// name it goes by (`input` for a Buffer without one).
pub(crate) fn csv_file(
    input: Either<String, Buffer>,
    file_name: Option<String>,
) -> (InputFile, String) {
    let file = InputFile::of(input);
    let name = file.name(file_name).unwrap_or_else(|| "input".to_owned());
    (file, name)
}

/// What `imports.importFile` works on: the input, how to read it, how to import it.
pub(crate) type ImportFile = (InputFile, imp::read::ParseOptions, plan::ImportOptions);

/// The arguments of `imports.importFile(pathOrBuffer, options)`.
pub(crate) fn import_file(
    input: Either<String, Buffer>,
    o: js::ImportOptions,
) -> Result<ImportFile, Failure> {
    let mut options = plan::ImportOptions::new(AccountId(o.account), AccountId(o.counter_account));
    if let Some(mode) = o.mode {
        options.mode = mode.into();
    }
    options.dry_run = o.dry_run.unwrap_or(options.dry_run);
    options.reimport_deleted = o.reimport_deleted.unwrap_or(options.reimport_deleted);
    options.match_days = o.match_days.unwrap_or(options.match_days);
    options.link_score = o.link_score.unwrap_or(options.link_score);
    options.candidate_score = o.candidate_score.unwrap_or(options.candidate_score);
    options.assert_balance = o.assert_balance.unwrap_or(options.assert_balance);
    let parse = js::ParseOptions {
        format: o.format,
        file_name: o.file_name,
        csv_profile: o.csv_profile,
        qif_date_order: o.qif_date_order,
        camt_skip_balance_check: o.camt_skip_balance_check,
        sync_date_if_missing: o.sync_date_if_missing,
        csv_profile_name: o.csv_profile_name,
    };
    let (file, parse) = statement_file(input, Some(parse))?;
    Ok((file, parse, options))
}

/// Typed transaction ids from JS numbers.
pub(crate) fn transaction_ids(ids: Vec<i64>) -> Vec<TransactionId> {
    ids.into_iter().map(TransactionId).collect()
}

// Records of the categorizer, budgets, goals and alerts (and their recursive rule conditions
// and actions) cross the boundary as plain objects shaped as serde shapes the core's types,
// with camelCase keys: one conversion each way, here. Amounts stay decimal strings, dates
// `YYYY-MM-DD`, ids numbers, enums the core's snake_case names (`index.d.ts` declares them).

/// `snake_case` to `camelCase`.
fn camel(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    let mut upper = false;
    for c in key.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// `camelCase` to `snake_case`.
fn snake(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 4);
    for c in key.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

fn rekey(value: serde_json::Value, f: fn(&str) -> String) -> serde_json::Value {
    use serde_json::Value as V;
    match value {
        V::Object(map) => V::Object(map.into_iter().map(|(k, v)| (f(&k), rekey(v, f))).collect()),
        V::Array(list) => V::Array(list.into_iter().map(|v| rekey(v, f)).collect()),
        other => other,
    }
}

/// A core record as the plain JS object it becomes (camelCase keys).
pub(crate) fn plain<T: serde::Serialize>(record: &T) -> serde_json::Value {
    // The core's records always serialize (string keys, no non-finite floats in them).
    rekey(serde_json::to_value(record).unwrap_or(serde_json::Value::Null), camel)
}

/// A list of core records as plain JS objects.
pub(crate) fn plains<T: serde::Serialize>(records: &[T]) -> serde_json::Value {
    serde_json::Value::Array(records.iter().map(plain).collect())
}

/// A core record from the plain JS object given as `field`. A JS number where the core keeps
/// an exact decimal is refused with the boundary's `TypeError` naming the field (found by
/// reading the record back: a decimal comes back as a string); any other mismatch is
/// `invalid_field`.
pub(crate) fn record<T: serde::de::DeserializeOwned + serde::Serialize>(
    value: serde_json::Value,
    field: &str,
) -> Result<T, Failure> {
    let given = rekey(value, snake);
    let parsed: T = serde_json::from_value(given.clone()).map_err(|e| {
        Failure::from(core::query::QueryError::InvalidField {
            field: field.to_owned(),
            value: given.to_string(),
            reason: e.to_string(),
        })
    })?;
    let back = serde_json::to_value(&parsed).unwrap_or(serde_json::Value::Null);
    if let Some(at) = number_for_decimal(&given, &back, field.to_owned()) {
        return Err(Failure::WrongType {
            message: format!(
                "{at}: pass amounts as decimal strings ('12.50'): a JS number cannot hold most cents exactly"
            ),
            field: at,
        });
    }
    Ok(parsed)
}

/// The first path where `given` holds a number and the record read back holds a string.
fn number_for_decimal(
    given: &serde_json::Value,
    back: &serde_json::Value,
    at: String,
) -> Option<String> {
    use serde_json::Value as V;
    match (given, back) {
        (V::Number(_), V::String(_)) => Some(at),
        (V::Object(a), V::Object(b)) => a.iter().find_map(|(k, v)| {
            let path = if at.is_empty() { k.clone() } else { format!("{at}.{k}") };
            b.get(k).and_then(|w| number_for_decimal(v, w, path))
        }),
        (V::Array(a), V::Array(b)) => a
            .iter()
            .zip(b)
            .enumerate()
            .find_map(|(i, (v, w))| number_for_decimal(v, w, format!("{at}[{i}]"))),
        _ => None,
    }
}

/// The request of `categorizer.train(request?)`.
pub(crate) fn train_request(
    request: Option<serde_json::Value>,
) -> Result<core::categorization::TrainRequest, Failure> {
    request.map_or_else(|| Ok(Default::default()), |r| record(r, "request"))
}

/// Fills the keys `value` (an object) leaves out from `defaults`, as the core's builders do.
fn with_defaults(value: serde_json::Value, defaults: serde_json::Value) -> serde_json::Value {
    match (value, defaults) {
        (serde_json::Value::Object(mut given), serde_json::Value::Object(defaults)) => {
            for (k, v) in defaults {
                given.entry(k).or_insert(v);
            }
            serde_json::Value::Object(given)
        }
        (value, _) => value,
    }
}

/// Budget categories with `BudgetCategory::new`'s defaults (surplus rolls, overspending
/// carries, no template).
fn budget_categories(value: serde_json::Value) -> serde_json::Value {
    let mut value = value;
    if let Some(serde_json::Value::Array(list)) = value.get_mut("categories") {
        for c in list.iter_mut() {
            let defaults = serde_json::json!({ "rollover": "roll", "overspend": "carry" });
            *c = with_defaults(std::mem::take(c), defaults);
        }
    }
    value
}

/// A rule, with `NewRule::new`'s defaults (stage `default`, priority 0, enabled).
pub(crate) fn new_rule(value: serde_json::Value) -> Result<core::categorization::NewRule, Failure> {
    let defaults = serde_json::json!({ "stage": "default", "priority": 0, "enabled": true });
    record(with_defaults(value, defaults), "rule")
}

/// A budget, with `NewBudget::new`'s defaults (mode `period`, thresholds 80 and 100, no
/// categories).
pub(crate) fn new_budget(value: serde_json::Value) -> Result<core::budget::NewBudget, Failure> {
    let defaults =
        serde_json::json!({ "mode": "period", "thresholds": [80, 100], "categories": [] });
    record(budget_categories(with_defaults(value, defaults)), "budget")
}

/// A budget update (fields left out stay).
pub(crate) fn budget_update(
    value: serde_json::Value,
) -> Result<core::budget::BudgetUpdate, Failure> {
    record(budget_categories(value), "update")
}

/// A goal, with `NewGoal::new`'s default pace (3 months).
pub(crate) fn new_goal(value: serde_json::Value) -> Result<core::goal::NewGoal, Failure> {
    record(with_defaults(value, serde_json::json!({ "paceMonths": 3 })), "goal")
}

/// A goal update: a field left out stays, `null` clears `deadline` and `expectedAnnualReturn`.
pub(crate) fn goal_update(value: serde_json::Value) -> Result<core::goal::GoalUpdate, Failure> {
    let cleared = |key: &str| value.get(key).is_some_and(serde_json::Value::is_null);
    let (deadline, expected) = (cleared("deadline"), cleared("expectedAnnualReturn"));
    let mut update: core::goal::GoalUpdate = record(value, "update")?;
    if deadline {
        update.deadline = Some(None);
    }
    if expected {
        update.expected_annual_return = Some(None);
    }
    Ok(update)
}

/// An alert filter; left out, every alert not dismissed.
pub(crate) fn alert_filter(value: Option<serde_json::Value>) -> Result<core::AlertFilter, Failure> {
    let defaults =
        serde_json::json!({ "unreadOnly": false, "kinds": [], "includeDismissed": false });
    value.map_or_else(
        || Ok(core::AlertFilter::default()),
        |v| record(with_defaults(v, defaults), "filter"),
    )
}

/// Typed ids from JS numbers.
pub(crate) fn alert_ids(ids: Vec<i64>) -> Vec<core::AlertId> {
    ids.into_iter().map(core::AlertId).collect()
}

// Portfolio records cross the same way: requests are plain objects in the core's serde shape
// with camelCase keys, the builders' defaults filling the fields left out.

/// An enum of the core from its stable snake_case name (`invalid_field` naming `field` else).
pub(crate) fn named<T: serde::de::DeserializeOwned + serde::Serialize>(
    text: &str,
    field: &str,
) -> Result<T, Failure> {
    record(serde_json::Value::String(text.to_owned()), field)
}

/// A security to define, with `NewSecurity::new`'s whole units (scale 0).
pub(crate) fn new_security(
    value: serde_json::Value,
) -> Result<core::portfolio::NewSecurity, Failure> {
    record(with_defaults(value, serde_json::json!({ "scale": 0 })), "security")
}

impl From<core::portfolio::Sale> for js::Sale {
    fn from(s: core::portfolio::Sale) -> Self {
        Self { transaction: s.transaction.into(), gains: plains(&s.gains) }
    }
}

/// A portfolio request (`buy`, `sell`, `incomeReceived`, `reinvest`, `fee`, `split`,
/// `transferInKind`, `returnOfCapital`) with its builder's defaults: no fees, no lots picked
/// (the account's booking method picks).
pub(crate) fn operation<T: serde::de::DeserializeOwned + serde::Serialize>(
    value: serde_json::Value,
) -> Result<T, Failure> {
    record(with_defaults(value, serde_json::json!({ "fees": "0", "lots": [] })), "request")
}

/// A lot filter; left out, everything.
pub(crate) fn lot_filter(
    value: Option<serde_json::Value>,
) -> Result<core::portfolio::LotFilter, Failure> {
    value.map_or_else(|| Ok(Default::default()), |v| record(v, "filter"))
}

/// `HoldingsRequest::new`'s defaults: prices up to 7 days old, half-even rounding.
fn holdings_defaults() -> serde_json::Value {
    serde_json::json!({
        "maxPriceAgeDays": core::rates::DEFAULT_MAX_AGE_DAYS,
        "rounding": "half_even",
    })
}

/// A holdings (or allocation) request with `HoldingsRequest::new`'s defaults.
pub(crate) fn holdings_request(
    value: serde_json::Value,
) -> Result<core::portfolio::valuation::HoldingsRequest, Failure> {
    record(with_defaults(value, holdings_defaults()), "request")
}

/// A returns request with `ReturnsRequest::new`'s defaults (act_365f, prices up to 7 days old).
/// `dayCount` is the stable name of `DayCount::as_str` (the core's serde form spells these
/// differently, `act365_f`), so it is read apart.
pub(crate) fn returns_request(
    value: serde_json::Value,
) -> Result<core::portfolio::performance::ReturnsRequest, Failure> {
    let mut value = value;
    let given = value.as_object_mut().and_then(|o| o.remove("dayCount"));
    let day_count = match given {
        None | Some(serde_json::Value::Null) => Default::default(),
        Some(serde_json::Value::String(text)) => day_count(Some(&text))?,
        Some(other) => day_count(Some(&other.to_string()))?,
    };
    let defaults = serde_json::json!({
        "dayCount": "act365_f",
        "maxPriceAgeDays": core::rates::DEFAULT_MAX_AGE_DAYS,
    });
    let mut request: core::portfolio::performance::ReturnsRequest =
        record(with_defaults(value, defaults), "request")?;
    request.day_count = day_count;
    Ok(request)
}

/// A rebalancing request with `RebalanceRequest::new`'s defaults (no new cash, 1 point of
/// tolerance, prices up to 7 days old).
pub(crate) fn rebalance_request(
    value: serde_json::Value,
) -> Result<core::portfolio::allocation::RebalanceRequest, Failure> {
    let defaults = serde_json::json!({
        "newCash": "0",
        "tolerancePercent": "1",
        "maxPriceAgeDays": core::rates::DEFAULT_MAX_AGE_DAYS,
    });
    record(with_defaults(value, defaults), "request")
}

/// Investment import options with `InvestmentImportOptions::new`'s default asset class.
pub(crate) fn investment_options(
    value: serde_json::Value,
) -> Result<core::portfolio::import::InvestmentImportOptions, Failure> {
    record(with_defaults(value, serde_json::json!({ "defaultAssetClass": "other" })), "options")
}

/// What `portfolio.importFile` works on: the input, its name, how to import it.
pub(crate) type InvestmentFile =
    (InputFile, String, core::portfolio::import::InvestmentImportOptions);

/// The arguments of `portfolio.importFile(pathOrBuffer, options, fileName?)`.
pub(crate) fn investment_file(
    input: Either<String, Buffer>,
    options: serde_json::Value,
    file_name: Option<String>,
) -> Result<InvestmentFile, Failure> {
    let options = investment_options(options)?;
    let (file, name) = csv_file(input, file_name);
    Ok((file, name, options))
}

/// Flows of `xirr`/`xnpv`: as given, and their dates and amounts apart.
pub(crate) type Flows = (Vec<core::portfolio::returns::CashFlow>, Vec<NaiveDate>, Vec<f64>);

/// Dated amounts of `xirr`/`xnpv` (decimal strings, as every amount), and the core's dates and
/// `f64` amounts its solver works on (as `xirr_decimal` converts them).
pub(crate) fn cash_flows(flows: serde_json::Value) -> Result<Flows, Failure> {
    let flows: Vec<core::portfolio::returns::CashFlow> = record(flows, "flows")?;
    let dates = flows.iter().map(|f| f.date).collect();
    let amounts = flows
        .iter()
        .map(|f| rust_decimal::prelude::ToPrimitive::to_f64(&f.amount).unwrap_or(f64::NAN))
        .collect();
    Ok((flows, dates, amounts))
}

/// A day count from its stable name (`DayCount::parse`); `act_365f` (Excel's XIRR) when left
/// out.
pub(crate) fn day_count(text: Option<&str>) -> Result<core::portfolio::returns::DayCount, Failure> {
    use core::portfolio::returns::DayCount;
    text.map_or(Ok(DayCount::default()), |t| {
        DayCount::parse(t).ok_or_else(|| {
            Failure::from(core::query::QueryError::InvalidField {
                field: "day_count".to_owned(),
                value: t.to_owned(),
                reason: "expected act_365f, act_360, act_act_isda, thirty_360_isda, thirty_360e or thirty_360_sia".to_owned(),
            })
        })
    })
}
