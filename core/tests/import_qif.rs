//! The QIF reader on the shared sample files (every file of `crate-qif_parser/data`, and
//! Actual's `data-with-categories.qif`) and on edge cases.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use std::path::{Path, PathBuf};
use tally_core::files::FileError;
use tally_core::import::amount::NumberStyle;
use tally_core::import::qif::{parse, DateOrder, QifOptions};
use tally_core::import::{Statement, StatementFormat};
use tally_core::Error;

const QIF_PARSER: &str =
    concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/data/crate-qif_parser/data");
const ACTUAL: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../shared/data/actual-loot-core/data-with-categories.qif"
);

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

fn auto() -> QifOptions {
    QifOptions::default()
}

fn order(order: DateOrder) -> QifOptions {
    QifOptions { date_order: Some(order), ..QifOptions::default() }
}

fn parse_ok(bytes: &[u8], options: &QifOptions) -> Vec<Statement> {
    parse(bytes, "test.qif", options).unwrap_or_else(|e| panic!("parse failed: {e}"))
}

/// The `(line, field, value)` of a malformed-line error, and its reason.
fn malformed(result: tally_core::Result<Vec<Statement>>) -> (u64, String, String, String) {
    match result {
        Err(Error::File(FileError::Malformed { line, field, value, reason, .. })) => {
            (line, field, value, reason)
        }
        other => panic!("expected a malformed_line error, got {other:?}"),
    }
}

fn only(statements: &[Statement]) -> &Statement {
    assert_eq!(statements.len(), 1, "one statement");
    &statements[0]
}

/// Every file under `dir`, recursively, sorted.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read data dir") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            out.extend(files(&path));
        } else {
            out.push(path);
        }
    }
    out.sort();
    out
}

#[test]
fn every_shared_qif_file() {
    let all = files(Path::new(QIF_PARSER));
    // SOURCES.md says 17; the folder holds 18 (11 at the top, 7 under external/).
    assert_eq!(all.len(), 18, "every file of crate-qif_parser/data");
    for path in all {
        let name = path
            .strip_prefix(QIF_PARSER)
            .expect("under the data dir")
            .to_string_lossy()
            .replace('\\', "/");
        let bytes = std::fs::read(&path).expect("read file");
        let file = name.as_str();
        match file {
            "amex.qif" => amex(&bytes),
            "autoswitch.qif" => autoswitch(&bytes),
            "cic.qif" => cic(&bytes),
            "gnucash_investments.qif" => gnucash_investments(&bytes),
            "lists.qif" => lists(&bytes),
            "monzo.qif" => monzo(&bytes),
            "nasty.qif" => nasty(&bytes),
            "prices.qif" => prices(&bytes),
            "wikipedia.qif" => wikipedia(&bytes),
            "wikipedia_investments.qif" => wikipedia_investments(&bytes),
            "wikipedia_simple.qif" => wikipedia_simple(&bytes),
            "external/3_records_dmyy.qif" => records_dmyy(&bytes),
            "external/3_records_invalid_header.qif" => records_invalid_header(&bytes),
            "external/3_records_separator.qif" => records_separator(&bytes),
            "external/3_records_spaced.qif" => records_spaced(&bytes),
            "external/quicken_investment_account.qif" => quicken_investment_account(&bytes),
            "external/quicken_non_investment_account.qif" => quicken_non_investment(&bytes),
            "external/splits.qif" => splits(&bytes),
            other => panic!("no expectations for {other}"),
        }
    }
}

fn amex(bytes: &[u8]) {
    let statements = parse_ok(bytes, &auto());
    let s = only(&statements);
    assert_eq!(s.format, StatementFormat::Qif);
    assert_eq!(s.file, "test.qif");
    assert_eq!(s.account.account_type.as_deref(), Some("CCard"));
    assert_eq!(s.account.name, None);
    assert_eq!(s.lines.len(), 7);
    let payment = &s.lines[0];
    assert_eq!(payment.line, 2);
    assert_eq!(payment.date, day(2023, 11, 25));
    assert_eq!(payment.amount, dec!(150.94));
    assert_eq!(payment.payee.as_deref(), Some("PAYMENT RECEIVED - THANK YOU"));
    assert_eq!(payment.check_number.as_deref(), Some("20231125"));
    assert_eq!(payment.memo, None, "an empty M is no memo");
    let foreign = &s.lines[1];
    assert_eq!(foreign.date, day(2023, 11, 24));
    assert_eq!(foreign.amount, dec!(-20.58));
    assert_eq!(foreign.payee.as_deref(), Some("FOO     BAR"), "inner spaces kept");
    assert_eq!(
        foreign.memo.as_deref(),
        Some(
            "Foreign Spend Amount: 24.99 UNITED STATES DOLLAR Commission Amount: 0.60 \
             Currency Exchange Rate: 1.2507"
        )
    );
    assert_eq!(s.lines[3].memo.as_deref(), Some("GOODS"), "trailing space trimmed");
    assert_eq!(s.lines[6].payee.as_deref(), Some("GAG'S 8260048      LONDON"));
    assert_eq!(s.lines[6].date, day(2023, 11, 23));
    let total: Decimal = s.lines.iter().map(|l| l.amount).sum();
    assert_eq!(total, dec!(-58.40));
    // The same dates read month-first do not exist.
    let (line, field, value, _) = malformed(parse(bytes, "amex.qif", &order(DateOrder::MonthDay)));
    assert_eq!((line, field.as_str(), value.as_str()), (2, "D", "25/11/2023"));
}

