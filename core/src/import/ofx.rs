//! Reader of OFX bank files into [`Statement`]s: OFX 1.x (SGML, `OFXHEADER:100`), OFX 2.x
//! (XML, `<?OFX OFXHEADER="200" ...?>`) and QFX (OFX with Intuit's extensions), with bank
//! (STMTRS), credit-card (CCSTMTRS) and investment (INVSTMTRS) statements, several of them in
//! one file if it holds several.
//!
//! One tokenizer reads both syntaxes as a stream (no DOM): a value's end tag may be left out as
//! SGML allows, and when a bank leaves out the end tags of aggregates too (some do, for every
//! tag) they are inferred from where OFX lets each aggregate stand (a second `<STMTTRN>` ends
//! the first). Element names it does not know are skipped.
//!
//! What it reads, per statement:
//! - account: BANKID, BRANCHID, ACCTID, ACCTTYPE of BANKACCTFROM; ACCTID of CCACCTFROM (type
//!   `CREDITCARD`); BROKERID (as the bank id) and ACCTID of INVACCTFROM (type `INVESTMENT`);
//!   currency CURDEF.
//! - start and end: DTSTART and DTEND of the transaction list.
//! - lines (STMTTRN): date DTUSER if given, else DTPOSTED, with DTPOSTED as the posted date
//!   when DTUSER is given; TRNAMT; TRNTYPE as the kind; FITID as the bank id; CHECKNUM;
//!   REFNUM as the reference; NAME (else PAYEE/NAME, else EXTDNAME) as the payee; MEMO;
//!   CURRENCY/CURSYM as the line's currency; ACCTBAL (a bank extension) as the running
//!   balance. Pending lines (BANKTRANLISTP/STMTTRNP, OFX 2.1) come with `pending` set and
//!   DTTRAN as their date.
//! - balances: LEDGERBAL as the closing balance, AVAILBAL as the available balance; for an
//!   investment statement, INVBAL/AVAILCASH at the statement's DTASOF as the available
//!   balance. Both in CURDEF. A balance whose BALAMT is empty is taken as not stated.
//! - investments: every transaction of INVTRANLIST (BUYSTOCK, SELLMF, INCOME, REINVEST,
//!   TRANSFER, SPLIT, INVBANKTRAN, ...) as an [`InvestmentLine`]: INVTRAN's FITID, DTTRADE,
//!   DTSETTLE and MEMO, SECID/UNIQUEID, UNITS (made negative for a SELL* or a TRANSFER out;
//!   NEWUNITS - OLDUNITS for a SPLIT), UNITPRICE, TOTAL, COMMISSION + FEES + LOAD as the fees,
//!   and BUYTYPE/SELLTYPE/INCOMETYPE/TFERACTION/OPTACTION as the subtype. An INVBANKTRAN's
//!   STMTTRN is also a [`StatementLine`] (the cash side); the importer books one of the two.
//! - securities: the file's SECLIST (UNIQUEID, UNIQUEIDTYPE, TICKER, SECNAME), given to every
//!   investment statement of the file.
//!
//! Signs: OFX writes TRNAMT from the account's point of view (negative is money out, a charge on
//! a card; positive is a deposit, a card payment or refund), which is the convention of
//! [`StatementLine::amount`]: amounts are kept as written. Amounts may use a decimal comma
//! (`-200,00`, `-1.006,60`), as OFX allows; `null` for a TRNAMT (some banks' informational
//! lines) is zero. Dates are `YYYYMMDD[HHMMSS[.XXX]][[offset:TZ]]`; the civil date is the one
//! written (`20240131000000[-5:EST]` is January 31), and `00000000` is no date.
//!
//! Encodings: a file that is valid UTF-8 is read as UTF-8; any other is decoded with the
//! single-byte charset its header declares (OFX 1 `CHARSET:1252`, `ISO-8859-1`, ...; the XML
//! declaration's `encoding`), Windows-1252 when it declares none or UTF-8 (a bank that declares
//! `CHARSET:1252` and writes UTF-8, or the reverse, is read as written). A UTF-16 file is read
//! by its byte order mark.
//!
//! Not read: positions (INVPOSLIST), the other balances of BALLIST and INVBAL, open orders,
//! 401(k) details, ACCTKEY, SIC and PAYEEID, ORIGCURRENCY (the amount is already in CURDEF),
//! corrections (CORRECTFITID/CORRECTACTION: such a line is read as an ordinary line), closing
//! statements (STMTENDRS), account lists (ACCTINFORS: no statement). A file without statements
//! (sign-on only, an account list) gives none.
//!
//! Errors: a file that is not OFX (no `<OFX>` element), a sign-on or a statement request the
//! bank answered with SEVERITY ERROR and no statement, a line without a date or amount, a date
//! or amount that does not read, a balance with an amount and no date, a security without an
//! id, and a file that closes its aggregates but stops before `</OFX>` inside a statement (cut
//! short) are errors naming the file, line, tag and text.
//!
//! ```
//! use tally_core::import::ofx;
//! use rust_decimal_macros::dec;
//!
//! let file = b"OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nCHARSET:1252\n\n<OFX>
//! <BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>EUR
//! <BANKACCTFROM><BANKID>30004<ACCTID>0001<ACCTTYPE>CHECKING</BANKACCTFROM>
//! <BANKTRANLIST><STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240131000000[-5:EST]<TRNAMT>-12.50
//! <FITID>F1<NAME>Bakery</STMTTRN></BANKTRANLIST>
//! <LEDGERBAL><BALAMT>100.00<DTASOF>20240131</LEDGERBAL></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>";
//! let statements = ofx::parse(file, "jan.ofx")?;
//! let line = &statements[0].lines[0];
//! assert_eq!(line.amount, dec!(-12.50));
//! assert_eq!(line.date.to_string(), "2024-01-31");
//! assert_eq!(line.payee.as_deref(), Some("Bakery"));
//! assert_eq!(statements[0].closing_balance.as_ref().map(|b| b.amount), Some(dec!(100.00)));
//! # Ok::<(), tally_core::Error>(())
//! ```

