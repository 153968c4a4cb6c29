//! Synthetic bank files for the import benchmarks: a CSV export of one account with a line per
//! transaction of a [`Workload`], and OFX 1.x (SGML) and 2.x (XML) bank statements of a given
//! size. Every file is a pure function of its arguments.

use crate::{Rng, Workload, BATCH_SIZE, CURRENCY, SEED};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::fmt::Write as _;
use tally_core::import::csv::{Column, CsvProfile, Encoding};
use tally_core::import::plan::ImportOptions;
use tally_core::import::read::ParseOptions;
use tally_core::import::StatementFormat;
use tally_core::NewTransaction;

/// The header of [`bank_csv`].
pub const CSV_HEADER: &str = "Date,Payee,Memo,Amount,Balance";

/// What a bank writes in the memo of a line, by kind.
const CARD_MEMOS: [&str; 4] = ["CARD PAYMENT", "CONTACTLESS", "DIRECT DEBIT", "ONLINE PURCHASE"];

/// The amount of `tx` as the statement of one account shows it: the split of the fund it moves
/// money in or out of (the split that is not a category), signed as the fund sees it.
fn fund_amount(tx: &NewTransaction, workload: &Workload) -> Decimal {
    let funds = &workload.chart().funds;
    tx.splits.iter().find(|s| funds.contains(&s.account_id)).map_or(Decimal::ZERO, |s| s.amount)
}

/// The memo of line `index` with amount `amount` (a transfer when the payee is `Transfer`).
fn memo_of(index: u64, payee: &str, amount: Decimal) -> &'static str {
    if payee == "Transfer" {
        "STANDING ORDER"
    } else if amount > Decimal::ZERO {
        "SEPA CREDIT TRANSFER"
    } else {
        CARD_MEMOS[usize::try_from(index % 4).expect("small")]
    }
}

/// A bank CSV export of one account with one line per transaction of `workload`, in date order:
/// `Date,Payee,Memo,Amount,Balance` with ISO dates, amounts with a decimal point and the
/// running balance after each line (so the statement states its closing balance). About 56
/// bytes a line. Read it with [`csv_profile`].
pub fn bank_csv(workload: &Workload) -> Vec<u8> {
    let mut out = String::with_capacity(usize::try_from(workload.total()).unwrap_or(0) * 60);
    out.push_str(CSV_HEADER);
    out.push('\n');
    let mut balance = Decimal::ZERO;
    let mut index = 0u64;
    for batch in workload.batches(BATCH_SIZE) {
        for tx in &batch {
            let amount = fund_amount(tx, workload);
            balance += amount;
            let payee = tx.payee.as_deref().unwrap_or("");
            let memo = memo_of(index, payee, amount);
            writeln!(out, "{},{payee},{memo},{amount},{balance}", tx.date).expect("write");
            index += 1;
        }
    }
    out.into_bytes()
}

/// The profile of [`bank_csv`]: every column named, formats given (nothing to detect).
pub fn csv_profile() -> CsvProfile {
    CsvProfile {
        name: "benchmark bank".to_owned(),
        encoding: Some(Encoding::Utf8),
        delimiter: Some(','),
        has_header: Some(true),
        date: Some(Column::from("Date")),
        date_format: Some("%Y-%m-%d".to_owned()),
        amount: Some(Column::from("Amount")),
        number_style: Some(tally_core::import::amount::NumberStyle::DOT),
        payee: vec![Column::from("Payee")],
        memo: vec![Column::from("Memo")],
        balance: Some(Column::from("Balance")),
        account_currency: Some(CURRENCY.to_owned()),
        ..CsvProfile::default()
    }
}

/// The parse options of [`bank_csv`] for `import_file`.
pub fn csv_parse_options() -> ParseOptions {
    ParseOptions {
        format: Some(StatementFormat::Csv),
        file_name: Some("bank.csv".to_owned()),
        csv: Some(csv_profile()),
        ..ParseOptions::default()
    }
}

/// The path of the account an import sends the other side of each line to until it is
/// categorized.
pub const UNCATEGORIZED: &str = "Expenses:Uncategorized";

