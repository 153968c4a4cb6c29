//! ISO 20022 bank-to-customer cash management messages: camt.053 statements
//! (`BkToCstmrStmt/Stmt`), and camt.052 account reports (`BkToCstmrAcctRpt/Rpt`) and camt.054
//! debit/credit notifications (`BkToCstmrDbtCdtNtfctn/Ntfctn`), whose entries have the same
//! shape. Every version of the `urn:iso:std:iso:20022:tech:xsd:camt.05x.001.yy` namespaces is
//! read the same way (001.02 to 001.08 are the ones banks send; 001.14 reads too); elements may
//! carry a namespace prefix. The file is read as a stream with quick-xml (no DOM).
//!
//! One [`Statement`] per `Stmt`/`Rpt`/`Ntfctn`, in file order:
//!
//! - account: `Acct/Id/IBAN` (or `Acct/Id/Othr/Id`), `Acct/Ccy` (when absent, the currency of
//!   the closing, then the opening balance, then of the first entry), `Acct/Tp/Cd` or
//!   `Acct/Tp/Prtry`, `Acct/Nm` (or the owner's `Acct/Ownr/Nm`), and the bank
//!   `Acct/Svcr/FinInstnId/BIC` or `BICFI` (or its `ClrSysMmbId/MmbId`, or `Othr/Id`);
//! - `FrToDt/FrDtTm` and `ToDtTm` give [`Statement::start`] and [`Statement::end`];
//! - balances `Bal`: `OPBD` (or, without one, `PRCD`) is the opening balance, `CLBD` the closing
//!   one (without a `CLBD`, the last `ITBD` interim booked balance). The amount is signed by
//!   `CdtDbtInd` (`DBIT` is negative: an overdraft), the date is `Dt/Dt` or the civil date of
//!   `Dt/DtTm` as written. Other balance types (`OPAV`, `CLAV`, `FWAV`, ...) are not kept.
//!
//! One [`StatementLine`] per `Ntry`, whose [`line`](StatementLine::line) is the line of its
//! `<Ntry>` tag:
//!
//! - amount: `Amt`, unsigned in the file, made negative for `CdtDbtInd` `DBIT` (money out) and
//!   kept positive for `CRDT`. A reversal (`RvslInd` true) keeps the sign of its `CdtDbtInd`,
//!   which is already the direction of the reversing booking. Currency: `Amt/@Ccy`;
//! - date: `BookgDt` (`Dt`, or the date part of `DtTm` as written, never shifted by its zone);
//!   without a booking date (pending entries), `ValDt`. An entry with neither (both are
//!   optional in the schema) takes the statement's date: `FrToDt/ToDtTm`, else the closing
//!   balance's date, else the statement's `CreDtTm`.
//!   [`posted_date`](StatementLine::posted_date) holds the value date `ValDt` whenever written;
//! - pending: `Sts` (or `Sts/Cd` from 001.08 on) `PDNG`, `INFO` or `FUTR`; `BOOK` (or no
//!   status) is booked;
//! - bank id: `AcctSvcrRef`, else `NtryRef`, else the `Refs/AcctSvcrRef` of its only `TxDtls`;
//! - kind: the domain code `BkTxCd/Domn` as `PMNT-ICDT-ESCT` (domain, family, sub-family), else
//!   the proprietary `BkTxCd/Prtry/Cd`;
//! - from `NtryDtls/TxDtls`: payee is the counterparty's `RltdPties` name (`Nm` or, from 001.08
//!   on, `Pty/Nm`): the creditor `Cdtr` of a debit, the debtor `Dbtr` of a credit, falling back
//!   to the ultimate creditor or debtor; for a reversal with no such party, the other side.
//!   Memo: the remittance information `RmtInf` (every `Ustrd` joined with spaces, and the
//!   texts of `Strd`: `RfrdDocInf/Nb`, `CdtrRefInf/Ref`, `AddtlRmtInf`); without remittance
//!   information, `AddtlNtryInf`, else the details' `AddtlTxInf`. Line breaks inside a text
//!   (pretty-printed XML) become single spaces. Reference: `Refs/EndToEndId` (not the
//!   placeholder `NOTPROVIDED`), else the batch's `Btch/PmtInfId`. Check number:
//!   `Refs/ChqNb`.
//!
//! A batch (an entry with several `TxDtls`) stays one line with the entry's total amount, as the
//! bank booked it. Its memo joins the parts' texts with `"; "`; when the parts name different
//! counterparties, the line has no payee and each part's text starts with its counterparty's
//! name (`"Alice: rent; Bob: rent"`). Its reference and check number are kept only when every
//! part gives the same one (else the reference is `Btch/PmtInfId`, where given).
//!
//! Checks: with [`CamtOptions::check_balances`] (the default), a statement stating both an
//! opening (`OPBD`/`PRCD`) and a closing `CLBD` balance must satisfy opening + booked entries
//! = closing, exactly; pending entries are not counted. `TxsSummry` is not checked (banks fill
//! it loosely).
//!
//! Errors ([`FileError`]) name the file, the line and the tag path from the statement element
//! (`Stmt/Ntry/BookgDt/Dt`): malformed XML (`malformed_line` at the offending markup), a bad
//! amount or date (at the line of the element), a missing `Amt` or `CdtDbtInd` (at the line of
//! the `<Ntry>`), a closing balance that does not reconcile (at the line of its `<Bal>`), text
//! that is not valid in its declared encoding. A file with no camt statement container, or an
//! ISO 20022 message of another kind, is `unreadable_file`. Encodings: UTF-8 (with or without
//! BOM), UTF-16 with a BOM, and any encoding the XML declaration names (`ISO-8859-1`, ...).
//!
//! Not read: the statement's own `Id`, sequence numbers and pagination, `TxsSummry`, the
//! counterparties' accounts and agents, per-transaction amounts of a batch (`TxDtls/Amt`,
//! `AmtDtls`), currency exchange details, return reasons (`RtrInf`), charges and interest
//! records.

use super::amount::{parse_amount, NumberStyle};
use super::{StatedBalance, Statement, StatementFormat, StatementLine};
use crate::files::FileError;
use crate::Result;
use chrono::NaiveDate;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use rust_decimal::Decimal;
use std::borrow::Cow;

/// Options of the camt reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CamtOptions {
    /// Refuse a statement whose opening balance plus its booked entries is not its closing
    /// balance (default `true`).
    pub check_balances: bool,
}

impl Default for CamtOptions {
    fn default() -> Self {
        Self { check_balances: true }
    }
}

