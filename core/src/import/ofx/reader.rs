//! The reading of an OFX text, tag by tag: which aggregate is open, which statement, line,
//! investment or security is being filled, and where the end tags a bank left out go.

use super::markup::{LineCounter, Token, Tokenizer};
use super::tags::{classify, fits, holds, is_closed_set, Class, Field, Kind, Tag};
use super::{parse_date, parse_number, some_text, upper};
use crate::files::FileError;
use crate::import::{
    InvestmentLine, SecurityInfo, StatedBalance, Statement, StatementAccount, StatementFormat,
    StatementLine,
};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::borrow::Cow;
use std::collections::HashMap;

/// An open aggregate.
struct Frame<'a> {
    tag: Tag,
    name: Cow<'a, str>,
    offset: usize,
}

/// A STATUS being read.
#[derive(Default)]
struct StatusDraft {
    offset: usize,
    code: String,
    severity: String,
    message: String,
}

impl StatusDraft {
    fn is_error(&self) -> bool {
        self.severity.eq_ignore_ascii_case("ERROR")
    }

    fn describe(&self) -> String {
        let mut text = format!("{} {}", self.code, self.severity);
        if !self.message.is_empty() {
            text.push_str(": ");
            text.push_str(&self.message);
        }
        text
    }
}

/// A statement being read.
struct StmtDraft {
    kind: Kind,
    stmt: Statement,
    as_of: Option<NaiveDate>,
    avail_cash: Option<Decimal>,
}

/// A LEDGERBAL or AVAILBAL being read.
struct BalDraft {
    available: bool,
    offset: usize,
    amount: Option<Decimal>,
    date: Option<NaiveDate>,
}

/// A STMTTRN or STMTTRNP being read.
#[derive(Default)]
struct LineDraft {
    offset: usize,
    line: u64,
    pending: bool,
    kind: Option<String>,
    posted: Option<NaiveDate>,
    user: Option<NaiveDate>,
    amount: Option<Decimal>,
    fitid: Option<String>,
    check_number: Option<String>,
    reference: Option<String>,
    name: Option<String>,
    payee_name: Option<String>,
    extended_name: Option<String>,
    memo: Option<String>,
    currency: Option<String>,
    balance: Option<Decimal>,
}

/// An investment transaction being read.
#[derive(Default)]
struct InvDraft {
    kind: String,
    offset: usize,
    line: u64,
    date: Option<NaiveDate>,
    settle_date: Option<NaiveDate>,
    security_id: Option<String>,
    units: Option<Decimal>,
    old_units: Option<Decimal>,
    new_units: Option<Decimal>,
    unit_price: Option<Decimal>,
    total: Option<Decimal>,
    fees: Option<Decimal>,
    bank_id: Option<String>,
    memo: Option<String>,
    subtype: Option<String>,
}

/// A SECINFO being read.
#[derive(Default)]
struct SecDraft {
    offset: usize,
    id: Option<String>,
    id_type: Option<String>,
    ticker: Option<String>,
    name: Option<String>,
}

/// Unknown names looked ahead for an end tag, at most this many (a guard against files made
/// of unknown names; beyond it an unknown name without a value is read as an empty value).
const LOOKAHEAD_NAMES_MAX: usize = 1024;

/// The state of one read.
pub(super) struct Reader<'a> {
    src: &'a str,
    file: &'a str,
    lines: LineCounter,
    stack: Vec<Frame<'a>>,
    /// Whether the file closed an aggregate with an end tag (then a missing `</OFX>` means
    /// the file was cut short).
    closes_aggregates: bool,
    /// Unknown names: where their next end tag is (`None`: nowhere further on).
    lookahead: HashMap<String, Option<usize>>,
    status: Option<StatusDraft>,
    trnrs: Option<(Option<StatusDraft>, usize)>,
    stmt: Option<StmtDraft>,
    bal: Option<BalDraft>,
    line: Option<LineDraft>,
    inv: Option<InvDraft>,
    sec: Option<SecDraft>,
    statements: Vec<(Kind, Statement)>,
    securities: Vec<SecurityInfo>,
}

impl<'a> Reader<'a> {
    pub(super) fn new(src: &'a str, file: &'a str) -> Self {
        Self {
            src,
            file,
            lines: LineCounter::new(),
            stack: Vec::with_capacity(16),
            closes_aggregates: false,
            lookahead: HashMap::new(),
            status: None,
            trnrs: None,
            stmt: None,
            bal: None,
            line: None,
            inv: None,
            sec: None,
            statements: Vec::new(),
            securities: Vec::new(),
        }
    }

