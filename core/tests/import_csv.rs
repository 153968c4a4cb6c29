//! The CSV reader against reckon's real bank layouts (`shared/data/reckon/spec`): every file of
//! the folder is used, and none is missed (the walk at the end checks it).
//!
//! For each integration case (`spec/integration/<case>/`: `input.csv`, the reckon options in
//! `test_args`, the expected ledger in `output.ledger`) the test builds the equivalent
//! [`CsvProfile`], parses, and compares every transaction with reckon's: date, amount and
//! description. The options reckon was given (`--date-format`, `--comma-separates-cents`,
//! `--csv-separator`, `--contains-header`, `--money-columns`, `--currency`) are read from
//! `test_args` and checked against the profile; what reckon detected by itself (columns, date
//! format) is written in the profile.
//!
//! Reckon's description of a transaction is every column but the date and the amount (and
//! `--ignore-columns`), empty cells left out, joined with `; `, runs of spaces squeezed. Here
//! those columns go to their fields (payee, memo, kind, reference, posted date, balance,
//! account, ...) and the test writes them back in reckon's order and text to compare.
//!
//! Signs. Reckon prints amounts from the bank account's view (positive into the account), as
//! the file gives them unless told `--inverse`; the parser's amounts are positive into the
//! account too, so they match one for one, except in three cases where reckon kept the file's
//! sign and the account is a card or the column is money out:
//!
//! - `inversed_credit_card`: a card export where purchases are positive; the profile says
//!   [`AmountSign::Inverted`], so a purchase of 30.00 is -30.00 here and +30.00 in reckon's output;
//! - `regression/issue_73_account_token_matching`: account `Liabilities:Credit Cards:Visa`, a
//!   car wash of `$27.00`: inverted likewise;
//! - `regression/issue_51_account_tokens`: columns 3 and 4 are money out / money in (the
//!   fourth is empty throughout, so reckon took the third as one signed column); Subway and
//!   Wendy's purchases are money out here.
//!
//! In those three the test compares the parser's amount with the negated reckon amount.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use tally_core::import::amount::NumberStyle;
use tally_core::import::csv::{
    for_each_line, parse, parse_money, suggest_profile, AmountSign, Column, CsvProfile, Direction,
    Encoding, SplitSigns,
};
use tally_core::import::{Statement, StatementLine};

const SPEC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/data/reckon/spec");

fn spec(rel: &str) -> PathBuf {
    Path::new(SPEC).join(rel)
}

fn read(rel: &str) -> Vec<u8> {
    std::fs::read(spec(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_else(|| panic!("{y}-{m}-{d}"))
}

fn dec(text: &str) -> Decimal {
    text.parse().unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn idx(i: usize) -> Option<Column> {
    Some(Column::Index(i))
}

fn name(n: &str) -> Option<Column> {
    Some(Column::Name(n.to_owned()))
}

// ---------------------------------------------------------------------------------------------
// Reckon's expected output.

/// One transaction of reckon's output.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Tx {
    date: NaiveDate,
    amount: Decimal,
    description: String,
}

fn reckon_amount(text: &str) -> Decimal {
    let t = text.trim().trim_end_matches("POUND").trim();
    parse_money(t, NumberStyle::DOT_COMMA).unwrap_or_else(|e| panic!("reckon amount {text}: {e}"))
}

/// A ledger file: `DATE<tab>DESCRIPTION`, then postings; the one posting with an amount is the
/// bank account's (checked against `account`).
fn read_ledger(text: &str, date_format: &str, account: &str) -> Vec<Tx> {
    let mut out = Vec::new();
    for block in text.split("\n\n").map(str::trim_end).filter(|b| !b.trim().is_empty()) {
        let mut lines = block.lines();
        let head = lines.next().unwrap_or_default();
        let (date, description) =
            head.split_once('\t').unwrap_or_else(|| panic!("ledger head {head:?}"));
        let date =
            NaiveDate::parse_from_str(date, date_format).unwrap_or_else(|e| panic!("{date}: {e}"));
        let mut amounts = lines.filter_map(|l| {
            let parts: Vec<&str> = l.split('\t').map(str::trim).filter(|p| !p.is_empty()).collect();
            match parts.as_slice() {
                [acct, amount] => Some((acct.to_string(), reckon_amount(amount))),
                _ => None,
            }
        });
        let (acct, amount) = amounts.next().unwrap_or_else(|| panic!("no amount in {block:?}"));
        assert_eq!(acct, account, "the amount is on the bank account's posting");
        assert!(amounts.next().is_none(), "one amount per transaction");
        out.push(Tx { date, amount, description: description.to_owned() });
    }
    out
}

/// `ask_for_account`'s table: ` 2003-12-24 |  $2,105.00 | CREDIT; ... |`.
fn read_table(text: &str) -> Vec<Tx> {
    text.lines()
        .filter_map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            let date = NaiveDate::parse_from_str(cells.first()?, "%Y-%m-%d").ok()?;
            Some(Tx {
                date,
                amount: reckon_amount(cells.get(1)?),
                description: (*cells.get(2)?).to_owned(),
            })
        })
        .collect()
}

/// Shell words of a `test_args` file (quotes, backslash-newline).
fn shell_words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'\n') => {
                chars.next();
            }
            '\'' | '"' => {
                let w = word.get_or_insert_with(String::new);
                for q in chars.by_ref() {
                    if q == c {
                        break;
                    }
                    w.push(q);
                }
            }
            c if c.is_whitespace() => words.extend(word.take()),
            c => word.get_or_insert_with(String::new).push(c),
        }
    }
    words.extend(word);
    words
}

/// Reckon's options that bear on reading the file.
#[derive(Debug, Default)]
struct Args {
    account: Option<String>,
    date_format: Option<String>,
    ledger_date_format: Option<String>,
    comma_separates_cents: bool,
    separator: Option<String>,
    contains_header: Option<usize>,
    money_columns: Option<(usize, usize)>,
    currency: Option<String>,
    inverse: bool,
}

