//! Reader of QIF (Quicken Interchange Format) files into [`Statement`]s.
//!
//! QIF (Quicken Interchange Format) is a line format: a `!` header opens a section, every other
//! line is one field (a one-character code, then the value), and `^` ends a record.
//!
//! # Sections
//!
//! - Registers: `!Type:Bank`, `!Type:Cash`, `!Type:CCard`, `!Type:Oth A`, `!Type:Oth L`,
//!   `!Type:Invoice` give [`StatementLine`]s; `!Type:Invst` gives [`InvestmentLine`]s.
//! - `!Account` records (`N` name, `T` type, `/` statement balance date, `$` statement balance)
//!   name the account the registers that follow belong to. Every account the file names is one
//!   [`Statement`], in the order the file first names it; an account named again later (a
//!   Quicken `!Option:AutoSwitch` export names each account in a list, then again before its
//!   register) adds to the same statement. An account's `/` and `$` become its
//!   [`closing_balance`](Statement::closing_balance). Registers before any `!Account` go to
//!   one unnamed statement per register type.
//! - Lists are skipped, whatever they hold: `!Type:Cat`, `!Type:Class`, `!Type:Memorized`,
//!   `!Type:Prices`, `!Type:Tag`, `!Type:Budget`, `!Type:Template`, `!Type:Invitem`.
//!   `!Type:Security` is read only to give [`SecurityInfo::ticker`] (its `S`) to the securities
//!   that investment lines name. `!Option:...` and `!Clear:...` lines are ignored. Any other
//!   header is an error.
//!
//! # Fields of a register record
//!
//! `D` date, `T` amount (`U` where there is no `T`), `P` payee, `M` memo (several `M` lines are
//! joined with a newline), `N` check number (the first one), `C` cleared mark as written
//! (`*`, `c`, `X`, `R`), `L` category as written (`[Checking]`, a transfer, is kept with its
//! brackets; `Food/Class` keeps its class), `A` address lines (the non-empty ones, joined with
//! `, `, are appended to the memo on a new line), `S`/`E`/`$` split category, memo and amount
//! (a split's `%` is ignored). Splits are kept as written: they are not checked against `T`
//! (many real files do not add up; the book checks when it builds a transaction). Other codes
//! (`F`, `K`, `X...`) are ignored. An empty number field (`T`, `U`, `$`, `I`, `Q`, `O` with no
//! value) is an absent one; a value that is not an amount is an error, `$=746.36` (a sample of
//! Intuit's whose `=` is no sign) included. A record without `D`, or a register record without
//! `T`/`U`, is an error; `^` alone (an empty record) is skipped. Quicken's `Opening Balance`
//! record (`L[the account itself]`) stays an ordinary line: it is not turned into
//! [`Statement::opening_balance`]. QIF states no currency, no bank ids and no statement period.
//!
//! In `!Type:Invst`: `N` action ([`InvestmentLine::kind`], as written), `Y` security,
//! `I` price (Quicken's old fractions such as `50 1/2` are read exactly), `Q` quantity,
//! `T` (or `U`) total, `O` commission, `P` payee, `M` memo, `L` category or transfer account,
//! `C` cleared mark. The `$` (amount transferred) is checked to be an amount but not kept.
//!
//! # Signs
//!
//! A register's `T` is already the account's view (negative is a payment out): kept as is.
//! In investments QIF writes `T` and `Q` as positive magnitudes and the action gives the
//! direction, so [`InvestmentLine::total`] is signed as the cash account sees it and
//! [`InvestmentLine::units`] as the holding sees it:
//!
//! - total negated (cash out): `Buy`, `BuyX`, `CvrShrt(X)`, `MiscExp(X)`, `MargInt(X)`,
//!   `XOut`, `WithdrwX`, `ReinvDiv`, `ReinvInt`, `ReinvLg`, `ReinvMd`, `ReinvSh`,
//!   `Exercise`, `ExercisX`; and `ShrsOut` (the value of the shares that leave);
//! - total kept (cash in): `Sell(X)`, `ShtSell(X)`, `Div(X)`, `IntInc(X)`, `CGLong(X)`,
//!   `CGMid(X)`, `CGShort(X)`, `MiscInc(X)`, `RtrnCap(X)`, `XIn`, `ContribX`; and `ShrsIn`
//!   (the value of the shares that come in);
//! - total as written: `Cash` (signed by the file), `StkSplit`, `Reminder`, `Grant`, `Vest`,
//!   `Expire`;
//! - units negated: `Sell`, `SellX`, `ShtSell`, `ShtSellX`, `ShrsOut`; other units as written
//!   (`StkSplit`'s `Q` is the split ratio, as written).
//!
//! Actions are matched without regard to case. An action not in these lists is an error
//! (its sign would be a guess). `O` (commission) is kept positive as written.
//!
//! # Dates
//!
//! `6/1/94`, `06/01/1994`, `6/ 1/94` (space-padded), `2/10'2020` and `12/21' 7` (Quicken's
//! apostrophe before a year of the 2000s), `28.08.2018`, `2018-08-28`. A date whose first part
//! has four digits is always year-month-day. Otherwise the order of day and month is
//! [`QifOptions::date_order`]; when it is `None` it is detected from every date of the file: a
//! first part above 12 means day-month, a second part above 12 means month-day. A file where
//! both happen, or where neither happens while some date reads differently in the two orders
//! (`03/04/10`), is refused with a `malformed_line` error on field `D` (the reason of the
//! second says to pass `date_order`): the order is never guessed. Two-digit years before an apostrophe are 2000 +
//! the year; otherwise `00`-`69` are 2000-2069 and `70`-`99` are 1970-1999. A two-digit year
//! written first (`20-01-05`) is read only with [`DateOrder::YearMonthDay`].
//!
//! # Text
//!
//! UTF-8 (with or without BOM), UTF-16 with a BOM, and otherwise Windows-1252 (what Quicken
//! writes); `\n`, `\r\n` and `\r` line ends. Amounts are read with
//! [`QifOptions::number_style`] (`1,234.56` by default).

