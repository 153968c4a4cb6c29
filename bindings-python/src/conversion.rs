//! Every conversion between Python values and the core's types, in one place: amounts
//! (`decimal.Decimal`, `str` or `int`, never `float`), civil dates, ids given as ints or as the
//! record they name, enums as their stable snake_case names, files (a path or bytes), CSV
//! profiles (dicts), valuation options, JSON values and events. The records a call returns are declared, with
//! their conversions, in `records.rs`.

use crate::errors;
use crate::records::{self, Json};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{
    PyBool, PyByteArray, PyBytes, PyDate, PyDateTime, PyDict, PyFloat, PyInt, PyList, PyString,
    PyType,
};
use rust_decimal::Decimal;
use std::str::FromStr;
use tally_core as core;
use tally_core::money::{parse_amount, MoneyError};
use tally_core::transaction::TransactionError;

static DECIMAL: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// An exact amount from Python: a `decimal.Decimal`, a decimal `str` or an `int`.
pub struct Amount(pub Decimal);

impl FromPyObject<'_, '_> for Amount {
    type Error = PyErr;

    fn extract(obj: Borrowed<'_, '_, PyAny>) -> PyResult<Self> {
        let py = obj.py();
        let invalid = |text: String| {
            errors::core(py, MoneyError::InvalidAmount { field: "amount".to_owned(), value: text })
        };
        if obj.is_instance(DECIMAL.import(py, "decimal", "Decimal")?)? {
            let text = obj.str()?.to_cow()?.into_owned();
            // `Decimal('1E+3')` prints in scientific notation; NaN and infinities parse as
            // neither and are refused.
            return Decimal::from_str(&text)
                .or_else(|_| Decimal::from_scientific(&text))
                .map(Amount)
                .map_err(|_| invalid(text));
        }
        if let Ok(text) = obj.cast::<PyString>() {
            let text = text.to_cow()?;
            return parse_amount(&text, "amount").map(Amount).map_err(|e| errors::core(py, e));
        }
        if let Some(int) = integer(&obj) {
            return Decimal::try_from_i128_with_scale(int?, 0)
                .map(Amount)
                .map_err(|_| invalid(obj.str().map(|s| s.to_string()).unwrap_or_default()));
        }
        let type_name = obj.get_type().name()?.to_cow()?.into_owned();
        let hint = if obj.is_instance_of::<PyFloat>() {
            " (a float cannot hold money exactly: use Decimal('12.34') or the string '12.34')"
        } else {
            ""
        };
        Err(PyTypeError::new_err(format!(
            "an amount must be a decimal.Decimal, str or int, not {type_name}{hint}"
        )))
    }
}

/// The value of an integer: a Python `int` or anything with `__index__` (such as a NumPy
/// integer), but not a `bool`; None for other objects.
fn integer(obj: &Borrowed<'_, '_, PyAny>) -> Option<PyResult<i128>> {
    if obj.is_instance_of::<PyBool>() || obj.is_instance_of::<PyFloat>() {
        return None;
    }
    if obj.is_instance_of::<PyInt>() || obj.hasattr("__index__").unwrap_or(false) {
        return Some(obj.extract::<i128>());
    }
    None
}

/// A civil date: a `datetime.date` that is not a `datetime.datetime` (whose time and zone
/// would be silently dropped).
pub struct Day(pub chrono::NaiveDate);

impl FromPyObject<'_, '_> for Day {
    type Error = PyErr;

    fn extract(obj: Borrowed<'_, '_, PyAny>) -> PyResult<Self> {
        if obj.is_instance_of::<PyDateTime>() || !obj.is_instance_of::<PyDate>() {
            let type_name = obj.get_type().name()?.to_cow()?.into_owned();
            return Err(PyTypeError::new_err(format!(
                "a date must be a datetime.date (e.g. date(2026, 10, 3)), not {type_name}"
            )));
        }
        Ok(Day(obj.extract()?))
    }
}