fn autoswitch(bytes: &[u8]) {
    let statements = parse_ok(bytes, &auto());
    assert_eq!(statements.len(), 3, "Checking, Brokerage, Visa");
    let names: Vec<_> = statements.iter().map(|s| s.account.name.as_deref()).collect();
    assert_eq!(names, [Some("Checking"), Some("Brokerage"), Some("Visa")]);
    let types: Vec<_> = statements.iter().map(|s| s.account.account_type.as_deref()).collect();
    assert_eq!(types, [Some("Bank"), Some("Invst"), Some("CCard")]);

    let checking = &statements[0];
    assert_eq!(checking.lines.len(), 2, "the register switches back to Checking");
    assert!(checking.investments.is_empty());
    let shop = &checking.lines[0];
    assert_eq!(shop.line, 25);
    assert_eq!(shop.date, day(2020, 1, 2));
    assert_eq!(shop.amount, dec!(-1234.50));
    assert_eq!(shop.payee.as_deref(), Some("Grocery Store"));
    assert_eq!(shop.category.as_deref(), Some("Groceries/Personal"));
    assert_eq!(shop.check_number.as_deref(), Some("1024"));
    assert_eq!(shop.cleared.as_deref(), Some("*"));
    assert_eq!(shop.memo.as_deref(), Some("weekly shop\n1 High Street, London"));
    assert_eq!(shop.splits.len(), 2);
    assert_eq!(shop.splits[0].category.as_deref(), Some("Groceries"));
    assert_eq!(shop.splits[0].memo.as_deref(), Some("food"));
    assert_eq!(shop.splits[0].amount, dec!(-40.00));
    assert_eq!(shop.splits[1].category.as_deref(), Some("Household"));
    assert_eq!(shop.splits[1].memo, None);
    assert_eq!(shop.splits[1].amount, dec!(-10.00));
    let refund = &checking.lines[1];
    assert_eq!(refund.date, day(2020, 3, 6));
    assert_eq!(refund.amount, dec!(20.00));
    assert_eq!(refund.payee.as_deref(), Some("Refund"));

    let brokerage = &statements[1];
    assert!(brokerage.lines.is_empty());
    assert_eq!(brokerage.investments.len(), 2);
    let buy = &brokerage.investments[0];
    assert_eq!(buy.kind, "Buy");
    assert_eq!(buy.date, day(2020, 3, 4));
    assert_eq!(buy.security_id.as_deref(), Some("ACME"));
    assert_eq!(buy.unit_price, Some(dec!(12.50)));
    assert_eq!(buy.units, Some(dec!(10)));
    assert_eq!(buy.fees, Some(dec!(9.95)));
    assert_eq!(buy.total, Some(dec!(-134.95)), "a buy is cash out");
    assert_eq!(buy.cleared.as_deref(), Some("R"));
    assert_eq!(buy.memo.as_deref(), Some("Opening lot"));
    assert_eq!(buy.payee.as_deref(), Some("From checking"));
    assert_eq!(buy.category.as_deref(), Some("[Checking]"));
    let sell = &brokerage.investments[1];
    assert_eq!(sell.kind, "Sell");
    assert_eq!(sell.date, day(2020, 3, 5));
    assert_eq!(sell.total, Some(dec!(50)), "T is taken over U");
    assert_eq!(sell.units, None);
    assert_eq!(brokerage.securities.len(), 1);
    assert_eq!(brokerage.securities[0].id, "ACME");

    let visa = &statements[2];
    assert!(visa.lines.is_empty() && visa.investments.is_empty());
    let balance = visa.closing_balance.as_ref().expect("Visa states its balance");
    assert_eq!(balance.amount, dec!(-40.50));
    assert_eq!(balance.date, day(2020, 1, 15));
}

fn cic(bytes: &[u8]) {
    let statements = parse_ok(bytes, &auto());
    let s = only(&statements);
    assert_eq!(s.account.account_type.as_deref(), Some("Bank"));
    assert_eq!(s.lines.len(), 12);
    assert_eq!(s.lines[0].date, day(2020, 5, 19), "19/05/20 is day-month, 2020");
    assert_eq!(s.lines[0].amount, dec!(500.00));
    assert_eq!(s.lines[0].payee.as_deref(), Some("REM CHQ REF1234"));
    assert_eq!(s.lines[2].date, day(2020, 6, 2));
    assert_eq!(s.lines[6].payee.as_deref(), Some("PRLV SEPA OVH SAS 1234-OVH, ORDER 1234"));
    assert_eq!(s.lines[11].date, day(2020, 7, 13));
    assert_eq!(s.lines[11].amount, dec!(-5.98));
    assert_eq!(s.lines[11].line, 46);
    let total: Decimal = s.lines.iter().map(|l| l.amount).sum();
    assert_eq!(total, dec!(441.58));
    assert!(s.lines.iter().all(|l| l.category.is_none() && l.memo.is_none()));
}

