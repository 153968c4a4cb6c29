//! The camt reader on the shared sample files: every file of the two folders is read (the
//! directory is listed, so none is missed) and checked against its content.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use tally_core::files::FileError;
use tally_core::import::camt::{parse, CamtOptions};
use tally_core::import::{Statement, StatementFormat, StatementLine};
use tally_core::Error;

const NEWINNOVATIONS: &str =
    concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/data/camt053-newinnovations/doc");
const ROUSSEAU: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../shared/data/camt053-sebastienrousseau/tests/gold_master"
);

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

/// The XML files of a folder (`.xsd` schemas are not statements), sorted.
fn xml_files(dir: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("shared data folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "xml"))
        .collect();
    files.sort();
    files
}

fn name(path: &Path) -> String {
    path.file_name().expect("name").to_string_lossy().into_owned()
}

fn read(path: &Path) -> tally_core::Result<Vec<Statement>> {
    let bytes = std::fs::read(path).expect("read");
    parse(&bytes, &name(path), &CamtOptions::default())
}

/// Opening balance plus booked lines is the closing balance.
fn assert_reconciles(s: &Statement) {
    let (Some(open), Some(close)) = (&s.opening_balance, &s.closing_balance) else { return };
    let booked: Decimal = s.lines.iter().filter(|l| !l.pending).map(|l| l.amount).sum();
    assert_eq!(open.amount + booked, close.amount, "{}", s.file);
}

fn line<'a>(s: &'a Statement, bank_id: &str) -> &'a StatementLine {
    s.lines.iter().find(|l| l.bank_id.as_deref() == Some(bank_id)).expect(bank_id)
}

fn check_test_camt053(st: &[Statement]) {
    let [s] = st else { panic!("one statement") };
    assert_eq!(s.format, StatementFormat::Camt053);
    assert_eq!(s.file, "test-camt053.xml");
    assert_eq!(s.account.account_id.as_deref(), Some("NL00SNSB0000000000"));
    assert_eq!(s.account.bank_id.as_deref(), Some("SNSBNL2A"));
    assert_eq!(s.account.currency.as_deref(), Some("EUR"));
    assert_eq!((s.start, s.end), (Some(day(2026, 1, 1)), Some(day(2026, 7, 21))));
    let open = s.opening_balance.as_ref().expect("OPBD");
    assert_eq!((open.amount, open.date), (dec!(1000.00), day(2026, 1, 1)));
    let close = s.closing_balance.as_ref().expect("CLBD");
    assert_eq!((close.amount, close.date), (dec!(950.00), day(2026, 7, 21)));
    assert_eq!(close.currency.as_deref(), Some("EUR"));
    let [debit, credit] = s.lines.as_slice() else { panic!("two entries") };

    assert_eq!(debit.line, 64);
    assert_eq!(debit.amount, dec!(-100.00));
    // BookgDt/DtTm 2026-03-05T10:15:00+01:00: the civil date as written.
    assert_eq!(debit.date, day(2026, 3, 5));
    assert_eq!(debit.posted_date, Some(day(2026, 3, 5)));
    assert_eq!(debit.currency.as_deref(), Some("EUR"));
    assert_eq!(debit.bank_id.as_deref(), Some("REF001"));
    assert_eq!(debit.kind.as_deref(), Some("PMNT-ICDT-ESCT"));
    assert_eq!(debit.payee.as_deref(), Some("Some Shop B.V."), "the creditor of a debit");
    assert_eq!(debit.memo.as_deref(), Some("Payment for invoice 123"));
    assert_eq!(debit.reference.as_deref(), Some("E2E-001"));
    assert!(!debit.pending);

    assert_eq!(credit.line, 105);
    assert_eq!(credit.amount, dec!(50.00));
    assert_eq!(credit.date, day(2026, 4, 10));
    assert_eq!(credit.bank_id.as_deref(), Some("REF002"));
    assert_eq!(credit.kind, None);
    assert_eq!(credit.payee.as_deref(), Some("John Doe"), "the debtor of a credit");
    // Structured remittance comes before AddtlNtryInf ("Interest payment").
    assert_eq!(credit.memo.as_deref(), Some("RF123456"));
    assert_eq!(credit.reference, None);
    assert_reconciles(s);
}