fn read_args(rel: &str) -> Args {
    let text = String::from_utf8(read(rel)).unwrap_or_default();
    let words = shell_words(&text);
    let mut a = Args::default();
    let mut it = words.iter();
    while let Some(w) = it.next() {
        let mut value = || it.next().cloned().unwrap_or_default();
        match w.as_str() {
            "--account" | "-a" => a.account = Some(value()),
            "--date-format" => a.date_format = Some(value()),
            "--ledger-date-format" => a.ledger_date_format = Some(value()),
            "--comma-separates-cents" => a.comma_separates_cents = true,
            "--csv-separator" => a.separator = Some(value()),
            "--contains-header" => a.contains_header = value().parse().ok(),
            "--money-columns" => {
                let v = value();
                let (x, y) = v.split_once(',').unwrap_or_default();
                a.money_columns = x.parse().ok().zip(y.parse().ok());
            }
            "--currency" | "-c" => a.currency = Some(value()),
            "--inverse" | "-i" => a.inverse = true,
            _ => {}
        }
    }
    a
}

/// The profile says what reckon was told.
fn check_args(case: &str, args: &Args, p: &CsvProfile) {
    if let Some(f) = &args.date_format {
        assert_eq!(p.date_format.as_ref(), Some(f), "{case}: --date-format");
    }
    if args.comma_separates_cents {
        assert_eq!(p.number_style.map(|s| s.decimal), Some(','), "{case}: --comma-separates-cents");
    }
    if let Some(s) = &args.separator {
        let want = if s == "\\t" { '\t' } else { s.chars().next().unwrap_or(',') };
        assert_eq!(p.delimiter, Some(want), "{case}: --csv-separator");
    }
    if let Some(n) = args.contains_header {
        assert_eq!((p.has_header, p.skip_rows + 1), (Some(true), n), "{case}: --contains-header");
    }
    if let Some((x, y)) = args.money_columns {
        assert_eq!(
            (p.debit.clone(), p.credit.clone()),
            (idx(x - 1), idx(y - 1)),
            "{case}: --money-columns"
        );
    }
    if let Some(c) = &args.currency {
        let iso = match c.as_str() {
            "POUND" => "GBP",
            "€" => "EUR",
            other => other,
        };
        assert_eq!(p.account_currency.as_deref(), Some(iso), "{case}: --currency");
    }
    assert!(!args.inverse, "{case}: no case uses --inverse");
}

// ---------------------------------------------------------------------------------------------
// The cases.