fn gnucash_investments(bytes: &[u8]) {
    let statements = parse_ok(bytes, &auto());
    assert_eq!(statements, parse_ok(bytes, &order(DateOrder::MonthDay)));
    let s = only(&statements);
    assert_eq!(s.account.name.as_deref(), Some("Assets:Investments:Mutual Fund"));
    assert_eq!(s.account.account_type.as_deref(), Some("Invst"));
    assert!(s.lines.is_empty());
    assert_eq!(s.investments.len(), 2, "two !Type:Invst headers, one account");
    let buy = &s.investments[0];
    assert_eq!(buy.line, 6);
    assert_eq!(buy.date, day(2006, 10, 30));
    assert_eq!(buy.kind, "BuyX");
    assert_eq!(buy.units, Some(dec!(0.9)));
    assert_eq!(buy.total, Some(dec!(-500)));
    assert_eq!(buy.payee.as_deref(), Some("Purchase"));
    assert_eq!(buy.category.as_deref(), Some("[Assets:Investments:Mutual Fund:Cash]"));
    assert_eq!(buy.security_id.as_deref(), Some("FOO"));
    let sell = &s.investments[1];
    assert_eq!(sell.date, day(2006, 11, 28));
    assert_eq!(sell.kind, "SellX");
    assert_eq!(sell.units, Some(dec!(-0.897)), "a sale's units are negative");
    assert_eq!(sell.total, Some(dec!(100)));
    assert_eq!(sell.payee.as_deref(), Some("Sale"));
    assert_eq!(s.securities.len(), 1);
    assert_eq!(s.securities[0].name.as_deref(), Some("FOO"));
}

fn lists(bytes: &[u8]) {
    // Categories, classes, tags, securities and a budget: no account data, no error.
    assert!(parse_ok(bytes, &auto()).is_empty());
    assert!(parse_ok(bytes, &order(DateOrder::DayMonth)).is_empty());
}

fn monzo(bytes: &[u8]) {
    let statements = parse_ok(bytes, &auto());
    let s = only(&statements);
    assert_eq!(s.lines.len(), 13);
    let first = &s.lines[0];
    assert_eq!(first.date, day(2018, 8, 27));
    assert_eq!(first.amount, dec!(1000.00));
    assert_eq!(first.payee.as_deref(), Some("Jane Doe"));
    assert_eq!(first.category, None);
    let tags = &s.lines[1];
    assert_eq!(tags.amount, dec!(-12.95));
    assert_eq!(tags.category.as_deref(), Some("Shopping"));
    assert_eq!(tags.memo.as_deref(), Some("UNIT 8 CARLSON COURT"), "the address is the memo");
    let last = &s.lines[12];
    assert_eq!(last.date, day(2018, 8, 30));
    assert_eq!(last.amount, dec!(-1.50));
    assert_eq!(last.payee.as_deref(), Some("Transport for London"));
    assert_eq!(last.category.as_deref(), Some("Transport"));
    assert_eq!(last.memo.as_deref(), Some("Travel charge for Thursday, 30 Aug"));
    let count = |c: &str| s.lines.iter().filter(|l| l.category.as_deref() == Some(c)).count();
    assert_eq!(count("Eating out"), 3);
    assert_eq!(count("Shopping"), 3);
    assert_eq!(count("Groceries"), 2);
    assert_eq!(count("Transport"), 2);
    assert_eq!(count("General"), 1);
    assert_eq!(count("Finances"), 1);
    let total: Decimal = s.lines.iter().map(|l| l.amount).sum();
    assert_eq!(total, dec!(558.45));
}

fn nasty(bytes: &[u8]) {
    let statements = parse_ok(bytes, &auto());
    let s = only(&statements);
    assert_eq!(s.lines.len(), 6);
    assert_eq!(s.lines[0].amount, dec!(10000.00));
    let huge = &s.lines[1];
    assert_eq!(huge.amount, dec!(-10000000.00));
    assert_eq!(huge.payee.as_deref(), Some("Huge Amount \u{1F605} with UTF8"));
    assert_eq!(huge.memo.as_deref(), Some("Address line 1, Address line 2, Address line 3"));
    assert_eq!(s.lines[2].amount, dec!(123), "a leading + is accepted");
    assert_eq!(s.lines[3].date, day(2018, 8, 28), "28/8/2018");
    assert_eq!(s.lines[3].amount, dec!(0));
    let cheque = &s.lines[4];
    assert_eq!(cheque.date, day(1982, 11, 1));
    assert_eq!(cheque.amount, dec!(1982.11));
    assert_eq!(cheque.check_number.as_deref(), Some("CHQ100"));
    let split = &s.lines[5];
    assert_eq!(split.line, 27);
    assert_eq!(split.check_number.as_deref(), Some("CHQ101"), "the first N is kept");
    assert_eq!(split.splits.len(), 2);
    assert_eq!(split.splits[0].category.as_deref(), Some("Split 1"));
    assert_eq!(split.splits[0].memo.as_deref(), Some("50%"));
    assert_eq!(split.splits[0].amount, dec!(-50.00));
    assert_eq!(split.splits[1].category.as_deref(), Some("Split 2"));
    assert_eq!(split.splits[1].amount, dec!(-50.00));
}