/// A file (rates, a bank statement): its bytes (`bytes`, `bytearray`) or a path to read (`str`
/// or `os.PathLike`).
pub enum FileArg {
    /// The content, as given.
    Bytes(Vec<u8>),
    /// A file to read.
    Path(std::path::PathBuf),
}

impl FromPyObject<'_, '_> for FileArg {
    type Error = PyErr;

    fn extract(obj: Borrowed<'_, '_, PyAny>) -> PyResult<Self> {
        if let Ok(bytes) = obj.cast::<PyBytes>() {
            return Ok(FileArg::Bytes(bytes.as_bytes().to_vec()));
        }
        if let Ok(bytes) = obj.cast::<PyByteArray>() {
            return Ok(FileArg::Bytes(bytes.to_vec()));
        }
        if obj.is_instance_of::<PyString>() || obj.hasattr("__fspath__")? {
            return Ok(FileArg::Path(obj.extract()?));
        }
        let type_name = obj.get_type().name()?.to_cow()?.into_owned();
        Err(PyTypeError::new_err(format!(
            "a file must be a path (str or os.PathLike) or bytes, not {type_name}"
        )))
    }
}

impl FileArg {
    /// The bytes and the name errors give them: a path is read (its name is the path unless
    /// `file_name` is given); a failure to read it is the core's `unreadable_file`.
    pub fn read(self, file_name: Option<String>) -> core::Result<(Vec<u8>, Option<String>)> {
        match self {
            FileArg::Bytes(bytes) => Ok((bytes, file_name)),
            FileArg::Path(path) => {
                let name = file_name.unwrap_or_else(|| path.display().to_string());
                match std::fs::read(&path) {
                    Ok(bytes) => Ok((bytes, Some(name))),
                    Err(e) => Err(core::files::FileError::Unreadable {
                        file: name,
                        reason: e.to_string(),
                    }
                    .into()),
                }
            }
        }
    }
}

/// The valuation options every call in a reporting currency takes.
pub fn valuation_options(
    currency: String,
    valuation: ValuationArg,
    rate_date: Option<Day>,
    max_age_days: u32,
    rounding: RoundingArg,
) -> core::ValuationOptions {
    core::ValuationOptions {
        currency,
        valuation: valuation.0,
        rate_date: rate_date.map(|d| d.0),
        max_age_days,
        rounding: rounding.0,
    }
}