fn check_error_camt053(result: tally_core::Result<Vec<Statement>>) {
    // The same statement as test-camt053.xml with a closing balance of 900.00, which
    // 1000.00 - 100.00 + 50.00 does not give.
    let err = result.expect_err("error-camt053.xml must be refused");
    assert_eq!(err.code(), "malformed_line");
    let Error::File(FileError::Malformed { file, line, field, value, reason }) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(file, "error-camt053.xml");
    assert_eq!(*line, 38, "the CLBD <Bal>");
    assert_eq!(field, "Stmt/Bal/Amt");
    assert_eq!(value, "900.00");
    assert!(reason.contains("950.00"), "{reason}");
    let text = err.to_string();
    assert!(text.starts_with("error-camt053.xml:38: Stmt/Bal/Amt:"), "{text}");
    // Without the check, the file reads like test-camt053.xml but for its closing balance.
    let bytes = std::fs::read(Path::new(NEWINNOVATIONS).join("error-camt053.xml")).expect("read");
    let st = parse(&bytes, "error-camt053.xml", &CamtOptions { check_balances: false })
        .expect("reads without the balance check");
    assert_eq!(st[0].closing_balance.as_ref().map(|b| b.amount), Some(dec!(900.00)));
    assert_eq!(st[0].lines.len(), 2);
}

fn check_example_a(st: &[Statement]) {
    let [a, b] = st else { panic!("two statements") };
    assert_eq!(a.account.account_id.as_deref(), Some("NL14SNSB0012345678"));
    assert_eq!(b.account.account_id.as_deref(), Some("NL78SNSB0022446688"));
    for s in st {
        assert_eq!(s.account.bank_id.as_deref(), Some("SNSBNL2A"));
        assert_eq!(s.account.currency.as_deref(), Some("EUR"));
        assert_eq!((s.start, s.end), (None, None));
        assert_reconciles(s);
        assert!(s.lines.iter().all(|l| !l.pending && l.currency.as_deref() == Some("EUR")));
    }
    assert_eq!(a.lines.len(), 7);
    assert_eq!(b.lines.len(), 4);
    let (ao, ac) = (a.opening_balance.as_ref().expect("o"), a.closing_balance.as_ref().expect("c"));
    assert_eq!((ao.amount, ao.date), (dec!(203.69), day(2026, 1, 23)));
    assert_eq!((ac.amount, ac.date), (dec!(661.69), day(2026, 4, 8)));
    let (bo, bc) = (b.opening_balance.as_ref().expect("o"), b.closing_balance.as_ref().expect("c"));
    assert_eq!((bo.amount, bc.amount), (dec!(1859.13), dec!(1660.87)));

    let fee = &a.lines[0];
    assert_eq!(fee.line, 47);
    assert_eq!(fee.bank_id.as_deref(), Some("20260125-137113"), "NtryRef");
    assert_eq!(fee.amount, dec!(-6.05));
    assert_eq!(fee.date, day(2026, 1, 24));
    assert_eq!(fee.kind.as_deref(), Some("PMNT-MDOP-OTHR"), "Domn wins over Prtry 7261");
    assert_eq!(fee.payee, None);
    assert_eq!(
        fee.memo.as_deref(),
        Some(
            "Kosten klantonderzoek GreatExample BV Periode: januari   2026 21% BTW  BTW bedrag:  \
             1,05 BTW nummer ASN: NL009413327B01"
        ),
        "AddtlNtryInf as written"
    );
    // The transfer between the two accounts, seen from each side.
    let into = line(a, "20260126-394900");
    assert_eq!(into.amount, dec!(500.00));
    assert_eq!(into.payee.as_deref(), Some("GreatExample BV"));
    assert_eq!(into.memo.as_deref(), Some("Opname"));
    assert_eq!(into.kind.as_deref(), Some("PMNT-RCDT-BOOK"));
    let out = line(b, "20260126-394901");
    assert_eq!(out.amount, dec!(-500.00));
    assert_eq!(out.payee.as_deref(), Some("SNS ZZP Rekening"));
    assert_eq!(out.date, day(2026, 1, 26));
    // Interest: booked on the 5th, value date the 1st.
    let interest = line(b, "20260205-357236");
    assert_eq!(interest.amount, dec!(103.98));
    assert_eq!((interest.date, interest.posted_date), (day(2026, 2, 5), Some(day(2026, 2, 1))));
    assert_eq!(interest.memo.as_deref(), Some("Creditrente 01-01-26 tot 01-02-26"));
    assert_eq!(interest.kind.as_deref(), Some("ACMT-MCOP-INTR"));
    let total: Decimal = a.lines.iter().map(|l| l.amount).sum();
    assert_eq!(total, dec!(458.00));
}