fn prices(bytes: &[u8]) {
    // A price list only: skipped, whatever its lines look like (`50 1/2`, quoted names).
    assert!(parse_ok(bytes, &auto()).is_empty());
}

fn wikipedia(bytes: &[u8]) {
    let statements = parse_ok(bytes, &auto());
    assert_eq!(statements, parse_ok(bytes, &order(DateOrder::MonthDay)));
    let s = only(&statements);
    assert_eq!(s.lines.len(), 6);
    let opening = &s.lines[0];
    assert_eq!(opening.date, day(2020, 2, 10), "2/10'2020");
    assert_eq!(opening.amount, dec!(0.00));
    assert_eq!(opening.cleared.as_deref(), Some("X"));
    assert_eq!(opening.payee.as_deref(), Some("Opening Balance"));
    assert_eq!(opening.category.as_deref(), Some("[TestExport]"), "a transfer, as written");
    let mobile = &s.lines[1];
    assert_eq!(mobile.date, day(2020, 2, 14));
    assert_eq!(mobile.amount, dec!(67.50));
    assert_eq!(mobile.splits.len(), 2);
    assert_eq!(mobile.splits[0].memo.as_deref(), Some("sign up credit"));
    assert_eq!(mobile.splits[0].amount, dec!(-15.00));
    assert_eq!(mobile.splits[1].amount, dec!(82.50));
    let split_sum: Decimal = mobile.splits.iter().map(|p| p.amount).sum();
    assert_eq!(split_sum, mobile.amount);
    assert_eq!(s.lines[2].memo.as_deref(), Some("money back for damaged parcel"));
    let walmart = &s.lines[4];
    assert_eq!(walmart.check_number.as_deref(), Some("123"));
    assert_eq!(walmart.date, day(2020, 2, 11));
    assert!(walmart.splits.is_empty());
    let amazon = &s.lines[5];
    assert_eq!(amazon.cleared.as_deref(), Some("*"));
    assert_eq!(amazon.amount, dec!(-100.00));
    let cats: Vec<_> = amazon.splits.iter().map(|p| p.category.as_deref().unwrap_or("")).collect();
    assert_eq!(
        cats,
        [
            "Food:Groceries",
            "Transportation:Automobile",
            "Personal Care:Haircare",
            "Healthcare:Prescriptions"
        ]
    );
    let split_sum: Decimal = amazon.splits.iter().map(|p| p.amount).sum();
    assert_eq!(split_sum, dec!(-100.00));
}

fn wikipedia_investments(bytes: &[u8]) {
    let statements = parse_ok(bytes, &auto());
    let s = only(&statements);
    assert_eq!(s.account.account_type.as_deref(), Some("Invst"));
    assert_eq!(s.investments.len(), 2);
    let buy = &s.investments[0];
    assert_eq!(buy.date, day(2007, 12, 21), "12/21' 7");
    assert_eq!(buy.kind, "Buy");
    assert_eq!(buy.security_id.as_deref(), Some("IBM"));
    assert_eq!(buy.total, Some(dec!(-11010.00)));
    assert_eq!(buy.unit_price, Some(dec!(110.10)));
    assert_eq!(buy.units, Some(dec!(100)));
    assert!(buy.memo.as_deref().is_some_and(|m| m.starts_with("Purchase of 100 shares")));
    let sell = &s.investments[1];
    assert_eq!(sell.date, day(2008, 12, 21));
    assert_eq!(sell.total, Some(dec!(11010.00)));
    assert_eq!(sell.units, Some(dec!(-100)));
}

fn wikipedia_simple(bytes: &[u8]) {
    // 03/03/10 and 03/04/10 fit both orders: the caller must say which.
    let (line, field, value, reason) = malformed(parse(bytes, "simple.qif", &auto()));
    assert_eq!((line, field.as_str(), value.as_str()), (6, "D", "03/04/10"));
    assert!(reason.contains("date_order"), "{reason}");
    let us = parse_ok(bytes, &order(DateOrder::MonthDay));
    let s = only(&us);
    let dates: Vec<_> = s.lines.iter().map(|l| l.date).collect();
    assert_eq!(dates, [day(2010, 3, 3), day(2010, 3, 4), day(2010, 3, 3)]);
    assert_eq!(s.lines[1].payee.as_deref(), Some("YOUR LOCAL SUPERMARKET"));
    assert_eq!(s.lines[2].amount, dec!(-421.35));
    let eu = parse_ok(bytes, &order(DateOrder::DayMonth));
    assert_eq!(eu[0].lines[1].date, day(2010, 4, 3));
}