    fn line_at(&mut self, offset: usize) -> u64 {
        self.lines.line_at(self.src.as_bytes(), offset)
    }

    fn malformed(&mut self, offset: usize, field: &str, value: &str, reason: &str) -> FileError {
        let line = self.line_at(offset);
        FileError::malformed(self.file, line, field, value, reason)
    }

    pub(super) fn run(mut self, body: usize) -> Result<Vec<Statement>, FileError> {
        let mut tokens = Tokenizer::new(self.src, body);
        loop {
            let token = match tokens.next_token() {
                Ok(Some(token)) => token,
                Ok(None) => break,
                Err(e) => {
                    let reason = format!("unterminated {}", e.what);
                    let text = self.src.get(e.offset..).unwrap_or_default();
                    let text = text.get(..text.len().min(20)).unwrap_or(text);
                    return Err(self.malformed(e.offset, "markup", text, &reason));
                }
            };
            match token {
                Token::Close { name, offset } => self.close(&upper(name), offset)?,
                Token::Open { name, offset, text, closed } => {
                    let name = upper(name);
                    match classify(&name) {
                        Class::Leaf(field) => self.leaf(&name, field, &text, offset)?,
                        Class::Agg(Tag::Payee) if !text.is_empty() => {
                            // `<PAYEE>Name` as a value: some banks write it so.
                            self.leaf("NAME", Field::Name, &text, offset)?;
                        }
                        Class::Agg(Tag::Currency) if !text.is_empty() => {
                            // `<CURRENCY>EUR` as a value, likewise.
                            self.leaf("CURSYM", Field::CurSym, &text, offset)?;
                        }
                        Class::Agg(tag) => {
                            self.open(tag, name, offset)?;
                            if closed {
                                self.pop_to(self.stack.len().saturating_sub(1))?;
                            }
                        }
                        Class::Unknown => {
                            if text.is_empty()
                                && !closed
                                && self.closes_later(&name, tokens.position())
                            {
                                self.stack.push(Frame { tag: Tag::Other, name, offset });
                            } else {
                                self.leaf(&name, Field::Unused, &text, offset)?;
                            }
                        }
                    }
                }
            }
        }
        self.finish()
    }

    /// Whether `</name>` comes further on (then an unknown `<name>` without a value opens an
    /// aggregate rather than being an empty SGML value).
    fn closes_later(&mut self, name: &str, from: usize) -> bool {
        if let Some(next) = self.lookahead.get(name) {
            match next {
                None => return false,
                Some(at) if *at >= from => return true,
                Some(_) => {}
            }
        } else if self.lookahead.len() >= LOOKAHEAD_NAMES_MAX {
            return false;
        }
        let pattern = format!("</{name}>");
        let next = self.src.get(from..).and_then(|rest| rest.find(&pattern)).map(|at| at + from);
        self.lookahead.insert(name.to_owned(), next);
        next.is_some()
    }

    /// Opens an aggregate, first closing those whose end tags the bank left out.
    fn open(&mut self, tag: Tag, name: Cow<'a, str>, offset: usize) -> Result<(), FileError> {
        let fitting = self.stack.iter().rposition(|f| fits(tag, f.tag).unwrap_or(true));
        if let Some(at) = fitting {
            self.pop_to(at + 1)?;
        }
        let parent = self.stack.last().map(|f| f.tag);
        self.stack.push(Frame { tag, name, offset });
        self.on_open(tag, parent, offset);
        Ok(())
    }

    /// An end tag: closes the aggregate it names and those left open inside it. An end tag of
    /// nothing open (a value's `</NAME>` after other tags) is ignored.
    fn close(&mut self, name: &str, _offset: usize) -> Result<(), FileError> {
        if let Some(at) = self.stack.iter().rposition(|f| f.name == name) {
            self.closes_aggregates = true;
            self.pop_to(at)?;
        }
        Ok(())
    }

    /// Closes aggregates until `depth` are left open.
    fn pop_to(&mut self, depth: usize) -> Result<(), FileError> {
        while self.stack.len() > depth {
            let Some(frame) = self.stack.pop() else { break };
            let parent = self.stack.last().map(|f| f.tag);
            self.on_close(frame.tag, parent)?;
        }
        Ok(())
    }