/// Parses a camt.052, camt.053 or camt.054 file into one [`Statement`] per
/// `Stmt`/`Rpt`/`Ntfctn`, in file order. `file` names the file in errors.
///
/// # Errors
///
/// `malformed_line` with the line, tag path and offending text of the first problem (see the
/// module documentation); `unreadable_file` when the input is not a camt bank-to-customer
/// message.
pub fn parse(bytes: &[u8], file: &str, options: &CamtOptions) -> Result<Vec<Statement>> {
    let text = decode(bytes, file)?;
    let mut parser = Parser::new(&text, file, options);
    parser.run()?;
    Ok(parser.out)
}

/// The text of the file as UTF-8: a UTF-8 BOM is dropped, UTF-16 (with a BOM) and any encoding
/// declared in the XML declaration are converted. Line breaks stay where they were, so line
/// numbers are those of the file.
fn decode<'a>(bytes: &'a [u8], file: &str) -> Result<Cow<'a, str>> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return utf8(rest, file);
    }
    if let Some((encoding, _)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_with_bom_removal(bytes);
        if had_errors {
            return Err(
                FileError::unreadable(file, format!("not valid {}", encoding.name())).into()
            );
        }
        return Ok(text);
    }
    if let Some(label) = declared_encoding(bytes) {
        let Some(encoding) = encoding_rs::Encoding::for_label(label.as_bytes()) else {
            return Err(FileError::malformed(
                file,
                1,
                "encoding",
                label,
                "unknown encoding in the XML declaration",
            )
            .into());
        };
        if encoding != encoding_rs::UTF_8 {
            let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
            if had_errors {
                let at = text.find('\u{FFFD}').unwrap_or(0);
                return Err(FileError::malformed(
                    file,
                    line_of(&text, at),
                    "encoding",
                    label,
                    "text that is not valid in the declared encoding",
                )
                .into());
            }
            return Ok(text);
        }
    }
    utf8(bytes, file)
}

fn utf8<'a>(bytes: &'a [u8], file: &str) -> Result<Cow<'a, str>> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(Cow::Borrowed(text)),
        Err(e) => {
            let at = e.valid_up_to();
            let line = 1 + bytes.get(..at).map_or(0, |b| b.iter().filter(|&&c| c == b'\n').count());
            let bad = bytes.get(at..at.saturating_add(4).min(bytes.len())).unwrap_or_default();
            let value: Vec<String> = bad.iter().map(|b| format!("{b:02X}")).collect();
            Err(FileError::malformed(
                file,
                line as u64,
                "encoding",
                &value.join(" "),
                "not valid UTF-8 (declare the file's encoding in its XML declaration)",
            )
            .into())
        }
    }
}

/// The `encoding` of an XML declaration at the start of `bytes`.
fn declared_encoding(bytes: &[u8]) -> Option<&str> {
    let head = bytes.get(..bytes.len().min(400))?;
    let head = head.strip_prefix(b"<?xml")?;
    let end = head.windows(2).position(|w| w == b"?>")?;
    let decl = std::str::from_utf8(head.get(..end)?).ok()?;
    let at = decl.find("encoding")?;
    let rest = decl.get(at + "encoding".len()..)?.trim_start().strip_prefix('=')?.trim_start();
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let rest = rest.get(1..)?;
    rest.get(..rest.find(quote)?)
}

/// 1-based line of byte `at` of `text`.
fn line_of(text: &str, at: usize) -> u64 {
    let upto = text.as_bytes().get(..at.min(text.len())).unwrap_or_default();
    1 + upto.iter().filter(|&&b| b == b'\n').count() as u64
}

/// Counts lines forward as the reader moves on.
struct Lines {
    pos: usize,
    line: u64,
}

impl Lines {
    fn at(&mut self, text: &str, pos: usize) -> u64 {
        if pos < self.pos {
            self.pos = 0;
            self.line = 1;
        }
        let bytes = text.as_bytes().get(self.pos..pos.min(text.len())).unwrap_or_default();
        self.line += bytes.iter().filter(|&&b| b == b'\n').count() as u64;
        self.pos = pos;
        self.line
    }
}

/// The three message kinds: container element and its statement element.
const CONTAINERS: [(&str, &str); 3] =
    [("BkToCstmrStmt", "Stmt"), ("BkToCstmrAcctRpt", "Rpt"), ("BkToCstmrDbtCdtNtfctn", "Ntfctn")];

const ISO_NS: &str = "urn:iso:std:iso:20022:tech:xsd:";

/// A `Bal` being read.
#[derive(Default)]
struct BalState {
    depth: usize,
    base: usize,
    line: u64,
    code: Option<String>,
    amount: Option<Decimal>,
    amount_text: String,
    currency: Option<String>,
    credit: Option<bool>,
    date: Option<NaiveDate>,
}

/// A `TxDtls` being read (or read).
#[derive(Default)]
struct TxState {
    depth: usize,
    base: usize,
    end_to_end: Option<String>,
    servicer_ref: Option<String>,
    cheque: Option<String>,
    creditor: Option<String>,
    debtor: Option<String>,
    ultimate_creditor: Option<String>,
    ultimate_debtor: Option<String>,
    remittance: String,
    additional: Option<String>,
}

impl TxState {
    /// The counterparty: the creditor of a debit, the debtor of a credit.
    fn counterparty(&self, credit: bool, reversal: bool) -> Option<&str> {
        let creditor = self.creditor.as_deref().or(self.ultimate_creditor.as_deref());
        let debtor = self.debtor.as_deref().or(self.ultimate_debtor.as_deref());
        let (theirs, ours) = if credit { (debtor, creditor) } else { (creditor, debtor) };
        theirs.or(if reversal { ours } else { None })
    }

    /// Its text for the memo: remittance information, else additional information.
    fn text(&self) -> Option<&str> {
        if self.remittance.is_empty() {
            self.additional.as_deref()
        } else {
            Some(&self.remittance)
        }
    }
}

/// An `Ntry` being read.
#[derive(Default)]
struct EntryState {
    depth: usize,
    base: usize,
    line: u64,
    amount: Option<Decimal>,
    currency: Option<String>,
    credit: Option<bool>,
    reversal: bool,
    status: Option<String>,
    booking: Option<NaiveDate>,
    value: Option<NaiveDate>,
    servicer_ref: Option<String>,
    entry_ref: Option<String>,
    domain: String,
    proprietary: Option<String>,
    additional: Option<String>,
    batch_id: Option<String>,
    parts: Vec<TxState>,
    tx: Option<TxState>,
}