use super::amount::{parse_amount, NumberStyle};
use super::{
    InvestmentLine, LineSplit, SecurityInfo, StatedBalance, Statement, StatementFormat,
    StatementLine,
};
use crate::files::FileError;
use crate::Result;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::HashMap;

/// The order of the parts of a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateOrder {
    /// `31/01/2024`, `31.01.24`.
    DayMonth,
    /// `01/31/2024`, `1/31'24`.
    MonthDay,
    /// `2024-01-31`, `24-01-31`.
    YearMonthDay,
}

/// How to read a QIF file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct QifOptions {
    /// The order of the parts of the dates; `None` detects it from the file (see the module
    /// documentation) and refuses a file where it cannot be known.
    pub date_order: Option<DateOrder>,
    /// How amounts are written; `1,234.56` ([`NumberStyle::DOT_COMMA`]) by default.
    pub number_style: NumberStyle,
}

impl Default for QifOptions {
    fn default() -> Self {
        Self { date_order: None, number_style: NumberStyle::DOT_COMMA }
    }
}

/// Parses a QIF file into one statement per account, in file order. `file` names it in
/// errors.
///
/// # Errors
///
/// `unreadable_file` when the input is not QIF (its first line is not a `!` header) or not
/// text; `malformed_line` with the line, field code and value of the first bad field (a date,
/// an amount, an unknown header or investment action, a record without a date or amount), and
/// on field `D` when the order of day and month cannot be known (see [`QifOptions`]).
pub fn parse(bytes: &[u8], file: &str, options: &QifOptions) -> Result<Vec<Statement>> {
    let text = decode(bytes, file)?;
    let text: &str = &text;
    check_start(text, file)?;
    let order = match options.date_order {
        Some(order) => order,
        None => detect_order(text, file)?,
    };
    let mut parser = Parser {
        file,
        order,
        style: options.number_style,
        statements: Vec::new(),
        by_name: HashMap::new(),
        unnamed: Vec::new(),
        current_account: None,
        section: Section::Start,
        securities: Vec::new(),
    };
    let mut fields: Vec<Field<'_>> = Vec::with_capacity(16);
    for (number, raw) in Lines::new(text) {
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        if line.starts_with('!') {
            parser.finish(&fields)?;
            fields.clear();
            parser.header(number, line)?;
            continue;
        }
        if matches!(parser.section, Section::Skip) {
            continue;
        }
        if line.starts_with('^') {
            parser.finish(&fields)?;
            fields.clear();
            continue;
        }
        let mut chars = line.chars();
        let code = chars.next().unwrap_or(' ');
        fields.push(Field { line: number, code, value: chars.as_str().trim() });
    }
    parser.finish(&fields)?;
    parser.attach_securities();
    Ok(parser.statements)
}

/// Decodes the bytes: by BOM, else UTF-8, else Windows-1252.
fn decode<'a>(bytes: &'a [u8], file: &str) -> Result<Cow<'a, str>> {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let body = bytes.get(bom..).unwrap_or_default();
        let (text, had_errors) = encoding.decode_without_bom_handling(body);
        if had_errors {
            return Err(FileError::unreadable(
                file,
                format!(
                    "not a QIF file: its byte order mark says {} but it is not",
                    encoding.name()
                ),
            )
            .into());
        }
        return Ok(text);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(Cow::Borrowed(text)),
        Err(_) => Ok(encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0),
    }
}

/// Refuses what is not QIF: the first non-blank line must be a `!` header.
fn check_start(text: &str, file: &str) -> Result<()> {
    let first = Lines::new(text).map(|(_, l)| l.trim()).find(|l| !l.is_empty());
    match first {
        Some(line) if line.starts_with('!') => Ok(()),
        Some(_) => Err(FileError::unreadable(
            file,
            "not a QIF file: the first line is not a `!` header such as `!Type:Bank`",
        )
        .into()),
        None => Err(FileError::unreadable(file, "not a QIF file: it is empty").into()),
    }
}

/// Lines with their 1-based numbers; `\n`, `\r\n` and `\r` end a line.
struct Lines<'a> {
    rest: &'a str,
    number: u64,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        Self { rest: text, number: 0 }
    }
}