fn check_example_b(st: &[Statement]) {
    let [s] = st else { panic!("one statement") };
    assert_eq!(s.account.account_id.as_deref(), Some("DD01100056869"), "Acct/Id/Othr/Id");
    assert_eq!(s.account.account_type.as_deref(), Some("IBDA_DDA"));
    assert_eq!(s.account.currency.as_deref(), Some("USD"));
    assert_eq!(s.account.name.as_deref(), Some("Sample Name 123"));
    assert_eq!(s.account.bank_id.as_deref(), Some("GSCRUS30"));
    // FrDtTm 2025-12-05T20:00:00.000Z: the date as written.
    assert_eq!((s.start, s.end), (Some(day(2025, 12, 5)), Some(day(2025, 12, 6))));
    // DBIT balances are negative (overdrawn); the available balances OPAV/CLAV are not kept.
    let open = s.opening_balance.as_ref().expect("OPBD");
    assert_eq!((open.amount, open.date), (dec!(-843686.20), day(2025, 4, 30)));
    let close = s.closing_balance.as_ref().expect("CLBD");
    assert_eq!((close.amount, close.date), (dec!(-843610.73), day(2026, 4, 30)));
    // TxsSummry says 16 entries; the file holds 19, and they reconcile.
    assert_eq!(s.lines.len(), 19);
    assert_reconciles(s);
    assert_eq!(s.lines.iter().map(|l| l.amount).sum::<Decimal>(), dec!(75.47));
    assert_eq!(s.lines.iter().filter(|l| l.amount < Decimal::ZERO).count(), 6);
    assert!(s.lines.iter().all(|l| !l.pending));

    // A reversal without related parties: CRDT stays positive.
    let reject = &s.lines[0];
    assert_eq!(reject.line, 109);
    assert_eq!(reject.bank_id.as_deref(), Some("52198201"));
    assert_eq!(reject.amount, dec!(10.00));
    assert_eq!(reject.date, day(2025, 12, 6));
    assert_eq!(reject.kind.as_deref(), Some("ACH Credit Reject"), "BkTxCd/Prtry/Cd");
    assert_eq!(reject.payee, None);
    assert_eq!(reject.memo.as_deref(), Some("Sample Unstructured Remittance 123"));
    assert_eq!(reject.reference.as_deref(), Some("GSGWGDNCTAHQM8"));

    let ach = line(s, "52198251");
    assert_eq!((ach.amount, ach.payee.as_deref()), (dec!(-10.00), Some("GS Bank USA")));
    assert_eq!(ach.memo, None);

    let interbranch = line(s, "377138300");
    assert_eq!(interbranch.payee.as_deref(), Some("SC Beneficiary Investment Account"));
    assert_eq!(interbranch.kind.as_deref(), Some("PMNT-RCDT-BOOK"));
    assert!(interbranch
        .memo
        .as_deref()
        .is_some_and(|m| m.starts_with("Desc: From:SC Beneficiary")));

    // An entry in EUR on the USD account keeps its own currency.
    let fx = line(s, "172404700");
    assert_eq!((fx.amount, fx.currency.as_deref()), (dec!(-29.06), Some("EUR")));
    assert_eq!(fx.payee.as_deref(), Some("Test creditor name"));
    assert_eq!(fx.memo.as_deref(), Some("FFC"));
    assert_eq!(fx.reference.as_deref(), Some("5741412"));

    // AddtlTxInf wrapped over several lines in the file becomes one line.
    let interest = line(s, "103825900");
    assert_eq!(
        interest.memo.as_deref(),
        Some("Desc: Interest For Account: XXXXXXXX-7497, Period: Sept 1, 2023 to Sept 31, 2023")
    );
    assert_eq!(interest.kind.as_deref(), Some("ACMT-MCOP-INTR"));

    let transfer = line(s, "107770750");
    assert_eq!(transfer.payee.as_deref(), Some("TEST CLIENT"), "Dbtr, not UltmtDbtr");
    assert_eq!(transfer.memo.as_deref(), Some("TEST 2023"));

    // Two Ustrd lines joined.
    let check_return = line(s, "785075950");
    assert_eq!(check_return.amount, dec!(15.41));
    assert_eq!(check_return.date, day(2026, 4, 20));
    assert_eq!(check_return.payee.as_deref(), Some("Customer"));
    assert_eq!(
        check_return.memo.as_deref(),
        Some("REMITTANCE INFO LINE ONE REMITTANCE INFO LINE TWO")
    );
    assert_eq!(check_return.kind.as_deref(), Some("PMNT-ICHQ-CQRV"));

    let ids: BTreeSet<_> = s.lines.iter().filter_map(|l| l.bank_id.as_deref()).collect();
    assert_eq!(ids.len(), 19, "every entry has its own NtryRef");
}

