//! The OFX reader on the shared OFX files of ofxparse, the `ofx-rs` crate and npm `ofx`: every
//! file of each folder is read, with the values their upstream tests expect and others checked
//! against the file's text.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use std::path::{Path, PathBuf};
use tally_core::files::FileError;
use tally_core::import::{ofx, Statement, StatementFormat, StatementLine};
use tally_core::Error;

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/data/");

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

/// Every file under `folder` (relative to the shared data), as (path relative to the folder,
/// full path), sorted.
fn files_under(folder: &str) -> Vec<(String, PathBuf)> {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<(String, PathBuf)>) {
        for entry in std::fs::read_dir(dir).expect("folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                walk(&path, root, out);
            } else {
                let rel = path.strip_prefix(root).expect("under root");
                out.push((rel.to_string_lossy().replace('\\', "/"), path));
            }
        }
    }
    let root = Path::new(DATA).join(folder);
    let mut out = Vec::new();
    walk(&root, &root, &mut out);
    out.sort();
    out
}

/// The file's lines, with `\r\n`, `\r` and `\n` as line breaks.
fn text_lines(bytes: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(bytes).replace("\r\n", "\n").replace('\r', "\n");
    text.split('\n').map(str::to_owned).collect()
}

/// Checks that hold for every statement of every file: format, file name, and that each line
/// and investment line points at the line of the file where its element starts.
fn check_common(name: &str, bytes: &[u8], statements: &[Statement]) {
    let lines = text_lines(bytes);
    let at = |n: u64| lines.get(usize::try_from(n).expect("line") - 1).cloned().unwrap_or_default();
    for stmt in statements {
        assert_eq!(stmt.format, StatementFormat::Ofx, "{name}");
        assert_eq!(stmt.file, name, "{name}");
        for line in &stmt.lines {
            let text = at(line.line);
            assert!(text.contains("<STMTTRN"), "{name}: line {} is {text:?}", line.line);
        }
        for inv in &stmt.investments {
            let text = at(inv.line);
            assert!(text.contains(&format!("<{}>", inv.kind)), "{name}: line {}", inv.line);
        }
    }
}

/// What a file gave: its statements, or the error.
fn read(name: &str, path: &Path) -> (Vec<u8>, Result<Vec<Statement>, Error>) {
    let bytes = std::fs::read(path).expect("readable");
    let result = ofx::parse(&bytes, name);
    if let Ok(statements) = &result {
        check_common(name, &bytes, statements);
    }
    (bytes, result)
}

fn only(name: &str, result: Result<Vec<Statement>, Error>) -> Statement {
    let mut statements = result.unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(statements.len(), 1, "{name}: one statement");
    statements.pop().expect("statement")
}

fn none(name: &str, result: Result<Vec<Statement>, Error>) {
    let statements = result.unwrap_or_else(|e| panic!("{name}: {e}"));
    assert!(statements.is_empty(), "{name}: no statement, got {}", statements.len());
}

/// The (line, field, value, reason) of a `malformed_line` error.
fn malformed(name: &str, result: Result<Vec<Statement>, Error>) -> (u64, String, String, String) {
    match result {
        Err(err @ Error::File(FileError::Malformed { .. })) => {
            assert_eq!(err.code(), "malformed_line");
            let Error::File(FileError::Malformed { file, line, field, value, reason }) = err else {
                unreachable!()
            };
            assert_eq!(file, name);
            (line, field, value, reason)
        }
        other => panic!("{name}: expected malformed_line, got {other:?}"),
    }
}

fn line(stmt: &Statement, i: usize) -> &StatementLine {
    stmt.lines.get(i).unwrap_or_else(|| panic!("line {i} of {}", stmt.lines.len()))
}

fn balance(b: Option<&tally_core::import::StatedBalance>) -> Option<(Decimal, NaiveDate)> {
    b.map(|b| (b.amount, b.date))
}