/// Declares an id argument that takes an `int` or the record that carries the id.
macro_rules! id_arg {
    ($(#[$meta:meta])* $name:ident, $id:ty, $record:ident, $field:ident) => {
        $(#[$meta])*
        pub struct $name(pub $id);

        impl FromPyObject<'_, '_> for $name {
            type Error = PyErr;

            fn extract(obj: Borrowed<'_, '_, PyAny>) -> PyResult<Self> {
                if let Ok(record) = obj.cast::<records::$record>() {
                    return Ok($name(record.get().0.$field));
                }
                if let Some(int) = integer(&obj) {
                    let id = i64::try_from(int?)
                        .map_err(|_| pyo3::exceptions::PyOverflowError::new_err("id out of range"))?;
                    return Ok($name(<$id>::from(id)));
                }
                let type_name = obj.get_type().name()?.to_cow()?.into_owned();
                Err(PyTypeError::new_err(format!(
                    "expected an id (int) or a tally.{} record, not {type_name}",
                    stringify!($record)
                )))
            }
        }
    };
}

id_arg!(
    /// A user id, or a `User`.
    UserArg,
    core::UserId,
    User,
    id
);
id_arg!(
    /// A book id, or a `BookInfo`.
    BookArg,
    core::BookId,
    BookInfo,
    id
);
id_arg!(
    /// An account id, or an `Account`.
    AccountArg,
    core::AccountId,
    Account,
    id
);
id_arg!(
    /// A transaction id, or a `Transaction`.
    TransactionArg,
    core::TransactionId,
    Transaction,
    id
);
id_arg!(
    /// A balance assertion id, or a `BalanceAssertion`.
    AssertionArg,
    core::AssertionId,
    BalanceAssertion,
    id
);

/// Declares an enum argument given as its stable snake_case name.
macro_rules! enum_arg {
    ($(#[$meta:meta])* $name:ident, $ty:ty, $field:literal, $parse:expr) => {
        $(#[$meta])*
        pub struct $name(pub $ty);

        impl FromPyObject<'_, '_> for $name {
            type Error = PyErr;

            fn extract(obj: Borrowed<'_, '_, PyAny>) -> PyResult<Self> {
                let text: std::borrow::Cow<'_, str> = obj.extract()?;
                let parse: fn(&str) -> Option<$ty> = $parse;
                parse(&text).map($name).ok_or_else(|| {
                    errors::core(
                        obj.py(),
                        TransactionError::InvalidField {
                            field: $field.to_owned(),
                            value: text.into_owned(),
                            reason: format!("not a {} name", $field),
                        },
                    )
                })
            }
        }
    };
}

enum_arg!(
    /// An account kind name.
    KindArg,
    core::AccountKind,
    "kind",
    core::AccountKind::parse
);
enum_arg!(
    /// An account subtype name.
    SubtypeArg,
    core::AccountSubtype,
    "subtype",
    core::AccountSubtype::parse
);
enum_arg!(
    /// A transaction status name.
    StatusArg,
    core::Status,
    "status",
    core::Status::parse
);
enum_arg!(
    /// A transaction source name.
    SourceArg,
    core::Source,
    "source",
    core::Source::parse
);
enum_arg!(
    /// A member role name.
    RoleArg,
    core::Role,
    "role",
    core::Role::parse
);
enum_arg!(
    /// A commodity kind name.
    CommodityKindArg,
    core::CommodityKind,
    "kind",
    core::CommodityKind::parse
);
enum_arg!(
    /// A valuation name: 'spot' or 'historical'.
    ValuationArg,
    core::Valuation,
    "valuation",
    core::Valuation::parse
);
enum_arg!(
    /// A rate file format name: 'ecb_zip', 'ecb_csv' or 'csv'.
    RateFormatArg,
    core::RateFormat,
    "format",
    core::RateFormat::parse
);
enum_arg!(
    /// A rounding name ('half_even', 'half_up', 'half_down', 'toward_zero', 'away_from_zero',
    /// 'floor' or 'ceiling'), as the core serializes it.
    RoundingArg,
    core::Rounding,
    "rounding",
    |text| serde_json::from_value(serde_json::Value::String(text.to_owned())).ok()
);
enum_arg!(
    /// A sort order name ('ascending' or 'descending'), as the core serializes it.
    OrderArg,
    core::SortOrder,
    "order",
    |text| serde_json::from_value(serde_json::Value::String(text.to_owned())).ok()
);
enum_arg!(
    /// A bank file format name ('csv', 'ofx', 'qif', 'camt053', 'mt940', 'plaid',
    /// 'go_cardless' or 'simple_fin').
    StatementFormatArg,
    core::import::StatementFormat,
    "format",
    core::import::StatementFormat::parse
);
enum_arg!(
    /// An import mode name: 'strict' or 'lenient'.
    ImportModeArg,
    core::import::plan::ImportMode,
    "mode",
    core::import::plan::ImportMode::parse
);
enum_arg!(
    /// A QIF date order name ('day_month', 'month_day' or 'year_month_day'), as the core
    /// serializes it.
    DateOrderArg,
    core::import::qif::DateOrder,
    "qif_date_order",
    |text| serde_json::from_value(serde_json::Value::String(text.to_owned())).ok()
);

/// A CSV column mapping given as the dict `suggest_csv_profile` returns: read through the
/// `json` module into the core's serde form, so its keys and values are the core's.
pub struct CsvProfileArg(pub core::import::csv::CsvProfile);

impl FromPyObject<'_, '_> for CsvProfileArg {
    type Error = PyErr;

    fn extract(obj: Borrowed<'_, '_, PyAny>) -> PyResult<Self> {
        let py = obj.py();
        if !obj.is_instance_of::<PyDict>() {
            let type_name = obj.get_type().name()?.to_cow()?.into_owned();
            return Err(PyTypeError::new_err(format!(
                "a CSV profile must be a dict (as suggest_csv_profile returns it), not {type_name}"
            )));
        }
        let text: String = py.import("json")?.call_method1("dumps", (obj,))?.extract()?;
        serde_json::from_str(&text).map(CsvProfileArg).map_err(|e| {
            errors::core(
                py,
                TransactionError::InvalidField {
                    field: "csv_profile".to_owned(),
                    value: text.clone(),
                    reason: format!("not a CSV profile: {e}"),
                },
            )
        })
    }
}

/// A CSV profile as the plain dict `CsvProfileArg` reads back.
pub fn csv_profile<'py>(
    py: Python<'py>,
    profile: &core::import::csv::CsvProfile,
) -> PyResult<Bound<'py, PyAny>> {
    let value = serde_json::to_value(profile)
        .map_err(|e| PyTypeError::new_err(format!("CSV profile not serializable: {e}")))?;
    json(py, &value)
}

/// The parse options `imports.parse` and `imports.import_file` take as keywords, with the file
/// name found when the file is read.
pub struct ParseArgs {
    /// The format; detected when None.
    pub format: Option<StatementFormatArg>,
    /// The name errors give the input.
    pub file_name: Option<String>,
    /// The column mapping of a CSV file.
    pub csv_profile: Option<CsvProfileArg>,
    /// The date order of a QIF file.
    pub qif_date_order: Option<DateOrderArg>,
    /// Skip the CAMT balance check.
    pub camt_skip_balance_check: bool,
    /// The day given to a bank-sync entry without any date.
    pub sync_date_if_missing: Option<Day>,
    /// The name of a CSV profile saved in the book.
    pub csv_profile_name: Option<String>,
}

impl ParseArgs {
    /// Reads `file` (a path is read here, its name the path unless `file_name` is given) and
    /// gives its bytes with the core's parse options.
    pub fn read(self, file: FileArg) -> core::Result<(Vec<u8>, core::import::read::ParseOptions)> {
        let (bytes, file_name) = file.read(self.file_name)?;
        let options = core::import::read::ParseOptions {
            format: self.format.map(|f| f.0),
            file_name,
            csv: self.csv_profile.map(|p| p.0),
            qif_date_order: self.qif_date_order.map(|d| d.0),
            camt_skip_balance_check: self.camt_skip_balance_check,
            sync_date_if_missing: self.sync_date_if_missing.map(|d| d.0),
            csv_profile_name: self.csv_profile_name,
        };
        Ok((bytes, options))
    }
}

impl<'py> IntoPyObject<'py> for Json {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;

    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json(py, &self.0)
    }
}

/// A JSON value as Python dicts, lists, strings, numbers, booleans and None.
pub fn json<'py>(py: Python<'py>, value: &serde_json::Value) -> PyResult<Bound<'py, PyAny>> {
    use serde_json::Value;
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => i.into_pyobject(py)?.into_any(),
            (None, Some(u)) => u.into_pyobject(py)?.into_any(),
            // Amounts are serialized as strings; any other number is passed on as Python
            // parses it, never through a Rust float.
            _ => py.import("json")?.call_method1("loads", (n.to_string(),))?,
        },
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(items) => {
            PyList::new(py, items.iter().map(|v| json(py, v)).collect::<PyResult<Vec<_>>>()?)?
                .into_any()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (k, v) in map {
                dict.set_item(k, json(py, v)?)?;
            }
            dict.into_any()
        }
    })
}