/// A statement being read.
struct StmtState {
    depth: usize,
    /// Where its tag name starts in the path (field names of errors start there).
    name_at: usize,
    /// Where paths relative to it start.
    base: usize,
    statement: Statement,
    bic: Option<String>,
    other_bank: Option<String>,
    owner: Option<String>,
    created: Option<NaiveDate>,
    /// Opening balance, whether it is an `OPBD`, its line.
    opening: Option<(StatedBalance, bool)>,
    closing: Option<(StatedBalance, u64, String)>,
    interim: Option<StatedBalance>,
    booked: Decimal,
    undated: Vec<usize>,
    bal: Option<BalState>,
    entry: Option<EntryState>,
}

struct Parser<'a> {
    src: &'a str,
    file: &'a str,
    options: &'a CamtOptions,
    /// Local names of the open elements, `/`-separated.
    path: String,
    /// Length of `path` before each open element.
    marks: Vec<usize>,
    /// Text of the element being read.
    text: String,
    /// Byte position of the last start tag.
    last_start: usize,
    lines: Lines,
    /// Depth of the container element and the name of its statements.
    container: Option<(usize, &'static str)>,
    found_container: bool,
    stmt: Option<StmtState>,
    out: Vec<Statement>,
}

/// A malformed-line error.
fn bad(file: &str, line: u64, field: &str, value: &str, reason: &str) -> crate::Error {
    FileError::malformed(file, line, field, value, reason).into()
}

/// `text` trimmed, with every run of white space holding a line break or tab made one space.
fn clean(text: &str) -> Cow<'_, str> {
    let t = text.trim();
    if !t.contains(['\n', '\r', '\t']) {
        return Cow::Borrowed(t);
    }
    let mut out = String::with_capacity(t.len());
    let mut run = String::new();
    for c in t.chars() {
        if c.is_whitespace() {
            run.push(c);
            continue;
        }
        if !run.is_empty() {
            if run.chars().all(|r| r == ' ') {
                out.push_str(&run);
            } else {
                out.push(' ');
            }
            run.clear();
        }
        out.push(c);
    }
    Cow::Owned(out)
}

/// `Some(cleaned text)` unless empty.
fn some(text: &str) -> Option<String> {
    let t = clean(text);
    (!t.is_empty()).then(|| t.into_owned())
}

/// The civil date of an ISO date (`2026-03-05`, `2026-03-05+01:00`) or date-time
/// (`2026-03-05T10:15:00+01:00`), as written.
fn parse_date(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    let b = t.as_bytes();
    if b.len() < 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        let s = t.get(r)?;
        if !s.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        s.parse().ok()
    };
    let year = i32::try_from(digits(0..4)?).ok()?;
    let month = digits(5..7)?;
    let day = digits(8..10)?;
    let rest = t.get(10..)?;
    if !(rest.is_empty() || rest.starts_with(['T', 'Z', '+', '-'])) {
        return None;
    }
    NaiveDate::from_ymd_opt(year, month, day)
}

/// An amount as camt writes it: unsigned, `.` decimals.
fn parse_camt_amount(text: &str) -> std::result::Result<Decimal, &'static str> {
    let t = text.trim();
    if t.starts_with(['-', '+', '(']) || t.ends_with('-') {
        return Err("a signed amount (the sign is given by CdtDbtInd)");
    }
    parse_amount(t, NumberStyle::DOT)
}

/// `CRDT` is true, `DBIT` false.
fn parse_indicator(text: &str) -> Option<bool> {
    match text.trim() {
        "CRDT" => Some(true),
        "DBIT" => Some(false),
        _ => None,
    }
}

/// The value of attribute `Ccy` of a start tag.
fn currency_attr(e: &BytesStart<'_>) -> Option<String> {
    let attr = e.try_get_attribute("Ccy").ok().flatten()?;
    let value = std::str::from_utf8(&attr.value).ok()?.trim();
    (!value.is_empty()).then(|| value.to_owned())
}

/// Appends `piece` to `into`, separated by `sep`.
fn join_into(into: &mut String, piece: &str, sep: &str) {
    if piece.is_empty() {
        return;
    }
    if !into.is_empty() {
        into.push_str(sep);
    }
    into.push_str(piece);
}

impl<'a> Parser<'a> {
    fn new(src: &'a str, file: &'a str, options: &'a CamtOptions) -> Self {
        Self {
            src,
            file,
            options,
            path: String::with_capacity(128),
            marks: Vec::with_capacity(16),
            text: String::with_capacity(256),
            last_start: 0,
            lines: Lines { pos: 0, line: 1 },
            container: None,
            found_container: false,
            stmt: None,
            out: Vec::new(),
        }
    }

    /// The tag path for an error: from the statement element when inside one.
    fn field(&self, tail: &str) -> String {
        let from = self.stmt.as_ref().map_or(0, |s| s.name_at);
        let mut f = self.path.get(from..).unwrap_or_default().to_owned();
        join_into(&mut f, tail, "/");
        f
    }

    fn xml_error(&self, reader: &Reader<&[u8]>, e: &quick_xml::Error) -> crate::Error {
        let at = usize::try_from(reader.error_position()).unwrap_or(usize::MAX).min(self.src.len());
        let snippet: String = self
            .src
            .get(at..)
            .unwrap_or_default()
            .chars()
            .take_while(|c| *c != '\n')
            .take(40)
            .collect();
        bad(
            self.file,
            line_of(self.src, at),
            &self.field(""),
            snippet.trim(),
            &format!("malformed XML: {e}"),
        )
    }

    fn run(&mut self) -> Result<()> {
        let mut reader = Reader::from_str(self.src);
        loop {
            let pos = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
            let event = match reader.read_event() {
                Ok(event) => event,
                Err(e) => return Err(self.xml_error(&reader, &e)),
            };
            match event {
                Event::Start(e) => self.start(&e, pos)?,
                Event::Empty(e) => {
                    self.start(&e, pos)?;
                    self.end()?;
                }
                Event::End(_) => self.end()?,
                Event::Text(t) => match t.xml10_content() {
                    Ok(s) => self.text.push_str(&s),
                    Err(e) => return Err(self.xml_error(&reader, &e.into())),
                },
                Event::CData(t) => match t.xml10_content() {
                    Ok(s) => self.text.push_str(&s),
                    Err(e) => return Err(self.xml_error(&reader, &e.into())),
                },
                Event::GeneralRef(r) => {
                    let resolved = match r.resolve_char_ref() {
                        Ok(Some(c)) => Some(c),
                        Ok(None) => match &*r {
                            b"amp" => Some('&'),
                            b"lt" => Some('<'),
                            b"gt" => Some('>'),
                            b"apos" => Some('\''),
                            b"quot" => Some('"'),
                            _ => None,
                        },
                        Err(_) => None,
                    };
                    let Some(c) = resolved else {
                        let name = String::from_utf8_lossy(&r);
                        return Err(bad(
                            self.file,
                            line_of(self.src, pos),
                            &self.field(""),
                            &format!("&{name};"),
                            "unknown entity or character reference",
                        ));
                    };
                    self.text.push(c);
                }
                Event::Eof => break,
                Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
            }
        }
        if !self.marks.is_empty() {
            return Err(bad(
                self.file,
                line_of(self.src, self.src.len()),
                &self.field(""),
                "",
                "the file ends before this element is closed",
            ));
        }
        if !self.found_container {
            return Err(FileError::unreadable(
                self.file,
                "not a camt.052/053/054 message: no BkToCstmrStmt, BkToCstmrAcctRpt or \
                 BkToCstmrDbtCdtNtfctn element",
            )
            .into());
        }
        Ok(())
    }