#[test]
fn every_ofxparse_fixture() {
    let files = files_under("ofxparse/tests/fixtures");
    assert_eq!(files.len(), 24, "ofxparse ships 24 fixtures");
    for (name, path) in files {
        let (bytes, result) = read(&name, &path);
        match name.as_str() {
            "account_listing_aggregation.ofx"
            | "bank_small.ofx"
            | "signon_success.ofx"
            | "signon_success_no_message.ofx" => none(&name, result),
            "anzcc.ofx" => {
                let s = only(&name, result);
                assert_eq!(s.account.account_id.as_deref(), Some("1234123412341234"));
                assert_eq!(s.account.account_type.as_deref(), Some("CREDITCARD"));
                assert_eq!(s.account.currency.as_deref(), Some("AUD"));
                assert_eq!((s.start, s.end), (Some(day(2017, 3, 11)), Some(day(2017, 5, 9))));
                assert_eq!(s.lines.len(), 1);
                let l = line(&s, 0);
                assert_eq!((l.date, l.posted_date), (day(2017, 5, 8), Some(day(2017, 5, 8))));
                assert_eq!(l.amount, dec!(-5.50));
                assert_eq!(l.bank_id.as_deref(), Some("201705080001"));
                assert_eq!(l.memo.as_deref(), Some("SOME MEMO"));
                assert_eq!(l.kind.as_deref(), Some("DEBIT"));
                assert_eq!(l.line, 29);
                assert_eq!(
                    balance(s.closing_balance.as_ref()),
                    Some((dec!(-123.45), day(2017, 5, 10)))
                );
                assert_eq!(
                    balance(s.available_balance.as_ref()),
                    Some((dec!(123.45), day(2017, 5, 10)))
                );
            }
            "bank_medium.ofx" => {
                // ofxparse testEverything.
                let s = only(&name, result);
                assert_eq!(s.account.account_id.as_deref(), Some("12300 000012345678"));
                assert_eq!(s.account.bank_id.as_deref(), Some("160000100"));
                assert_eq!(s.account.branch_id.as_deref(), Some("00"));
                assert_eq!(s.account.account_type.as_deref(), Some("CHECKING"));
                assert_eq!(s.account.currency.as_deref(), Some("CAD"));
                let closing = s.closing_balance.as_ref().expect("closing");
                assert_eq!((closing.amount, closing.date), (dec!(382.34), day(2009, 5, 23)));
                assert_eq!(closing.currency.as_deref(), Some("CAD"));
                assert_eq!(
                    balance(s.available_balance.as_ref()),
                    Some((dec!(682.34), day(2009, 5, 23)))
                );
                assert_eq!((s.start, s.end), (Some(day(2009, 4, 1)), Some(day(2009, 5, 23))));
                assert_eq!(s.lines.len(), 3);
                let l = line(&s, 0);
                assert_eq!(l.payee.as_deref(), Some("MCDONALD'S #112"));
                assert_eq!(l.kind.as_deref(), Some("POS"));
                assert_eq!(l.amount, dec!(-6.60));
                assert_eq!(l.date, day(2009, 4, 1), "20090401122017.000[-5:EST] is April 1");
                assert_eq!(l.bank_id.as_deref(), Some("0000123456782009040100001"));
                assert_eq!(l.memo.as_deref(), Some("POS MERCHANDISE;MCDONALD'S #112"));
                let check = line(&s, 1);
                assert_eq!(check.check_number.as_deref(), Some("0"));
                assert_eq!((check.amount, check.line), (dec!(-316.67), 16));
                assert_eq!(line(&s, 2).payee.as_deref(), Some("CONNIE'S HAIR D"));
            }
            "checking.ofx" => {
                let s = only(&name, result);
                assert_eq!(s.account.bank_id.as_deref(), Some("5472369148"));
                assert_eq!(s.account.account_id.as_deref(), Some("1452687~7"));
                let amounts: Vec<_> = s.lines.iter().map(|l| l.amount).collect();
                assert_eq!(amounts, [dec!(0.01), dec!(-34.51), dec!(-25.00)]);
                assert_eq!(line(&s, 2).check_number.as_deref(), Some("319"));
                assert_eq!(
                    line(&s, 0).memo.as_deref(),
                    Some(
                        "DIVIDEND EARNED FOR PERIOD OF 03/01/2011 THROUGH 03/31/2011 ANNUAL \
                         PERCENTAGE YIELD EARNED IS 0.05%"
                    )
                );
                assert_eq!(
                    balance(s.closing_balance.as_ref()),
                    Some((dec!(100.99), day(2013, 5, 25)))
                );
                assert_eq!(s.available_balance.as_ref().map(|b| b.amount), Some(dec!(75.99)));
                assert_eq!((s.start, s.end), (Some(day(2000, 1, 1)), Some(day(2013, 5, 25))));
            }
            "error_message.ofx" => {
                // The sign-on succeeded; the statement request failed: not an empty statement.
                let (line, field, value, reason) = malformed(&name, result);
                assert_eq!((line, field.as_str()), (22, "STATUS"));
                assert_eq!(value, "2000 ERROR: General Server Error");
                assert!(reason.contains("error instead of a statement"), "{reason}");
            }
            "fidelity-savings.ofx" => {
                // ofxparse testSTMTTRNInInvestmentBank: INVBANKTRAN lines are the cash side.
                let s = only(&name, result);
                assert_eq!(s.account.account_type.as_deref(), Some("INVESTMENT"));
                assert_eq!(s.account.bank_id.as_deref(), Some("fidelity.com"));
                assert_eq!(s.lines.len(), 4);
                let l = line(&s, 0);
                assert_eq!(l.kind.as_deref(), Some("CHECK"));
                assert_eq!((l.date, l.amount), (day(2012, 7, 20), dec!(-1500.00)));
                assert_eq!(l.bank_id.as_deref(), Some("X0000000000000000000001"));
                assert_eq!(l.payee.as_deref(), Some("Check Paid #0000001001"));
                assert_eq!(l.memo.as_deref(), Some("Check Paid #0000001001"));
                assert_eq!(l.check_number.as_deref(), Some("0000001001"));
                assert_eq!(l.currency.as_deref(), Some("USD"));
                let l = line(&s, 1);
                assert_eq!(l.kind.as_deref(), Some("DEP"));
                assert_eq!((l.date, l.amount), (day(2012, 7, 27), dec!(115.8331)));
                assert_eq!(l.payee.as_deref(), Some("TRANSFERRED FROM     VS X10-08144"));
                assert_eq!(l.memo.as_deref(), Some("TRANSFERRED FROM     VS X10-08144-1"));
                assert_eq!(s.investments.len(), 4);
                assert!(s.investments.iter().all(|i| i.kind == "INVBANKTRAN"));
                let total: Decimal = s.investments.iter().filter_map(|i| i.total).sum();
                let lines: Decimal = s.lines.iter().map(|l| l.amount).sum();
                assert_eq!(total, lines);
                assert_eq!(total, dec!(-1778.3952));
            }
            "fidelity.ofx" => {
                let s = only(&name, result);
                assert_eq!(s.account.account_id.as_deref(), Some("01234567890"));
                let kinds = |k: &str| s.investments.iter().filter(|i| i.kind == k).count();
                assert_eq!(
                    (kinds("BUYSTOCK"), kinds("INCOME"), kinds("SELLSTOCK"), kinds("INVBANKTRAN")),
                    (8, 4, 2, 3)
                );
                assert_eq!(s.investments.len(), 17);
                let buy = s.investments.first().expect("buy");
                assert_eq!(buy.bank_id.as_deref(), Some("0123456789020201120120720"));
                assert_eq!(
                    (buy.date, buy.security_id.as_deref()),
                    (day(2012, 7, 20), Some("458140100"))
                );
                assert_eq!(
                    (buy.units, buy.unit_price, buy.total, buy.fees),
                    (Some(dec!(100)), Some(dec!(25.635)), Some(dec!(-2571.45)), Some(dec!(7.95)))
                );
                assert_eq!(
                    (buy.subtype.as_deref(), buy.memo.as_deref()),
                    (Some("BUY"), Some("YOU BOUGHT"))
                );
                let sell = s.investments.iter().find(|i| i.kind == "SELLSTOCK").expect("sell");
                assert_eq!((sell.units, sell.total), (Some(dec!(-8)), Some(dec!(1089.30))));
                let income = s.investments.iter().find(|i| i.kind == "INCOME").expect("income");
                assert_eq!(
                    (income.subtype.as_deref(), income.total),
                    (Some("DIV"), Some(dec!(5.53)))
                );
                assert_eq!(s.lines.len(), 3);
                assert_eq!(line(&s, 1).payee.as_deref(), Some("LATE SETTLEMENT FEE"));
                assert_eq!(line(&s, 1).amount, dec!(-0.97));
                // ofxparse testSecurityListSuccess: 7 securities.
                assert_eq!(s.securities.len(), 7);
                let spy = s.securities.last().expect("spy");
                assert_eq!(spy.ticker.as_deref(), Some("SPY"));
                assert_eq!(spy.name.as_deref(), Some("SPDR S&P 500 ETF TRUST UNIT SER 1 S&P"));
                // ofxparse testBalanceList: available cash 18073.98.
                assert_eq!(
                    balance(s.available_balance.as_ref()),
                    Some((dec!(18073.98), day(2012, 9, 8)))
                );
            }
            "investment_401k.ofx" => {
                // ofxparse testTransferAggregate.
                let s = only(&name, result);
                let got: Vec<_> = s
                    .investments
                    .iter()
                    .map(|i| {
                        (
                            i.bank_id.as_deref(),
                            i.kind.as_str(),
                            i.units,
                            i.unit_price,
                            i.total,
                            i.security_id.as_deref(),
                            i.subtype.as_deref(),
                        )
                    })
                    .collect();
                assert_eq!(
                    got,
                    [
                        (
                            Some("1"),
                            "BUYMF",
                            Some(dec!(8.846699)),
                            Some(dec!(22.2908)),
                            Some(dec!(-197.2)),
                            Some("FOO"),
                            Some("BUY")
                        ),
                        (
                            Some("2"),
                            "TRANSFER",
                            Some(dec!(6.800992)),
                            Some(dec!(29.214856)),
                            None,
                            Some("BAR"),
                            Some("IN")
                        ),
                        (
                            Some("3"),
                            "TRANSFER",
                            Some(dec!(-9.060702)),
                            Some(dec!(21.928764)),
                            None,
                            Some("BAZ"),
                            Some("OUT")
                        ),
                    ]
                );
                let ids: Vec<_> = s.securities.iter().map(|x| x.id.as_str()).collect();
                assert_eq!(ids, ["BAR", "FOO", "BAZ"]);
                assert_eq!(s.securities.get(2).and_then(|x| x.name.as_deref()), Some("Baz Fund"));
                assert!(s.lines.is_empty());
                assert_eq!(s.account.account_id.as_deref(), Some("12345678.123456-01"));
            }
            "investment_medium.ofx" => {
                let s = only(&name, result);
                assert_eq!(s.account.currency.as_deref(), Some("CAD"));
                assert_eq!(s.account.bank_id.as_deref(), Some("404"));
                let amounts: Vec<_> = s.lines.iter().map(|l| l.amount).collect();
                assert_eq!(amounts, [dec!(-3.65), dec!(3.35), dec!(-3.65)]);
                assert!(s.lines.iter().all(|l| l.currency.as_deref() == Some("USD")));
                assert_eq!(line(&s, 0).memo.as_deref(), Some("CASH TRADE: AUD.USD"));
                assert_eq!(
                    line(&s, 2).bank_id.as_deref(),
                    Some("20091215.U489357.e.USD.1511863617")
                );
                assert_eq!(
                    balance(s.available_balance.as_ref()),
                    Some((dec!(1.00), day(2009, 12, 15)))
                );
                assert_eq!(s.start, Some(day(2009, 12, 14)));
            }
            "multiple_accounts.ofx" | "multiple_accounts2.ofx" => {
                // ofxparse testMultipleAccounts.
                let all = result.unwrap_or_else(|e| panic!("{name}: {e}"));
                let got: Vec<_> = all
                    .iter()
                    .map(|s| {
                        (
                            s.account.account_id.as_deref(),
                            s.account.bank_id.as_deref(),
                            s.account.account_type.as_deref(),
                            balance(s.closing_balance.as_ref()),
                            s.lines.len(),
                        )
                    })
                    .collect();
                assert_eq!(
                    got,
                    [
                        (
                            Some("9100"),
                            Some("123"),
                            Some("CHECKING"),
                            Some((dec!(111), day(2012, 6, 3))),
                            0
                        ),
                        (
                            Some("9200"),
                            Some("123"),
                            Some("SAVINGS"),
                            Some((dec!(222), day(2012, 6, 3))),
                            0
                        ),
                    ]
                );
            }
            "ofx-v102-empty-tags.ofx" => {
                // Empty elements are absent values, not empty strings.
                let s = only(&name, result);
                assert_eq!(s.account.bank_id.as_deref(), Some("NPBS"));
                assert_eq!(s.account.account_id.as_deref(), Some("12345678"));
                assert_eq!(
                    (s.account.currency.as_deref(), s.account.branch_id.as_deref()),
                    (None, None)
                );
                assert_eq!(s.account.account_type, None);
                assert_eq!(s.lines.len(), 1);
                let l = line(&s, 0);
                assert_eq!((l.date, l.amount), (day(2018, 5, 7), dec!(12.34)));
                assert_eq!(l.kind.as_deref(), Some("Credit"));
                assert_eq!((l.bank_id.as_deref(), l.payee.as_deref()), (None, None));
                assert_eq!((l.check_number.as_deref(), l.reference.as_deref()), (None, None));
                assert_eq!(l.memo.as_deref(), Some("CBA:Transfer"));
                assert_eq!(l.currency.as_deref(), Some("AUD"));
                assert_eq!(l.balance, Some(dec!(123.45)), "ACCTBAL, a bank extension");
                assert_eq!(s.closing_balance, None, "an empty LEDGERBAL states no balance");
            }
            "signon_fail.ofx" => {
                let (line, field, value, reason) = malformed(&name, result);
                assert_eq!((line, field.as_str()), (11, "STATUS"));
                assert!(
                    value.starts_with("15500 ERROR: Your request could not be processed"),
                    "{value}"
                );
                assert!(reason.contains("refused the sign-on"), "{reason}");
            }
            "suncorp.ofx" => {
                // ofxparse testCDATATransactions.
                let s = only(&name, result);
                assert_eq!(s.lines.len(), 1);
                let l = line(&s, 0);
                assert_eq!(l.payee.as_deref(), Some("EFTPOS WDL HANDYWAY ALDI STORE"));
                assert_eq!(
                    l.memo.as_deref(),
                    Some("EFTPOS WDL HANDYWAY ALDI STORE   GEELONG WEST VICAU")
                );
                assert_eq!((l.amount, l.date), (dec!(-16.85), day(2013, 12, 15)));
                assert_eq!(
                    (l.bank_id.as_deref(), l.check_number.as_deref()),
                    (Some("1"), Some("0"))
                );
                assert_eq!(s.account.bank_id.as_deref(), Some("SUNCORP"));
                assert_eq!(
                    balance(s.closing_balance.as_ref()),
                    Some((dec!(1234.12), day(2013, 12, 15)))
                );
            }
            "td_ameritrade.ofx" => {
                let s = only(&name, result);
                assert_eq!(s.account.bank_id.as_deref(), Some("ameritrade.com"));
                assert_eq!(s.account.account_id.as_deref(), Some("121212121"));
                assert!(s.lines.is_empty() && s.investments.is_empty());
                let secs: Vec<_> = s
                    .securities
                    .iter()
                    .map(|x| (x.id.as_str(), x.ticker.as_deref(), x.name.as_deref()))
                    .collect();
                assert_eq!(
                    secs,
                    [
                        ("023135106", Some("AMZN"), Some("Amazon.com, Inc. - Common Stock")),
                        ("912810RW0", Some("912810RW0"), Some("US Treasury 2047")),
                    ]
                );
                assert_eq!(
                    balance(s.available_balance.as_ref()),
                    Some((dec!(0), day(2017, 12, 3)))
                );
                assert_eq!((s.start, s.end), (Some(day(2017, 11, 30)), Some(day(2017, 12, 3))));
            }
            "tiaacref.ofx" => {
                // ofxparse testReadAccount, testReadTransfer.
                let s = only(&name, result);
                assert_eq!(s.account.account_id.as_deref(), Some("111A1111 22B222 33C333"));
                assert_eq!(s.account.account_type.as_deref(), Some("INVESTMENT"));
                assert_eq!(s.investments.len(), 1);
                let t = s.investments.first().expect("transfer");
                assert_eq!(
                    t.bank_id.as_deref(),
                    Some("TIAA#20170307160000.000[-4:EDT]160000.000[-4:EDT]")
                );
                assert_eq!((t.kind.as_str(), t.subtype.as_deref()), ("TRANSFER", Some("IN")));
                assert_eq!((t.date, t.settle_date), (day(2017, 3, 7), Some(day(2017, 3, 7))));
                assert_eq!((t.units, t.unit_price), (Some(dec!(0)), Some(dec!(1))));
                assert_eq!(t.memo.as_deref(), Some("TIAA Traditional Balance Update"));
                assert_eq!(s.securities.len(), 6);
                let tickers: Vec<_> =
                    s.securities.iter().filter_map(|x| x.ticker.as_deref()).collect();
                assert_eq!(tickers, ["QREARX", "QCBMIX", "TIAAtrad", "QCSTIX", "QCEQIX", "QCMMIX"]);
            }
            "vanguard.ofx" => {
                // ofxparse testForUnclosedTags, testSecurityListSuccess.
                let s = only(&name, result);
                assert_eq!(s.investments.len(), 1);
                let t = s.investments.first().expect("sale");
                assert_eq!(t.bank_id.as_deref(), Some("01234567890.0123.07152011.0"));
                assert_eq!((t.kind.as_str(), t.subtype.as_deref()), ("SELLMF", Some("SELL")));
                assert_eq!((t.date, t.settle_date), (day(2011, 7, 15), Some(day(2011, 7, 15))));
                assert_eq!(
                    (t.units, t.unit_price, t.total),
                    (Some(dec!(-42.123)), Some(dec!(100.00)), Some(dec!(4212.3)))
                );
                assert_eq!(t.memo.as_deref(), Some("THIS IS A MEMO"));
                assert_eq!(s.securities.len(), 2);
                let tickers: Vec<_> =
                    s.securities.iter().filter_map(|x| x.ticker.as_deref()).collect();
                assert_eq!(tickers, ["VFINX", "VFIAX"]);
            }
            "vanguard401k.ofx" => {
                // ofxparse testReadTransfer.
                let s = only(&name, result);
                assert_eq!(s.investments.len(), 5);
                let last = s.investments.last().expect("transfer");
                assert_eq!(last.bank_id.as_deref(), Some("1234567890123456795AAA"));
                assert_eq!(
                    (last.kind.as_str(), last.subtype.as_deref()),
                    ("TRANSFER", Some("OUT"))
                );
                assert_eq!(last.units, Some(dec!(-0.04241)));
                assert_eq!((last.date, last.settle_date), (day(2013, 9, 5), Some(day(2013, 9, 6))));
                let first = s.investments.first().expect("buy");
                assert_eq!((first.units, first.total), (Some(dec!(14.61137)), Some(dec!(-673.0))));
                let sec = s.securities.first().expect("security");
                assert_eq!((sec.id.as_str(), sec.ticker.as_deref()), ("92202V351", None));
                assert_eq!(sec.name.as_deref(), Some("Target Retirement 2050 Trust Plus"));
            }
            "fail_nice/date_missing.ofx" => {
                // Three lines: no DTPOSTED, an empty one, February 31. ofxparse raises unless
                // told to discard them; this reader stops at the first, and at each in turn.
                let (line, field, value, _) = malformed(&name, result);
                assert_eq!((line, field.as_str(), value.as_str()), (33, "DTPOSTED", ""));
                let text = String::from_utf8(bytes).expect("ascii");
                let fixed = text.replacen(
                    "<TRNAMT>-80.00</TRNAMT>",
                    "<DTPOSTED>20110601</DTPOSTED><TRNAMT>-80.00</TRNAMT>",
                    1,
                );
                let (line, field, value, reason) =
                    malformed(&name, ofx::parse(fixed.as_bytes(), &name));
                assert_eq!((line, field.as_str(), value.as_str()), (40, "DTPOSTED", ""));
                assert!(reason.contains("missing or empty"), "{reason}");
                let fixed =
                    fixed.replacen("<DTPOSTED></DTPOSTED>", "<DTPOSTED>20110602</DTPOSTED>", 1);
                let (line, field, value, reason) =
                    malformed(&name, ofx::parse(fixed.as_bytes(), &name));
                assert_eq!((line, field.as_str(), value.as_str()), (50, "DTPOSTED", "20120231"));
                assert_eq!(reason, "no such day");
                let fixed = fixed.replacen("20120231", "20110603", 1);
                let s = only(&name, ofx::parse(fixed.as_bytes(), &name));
                assert_eq!(s.lines.len(), 3);
            }
            "fail_nice/decimal_error.ofx" => {
                // The line's date (month 20) fails first, then its amount ($120).
                let (line, field, value, reason) = malformed(&name, result);
                assert_eq!(
                    (line, field.as_str(), value.as_str()),
                    (36, "DTPOSTED", "201120000000")
                );
                assert_eq!(reason, "no such day");
                let text = String::from_utf8(bytes).expect("ascii");
                let fixed = text.replacen("201120000000", "20110301", 1);
                let (line, field, value, _) = malformed(&name, ofx::parse(fixed.as_bytes(), &name));
                assert_eq!((line, field.as_str(), value.as_str()), (37, "TRNAMT", "$120"));
            }
            "fail_nice/empty_balance.ofx" => {
                // ofxparse (not fail-fast) keeps the line and has no balance: a blank BALAMT
                // states no balance here too.
                let s = only(&name, result);
                assert_eq!(s.lines.len(), 1);
                let l = line(&s, 0);
                assert_eq!(
                    (l.date, l.amount, l.payee.as_deref()),
                    (day(2011, 3, 8), dec!(120), Some("Foobar"))
                );
                assert_eq!(
                    (s.closing_balance.as_ref(), s.available_balance.as_ref()),
                    (None, None)
                );
            }
            other => panic!("no expectation for ofxparse/{other}"),
        }
    }
}