/// A new benchmark book in `engine` ready for an import into its checking account: the
/// benchmark chart plus [`UNCATEGORIZED`]. Returns the book and the import options (checking,
/// uncategorized, the defaults: strict, matches within 3 days, closing balance asserted).
///
/// # Errors
///
/// Any error of Tally's calls.
pub fn import_book(
    engine: &tally_core::Engine,
) -> tally_core::Result<(tally_core::Book, ImportOptions)> {
    let (book, chart) = crate::setup_book(engine)?;
    let uncategorized = book
        .accounts()
        .create(tally_core::NewAccount::new(
            UNCATEGORIZED,
            tally_core::AccountKind::Expense,
            CURRENCY,
        ))?
        .id;
    Ok((book, ImportOptions::new(chart.checking(), uncategorized)))
}

/// OFX syntax of [`ofx_statement`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OfxSyntax {
    /// OFX 1.x: an SGML header, value elements without end tags.
    Sgml,
    /// OFX 2.x: XML, every element closed.
    Xml,
}

/// `YYYYMMDDHHMMSS.XXX[-5:EST]` of `date` at a time of day from `rng`.
fn ofx_time(out: &mut String, date: NaiveDate, rng: &mut Rng) {
    let seconds = rng.below(86_400);
    write!(
        out,
        "{}{:02}{:02}{:02}.000[-5:EST]",
        date.format("%Y%m%d"),
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    )
    .expect("write");
}