fn check_camt052(st: &[Statement]) {
    let [s] = st else { panic!("one report") };
    assert_eq!(s.account.account_id.as_deref(), Some("50000000054910000003"));
    assert_eq!(s.account.name.as_deref(), Some("FINPETROL"), "the owner");
    assert_eq!(s.account.bank_id, None, "the servicer has only a name");
    assert_eq!(s.account.currency.as_deref(), Some("SEK"), "from its entries");
    assert_eq!((s.start, s.end), (Some(day(2010, 10, 18)), Some(day(2010, 10, 18))));
    assert_eq!((&s.opening_balance, &s.closing_balance), (&None, &None));
    let [batch, fx] = s.lines.as_slice() else { panic!("two entries") };
    assert_eq!(batch.line, 38);
    assert_eq!(batch.amount, dec!(-200000));
    assert_eq!(batch.date, day(2010, 10, 18));
    assert_eq!(batch.bank_id.as_deref(), Some("AAAASESS-FP-ACCR-01"));
    assert_eq!(batch.kind.as_deref(), Some("PAYM-0001-0003"));
    assert_eq!(batch.reference.as_deref(), Some("FINP-0055-001"), "Btch/PmtInfId");
    assert!(!batch.pending);
    // Pending, with a value date only.
    assert!(fx.pending);
    assert_eq!(fx.amount, dec!(30000));
    assert_eq!(fx.currency.as_deref(), Some("SEK"));
    assert_eq!(fx.date, day(2010, 10, 18));
    assert_eq!(fx.reference.as_deref(), Some("AAAASS1085FINPSS"));
    assert_eq!(fx.kind.as_deref(), Some("TREA-0002-0000"));
}

