//! Edge cases of the OFX reader on small inline files.

use super::*;
use crate::import::StatementFormat;
use crate::Error;
use rust_decimal_macros::dec;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

fn one(text: &str) -> Statement {
    let mut all = parse(text.as_bytes(), "t.ofx").expect("parses");
    assert_eq!(all.len(), 1, "one statement");
    all.pop().expect("statement")
}

fn malformed(text: &[u8]) -> (u64, String, String, String) {
    match parse(text, "t.ofx") {
        Err(Error::File(FileError::Malformed { file, line, field, value, reason })) => {
            assert_eq!(file, "t.ofx");
            (line, field, value, reason)
        }
        other => panic!("expected malformed_line, got {other:?}"),
    }
}

const SGML_HEAD: &str =
    "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nENCODING:USASCII\nCHARSET:1252\n\n";

fn bank(trn: &str) -> String {
    format!(
        "{SGML_HEAD}<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>USD\n<BANKACCTFROM><BANKID>1\
         <ACCTID>2<ACCTTYPE>CHECKING</BANKACCTFROM><BANKTRANLIST>\n{trn}\n</BANKTRANLIST>\
         </STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>"
    )
}

#[test]
fn dates_are_civil_dates_as_written() {
    assert_eq!(parse_date("20240131000000[-5:EST]"), Ok(Some(day(2024, 1, 31))));
    assert_eq!(parse_date("20240131235959.999[+14:LINT]"), Ok(Some(day(2024, 1, 31))));
    assert_eq!(parse_date("20120229"), Ok(Some(day(2012, 2, 29))));
    assert_eq!(parse_date("200510291120"), Ok(Some(day(2005, 10, 29))));
    assert_eq!(parse_date("20001201120000 [0:GMT]"), Ok(Some(day(2000, 12, 1))));
    assert_eq!(parse_date(""), Ok(None));
    assert_eq!(parse_date("00000000"), Ok(None));
    assert_eq!(parse_date("00000000000000"), Ok(None));
    for bad in ["abcdLOL!", "881103", "19881301", "20120231", "2011-06-14", "20110614x"] {
        assert!(parse_date(bad).is_err(), "{bad} must be refused");
    }
}