/// An event as the dict a subscriber receives: `kind`, `book_id` and the ids it names.
pub fn event<'py>(
    py: Python<'py>,
    book: core::BookId,
    event: &core::Event,
) -> PyResult<Bound<'py, PyAny>> {
    let mut value = serde_json::to_value(event)
        .map_err(|e| PyTypeError::new_err(format!("event not serializable: {e}")))?;
    if let Some(map) = value.as_object_mut() {
        map.insert("book_id".to_owned(), serde_json::Value::from(book.0));
    }
    let dict = json(py, &value)?;
    // An alert reaches the callback as the `Alert` record, its amount a `Decimal`.
    if let core::Event::AlertRaised { alert } = event {
        dict.set_item("alert", records::Alert(alert.clone()))?;
    }
    Ok(dict)
}

/// The changes of `accounts.update(account, **changes)`: a keyword given sets the field (None
/// clears the optional ones); a keyword not given leaves it as it is.
pub fn account_update(changes: Option<&Bound<'_, PyDict>>) -> PyResult<core::AccountUpdate> {
    let mut update = core::AccountUpdate::default();
    let Some(changes) = changes else { return Ok(update) };
    for (key, value) in changes.iter() {
        let day = |v: &Bound<'_, PyAny>| Ok::<_, PyErr>(v.extract::<Option<Day>>()?.map(|d| d.0));
        match key.extract::<String>()?.as_str() {
            "name" => update.name = Some(value.extract()?),
            "institution" => update.institution = Some(value.extract()?),
            "color" => update.color = Some(value.extract()?),
            "icon" => update.icon = Some(value.extract()?),
            "opened_on" => update.opened_on = Some(day(&value)?),
            "closed_on" => update.closed_on = Some(day(&value)?),
            "archived" => update.archived = Some(value.extract()?),
            "include_in_net_worth" => update.include_in_net_worth = Some(value.extract()?),
            other => {
                return Err(PyTypeError::new_err(format!(
                    "update() got an unexpected keyword argument '{other}'"
                )))
            }
        }
    }
    Ok(update)
}