    fn on_open(&mut self, tag: Tag, parent: Option<Tag>, offset: usize) {
        match tag {
            Tag::Status => self.status = Some(StatusDraft { offset, ..StatusDraft::default() }),
            Tag::Trnrs => self.trnrs = Some((None, 0)),
            Tag::Stmtrs(kind) => {
                let mut stmt = Statement::new(StatementFormat::Ofx, self.file);
                stmt.account.account_type = match kind {
                    Kind::Bank => None,
                    Kind::Card => Some("CREDITCARD".to_owned()),
                    Kind::Invest => Some("INVESTMENT".to_owned()),
                };
                self.stmt = Some(StmtDraft { kind, stmt, as_of: None, avail_cash: None });
            }
            Tag::LedgerBal | Tag::AvailBal if self.stmt.is_some() => {
                let available = tag == Tag::AvailBal;
                self.bal = Some(BalDraft { available, offset, amount: None, date: None });
            }
            Tag::StmtTrn | Tag::StmtTrnP if self.stmt.is_some() => {
                let expected = if tag == Tag::StmtTrn {
                    fits(tag, parent.unwrap_or(Tag::Other))
                } else {
                    None
                };
                if expected != Some(false) {
                    let line = self.line_at(offset);
                    let pending = tag == Tag::StmtTrnP;
                    self.line = Some(LineDraft { offset, line, pending, ..LineDraft::default() });
                }
            }
            Tag::InvTx | Tag::InvBankTran
                if parent == Some(Tag::InvTranList)
                    && self.stmt.as_ref().is_some_and(|s| s.kind == Kind::Invest) =>
            {
                let line = self.line_at(offset);
                let name = self.stack.last().map(|f| f.name.clone().into_owned());
                let kind = name.unwrap_or_default();
                self.inv = Some(InvDraft { kind, offset, line, ..InvDraft::default() });
            }
            Tag::SecInfo => self.sec = Some(SecDraft { offset, ..SecDraft::default() }),
            _ => {}
        }
    }

    fn on_close(&mut self, tag: Tag, parent: Option<Tag>) -> Result<(), FileError> {
        match tag {
            Tag::Status => {
                let Some(status) = self.status.take() else { return Ok(()) };
                match parent {
                    Some(Tag::Sonrs) if status.is_error() => {
                        let value = status.describe();
                        let reason = "the bank refused the sign-on: the file holds no statement";
                        return Err(self.malformed(status.offset, "STATUS", &value, reason));
                    }
                    Some(Tag::Trnrs) => {
                        if let Some(trnrs) = self.trnrs.as_mut() {
                            trnrs.0 = Some(status);
                        }
                    }
                    _ => {}
                }
            }
            Tag::Trnrs => {
                if let Some((Some(status), 0)) = self.trnrs.take() {
                    if status.is_error() {
                        let value = status.describe();
                        let reason = "the bank answered with an error instead of a statement";
                        return Err(self.malformed(status.offset, "STATUS", &value, reason));
                    }
                }
            }
            Tag::Stmtrs(_) => self.finish_statement(),
            Tag::LedgerBal | Tag::AvailBal => self.finish_balance(tag)?,
            Tag::StmtTrn | Tag::StmtTrnP => self.finish_line(tag)?,
            Tag::InvTx | Tag::InvBankTran => self.finish_investment(tag)?,
            Tag::SecInfo => self.finish_security()?,
            _ => {}
        }
        Ok(())
    }

    /// Places a value: when it is foreign to the innermost aggregate but belongs to one further
    /// out, the bank left the end tags in between out.
    fn place_leaf(&mut self, name: &str) -> Result<Option<Tag>, FileError> {
        let Some(top) = self.stack.last().map(|f| f.tag) else { return Ok(None) };
        if !is_closed_set(top) || holds(top, name) {
            return Ok(Some(top));
        }
        let below = self.stack.len().saturating_sub(1);
        for at in (0..below).rev() {
            let Some(tag) = self.stack.get(at).map(|f| f.tag) else { break };
            if holds(tag, name) {
                self.pop_to(at + 1)?;
                return Ok(Some(tag));
            }
            if !is_closed_set(tag) {
                break;
            }
        }
        Ok(Some(top))
    }