/// A part of reckon's description, from a field of the parsed line.
#[derive(Debug, Clone)]
enum Part {
    Payee,
    Memo,
    Kind,
    Reference,
    BankId,
    Check,
    Currency,
    Category,
    /// The statement's account id.
    Account,
    /// The posted date, written in this format.
    Posted(&'static str),
    /// The balance, written with this symbol, decimal and thousands separator.
    Balance(&'static str, char, Option<char>),
    /// The direction cell: its money-out and money-in words.
    Direction(&'static str, &'static str),
}

struct Case {
    dir: &'static str,
    input: &'static str,
    profile: CsvProfile,
    parts: Vec<Part>,
    /// Reckon's amount times this is the parser's (see the module doc).
    sign: i8,
}

fn render_amount(d: Decimal, symbol: &str, decimal: char, thousands: Option<char>) -> String {
    let text = d.abs().to_string();
    let (int, frac) = text.split_once('.').map_or((text.as_str(), None), |(i, f)| (i, Some(f)));
    let mut grouped = String::new();
    for (n, c) in int.chars().enumerate() {
        if n > 0 && (int.len() - n) % 3 == 0 {
            grouped.extend(thousands);
        }
        grouped.push(c);
    }
    let sign = if d.is_sign_negative() && !d.is_zero() { "-" } else { "" };
    match frac {
        Some(f) => format!("{sign}{symbol}{grouped}{decimal}{f}"),
        None => format!("{sign}{symbol}{grouped}"),
    }
}

fn describe(parts: &[Part], statement: &Statement, line: &StatementLine) -> String {
    let texts: Vec<String> = parts
        .iter()
        .filter_map(|part| match part {
            Part::Payee => line.payee.clone(),
            Part::Memo => line.memo.clone(),
            Part::Kind => line.kind.clone(),
            Part::Reference => line.reference.clone(),
            Part::BankId => line.bank_id.clone(),
            Part::Check => line.check_number.clone(),
            Part::Currency => line.currency.clone(),
            Part::Category => line.category.clone(),
            Part::Account => statement.account.account_id.clone(),
            Part::Posted(f) => line.posted_date.map(|d| d.format(f).to_string()),
            Part::Balance(symbol, decimal, thousands) => {
                line.balance.map(|b| render_amount(b, symbol, *decimal, *thousands))
            }
            Part::Direction(out, inn) => {
                Some(if line.amount.is_sign_negative() { *out } else { *inn }.to_owned())
            }
        })
        .collect();
    texts.join("; ")
}

fn cases() -> Vec<Case> {
    let semi = "; ".to_owned();
    let another_bank = CsvProfile {
        delimiter: Some(','),
        has_header: Some(false),
        kind: idx(0),
        date: idx(1),
        date_format: Some("%Y/%m/%d".into()),
        payee: vec![Column::Index(2)],
        amount: idx(3),
        number_style: Some(NumberStyle::DOT_COMMA),
        ..CsvProfile::default()
    };
    let chase = CsvProfile {
        has_header: Some(false),
        kind: idx(0),
        date: idx(1),
        date_format: Some("%Y%m%d%H%M%S".into()),
        payee: vec![Column::Index(2)],
        amount: idx(3),
        number_style: Some(NumberStyle::DOT),
        ..CsvProfile::default()
    };
    let english = |fmt: &str| CsvProfile {
        has_header: Some(false),
        date: idx(0),
        date_format: Some(fmt.into()),
        payee: vec![Column::Index(1)],
        check_number: idx(2),
        debit: idx(3),
        credit: idx(4),
        split_signs: SplitSigns::Signed,
        balance: idx(5),
        number_style: Some(NumberStyle::DOT_COMMA),
        ..CsvProfile::default()
    };
    let english_parts = || vec![Part::Payee, Part::Check, Part::Balance("$", '.', Some(','))];
    let money_column = CsvProfile {
        has_header: Some(true),
        date: name("Date"),
        date_format: Some("%Y/%m/%d".into()),
        payee: vec![Column::Name("Note".into())],
        amount: name("Amount"),
        ..CsvProfile::default()
    };
    let case = |dir: &'static str, profile: CsvProfile, parts: Vec<Part>| Case {
        dir,
        input: "input.csv",
        profile,
        parts,
        sign: 1,
    };
    let chase_case = |dir: &'static str| Case {
        dir,
        input: "../input.csv",
        profile: chase.clone(),
        parts: vec![Part::Kind, Part::Payee],
        sign: 1,
    };
    vec![
        case("another_bank_example", another_bank.clone(), vec![Part::Kind, Part::Payee]),
        case("ask_for_account", another_bank.clone(), vec![Part::Kind, Part::Payee]),
        case(
            "austrian_example",
            CsvProfile {
                delimiter: Some(';'),
                has_header: Some(false),
                account: idx(0),
                payee: vec![Column::Index(1)],
                date: idx(2),
                date_format: Some("%d.%m.%Y".into()),
                posted_date: idx(3),
                amount: idx(4),
                number_style: Some(NumberStyle::COMMA_DOT),
                currency: idx(5),
                ..CsvProfile::default()
            },
            vec![Part::Account, Part::Payee, Part::Posted("%d.%m.%Y"), Part::Currency],
        ),
        case(
            "bom_utf8_file",
            CsvProfile {
                encoding: Some(Encoding::Utf8),
                has_header: Some(true),
                date: name("Date"),
                date_format: Some("%m/%d/%Y".into()),
                payee: vec![Column::Name("Name".into())],
                kind: name("Type"),
                status: name("Status"),
                currency: name("Currency"),
                amount: name("Net"),
                bank_id: name("Transaction ID"),
                memo: vec![Column::Name("Item Title".into()), Column::Name("Note".into())],
                reference: name("Reference Txn ID"),
                balance: name("Balance"),
                join_with: Some(semi.clone()),
                ..CsvProfile::default()
            },
            vec![Part::Payee, Part::Kind, Part::Memo],
        ),
        case(
            "broker_canada_example",
            CsvProfile {
                has_header: Some(false),
                date: idx(0),
                date_format: Some("%Y-%m-%d".into()),
                posted_date: idx(1),
                kind: idx(2),
                payee: vec![Column::Index(3)],
                memo: (4..=7).map(Column::Index).collect(),
                amount: idx(8),
                currency: idx(9),
                join_with: Some(semi.clone()),
                ..CsvProfile::default()
            },
            vec![Part::Posted("%Y-%m-%d"), Part::Kind, Part::Payee, Part::Memo, Part::Currency],
        ),
        chase_case("chase/account_tokens_and_regex"),
        chase_case("chase/default_account_names"),
        chase_case("chase/learn_from_existing"),
        chase_case("chase/simple"),
        case(
            "danish_kroner_nordea_example",
            CsvProfile {
                delimiter: Some(';'),
                has_header: Some(false),
                date: idx(0),
                date_format: Some("%d-%m-%Y".into()),
                payee: vec![Column::Index(1)],
                posted_date: idx(2),
                amount: idx(3),
                balance: idx(4),
                number_style: Some(NumberStyle::COMMA_DOT),
                account_currency: Some("DKK".into()),
                ..CsvProfile::default()
            },
            vec![Part::Payee, Part::Posted("%d-%m-%Y"), Part::Balance("", ',', None)],
        ),
        case("english_date_example", english("%d/%m/%Y"), english_parts()),
        case(
            "extratofake",
            CsvProfile {
                encoding: Some(Encoding::Windows1252),
                has_header: Some(true),
                date: name("Data"),
                date_format: Some("%m/%d/%Y".into()),
                memo: vec![Column::Name("Dependencia Origem".into())],
                payee: vec![Column::Name("Histórico".into())],
                posted_date: name("Data do Balancete"),
                reference: name("Número do documento"),
                amount: name("Valor"),
                number_style: Some(NumberStyle::DOT),
                ..CsvProfile::default()
            },
            vec![Part::Memo, Part::Payee, Part::Reference],
        ),
        case(
            "french_example",
            CsvProfile {
                delimiter: Some(';'),
                has_header: Some(false),
                account: idx(0),
                date: idx(1),
                date_format: Some("%d/%m/%Y".into()),
                payee: vec![Column::Index(2)],
                reference: idx(3),
                amount: idx(4),
                number_style: Some(NumberStyle::COMMA_DOT),
                ..CsvProfile::default()
            },
            vec![Part::Account, Part::Payee, Part::Reference],
        ),
        case("german_date_example", english("%d.%m.%Y"), english_parts()),
        case(
            "harder_date_example",
            CsvProfile {
                has_header: Some(false),
                date: idx(0),
                date_format: Some("%d-%b-%y".into()),
                amount: idx(1),
                payee: vec![Column::Index(4)],
                memo: vec![Column::Index(5)],
                balance: idx(6),
                number_style: Some(NumberStyle::DOT),
                ..CsvProfile::default()
            },
            vec![Part::Payee, Part::Memo, Part::Balance("", '.', None)],
        ),
        case(
            "ing",
            CsvProfile {
                delimiter: Some(','),
                has_header: Some(false),
                date: idx(0),
                date_format: Some("%Y%m%d".into()),
                payee: vec![Column::Index(1)],
                account: idx(2),
                reference: idx(3),
                kind: idx(4),
                direction: Some(Direction::new(5)),
                amount: idx(6),
                number_style: Some(NumberStyle::COMMA_DOT),
                memo: (7..=9).map(Column::Index).collect(),
                join_with: Some(semi.clone()),
                ..CsvProfile::default()
            },
            vec![
                Part::Payee,
                Part::Account,
                Part::Reference,
                Part::Kind,
                Part::Direction("Af", "Bij"),
                Part::Memo,
            ],
        ),
        case(
            "intuit_mint_example",
            CsvProfile {
                has_header: Some(false),
                date: idx(0),
                date_format: Some("%m/%d/%Y".into()),
                payee: vec![Column::Index(1)],
                memo: vec![Column::Index(2)],
                amount: idx(3),
                direction: Some(Direction::new(4)),
                category: idx(5),
                account: idx(6),
                number_style: Some(NumberStyle::DOT_COMMA),
                ..CsvProfile::default()
            },
            vec![
                Part::Payee,
                Part::Memo,
                Part::Direction("debit", "credit"),
                Part::Category,
                Part::Account,
            ],
        ),
        case(
            "invalid_header_example",
            CsvProfile {
                delimiter: Some(';'),
                skip_rows: 3,
                has_header: Some(true),
                date: name("Date de l'opération"),
                date_format: Some("%d/%m/%Y".into()),
                payee: vec![Column::Name("Libellé".into())],
                memo: vec![Column::Name("Détail de l'écriture".into())],
                amount: name("Montant de l'opération"),
                number_style: Some(NumberStyle::COMMA_DOT),
                currency: name("Devise"),
                ..CsvProfile::default()
            },
            vec![Part::Payee, Part::Memo, Part::Currency],
        ),
        Case {
            sign: -1,
            ..case(
                "inversed_credit_card",
                CsvProfile {
                    has_header: Some(false),
                    date: idx(0),
                    date_format: Some("%Y/%m/%d".into()),
                    posted_date: idx(1),
                    bank_id: idx(2),
                    kind: idx(3),
                    reference: idx(4),
                    payee: vec![Column::Index(5)],
                    amount: idx(6),
                    amount_sign: AmountSign::Inverted,
                    ..CsvProfile::default()
                },
                vec![
                    Part::Posted("%Y/%m/%d"),
                    Part::BankId,
                    Part::Kind,
                    Part::Reference,
                    Part::Payee,
                ],
            )
        },
        case("ledger_date_format", english("%d/%m/%Y"), english_parts()),
        case(
            "nationwide",
            CsvProfile {
                delimiter: Some(','),
                has_header: Some(false),
                date: idx(0),
                date_format: Some("%d %b %Y".into()),
                payee: vec![Column::Index(1)],
                memo: vec![Column::Index(2)],
                debit: idx(3),
                credit: idx(4),
                balance: idx(5),
                number_style: Some(NumberStyle::DOT_COMMA),
                account_currency: Some("GBP".into()),
                ..CsvProfile::default()
            },
            vec![Part::Payee, Part::Memo, Part::Balance("£", '.', Some(','))],
        ),
        Case {
            sign: -1,
            ..case(
                "regression/issue_51_account_tokens",
                CsvProfile {
                    has_header: Some(false),
                    date: idx(0),
                    date_format: Some("%m/%d/%Y".into()),
                    payee: vec![Column::Index(1)],
                    debit: idx(2),
                    credit: idx(3),
                    balance: idx(4),
                    ..CsvProfile::default()
                },
                vec![Part::Payee],
            )
        },
        case("regression/issue_64_date_column", money_column.clone(), vec![Part::Payee]),
        Case {
            sign: -1,
            ..case(
                "regression/issue_73_account_token_matching",
                CsvProfile {
                    has_header: Some(true),
                    date: name("Transaction Date"),
                    date_format: Some("%m/%d/%Y".into()),
                    payee: vec![Column::Name("Description".into())],
                    amount: name("Amount"),
                    amount_sign: AmountSign::Inverted,
                    category: name("Category"),
                    ..CsvProfile::default()
                },
                vec![Part::Payee],
            )
        },
        case(
            "regression/issue_85_date_example",
            CsvProfile {
                has_header: Some(false),
                kind: idx(0),
                account: idx(1),
                date: idx(2),
                date_format: Some("%Y-%m-%d".into()),
                payee: vec![Column::Index(4)],
                memo: vec![Column::Index(5)],
                amount: idx(6),
                direction: Some(Direction::new(7)),
                ..CsvProfile::default()
            },
            vec![Part::Kind, Part::Account, Part::Payee, Part::Memo, Part::Direction("D", "C")],
        ),
        case("spanish_date_example", english("%d/%m/%Y"), english_parts()),
        case(
            "suntrust",
            CsvProfile {
                has_header: Some(false),
                date: idx(0),
                date_format: Some("%m/%d/%Y".into()),
                check_number: idx(1),
                payee: vec![Column::Index(2)],
                debit: idx(3),
                credit: idx(4),
                balance: idx(5),
                number_style: Some(NumberStyle::DOT),
                ..CsvProfile::default()
            },
            vec![Part::Check, Part::Payee, Part::Balance("", '.', None)],
        ),
        case(
            "tab_delimited_file",
            CsvProfile {
                delimiter: Some('\t'),
                has_header: Some(false),
                account: idx(0),
                currency: idx(1),
                date: idx(2),
                date_format: Some("%Y%m%d".into()),
                balance: idx(4),
                posted_date: idx(5),
                amount: idx(6),
                number_style: Some(NumberStyle::COMMA_DOT),
                payee: vec![Column::Index(7)],
                account_currency: Some("EUR".into()),
                ..CsvProfile::default()
            },
            vec![Part::Account, Part::Currency, Part::Posted("%Y%m%d"), Part::Payee],
        ),
        case("test_money_column", money_column, vec![Part::Payee]),
        case(
            "two_money_columns",
            CsvProfile { date_format: Some("%m/%d/%Y".into()), ..english("") },
            english_parts(),
        ),
        case(
            "two_money_columns_manual",
            CsvProfile {
                has_header: Some(true),
                date: name("Date"),
                date_format: Some("%Y/%m/%d".into()),
                payee: vec![Column::Name("Summary".into())],
                debit: idx(2),
                credit: idx(3),
                balance: name("Ending balance"),
                memo: ["Remarks", "In/outward transfer account", "Notes"]
                    .map(|n| Column::Name(n.into()))
                    .to_vec(),
                join_with: Some(semi.clone()),
                ..CsvProfile::default()
            },
            vec![Part::Payee, Part::Balance("", '.', None), Part::Memo],
        ),
        Case { input: "input.csv", ..chase_case("unattended_config") },
        case(
            "yyyymmdd_date_example",
            CsvProfile {
                has_header: Some(false),
                kind: idx(0),
                date: idx(1),
                date_format: Some("%Y%m%d".into()),
                payee: vec![Column::Index(2)],
                amount: idx(3),
                ..CsvProfile::default()
            },
            vec![Part::Kind, Part::Payee],
        ),
    ]
}