/// A plain Python value (dicts, lists, str, int, bool, None, `Decimal`, `date`) as the JSON of
/// a core record's serde form: a `Decimal` becomes its decimal string, a `date` its ISO form. A
/// float is refused as for amounts (it cannot hold money exactly), except where `floats` allows
/// it (a probability such as the categorizer's threshold).
pub fn to_json(obj: &Bound<'_, PyAny>, floats: bool) -> PyResult<serde_json::Value> {
    use serde_json::Value;
    if obj.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if obj.is_instance_of::<PyFloat>() {
        if floats {
            let f: f64 = obj.extract()?;
            return Ok(serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number));
        }
        return Err(PyTypeError::new_err(
            "a float cannot hold money exactly: use Decimal('12.34') or the string '12.34'",
        ));
    }
    if let Some(int) = integer(&obj.as_borrowed()) {
        let int = int?;
        return Ok(i64::try_from(int)
            .map(Value::from)
            .unwrap_or_else(|_| Value::String(int.to_string())));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Value::String(s.to_cow()?.into_owned()));
    }
    if obj.is_instance_of::<PyDate>() {
        return Ok(Value::String(obj.call_method0("isoformat")?.extract()?));
    }
    if let Ok(d) = obj.cast::<PyDict>() {
        let mut map = serde_json::Map::new();
        for (k, v) in d.iter() {
            map.insert(k.extract::<String>()?, to_json(&v, floats)?);
        }
        return Ok(Value::Object(map));
    }
    if obj.is_instance_of::<PyList>() || obj.is_instance_of::<pyo3::types::PyTuple>() {
        let items = obj.try_iter()?.map(|v| to_json(&v?, floats)).collect::<PyResult<_>>()?;
        return Ok(Value::Array(items));
    }
    if let Ok(amount) = obj.extract::<Amount>() {
        return Ok(Value::String(amount.0.to_string()));
    }
    if obj.hasattr("to_dict")? {
        return to_json(&obj.call_method0("to_dict")?, floats);
    }
    let type_name = obj.get_type().name()?.to_cow()?.into_owned();
    Err(PyTypeError::new_err(format!("cannot pass a {type_name} to Tally here")))
}