    fn start(&mut self, e: &BytesStart<'_>, pos: usize) -> Result<()> {
        let local = e.local_name();
        let Ok(name) = std::str::from_utf8(local.as_ref()) else {
            return Err(bad(
                self.file,
                line_of(self.src, pos),
                &self.field(""),
                "",
                "bad tag name",
            ));
        };
        self.marks.push(self.path.len());
        let name_at = if self.path.is_empty() { 0 } else { self.path.len() + 1 };
        if !self.path.is_empty() {
            self.path.push('/');
        }
        self.path.push_str(name);
        self.text.clear();
        self.last_start = pos;
        let depth = self.marks.len();

        if depth == 1 {
            self.check_namespace(e)?;
        }
        if self.container.is_none() && self.stmt.is_none() {
            if let Some((_, child)) = CONTAINERS.iter().find(|(c, _)| *c == name) {
                self.container = Some((depth, child));
                self.found_container = true;
            }
            return Ok(());
        }
        let Some(s) = self.stmt.as_mut() else {
            if let Some((cdepth, child)) = self.container {
                if depth == cdepth + 1 && name == child {
                    let statement = Statement::new(StatementFormat::Camt053, self.file);
                    self.stmt = Some(StmtState {
                        depth,
                        name_at,
                        base: self.path.len() + 1,
                        statement,
                        bic: None,
                        other_bank: None,
                        owner: None,
                        created: None,
                        opening: None,
                        closing: None,
                        interim: None,
                        booked: Decimal::ZERO,
                        undated: Vec::new(),
                        bal: None,
                        entry: None,
                    });
                }
            }
            return Ok(());
        };
        if let Some(en) = s.entry.as_mut() {
            if en.tx.is_some() {
                return Ok(());
            }
            let rel = self.path.get(en.base..).unwrap_or_default();
            if rel == "Amt" {
                en.currency = currency_attr(e);
            } else if rel == "NtryDtls/TxDtls" {
                en.tx = Some(TxState { depth, base: self.path.len() + 1, ..TxState::default() });
            }
            return Ok(());
        }
        if let Some(b) = s.bal.as_mut() {
            if self.path.get(b.base..) == Some("Amt") {
                b.currency = currency_attr(e);
            }
            return Ok(());
        }
        if depth == s.depth + 1 {
            if name == "Ntry" {
                let line = self.lines.at(self.src, pos);
                s.entry = Some(EntryState {
                    depth,
                    base: self.path.len() + 1,
                    line,
                    ..EntryState::default()
                });
            } else if name == "Bal" {
                let line = self.lines.at(self.src, pos);
                s.bal = Some(BalState {
                    depth,
                    base: self.path.len() + 1,
                    line,
                    ..BalState::default()
                });
            }
        }
        Ok(())
    }

    /// An ISO 20022 namespace on the root element must be one of camt.052/053/054.
    fn check_namespace(&self, e: &BytesStart<'_>) -> Result<()> {
        for attr in e.attributes().with_checks(false).flatten() {
            let key = attr.key.as_ref();
            if key != b"xmlns" && !key.starts_with(b"xmlns:") {
                continue;
            }
            let Ok(value) = std::str::from_utf8(&attr.value) else { continue };
            let Some(message) = value.strip_prefix(ISO_NS) else { continue };
            if !["camt.052.", "camt.053.", "camt.054."].iter().any(|m| message.starts_with(m)) {
                return Err(FileError::unreadable(
                    self.file,
                    format!("an ISO 20022 {message} message, not camt.052/053/054"),
                )
                .into());
            }
        }
        Ok(())
    }

    fn end(&mut self) -> Result<()> {
        let depth = self.marks.len();
        let result = self.end_element(depth);
        if let Some(len) = self.marks.pop() {
            self.path.truncate(len);
        }
        self.text.clear();
        result
    }

    fn end_element(&mut self, depth: usize) -> Result<()> {
        let Some(s) = self.stmt.as_mut() else {
            if self.container.is_some_and(|(d, _)| d == depth) {
                self.container = None;
            }
            return Ok(());
        };
        if let Some(en) = s.entry.as_mut() {
            if let Some(tx) = en.tx.as_mut() {
                if depth == tx.depth {
                    if let Some(done) = en.tx.take() {
                        en.parts.push(done);
                    }
                    return Ok(());
                }
                let rel = self.path.get(tx.base..).unwrap_or_default();
                tx_field(tx, rel, &self.text);
                return Ok(());
            }
            if depth == en.depth {
                return self.finish_entry();
            }
            let rel = self.path.get(en.base..).unwrap_or_default();
            return match entry_field(en, rel, &self.text) {
                Ok(()) => Ok(()),
                Err(reason) => Err(self.value_error(reason)),
            };
        }
        if let Some(b) = s.bal.as_mut() {
            if depth == b.depth {
                return self.finish_balance();
            }
            let rel = self.path.get(b.base..).unwrap_or_default();
            return match bal_field(b, rel, &self.text) {
                Ok(()) => Ok(()),
                Err(reason) => Err(self.value_error(reason)),
            };
        }
        if depth == s.depth {
            return self.finish_statement();
        }
        let rel = self.path.get(s.base..).unwrap_or_default();
        match stmt_field(s, rel, &self.text) {
            Ok(()) => Ok(()),
            Err(reason) => Err(self.value_error(reason)),
        }
    }

    /// The error of the value of the element being closed.
    fn value_error(&self, reason: &str) -> crate::Error {
        bad(
            self.file,
            line_of(self.src, self.last_start),
            &self.field(""),
            self.text.trim(),
            reason,
        )
    }