fn input_path(case: &Case) -> String {
    let p = format!("integration/{}/{}", case.dir, case.input);
    // `chase/<variant>/../input.csv` is `chase/input.csv`.
    match p.split_once("/../") {
        Some((head, tail)) => format!("{}/{tail}", head.rsplit_once('/').map_or("", |(h, _)| h)),
        None => p,
    }
}

fn expected(case: &Case, args: &Args) -> (Vec<Tx>, String) {
    let dir = format!("integration/{}", case.dir);
    if spec(&format!("{dir}/expected_output")).exists() {
        let rel = format!("{dir}/expected_output");
        return (read_table(&String::from_utf8(read(&rel)).unwrap_or_default()), rel);
    }
    let rel = format!("{dir}/output.ledger");
    let text = String::from_utf8(read(&rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let date_format = args.ledger_date_format.as_deref().unwrap_or("%Y-%m-%d");
    let account = args.account.as_deref().unwrap_or_else(|| panic!("{dir}: no --account"));
    (read_ledger(&text, date_format, account), rel)
}

fn ours(case: &Case, statements: &[Statement]) -> Vec<Tx> {
    statements
        .iter()
        .flat_map(|s| {
            s.lines.iter().map(move |l| Tx {
                date: l.date,
                amount: l.amount * Decimal::from(case.sign),
                description: describe(&case.parts, s, l),
            })
        })
        .collect()
}

fn sorted(mut v: Vec<Tx>) -> Vec<Tx> {
    v.sort();
    v
}

// ---------------------------------------------------------------------------------------------
// Tests.

#[test]
fn every_reckon_case_matches() {
    let mut report = Vec::new();
    for case in cases() {
        let args = read_args(&format!("integration/{}/test_args", case.dir));
        check_args(case.dir, &args, &case.profile);
        let input = input_path(&case);
        let statements = parse(&read(&input), &input, &case.profile)
            .unwrap_or_else(|e| panic!("{}: {e}", case.dir));
        let (want, _) = expected(&case, &args);
        let got = sorted(ours(&case, &statements));
        let want = sorted(want);
        assert!(!want.is_empty(), "{}: reckon output read", case.dir);
        assert_eq!(got, want, "{}: dates, amounts and descriptions", case.dir);
        report.push(format!("{:45} {:3} lines: match", case.dir, got.len()));
    }
    eprintln!("{}", report.join("\n"));
    assert_eq!(report.len(), 33);
}

/// Fields beyond reckon's three, checked against the file content.
#[test]
fn fields_of_the_cases() {
    let by_dir = |dir: &str| -> Vec<Statement> {
        let case = cases().into_iter().find(|c| c.dir == dir).unwrap_or_else(|| panic!("{dir}"));
        let input = input_path(&case);
        parse(&read(&input), &input, &case.profile).unwrap_or_else(|e| panic!("{dir}: {e}"))
    };

    // Austrian: account, value date, currency, `+` amounts, ä/ü in UTF-8.
    let s = by_dir("austrian_example");
    assert_eq!(s.len(), 1);
    assert_eq!(s[0].account.account_id.as_deref(), Some("00075757575"));
    assert_eq!(s[0].lines.len(), 13);
    let l = &s[0].lines[4];
    assert_eq!(
        (l.line, l.date, l.posted_date, l.amount),
        (5, day(2014, 1, 7), Some(day(2014, 1, 6)), dec("-37.60"))
    );
    assert_eq!(s[0].lines[2].amount, dec("120.00"));
    assert_eq!(
        s[0].lines[7].payee.as_deref().map(|p| p.contains("Einzugsermächtigung")),
        Some(true)
    );
    assert!(s[0].lines.iter().all(|l| l.currency.as_deref() == Some("EUR")));

    // Suntrust: money out / in, running balances that chain: the closing balance.
    let s = by_dir("suntrust");
    assert_eq!(s[0].lines.len(), 7);
    assert_eq!(s[0].lines[1].check_number.as_deref(), Some("101"));
    assert_eq!(s[0].lines[1].balance, Some(dec("400.00")));
    let closing = s[0].closing_balance.as_ref().unwrap_or_else(|| panic!("closing"));
    assert_eq!((closing.amount, closing.date), (dec("700.00"), day(2014, 11, 17)));

    // Nationwide: pounds, dates out of order but balances chain in file order.
    let s = by_dir("nationwide");
    assert_eq!(s[0].account.currency.as_deref(), Some("GBP"));
    let closing = s[0].closing_balance.as_ref().unwrap_or_else(|| panic!("closing"));
    assert_eq!(
        (closing.amount, closing.date, closing.currency.as_deref()),
        (dec("360.23"), day(2013, 12, 10), Some("GBP"))
    );

    // Newest first: the balances chain backwards, the first line's is the closing balance.
    let s = by_dir("english_date_example");
    let closing = s[0].closing_balance.as_ref().unwrap_or_else(|| panic!("closing"));
    assert_eq!((closing.amount, closing.date), (dec("1750.06"), day(2009, 12, 24)));
    // Balances that do not chain (made-up data) claim no closing balance.
    assert_eq!(by_dir("danish_kroner_nordea_example")[0].closing_balance, None);

    // Tab-delimited: the balance after each line chains; posted date; account.
    let s = by_dir("tab_delimited_file");
    assert_eq!(s[0].account.account_id.as_deref(), Some("123456789"));
    assert_eq!(
        s[0].lines.iter().map(|l| l.amount).collect::<Vec<_>>(),
        [dec("-5.00"), dec("-10.00")]
    );
    let closing = s[0].closing_balance.as_ref().unwrap_or_else(|| panic!("closing"));
    assert_eq!((closing.amount, closing.date), (dec("0.00"), day(2016, 1, 2)));

    // ING: Af/Bij, one statement per own account.
    let s = by_dir("ing");
    assert_eq!(
        s.iter().map(|s| s.account.account_id.clone().unwrap_or_default()).collect::<Vec<_>>(),
        ["Acc", "NL28 INGB 1200 3244 16"]
    );
    assert_eq!(s[0].lines[0].amount, dec("-136.13"));
    assert_eq!(
        s[1].lines.iter().map(|l| l.amount).collect::<Vec<_>>(),
        [dec("375.00"), dec("-257.50")]
    );
    assert_eq!(s[1].lines[0].memo.as_deref(), Some("Opm2"));

    // PayPal (BOM, 41 columns): ids, status, currency, balance.
    let s = by_dir("bom_utf8_file");
    let l = &s[0].lines[0];
    assert_eq!((l.line, l.date, l.amount), (2, day(2019, 12, 27), dec("-7.49")));
    assert_eq!(l.payee.as_deref(), Some("Humble Bundle, Inc."));
    assert_eq!(
        (l.currency.as_deref(), l.balance, l.pending),
        (Some("USD"), Some(dec("705.37")), false)
    );

    // Windows-1252: accents decoded, header names matched through the decoding.
    let s = by_dir("extratofake");
    assert_eq!(s[0].lines.len(), 23);
    assert_eq!(s[0].lines[0].payee.as_deref(), Some("Saldo Anterior"));
    assert_eq!(s[0].lines[22].payee.as_deref(), Some("Pagamento de Título - XXXXXXXXXXXXXXXXXXX"));
    assert_eq!(s[0].lines[22].reference.as_deref(), Some("110501"));
    assert_eq!(s[0].lines[22].line, 24);

    // The inverted card: a purchase is money out, a payment money in.
    let s = by_dir("inversed_credit_card");
    assert_eq!(s[0].lines[0].amount, dec("-30.00"));
    assert_eq!(s[0].lines[3].amount, dec("500.00"));
    assert_eq!(s[0].lines[3].bank_id.as_deref(), Some("2013011901"));

    // Preamble of three lines, then the header, on line 4.
    let s = by_dir("invalid_header_example");
    assert_eq!(s[0].lines.iter().map(|l| l.line).collect::<Vec<_>>(), [5, 6]);

    // Mint: one account named in the file, categories.
    let s = by_dir("intuit_mint_example");
    assert_eq!(s[0].account.account_id.as_deref(), Some("Chequing"));
    assert_eq!(s[0].lines[1].category.as_deref(), Some("Condo Fees"));
}

/// The data fixtures: those that are inputs of a case give that case's lines; the others are
/// checked one by one.
#[test]
fn every_data_fixture() {
    let all = cases();
    let mut seen = 0;
    for entry in std::fs::read_dir(spec("data_fixtures")).unwrap_or_else(|e| panic!("{e}")) {
        let path = entry.unwrap_or_else(|e| panic!("{e}")).path();
        let file = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned();
        if !file.ends_with(".csv") {
            continue;
        }
        seen += 1;
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{e}"));
        let same = all
            .iter()
            .find(|c| std::fs::read(spec(&input_path(c))).ok().as_deref() == Some(&bytes[..]));
        match (same, file.as_str()) {
            (Some(case), _) => {
                let args = read_args(&format!("integration/{}/test_args", case.dir));
                let got =
                    parse(&bytes, &file, &case.profile).unwrap_or_else(|e| panic!("{file}: {e}"));
                assert_eq!(
                    sorted(ours(case, &got)),
                    sorted(expected(case, &args).0),
                    "{file} as {}",
                    case.dir
                );
            }
            (None, "chase.csv") => {
                // The chase input with `CHECK 2656` for `Book Store`.
                let case =
                    all.iter().find(|c| c.dir == "chase/simple").unwrap_or_else(|| panic!("chase"));
                let got = parse(&bytes, &file, &case.profile).unwrap_or_else(|e| panic!("{e}"));
                let lines = &got[0].lines;
                assert_eq!(lines.len(), 9);
                assert_eq!(
                    (lines[1].kind.as_deref(), lines[1].payee.as_deref()),
                    (Some("CHECK"), Some("CHECK 2656"))
                );
                assert_eq!((lines[1].date, lines[1].amount), (day(2009, 12, 24), dec("-20.00")));
                assert_eq!(lines[7].payee.as_deref(), Some("PAYPAL TRANSFER PPD ID: PAYPALSDSL"));
            }
            (None, "bom_utf8_file.csv") => {
                // PayPal's header alone: a statement without lines.
                let case =
                    all.iter().find(|c| c.dir == "bom_utf8_file").unwrap_or_else(|| panic!("bom"));
                let got = parse(&bytes, &file, &case.profile).unwrap_or_else(|e| panic!("{e}"));
                assert_eq!((got.len(), got[0].lines.len()), (1, 0));
            }
            (None, "multi-line-field.csv") => {
                // Venmo: a quoted field over four lines, CRLF; the second record (no date, no
                // amount: the statement's summary) is skipped.
                let p = CsvProfile {
                    has_header: Some(false),
                    bank_id: idx(1),
                    date: idx(2),
                    date_format: Some("%Y-%m-%d".into()),
                    kind: idx(3),
                    status: idx(4),
                    payee: vec![Column::Index(7)],
                    amount: idx(8),
                    number_style: Some(NumberStyle::DOT_COMMA),
                    ..CsvProfile::default()
                };
                let got = parse(&bytes, &file, &p).unwrap_or_else(|e| panic!("{e}"));
                let lines = &got[0].lines;
                assert_eq!(lines.len(), 1);
                let l = &lines[0];
                assert_eq!((l.line, l.date, l.amount), (1, day(2002, 9, 10), dec("-21.59")));
                assert_eq!(
                    (l.payee.as_deref(), l.kind.as_deref(), l.bank_id.as_deref()),
                    (Some("Lyft, Inc"), Some("Merchant Transaction"), Some("311053760"))
                );
                // Reading the summary's columns instead: the record spans lines 2 to 5 and its
                // quoted field keeps its line breaks.
                let summary = CsvProfile {
                    date: idx(2),
                    amount: idx(17),
                    memo: vec![Column::Index(21)],
                    keep_spaces: true,
                    date_format: Some("%Y-%m-%d".into()),
                    ..CsvProfile::default()
                };
                let err =
                    parse(&bytes, &file, &summary).err().map(|e| e.to_string()).unwrap_or_default();
                assert_eq!(
                    err, "multi-line-field.csv:1: column 17: no amount ('')",
                    "record 1 has a date but no amount here"
                );
            }
            (None, "simple.csv") => {
                // No dates, no amounts: refused with the line, column and value.
                let p = CsvProfile {
                    has_header: Some(false),
                    date: idx(0),
                    amount: idx(1),
                    date_format: Some("%Y-%m-%d".into()),
                    number_style: Some(NumberStyle::DOT),
                    ..CsvProfile::default()
                };
                let err = parse(&bytes, &file, &p).err().map(|e| e.to_string());
                assert_eq!(
                    err.as_deref(),
                    Some("simple.csv:1: column 0: not a date in the format %Y-%m-%d ('entry1')")
                );
                // Left to detection, the first row (no date) is the header; the data has no date.
                let p = CsvProfile { has_header: None, date_format: None, number_style: None, ..p };
                let err = parse(&bytes, &file, &p).err().map(|e| e.to_string());
                assert_eq!(err.as_deref(), Some("simple.csv:2: entry1: fits no known format; set it in the profile ('entry4')"));
            }
            (None, other) => panic!("data fixture {other} is not covered"),
        }
    }
    assert_eq!(seen, 26);
}

/// What [`suggest_profile`] makes of every CSV of the spec with no options: the dates and
/// amounts of the transactions parsed with the suggestion, compared with reckon's (as printed:
/// reckon was not told about inverted signs either).
#[test]
fn suggestions_without_options() {
    let mut right = BTreeSet::new();
    let mut report = Vec::new();
    for case in cases() {
        let args = read_args(&format!("integration/{}/test_args", case.dir));
        let input = input_path(&case);
        let (want, _) = expected(&case, &args);
        let want: Vec<(NaiveDate, Decimal)> =
            sorted(want).into_iter().map(|t| (t.date, t.amount)).collect();
        let outcome =
            suggest_profile(&read(&input), &input).and_then(|p| parse(&read(&input), &input, &p));
        let verdict = match outcome {
            Ok(statements) => {
                let mut got: Vec<(NaiveDate, Decimal)> = statements
                    .iter()
                    .flat_map(|s| s.lines.iter().map(|l| (l.date, l.amount)))
                    .collect();
                got.sort();
                if got == want {
                    right.insert(case.dir);
                    "right".to_owned()
                } else {
                    format!("differs: {} lines vs {}", got.len(), want.len())
                }
            }
            Err(e) => format!("refused: {e}"),
        };
        report.push(format!("{:45} {verdict}", case.dir));
    }
    eprintln!("{}", report.join("\n"));
    let refused: BTreeSet<&str> =
        cases().iter().map(|c| c.dir).filter(|d| !right.contains(d)).collect();
    // Every date fits both %d/%m/%Y and %m/%d/%Y (02/12/2009, 07/06/2017): refused, not guessed.
    assert_eq!(
        refused,
        BTreeSet::from([
            "ledger_date_format",
            "regression/issue_73_account_token_matching",
            "spanish_date_example"
        ]),
        "{report:#?}"
    );
    assert_eq!(right.len(), 30);
}

/// Specific suggestions, field by field.
#[test]
fn suggested_profiles() {
    let suggest =
        |rel: &str| suggest_profile(&read(rel), rel).unwrap_or_else(|e| panic!("{rel}: {e}"));

    let p = suggest("integration/invalid_header_example/input.csv");
    assert_eq!((p.delimiter, p.skip_rows, p.has_header), (Some(';'), 3, Some(true)));
    assert_eq!(p.date, name("Date de l'opération"));
    assert_eq!(p.amount, name("Montant de l'opération"));
    assert_eq!(p.payee, vec![Column::Name("Libellé".into())]);
    assert_eq!(p.memo, vec![Column::Name("Détail de l'écriture".into())]);
    assert_eq!(p.currency, name("Devise"));
    assert_eq!(p.date_format.as_deref(), Some("%d/%m/%Y"));
    assert_eq!(p.number_style, Some(NumberStyle::COMMA_DOT));

    let p = suggest("integration/extratofake/input.csv");
    assert_eq!(p.encoding, Some(Encoding::Windows1252));
    assert_eq!((p.date.clone(), p.amount.clone()), (name("Data"), name("Valor")));
    assert_eq!(p.payee, vec![Column::Name("Histórico".into())]);
    assert_eq!(p.reference, name("Número do documento"));
    assert_eq!(p.date_format.as_deref(), Some("%m/%d/%Y"));

    let p = suggest("integration/bom_utf8_file/input.csv");
    assert_eq!(p.encoding, Some(Encoding::Utf8));
    assert_eq!(
        (p.date.clone(), p.amount.clone(), p.balance.clone()),
        (name("Date"), name("Net"), name("Balance"))
    );
    assert_eq!(
        (p.bank_id.clone(), p.kind.clone(), p.status.clone()),
        (name("Transaction ID"), name("Type"), name("Status"))
    );
    assert_eq!(p.payee, vec![Column::Name("Name".into())]);
    assert_eq!(p.direction, None, "amounts are signed: `Balance Impact` is not needed");

    let p = suggest("integration/two_money_columns_manual/input.csv");
    assert_eq!(
        (p.debit.clone(), p.credit.clone(), p.split_signs),
        (name("Withdrawal"), name("Deposit"), SplitSigns::Unsigned)
    );
    assert_eq!(p.balance, name("Ending balance"));

    let p = suggest("integration/two_money_columns/input.csv");
    assert_eq!(
        (p.has_header, p.debit.clone(), p.credit.clone(), p.split_signs),
        (Some(false), idx(3), idx(4), SplitSigns::Signed)
    );

    let p = suggest("integration/suntrust/input.csv");
    assert_eq!(
        (p.debit.clone(), p.credit.clone(), p.balance.clone()),
        (idx(3), idx(4), idx(5)),
        "the balance chains"
    );

    let p = suggest("integration/tab_delimited_file/input.csv");
    assert_eq!(
        (p.delimiter, p.date.clone(), p.posted_date.clone(), p.amount.clone(), p.balance.clone()),
        (Some('\t'), idx(2), idx(5), idx(6), idx(4))
    );

    let p = suggest("integration/ing/input.csv");
    assert_eq!(
        (p.amount.clone(), p.direction.as_ref().map(|d| d.column.clone())),
        (idx(6), Some(Column::Index(5)))
    );
    assert_eq!(p.number_style, Some(NumberStyle::COMMA_DOT));

    let p = suggest("integration/chase/input.csv");
    assert_eq!(
        (p.date.clone(), p.date_format.as_deref(), p.payee.clone()),
        (idx(1), Some("%Y%m%d%H%M%S"), vec![Column::Index(2)])
    );

    let p = suggest("integration/harder_date_example/input.csv");
    assert_eq!(p.date_format.as_deref(), Some("%d-%b-%y"));

    // Ambiguous dates: no format suggested, and parsing with the suggestion says why.
    let rel = "integration/spanish_date_example/input.csv";
    let p = suggest(rel);
    assert_eq!(p.date_format, None);
    let err = parse(&read(rel), "spanish.csv", &p).err().map(|e| e.to_string()).unwrap_or_default();
    assert_eq!(err, "spanish.csv:1: column 0: ambiguous: reads differently as %d/%m/%Y and as %m/%d/%Y; set it in the profile ('02/12/2009')");
    let confirmed = CsvProfile { date_format: Some("%d/%m/%Y".into()), ..p };
    let s = parse(&read(rel), "spanish.csv", &confirmed).unwrap_or_else(|e| panic!("{e}"));
    assert!(s[0].lines.iter().all(|l| l.date == day(2009, 12, 2)));

    // No dates at all.
    let err = suggest_profile(&read("data_fixtures/simple.csv"), "simple.csv")
        .err()
        .map(|e| e.to_string());
    assert_eq!(err.as_deref(), Some("simple.csv: no column holds a date in every row"));
}

/// Every file of the spec folder is used by a test above (or is not a bank file, and says so).
#[test]
fn no_file_is_missed() {
    fn walk(dir: &Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.unwrap_or_else(|e| panic!("{e}")).path();
            if path.is_dir() {
                walk(&path, out);
            } else if let Ok(rel) = path.strip_prefix(SPEC) {
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    let mut files = Vec::new();
    walk(Path::new(SPEC), &mut files);
    let mut used: BTreeSet<String> = BTreeSet::new();
    for case in cases() {
        used.insert(input_path(&case));
        used.insert(format!("integration/{}/test_args", case.dir));
        let args = read_args(&format!("integration/{}/test_args", case.dir));
        used.insert(expected(&case, &args).1);
    }
    for f in &files {
        if f.starts_with("data_fixtures/") && f.ends_with(".csv") {
            used.insert(f.clone()); // every_data_fixture
        }
    }
    // Not bank files: reckon's account-token maps and training ledgers (categorization, not
    // reading), an interactive session's keystrokes, and a ledger command line.
    let not_bank_files = [
        "data_fixtures/51-tokens.yml",
        "data_fixtures/73-tokens.yml",
        "data_fixtures/tokens.yaml",
        "data_fixtures/73-transactions.ledger",
        "integration/chase/account_tokens_and_regex/tokens.yml",
        "integration/chase/learn_from_existing/learn.ledger",
        "integration/regression/issue_51_account_tokens/tokens.yml",
        "integration/regression/issue_73_account_token_matching/tokens.yml",
        "integration/unattended_config/tokens.yml",
        "integration/ask_for_account/cli_input.txt",
        "integration/ledger_date_format/compare_cmds",
    ];
    for f in not_bank_files {
        assert!(files.iter().any(|g| g == f), "{f} exists");
        used.insert(f.to_owned());
    }
    let missed: Vec<&String> = files.iter().filter(|f| !used.contains(*f)).collect();
    assert!(missed.is_empty(), "files not covered: {missed:?}");
    assert_eq!(files.len(), 133);
}

/// A long file streams: a million-line shape, here 200,000 lines, read through `for_each_line`
/// without keeping lines.
#[test]
fn streams_a_long_file() {
    struct Gen {
        row: u64,
        rows: u64,
        buf: Vec<u8>,
        at: usize,
    }
    impl std::io::Read for Gen {
        fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
            if self.at >= self.buf.len() {
                if self.row > self.rows {
                    return Ok(0);
                }
                self.buf.clear();
                self.at = 0;
                let line = if self.row == 0 {
                    "Buchungstag;Empfänger;Verwendungszweck;Betrag;Saldo\n".to_owned()
                } else {
                    format!(
                        "{:02}.{:02}.2024;Händler {};Rechnung   {};-{},{:02};0,00\n",
                        self.row % 28 + 1,
                        self.row % 12 + 1,
                        self.row % 97,
                        self.row,
                        self.row % 1000,
                        self.row % 100
                    )
                };
                self.buf.extend_from_slice(line.as_bytes());
                self.row += 1;
            }
            let n = out.len().min(self.buf.len() - self.at);
            out[..n].copy_from_slice(&self.buf[self.at..self.at + n]);
            self.at += n;
            Ok(n)
        }
    }
    let rows = 200_000;
    let p = CsvProfile {
        date: name("Buchungstag"),
        amount: name("Betrag"),
        payee: vec![Column::Name("Empfänger".into())],
        memo: vec![Column::Name("Verwendungszweck".into())],
        ..CsvProfile::default()
    };
    let mut count = 0u64;
    let mut total = Decimal::ZERO;
    let mut last_line = 0;
    let heads =
        for_each_line(Gen { row: 0, rows, buf: Vec::new(), at: 0 }, "gen.csv", &p, |_, l| {
            count += 1;
            total += l.amount;
            last_line = l.line;
            if l.line == 2 {
                assert_eq!(l.memo.as_deref(), Some("Rechnung 1"));
            }
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((count, last_line, heads.len()), (rows, rows + 1, 1));
    let want: Decimal = (1..=rows)
        .map(|r| -(Decimal::from(r % 1000) + Decimal::new(i64::try_from(r % 100).unwrap_or(0), 2)))
        .sum();
    assert_eq!(total, want);
}