mod markup;
mod reader;
mod tags;

use super::amount::{parse_amount, NumberStyle};
use super::Statement;
use crate::files::FileError;
use crate::Result;
use chrono::NaiveDate;
use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};
use markup::find_byte;
use reader::Reader;
use rust_decimal::Decimal;
use std::borrow::Cow;

/// Parses an OFX or QFX file into its statements, in file order. `file` names it in errors
/// and in each [`Statement::file`].
///
/// # Errors
///
/// `unreadable_file` when the input is not OFX (empty, no `<OFX>` element, a UTF-16 byte order
/// mark on text that is not UTF-16); `malformed_line` with the line, tag and text of the first
/// thing that does not read: a date or amount, a line without a date or amount, a STATUS with
/// SEVERITY ERROR in place of the statement or at sign-on, a file cut short (see the module
/// documentation).
pub fn parse(bytes: &[u8], file: &str) -> Result<Vec<Statement>> {
    let text = decode(bytes, file)?;
    let Some(body) = find_body(&text) else {
        return Err(FileError::unreadable(file, "not an OFX file: no <OFX> element").into());
    };
    Reader::new(&text, file).run(body).map_err(Into::into)
}

/// The text of the file (see the module documentation for the choice of encoding).
fn decode<'b>(bytes: &'b [u8], file: &str) -> Result<Cow<'b, str>, FileError> {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        let body = bytes.get(bom..).unwrap_or_default();
        if encoding != UTF_8 {
            let (text, had_errors) = encoding.decode_without_bom_handling(body);
            if had_errors {
                return Err(FileError::unreadable(
                    file,
                    format!("not valid {} after its byte order mark", encoding.name()),
                ));
            }
            return Ok(text);
        }
        return decode(body, file);
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(FileError::unreadable(file, "empty file"));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(Cow::Borrowed(text)),
        Err(_) => {
            let encoding =
                declared_encoding(bytes).filter(|e| e.is_single_byte()).unwrap_or(WINDOWS_1252);
            Ok(encoding.decode_without_bom_handling(bytes).0)
        }
    }
}