/// A core record read from its serde form given as a plain Python value (see [`to_json`]); a
/// shape the core does not read is `invalid_field` naming `field`.
pub fn from_py<T: serde::de::DeserializeOwned>(
    obj: &Bound<'_, PyAny>,
    field: &str,
    floats: bool,
) -> PyResult<T> {
    let value = to_json(obj, floats)?;
    serde_json::from_value(value.clone()).map_err(|e| {
        errors::core(
            obj.py(),
            TransactionError::InvalidField {
                field: field.to_owned(),
                value: value.to_string(),
                reason: e.to_string(),
            },
        )
    })
}

/// A core record's serde form as plain Python data (dicts, lists; amounts as decimal strings).
pub fn plain_json<T: serde::Serialize>(value: &T) -> Json {
    Json(serde_json::to_value(value).unwrap_or(serde_json::Value::Null))
}

/// A budget period: a name ('monthly', 'quarterly', 'yearly') or the tagged dict of the core
/// (`{'kind': 'weekly', 'week_start': 'mon'}`, `{'kind': 'custom', 'start': ..., 'end': ...}`).
pub fn period(obj: &Bound<'_, PyAny>) -> PyResult<core::budget::Period> {
    if let Ok(name) = obj.extract::<String>() {
        let dict = PyDict::new(obj.py());
        dict.set_item("kind", name)?;
        return from_py(dict.as_any(), "period", false);
    }
    from_py(obj, "period", false)
}

/// The categories of a budget: each an account (id or `Account`, with the default policies) or
/// the core's dict (`account_id`, `rollover`, `overspend`, `template`).
pub fn budget_categories(items: &Bound<'_, PyAny>) -> PyResult<Vec<core::budget::BudgetCategory>> {
    let mut out = Vec::new();
    for (i, item) in items.try_iter()?.enumerate() {
        let item = item?;
        if item.is_instance_of::<PyDict>() {
            out.push(from_py(&item, &format!("categories[{i}]"), false)?);
        } else {
            out.push(core::budget::BudgetCategory::new(item.extract::<AccountArg>()?.0));
        }
    }
    Ok(out)
}

enum_arg!(
    /// A budget mode name: 'period' or 'envelope'.
    BudgetModeArg,
    core::BudgetMode,
    "mode",
    core::BudgetMode::parse
);
enum_arg!(
    /// An alert kind name.
    AlertKindArg,
    core::AlertKind,
    "kinds",
    core::AlertKind::parse
);

/// A categorization rule to create or test: the core's `NewRule` serde dict (`name`,
/// `condition`, `actions`, and `stage` 'default', `priority` 0, `enabled` True when left out),
/// or a `CategorizationRule` / `RuleProposal.rule` given back (its `id` is ignored).
pub fn new_rule(obj: &Bound<'_, PyAny>) -> PyResult<core::NewRule> {
    let mut value = to_json(obj, false)?;
    if let Some(map) = value.as_object_mut() {
        map.entry("stage").or_insert_with(|| serde_json::Value::from("default"));
        map.entry("priority").or_insert_with(|| serde_json::Value::from(0));
        map.entry("enabled").or_insert_with(|| serde_json::Value::from(true));
    }
    serde_json::from_value(value.clone()).map_err(|e| {
        errors::core(
            obj.py(),
            TransactionError::InvalidField {
                field: "rule".to_owned(),
                value: value.to_string(),
                reason: e.to_string(),
            },
        )
    })
}

