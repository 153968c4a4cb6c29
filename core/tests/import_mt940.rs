//! MT940/MT942 import (`tally_core::import::mt940`) against the shared test data of three
//! other parsers, every file of each folder:
//!
//! - `crate-mt940/tests/data`: the Rust crate `mt940`, a `.json` of its output beside most
//!   `.sta`; compared per statement on the account, the opening and closing balance (amount
//!   and date) and per line on the value and entry date, the signed amount and the customer
//!   and bank references.
//! - `mt940/mt940_tests`: PyPI `mt-940` 5.1.1, `*.sta.expected.json` beside each `.sta`; the
//!   transactions of a file (it does not separate statements) compared on the signed amount,
//!   the value and entry date and the description (the joined `:86:` text, without
//!   whitespace), the statement fields on the account and balances.
//! - `npm-mt940js/test`: the npm `mt940js` fixtures (no expected output there): checked
//!   against the file content.
//!
//! The files that these parsers expect to fail, and every accepted difference, are listed
//! below with the reason.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use tally_core::files::FileError;
use tally_core::import::mt940::{parse, Encoding, Mt940Options};
use tally_core::import::{Statement, StatementAccount, StatementLine};
use tally_core::Error;

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/data");

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display())) {
            let path = entry.expect("dir entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// The path below `root`, with `/`.
fn rel(path: &Path, root: &Path) -> String {
    path.strip_prefix(root).expect("below root").to_string_lossy().replace('\\', "/")
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn lenient() -> Mt940Options {
    Mt940Options::default()
}

fn strict() -> Mt940Options {
    Mt940Options { strict: true, ..Mt940Options::default() }
}

fn run(path: &Path, name: &str, options: &Mt940Options) -> Result<Vec<Statement>, Error> {
    parse(&read(path), name, options)
}

fn json(path: &Path) -> Value {
    serde_json::from_slice(&read(path)).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn dec(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text.get(..10).unwrap_or(text), "%Y-%m-%d")
        .unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

/// Text without any whitespace, for comparing texts joined differently.
fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// `text` without the subfield marks `?NN` of German structured `:86:`.
fn without_marks(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        let mark = c == '?'
            && chars.get(i + 1).is_some_and(char::is_ascii_digit)
            && chars.get(i + 2).is_some_and(char::is_ascii_digit);
        if mark {
            i += 3;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// Whether `needle` is in `hay` in order, other characters in between allowed.
fn subsequence(needle: &str, hay: &str) -> bool {
    let mut it = hay.chars();
    needle.chars().all(|c| it.any(|h| h == c))
}

fn str_of(v: &Value) -> Option<&str> {
    v.as_str()
}

/// Whether our account is the one the file writes: `raw` with the `/` after the bank and a
/// currency written after the account taken apart.
fn same_account(raw: &str, ours: &StatementAccount) -> bool {
    let raw = raw.trim();
    let joined = match (&ours.bank_id, &ours.account_id) {
        (Some(bank), Some(account)) => format!("{bank}/{account}"),
        (None, Some(account)) => account.clone(),
        _ => return false,
    };
    if raw == joined {
        return true;
    }
    match &ours.currency {
        Some(c) => raw == format!("{joined}{c}") || raw == format!("{joined}/{c}"),
        None => false,
    }
}

/// The error of a file that must fail.
fn file_error(result: Result<Vec<Statement>, Error>, what: &str) -> (Error, FileError) {
    match result {
        Err(Error::File(fe)) => (Error::File(fe.clone()), fe),
        Err(other) => panic!("{what}: not a file error: {other:?}"),
        Ok(st) => panic!("{what}: parsed into {} statements, must fail", st.len()),
    }
}

fn malformed(fe: &FileError) -> (u64, &str, &str) {
    match fe {
        FileError::Malformed { line, field, value, .. } => (*line, field.as_str(), value.as_str()),
        FileError::Unreadable { .. } => panic!("malformed expected, got {fe:?}"),
    }
}

/// Opening plus lines is closing, for every statement that states both.
fn balances_add_up(statements: &[Statement]) -> bool {
    statements.iter().all(|s| match (&s.opening_balance, &s.closing_balance) {
        (Some(o), Some(c)) => {
            o.amount + s.lines.iter().map(|l| l.amount).sum::<Decimal>() == c.amount
        }
        _ => true,
    })
}

// ---------------------------------------------------------------------------------------------
// crate-mt940

/// A statement as the crate's JSON has it, in the compared form.
#[derive(Debug, PartialEq)]
struct NormStatement {
    account: String,
    opening: Option<(Decimal, NaiveDate)>,
    closing: Option<(Decimal, NaiveDate)>,
    lines: Vec<NormLine>,
}

#[derive(Debug, PartialEq)]
struct NormLine {
    date: NaiveDate,
    entry: Option<NaiveDate>,
    amount: Decimal,
    /// `None` for `NONREF`; `Pointer` for `KREF+`/`EREF` (resolved from `:86:` by us).
    reference: Reference,
    bank: Option<String>,
}

#[derive(Debug, PartialEq)]
enum Reference {
    None,
    Pointer,
    Text(String),
}

fn crate_balance(v: &Value) -> Option<(Decimal, NaiveDate)> {
    let amount = dec(v.get("amount")?.as_str()?);
    let sign = v.get("debit_credit_indicator")?.as_str()?;
    let amount = if sign == "Debit" { -amount } else { amount };
    Some((amount, day(v.get("date")?.as_str()?)))
}

fn crate_expected(v: &Value) -> Vec<NormStatement> {
    v.as_array()
        .expect("a list of messages")
        .iter()
        .map(|m| NormStatement {
            account: m["account_id"].as_str().expect("account_id").trim().to_owned(),
            opening: crate_balance(&m["opening_balance"]),
            closing: crate_balance(&m["closing_balance"]),
            lines: m["statement_lines"]
                .as_array()
                .expect("statement_lines")
                .iter()
                .map(|l| {
                    let amount = dec(l["amount"].as_str().expect("amount"));
                    // `RC` is the crate's ReverseDebit (money out), `RD` its ReverseCredit.
                    let amount = match l["ext_debit_credit_indicator"].as_str() {
                        Some("Debit" | "ReverseDebit") => -amount,
                        _ => amount,
                    };
                    let reference = match l["customer_ref"].as_str().map(str::trim) {
                        None | Some("" | "NONREF") => Reference::None,
                        Some("KREF+" | "EREF") => Reference::Pointer,
                        Some(r) => Reference::Text(r.to_owned()),
                    };
                    NormLine {
                        date: day(l["value_date"].as_str().expect("value_date")),
                        entry: l["entry_date"].as_str().map(day),
                        amount,
                        reference,
                        // `NONREF` as the bank's reference means none.
                        bank: l["bank_ref"]
                            .as_str()
                            .map(str::trim)
                            .filter(|b| *b != "NONREF")
                            .map(str::to_owned),
                    }
                })
                .collect(),
        })
        .collect()
}

fn crate_ours(statements: &[Statement], expected: &[NormStatement]) -> Vec<NormStatement> {
    statements
        .iter()
        .enumerate()
        .map(|(i, s)| NormStatement {
            // The raw form when ours is the same account, to compare the rest.
            account: match expected.get(i) {
                Some(e) if same_account(&e.account, &s.account) => e.account.clone(),
                _ => format!("{:?}", s.account),
            },
            opening: s.opening_balance.as_ref().map(|b| (b.amount, b.date)),
            closing: s.closing_balance.as_ref().map(|b| (b.amount, b.date)),
            lines: s
                .lines
                .iter()
                .enumerate()
                .map(|(k, l)| {
                    let pointer = expected
                        .get(i)
                        .and_then(|e| e.lines.get(k))
                        .is_some_and(|e| e.reference == Reference::Pointer);
                    let written = l.reference.clone().or_else(|| l.check_number.clone());
                    let reference = match written {
                        // A pointer resolved to the keyword's text.
                        Some(r) if pointer && r != "KREF+" && r != "EREF" => Reference::Pointer,
                        Some(r) => Reference::Text(r),
                        None => Reference::None,
                    };
                    NormLine {
                        date: l.date,
                        entry: l.posted_date,
                        amount: l.amount,
                        reference,
                        bank: l.bank_id.clone(),
                    }
                })
                .collect(),
        })
        .collect()
}

/// The differences between two lists of statements, one line each.
fn compare_statements(ours: &[NormStatement], expected: &[NormStatement]) -> Vec<String> {
    let mut out = Vec::new();
    if ours.len() != expected.len() {
        out.push(format!("{} statements, expected {}", ours.len(), expected.len()));
    }
    for (i, (o, e)) in ours.iter().zip(expected).enumerate() {
        if o.account != e.account {
            out.push(format!("statement {i}: account {} expected {}", o.account, e.account));
        }
        if (o.opening, o.closing) != (e.opening, e.closing) {
            out.push(format!(
                "statement {i}: balances {:?} {:?} expected {:?} {:?}",
                o.opening, o.closing, e.opening, e.closing
            ));
        }
        if o.lines.len() != e.lines.len() {
            out.push(format!("statement {i}: {} lines, expected {}", o.lines.len(), e.lines.len()));
        }
        for (k, (ol, el)) in o.lines.iter().zip(&e.lines).enumerate() {
            if ol != el {
                out.push(format!("statement {i} line {k}: {ol:?} expected {el:?}"));
            }
        }
    }
    out
}

/// The crate sanitizes text to the SWIFT character set before parsing (`*` becomes `.`,
/// `ü` becomes `u`): references compared after the same step.
fn swift_charset(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            'a'..='z'
            | 'A'..='Z'
            | '0'..='9'
            | '/'
            | '-'
            | '?'
            | ':'
            | '('
            | ')'
            | '.'
            | ','
            | '\''
            | '+'
            | '{'
            | '}'
            | ' ' => c,
            _ => '.',
        })
        .collect()
}

#[test]
fn crate_mt940_corpus() {
    let root = PathBuf::from(DATA).join("crate-mt940/tests/data");
    let all = files_under(&root);
    let sta: Vec<&PathBuf> =
        all.iter().filter(|p| p.extension().is_some_and(|e| e == "sta")).collect();
    assert_eq!(sta.len(), 38, "every .sta of the folder");
    let jsons = all.iter().filter(|p| p.extension().is_some_and(|e| e == "json")).count();
    assert_eq!(jsons + sta.len(), all.len(), "nothing but .sta and .json");

    let mut full = Vec::new();
    let mut differences: Vec<String> = Vec::new();
    let mut lines_compared = 0;
    let mut unbalanced = Vec::new();
    let mut from_info = 0;
    for path in &sta {
        let name = rel(path, &root);
        let result = run(path, &name, &lenient());
        let expected_path = path.with_extension("json");
        if expected_path.exists() {
            let expected = crate_expected(&json(&expected_path));
            let statements = result.unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(statements.iter().all(|s| !s.lines.iter().any(|l| l.pending)), "{name}");
            let mut ours = crate_ours(&statements, &expected);
            // The crate sanitized references; ours are as written.
            for (o, e) in ours.iter_mut().zip(&expected) {
                for (ol, el) in o.lines.iter_mut().zip(&e.lines) {
                    if let (Reference::Text(a), Reference::Text(b)) = (&ol.reference, &el.reference)
                    {
                        if a != b && swift_charset(a) == *b {
                            ol.reference = Reference::Text(b.clone());
                        }
                    }
                }
            }
            // Where `:61:` has no reference (`NONREF`), ours is the `EREF+`/`KREF+` of `:86:`:
            // accepted when that text is in the file (without line ends and `?NN` marks).
            let text = without_marks(&squeeze(&String::from_utf8_lossy(&read(path))));
            for (o, e) in ours.iter_mut().zip(&expected) {
                for (ol, el) in o.lines.iter_mut().zip(&e.lines) {
                    if let (Reference::Text(r), Reference::None) = (&ol.reference, &el.reference) {
                        if text.contains(&squeeze(r)) {
                            from_info += 1;
                            ol.reference = Reference::None;
                        }
                    }
                }
            }
            lines_compared += expected.iter().map(|s| s.lines.len()).sum::<usize>();
            let found = compare_statements(&ours, &expected);
            if found.is_empty() {
                full.push(name.clone());
            } else {
                differences.push(format!("{name}: {}", found.join("; ")));
            }
            // Sign and arithmetic: opening plus lines is closing.
            if !balances_add_up(&statements) {
                unbalanced.push(name.clone());
            }
            continue;
        }
        // Files without an expected output: the crate refuses them, or (the `mt942` folder,
        // files it does not read) checked here against the file.
        match name.as_str() {
            "mt940/full/betterplace/sepa_snippet_broken.sta" => {
                // A `:25:` where `:86:` was meant, its text running on: refused, as the crate
                // does (PyPI mt-940 takes the text for an account number).
                let (e, fe) = file_error(result, &name);
                assert_eq!(e.code(), "malformed_line");
                let (line, field, value) = malformed(&fe);
                assert_eq!((line, field), (7, ":25:"));
                assert!(value.starts_with("SVWZ+Verw CTSc-01"), "{value}");
            }
            "mt940/full/jejik/knab_broken.sta" => {
                // `C500NTRF`: an amount without its decimal comma. The crate refuses it; read
                // leniently (500, as PyPI mt-940 does), refused in strict mode.
                let st = result.unwrap_or_else(|e| panic!("{name}: {e}"));
                let line = st.get(1).and_then(|s| s.lines.get(1)).expect("second line");
                assert_eq!(line.amount, dec("500"));
                assert_eq!(line.reference.as_deref(), Some("29-07-2014 10:05"));
                let (_, fe) = file_error(run(path, &name, &strict()), &name);
                let (line, field, value) = malformed(&fe);
                assert_eq!((line, field, value), (17, ":61: amount", "500"));
            }
            "mt940/special-cases/february_30.sta" => {
                // The crate: DateParseError(2016-02-30). Ours names the line and field.
                let (e, fe) = file_error(result, &name);
                assert_eq!(e.code(), "malformed_line");
                assert_eq!(malformed(&fe), (6, ":61: value date", "160230"));
            }
            "mt940/special-cases/invalid_statement.sta" => {
                // The crate: RequiredTagNotFound(20). No field at all: not an MT940 file.
                let (e, fe) = file_error(result, &name);
                assert_eq!(e.code(), "unreadable_file");
                assert!(fe.to_string().contains("not an MT940 file"), "{fe}");
                assert!(run(path, &name, &strict()).is_err());
            }
            "mt940/special-cases/invalid_utf8.sta" => {
                // The crate cannot read it as UTF-8; neither can we by default. It is the
                // Raiffeisen Hungary file of PyPI mt-940, in code page 852: with that encoding
                // it reads (checked with the PyPI output in `pypi_mt940_corpus`).
                let (e, fe) = file_error(result, &name);
                assert_eq!(e.code(), "malformed_line");
                assert_eq!(malformed(&fe), (7, "encoding", "\\xA0"));
                let cp852 = Mt940Options { encoding: Encoding::Cp852, ..lenient() };
                let st = run(path, &name, &cp852).expect("cp852");
                assert_eq!(st.len(), 1);
                assert_eq!(st[0].lines.len(), 7);
                assert_eq!(
                    st[0].lines[0]
                        .memo
                        .as_deref()
                        .map(|m| m.starts_with("Csoportos átutalás jóváírása")),
                    Some(true)
                );
            }
            "mt940/special-cases/incomplete_tag_61.sta" => {
                // `:61:170914D233,15NMSC`: no reference for the account owner. The crate
                // refuses it; the line is complete otherwise (PyPI mt-940 reads it, five of
                // its fixtures have it), so it is read; strict mode refuses it.
                let st = result.unwrap_or_else(|e| panic!("{name}: {e}"));
                let l = &st[0].lines[0];
                assert_eq!(
                    (l.date, l.amount, l.kind.as_deref()),
                    (ymd(2017, 9, 14), dec("-233.15"), Some("NMSC"))
                );
                assert_eq!(l.payee.as_deref(), Some("Finanzamt Muenchen Abteilung Erhebung"));
                assert!(
                    l.reference.as_deref().is_some_and(|r| r.starts_with("123/123/12345-----L110")),
                    "EREF+ as the reference"
                );
                let (_, fe) = file_error(run(path, &name, &strict()), &name);
                let (line, field, _) = malformed(&fe);
                assert_eq!((line, field), (5, ":61: reference"));
            }
            "mt940/special-cases/overly_long_details.sta" => {
                // A `:86:` of 9 lines, more than SWIFT's 6 x 65: the crate refuses it. Banks
                // send longer texts (PyPI mt-940 reads them), nothing is in doubt: read; strict
                // mode refuses it at the 7th line.
                let st = result.unwrap_or_else(|e| panic!("{name}: {e}"));
                let l = &st[0].lines[0];
                assert_eq!(l.reference.as_deref(), Some("ASDAD"));
                assert_eq!(l.bank_id.as_deref(), Some("QEE"));
                assert_eq!(l.payee.as_deref(), Some("Finanzamt Muenchen Abteilung Erhebung"));
                let memo = l.memo.as_deref().expect("memo");
                assert!(
                    memo.starts_with("STEUERNR 123/123/12345     KOERPST 3VJ.17  233,15EUR"),
                    "{memo}"
                );
                let (_, fe) = file_error(run(path, &name, &strict()), &name);
                let (line, field, value) = malformed(&fe);
                assert_eq!((line, field), (12, ":86:"));
                assert!(value.starts_with("?31DE99700500000000012345"), "{value}");
            }
            "mt940/special-cases/unexpected_tag.sta" => {
                // No `:25:`: the crate refuses `:28C:` after `:20:`. Read leniently (no
                // account); strict mode refuses it the same way as the crate.
                let st = result.unwrap_or_else(|e| panic!("{name}: {e}"));
                assert_eq!(st[0].account.account_id, None);
                assert_eq!(st[0].lines[0].memo.as_deref(), Some("Pauschalen2017-01-01T13:12:11"));
                let (_, fe) = file_error(run(path, &name, &strict()), &name);
                let (line, field, value) = malformed(&fe);
                assert_eq!((line, field, value), (3, ":28C:", "00000/001"));
                assert!(fe.to_string().contains("expected :21:, :25:"), "{fe}");
            }
            "mt940/special-cases/unknown_tag.sta" => {
                // `:12:11` after `...?602017-01-01T13`: a time wrapped at the line end, not a
                // field (PyPI mt-940's `transaction_details_wrapped` fixture is this file with
                // February 30). The crate refuses tag 12; read as text, strict mode refuses it.
                let st = result.unwrap_or_else(|e| panic!("{name}: {e}"));
                let l = &st[0].lines[0];
                assert_eq!((l.date, l.posted_date), (ymd(2016, 1, 30), Some(ymd(2016, 3, 1))));
                assert_eq!(l.memo.as_deref(), Some("Pauschalen2017-01-01T13:12:11"));
                let (_, fe) = file_error(run(path, &name, &strict()), &name);
                assert_eq!(malformed(&fe), (9, ":12:", ":12:11"));
            }
            "mt942/full/cmxl/mt942_1.sta" => {
                // An empty file.
                let (e, fe) = file_error(result, &name);
                assert_eq!(e.code(), "unreadable_file");
                assert!(fe.to_string().contains("empty"), "{fe}");
            }
            "mt942/full/jejik/generic.sta" => {
                let st = result.unwrap_or_else(|e| panic!("{name}: {e}"));
                assert_eq!(st.len(), 2);
                assert_eq!(st[1].opening_balance.as_ref().map(|b| b.amount), Some(dec("90.00")));
                assert_eq!(st[1].lines[0].amount, dec("-10.00"));
                assert_eq!(st[1].end, Some(ymd(2011, 3, 1)));
                assert!(balances_add_up(&st));
            }
            "mt942/full/jejik/rabobank.sta" => {
                // Rabobank's old format: the name after a reference padded to 16, one `:86:`
                // per line of text.
                let st = result.unwrap_or_else(|e| panic!("{name}: {e}"));
                assert_eq!(st.len(), 4);
                assert_eq!(st[0].account.account_id.as_deref(), Some("1291.99.348"));
                assert_eq!(st[0].account.currency.as_deref(), Some("EUR"));
                assert_eq!(st[3].account.account_id.as_deref(), Some("1526.89.184"));
                let l = &st[0].lines[0];
                assert_eq!((l.date, l.amount), (ymd(2011, 5, 27), dec("-1213.28")));
                assert_eq!(l.reference.as_deref(), Some("0121470966"));
                assert_eq!(
                    l.memo.as_deref(),
                    Some("W.P. Jansen Terugboeking NIET AKKOORD MET AFSCHRIJVING KOSTEN KINDEROPVANG JUNI 20095731")
                );
                assert_eq!(st[1].lines.len(), 0);
                assert_eq!(st[2].lines[1].reference, None, "NONREF");
                // The sample's balances are partly made up: the first and third statements
                // do not add up (473.17 - 1213.28 is not 395.82), the others do.
                let adds_up: Vec<bool> =
                    st.iter().map(|s| balances_add_up(std::slice::from_ref(s))).collect();
                assert_eq!(adds_up, [false, true, false, true]);
            }
            "mt942/full/jejik/triodos.sta" => {
                // German structure with `>` (Triodos).
                let st = result.unwrap_or_else(|e| panic!("{name}: {e}"));
                assert_eq!(st[0].account.bank_id.as_deref(), Some("TRIODOSBANK"));
                assert_eq!(st[0].account.account_id.as_deref(), Some("0390123456"));
                let memos: Vec<_> = st[0].lines.iter().map(|l| l.memo.clone()).collect();
                assert_eq!(
                    memos,
                    [
                        Some(
                            "ALGEMENE TUSSENREKENING KOSTEN VAN 01-10-2010 TOT EN MET 31-12-2010"
                                .to_owned()
                        ),
                        Some("HUUR KANTOOR - FEB 2010".to_owned())
                    ]
                );
                // Made-up balances: 4975.09 - 15.70 - 700.00 is not 4370.79.
                assert!(!balances_add_up(&st));
            }
            "mt942/full/mBank/mt942.sta" => {
                // An MT940 (cmxl's): cheques, `N` after the type.
                let st = result.unwrap_or_else(|e| panic!("{name}: {e}"));
                assert_eq!(st.len(), 1);
                assert_eq!(st[0].lines.len(), 11);
                let first = &st[0].lines[0];
                assert_eq!(
                    (first.amount, first.check_number.as_deref()),
                    (dec("-6800"), Some("16703074"))
                );
                assert_eq!(first.memo.as_deref(), Some("999PN5477SCHECK-NR. 0000016703074"));
                assert_eq!(st[0].account.bank_id.as_deref(), Some("45050050"));
                assert_eq!(st[0].lines[10].date, ymd(2013, 10, 27));
            }
            "mt942/full/sberbank/171011_01234945.sta" => {
                // `:NS:` after each line (Sberbank Hungary); one before the balance.
                let st = result.unwrap_or_else(|e| panic!("{name}: {e}"));
                assert_eq!(st[0].account.account_id.as_deref(), Some("1966315302010001"));
                assert_eq!(st[0].lines.len(), 3);
                let l = &st[0].lines[0];
                assert_eq!(
                    (l.amount, l.kind.as_deref(), l.reference.as_deref()),
                    (dec("-2402.00"), Some("S"), Some("X"))
                );
                assert!(l
                    .memo
                    .as_deref()
                    .is_some_and(|m| m.contains("ERGO Versicherung AG Fiokte lep")));
                assert!(balances_add_up(&st));
            }
            "mt942/special-cases/long_statement_number.sta" => {
                // `:28:1810118101`, longer than 5n: read; strict refuses it.
                let st = result.unwrap_or_else(|e| panic!("{name}: {e}"));
                assert_eq!(st[0].account.bank_id.as_deref(), Some("0067-00763"));
                assert_eq!(
                    st[0].closing_balance.as_ref().map(|b| (b.amount, b.currency.as_deref())),
                    Some((Decimal::ZERO, Some("TRY")))
                );
                let (_, fe) = file_error(run(path, &name, &strict()), &name);
                assert_eq!(malformed(&fe), (3, ":28C:", "1810118101"));
            }
            "mt942/special-cases/mt942.sta" => {
                // An MT942: lines are pending; `end` is the report's date.
                let st = result.unwrap_or_else(|e| panic!("{name}: {e}"));
                let l = &st[0].lines[0];
                assert!(l.pending);
                assert_eq!(
                    (l.date, l.posted_date, l.amount),
                    (ymd(2016, 10, 30), Some(ymd(2016, 10, 31)), dec("-0.42"))
                );
                assert_eq!(l.kind.as_deref(), Some("MCI0"));
                assert_eq!(l.bank_id.as_deref(), Some("055001022000001"));
                assert_eq!(
                    l.memo.as_deref(),
                    Some("YAY MT942 CHG REMIT:Costs to MT940 Parsing. This is Somuchfun.")
                );
                assert_eq!(
                    (st[0].end, st[0].opening_balance.clone()),
                    (Some(ymd(2016, 10, 30)), None)
                );
                assert_eq!(st[0].account.currency.as_deref(), Some("EUR"));
                // Strict: `MCI0` is no SWIFT type (N, F or S first); with `NCHG` instead, the
                // `:90D:1EUR2,30` does not total the one debit of 0,42.
                let (_, fe) = file_error(run(path, &name, &strict()), &name);
                assert_eq!(malformed(&fe), (7, ":61: type", "MCI0"));
                let text = String::from_utf8(read(path)).expect("utf-8").replace("MCI0", "NCHG");
                let fe = error_of(&text, &strict());
                let (line, field, value) = malformed(&fe);
                assert_eq!((line, field, value), (11, ":90D:", "1EUR2,30"));
                assert!(fe.to_string().contains("has 1 such lines for 0.42"), "{fe}");
            }
            "mt942/special-cases/raphaelm.sta" => {
                // `:NS:` blocks; `:62M:C020315105000,00` without currency, read as 105000,00.
                let st = result.unwrap_or_else(|e| panic!("{name}: {e}"));
                assert_eq!(st.len(), 3);
                let closings: Vec<_> =
                    st.iter().map(|s| s.closing_balance.as_ref().map(|b| b.amount)).collect();
                assert_eq!(
                    closings,
                    [Some(dec("105000.00")), Some(dec("145000.00")), Some(dec("95000.00"))]
                );
                assert!(balances_add_up(&st));
                assert_eq!(st[0].lines[0].memo.as_deref(), Some("Verwendungszweck 1 Verwendungszweck 2 Empfänger Buchungstext 12345 1000 4711"));
            }
            other => panic!("{other}: no expectation for this file"),
        }
    }
    println!(
        "crate-mt940: {} of {} files with an expected output match fully ({lines_compared} lines; \
         {from_info} references taken from `:86:` where the crate has none)",
        full.len(),
        jsons
    );
    assert_eq!(differences, Vec::<String>::new(), "differences from the crate's output");
    assert_eq!(full.len(), jsons);
    // In 11 files opening plus lines is the closing balance in every statement, which checks
    // the signs (the 25 statements of `sepa_mt9401` with `D` balances and an `RC` line, the
    // four Danske Bank files). These samples were cut or made up by hand: their balances do
    // not add up (`abnamro/mt940.sta`: 1111.10 - 14.74 is not 2222.20), whatever the signs.
    println!("crate-mt940: balances do not add up in {unbalanced:?}");
    assert_eq!(
        unbalanced,
        [
            "mt940/full/abnamro/mt940.sta",
            "mt940/full/betterplace/sepa_snippet.sta",
            "mt940/full/bugs/issue-51.sta",
            "mt940/full/jejik/abnamro.sta",
            "mt940/full/jejik/ing.sta",
            "mt940/full/jejik/knab.sta",
            "mt940/full/jejik/postfinance.sta",
            "mt940/full/mBank/with_newline_in_tnr.sta",
            "mt940/full/sparkasse/buxtehude.sta",
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// PyPI mt-940

/// How the description of a transaction matched PyPI's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Described {
    /// Neither has one.
    Empty,
    /// Our memo is PyPI's whole text (with its supplementary details and `:NS:` text).
    Whole,
    /// German structure: our memo is PyPI's purpose, our payee the end of its applicant name.
    Purpose,
    /// SWIFT or `>` structure PyPI keeps as text: our payee and memo are taken from it, in
    /// order.
    Extracted,
}

/// Compares one transaction's description; `None` when it does not match.
fn pypi_description(t: &Value, ours: &StatementLine) -> Option<Described> {
    let get = |k: &str| t.get(k).and_then(str_of).unwrap_or("");
    let extra = squeeze(get("extra_details"));
    let ns = squeeze(get("non_swift_text"));
    let memo = squeeze(ours.memo.as_deref().unwrap_or(""));
    let payee = squeeze(ours.payee.as_deref().unwrap_or(""));
    let has = |k: &str| t.get(k).is_some_and(|v| !v.is_null());
    // Our memo: supplementary details, the `:86:` part, the `:NS:` text.
    let middle = memo.strip_prefix(extra.as_str())?.strip_suffix(ns.as_str())?.to_owned();
    if has("transaction_details") {
        let details = squeeze(get("transaction_details"));
        if payee.is_empty() && middle == details {
            return Some(if memo.is_empty() { Described::Empty } else { Described::Whole });
        }
        let raw = get("transaction_details").trim_start();
        let structured = raw.starts_with('/') || raw.starts_with('>') || raw.get(3..4) == Some(">");
        if structured && subsequence(&payee, &details) && subsequence(&middle, &details) {
            return Some(Described::Extracted);
        }
        return None;
    }
    // German structure, decoded by PyPI: its keys are there (maybe null).
    if t.get("purpose").is_some() || t.get("posting_text").is_some() {
        let purpose = squeeze(get("purpose"));
        let additional = squeeze(get("additional_purpose"));
        let posting = squeeze(get("posting_text"));
        let name = squeeze(get("applicant_name"));
        // PyPI 5.x puts `?31` (the account) before `?32`/`?33` (the name).
        let payee_ok = name.ends_with(&payee);
        let whole = format!("{purpose}{additional}");
        let memo_ok = if !purpose.is_empty() {
            // Ours is the purpose, maybe going on into `?60`..`?63`.
            middle.starts_with(&purpose) && whole.starts_with(&middle)
        } else if t.get("FRST_ONE_OFF_RECC").is_some() {
            // SEPA keywords (PyPI decoded them: its keys are there) but no `SVWZ+`: PyPI
            // keeps no purpose; ours is the whole text.
            let reference = squeeze(get("end_to_end_reference"));
            let customer = squeeze(get("customer_reference"));
            middle.contains(&reference) && middle.contains(&customer)
        } else {
            middle == posting
        };
        return (payee_ok && memo_ok).then_some(Described::Purpose);
    }
    (middle.is_empty()).then_some(if memo.is_empty() { Described::Empty } else { Described::Whole })
}

/// A balance of PyPI's output (its amount is signed already).
fn pypi_balance(v: &Value) -> Option<(Decimal, NaiveDate)> {
    let amount = dec(v.get("amount")?.get("amount")?.as_str()?);
    Some((amount, day(v.get("date")?.as_str()?)))
}

#[test]
fn pypi_mt940_corpus() {
    let root = PathBuf::from(DATA).join("mt940/mt940_tests");
    let all = files_under(&root);
    let inputs: Vec<&PathBuf> = all
        .iter()
        .filter(|p| {
            let n = p.to_string_lossy();
            n.ends_with(".sta") || n.ends_with(".txt")
        })
        .collect();
    let expected_count =
        all.iter().filter(|p| p.to_string_lossy().ends_with(".sta.expected.json")).count();
    assert_eq!(expected_count, 49, "49 expected outputs");
    assert_eq!(inputs.len(), 50, "49 with an expected output and the ASN Bank file");
    let other = all.len() - inputs.len() - expected_count;
    assert_eq!(other, 3, "the LICENSE files");

    let mut full: Vec<String> = Vec::new();
    let mut refused: Vec<String> = Vec::new();
    let mut classes: BTreeMap<Described, usize> = BTreeMap::new();
    let mut differences: Vec<String> = Vec::new();
    let mut transactions = 0;
    for path in &inputs {
        let name = rel(path, &root);
        let expected_path = PathBuf::from(format!("{}.expected.json", path.display()));
        let options = if name == "self-provided/raiffeisen-cmi.sta" {
            // Code page 852 (PyPI tries UTF-8, then cp852); the crate's `invalid_utf8.sta`.
            Mt940Options { encoding: Encoding::Cp852, ..lenient() }
        } else {
            lenient()
        };
        let result = run(path, &name, &options);
        if !expected_path.exists() {
            assert_eq!(name, "ASNB/0708271685_09022020_164516.940.txt");
            // ASN Bank: an IBAN as the reference for the account owner (18 > 16
            // characters), 31 statements in SWIFT blocks.
            let st = result.unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(st.len(), 31);
            assert!(st
                .iter()
                .all(|s| s.account.account_id.as_deref() == Some("NL81ASNB9999999999")));
            assert_eq!(st.iter().map(|s| s.lines.len()).sum::<usize>(), 8);
            let l = &st[0].lines[0];
            assert_eq!(
                (l.date, l.amount, l.reference.as_deref()),
                (ymd(2020, 1, 1), dec("-65.00"), Some("NL47INGB9999999999"))
            );
            assert_eq!(
                l.memo.as_deref(),
                Some("hr gjlm paulissen NL47INGB9999999999 hr gjlm paulissen Betaling sieraden")
            );
            assert!(balances_add_up(&st));
            continue;
        }
        let expected = json(&expected_path);
        let exp_tx = expected["transactions"].as_array().expect("transactions");
        let statements = match (name.as_str(), result) {
            (
                "self-provided/february_30.sta"
                | "self-provided/transaction_details_wrapped.sta"
                | "self-provided/wrapped_timestamp.sta",
                Err(e),
            ) => {
                // `:61:1602300301`: a value date of February 30. PyPI moves it to February
                // 29; that day is a guess, so ours is an error naming it (as the crate's).
                // The wrapped time of the last two is checked on the crate's copy with a
                // real date (`unknown_tag.sta`).
                let (line, field, value) = match &e {
                    Error::File(fe) => {
                        let (l, f, v) = malformed(fe);
                        (l, f.to_owned(), v.to_owned())
                    }
                    other => panic!("{other:?}"),
                };
                assert_eq!((field.as_str(), value.as_str()), (":61: value date", "160230"));
                assert!(line == 5 || line == 6);
                refused.push(name.clone());
                continue;
            }
            ("self-provided/invalid_statement.sta", Err(e)) => {
                // Ten lines of numbers: PyPI returns nothing; ours says it is not MT940.
                assert_eq!(e.code(), "unreadable_file");
                assert_eq!(exp_tx.len(), 0);
                refused.push(name.clone());
                continue;
            }
            ("betterplace/empty_86.sta" | "self-provided/empty_non_swift.sta", Err(e)) => {
                // Only `:86:091` / `:NS:`, no statement: PyPI returns nothing; ours says so.
                assert_eq!(e.code(), "unreadable_file");
                assert_eq!(exp_tx.len(), 0);
                refused.push(name.clone());
                continue;
            }
            ("betterplace/sepa_snippet_broken.sta", Err(e)) => {
                // `:25:166?00GUTSCHRIFT?...` then more lines: PyPI takes 35 characters of it
                // for the account and drops the rest; ours refuses the broken file, as the
                // crate does.
                assert_eq!(e.code(), "malformed_line");
                assert_eq!(e.location(), Some((name.clone(), Some(7))));
                refused.push(name.clone());
                continue;
            }
            (_, Err(e)) => panic!("{name}: {e}"),
            (_, Ok(st)) => st,
        };
        let ours: Vec<&StatementLine> = statements.iter().flat_map(|s| &s.lines).collect();
        let mut file_differences = Vec::new();
        if ours.len() != exp_tx.len() {
            file_differences.push(format!("{} transactions, PyPI {}", ours.len(), exp_tx.len()));
        }
        for (k, (t, l)) in exp_tx.iter().zip(&ours).enumerate() {
            transactions += 1;
            let amount = dec(t["amount"]["amount"].as_str().expect("amount"));
            let date = day(t["date"].as_str().expect("date"));
            let entry = t.get("entry_date").and_then(str_of).map(day);
            // `RC` (reversal of a credit) is a debit: PyPI keeps it positive. The file's
            // balances show it is money out (checked in `crate_mt940_corpus`, where the same
            // file's balances add up with it negative).
            let rc = name == "betterplace/sepa_mt9401.sta" && (k == 5 || k == 18);
            let amount = if rc {
                assert_eq!(amount, dec("204.88"));
                -amount
            } else {
                amount
            };
            if (l.amount, l.date, l.posted_date) != (amount, date, entry) {
                file_differences.push(format!(
                    "#{k}: ({}, {}, {:?}) PyPI ({amount}, {date}, {entry:?})",
                    l.amount, l.date, l.posted_date
                ));
            }
            // PyPI adds a statement's `:NS:` (between `:28:` and `:60F:`) to the line
            // before it, of the previous statement; ours keeps line text only.
            let statement_ns = name == "self-provided/raphaelm.sta" && (k == 5 || k == 7);
            let mut t = t.clone();
            if statement_ns {
                t.as_object_mut().expect("object").remove("non_swift_text");
            }
            // ING writes a `:86:` after `:62F:` for the statement: PyPI adds it to the last
            // line; ours does not.
            if name == "jejik/ing.sta" && k == 6 {
                let d = t["transaction_details"].as_str().expect("details");
                let own = d.split("\nD000004C000002D25,24C28,71").next().expect("text").to_owned();
                t["transaction_details"] = Value::String(own);
            }
            match pypi_description(&t, l) {
                Some(class) => *classes.entry(class).or_default() += 1,
                None => file_differences.push(format!(
                    "#{k}: payee {:?} memo {:?}, PyPI {}",
                    l.payee,
                    l.memo,
                    serde_json::to_string(&t).unwrap_or_default()
                )),
            }
        }
        // Statement fields: PyPI merges the statements of a file (the last value of each
        // field); ours must have each of its values in one of our statements.
        let st = &expected["statement"];
        if let Some(raw) = st.get("account_identification").and_then(str_of) {
            if !statements.iter().any(|s| same_account(raw, &s.account)) {
                file_differences.push(format!("account {raw}"));
            }
        }
        let openings: Vec<_> = statements
            .iter()
            .filter_map(|s| s.opening_balance.as_ref().map(|b| (b.amount, b.date)))
            .collect();
        let closings: Vec<_> = statements
            .iter()
            .filter_map(|s| s.closing_balance.as_ref().map(|b| (b.amount, b.date)))
            .collect();
        for (key, ours) in [
            ("final_opening_balance", &openings),
            ("intermediate_opening_balance", &openings),
            ("final_closing_balance", &closings),
            ("intermediate_closing_balance", &closings),
        ] {
            if let Some(b) = st.get(key).and_then(pypi_balance) {
                // raphaelm: `:62M:C020315105000,00` and `:62F:C02032495000,00` have no
                // currency; PyPI reads `105`/`950` as the currency and 0,00 as the amount.
                // The lines add up to ours (105000,00 and 95000,00).
                let no_currency =
                    name == "self-provided/raphaelm.sta" && key.ends_with("closing_balance");
                if no_currency {
                    assert_eq!(b.0, Decimal::ZERO);
                    continue;
                }
                if !ours.contains(&b) {
                    file_differences.push(format!("{key} {b:?}"));
                }
            }
        }
        if file_differences.is_empty() {
            full.push(name);
        } else {
            differences.push(format!("{name}: {}", file_differences.join("; ")));
        }
    }
    println!(
        "PyPI mt-940: {} of 49 files match fully ({transactions} transactions: {classes:?}); {} refused: {refused:?}",
        full.len(),
        refused.len()
    );
    assert_eq!(differences, Vec::<String>::new(), "differences from PyPI mt-940");
    assert_eq!(refused.len(), 7);
    assert_eq!(full.len(), 42);
}

/// A few transactions of the PyPI fixtures checked field by field.
#[test]
fn pypi_fixtures_in_detail() {
    let root = PathBuf::from(DATA).join("mt940/mt940_tests");
    let open = |name: &str| {
        run(&root.join(name), name, &lenient()).unwrap_or_else(|e| panic!("{name}: {e}"))
    };

    let st = open("jejik/rabobank-iban.sta");
    assert_eq!(st.len(), 2);
    let l = &st[0].lines[0];
    assert_eq!(l.payee.as_deref(), Some("CONTRA ACCOUNT HOLDER"));
    assert_eq!(
        l.reference.as_deref(),
        Some("01-01-2013 12:00 0030000987654321"),
        "EREF points to /EREF/"
    );
    let l = &st[0].lines[1];
    assert_eq!((l.payee.as_deref(), l.reference.as_deref()), (Some("JOHN DOE"), None));
    assert_eq!(l.memo.as_deref(), Some("P001234567 Reference 201301234"));

    let st = open("self-provided/gv_codes.sta");
    let l = &st[0].lines[0];
    assert_eq!(l.payee.as_deref(), Some("PayPal (Europe) S.a.r.l. et"));
    assert_eq!(l.memo.as_deref(), Some(". SPOTIFY, Ihr Einkaufbei SPOTIFY"));
    assert_eq!(l.reference.as_deref(), Some("1234567890123 PAYPAL"));

    let st = open("cmxl/statement_details.sta");
    let l = &st[0].lines[0];
    assert_eq!(
        (l.date, l.posted_date, l.amount),
        (ymd(2014, 9, 1), Some(ymd(2014, 9, 2)), dec("-1.62"))
    );
    assert_eq!(l.payee.as_deref(), Some("Peter Pan"));
    assert_eq!(l.memo.as_deref(), Some("FOO TRX-0A4A47C3-F846-4729-8A1B-5DF620F"));
    assert_eq!(l.reference.as_deref(), Some("0000549855700010"));
    assert_eq!(l.bank_id.as_deref(), Some("025498557/000001"));

    let st = open("self-provided/sparkassen.sta");
    let l = &st[0].lines[0];
    assert_eq!((l.amount, l.kind.as_deref()), (dec("30.00"), Some("N062")));
    assert_eq!(l.memo.as_deref(), Some("Test"), "`:` then `86:` on the next line");

    let st = open("jejik/sns.sta");
    assert_eq!(
        st[0].lines[0].memo.as_deref(),
        Some("marechal s 0987654321 marechal s dit is een test")
    );

    let st = open("self-provided/details_60-63.sta");
    assert_eq!(st[0].lines[0].payee.as_deref(), Some("Finanzamt Muenchen Abteilung Erhebung"));

    let st = open("mBank/mt942.sta");
    assert!(st[0].lines.iter().all(|l| l.pending), "an MT942");
    assert_eq!(st[0].account.account_id.as_deref(), Some("PL29114010810000267002001002"));
    assert_eq!(st[0].end, Some(ymd(2017, 1, 19)));

    let st = open("betterplace/amount_formats.sta");
    let amounts: Vec<_> =
        st.iter().filter_map(|s| s.opening_balance.as_ref().map(|b| b.amount)).collect();
    assert_eq!(
        amounts,
        [dec("380115.12"), dec("380115.1"), dec("380115"), dec("0.12"), dec("0.12"), dec("1.12")]
    );

    let st = open("betterplace/currency_in_25.sta");
    assert_eq!(
        st[0].account,
        StatementAccount {
            bank_id: Some("51210600".into()),
            account_id: Some("9223382012".into()),
            currency: Some("EUR".into()),
            ..StatementAccount::default()
        }
    );

    let st = open("cmxl/account_balance_debit.sta");
    assert_eq!(
        st[0].opening_balance.as_ref().map(|b| (b.amount, b.date, b.currency.as_deref())),
        Some((dec("-147.64"), ymd(2014, 8, 29), Some("EUR")))
    );

    let st = open("self-provided/whitespace.sta");
    assert_eq!(st[0].lines[0].payee.as_deref(), Some("DEUTSCHE KREDITBANK AG"));
    assert_eq!(
        st[0].lines[0].memo.as_deref(),
        Some("ERSTATTUNG AUSLANDSEINSATZENTGELT FUER VISA 4998 XXXXXXXX 1234")
    );
}

// ---------------------------------------------------------------------------------------------
// npm mt940js

#[test]
fn npm_mt940js_files() {
    let root = PathBuf::from(DATA).join("npm-mt940js/test");
    let all = files_under(&root);
    let names: Vec<String> = all.iter().map(|p| rel(p, &root)).collect();
    assert_eq!(names, ["test-with-NS.mt940x", "test1.mt940", "test2.mt940x", "testX.mt940"]);
    for path in &all {
        let name = rel(path, &root);
        let st = run(path, &name, &lenient()).unwrap_or_else(|e| panic!("{name}: {e}"));
        // mt940js checks that opening plus lines is the closing balance: so do we (strict).
        assert!(balances_add_up(&st), "{name}");
        match name.as_str() {
            "test1.mt940" | "testX.mt940" => {
                // SWIFT blocks `{1:...}{2:I940...}{4:` ... `-}` (`{5:...}` after it in testX).
                assert_eq!(st.len(), 2);
                assert!(st.iter().all(|s| s.account.account_id.as_deref() == Some("123456789")));
                assert_eq!(
                    st[0].opening_balance.as_ref().map(|b| (b.amount, b.date)),
                    Some((dec("0"), ymd(2014, 5, 7)))
                );
                assert_eq!(
                    st[0].closing_balance.as_ref().map(|b| (b.amount, b.date)),
                    Some((dec("500"), ymd(2014, 5, 8)))
                );
                assert_eq!(
                    (st[0].start, st[0].end),
                    (Some(ymd(2014, 5, 7)), Some(ymd(2014, 5, 8)))
                );
                let l = &st[0].lines[0];
                assert_eq!(
                    (l.line, l.date, l.posted_date, l.amount),
                    (6, ymd(2014, 5, 7), Some(ymd(2014, 5, 7)), dec("500"))
                );
                assert_eq!(
                    (l.kind.as_deref(), l.reference.as_deref(), l.bank_id.as_deref()),
                    (Some("NTRF"), None, Some("B4E07XM00J000023"))
                );
                let out = &st[1].lines[0];
                assert_eq!(
                    (out.amount, out.bank_id.as_deref()),
                    (dec("-2760"), Some("B4G29PGCVO7Q06US"))
                );
                assert!(
                    out.memo.as_deref().is_some_and(|m| m.starts_with("/OCMT/EUR10,00/")),
                    "supplementary details"
                );
                let media = &st[1].lines[1];
                assert_eq!(
                    (media.amount, media.reference.as_deref()),
                    (dec("500"), Some("29-07-2014 10:05"))
                );
                if name == "test1.mt940" {
                    assert_eq!(
                        l.memo.as_deref(),
                        Some("HIER EEN MOOIE OMSCHRIJVING IN HOOFDLETTERS WANT DAT IS ZOALS DE NEDERLANDSE BANKEN COMMUNICEREN")
                    );
                    assert_eq!(out.memo.as_deref(), Some("/OCMT/EUR10,00/ FACTUUR 201403110, 201403113 REK: NL65INGB0123456789/NAAM: PICQER"));
                } else {
                    // SWIFT structure `/ORDP/`, `/REMI/`.
                    assert_eq!(
                        l.payee.as_deref(),
                        Some("XXXXXXXXXXXXX XXXXXXXX BANKEN AB (PUBL) (FORMER: SXB A")
                    );
                    assert!(l
                        .memo
                        .as_deref()
                        .is_some_and(|m| m.starts_with("XXXXXXXXXXX OUR REF: 03MT181012182288")));
                    assert_eq!(
                        out.payee.as_deref(),
                        Some("XX XXXXXX XXXXX XXXX N.A.25 XXXX XXXXX, CANARY WHARF")
                    );
                    assert!(out
                        .memo
                        .as_deref()
                        .is_some_and(|m| m.contains("UBERWEISUNG OUR REF: 03MT181024144353")));
                }
            }
            "test2.mt940x" | "test-with-NS.mt940x" => {
                // Two pages of one statement (`:62M:`/`:60M:`), Polish `>20`/`>32` text.
                assert_eq!(st.len(), 2);
                assert_eq!(st[0].account.account_id.as_deref(), Some("B4E08MS9D00A0009"));
                assert_eq!(st[0].account.currency.as_deref(), Some("PLN"));
                assert_eq!(st.iter().map(|s| s.lines.len()).collect::<Vec<_>>(), [3, 1]);
                assert_eq!(st[1].opening_balance.as_ref().map(|b| b.amount), Some(dec("2996.53")));
                let l = &st[0].lines;
                assert_eq!(l[0].amount, dec("-369.00"));
                assert_eq!(l[0].kind.as_deref(), Some("FCHG"));
                assert_eq!(l[0].payee.as_deref(), Some("BOOKING GROUP"));
                assert_eq!(l[0].memo.as_deref(), Some("Usługi księgowe - m-c grudzien 2016 rok."));
                assert_eq!(l[1].payee, None);
                assert_eq!(l[1].memo.as_deref(), Some("VB ELECTR. PŁATNOŚĆ KARTĄ 3.32 EUR 1 EUR=4.5385 PLN GOOGLE *SVCSAPPS@google.com"));
                // Structured lines are joined as written (subfields are cut anywhere, here
                // the account of `>31`): the street follows the name without a space.
                assert_eq!(l[2].payee.as_deref(), Some("OFFICE GROUPUL. SPOKOJNA 3"));
                let last = &st[1].lines[0];
                assert_eq!((last.date, last.amount), (ymd(2017, 1, 31), dec("-25.00")));
                let memo = last.memo.as_deref().expect("memo");
                assert!(
                    memo.starts_with("Opłata za prowadzenie rachunku od  1-01-2017 do 31-01-2017"),
                    "{memo}"
                );
                if name == "test-with-NS.mt940x" {
                    // `:NS:` between `:61:` and `:86:`: its text ends the memo.
                    assert!(
                        memo.ends_with(" My Street 17 City and Region Invoice Nr. 12345"),
                        "{memo}"
                    );
                } else {
                    assert!(memo.ends_with("31-01-2017"), "{memo}");
                }
            }
            other => panic!("{other}"),
        }
        // Strict: `C500NTRF` has no decimal comma; `:NS:` is not SWIFT.
        let strict_result = run(path, &name, &strict());
        match name.as_str() {
            "test1.mt940" | "testX.mt940" => {
                let (_, fe) = file_error(strict_result, &name);
                let line = if name == "test1.mt940" { 20 } else { 27 };
                assert_eq!(malformed(&fe), (line, ":61: amount", "500"));
            }
            "test-with-NS.mt940x" => {
                let (_, fe) = file_error(strict_result, &name);
                assert_eq!(malformed(&fe), (28, ":NS:", ":NS:01My Street 17"));
            }
            _ => {
                strict_result.unwrap_or_else(|e| panic!("{name} strict: {e}"));
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Edge cases

fn parse_text(text: &str) -> Result<Vec<Statement>, Error> {
    parse(text.as_bytes(), "edge.sta", &lenient())
}

fn error_of(text: &str, options: &Mt940Options) -> FileError {
    match parse(text.as_bytes(), "edge.sta", options) {
        Err(Error::File(fe)) => fe,
        other => panic!("expected a file error, got {other:?}"),
    }
}

#[test]
fn reversals_flip_the_mark() {
    let st = parse_text(
        ":20:R\n:25:DE12/34\n:28C:1\n:60F:C250101EUR100,00\n\
         :61:250102RD10,00NTRFNONREF\n:61:250102RC5,00NRTINONREF\n:61:250102RCR1,00NRTINONREF\n\
         :62F:C250102EUR104,00\n",
    )
    .expect("parse");
    let amounts: Vec<_> = st[0].lines.iter().map(|l| l.amount).collect();
    assert_eq!(amounts, [dec("10.00"), dec("-5.00"), dec("-1.00")]);
    assert!(balances_add_up(&st));
}

#[test]
fn entry_dates_across_the_year_end() {
    let st = parse_text(":20:Y\n:61:2312291229D1,NTRFNONREF\n:61:2312310102D1,NTRFNONREF\n:61:2401021231C1,NTRFNONREF\n")
        .expect("parse");
    let dates: Vec<_> = st[0].lines.iter().map(|l| (l.date, l.posted_date)).collect();
    assert_eq!(
        dates,
        [
            (ymd(2023, 12, 29), Some(ymd(2023, 12, 29))),
            (ymd(2023, 12, 31), Some(ymd(2024, 1, 2))),
            (ymd(2024, 1, 2), Some(ymd(2023, 12, 31))),
        ]
    );
    let fe = error_of(":20:Y\n:61:2401011332D1,NTRFNONREF\n", &lenient());
    assert_eq!(malformed(&fe), (2, ":61: entry date", "1332"));
}

#[test]
fn swift_blocks_and_preambles() {
    let text = "{1:F01BANKDEFFAXXX0000000000}{2:O9421200250101BANKDEFFAXXX00000000002501011200N}{3:{108:X}}{4:\r\n\
                :20:REF\r\n:25:DE89370400440532013000\r\n:28C:1/1\r\n:34F:EURD0,00\r\n:13D:2501011200+0100\r\n\
                :61:2501010101C12,34NTRFABC//B1\r\n:86:/NAME/ACME GMBH/REMI/USTD//Invoice 9/\r\n:90C:1EUR12,34\r\n-}{5:{CHK:1}}\r\n\
                ABNANL2A\r\n940\r\n:20:NEXT\r\n:25:NL91ABNA0417164300\r\n:28C:2\r\n:60F:C250101EUR0,\r\n:62F:C250101EUR0,\r\n-\r\n";
    let st = parse_text(text).expect("parse");
    assert_eq!(st.len(), 2);
    let l = &st[0].lines[0];
    assert!(l.pending, "a {{2:O942 block");
    assert_eq!(
        (l.payee.as_deref(), l.memo.as_deref(), l.reference.as_deref(), l.bank_id.as_deref()),
        (Some("ACME GMBH"), Some("Invoice 9"), Some("ABC"), Some("B1"))
    );
    assert_eq!(st[0].end, Some(ymd(2025, 1, 1)));
    assert_eq!(st[0].account.currency.as_deref(), Some("EUR"));
    assert!(!st[1].lines.iter().any(|l| l.pending));
    assert_eq!(st[1].account.account_id.as_deref(), Some("NL91ABNA0417164300"));
    // The same file is standard: strict reads it.
    let strict_st = parse(text.as_bytes(), "edge.sta", &strict()).expect("strict");
    assert_eq!(strict_st, st);
}

#[test]
fn strict_checks_order_and_sums() {
    let base = ":20:S\n:25:1\n:28C:1\n:60F:C250101EUR10,00\n:61:250101D4,00NTRFNONREF\n:62F:C250101EUR6,00\n";
    assert!(parse(base.as_bytes(), "s", &strict()).is_ok());
    let swapped = base.replace(":25:1\n:28C:1\n", ":28C:1\n:25:1\n");
    let fe = error_of(&swapped, &strict());
    assert_eq!(malformed(&fe), (2, ":28C:", "1"));
    assert!(parse_text(&swapped).is_ok(), "lenient");
    let missing_closing = base.replace(":62F:C250101EUR6,00\n", "");
    let fe = error_of(&missing_closing, &strict());
    assert!(fe.to_string().contains("ends early"), "{fe}");
    let wrong = base.replace("EUR6,00", "EUR7,00");
    let fe = error_of(&wrong, &strict());
    assert_eq!(malformed(&fe).0, 6);
    assert!(fe.to_string().contains("is 6.00, not"), "{fe}");
    let currencies = base.replace(":62F:C250101EUR6,00", ":62F:C250101USD6,00");
    let fe = error_of(&currencies, &strict());
    assert_eq!(malformed(&fe).1, ":62F:");
    // Amounts too large to add: an error, not an overflow.
    let huge = format!(
        ":20:S\n:25:1\n:28C:1\n:60F:C250101EUR{n},\n:61:250101C{n},NTRFNONREF\n\
         :62F:C250101EUR1,00\n",
        n = Decimal::MAX
    );
    let fe = error_of(&huge, &strict());
    assert!(fe.to_string().contains("too large to add"), "{fe}");
    assert!(parse_text(&huge).is_ok(), "lenient does not add");
    let two_86 = base.replace("NONREF\n", "NONREF\n:86:a\n:86:b\n");
    assert_eq!(malformed(&error_of(&two_86, &strict())).0, 7);
    let st = parse_text(&two_86).expect("lenient joins them");
    assert_eq!(st[0].lines[0].memo.as_deref(), Some("a b"));
}

#[test]
fn broken_files_name_line_field_and_value() {
    for (text, want) in [
        (":20:A\n:60F:X250101EUR1,\n", (2, ":60F: mark", "X250101EUR1,")),
        (":20:A\n:60F:C251301EUR1,\n", (2, ":60F: date", "251301")),
        (":20:A\n:62F:C250101EUR1,5,0\n", (2, ":62F: amount", "1,5,0")),
        (":20:A\n:61:250101D\n", (2, ":61: amount", "")),
        (":20:A\n:61:250101D1,00N\n", (2, ":61: type", "N")),
        (":20:A\n:61:25010\n", (2, ":61: value date", "25010")),
        (":20:A\n:25:1\n:28C:1\n:60F:C250101EUR1,\nwrapped\n", (5, ":60F:", "wrapped")),
        (":20:A\n:34F:1234,5\n", (2, ":34F: currency", "123")),
        (":20:A\n:90D:EUR1,\n", (2, ":90D: number", "EUR1,")),
        (":20:A\n:13D:2502301200+0000\n", (2, ":13D: date", "250230")),
    ] {
        let fe = error_of(text, &lenient());
        assert_eq!(malformed(&fe), want, "{text}");
        assert!(fe.to_string().starts_with("edge.sta:"), "{fe}");
    }
    for text in ["", "\n\n  \n", "just some text\n"] {
        assert!(matches!(error_of(text, &lenient()), FileError::Unreadable { .. }), "{text:?}");
    }
    // Every prefix of a good file: a statement or a clear error, never a panic.
    let good = read(&PathBuf::from(DATA).join("mt940/mt940_tests/cmxl/mt940.sta"));
    for cut in 0..good.len() {
        let _ = parse(good.get(..cut).unwrap_or_default(), "cut", &lenient());
        let _ = parse(good.get(..cut).unwrap_or_default(), "cut", &strict());
    }
}

#[test]
fn encodings() {
    let latin1 = b":20:A\n:61:250101C1,NTRFNONREF\n:86:Gr\xfc\xdfe M\xfcller\n";
    match parse(latin1, "l.sta", &lenient()) {
        Err(Error::File(fe)) => assert_eq!(malformed(&fe), (3, "encoding", "\\xFC")),
        other => panic!("{other:?}"),
    }
    let w1252 = Mt940Options { encoding: Encoding::Other(encoding_rs::WINDOWS_1252), ..lenient() };
    let st = parse(latin1, "l.sta", &w1252).expect("windows-1252");
    assert_eq!(st[0].lines[0].memo.as_deref(), Some("Grüße Müller"));
    let bom = b"\xEF\xBB\xBF:20:A\n:61:250101C1,NTRFNONREF\n";
    assert_eq!(parse(bom, "b.sta", &lenient()).expect("bom")[0].lines.len(), 1);
}