    /// A value.
    fn leaf(
        &mut self,
        name: &str,
        field: Field,
        text: &str,
        offset: usize,
    ) -> Result<(), FileError> {
        let Some(top) = self.place_leaf(name)? else { return Ok(()) };
        if field == Field::Unused {
            return Ok(());
        }
        match top {
            Tag::Status => {
                if let Some(status) = self.status.as_mut() {
                    let slot = match field {
                        Field::Code => &mut status.code,
                        Field::Severity => &mut status.severity,
                        Field::Message => &mut status.message,
                        _ => return Ok(()),
                    };
                    text.clone_into(slot);
                }
            }
            Tag::Stmtrs(kind) => match field {
                Field::CurDef => self.set_account(|a| &mut a.currency, text),
                Field::DtAsOf if kind == Kind::Invest => {
                    let date = self.date(name, text, offset)?;
                    if let Some(stmt) = self.stmt.as_mut() {
                        stmt.as_of = date;
                    }
                }
                _ => {}
            },
            Tag::BankAcctFrom | Tag::CcAcctFrom | Tag::InvAcctFrom => match field {
                Field::BankId | Field::BrokerId => self.set_account(|a| &mut a.bank_id, text),
                Field::BranchId => self.set_account(|a| &mut a.branch_id, text),
                Field::AcctId => self.set_account(|a| &mut a.account_id, text),
                Field::AcctType => self.set_account(|a| &mut a.account_type, text),
                _ => {}
            },
            Tag::BankTranList | Tag::InvTranList => {
                if matches!(field, Field::DtStart | Field::DtEnd) {
                    let date = self.date(name, text, offset)?;
                    if let Some(stmt) = self.stmt.as_mut() {
                        if field == Field::DtStart {
                            stmt.stmt.start = date;
                        } else {
                            stmt.stmt.end = date;
                        }
                    }
                }
            }
            Tag::StmtTrn | Tag::StmtTrnP | Tag::Payee | Tag::Currency => {
                self.line_value(top, name, field, text, offset)?;
            }
            Tag::LedgerBal | Tag::AvailBal => match field {
                Field::BalAmt => {
                    let amount = self.amount(name, text, offset)?;
                    if let Some(bal) = self.bal.as_mut() {
                        bal.amount = amount;
                    }
                }
                Field::DtAsOf => {
                    let date = self.date(name, text, offset)?;
                    if let Some(bal) = self.bal.as_mut() {
                        bal.date = date;
                    }
                }
                _ => {}
            },
            Tag::InvBal if field == Field::AvailCash => {
                let amount = self.amount(name, text, offset)?;
                if let Some(stmt) = self.stmt.as_mut() {
                    stmt.avail_cash = amount;
                }
            }
            Tag::SecInfo | Tag::SecId if self.sec.is_some() => {
                if let Some(sec) = self.sec.as_mut() {
                    let slot = match field {
                        Field::UniqueId => &mut sec.id,
                        Field::UniqueIdType => &mut sec.id_type,
                        Field::Ticker => &mut sec.ticker,
                        Field::SecName => &mut sec.name,
                        _ => return Ok(()),
                    };
                    *slot = some_text(text);
                }
            }
            Tag::InvTx | Tag::InvBankTran | Tag::InvPart | Tag::InvTran | Tag::SecId => {
                self.investment_value(name, field, text, offset)?;
            }
            _ => {}
        }
        Ok(())
    }

    fn set_account(
        &mut self,
        slot: impl FnOnce(&mut StatementAccount) -> &mut Option<String>,
        text: &str,
    ) {
        if let Some(stmt) = self.stmt.as_mut() {
            *slot(&mut stmt.stmt.account) = some_text(text);
        }
    }

    /// A value of a STMTTRN (or of its PAYEE or CURRENCY).
    fn line_value(
        &mut self,
        top: Tag,
        name: &str,
        field: Field,
        text: &str,
        offset: usize,
    ) -> Result<(), FileError> {
        if self.line.is_none() {
            return Ok(());
        }
        let date = match field {
            Field::DtPosted | Field::DtUser | Field::DtTran => self.date(name, text, offset)?,
            _ => None,
        };
        let amount = match field {
            Field::TrnAmt if text.trim_start_matches(['-', '+']).eq_ignore_ascii_case("null") => {
                Some(Decimal::ZERO)
            }
            Field::TrnAmt | Field::AcctBal => self.amount(name, text, offset)?,
            _ => None,
        };
        let Some(line) = self.line.as_mut() else { return Ok(()) };
        match (top, field) {
            (Tag::Payee, Field::Name) => line.payee_name = some_text(text),
            (_, Field::CurSym) => line.currency = some_text(text),
            (Tag::Payee | Tag::Currency, _) => {}
            (_, Field::TrnType) => line.kind = some_text(text),
            (_, Field::DtPosted) => line.posted = date,
            (_, Field::DtUser | Field::DtTran) => line.user = date,
            (_, Field::TrnAmt) => line.amount = amount,
            (_, Field::AcctBal) => line.balance = amount,
            (_, Field::FitId) => line.fitid = some_text(text),
            (_, Field::CheckNum) => line.check_number = some_text(text),
            (_, Field::RefNum) => line.reference = some_text(text),
            (_, Field::Name) => line.name = some_text(text),
            (_, Field::ExtdName) => line.extended_name = some_text(text),
            (_, Field::Memo) => line.memo = some_text(text),
            _ => {}
        }
        Ok(())
    }