impl<'a> Iterator for Lines<'a> {
    type Item = (u64, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        if self.rest.is_empty() {
            return None;
        }
        self.number += 1;
        let bytes = self.rest.as_bytes();
        let end = bytes.iter().position(|&b| b == b'\n' || b == b'\r');
        let (line, rest) = match end {
            Some(i) => {
                let skip = if bytes.get(i) == Some(&b'\r') && bytes.get(i + 1) == Some(&b'\n') {
                    2
                } else {
                    1
                };
                (
                    self.rest.get(..i).unwrap_or_default(),
                    self.rest.get(i + skip..).unwrap_or_default(),
                )
            }
            None => (self.rest, ""),
        };
        self.rest = rest;
        Some((self.number, line))
    }
}

/// What a `!` line opens.
#[derive(Debug, Clone, Copy)]
enum Header<'a> {
    /// A register of transactions, with its type as written.
    Register { kind: &'a str, invest: bool },
    /// `!Account`.
    Account,
    /// `!Type:Security`.
    Securities,
    /// A list that is skipped.
    List,
    /// `!Option:...`, `!Clear:...`.
    Option,
}

/// Classifies a header line (trimmed).
fn classify<'a>(line: &'a str, number: u64, file: &str) -> Result<Header<'a>> {
    const LISTS: [&str; 8] =
        ["Cat", "Class", "Memorized", "Prices", "Tag", "Budget", "Template", "Invitem"];
    const REGISTERS: [&str; 6] = ["Bank", "Cash", "CCard", "Oth A", "Oth L", "Invoice"];
    let unknown = || {
        FileError::malformed(
            file,
            number,
            "!Type",
            line,
            "unknown QIF header (registers: !Type:Bank, Cash, CCard, Oth A, Oth L, Invst, \
             Invoice; lists: Cat, Class, Memorized, Prices, Security, Tag, Budget; !Account, \
             !Option:, !Clear:)",
        )
    };
    let lower_starts = |prefix: &str| {
        line.get(..prefix.len()).is_some_and(|head| head.eq_ignore_ascii_case(prefix))
    };
    if lower_starts("!Type:") {
        let kind = line.get("!Type:".len()..).unwrap_or_default().trim();
        if kind.eq_ignore_ascii_case("Invst") {
            return Ok(Header::Register { kind, invest: true });
        }
        if REGISTERS.iter().any(|r| r.eq_ignore_ascii_case(kind)) {
            return Ok(Header::Register { kind, invest: false });
        }
        if kind.eq_ignore_ascii_case("Security") {
            return Ok(Header::Securities);
        }
        if LISTS.iter().any(|l| l.eq_ignore_ascii_case(kind)) {
            return Ok(Header::List);
        }
        return Err(unknown().into());
    }
    if line.eq_ignore_ascii_case("!Account") {
        return Ok(Header::Account);
    }
    if lower_starts("!Option:") || lower_starts("!Clear:") {
        return Ok(Header::Option);
    }
    Err(unknown().into())
}

/// A date split into its three parts (digits as written).
#[derive(Debug, Clone, Copy)]
struct DateParts {
    first: u32,
    first_len: usize,
    second: u32,
    second_len: usize,
    third: u32,
    third_len: usize,
    /// The third part follows an apostrophe (`2/10'2020`).
    apostrophe: bool,
}

impl DateParts {
    /// Splits `value` on `/`, `.`, `-` or `'` (spaces around the parts are padding).
    fn split(value: &str) -> Option<Self> {
        let mut seps = [(0usize, ' '); 2];
        let mut count = 0;
        for (i, c) in value.char_indices() {
            if matches!(c, '/' | '.' | '-' | '\'') {
                *seps.get_mut(count)? = (i, c);
                count += 1;
            }
        }
        if count != 2 {
            return None;
        }
        let [(p1, s1), (p2, s2)] = seps;
        if s1 == '\'' {
            return None;
        }
        let part = |text: Option<&str>| -> Option<(u32, usize)> {
            let t = text?.trim();
            if t.is_empty() || t.len() > 4 || !t.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            Some((t.parse().ok()?, t.len()))
        };
        let (first, first_len) = part(value.get(..p1))?;
        let (second, second_len) = part(value.get(p1 + 1..p2))?;
        let (third, third_len) = part(value.get(p2 + 1..))?;
        Some(Self {
            first,
            first_len,
            second,
            second_len,
            third,
            third_len,
            apostrophe: s2 == '\'',
        })
    }

    /// Written year first (four digits).
    fn year_first(&self) -> bool {
        self.first_len == 4
    }

    /// The date in `order`.
    fn date(&self, order: DateOrder) -> std::result::Result<NaiveDate, &'static str> {
        let (year, month, day) = if self.year_first() {
            if self.third_len > 2 {
                return Err("the day has more than two digits");
            }
            (i64::from(self.first), self.second, self.third)
        } else {
            match order {
                DateOrder::YearMonthDay => {
                    if self.third_len > 2 {
                        return Err("not a year-month-day date (date_order is year_month_day)");
                    }
                    (year(self.first, self.first_len, self.apostrophe)?, self.second, self.third)
                }
                DateOrder::DayMonth => {
                    if self.first_len > 2 {
                        return Err("the day has more than two digits");
                    }
                    (year(self.third, self.third_len, self.apostrophe)?, self.second, self.first)
                }
                DateOrder::MonthDay => {
                    if self.first_len > 2 {
                        return Err("the month has more than two digits");
                    }
                    (year(self.third, self.third_len, self.apostrophe)?, self.first, self.second)
                }
            }
        };
        if self.second_len > 2 {
            return Err("the middle part has more than two digits");
        }
        let year = i32::try_from(year).map_err(|_| "year out of range")?;
        NaiveDate::from_ymd_opt(year, month, day).ok_or(match order {
            _ if self.year_first() => "no such date (year-month-day)",
            DateOrder::DayMonth => "no such date in day-month order",
            DateOrder::MonthDay => "no such date in month-day order",
            DateOrder::YearMonthDay => "no such date in year-month-day order",
        })
    }
}