fn three_records(s: &Statement) {
    assert_eq!(s.lines.len(), 3);
    let dates: Vec<_> = s.lines.iter().map(|l| l.date).collect();
    assert_eq!(dates, [day(2010, 1, 1), day(2010, 6, 1), day(2010, 12, 29)]);
    let cats: Vec<_> = s.lines.iter().map(|l| l.category.as_deref()).collect();
    assert_eq!(cats, [Some("Debit"), Some("Debit"), Some("Credit")]);
    assert!(s.lines.iter().all(|l| l.payee.as_deref() == Some("Description")));
    assert!(s.lines.iter().all(|l| l.memo.as_deref() == Some("Reference")));
}

fn records_dmyy(bytes: &[u8]) {
    let statements = parse_ok(bytes, &auto());
    let s = only(&statements);
    three_records(s);
    let amounts: Vec<_> = s.lines.iter().map(|l| l.amount).collect();
    assert_eq!(amounts, [dec!(-10.00), dec!(-20.00), dec!(30.00)]);
    assert_eq!(s.lines[0].line, 2);
}

fn records_invalid_header(bytes: &[u8]) {
    // A `^` right after the header is an empty record, not a transaction.
    let statements = parse_ok(bytes, &auto());
    let s = only(&statements);
    three_records(s);
    assert_eq!(s.lines[0].line, 3);
    assert_eq!(s.lines[2].amount, dec!(30.00));
}

fn records_separator(bytes: &[u8]) {
    let statements = parse_ok(bytes, &auto());
    let s = only(&statements);
    three_records(s);
    let amounts: Vec<_> = s.lines.iter().map(|l| l.amount).collect();
    assert_eq!(amounts, [dec!(-1010.00), dec!(-30020.00), dec!(30.00)]);
}

fn records_spaced(bytes: &[u8]) {
    // `1/ 1/10`, `6/ 1/10`, `12/29/10`: month-day, found from the last date.
    let statements = parse_ok(bytes, &auto());
    let s = only(&statements);
    three_records(s);
    assert_eq!(statements, parse_ok(bytes, &order(DateOrder::MonthDay)));
    let (line, _, value, _) = malformed(parse(bytes, "x", &order(DateOrder::DayMonth)));
    assert_eq!((line, value.as_str()), (14, "12/29/10"));
}

fn quicken_investment_account(bytes: &[u8]) {
    let statements = parse_ok(bytes, &auto());
    let s = only(&statements);
    assert_eq!(s.account.account_type.as_deref(), Some("Invst"));
    assert_eq!(s.investments.len(), 2);
    let opening = &s.investments[0];
    assert_eq!(opening.line, 2);
    assert_eq!(opening.date, day(1993, 8, 25));
    assert_eq!(opening.kind, "ShrsIn");
    assert_eq!(opening.security_id.as_deref(), Some("ibm4"));
    assert_eq!(opening.unit_price, Some(dec!(11.260)));
    assert_eq!(opening.unit_price.map(|p| p.scale()), Some(3), "scale as written");
    assert_eq!(opening.units, Some(dec!(88.81)));
    assert_eq!(opening.cleared.as_deref(), Some("X"));
    assert_eq!(opening.total, Some(dec!(1000.00)), "the value of the shares that came in");
    assert_eq!(opening.memo.as_deref(), Some("Opening"));
    assert_eq!(opening.fees, None);
    let buy = &s.investments[1];
    assert_eq!(buy.kind, "BuyX");
    assert_eq!(buy.unit_price, Some(dec!(11.030)));
    assert_eq!(buy.units, Some(dec!(9.066)));
    assert_eq!(buy.total, Some(dec!(-100.00)));
    assert_eq!(buy.memo.as_deref(), Some("Est. price as of 8/25/93"));
    assert_eq!(buy.category.as_deref(), Some("[CHECKING]"));
    assert_eq!(s.securities.len(), 1, "one security, named twice");
}

/// Intuit's sample writes `$=746.36`; the `=` is no sign this reader knows (the splits only
/// add up to `T` if it is a minus), so the file is refused there rather than guessed.
fn refuses_equals_split(bytes: &[u8]) {
    let (line, _, value, _) = malformed(parse(bytes, "x", &auto()));
    assert_eq!((line, value.as_str()), (2, "6/1/94"), "6/1/94 .. 6/3/94 fit both orders");
    let (line, field, value, _) = malformed(parse(bytes, "x", &order(DateOrder::MonthDay)));
    assert_eq!((line, field.as_str(), value.as_str()), (13, "$", "=746.36"));
}

fn with_minus(bytes: &[u8]) -> Vec<u8> {
    String::from_utf8(bytes.to_vec()).expect("utf-8").replace("$=", "$-").into_bytes()
}