#[test]
fn every_ofx_rs_fixture() {
    let files = files_under("crate-ofx-rs/tests/fixtures");
    assert_eq!(files.len(), 9);
    let mut stmtrs = None;
    let mut stmtrs_euro = None;
    for (name, path) in files {
        let (bytes, result) = read(&name, &path);
        match name.as_str() {
            "br_nubank_cc.ofx" => {
                let s = only(&name, result);
                assert_eq!(s.account.account_type.as_deref(), Some("CREDITCARD"));
                assert_eq!(s.account.currency.as_deref(), Some("BRL"));
                assert_eq!(s.lines.len(), 6);
                let l = line(&s, 0);
                assert_eq!((l.date, l.amount), (day(2024, 3, 23), dec!(-13.00)));
                assert_eq!(l.memo.as_deref(), Some("-memo-message-"));
                assert_eq!(l.bank_id.as_deref(), Some("11111111-UUID-4747-8883-111111111111"));
                // The charges add up to the card's ledger balance.
                let closing = s.closing_balance.as_ref().expect("closing");
                assert_eq!((closing.amount, closing.date), (dec!(-1280.91), day(2024, 3, 25)));
                assert_eq!(s.lines.iter().map(|l| l.amount).sum::<Decimal>(), closing.amount);
            }
            "credit_card_statement.ofx" => {
                let s = only(&name, result);
                assert_eq!(s.account.account_id.as_deref(), Some("4111111111111111"));
                let l = line(&s, 0);
                assert_eq!(
                    (l.amount, l.payee.as_deref(), l.memo.as_deref()),
                    (dec!(-25.99), Some("STREAMING SERVICE"), Some("Monthly subscription"))
                );
                assert_eq!(
                    (l.bank_id.as_deref(), l.date),
                    (Some("CC20230110001"), day(2023, 1, 10))
                );
                assert_eq!(
                    balance(s.closing_balance.as_ref()),
                    Some((dec!(-250.00), day(2023, 1, 31)))
                );
            }
            "invstmtrs.ofx" => {
                let s = only(&name, result);
                assert_eq!(s.account.bank_id.as_deref(), Some("121099999"));
                assert_eq!(s.investments.len(), 2);
                let buy = s.investments.first().expect("buy");
                assert_eq!(
                    (buy.kind.as_str(), buy.bank_id.as_deref()),
                    ("BUYSTOCK", Some("23321"))
                );
                assert_eq!((buy.date, buy.settle_date), (day(2005, 8, 25), Some(day(2005, 8, 28))));
                assert_eq!(
                    (buy.units, buy.unit_price, buy.fees, buy.total),
                    (Some(dec!(100)), Some(dec!(50.00)), Some(dec!(25.00)), Some(dec!(-5025.00)))
                );
                assert_eq!(buy.security_id.as_deref(), Some("123456789"));
                let cash = s.investments.get(1).expect("cash");
                assert_eq!((cash.kind.as_str(), cash.total), ("INVBANKTRAN", Some(dec!(1000.00))));
                let l = line(&s, 0);
                assert_eq!(s.lines.len(), 1);
                assert_eq!(
                    (l.payee.as_deref(), l.memo.as_deref()),
                    (Some("Customer deposit"), Some("Your check #1034"))
                );
                assert_eq!((l.date, l.posted_date), (day(2005, 8, 25), Some(day(2005, 8, 25))));
                assert_eq!(
                    balance(s.available_balance.as_ref()),
                    Some((dec!(200.00), day(2005, 8, 27)))
                );
                assert!(s.securities.is_empty(), "the file has no SECLIST");
            }
            "mercury-checking.ofx" => {
                // No end tag at all in this file; ofx-rs's test: 674 lines, ledger 1149.86.
                let s = only(&name, result);
                assert_eq!(s.lines.len(), 674);
                assert_eq!(s.account.account_id.as_deref(), Some("202497494038"));
                assert_eq!(s.account.bank_id.as_deref(), Some("121000248"));
                assert_eq!(s.account.account_type.as_deref(), Some("CHECKING"));
                assert_eq!(s.account.currency.as_deref(), Some("USD"));
                assert_eq!((s.start, s.end), (Some(day(2024, 3, 11)), Some(day(2026, 3, 18))));
                let first = line(&s, 0);
                assert_eq!(first.bank_id.as_deref(), Some("cdd3fc6a-dbee-11ee-9629-1bbe55d25559"));
                assert_eq!(first.payee.as_deref(), Some("Boeing Employees Credit Union (B"));
                assert_eq!((first.memo.as_deref(), first.amount), (None, dec!(2500.0)));
                assert_eq!(
                    (first.date, first.line, first.kind.as_deref()),
                    (day(2024, 3, 11), 34, Some("CREDIT"))
                );
                let figma = line(&s, 1);
                assert_eq!(
                    (figma.payee.as_deref(), figma.memo.as_deref(), figma.amount),
                    (Some("Figma"), Some("FIGMA ANNUAL RENEWAL"), dec!(-153.22))
                );
                let last = s.lines.last().expect("last");
                assert_eq!(last.bank_id.as_deref(), Some("cb8e5884-2312-11f1-87b8-3f2b60b10cfa"));
                assert_eq!(last.payee.as_deref(), Some("ELEVENLABS.IO"));
                assert_eq!(
                    last.memo.as_deref(),
                    Some("ELEVENLABS.IO; ELEVENLABS; DIAM GENERAL SERVICES")
                );
                assert_eq!((last.amount, last.date), (dec!(-5.33), day(2026, 3, 18)));
                let memos = s.lines.iter().filter(|l| l.memo.is_some()).count();
                let text = String::from_utf8_lossy(&bytes);
                assert_eq!(memos, text.matches("<MEMO>").count());
                assert_eq!(memos, 670);
                let mut ids: Vec<_> = s.lines.iter().filter_map(|l| l.bank_id.as_deref()).collect();
                ids.sort_unstable();
                ids.dedup();
                assert_eq!(ids.len(), 674, "every FITID read, none twice");
                assert_eq!(
                    balance(s.closing_balance.as_ref()),
                    Some((dec!(1149.86), day(2026, 3, 19)))
                );
                assert_eq!(s.available_balance, None);
            }
            "multi_transaction_statement.ofx" => {
                let s = only(&name, result);
                let ids: Vec<_> = s.lines.iter().filter_map(|l| l.bank_id.as_deref()).collect();
                assert_eq!(ids, ["MTX001", "MTX002", "MTX003", "MTX004", "MTX005"]);
                assert_eq!(line(&s, 1).check_number.as_deref(), Some("2001"));
                let online = line(&s, 3);
                assert_eq!(
                    (online.date, online.posted_date),
                    (day(2023, 1, 14), Some(day(2023, 1, 15)))
                );
                assert_eq!(online.reference.as_deref(), Some("ORD-12345"));
                assert_eq!(online.memo.as_deref(), Some("Electronics purchase"));
                let refund = line(&s, 4);
                assert_eq!(
                    (refund.amount, refund.payee.as_deref()),
                    (dec!(50.00), Some("GAS STATION REFUND"))
                );
                assert_eq!(
                    balance(s.closing_balance.as_ref()),
                    Some((dec!(3304.33), day(2023, 1, 31)))
                );
                assert_eq!(s.available_balance.as_ref().map(|b| b.amount), Some(dec!(3204.33)));
            }
            "sgml_header_statement.ofx" => {
                let s = only(&name, result);
                assert_eq!(s.account.account_type.as_deref(), Some("SAVINGS"));
                let l = line(&s, 0);
                assert_eq!(
                    (l.kind.as_deref(), l.amount, l.date),
                    (Some("DEP"), dec!(1000.00), day(2023, 1, 20))
                );
                assert_eq!(l.payee.as_deref(), Some("PAYROLL DEPOSIT"));
                assert_eq!(
                    balance(s.closing_balance.as_ref()),
                    Some((dec!(5000.00), day(2023, 1, 31)))
                );
            }
            "simple_bank_statement.ofx" => {
                let s = only(&name, result);
                let l = line(&s, 0);
                assert_eq!((l.amount, l.payee.as_deref()), (dec!(-50.00), Some("GROCERY STORE")));
                assert_eq!(l.memo.as_deref(), Some("Weekly groceries"));
                assert_eq!(
                    balance(s.closing_balance.as_ref()),
                    Some((dec!(1500.00), day(2023, 1, 15)))
                );
            }
            "stmtrs.ofx" => stmtrs = Some(only(&name, result)),
            "stmtrs_euro.ofx" => stmtrs_euro = Some(only(&name, result)),
            other => panic!("no expectation for crate-ofx-rs/{other}"),
        }
    }
    // The same statement written with decimal points and with decimal commas.
    let mut s = stmtrs.expect("stmtrs.ofx");
    let mut euro = stmtrs_euro.expect("stmtrs_euro.ofx");
    assert_eq!(s.account.account_id.as_deref(), Some("999988"));
    let amounts: Vec<_> = s.lines.iter().map(|l| l.amount).collect();
    assert_eq!(amounts, [dec!(-200.00), dec!(-300.00)]);
    assert_eq!(line(&s, 0).check_number.as_deref(), Some("1000"));
    assert_eq!(line(&s, 1).kind.as_deref(), Some("ATM"));
    assert_eq!(balance(s.closing_balance.as_ref()), Some((dec!(200.29), day(2005, 10, 29))));
    s.file.clear();
    euro.file.clear();
    assert_eq!(s, euro);
}