/// A year as written: four digits as is; one or two digits after an apostrophe are 2000 +
/// the year, otherwise 00-69 are 2000-2069 and 70-99 are 1970-1999.
fn year(value: u32, len: usize, apostrophe: bool) -> std::result::Result<i64, &'static str> {
    match len {
        4 => Ok(i64::from(value)),
        1 | 2 if apostrophe || value < 70 => Ok(2000 + i64::from(value)),
        1 | 2 => Ok(1900 + i64::from(value)),
        _ => Err("a year has two or four digits"),
    }
}

/// The sections the date scan and the parser track.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scan {
    Other,
    Register,
    Account,
}

/// Finds the order of day and month from every date of the file (register `D` fields and
/// account `/` fields).
fn detect_order(text: &str, file: &str) -> Result<DateOrder> {
    let mut scan = Scan::Other;
    let mut day_month: Option<(u64, &str, char)> = None;
    let mut month_day: Option<(u64, &str, char)> = None;
    let mut ambiguous: Option<(u64, &str, char)> = None;
    for (number, raw) in Lines::new(text) {
        let line = raw.trim();
        if line.starts_with('!') {
            scan = match classify(line, number, file)? {
                Header::Register { .. } => Scan::Register,
                Header::Account => Scan::Account,
                Header::Option => scan,
                Header::Securities | Header::List => Scan::Other,
            };
            continue;
        }
        let code = match (scan, line.chars().next()) {
            (Scan::Register, Some('D')) => 'D',
            (Scan::Account, Some('/')) => '/',
            _ => continue,
        };
        let value = line.get(1..).unwrap_or_default().trim();
        let parts = DateParts::split(value).ok_or_else(|| {
            FileError::malformed(file, number, &code.to_string(), value, "not a date")
        })?;
        if parts.year_first() {
            continue;
        }
        let (a, b) = (parts.first, parts.second);
        if a > 12 && b > 12 {
            return Err(FileError::malformed(
                file,
                number,
                &code.to_string(),
                value,
                "not a date in either day-month or month-day order",
            )
            .into());
        }
        if a > 12 {
            day_month.get_or_insert((number, value, code));
        } else if b > 12 {
            month_day.get_or_insert((number, value, code));
        } else if a != b {
            ambiguous.get_or_insert((number, value, code));
        }
        if let (Some(dm), Some(md)) = (day_month, month_day) {
            let (later, earlier, what, other) = if dm.0 > md.0 {
                (dm, md, "day-month", "month-day")
            } else {
                (md, dm, "month-day", "day-month")
            };
            return Err(FileError::malformed(
                file,
                later.0,
                &later.2.to_string(),
                later.1,
                &format!(
                    "this date can only be {what} but line {} ('{}') can only be {other}: the \
                     file mixes both orders",
                    earlier.0, earlier.1
                ),
            )
            .into());
        }
    }
    match (day_month, month_day, ambiguous) {
        (Some(_), _, _) => Ok(DateOrder::DayMonth),
        (None, Some(_), _) => Ok(DateOrder::MonthDay),
        (None, None, Some((number, value, code))) => Err(FileError::malformed(
            file,
            number,
            &code.to_string(),
            value,
            "ambiguous date: every date of the file reads as day-month and as month-day; \
             pass date_order (day_month or month_day) in the QIF options",
        )
        .into()),
        // Every date reads the same in both orders (or there is none).
        (None, None, None) => Ok(DateOrder::MonthDay),
    }
}

/// One field line of a record.
#[derive(Debug, Clone, Copy)]
struct Field<'a> {
    line: u64,
    code: char,
    value: &'a str,
}

/// Where the parser is.
#[derive(Debug, Clone, Copy)]
enum Section {
    /// Before any section header.
    Start,
    /// A register, adding to `statements[statement]`.
    Register { statement: usize, invest: bool },
    /// `!Account` records.
    Account,
    /// `!Type:Security` records.
    Securities,
    /// A list that is skipped.
    Skip,
}

struct Parser<'f> {
    file: &'f str,
    order: DateOrder,
    style: NumberStyle,
    statements: Vec<Statement>,
    /// Named accounts: name to index in `statements`.
    by_name: HashMap<String, usize>,
    /// Registers without an account: type as written to index in `statements`.
    unnamed: Vec<(String, usize)>,
    /// The account the last `!Account` record named.
    current_account: Option<usize>,
    section: Section,
    /// `!Type:Security` entries: name and symbol.
    securities: Vec<(String, Option<String>)>,
}

/// How an investment action turns QIF's positive magnitude into a signed value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sign {
    /// The value goes out: negated.
    Negate,
    /// The value comes in, or the file signs it itself: kept.
    Keep,
}