/// A bank statement (STMTRS of a checking account) of at least `target_bytes` bytes, in the
/// given syntax: sign-on, account, a transaction list of STMTTRN entries as banks write them
/// (TRNTYPE, DTPOSTED with time and zone, DTUSER on some, TRNAMT, FITID, CHECKNUM on some, NAME,
/// MEMO), ledger and available balances. The entries are the transactions of a [`Workload`]
/// over the benchmark chart, as the checking account would see them, as many as fill the size.
/// Returns the file and its number of entries.
pub fn ofx_statement(syntax: OfxSyntax, target_bytes: usize) -> (Vec<u8>, u64) {
    let chart = crate::reference_chart().expect("chart");
    // Entries take over 150 bytes: a workload of one per 100 bytes is enough; batches are
    // generated as they are taken, so the rest costs nothing.
    let total = u64::try_from(target_bytes / 100 + 1).expect("fits");
    let workload = Workload::new(chart, SEED, total);
    let mut out = String::with_capacity(target_bytes + 4096);
    match syntax {
        OfxSyntax::Sgml => {
            out.push_str(
                "OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\nSECURITY:NONE\r\n\
                 ENCODING:USASCII\r\nCHARSET:1252\r\nCOMPRESSION:NONE\r\nOLDFILEUID:NONE\r\n\
                 NEWFILEUID:NONE\r\n\r\n",
            );
        }
        OfxSyntax::Xml => {
            out.push_str(
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\r\n\
                 <?OFX OFXHEADER=\"200\" VERSION=\"220\" SECURITY=\"NONE\" OLDFILEUID=\"NONE\" \
                 NEWFILEUID=\"NONE\"?>\r\n",
            );
        }
    }
    // `<TAG>value` closed as the syntax requires.
    let value = |out: &mut String, tag: &str, text: &str| {
        match syntax {
            OfxSyntax::Sgml => write!(out, "<{tag}>{text}\r\n"),
            OfxSyntax::Xml => write!(out, "<{tag}>{text}</{tag}>\r\n"),
        }
        .expect("write");
    };
    out.push_str("<OFX>\r\n<SIGNONMSGSRSV1>\r\n<SONRS>\r\n<STATUS>\r\n");
    value(&mut out, "CODE", "0");
    value(&mut out, "SEVERITY", "INFO");
    out.push_str("</STATUS>\r\n");
    value(&mut out, "DTSERVER", "20260101120000.000[-5:EST]");
    value(&mut out, "LANGUAGE", "ENG");
    out.push_str("<FI>\r\n");
    value(&mut out, "ORG", "Bench Bank");
    value(&mut out, "FID", "10898");
    out.push_str("</FI>\r\n</SONRS>\r\n</SIGNONMSGSRSV1>\r\n");
    out.push_str("<BANKMSGSRSV1>\r\n<STMTTRNRS>\r\n");
    value(&mut out, "TRNUID", "1");
    out.push_str("<STATUS>\r\n");
    value(&mut out, "CODE", "0");
    value(&mut out, "SEVERITY", "INFO");
    out.push_str("</STATUS>\r\n<STMTRS>\r\n");
    value(&mut out, "CURDEF", "USD");
    out.push_str("<BANKACCTFROM>\r\n");
    value(&mut out, "BANKID", "121000248");
    value(&mut out, "ACCTID", "4417123456");
    value(&mut out, "ACCTTYPE", "CHECKING");
    out.push_str("</BANKACCTFROM>\r\n<BANKTRANLIST>\r\n");
    value(&mut out, "DTSTART", "20230101000000.000[-5:EST]");
    value(&mut out, "DTEND", "20251231235959.000[-5:EST]");
    let tail_room = 600;
    let mut balance = Decimal::ZERO;
    let mut entries = 0u64;
    let mut stamp = String::new();
    'fill: for batch in workload.batches(BATCH_SIZE) {
        for tx in &batch {
            if out.len() + tail_room >= target_bytes {
                break 'fill;
            }
            let mut rng = Rng::for_index(SEED ^ 0x0F5, entries);
            let amount = fund_amount(tx, &workload);
            balance += amount;
            let payee = tx.payee.as_deref().unwrap_or("");
            let kind = match (payee, amount > Decimal::ZERO) {
                ("Transfer", _) => "XFER",
                (_, true) => {
                    if rng.below(3) == 0 {
                        "DIRECTDEP"
                    } else {
                        "CREDIT"
                    }
                }
                (_, false) => match rng.below(10) {
                    0 => "CHECK",
                    1 | 2 => "DIRECTDEBIT",
                    3 => "ATM",
                    _ => "POS",
                },
            };
            out.push_str("<STMTTRN>\r\n");
            value(&mut out, "TRNTYPE", kind);
            stamp.clear();
            ofx_time(&mut stamp, tx.date, &mut rng);
            value(&mut out, "DTPOSTED", &stamp);
            if rng.below(4) == 0 {
                stamp.clear();
                let day = tx.date.pred_opt().unwrap_or(tx.date);
                ofx_time(&mut stamp, day, &mut rng);
                value(&mut out, "DTUSER", &stamp);
            }
            value(&mut out, "TRNAMT", &amount.to_string());
            value(&mut out, "FITID", &format!("{}{:08}", tx.date.format("%Y%m%d"), entries));
            if kind == "CHECK" {
                value(&mut out, "CHECKNUM", &(1000 + entries % 9000).to_string());
            }
            value(&mut out, "NAME", payee);
            value(&mut out, "MEMO", memo_of(entries, payee, amount));
            out.push_str("</STMTTRN>\r\n");
            entries += 1;
        }
    }
    out.push_str("</BANKTRANLIST>\r\n<LEDGERBAL>\r\n");
    value(&mut out, "BALAMT", &balance.to_string());
    value(&mut out, "DTASOF", "20251231235959.000[-5:EST]");
    out.push_str("</LEDGERBAL>\r\n<AVAILBAL>\r\n");
    value(&mut out, "BALAMT", &balance.to_string());
    value(&mut out, "DTASOF", "20251231235959.000[-5:EST]");
    out.push_str("</AVAILBAL>\r\n</STMTRS>\r\n</STMTTRNRS>\r\n</BANKMSGSRSV1>\r\n</OFX>\r\n");
    (out.into_bytes(), entries)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tally_core::import::{csv, ofx};

    #[test]
    fn csv_reads_back_with_its_profile() {
        let workload = Workload::new(crate::reference_chart().expect("chart"), SEED, 2_000);
        let bytes = bank_csv(&workload);
        let statements = csv::parse(&bytes, "bank.csv", &csv_profile()).expect("parse");
        assert_eq!(statements.len(), 1);
        let s = &statements[0];
        assert_eq!(s.lines.len(), 2_000);
        let sum: Decimal = s.lines.iter().map(|l| l.amount).sum();
        assert_eq!(s.closing_balance.as_ref().map(|b| b.amount), Some(sum));
        assert!(s.lines.iter().all(|l| l.payee.is_some() && l.memo.is_some()));
    }

    #[test]
    fn ofx_files_read_back_in_both_syntaxes() {
        for syntax in [OfxSyntax::Sgml, OfxSyntax::Xml] {
            let (bytes, entries) = ofx_statement(syntax, 200_000);
            assert!(bytes.len() <= 200_000 && bytes.len() > 199_000, "{}", bytes.len());
            let statements = ofx::parse(&bytes, "bench.ofx").expect("parse");
            assert_eq!(statements.len(), 1);
            let s = &statements[0];
            assert_eq!(s.lines.len() as u64, entries);
            let sum: Decimal = s.lines.iter().map(|l| l.amount).sum();
            assert_eq!(s.closing_balance.as_ref().map(|b| b.amount), Some(sum));
            assert!(s.lines.iter().all(|l| l.bank_id.is_some() && l.payee.is_some()));
        }
    }
}