#[test]
fn amounts_with_point_or_comma() {
    let cases = [
        ("-6.60", dec!(-6.60)),
        ("-1006,60", dec!(-1006.60)),
        ("-1.006,60", dec!(-1006.60)),
        ("-1,006.60", dec!(-1006.60)),
        ("+00000000000115.8331", dec!(115.8331)),
        ("000000025.635000000", dec!(25.635000000)),
        ("111", dec!(111)),
        (".47", dec!(0.47)),
    ];
    for (text, want) in cases {
        let got = parse_number(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(got, want, "{text}");
        assert_eq!(got.scale(), want.scale(), "{text} keeps its scale");
    }
    for bad in ["$120", "1,2,3", "abc", "1.2.3", ""] {
        assert!(parse_number(bad).is_err(), "{bad} must be refused");
    }
}

#[test]
fn a_statement_line_with_every_field() {
    let stmt = one(&bank(
        "<STMTTRN><TRNTYPE>POS<DTPOSTED>20240202120000[-5:EST]<DTUSER>20240131\
         <TRNAMT>-1.234,50<FITID>F-1<CHECKNUM>0042<REFNUM>R9<PAYEE><NAME>Long Payee Name\
         <CITY>Springfield</PAYEE><EXTDNAME>Extended<MEMO>AT&T &amp; co<CURRENCY><CURRATE>1.1\
         <CURSYM>EUR</CURRENCY><ACCTBAL>99.00</STMTTRN>",
    ));
    let line = stmt.lines.first().expect("a line");
    assert_eq!(line.date, day(2024, 1, 31), "DTUSER is the transaction date");
    assert_eq!(line.posted_date, Some(day(2024, 2, 2)));
    assert_eq!(line.amount, dec!(-1234.50));
    assert_eq!(line.kind.as_deref(), Some("POS"));
    assert_eq!(line.bank_id.as_deref(), Some("F-1"));
    assert_eq!(line.check_number.as_deref(), Some("0042"));
    assert_eq!(line.reference.as_deref(), Some("R9"));
    assert_eq!(line.payee.as_deref(), Some("Long Payee Name"), "PAYEE/NAME without NAME");
    assert_eq!(line.memo.as_deref(), Some("AT&T & co"));
    assert_eq!(line.currency.as_deref(), Some("EUR"));
    assert_eq!(line.balance, Some(dec!(99.00)));
    assert_eq!(line.line, 9);
    assert!(!line.pending);
    assert_eq!(stmt.account.currency.as_deref(), Some("USD"));
    assert_eq!(stmt.account.bank_id.as_deref(), Some("1"));
    assert_eq!(stmt.account.account_id.as_deref(), Some("2"));
    assert_eq!(stmt.account.account_type.as_deref(), Some("CHECKING"));
}

#[test]
fn payee_and_currency_written_as_values() {
    let stmt = one(&bank(
        "<STMTTRN><DTPOSTED>20240105<TRNAMT>-3<PAYEE>Corner Shop<CURRENCY>EUR<MEMO>m</STMTTRN>",
    ));
    let line = stmt.lines.first().expect("a line");
    assert_eq!(line.payee.as_deref(), Some("Corner Shop"));
    assert_eq!(line.currency.as_deref(), Some("EUR"));
    assert_eq!(line.memo.as_deref(), Some("m"));
}

#[test]
fn only_dtposted_means_no_separate_posted_date() {
    let stmt = one(&bank("<STMTTRN><TRNTYPE>DEP<DTPOSTED>20130306<TRNAMT>null<NAME>X</STMTTRN>"));
    let line = stmt.lines.first().expect("a line");
    assert_eq!((line.date, line.posted_date), (day(2013, 3, 6), None));
    assert_eq!(line.amount, Decimal::ZERO, "a null TRNAMT is zero, as ofxparse reads it");
}

#[test]
fn missing_date_and_bad_amount_name_their_line() {
    let (line, field, value, _) =
        malformed(bank("<STMTTRN><TRNTYPE>DEP<TRNAMT>1.00</STMTTRN>").as_bytes());
    assert_eq!((line, field.as_str(), value.as_str()), (9, "DTPOSTED", ""));
    let (line, field, value, _) =
        malformed(bank("<STMTTRN>\n<DTPOSTED>20240101\n<TRNAMT>$12</STMTTRN>").as_bytes());
    assert_eq!((line, field.as_str(), value.as_str()), (11, "TRNAMT", "$12"));
    let (_, field, value, reason) =
        malformed(bank("<STMTTRN><DTPOSTED>20240101</STMTTRN>").as_bytes());
    assert_eq!((field.as_str(), value.as_str()), ("TRNAMT", ""));
    assert!(reason.contains("without an amount"), "{reason}");
}

#[test]
fn end_tags_left_out_are_inferred() {
    // Every end tag missing, as some banks write it.
    let text = format!(
        "{SGML_HEAD}<OFX>\n<SIGNONMSGSRSV1>\n<SONRS>\n<STATUS>\n<CODE>0\n<SEVERITY>INFO\n\
         <DTSERVER>20240101\n<BANKMSGSRSV1>\n<STMTTRNRS>\n<TRNUID>1\n<STATUS>\n<CODE>0\n\
         <SEVERITY>INFO\n<STMTRS>\n<CURDEF>USD\n<BANKACCTFROM>\n<BANKID>9\n<ACCTID>8\n\
         <ACCTTYPE>SAVINGS\n<BANKTRANLIST>\n<DTSTART>20240101\n<DTEND>20240131\n<STMTTRN>\n\
         <TRNTYPE>DEBIT\n<DTPOSTED>20240105\n<TRNAMT>-1\n<FITID>a\n<NAME>One\n<STMTTRN>\n\
         <TRNTYPE>CREDIT\n<DTPOSTED>20240106\n<TRNAMT>2\n<FITID>b\n<PAYEE>\n<NAME>Two\n\
         <MEMO>m\n<LEDGERBAL>\n<BALAMT>5\n<DTASOF>20240131\n<AVAILBAL>\n<BALAMT>4\n\
         <DTASOF>20240130\n"
    );
    let stmt = one(&text);
    assert_eq!(stmt.lines.len(), 2);
    let second = stmt.lines.get(1).expect("second");
    assert_eq!(second.payee.as_deref(), Some("Two"));
    assert_eq!(second.memo.as_deref(), Some("m"), "MEMO after PAYEE closes the PAYEE");
    assert_eq!(second.line, 35);
    assert_eq!(stmt.start, Some(day(2024, 1, 1)));
    assert_eq!(
        stmt.closing_balance.as_ref().map(|b| (b.amount, b.date)),
        Some((dec!(5), day(2024, 1, 31)))
    );
    assert_eq!(stmt.available_balance.as_ref().map(|b| b.amount), Some(dec!(4)));
    assert_eq!(stmt.account.account_type.as_deref(), Some("SAVINGS"));
}

#[test]
fn unknown_tags_are_skipped_with_or_without_end_tags() {
    let stmt = one(&bank(
        "<STMTTRN><TRNTYPE>DEBIT<INTU.EMPTY><DTPOSTED>20240105<X.AGG><NAME>not the payee\
         <TRNAMT>9</X.AGG><TRNAMT>-3<NAME>Shop</STMTTRN>",
    ));
    let line = stmt.lines.first().expect("a line");
    assert_eq!(line.date, day(2024, 1, 5), "an empty unknown tag does not swallow DTPOSTED");
    assert_eq!(line.amount, dec!(-3), "values inside an unknown aggregate are not the line's");
    assert_eq!(line.payee.as_deref(), Some("Shop"));
}

#[test]
fn several_statements_of_every_kind_in_file_order() {
    let text =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<?OFX OFXHEADER=\"200\" VERSION=\"211\"?>\n\
        <OFX><CREDITCARDMSGSRSV1><CCSTMTTRNRS><CCSTMTRS><CURDEF>EUR</CURDEF><CCACCTFROM>\
        <ACCTID>4111</ACCTID></CCACCTFROM><BANKTRANLIST><STMTTRN><TRNTYPE>DEBIT</TRNTYPE>\
        <DTPOSTED>20240201</DTPOSTED><TRNAMT>-5</TRNAMT></STMTTRN></BANKTRANLIST></CCSTMTRS>\
        </CCSTMTTRNRS></CREDITCARDMSGSRSV1><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>USD</CURDEF>\
        <BANKACCTFROM><BANKID>1</BANKID><BRANCHID>00123</BRANCHID><ACCTID>A</ACCTID>\
        <ACCTTYPE>CHECKING</ACCTTYPE></BANKACCTFROM><BANKTRANLISTP><STMTTRNP><TRNTYPE>HOLD\
        </TRNTYPE><DTTRAN>20240203</DTTRAN><TRNAMT>-7</TRNAMT><NAME>Pending shop</NAME>\
        </STMTTRNP></BANKTRANLISTP></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>";
    let all = parse(text.as_bytes(), "t.ofx").expect("parses");
    assert_eq!(all.len(), 2);
    let card = all.first().expect("card");
    assert_eq!(card.account.account_type.as_deref(), Some("CREDITCARD"));
    assert_eq!(card.account.currency.as_deref(), Some("EUR"));
    assert_eq!(card.lines.first().map(|l| l.amount), Some(dec!(-5)));
    let checking = all.get(1).expect("checking");
    assert_eq!(checking.account.branch_id.as_deref(), Some("00123"));
    let pending = checking.lines.first().expect("pending line");
    assert!(pending.pending);
    assert_eq!((pending.date, pending.amount), (day(2024, 2, 3), dec!(-7)));
    assert_eq!(pending.payee.as_deref(), Some("Pending shop"));
    assert!(all.iter().all(|s| s.format == StatementFormat::Ofx && s.file == "t.ofx"));
}

#[test]
fn investment_lines_signs_and_securities() {
    let text = format!(
        "{SGML_HEAD}<OFX><INVSTMTMSGSRSV1><INVSTMTTRNRS><INVSTMTRS><DTASOF>20240301<CURDEF>USD\
         <INVACCTFROM><BROKERID>b.com<ACCTID>X1</INVACCTFROM><INVTRANLIST>\
         <SELLSTOCK><INVSELL><INVTRAN><FITID>s1<DTTRADE>20240102<DTSETTLE>20240104</INVTRAN>\
         <SECID><UNIQUEID>C1<UNIQUEIDTYPE>CUSIP</SECID><UNITS>5<UNITPRICE>10<COMMISSION>1\
         <FEES>0.5<TOTAL>48.5</INVSELL><SELLTYPE>SELL</SELLSTOCK>\
         <SPLIT><INVTRAN><FITID>s2<DTTRADE>20240105</INVTRAN><SECID><UNIQUEID>C1\
         <UNIQUEIDTYPE>CUSIP</SECID><OLDUNITS>10<NEWUNITS>20<NUMERATOR>2<DENOMINATOR>1</SPLIT>\
         <INCOME><INVTRAN><FITID>s3<DTTRADE>20240106</INVTRAN><SECID><UNIQUEID>C1\
         <UNIQUEIDTYPE>CUSIP</SECID><INCOMETYPE>DIV<TOTAL>3.25</INCOME>\
         </INVTRANLIST><INVBAL><AVAILCASH>100<BALLIST><BAL><NAME>x<DTASOF>20000101</BAL>\
         </BALLIST></INVBAL></INVSTMTRS></INVSTMTTRNRS></INVSTMTMSGSRSV1><SECLISTMSGSRSV1>\
         <SECLIST><STOCKINFO><SECINFO><SECID><UNIQUEID>C1<UNIQUEIDTYPE>CUSIP</SECID>\
         <SECNAME>S&amp;P Co<TICKER>SPC</SECINFO></STOCKINFO></SECLIST></SECLISTMSGSRSV1></OFX>"
    );
    let stmt = one(&text);
    assert_eq!(stmt.account.bank_id.as_deref(), Some("b.com"));
    assert_eq!(stmt.account.account_type.as_deref(), Some("INVESTMENT"));
    let sell = stmt.investments.first().expect("sell");
    assert_eq!(sell.kind, "SELLSTOCK");
    assert_eq!(sell.subtype.as_deref(), Some("SELL"));
    assert_eq!(sell.units, Some(dec!(-5)), "a sale's units are negative");
    assert_eq!(sell.fees, Some(dec!(1.5)));
    assert_eq!(sell.total, Some(dec!(48.5)));
    assert_eq!(sell.settle_date, Some(day(2024, 1, 4)));
    assert_eq!(sell.security_id.as_deref(), Some("C1"));
    let split = stmt.investments.get(1).expect("split");
    assert_eq!(split.units, Some(dec!(10)), "a split adds NEWUNITS - OLDUNITS");
    let income = stmt.investments.get(2).expect("income");
    assert_eq!((income.subtype.as_deref(), income.total), (Some("DIV"), Some(dec!(3.25))));
    assert_eq!(
        stmt.available_balance.as_ref().map(|b| (b.amount, b.date)),
        Some((dec!(100), day(2024, 3, 1)))
    );
    assert_eq!(stmt.securities.len(), 1);
    let sec = stmt.securities.first().expect("security");
    assert_eq!(sec.name.as_deref(), Some("S&P Co"));
    assert_eq!(sec.ticker.as_deref(), Some("SPC"));
    assert_eq!(sec.id_type.as_deref(), Some("CUSIP"));
}

#[test]
fn encodings() {
    let body = "<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><BANKTRANLIST><STMTTRN><DTPOSTED>20240101\
                <TRNAMT>1<NAME>Caf\u{e9} M\u{fc}ller</STMTTRN></BANKTRANLIST></STMTRS></STMTTRNRS>\
                </BANKMSGSRSV1></OFX>";
    let payee = |bytes: &[u8]| {
        let all = parse(bytes, "e.ofx").expect("parses");
        all.first().and_then(|s| s.lines.first()).and_then(|l| l.payee.clone())
    };
    let want = Some("Café Müller".to_owned());
    // Declared 1252 and written in 1252.
    let text = format!("{SGML_HEAD}{body}");
    let (latin, _, _) = WINDOWS_1252.encode(&text);
    assert_eq!(payee(&latin), want);
    // Declared 1252 but written in UTF-8: read as written.
    assert_eq!(payee(format!("{SGML_HEAD}{body}").as_bytes()), want);
    // Declared UTF-8, with a byte order mark.
    let utf8 = format!("\u{feff}OFXHEADER:100\nENCODING:UTF-8\n\n{body}");
    assert_eq!(payee(utf8.as_bytes()), want);
    // ISO-8859-15 declared (the euro sign is 0xA4 there).
    let mut latin9 = b"OFXHEADER:100\nCHARSET:ISO-8859-15\n\n".to_vec();
    latin9.extend_from_slice(body.replace("Caf\u{e9} M\u{fc}ller", "\u{20ac}").as_bytes());
    let at = latin9.iter().position(|&b| b == 0xE2).expect("euro");
    latin9.splice(at..at + 3, [0xA4]);
    assert_eq!(payee(&latin9), Some("\u{20ac}".to_owned()));
    // UTF-16 with its byte order mark.
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in format!("{SGML_HEAD}{body}").encode_utf16() {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    assert_eq!(payee(&utf16), want);
}

#[test]
fn not_ofx_and_bank_errors() {
    for (bytes, needle) in [
        (&b""[..], "empty"),
        (b"   \n", "empty"),
        (b"date,amount\n2024-01-01,5\n", "no <OFX>"),
        (b"OFXHEADER:100\n\n", "no <OFX>"),
    ] {
        match parse(bytes, "x.ofx") {
            Err(Error::File(FileError::Unreadable { reason, .. })) => {
                assert!(reason.contains(needle), "{reason}");
            }
            other => panic!("expected unreadable_file, got {other:?}"),
        }
    }
    let text = format!(
        "{SGML_HEAD}<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>15500<SEVERITY>ERROR\
         <MESSAGE>Bad password</STATUS></SONRS></SIGNONMSGSRSV1></OFX>"
    );
    let (line, field, value, _) = malformed(text.as_bytes());
    assert_eq!((line, field.as_str(), value.as_str()), (7, "STATUS", "15500 ERROR: Bad password"));
}

#[test]
fn a_file_cut_short_inside_a_statement_is_an_error() {
    let full = bank("<STMTTRN><DTPOSTED>20240101<TRNAMT>1</STMTTRN>\n<STMTTRN><DTPOSTED>20240102<TRNAMT>2</STMTTRN>");
    let cut =
        full.get(..full.find("\n<STMTTRN><DTPOSTED>20240102").expect("second") + 10).expect("cut");
    let (line, field, _, reason) = malformed(cut.as_bytes());
    assert_eq!((line, field.as_str()), (10, "STMTTRN"));
    assert!(reason.contains("cut short"), "{reason}");
    // Nothing of a closed statement is lost when only the last end tags are missing.
    let open_end = full.replace("</STMTTRNRS></BANKMSGSRSV1></OFX>", "</STMTTRNRS>");
    assert_eq!(one(&open_end).lines.len(), 2);
}

#[test]
fn lower_case_tags_and_self_closed_elements() {
    let stmt = one("<?OFX OFXHEADER=\"200\"?><ofx><bankmsgsrsv1><stmttrnrs><stmtrs><curdef/>\
         <banktranlist><stmttrn><dtposted>20240101</dtposted><trnamt>-1</trnamt><name/>\
         <memo>m</memo></stmttrn></banktranlist></stmtrs></stmttrnrs></bankmsgsrsv1></ofx>");
    let line = stmt.lines.first().expect("line");
    assert_eq!(
        (line.amount, line.payee.as_deref(), line.memo.as_deref()),
        (dec!(-1), None, Some("m"))
    );
    assert_eq!(stmt.account.currency, None);
}