/// `(action, total, units)` for every known action (lower case).
const ACTIONS: [(&str, Sign, Sign); 45] = {
    use Sign::{Keep as K, Negate as N};
    [
        ("buy", N, K),
        ("buyx", N, K),
        ("cvrshrt", N, K),
        ("cvrshrtx", N, K),
        ("miscexp", N, K),
        ("miscexpx", N, K),
        ("margint", N, K),
        ("margintx", N, K),
        ("xout", N, K),
        ("withdrwx", N, K),
        ("reinvdiv", N, K),
        ("reinvint", N, K),
        ("reinvlg", N, K),
        ("reinvmd", N, K),
        ("reinvsh", N, K),
        ("exercise", N, K),
        ("exercisx", N, K),
        ("shrsout", N, N),
        ("sell", K, N),
        ("sellx", K, N),
        ("shtsell", K, N),
        ("shtsellx", K, N),
        ("div", K, K),
        ("divx", K, K),
        ("intinc", K, K),
        ("intincx", K, K),
        ("cglong", K, K),
        ("cglongx", K, K),
        ("cgmid", K, K),
        ("cgmidx", K, K),
        ("cgshort", K, K),
        ("cgshortx", K, K),
        ("miscinc", K, K),
        ("miscincx", K, K),
        ("rtrncap", K, K),
        ("rtrncapx", K, K),
        ("xin", K, K),
        ("contribx", K, K),
        ("shrsin", K, K),
        ("cash", K, K),
        ("stksplit", K, K),
        ("reminder", K, K),
        ("grant", K, K),
        ("vest", K, K),
        ("expire", K, K),
    ]
};

fn signed(value: Decimal, sign: Sign) -> Decimal {
    match sign {
        Sign::Negate => -value,
        Sign::Keep => value,
    }
}

/// Sets `slot` to the first non-empty value.
fn first<'a>(slot: &mut Option<&'a str>, value: &'a str) {
    if slot.is_none() && !value.is_empty() {
        *slot = Some(value);
    }
}

/// Adds a memo line (`M` lines are joined with a newline).
fn push_memo(memo: &mut Option<String>, value: &str) {
    if value.is_empty() {
        return;
    }
    match memo {
        Some(m) => {
            m.push('\n');
            m.push_str(value);
        }
        None => *memo = Some(value.to_owned()),
    }
}

/// Adds an address line (non-empty ones joined with `, `).
fn push_address(address: &mut Option<String>, value: &str) {
    if value.is_empty() {
        return;
    }
    match address {
        Some(a) => {
            a.push_str(", ");
            a.push_str(value);
        }
        None => *address = Some(value.to_owned()),
    }
}

/// The memo with the address appended on a new line.
fn memo_with_address(memo: Option<String>, address: Option<String>) -> Option<String> {
    match (memo, address) {
        (Some(mut m), Some(a)) => {
            m.push('\n');
            m.push_str(&a);
            Some(m)
        }
        (m, None) => m,
        (None, a) => a,
    }
}

/// A field that must appear once: a repeat with another value is an error.
fn once<'a>(
    slot: &mut Option<Field<'a>>,
    field: Field<'a>,
    file: &str,
) -> std::result::Result<(), FileError> {
    match slot {
        Some(prev) if prev.value != field.value => Err(FileError::malformed(
            file,
            field.line,
            &field.code.to_string(),
            field.value,
            &format!(
                "a second {} in one record, unlike line {} ('{}')",
                field.code, prev.line, prev.value
            ),
        )),
        Some(_) => Ok(()),
        None => {
            *slot = Some(field);
            Ok(())
        }
    }
}

/// Parses a price, with Quicken's fractions (`50 1/2`, `3/8`) read exactly.
fn parse_price(value: &str, style: NumberStyle) -> std::result::Result<Decimal, &'static str> {
    let value = value.trim();
    if !value.contains('/') {
        return parse_amount(value, style);
    }
    let (whole, fraction) = match value.rsplit_once(' ') {
        Some((w, f)) => (Some(w.trim()), f),
        None => (None, value),
    };
    let (num, den) = fraction.split_once('/').ok_or("not a price")?;
    let digits = |t: &str| !t.is_empty() && t.len() <= 9 && t.bytes().all(|b| b.is_ascii_digit());
    if !digits(num) || !digits(den) {
        return Err("not a price (a fraction is digits/digits)");
    }
    let num = Decimal::from(num.parse::<u32>().map_err(|_| "not a price")?);
    let den = Decimal::from(den.parse::<u32>().map_err(|_| "not a price")?);
    let part = num.checked_div(den).ok_or("division by zero in a fraction")?;
    if part.checked_mul(den) != Some(num) {
        return Err("the fraction has no exact decimal value");
    }
    let part = part.normalize();
    match whole {
        None => Ok(part),
        Some(w) => {
            let w = parse_amount(w, style)?;
            let total = if w.is_sign_negative() { w - part } else { w + part };
            Ok(total)
        }
    }
}