    /// A value of an investment transaction.
    fn investment_value(
        &mut self,
        name: &str,
        field: Field,
        text: &str,
        offset: usize,
    ) -> Result<(), FileError> {
        if self.inv.is_none() {
            return Ok(());
        }
        let date = match field {
            Field::DtTrade | Field::DtSettle => self.date(name, text, offset)?,
            _ => None,
        };
        let number = match field {
            Field::Units
            | Field::OldUnits
            | Field::NewUnits
            | Field::UnitPrice
            | Field::Total
            | Field::Commission
            | Field::Fees
            | Field::Load => self.amount(name, text, offset)?,
            _ => None,
        };
        let Some(inv) = self.inv.as_mut() else { return Ok(()) };
        match field {
            Field::FitId => inv.bank_id = some_text(text),
            Field::DtTrade => inv.date = date,
            Field::DtSettle => inv.settle_date = date,
            Field::Memo => inv.memo = some_text(text),
            Field::UniqueId => inv.security_id = some_text(text),
            Field::Units => inv.units = number,
            Field::OldUnits => inv.old_units = number,
            Field::NewUnits => inv.new_units = number,
            Field::UnitPrice => inv.unit_price = number,
            Field::Total => inv.total = number,
            Field::Commission | Field::Fees | Field::Load => {
                if let Some(n) = number {
                    inv.fees = Some(inv.fees.unwrap_or_default() + n);
                }
            }
            Field::BuyType
            | Field::SellType
            | Field::IncomeType
            | Field::TferAction
            | Field::OptAction => inv.subtype = some_text(text),
            _ => {}
        }
        Ok(())
    }

    fn date(
        &mut self,
        name: &str,
        text: &str,
        offset: usize,
    ) -> Result<Option<NaiveDate>, FileError> {
        parse_date(text).map_err(|reason| self.malformed(offset, name, text, reason))
    }

    fn amount(
        &mut self,
        name: &str,
        text: &str,
        offset: usize,
    ) -> Result<Option<Decimal>, FileError> {
        if text.is_empty() {
            return Ok(None);
        }
        parse_number(text).map(Some).map_err(|reason| self.malformed(offset, name, text, reason))
    }

    fn finish_balance(&mut self, tag: Tag) -> Result<(), FileError> {
        let Some(bal) = self.bal.take() else { return Ok(()) };
        let Some(amount) = bal.amount else { return Ok(()) };
        let Some(date) = bal.date else {
            let name = if tag == Tag::AvailBal { "AVAILBAL" } else { "LEDGERBAL" };
            let reason = "a balance with an amount needs its DTASOF";
            return Err(self.malformed(bal.offset, name, &amount.to_string(), reason));
        };
        if let Some(stmt) = self.stmt.as_mut() {
            let currency = stmt.stmt.account.currency.clone();
            let balance = Some(StatedBalance { amount, date, currency });
            if bal.available {
                stmt.stmt.available_balance = balance;
            } else {
                stmt.stmt.closing_balance = balance;
            }
        }
        Ok(())
    }