fn check_camt053_sample(st: &[Statement]) {
    let [s] = st else { panic!("one statement") };
    assert_eq!(s.account.account_id.as_deref(), Some("50000000054910000003"));
    assert_eq!(s.account.currency.as_deref(), Some("SEK"), "from the balances");
    let open = s.opening_balance.as_ref().expect("OPBD");
    assert_eq!((open.amount, open.date), (dec!(500000), day(2010, 10, 15)));
    let close = s.closing_balance.as_ref().expect("CLBD");
    assert_eq!((close.amount, close.date), (dec!(435678.50), day(2010, 10, 18)));
    assert_reconciles(s);
    let [credit, batch, fx] = s.lines.as_slice() else { panic!("three entries") };
    assert_eq!(credit.line, 62);
    assert_eq!(credit.amount, dec!(105678.50));
    assert_eq!(credit.payee.as_deref(), Some("MUELLER"));
    assert_eq!(credit.reference.as_deref(), Some("MUELL/FINP/RA12345"));
    assert_eq!(credit.bank_id.as_deref(), Some("AAAASESS-FP-CN_98765/01"));
    assert_eq!(credit.kind.as_deref(), Some("PAYM-0001-0005"));
    assert_eq!(batch.amount, dec!(-200000), "the batch of 20 stays one line with its total");
    assert_eq!(batch.reference.as_deref(), Some("FINP-0055/001"));
    assert_eq!(fx.amount, dec!(30000), "the entry's SEK amount, not the EUR 3255 detail");
    assert!(s.lines.iter().all(|l| !l.pending && l.date == day(2010, 10, 18)));
}

fn check_camt054(st: &[Statement]) {
    let [s] = st else { panic!("one notification") };
    assert_eq!(s.account.account_id.as_deref(), Some("50000000054910000003"));
    assert_eq!(s.account.currency.as_deref(), Some("SEK"));
    assert_eq!((&s.opening_balance, &s.closing_balance), (&None, &None));
    let [l] = s.lines.as_slice() else { panic!("one entry") };
    assert_eq!(l.line, 32);
    assert_eq!(l.amount, dec!(105678.50));
    assert_eq!(l.date, day(2010, 10, 18));
    assert_eq!(l.payee.as_deref(), Some("MUELLER"));
    assert_eq!(l.bank_id.as_deref(), Some("AAAASESS-FP-CN-98765/01"));
    assert_eq!(l.reference.as_deref(), Some("MUELL/FINP/RA12345"));
}

fn check_statement_ac04(st: &[Statement]) {
    // camt.053.001.14: Sts/Cd, BICFI.
    let [s] = st else { panic!("one statement") };
    assert_eq!(s.account.account_id.as_deref(), Some("GB29NWBK60161331926819"));
    assert_eq!(s.account.bank_id.as_deref(), Some("NWBKGB2LXXX"));
    assert_eq!(s.account.name.as_deref(), Some("Acme Treasury Ltd"));
    assert_eq!(s.opening_balance, None);
    let close = s.closing_balance.as_ref().expect("CLBD");
    assert_eq!((close.amount, close.date), (dec!(10000.00), day(2026, 6, 15)));
    let [a, b, c] = s.lines.as_slice() else { panic!("three entries") };
    assert_eq!((a.line, a.amount), (24, dec!(1500.00)));
    assert_eq!(a.payee.as_deref(), Some("Globex SA"));
    assert_eq!(a.reference.as_deref(), Some("E2E-0001"));
    assert_eq!(a.bank_id.as_deref(), Some("NTRY-0001"));
    assert_eq!(a.date, day(2026, 6, 15));
    assert_eq!((b.amount, b.posted_date), (dec!(980.50), None));
    assert_eq!(b.reference.as_deref(), Some("E2E-0002"));
    // NTRY-0003 has no BookgDt nor ValDt: the closing balance's date.
    assert_eq!((c.amount, c.date, c.posted_date), (dec!(-42.00), day(2026, 6, 15), None));
    assert_eq!(c.bank_id.as_deref(), Some("NTRY-0003"));
    assert!(s.lines.iter().all(|l| !l.pending));
}