impl Parser<'_> {
    fn malformed(&self, field: Field<'_>, reason: &str) -> crate::Error {
        FileError::malformed(self.file, field.line, &field.code.to_string(), field.value, reason)
            .into()
    }

    fn date(&self, field: Field<'_>) -> Result<NaiveDate> {
        let parts =
            DateParts::split(field.value).ok_or_else(|| self.malformed(field, "not a date"))?;
        parts.date(self.order).map_err(|reason| self.malformed(field, reason))
    }

    fn amount(&self, field: Field<'_>) -> Result<Decimal> {
        parse_amount(field.value, self.style).map_err(|reason| self.malformed(field, reason))
    }

    /// Opens the section of a header line.
    fn header(&mut self, number: u64, line: &str) -> Result<()> {
        self.section = match classify(line, number, self.file)? {
            Header::Register { kind, invest } => {
                let statement = match self.current_account {
                    Some(index) => {
                        if let Some(s) = self.statements.get_mut(index) {
                            s.account.account_type.get_or_insert_with(|| kind.to_owned());
                        }
                        index
                    }
                    None => self.unnamed_statement(kind),
                };
                Section::Register { statement, invest }
            }
            Header::Account => Section::Account,
            Header::Securities => Section::Securities,
            Header::List => Section::Skip,
            Header::Option => self.section,
        };
        Ok(())
    }

    fn unnamed_statement(&mut self, kind: &str) -> usize {
        if let Some((_, index)) = self.unnamed.iter().find(|(k, _)| k.eq_ignore_ascii_case(kind)) {
            return *index;
        }
        let mut statement = Statement::new(StatementFormat::Qif, self.file);
        statement.account.account_type = Some(kind.to_owned());
        self.statements.push(statement);
        let index = self.statements.len() - 1;
        self.unnamed.push((kind.to_owned(), index));
        index
    }

    /// Ends a record.
    fn finish(&mut self, fields: &[Field<'_>]) -> Result<()> {
        let Some(&head) = fields.first() else {
            return Ok(()); // `^` alone, or no record open
        };
        match self.section {
            Section::Start => Err(self.malformed(
                head,
                "a field before any section header (`!Type:Bank`, `!Account`, ...)",
            )),
            Section::Skip => Ok(()),
            Section::Account => self.account(fields),
            Section::Securities => {
                self.security(fields);
                Ok(())
            }
            Section::Register { statement, invest: false } => {
                let line = self.bank_line(fields)?;
                if let Some(s) = self.statements.get_mut(statement) {
                    s.lines.push(line);
                }
                Ok(())
            }
            Section::Register { statement, invest: true } => {
                let line = self.investment_line(fields)?;
                if let Some(s) = self.statements.get_mut(statement) {
                    s.investments.push(line);
                }
                Ok(())
            }
        }
    }

    /// An `!Account` record.
    fn account(&mut self, fields: &[Field<'_>]) -> Result<()> {
        let mut name = None;
        let mut kind = None;
        let mut balance_date = None;
        let mut balance = None;
        for &f in fields {
            match f.code {
                'N' => first(&mut name, f.value),
                'T' => first(&mut kind, f.value),
                '/' => balance_date = Some(self.date(f)?),
                '$' => balance = Some(self.amount(f)?),
                _ => {} // D description, L credit limit, ...
            }
        }
        let Some(name) = name else {
            let head = fields.first().copied().unwrap_or(Field { line: 0, code: 'N', value: "" });
            return Err(FileError::malformed(
                self.file,
                head.line,
                "N",
                "",
                "an !Account record without a name (N)",
            )
            .into());
        };
        let index = match self.by_name.get(name) {
            Some(&index) => index,
            None => {
                let mut statement = Statement::new(StatementFormat::Qif, self.file);
                statement.account.name = Some(name.to_owned());
                self.statements.push(statement);
                let index = self.statements.len() - 1;
                self.by_name.insert(name.to_owned(), index);
                index
            }
        };
        if let Some(statement) = self.statements.get_mut(index) {
            if let Some(kind) = kind {
                statement.account.account_type.get_or_insert_with(|| kind.to_owned());
            }
            if let (Some(amount), Some(date)) = (balance, balance_date) {
                statement.closing_balance = Some(StatedBalance { amount, date, currency: None });
            }
        }
        self.current_account = Some(index);
        Ok(())
    }

    /// A `!Type:Security` record.
    fn security(&mut self, fields: &[Field<'_>]) {
        let mut name = None;
        let mut symbol = None;
        for f in fields {
            match f.code {
                'N' => first(&mut name, f.value),
                'S' => first(&mut symbol, f.value),
                _ => {}
            }
        }
        if let Some(name) = name {
            self.securities.push((name.to_owned(), symbol.map(str::to_owned)));
        }
    }

    /// A record of a bank-like register.
    fn bank_line(&self, fields: &[Field<'_>]) -> Result<StatementLine> {
        /// A split being read.
        struct Part<'a> {
            head: Field<'a>,
            category: Option<&'a str>,
            memo: Option<&'a str>,
            amount: Option<Decimal>,
        }
        let mut date = None;
        let mut t = None;
        let mut u = None;
        let mut payee = None;
        let mut check = None;
        let mut cleared = None;
        let mut category = None;
        let mut memo = None;
        let mut address = None;
        let mut parts: Vec<Part<'_>> = Vec::new();
        for &f in fields {
            if f.value.is_empty() && matches!(f.code, 'T' | 'U' | '$' | 'I' | 'Q' | 'O') {
                continue; // an empty number is an absent one
            }
            match f.code {
                'D' => once(&mut date, f, self.file)?,
                'T' => once(&mut t, f, self.file)?,
                'U' => once(&mut u, f, self.file)?,
                'P' => first(&mut payee, f.value),
                'N' => first(&mut check, f.value),
                'C' => first(&mut cleared, f.value),
                'L' => first(&mut category, f.value),
                'M' => push_memo(&mut memo, f.value),
                'A' => push_address(&mut address, f.value),
                'S' => parts.push(Part {
                    head: f,
                    category: (!f.value.is_empty()).then_some(f.value),
                    memo: None,
                    amount: None,
                }),
                'E' => match parts.last_mut() {
                    Some(p) if p.memo.is_none() && p.amount.is_none() => {
                        p.memo = (!f.value.is_empty()).then_some(f.value);
                    }
                    _ if f.value.is_empty() => {}
                    _ => parts.push(Part {
                        head: f,
                        category: None,
                        memo: Some(f.value),
                        amount: None,
                    }),
                },
                '$' => {
                    let amount = self.amount(f)?;
                    match parts.last_mut() {
                        Some(p) if p.amount.is_none() => p.amount = Some(amount),
                        _ => parts.push(Part {
                            head: f,
                            category: None,
                            memo: None,
                            amount: Some(amount),
                        }),
                    }
                }
                _ => {} // `%` split percentage, `F` reimbursable, `K`, `X...`
            }
        }
        let head = fields.first().copied().unwrap_or(Field { line: 0, code: 'D', value: "" });
        let date = match date {
            Some(f) => self.date(f)?,
            None => {
                return Err(FileError::malformed(
                    self.file,
                    head.line,
                    "D",
                    "",
                    "a record without a date (D)",
                )
                .into())
            }
        };
        let amount = match t.or(u) {
            Some(f) => self.amount(f)?,
            None => {
                return Err(FileError::malformed(
                    self.file,
                    head.line,
                    "T",
                    "",
                    "a record without an amount (T or U)",
                )
                .into())
            }
        };
        if let (Some(_), Some(u)) = (t, u) {
            self.amount(u)?; // `U` repeats `T`: it must still be an amount
        }
        let mut line = StatementLine::new(head.line, date, amount);
        line.payee = payee.map(str::to_owned);
        line.memo = memo_with_address(memo, address);
        line.check_number = check.map(str::to_owned);
        line.cleared = cleared.map(str::to_owned);
        line.category = category.map(str::to_owned);
        line.splits.reserve_exact(parts.len());
        for p in parts {
            let Some(amount) = p.amount else {
                if p.category.is_none() && p.memo.is_none() {
                    continue;
                }
                return Err(self.malformed(p.head, "a split without an amount ($)"));
            };
            line.splits.push(LineSplit {
                category: p.category.map(str::to_owned),
                memo: p.memo.map(str::to_owned),
                amount,
            });
        }
        Ok(line)
    }

    /// A record of an investment register.
    fn investment_line(&self, fields: &[Field<'_>]) -> Result<InvestmentLine> {
        let mut date = None;
        let mut action = None;
        let mut t = None;
        let mut u = None;
        let mut security = None;
        let mut price = None;
        let mut quantity = None;
        let mut commission = None;
        let mut payee = None;
        let mut cleared = None;
        let mut category = None;
        let mut memo = None;
        let mut address = None;
        for &f in fields {
            if f.value.is_empty() && matches!(f.code, 'T' | 'U' | '$' | 'I' | 'Q' | 'O') {
                continue; // an empty number is an absent one
            }
            match f.code {
                'D' => once(&mut date, f, self.file)?,
                'N' => once(&mut action, f, self.file)?,
                'T' => once(&mut t, f, self.file)?,
                'U' => once(&mut u, f, self.file)?,
                'I' => once(&mut price, f, self.file)?,
                'Q' => once(&mut quantity, f, self.file)?,
                'O' => once(&mut commission, f, self.file)?,
                'Y' => first(&mut security, f.value),
                'P' => first(&mut payee, f.value),
                'C' => first(&mut cleared, f.value),
                'L' => first(&mut category, f.value),
                'M' => push_memo(&mut memo, f.value),
                'A' => push_address(&mut address, f.value),
                '$' => {
                    self.amount(f)?;
                }
                _ => {}
            }
        }
        let head = fields.first().copied().unwrap_or(Field { line: 0, code: 'D', value: "" });
        let Some(action) = action.filter(|a| !a.value.is_empty()) else {
            return Err(FileError::malformed(
                self.file,
                head.line,
                "N",
                "",
                "an investment record without an action (N)",
            )
            .into());
        };
        let Some(&(_, total_sign, units_sign)) =
            ACTIONS.iter().find(|(name, _, _)| name.eq_ignore_ascii_case(action.value))
        else {
            return Err(self.malformed(
                action,
                "unknown investment action (known: Buy, BuyX, Sell, SellX, ShrsIn, ShrsOut, \
                 Div, DivX, IntInc, IntIncX, CGLong, CGMid, CGShort, ReinvDiv, ReinvInt, \
                 ReinvLg, ReinvMd, ReinvSh, MiscInc, MiscExp, MargInt, RtrnCap, XIn, XOut, \
                 Cash, StkSplit, ShtSell, CvrShrt, ContribX, WithdrwX, Reminder, Grant, Vest, \
                 Exercise, Expire and their X forms)",
            ));
        };
        let date = match date {
            Some(f) => self.date(f)?,
            None => {
                return Err(FileError::malformed(
                    self.file,
                    head.line,
                    "D",
                    "",
                    "a record without a date (D)",
                )
                .into())
            }
        };
        let mut line = InvestmentLine::new(head.line, action.value, date);
        if let (Some(_), Some(u)) = (t, u) {
            self.amount(u)?;
        }
        line.total = t.or(u).map(|f| self.amount(f)).transpose()?.map(|v| signed(v, total_sign));
        line.units = quantity.map(|f| self.amount(f)).transpose()?.map(|v| signed(v, units_sign));
        line.unit_price = price
            .map(|f| parse_price(f.value, self.style).map_err(|reason| self.malformed(f, reason)))
            .transpose()?;
        line.fees = commission.map(|f| self.amount(f)).transpose()?;
        line.security_id = security.map(str::to_owned);
        line.payee = payee.map(str::to_owned);
        line.cleared = cleared.map(str::to_owned);
        line.category = category.map(str::to_owned);
        line.memo = memo_with_address(memo, address);
        Ok(line)
    }

    /// Lists the securities each statement's investment lines name, with the ticker of the
    /// `!Type:Security` list where it names them.
    fn attach_securities(&mut self) {
        let list = &self.securities;
        for statement in &mut self.statements {
            for line in &statement.investments {
                let Some(id) = line.security_id.as_deref() else { continue };
                if statement.securities.iter().any(|s| s.id == id) {
                    continue;
                }
                let by_name = list.iter().find(|(name, _)| name == id);
                let by_symbol = list.iter().find(|(_, symbol)| symbol.as_deref() == Some(id));
                let (ticker, name) = match (by_name, by_symbol) {
                    (Some((_, symbol)), _) => (symbol.clone(), Some(id.to_owned())),
                    (None, Some((name, _))) => (Some(id.to_owned()), Some(name.clone())),
                    (None, None) => (None, Some(id.to_owned())),
                };
                statement.securities.push(SecurityInfo {
                    id: id.to_owned(),
                    id_type: None,
                    ticker,
                    name,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    fn parts(text: &str) -> DateParts {
        DateParts::split(text).unwrap_or_else(|| panic!("{text} splits"))
    }

    #[test]
    fn dates_as_quicken_writes_them() {
        let cases = [
            ("6/ 1/94", DateOrder::MonthDay, day(1994, 6, 1)),
            ("2/10'2020", DateOrder::MonthDay, day(2020, 2, 10)),
            ("12/21' 7", DateOrder::MonthDay, day(2007, 12, 21)),
            ("1/2'98", DateOrder::MonthDay, day(2098, 1, 2)),
            ("28.08.2018", DateOrder::DayMonth, day(2018, 8, 28)),
            ("2018-08-28", DateOrder::DayMonth, day(2018, 8, 28)),
            ("2018-08-28", DateOrder::MonthDay, day(2018, 8, 28)),
            ("20-01-05", DateOrder::YearMonthDay, day(2020, 1, 5)),
            ("1/1/69", DateOrder::MonthDay, day(2069, 1, 1)),
            ("1/1/70", DateOrder::MonthDay, day(1970, 1, 1)),
            ("1/1/00", DateOrder::MonthDay, day(2000, 1, 1)),
        ];
        for (text, order, want) in cases {
            assert_eq!(parts(text).date(order), Ok(want), "{text}");
        }
        for (text, order) in [
            ("13/13/20", DateOrder::DayMonth),
            ("2/30/2020", DateOrder::MonthDay),
            ("1/2/123", DateOrder::MonthDay),
            ("01/02/2020", DateOrder::YearMonthDay),
        ] {
            assert!(parts(text).date(order).is_err(), "{text}");
        }
        for text in ["", "1/2", "1/2/3/4", "a/b/c", "1'2/3", "12345/1/2", "1/ /2"] {
            assert!(DateParts::split(text).is_none(), "{text}");
        }
    }

    #[test]
    fn fractions_of_old_prices() {
        let style = NumberStyle::DOT_COMMA;
        assert_eq!(parse_price("50 1/2", style), Ok(dec!(50.5)));
        assert_eq!(parse_price("10 3/8", style), Ok(dec!(10.375)));
        assert_eq!(parse_price("3/8", style), Ok(dec!(0.375)));
        assert_eq!(parse_price("11.260", style), Ok(dec!(11.260)));
        assert!(parse_price("1/3", style).is_err());
        assert!(parse_price("1/0", style).is_err());
        assert!(parse_price("x 1/2", style).is_err());
    }

    #[test]
    fn lines_end_with_lf_crlf_or_cr() {
        let got: Vec<(u64, &str)> = Lines::new("a\r\nb\rc\n\nd").collect();
        assert_eq!(got, vec![(1, "a"), (2, "b"), (3, "c"), (4, ""), (5, "d")]);
    }

    #[test]
    fn every_action_is_listed_once() {
        for (i, (name, _, _)) in ACTIONS.iter().enumerate() {
            assert_eq!(*name, name.to_ascii_lowercase());
            assert!(ACTIONS.iter().skip(i + 1).all(|(other, _, _)| other != name), "{name}");
        }
    }
}