    fn finish_balance(&mut self) -> Result<()> {
        let Some(b) = self.stmt.as_mut().and_then(|s| s.bal.take()) else { return Ok(()) };
        let Some(code) = b.code else { return Ok(()) };
        if !matches!(code.as_str(), "OPBD" | "PRCD" | "CLBD" | "ITBD") {
            return Ok(());
        }
        let Some(amount) = b.amount else {
            return Err(bad(self.file, b.line, &self.field("Amt"), "", "balance without amount"));
        };
        let credit = match b.credit {
            Some(c) => c,
            None if amount.is_zero() => true,
            None => {
                return Err(bad(
                    self.file,
                    b.line,
                    &self.field("CdtDbtInd"),
                    "",
                    "balance without CdtDbtInd (CRDT or DBIT)",
                ))
            }
        };
        let Some(date) = b.date else {
            return Err(bad(self.file, b.line, &self.field("Dt"), "", "balance without date"));
        };
        let balance = StatedBalance {
            amount: if credit { amount } else { -amount },
            date,
            currency: b.currency,
        };
        let Some(s) = self.stmt.as_mut() else { return Ok(()) };
        match code.as_str() {
            "OPBD" if !s.opening.as_ref().is_some_and(|(_, opbd)| *opbd) => {
                s.opening = Some((balance, true));
            }
            "PRCD" if s.opening.is_none() => s.opening = Some((balance, false)),
            "CLBD" if s.closing.is_none() => s.closing = Some((balance, b.line, b.amount_text)),
            "ITBD" => s.interim = Some(balance),
            _ => {}
        }
        Ok(())
    }

    fn finish_entry(&mut self) -> Result<()> {
        let Some(mut en) = self.stmt.as_mut().and_then(|s| s.entry.take()) else { return Ok(()) };
        let Some(amount) = en.amount else {
            return Err(bad(self.file, en.line, &self.field("Amt"), "", "entry without amount"));
        };
        let Some(credit) = en.credit else {
            return Err(bad(
                self.file,
                en.line,
                &self.field("CdtDbtInd"),
                "",
                "entry without CdtDbtInd (CRDT or DBIT)",
            ));
        };
        let signed = if credit { amount } else { -amount };
        let pending = matches!(en.status.as_deref(), Some("PDNG" | "INFO" | "FUTR"));
        let date = en.booking.or(en.value);
        let mut line = StatementLine::new(en.line, date.unwrap_or_default(), signed);
        line.posted_date = en.value;
        line.currency = en.currency.take();
        line.pending = pending;
        line.kind = if en.domain.is_empty() { en.proprietary.take() } else { Some(en.domain) };

        let parts = &en.parts;
        let single = if let [only] = parts.as_slice() { Some(only) } else { None };
        line.bank_id = en
            .servicer_ref
            .take()
            .or(en.entry_ref.take())
            .or_else(|| single.and_then(|p| p.servicer_ref.clone()));

        // Payee: the one counterparty all parts share.
        let mut names = parts.iter().map(|p| p.counterparty(credit, en.reversal));
        let first = names.next().flatten();
        let shared = first.filter(|f| names.all(|n| n == Some(*f)));
        line.payee = shared.map(str::to_owned);

        // Memo: remittance information, else AddtlNtryInf, else AddtlTxInf.
        let has_remittance = parts.iter().any(|p| !p.remittance.is_empty());
        let mut memo = String::new();
        if has_remittance || en.additional.is_none() {
            for p in parts {
                let text = if has_remittance {
                    Some(p.remittance.as_str()).filter(|t| !t.is_empty())
                } else {
                    p.text()
                };
                let name =
                    if shared.is_none() { p.counterparty(credit, en.reversal) } else { None };
                let piece = match (name, text) {
                    (Some(n), Some(t)) => Cow::Owned(format!("{n}: {t}")),
                    (Some(n), None) if parts.len() > 1 => Cow::Borrowed(n),
                    (_, Some(t)) => Cow::Borrowed(t),
                    _ => continue,
                };
                join_into(&mut memo, &piece, "; ");
            }
        }
        line.memo = if memo.is_empty() { en.additional.take() } else { Some(memo) };

        let mut refs = parts.iter().map(|p| p.end_to_end.as_deref());
        let first_ref = refs.next().flatten();
        line.reference = first_ref
            .filter(|f| refs.all(|r| r == Some(*f)))
            .map(str::to_owned)
            .or(en.batch_id.take());
        let mut cheques = parts.iter().map(|p| p.cheque.as_deref());
        let first_cheque = cheques.next().flatten();
        line.check_number =
            first_cheque.filter(|f| cheques.all(|c| c == Some(*f))).map(str::to_owned);

        let Some(s) = self.stmt.as_mut() else { return Ok(()) };
        if date.is_none() {
            s.undated.push(s.statement.lines.len());
        }
        if !pending {
            s.booked += signed;
        }
        s.statement.lines.push(line);
        Ok(())
    }

    fn finish_statement(&mut self) -> Result<()> {
        let Some(mut s) = self.stmt.take() else { return Ok(()) };
        let field = self.path.get(s.name_at..).unwrap_or_default().to_owned();
        let st = &mut s.statement;
        st.account.bank_id = s.bic.take().or(s.other_bank.take());
        if st.account.name.is_none() {
            st.account.name = s.owner.take();
        }
        st.opening_balance = s.opening.as_ref().map(|(b, _)| b.clone());
        st.closing_balance = match &s.closing {
            Some((b, _, _)) => Some(b.clone()),
            None => s.interim.take(),
        };
        if st.account.currency.is_none() {
            st.account.currency = st
                .closing_balance
                .as_ref()
                .and_then(|b| b.currency.clone())
                .or_else(|| st.opening_balance.as_ref().and_then(|b| b.currency.clone()))
                .or_else(|| st.lines.first().and_then(|l| l.currency.clone()));
        }
        if !s.undated.is_empty() {
            let fallback = st.end.or(st.closing_balance.as_ref().map(|b| b.date)).or(s.created);
            for &i in &s.undated {
                let Some(line) = st.lines.get_mut(i) else { continue };
                match fallback {
                    Some(d) => line.date = d,
                    None => {
                        return Err(bad(
                            self.file,
                            line.line,
                            &format!("{field}/Ntry/BookgDt"),
                            "",
                            "entry with neither BookgDt nor ValDt, in a statement that states no \
                             date",
                        ))
                    }
                }
            }
        }
        if self.options.check_balances {
            if let (Some((open, _)), Some((close, line, text))) = (&s.opening, &s.closing) {
                let same_currency = match (&open.currency, &close.currency) {
                    (Some(a), Some(b)) => a == b,
                    _ => true,
                };
                let expected = open.amount + s.booked;
                if same_currency && expected != close.amount {
                    return Err(bad(
                        self.file,
                        *line,
                        &format!("{field}/Bal/Amt"),
                        text,
                        &format!(
                            "closing balance {} does not reconcile: opening balance {} plus \
                             booked entries {} is {}",
                            close.amount, open.amount, s.booked, expected
                        ),
                    ));
                }
            }
        }
        self.out.push(s.statement);
        Ok(())
    }
}