    fn finish_line(&mut self, tag: Tag) -> Result<(), FileError> {
        let Some(draft) = self.line.take() else { return Ok(()) };
        let name = if tag == Tag::StmtTrnP { "STMTTRNP" } else { "STMTTRN" };
        let date_tag = if draft.pending { "DTTRAN" } else { "DTPOSTED" };
        let Some(date) = draft.user.or(draft.posted) else {
            let reason = format!("{name} without a date: {date_tag} is missing or empty");
            return Err(self.malformed(draft.offset, date_tag, "", &reason));
        };
        let Some(amount) = draft.amount else {
            let reason = format!("{name} without an amount: TRNAMT is missing or empty");
            return Err(self.malformed(draft.offset, "TRNAMT", "", &reason));
        };
        let mut line = StatementLine::new(draft.line, date, amount);
        line.posted_date = draft.user.and(draft.posted);
        line.pending = draft.pending;
        line.currency = draft.currency;
        line.payee = draft.name.or(draft.payee_name).or(draft.extended_name);
        line.memo = draft.memo;
        line.bank_id = draft.fitid;
        line.check_number = draft.check_number;
        line.reference = draft.reference;
        line.balance = draft.balance;
        line.kind = draft.kind;
        if let Some(inv) = self.inv.as_mut().filter(|i| i.kind == "INVBANKTRAN") {
            inv.date = Some(line.date);
            inv.total = Some(line.amount);
            inv.bank_id.clone_from(&line.bank_id);
            inv.memo = line.memo.clone().or_else(|| line.payee.clone());
            inv.subtype.clone_from(&line.kind);
        }
        if let Some(stmt) = self.stmt.as_mut() {
            stmt.stmt.lines.push(line);
        }
        Ok(())
    }

    fn finish_investment(&mut self, tag: Tag) -> Result<(), FileError> {
        let Some(draft) = self.inv.take() else { return Ok(()) };
        let Some(date) = draft.date else {
            let (field, what) = if tag == Tag::InvBankTran {
                ("STMTTRN", "INVBANKTRAN without a STMTTRN")
            } else {
                ("DTTRADE", "an investment transaction needs INVTRAN/DTTRADE")
            };
            return Err(self.malformed(draft.offset, field, &draft.kind, what));
        };
        let mut units = draft.units;
        if let (Some(old), Some(new)) = (draft.old_units, draft.new_units) {
            units = units.or(Some(new - old));
        }
        let outgoing = draft.kind.starts_with("SELL")
            || (draft.kind == "TRANSFER" && draft.subtype.as_deref() == Some("OUT"));
        if outgoing {
            units = units.map(|u| -u.abs());
        }
        let line = InvestmentLine {
            line: draft.line,
            kind: draft.kind,
            subtype: draft.subtype,
            date,
            settle_date: draft.settle_date,
            security_id: draft.security_id,
            units,
            unit_price: draft.unit_price,
            total: draft.total,
            fees: draft.fees,
            bank_id: draft.bank_id,
            memo: draft.memo,
            payee: None,
            category: None,
            cleared: None,
        };
        if let Some(stmt) = self.stmt.as_mut() {
            stmt.stmt.investments.push(line);
        }
        Ok(())
    }

    fn finish_security(&mut self) -> Result<(), FileError> {
        let Some(sec) = self.sec.take() else { return Ok(()) };
        let Some(id) = sec.id else {
            let name = sec.name.unwrap_or_default();
            return Err(self.malformed(
                sec.offset,
                "UNIQUEID",
                &name,
                "SECINFO without SECID/UNIQUEID",
            ));
        };
        self.securities.push(SecurityInfo {
            id,
            id_type: sec.id_type,
            ticker: sec.ticker,
            name: sec.name,
        });
        Ok(())
    }

    fn finish_statement(&mut self) {
        let Some(draft) = self.stmt.take() else { return };
        let mut stmt = draft.stmt;
        if let (Some(amount), Some(date)) = (draft.avail_cash, draft.as_of) {
            let currency = stmt.account.currency.clone();
            stmt.available_balance = Some(StatedBalance { amount, date, currency });
        }
        if let Some(trnrs) = self.trnrs.as_mut() {
            trnrs.1 += 1;
        }
        self.statements.push((draft.kind, stmt));
    }

    /// At the end of the text: closes what is left open, unless the file closes its
    /// aggregates and stopped inside a statement (cut short).
    fn finish(mut self) -> Result<Vec<Statement>, FileError> {
        if self.closes_aggregates {
            let inside = self.stack.iter().any(|f| matches!(f.tag, Tag::Stmtrs(_) | Tag::SecList));
            let innermost = self.stack.iter().rev().find(|f| f.tag != Tag::Other);
            if let (true, Some(frame)) = (inside, innermost) {
                let name = frame.name.clone().into_owned();
                let offset = frame.offset;
                let reason = format!("the file ends before </{name}>: it is cut short");
                return Err(self.malformed(offset, &name, "", &reason));
            }
        }
        self.pop_to(0)?;
        let Reader { statements, securities, .. } = self;
        Ok(statements
            .into_iter()
            .map(|(kind, mut stmt)| {
                if kind == Kind::Invest {
                    stmt.securities.clone_from(&securities);
                }
                stmt
            })
            .collect())
    }
}