fn quicken_non_investment(bytes: &[u8]) {
    refuses_equals_split(bytes);
    let statements = parse_ok(&with_minus(bytes), &order(DateOrder::MonthDay));
    let s = only(&statements);
    assert_eq!(s.lines.len(), 3);
    let mortgage = &s.lines[0];
    assert_eq!(mortgage.date, day(1994, 6, 1));
    assert_eq!(mortgage.amount, dec!(-1000.00));
    assert_eq!(mortgage.cleared.as_deref(), Some("X"));
    assert_eq!(mortgage.check_number.as_deref(), Some("1005"));
    assert_eq!(mortgage.payee.as_deref(), Some("Bank Of Mortgage"));
    assert_eq!(mortgage.memo.as_deref(), Some("Memo"));
    assert_eq!(mortgage.category.as_deref(), Some("[linda]"));
    assert_eq!(mortgage.splits.len(), 2);
    assert_eq!(mortgage.splits[0].category.as_deref(), Some("[linda]"));
    assert_eq!(mortgage.splits[0].memo.as_deref(), Some("Cash"));
    assert_eq!(mortgage.splits[0].amount, dec!(-253.64));
    assert_eq!(mortgage.splits[1].category.as_deref(), Some("Mort Int"));
    let split_sum: Decimal = mortgage.splits.iter().map(|p| p.amount).sum();
    assert_eq!(split_sum, mortgage.amount);
    assert_eq!(s.lines[1].date, day(1994, 6, 2));
    assert_eq!(s.lines[1].amount, dec!(75.00));
    let film = &s.lines[2];
    assert_eq!(film.date, day(1994, 6, 3));
    assert_eq!(film.amount, dec!(-10.00));
    assert_eq!(film.category.as_deref(), Some("Entertain"));
    assert_eq!(film.memo.as_deref(), Some("Film\nP.O. Box 27027, Tucson, AZ, 85726"));
}

fn splits(bytes: &[u8]) {
    refuses_equals_split(bytes);
    let statements = parse_ok(&with_minus(bytes), &order(DateOrder::MonthDay));
    let s = only(&statements);
    assert_eq!(s.lines.len(), 2);
    let first = &s.lines[0];
    assert_eq!(first.category.as_deref(), Some("[linda]"));
    assert_eq!(first.splits.len(), 2);
    assert_eq!(first.splits[0].category.as_deref(), Some("[steve]"));
    assert_eq!(first.splits[1].amount, dec!(-746.36));
    // A split written before the amount.
    let second = &s.lines[1];
    assert_eq!(second.line, 15);
    assert_eq!(second.amount, dec!(75.00));
    assert_eq!(second.payee.as_deref(), Some("Deposit"));
    assert_eq!(second.splits.len(), 1);
    assert_eq!(second.splits[0].category.as_deref(), Some("category 1"));
    assert_eq!(second.splits[0].amount, dec!(23));
}

#[test]
fn actual_data_with_categories() {
    let bytes = std::fs::read(ACTUAL).expect("read Actual's QIF");
    let statements = parse_ok(&bytes, &auto());
    let s = only(&statements);
    assert_eq!(s.account.account_type.as_deref(), Some("Bank"));
    assert_eq!(s.lines.len(), 3);
    assert!(s.lines.iter().all(|l| l.date == day(2018, 12, 19)));
    let rows: Vec<_> =
        s.lines.iter().map(|l| (l.payee.as_deref(), l.amount, l.category.as_deref())).collect();
    assert_eq!(
        rows,
        [
            (Some("Outlet"), dec!(-100.58), Some("Usual Expenses:Shopping")),
            (Some("GroceriesYou"), dec!(-20.15), Some("Groceries")),
            (Some("RestaurantExample"), dec!(-40.60), Some("Food")),
        ]
    );
    assert_eq!(s.lines[2].line, 12);
}

// ---- edge cases ----

#[test]
fn mixed_date_orders_are_refused() {
    let text = "!Type:Bank\nD25/01/2020\nT1\n^\nD01/25/2020\nT2\n^\n";
    let (line, field, value, reason) = malformed(parse(text.as_bytes(), "x", &auto()));
    assert_eq!((line, field.as_str(), value.as_str()), (5, "D", "01/25/2020"));
    assert!(reason.contains("line 2"), "{reason}");
}

#[test]
fn dates_equal_in_both_orders_need_no_order() {
    let text = "!Type:Cash\nD1/1/10\nT-1\n^\nD2020-03-04\nT2\n^\n";
    let s = parse_ok(text.as_bytes(), &auto());
    assert_eq!(s[0].lines[0].date, day(2010, 1, 1));
    assert_eq!(s[0].lines[1].date, day(2020, 3, 4), "year first is never ambiguous");
    assert_eq!(s[0].account.account_type.as_deref(), Some("Cash"));
}

#[test]
fn european_dates_and_numbers() {
    let text = "!Type:Bank\nD28.08.2018\nT-1.234,56\nPB\u{e4}ckerei\n^\n";
    let options = QifOptions { date_order: None, number_style: NumberStyle::COMMA_DOT };
    let s = parse_ok(text.as_bytes(), &options);
    assert_eq!(s[0].lines[0].date, day(2018, 8, 28));
    assert_eq!(s[0].lines[0].amount, dec!(-1234.56));
    // With the default style a comma decimal is an error, not a silent misreading.
    let (line, field, value, _) = malformed(parse(text.as_bytes(), "x", &auto()));
    assert_eq!((line, field.as_str(), value.as_str()), (3, "T", "-1.234,56"));
}