/// The transaction filter of `categorizer.apply_rules` (the filters of `transactions.search`).
#[allow(clippy::too_many_arguments)]
pub fn transaction_filter(
    date_from: Option<Day>,
    date_to: Option<Day>,
    accounts: Vec<AccountArg>,
    text: Option<String>,
    amount_min: Option<Amount>,
    amount_max: Option<Amount>,
    tags: Vec<String>,
    statuses: Vec<StatusArg>,
    sources: Vec<SourceArg>,
) -> core::TransactionFilter {
    core::TransactionFilter {
        date_from: date_from.map(|d| d.0),
        date_to: date_to.map(|d| d.0),
        accounts: accounts.into_iter().map(|a| a.0).collect(),
        text,
        amount_min: amount_min.map(|a| a.0),
        amount_max: amount_max.map(|a| a.0),
        tags,
        statuses: statuses.into_iter().map(|s| s.0).collect(),
        sources: sources.into_iter().map(|s| s.0).collect(),
        include_deleted: false,
    }
}

enum_arg!(
    /// An asset class name: 'stock', 'bond', 'etf', 'mutual_fund', 'crypto', 'commodity',
    /// 'real_estate', 'cash' or 'other'.
    AssetClassArg,
    core::portfolio::AssetClass,
    "asset_class",
    core::portfolio::AssetClass::parse
);
enum_arg!(
    /// A booking method name: 'fifo', 'lifo', 'hifo' or 'average'.
    BookingMethodArg,
    core::portfolio::BookingMethod,
    "method",
    core::portfolio::BookingMethod::parse
);
enum_arg!(
    /// An investment operation kind name ('buy', 'sell', 'dividend', ...).
    OperationKindArg,
    core::portfolio::OperationKind,
    "kind",
    core::portfolio::OperationKind::parse
);
enum_arg!(
    /// A day count name: 'act_365f', 'act_360', 'act_act_isda', 'thirty_360_isda',
    /// 'thirty_360e' or 'thirty_360_sia'.
    DayCountArg,
    core::portfolio::returns::DayCount,
    "day_count",
    core::portfolio::returns::DayCount::parse
);

/// Lots picked by the caller: `(lot_id, quantity)` pairs.
pub fn lot_picks(picks: Option<Vec<(i64, Amount)>>) -> Vec<core::portfolio::LotPick> {
    picks
        .unwrap_or_default()
        .into_iter()
        .map(|(id, q)| core::portfolio::LotPick::new(core::portfolio::LotId(id), q.0))
        .collect()
}

/// Target weights: `(kind, key, percent)` tuples (`('security', 'VTI', '60')`,
/// `('asset_class', 'bond', '40')`), `TargetWeight` records or their `to_dict()`.
pub fn target_weights(items: &Bound<'_, PyAny>) -> PyResult<Vec<core::portfolio::TargetWeight>> {
    use core::portfolio::{TargetKey, TargetWeight};
    let mut out = Vec::new();
    for (i, item) in items.try_iter()?.enumerate() {
        let item = item?;
        if let Ok(t) = item.cast::<records::TargetWeight>() {
            out.push(t.get().0.clone());
        } else if let Ok((kind, key, percent)) = item.extract::<(String, String, Amount)>() {
            let key = TargetKey::parse(&kind, &key).ok_or_else(|| {
                errors::core(
                    item.py(),
                    TransactionError::InvalidField {
                        field: format!("targets[{i}]"),
                        value: format!("{kind}:{key}"),
                        reason: "not a security code or an asset class name".to_owned(),
                    },
                )
            })?;
            out.push(TargetWeight { key, percent: percent.0 });
        } else {
            out.push(from_py(&item, &format!("targets[{i}]"), false)?);
        }
    }
    Ok(out)
}

/// An exact amount as the float the core's float-only functions (`xnpv`) take.
pub fn to_f64(amount: Decimal) -> f64 {
    use rust_decimal::prelude::ToPrimitive;
    amount.to_f64().unwrap_or(f64::NAN)
}