/// A statement-level element (relative path `rel`) with text `text`.
fn stmt_field(s: &mut StmtState, rel: &str, text: &str) -> std::result::Result<(), &'static str> {
    let acct = &mut s.statement.account;
    match rel {
        "Acct/Id/IBAN" => acct.account_id = some(text),
        "Acct/Id/Othr/Id" if acct.account_id.is_none() => acct.account_id = some(text),
        "Acct/Ccy" => acct.currency = some(text),
        "Acct/Nm" => acct.name = some(text),
        "Acct/Ownr/Nm" => s.owner = some(text),
        "Acct/Tp/Cd" | "Acct/Tp/Prtry" => acct.account_type = some(text),
        "Acct/Svcr/FinInstnId/BIC" | "Acct/Svcr/FinInstnId/BICFI" => s.bic = some(text),
        "Acct/Svcr/FinInstnId/ClrSysMmbId/MmbId" => s.other_bank = some(text),
        "Acct/Svcr/FinInstnId/Othr/Id" if s.other_bank.is_none() => s.other_bank = some(text),
        "FrToDt/FrDtTm" | "FrToDt/FrDt" => {
            s.statement.start = Some(parse_date(text).ok_or("not a date (YYYY-MM-DD)")?);
        }
        "FrToDt/ToDtTm" | "FrToDt/ToDt" => {
            s.statement.end = Some(parse_date(text).ok_or("not a date (YYYY-MM-DD)")?);
        }
        "CreDtTm" => s.created = parse_date(text),
        _ => {}
    }
    Ok(())
}

/// A balance element.
fn bal_field(b: &mut BalState, rel: &str, text: &str) -> std::result::Result<(), &'static str> {
    match rel {
        "Tp/CdOrPrtry/Cd" => b.code = some(text),
        "Amt" => {
            b.amount = Some(parse_camt_amount(text)?);
            text.trim().clone_into(&mut b.amount_text);
        }
        "CdtDbtInd" => b.credit = Some(parse_indicator(text).ok_or("not CRDT or DBIT")?),
        "Dt/Dt" | "Dt/DtTm" => b.date = Some(parse_date(text).ok_or("not a date (YYYY-MM-DD)")?),
        _ => {}
    }
    Ok(())
}

/// An entry element outside its `TxDtls`.
fn entry_field(
    en: &mut EntryState,
    rel: &str,
    text: &str,
) -> std::result::Result<(), &'static str> {
    match rel {
        "Amt" => en.amount = Some(parse_camt_amount(text)?),
        "CdtDbtInd" => en.credit = Some(parse_indicator(text).ok_or("not CRDT or DBIT")?),
        "RvslInd" => en.reversal = matches!(text.trim(), "true" | "1"),
        "Sts" | "Sts/Cd" | "Sts/Prtry" => {
            if let Some(t) = some(text) {
                en.status = Some(t);
            }
        }
        "BookgDt/Dt" | "BookgDt/DtTm" => {
            en.booking = Some(parse_date(text).ok_or("not a date (YYYY-MM-DD)")?);
        }
        "ValDt/Dt" | "ValDt/DtTm" => {
            en.value = Some(parse_date(text).ok_or("not a date (YYYY-MM-DD)")?);
        }
        "AcctSvcrRef" => en.servicer_ref = some(text),
        "NtryRef" => en.entry_ref = some(text),
        "BkTxCd/Domn/Cd" | "BkTxCd/Domn/Fmly/Cd" | "BkTxCd/Domn/Fmly/SubFmlyCd" => {
            join_into(&mut en.domain, text.trim(), "-");
        }
        "BkTxCd/Prtry/Cd" => en.proprietary = some(text),
        "AddtlNtryInf" => en.additional = some(text),
        "NtryDtls/Btch/PmtInfId" => en.batch_id = some(text),
        _ => {}
    }
    Ok(())
}