#[test]
fn windows_1252_and_crlf() {
    let mut bytes = b"!Type:Bank\r\nD01/31/2024\r\nT-5.00\r\nPCaf".to_vec();
    bytes.push(0xE9); // é in Windows-1252
    bytes.extend_from_slice(b"\r\n^\r\nD02/01/2024\r\nT1\r\n^\r\n");
    let s = parse_ok(&bytes, &auto());
    assert_eq!(s[0].lines[0].payee.as_deref(), Some("Caf\u{e9}"));
    assert_eq!(s[0].lines[1].line, 6, "CRLF counts as one line end");
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(b"!Type:Bank\nD2024-01-31\nT1\n^\n");
    assert_eq!(parse_ok(&bom, &auto())[0].lines.len(), 1);
}

#[test]
fn not_qif_is_unreadable() {
    for bytes in [&b""[..], b"\n\n", b"Date,Amount\n2024-01-01,5\n", b"D01/01/2020\nT5\n^\n"] {
        match parse(bytes, "x.qif", &auto()) {
            Err(e @ Error::File(FileError::Unreadable { .. })) => {
                assert_eq!(e.code(), "unreadable_file");
            }
            other => panic!("expected unreadable_file, got {other:?}"),
        }
    }
}

#[test]
fn broken_records_name_line_and_field() {
    let cases: [(&str, u64, &str, &str); 10] = [
        ("!Type:Bank\nD1/31/2020\nTabc\n^\n", 3, "T", "abc"),
        ("!Type:Bank\nD1/31/2020\nPno amount\n^\n", 2, "T", ""),
        ("!Type:Bank\nT5\nPno date\n^\n", 2, "D", ""),
        ("!Type:Bank\nD1/31/2020\nD2/1/2020\nT5\n^\n", 3, "D", "2/1/2020"),
        ("!Type:Bank\nD1/31/2020\nT5\nSFood\nEno amount\n^\n", 4, "S", "Food"),
        ("!Type:Bank\nDyesterday\nT5\n^\n", 2, "D", "yesterday"),
        ("!Type:Invoices\nD1/31/2020\nT5\n^\n", 1, "!Type", "!Type:Invoices"),
        ("!Type:Invst\nD1/31/2020\nNKauf\nT5\n^\n", 3, "N", "Kauf"),
        ("!Type:Invst\nD1/31/2020\nT5\n^\n", 2, "N", ""),
        ("!Account\nTBank\n^\n", 2, "N", ""),
    ];
    for (text, line, field, value) in cases {
        let result = parse(text.as_bytes(), "bad.qif", &auto());
        let err = result.as_ref().err().map(|e| e.code());
        assert_eq!(err, Some("malformed_line"), "{text}");
        let (got_line, got_field, got_value, _) = malformed(result);
        assert_eq!(
            (got_line, got_field.as_str(), got_value.as_str()),
            (line, field, value),
            "{text}"
        );
    }
}

#[test]
fn lists_do_not_count_for_dates_or_records() {
    // The memorized list's dates would say month-day; only the register counts.
    let text =
        "!Type:Memorized\nD12/31/2020\nT5\nKC\n^\n!Type:Prices\n\"X\",1 1/2,\"13/1/20\"\n^\n\
                !Type:Bank\nD13/01/2020\nT7\n^\n";
    let s = parse_ok(text.as_bytes(), &auto());
    assert_eq!(s.len(), 1);
    assert_eq!(s[0].lines.len(), 1);
    assert_eq!(s[0].lines[0].date, day(2020, 1, 13));
}

#[test]
fn security_list_gives_tickers() {
    let text = "!Type:Security\nNHexcel Corp\nSHXL\nTStock\n^\n!Account\nNBroker\nTInvst\n^\n\
                !Type:Invst\nD2020-01-02\nNReinvDiv\nYHexcel Corp\nI50 1/2\nQ2\nT101\n^\n\
                D2020-01-03\nNShrsOut\nYBXP\nQ1\nT80\nO\n^\nD2020-01-04\nNCash\nT-3.50\n^\n";
    let s = parse_ok(text.as_bytes(), &auto());
    let broker = only(&s);
    assert_eq!(broker.account.name.as_deref(), Some("Broker"));
    let inv = &broker.investments;
    assert_eq!(inv[0].unit_price, Some(dec!(50.5)));
    assert_eq!(inv[0].total, Some(dec!(-101)), "a reinvestment is cash out");
    assert_eq!(inv[0].units, Some(dec!(2)));
    assert_eq!(inv[1].units, Some(dec!(-1)));
    assert_eq!(inv[1].total, Some(dec!(-80)));
    assert_eq!(inv[1].fees, None, "an empty O is no commission");
    assert_eq!(inv[2].kind, "Cash");
    assert_eq!(inv[2].total, Some(dec!(-3.50)), "Cash keeps the file's sign");
    assert_eq!(broker.securities.len(), 2);
    assert_eq!(broker.securities[0].ticker.as_deref(), Some("HXL"));
    assert_eq!(broker.securities[0].name.as_deref(), Some("Hexcel Corp"));
    assert_eq!(broker.securities[1].ticker, None);
}