#[test]
fn every_npm_ofx_file() {
    let files = files_under("npm-ofx");
    assert_eq!(files.len(), 3);
    for (name, path) in files {
        let (_, result) = read(&name, &path);
        match name.as_str() {
            "LICENSE" => match result {
                Err(err @ Error::File(FileError::Unreadable { .. })) => {
                    assert_eq!(err.code(), "unreadable_file");
                    assert!(err.to_string().contains("not an OFX file"), "{err}");
                }
                other => panic!("LICENSE: expected unreadable_file, got {other:?}"),
            },
            "test/data/example1.ofx" => {
                // npm ofx test 'parse': 5 transactions.
                let s = only(&name, result);
                assert_eq!(s.lines.len(), 5);
                assert_eq!(s.account.currency.as_deref(), Some("NZD"));
                assert_eq!(
                    (s.account.bank_id.as_deref(), s.account.branch_id.as_deref()),
                    (Some("01"), Some("0123"))
                );
                assert_eq!(s.account.account_id.as_deref(), Some("1234567-00"));
                let l = line(&s, 0);
                assert_eq!((l.kind.as_deref(), l.amount), (Some("INT"), dec!(19.90)));
                assert_eq!(l.memo.as_deref(), Some("Credit Interest Paid"));
                assert_eq!(l.bank_id.as_deref(), Some("20120928.0"));
                assert_eq!(line(&s, 2).payee.as_deref(), Some("06 0773 0214764 33"));
                assert_eq!(
                    balance(s.closing_balance.as_ref()),
                    Some((dec!(4225.79), day(2012, 10, 4)))
                );
                assert_eq!(s.available_balance.as_ref().map(|b| b.amount), Some(dec!(12.79)));
            }
            "test/data/example-xml.qfx" => {
                // npm ofx test 'parse XML': the one transaction.
                let s = only(&name, result);
                assert_eq!(s.lines.len(), 1);
                let l = line(&s, 0);
                assert_eq!(
                    (l.kind.as_deref(), l.date, l.amount),
                    (Some("INT"), day(2016, 12, 15), dec!(0.84))
                );
                assert_eq!(l.bank_id.as_deref(), Some("21172131531687"));
                assert_eq!(l.payee.as_deref(), Some("Interest Paid"));
                assert_eq!(
                    balance(s.closing_balance.as_ref()),
                    Some((dec!(1025.23), day(2017, 1, 4)))
                );
            }
            other => panic!("no expectation for npm-ofx/{other}"),
        }
    }
}