/// A `TxDtls` element.
fn tx_field(tx: &mut TxState, rel: &str, text: &str) {
    match rel {
        "Refs/EndToEndId" => tx.end_to_end = some(text).filter(|r| r != "NOTPROVIDED"),
        "Refs/AcctSvcrRef" => tx.servicer_ref = some(text),
        "Refs/ChqNb" => tx.cheque = some(text),
        "RltdPties/Cdtr/Nm" | "RltdPties/Cdtr/Pty/Nm" => tx.creditor = some(text),
        "RltdPties/Dbtr/Nm" | "RltdPties/Dbtr/Pty/Nm" => tx.debtor = some(text),
        "RltdPties/UltmtCdtr/Nm" | "RltdPties/UltmtCdtr/Pty/Nm" => {
            tx.ultimate_creditor = some(text);
        }
        "RltdPties/UltmtDbtr/Nm" | "RltdPties/UltmtDbtr/Pty/Nm" => tx.ultimate_debtor = some(text),
        "RmtInf/Ustrd"
        | "RmtInf/Strd/RfrdDocInf/Nb"
        | "RmtInf/Strd/CdtrRefInf/Ref"
        | "RmtInf/Strd/AddtlRmtInf" => join_into(&mut tx.remittance, &clean(text), " "),
        "AddtlTxInf" => tx.additional = some(text),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn doc(version: &str, body: &str) -> String {
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Document \
             xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.{version}\">\n<BkToCstmrStmt>\n\
             <GrpHdr><MsgId>M</MsgId></GrpHdr>\n<Stmt>\n<Acct><Id><IBAN>DE02120300000000202051</IBAN>\
             </Id><Ccy>EUR</Ccy></Acct>\n{body}</Stmt>\n</BkToCstmrStmt>\n</Document>\n"
        )
    }

    fn parse_str(text: &str) -> Result<Vec<Statement>> {
        parse(text.as_bytes(), "t.xml", &CamtOptions::default())
    }

    fn malformed(err: crate::Error) -> (u64, String, String, String) {
        match err {
            crate::Error::File(FileError::Malformed { line, field, value, reason, .. }) => {
                (line, field, value, reason)
            }
            other => panic!("expected malformed_line, got {other:?}"),
        }
    }

    const BAL: &str =
        "<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">10.00</Amt>\
        <CdtDbtInd>DBIT</CdtDbtInd><Dt><Dt>2026-01-01</Dt></Dt></Bal>\n\
        <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">5.50</Amt>\
        <CdtDbtInd>CRDT</CdtDbtInd><Dt><DtTm>2026-01-31T23:59:59-05:00</DtTm></Dt></Bal>\n";

    #[test]
    fn dates_as_written() {
        assert_eq!(parse_date("2026-03-05"), Some(day(2026, 3, 5)));
        assert_eq!(parse_date(" 2026-03-05T23:15:00-08:00 "), Some(day(2026, 3, 5)));
        assert_eq!(parse_date("2026-03-05T00:15:00+14:00"), Some(day(2026, 3, 5)));
        assert_eq!(parse_date("2026-03-05Z"), Some(day(2026, 3, 5)));
        assert_eq!(parse_date("2026-03-05+01:00"), Some(day(2026, 3, 5)));
        for bad in
            ["", "2026-3-5", "2026-02-30", "05-03-2026", "2026-03-05X", "+026-03-05", "2026-03-0é"]
        {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn amounts_are_unsigned_decimals() {
        assert_eq!(parse_camt_amount("105678.50"), Ok(dec!(105678.50)));
        assert_eq!(parse_camt_amount("200000"), Ok(dec!(200000)));
        for bad in ["-5.00", "+5", "5-", "(5)", "1,000.00", "5,00", "", "abc"] {
            assert!(parse_camt_amount(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn clean_joins_wrapped_lines() {
        assert_eq!(clean("  a\n      b  c\t d \n"), "a b  c d");
        assert_eq!(clean("x"), "x");
    }

    #[test]
    fn balances_signs_and_reconciliation() {
        let body = format!(
            "{BAL}<Ntry><Amt Ccy=\"EUR\">15.50</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>\
             <BookgDt><Dt>2026-01-10</Dt></BookgDt></Ntry>\n\
             <Ntry><Amt Ccy=\"EUR\">99.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>PDNG</Sts>\
             <ValDt><Dt>2026-01-12</Dt></ValDt></Ntry>\n"
        );
        let st = parse_str(&doc("02", &body)).unwrap();
        let s = &st[0];
        let open = s.opening_balance.as_ref().unwrap();
        assert_eq!((open.amount, open.date), (dec!(-10.00), day(2026, 1, 1)));
        let close = s.closing_balance.as_ref().unwrap();
        assert_eq!((close.amount, close.date), (dec!(5.50), day(2026, 1, 31)));
        assert_eq!(s.lines[0].amount, dec!(15.50));
        assert!(!s.lines[0].pending);
        // A pending entry has no booking date: its value date; it is not in the balance.
        assert_eq!(s.lines[1].amount, dec!(-99.00));
        assert_eq!(s.lines[1].date, day(2026, 1, 12));
        assert!(s.lines[1].pending);
        assert_eq!(s.lines[1].line, 10);

        // Off by one cent: refused at the closing balance, or read when the check is off.
        let off = doc("02", &body.replace("15.50", "15.49"));
        let (line, field, value, reason) = malformed(parse_str(&off).unwrap_err());
        assert_eq!((line, field.as_str(), value.as_str()), (8, "Stmt/Bal/Amt", "5.50"));
        assert!(reason.contains("5.49"), "{reason}");
        let opts = CamtOptions { check_balances: false };
        assert_eq!(parse(off.as_bytes(), "t", &opts).unwrap()[0].lines[0].amount, dec!(15.49));
    }

    #[test]
    fn version_08_statuses_and_parties() {
        let body = "<Ntry><Amt Ccy=\"EUR\">20.00</Amt><CdtDbtInd>DBIT</CdtDbtInd>\
            <Sts><Cd>PDNG</Cd></Sts><BookgDt><DtTm>2026-02-01T23:30:00-11:00</DtTm></BookgDt>\
            <BkTxCd><Prtry><Cd>CARD</Cd></Prtry></BkTxCd><NtryDtls><TxDtls>\
            <Refs><EndToEndId>NOTPROVIDED</EndToEndId><ChqNb>0042</ChqNb></Refs>\
            <RltdPties><Dbtr><Pty><Nm>Me</Nm></Pty></Dbtr><Cdtr><Pty><Nm>Caf&#233; &amp; Bar</Nm>\
            </Pty></Cdtr></RltdPties><RmtInf><Strd><CdtrRefInf><Ref>RF18 5390 0754 7034</Ref>\
            </CdtrRefInf></Strd></RmtInf></TxDtls></NtryDtls></Ntry>";
        let st = parse_str(&doc("08", body)).unwrap();
        let l = &st[0].lines[0];
        assert!(l.pending);
        assert_eq!(l.date, day(2026, 2, 1));
        assert_eq!(l.payee.as_deref(), Some("Café & Bar"));
        assert_eq!(l.memo.as_deref(), Some("RF18 5390 0754 7034"));
        assert_eq!(l.kind.as_deref(), Some("CARD"));
        assert_eq!(l.reference, None);
        assert_eq!(l.check_number.as_deref(), Some("0042"));
        // No balances stated: the account currency is Acct/Ccy.
        assert_eq!(st[0].account.currency.as_deref(), Some("EUR"));
        assert_eq!(st[0].account.account_id.as_deref(), Some("DE02120300000000202051"));
    }

    #[test]
    fn batch_stays_one_line() {
        let tx = |name: &str, text: &str, e2e: &str| {
            format!(
                "<TxDtls><Refs><EndToEndId>{e2e}</EndToEndId></Refs><RltdPties><Dbtr><Nm>{name}</Nm>\
                 </Dbtr></RltdPties><RmtInf><Ustrd>{text}</Ustrd></RmtInf></TxDtls>"
            )
        };
        let body = format!(
            "<Ntry><Amt Ccy=\"EUR\">300.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>\
             <BookgDt><Dt>2026-03-01</Dt></BookgDt><NtryDtls><Btch><PmtInfId>B-1</PmtInfId></Btch>\
             {}{}</NtryDtls></Ntry>\n\
             <Ntry><Amt Ccy=\"EUR\">20.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>\
             <BookgDt><Dt>2026-03-02</Dt></BookgDt><NtryDtls>{}{}</NtryDtls></Ntry>",
            tx("Alice", "rent", "E1"),
            tx("Bob", "rent\n   March", "E2"),
            tx("Carol", "a", "E3"),
            tx("Carol", "b", "E3"),
        );
        let st = parse_str(&doc("04", &body)).unwrap();
        let [a, b] = st[0].lines.as_slice() else { panic!("two lines") };
        assert_eq!(a.amount, dec!(300.00));
        assert_eq!(a.payee, None);
        assert_eq!(a.memo.as_deref(), Some("Alice: rent; Bob: rent March"));
        assert_eq!(a.reference.as_deref(), Some("B-1"));
        assert_eq!(b.payee.as_deref(), Some("Carol"));
        assert_eq!(b.memo.as_deref(), Some("a; b"));
        assert_eq!(b.reference.as_deref(), Some("E3"));
    }

    #[test]
    fn undated_entry_takes_the_statement_date() {
        let body =
            "<FrToDt><FrDtTm>2026-04-01T00:00:00</FrDtTm><ToDtTm>2026-04-30T23:59:59</ToDtTm>\
            </FrToDt><Ntry><Amt Ccy=\"EUR\">1</Amt><CdtDbtInd>DBIT</CdtDbtInd></Ntry>";
        let st = parse_str(&doc("02", body)).unwrap();
        assert_eq!(st[0].start, Some(day(2026, 4, 1)));
        assert_eq!(st[0].lines[0].date, day(2026, 4, 30));
        // And without any date in the statement, an error at the entry.
        let body = "<Ntry><Amt Ccy=\"EUR\">1</Amt><CdtDbtInd>DBIT</CdtDbtInd></Ntry>";
        let (line, field, _, _) = malformed(parse_str(&doc("02", body)).unwrap_err());
        assert_eq!((line, field.as_str()), (7, "Stmt/Ntry/BookgDt"));
    }

    #[test]
    fn errors_name_line_and_field() {
        let missing_amt = doc("02", "<Ntry>\n<CdtDbtInd>DBIT</CdtDbtInd></Ntry>");
        let (line, field, _, reason) = malformed(parse_str(&missing_amt).unwrap_err());
        assert_eq!((line, field.as_str()), (7, "Stmt/Ntry/Amt"), "{reason}");

        let bad_date = doc(
            "02",
            "<Ntry><Amt Ccy=\"EUR\">1</Amt><CdtDbtInd>DBIT</CdtDbtInd>\n<BookgDt>\n\
             <Dt>2026-13-01</Dt></BookgDt></Ntry>",
        );
        let (line, field, value, _) = malformed(parse_str(&bad_date).unwrap_err());
        assert_eq!(
            (line, field.as_str(), value.as_str()),
            (9, "Stmt/Ntry/BookgDt/Dt", "2026-13-01")
        );

        let bad_amount = doc("02", "<Ntry><Amt Ccy=\"EUR\">-1.00</Amt></Ntry>");
        let (_, field, value, _) = malformed(parse_str(&bad_amount).unwrap_err());
        assert_eq!((field.as_str(), value.as_str()), ("Stmt/Ntry/Amt", "-1.00"));

        let bad_indicator = doc("02", "<Ntry><Amt>1</Amt><CdtDbtInd>CR</CdtDbtInd></Ntry>");
        let (_, field, value, _) = malformed(parse_str(&bad_indicator).unwrap_err());
        assert_eq!((field.as_str(), value.as_str()), ("Stmt/Ntry/CdtDbtInd", "CR"));

        let mismatched = doc("02", "<Ntry><Amt>1</Amt>\n<CdtDbtInd>DBIT</Cdt></Ntry>");
        let (line, _, _, reason) = malformed(parse_str(&mismatched).unwrap_err());
        assert_eq!(line, 8, "{reason}");
        assert!(reason.contains("malformed XML"), "{reason}");

        let truncated = doc("02", "<Ntry><Amt>1</Amt>");
        let truncated = truncated.get(..truncated.find("</Stmt>").unwrap()).unwrap();
        assert!(matches!(
            parse_str(truncated).unwrap_err(),
            crate::Error::File(FileError::Malformed { .. })
        ));

        let entity = doc("02", "<Ntry><Amt>1</Amt><AddtlNtryInf>&nbsp;</AddtlNtryInf></Ntry>");
        let (_, _, value, _) = malformed(parse_str(&entity).unwrap_err());
        assert_eq!(value, "&nbsp;");
    }

    #[test]
    fn not_camt() {
        for text in [
            "",
            "date,amount\n2026-01-01,5\n",
            "<?xml version=\"1.0\"?><Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.001.001.03\">\
             <CstmrCdtTrfInitn/></Document>",
            "<OFX><BANKMSGSRSV1/></OFX>",
        ] {
            assert!(
                matches!(parse_str(text), Err(crate::Error::File(FileError::Unreadable { .. }))),
                "{text}"
            );
        }
    }

    #[test]
    fn prefixes_encodings_and_other_messages() {
        // A namespace prefix, a camt.052 report, Latin-1 text declared as such.
        let text = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n\
            <n:Document xmlns:n=\"urn:iso:std:iso:20022:tech:xsd:camt.052.001.06\"><n:BkToCstmrAcctRpt>\
            <n:Rpt><n:Acct><n:Id><n:Othr><n:Id>12345</n:Id></n:Othr></n:Id></n:Acct>\n\
            <n:Bal><n:Tp><n:CdOrPrtry><n:Cd>ITBD</n:Cd></n:CdOrPrtry></n:Tp>\
            <n:Amt Ccy=\"CHF\">0</n:Amt><n:Dt><n:Dt>2026-05-01</n:Dt></n:Dt></n:Bal>\n\
            <n:Ntry><n:Amt Ccy=\"CHF\">7.5</n:Amt><n:CdtDbtInd>DBIT</n:CdtDbtInd>\
            <n:BookgDt><n:Dt>2026-05-01</n:Dt></n:BookgDt><n:AddtlNtryInf>Z\u{FC}rich</n:AddtlNtryInf>\
            </n:Ntry></n:Rpt></n:BkToCstmrAcctRpt></n:Document>";
        let (latin1, _, _) = encoding_rs::WINDOWS_1252.encode(text);
        assert!(std::str::from_utf8(&latin1).is_err());
        let st = parse(&latin1, "r.xml", &CamtOptions::default()).unwrap();
        let s = &st[0];
        assert_eq!(s.format, StatementFormat::Camt053);
        assert_eq!(s.account.account_id.as_deref(), Some("12345"));
        assert_eq!(s.account.currency.as_deref(), Some("CHF"), "from the balance");
        assert_eq!(s.closing_balance.as_ref().map(|b| b.amount), Some(dec!(0)));
        assert_eq!(s.lines[0].memo.as_deref(), Some("Zürich"));
        assert_eq!(s.lines[0].line, 4);
        // Undeclared Latin-1 is refused with its line.
        let undeclared =
            latin1.strip_prefix(b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>").unwrap();
        let (line, field, value, _) =
            malformed(parse(undeclared, "r.xml", &CamtOptions::default()).unwrap_err());
        assert_eq!((line, field.as_str(), value.as_str()), (4, "encoding", "FC 72 69 63"));
    }
}