#[test]
fn every_newinnovations_file() {
    let files = xml_files(NEWINNOVATIONS);
    let names: Vec<String> = files.iter().map(|p| name(p)).collect();
    assert_eq!(
        names,
        ["error-camt053.xml", "example-camt053-a.xml", "example-camt053-b.xml", "test-camt053.xml"]
    );
    for path in &files {
        let result = read(path);
        match name(path).as_str() {
            "error-camt053.xml" => check_error_camt053(result),
            "example-camt053-a.xml" => check_example_a(&result.expect("example-a")),
            "example-camt053-b.xml" => check_example_b(&result.expect("example-b")),
            "test-camt053.xml" => check_test_camt053(&result.expect("test")),
            other => panic!("unchecked file {other}"),
        }
    }
}

#[test]
fn every_gold_master_file() {
    let files = xml_files(ROUSSEAU);
    assert_eq!(files.len(), 4);
    for path in &files {
        let st = read(path).unwrap_or_else(|e| panic!("{}: {e}", name(path)));
        assert!(st.iter().all(|s| s.file == name(path) && s.format == StatementFormat::Camt053));
        match name(path).as_str() {
            "business_sample_camt.052.001.04.xml" => check_camt052(&st),
            "business_sample_camt.053.001.04.xml" => check_camt053_sample(&st),
            "business_sample_camt.054.001.04.xml" => check_camt054(&st),
            "statement_ac04.xml" => check_statement_ac04(&st),
            other => panic!("unchecked file {other}"),
        }
    }
}

#[test]
fn the_schemas_are_not_statements() {
    for schema in ["camt.053.001.02.xsd", "camt.053.001.08.xsd"] {
        let bytes = std::fs::read(Path::new(NEWINNOVATIONS).join(schema)).expect("read");
        let err = parse(&bytes, schema, &CamtOptions::default()).expect_err(schema);
        assert_eq!(err.code(), "unreadable_file", "{schema}: {err}");
    }
}

#[test]
fn broken_copies_of_a_sample_give_their_line_and_field() {
    let path = Path::new(NEWINNOVATIONS).join("test-camt053.xml");
    let text = std::fs::read_to_string(path).expect("read");
    let cases = [
        // (replace, with, line, field)
        ("<Dt>2026-04-10</Dt>", "<Dt>2026-04-31</Dt>", 110, "Stmt/Ntry/BookgDt/Dt"),
        ("<Amt Ccy=\"EUR\">50.00</Amt>", "", 105, "Stmt/Ntry/Amt"),
        ("<Amt Ccy=\"EUR\">50.00</Amt>", "<Amt Ccy=\"EUR\">50,00</Amt>", 106, "Stmt/Ntry/Amt"),
        ("<CdtDbtInd>CRDT</CdtDbtInd>\n        <Sts>BOOK", "<Sts>BOOK", 105, "Stmt/Ntry/CdtDbtInd"),
        ("</AcctSvcrRef>", "</AcctSvcrRe>", 74, "Stmt/Ntry/AcctSvcrRef"),
        ("<Dt>2026-07-21</Dt>", "<Dt>21.07.2026</Dt>", 47, "Stmt/Bal/Dt/Dt"),
    ];
    for (from, to, want_line, want_field) in cases {
        assert!(text.contains(from), "{from}");
        let broken = text.replacen(from, to, 1);
        let err = parse(broken.as_bytes(), "t.xml", &CamtOptions::default()).expect_err(from);
        let Error::File(FileError::Malformed { line, field, .. }) = &err else { panic!("{err:?}") };
        assert_eq!((*line, field.as_str()), (want_line, want_field), "{from}: {err}");
    }
}