/// The charset the header declares: OFX 1 `CHARSET:`/`ENCODING:`, or the XML declaration's
/// `encoding`.
fn declared_encoding(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = bytes.get(..bytes.len().min(2048)).unwrap_or_default();
    let head = String::from_utf8_lossy(head);
    let upper = head.to_ascii_uppercase();
    if let Some(at) = upper.find("ENCODING=") {
        let value = head.get(at + "ENCODING=".len()..)?;
        let value = value.trim_start_matches(['"', '\'']);
        let end = value.find(['"', '\'', '?', ' '])?;
        return Encoding::for_label(value.get(..end)?.trim().as_bytes());
    }
    let field = |key: &str| {
        upper.lines().find_map(|l| l.trim().strip_prefix(key).map(|v| v.trim().to_owned()))
    };
    match field("CHARSET:").as_deref() {
        Some("1252") => Some(WINDOWS_1252),
        Some(cp) if cp.len() == 4 && cp.starts_with("12") => {
            Encoding::for_label(format!("windows-{cp}").as_bytes())
        }
        Some("8859-1" | "ISO-8859-1" | "LATIN1" | "NONE") | None => match field("ENCODING:") {
            Some(e) if e == "UTF-8" || e == "UNICODE" => Some(UTF_8),
            _ => Some(WINDOWS_1252),
        },
        Some(other) => Encoding::for_label(other.as_bytes()),
    }
}

/// The offset of the `<OFX>` start tag.
fn find_body(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(at) = find_byte(bytes, from, b'<') {
        let name = bytes.get(at + 1..at + 4);
        let next = bytes.get(at + 4);
        if name.is_some_and(|n| n.eq_ignore_ascii_case(b"OFX"))
            && next.is_some_and(|&c| c == b'>' || c.is_ascii_whitespace())
        {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// `name` in upper case (OFX names are; a few writers use lower case).
fn upper(name: &str) -> Cow<'_, str> {
    if name.bytes().any(|b| b.is_ascii_lowercase()) {
        Cow::Owned(name.to_ascii_uppercase())
    } else {
        Cow::Borrowed(name)
    }
}

/// A text value, `None` when empty.
fn some_text(text: &str) -> Option<String> {
    (!text.is_empty()).then(|| text.to_owned())
}

/// An OFX date: the civil date of `YYYYMMDD[HHMMSS[.XXX]][[offset:TZ]]`, the time and zone
/// ignored; `None` when empty or `00000000`.
fn parse_date(text: &str) -> Result<Option<NaiveDate>, &'static str> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let bytes = text.as_bytes();
    let digits = bytes
        .get(..8)
        .filter(|d| d.iter().all(u8::is_ascii_digit))
        .ok_or("not an OFX date (YYYYMMDD[HHMMSS][.XXX][[offset:TZ]])")?;
    if digits.iter().all(|&d| d == b'0') {
        return Ok(None);
    }
    if bytes.get(8).is_some_and(|&c| !(c.is_ascii_digit() || b".[ :".contains(&c))) {
        return Err("not an OFX date (YYYYMMDD[HHMMSS][.XXX][[offset:TZ]])");
    }
    let number = |from: usize, to: usize| {
        digits.get(from..to).map_or(0, |d| d.iter().fold(0, |n, &c| n * 10 + u32::from(c - b'0')))
    };
    let year = i32::try_from(number(0, 4)).map_err(|_| "no such year")?;
    NaiveDate::from_ymd_opt(year, number(4, 6), number(6, 8)).map(Some).ok_or("no such day")
}

/// An OFX amount: a decimal point or, as OFX allows, a decimal comma; the other mark, if both
/// appear, separates thousands.
fn parse_number(text: &str) -> Result<Decimal, &'static str> {
    let style = match (text.rfind('.'), text.rfind(',')) {
        (Some(dot), Some(comma)) if comma > dot => NumberStyle::COMMA_DOT,
        (Some(_), Some(_)) => NumberStyle::DOT_COMMA,
        (None, Some(_)) => NumberStyle::COMMA,
        _ => NumberStyle::DOT,
    };
    parse_amount(text, style)
}

#[cfg(test)]
mod tests;