#[test]
fn several_accounts_several_statements() {
    let text = "!Account\nNChecking\nTBank\n^\n!Type:Bank\nD1/31/2020\nT1\n^\n\
                !Account\nNCard\nTCCard\n/1/31/2020\n$-12.00\n^\n!Type:CCard\nD2/1/2020\nT-2\n^\n\
                !Account\nNChecking\n^\n!Type:Bank\nD2/2/2020\nT3\n^\n";
    let s = parse_ok(text.as_bytes(), &auto());
    assert_eq!(s.len(), 2);
    assert_eq!(s[0].account.name.as_deref(), Some("Checking"));
    assert_eq!(s[0].lines.iter().map(|l| l.amount).collect::<Vec<_>>(), [dec!(1), dec!(3)]);
    assert_eq!(s[1].account.account_type.as_deref(), Some("CCard"));
    assert_eq!(s[1].lines[0].amount, dec!(-2));
    let closing = s[1].closing_balance.as_ref().expect("stated");
    assert_eq!((closing.amount, closing.date), (dec!(-12.00), day(2020, 1, 31)));
}

#[test]
fn registers_without_account_split_by_type() {
    let text = "!Type:Bank\nD1/31/2020\nT1\n^\n!Type:Oth L\nD1/31/2020\nT-100\n^\n\
                !Type:bank\nD2/1/2020\nT2\nM first\nMsecond\n^";
    let s = parse_ok(text.as_bytes(), &auto());
    assert_eq!(s.len(), 2);
    assert_eq!(s[0].lines.len(), 2, "the same type again goes to the same statement");
    assert_eq!(s[0].lines[1].memo.as_deref(), Some("first\nsecond"));
    assert_eq!(s[1].account.account_type.as_deref(), Some("Oth L"));
}

#[test]
fn year_month_day_option_reads_two_digit_years_first() {
    let text = "!Type:Bank\nD20-01-05\nT1\n^\n";
    let s = parse_ok(text.as_bytes(), &order(DateOrder::YearMonthDay));
    assert_eq!(s[0].lines[0].date, day(2020, 1, 5));
    // Without the option the same text is read day-month (20 > 12): 20 January 2005.
    let s = parse_ok(text.as_bytes(), &auto());
    assert_eq!(s[0].lines[0].date, day(2005, 1, 20));
}

#[test]
fn options_default_and_serde() {
    let options = QifOptions::default();
    assert_eq!(options.date_order, None);
    assert_eq!(options.number_style, NumberStyle::DOT_COMMA);
    let json = serde_json::json!({"date_order": "day_month"});
    let read: QifOptions = serde_json::from_value(json).expect("options from JSON");
    assert_eq!(read.date_order, Some(DateOrder::DayMonth));
    assert_eq!(read.number_style, NumberStyle::DOT_COMMA);
}

/// An answer is statements whose lines point inside the file, in file order, or an error
/// with one of the two file codes that points inside the file.
fn check_answer(result: tally_core::Result<Vec<Statement>>, lines: usize) {
    let lines = lines as u64;
    match result {
        Ok(statements) => {
            for s in statements {
                let starts: Vec<u64> = s.lines.iter().map(|l| l.line).collect();
                assert!(starts.windows(2).all(|w| w[0] < w[1]), "file order");
                assert!(starts.iter().all(|&n| (1..=lines).contains(&n)));
                assert!(s.investments.iter().all(|l| (1..=lines).contains(&l.line)));
            }
        }
        Err(e) => {
            assert!(matches!(e.code(), "malformed_line" | "unreadable_file"), "{e}");
            if let Error::File(FileError::Malformed { line, .. }) = e {
                assert!((1..=lines).contains(&line), "line {line} of {lines}");
            }
        }
    }
}

proptest::proptest! {
    /// Whatever the lines, the reader answers or errs; it never panics.
    #[test]
    fn never_panics_on_qif_like_lines(
        lines in proptest::collection::vec(
            "(!Type:(Bank|Invst|Cat|Prices|Xyz)|!Account|!Option:AutoSwitch|\\^|[DTUPMNCLSE$%AYIQO/][ -~]{0,12}|D[0-9 ./'-]{0,10}|[TQ$][-+0-9,. /()]{0,10})",
            0..40,
        ),
        order in proptest::option::of(proptest::sample::select(vec![
            DateOrder::DayMonth, DateOrder::MonthDay, DateOrder::YearMonthDay,
        ])),
    ) {
        let text = lines.join("\n");
        let options = QifOptions { date_order: order, ..QifOptions::default() };
        check_answer(parse(text.as_bytes(), "fuzz.qif", &options), lines.len());
    }

    /// Arbitrary bytes after a header: never a panic.
    #[test]
    fn never_panics_on_bytes(body in proptest::collection::vec(proptest::num::u8::ANY, 0..400)) {
        let mut bytes = b"!Type:Bank\n".to_vec();
        bytes.extend_from_slice(&body);
        let count = bytes.split(|&b| b == b'\n' || b == b'\r').count();
        check_answer(parse(&bytes, "fuzz.qif", &QifOptions::default()), count);
    }
}
