//! Reader of SWIFT MT940 (customer statement) and MT942 (interim transaction report) files
//! into [`Statement`]s, one per statement of the file, in file order.
//!
//! # What is read
//!
//! - Around the messages: SWIFT blocks `{1:...}{2:...}{4:` ... `-}` (with a `{5:...}` trailer),
//!   bank preambles before a statement (`ABNANL2A` / `940`, `0000 01INGBNL2AXXXX00001`,
//!   `:940:`, a text ending in dashes), the `-` that ends a statement, SOH/ETX control
//!   characters (mBank), blank lines, CRLF, LF or CR line ends.
//! - `:20:` starts a statement. `:25:` is the account: `BANK/ACCOUNT` (a BIC or bank code, then
//!   the account) gives [`StatementAccount::bank_id`](super::StatementAccount::bank_id) and
//!   `account_id`; an IBAN or a plain number is the `account_id`; a currency written after the
//!   account (`1291.99.348EUR`, `.../HUF`) goes to the account's currency.
//! - `:60F:`/`:60M:` opening and `:62F:`/`:62M:` closing balances (a `D` balance is negative);
//!   [`Statement::start`] and [`Statement::end`] are their dates (for an MT942 without balances,
//!   `end` is the date of `:13D:`). The account's currency is the balances' currency.
//! - `:61:` is a line: value date -> [`StatementLine::date`], entry date (`MMDD`, its year
//!   taken from the value date, the nearest one across a December/January turn) ->
//!   `posted_date`, the amount, the type code (`NTRF`, `N426`, `FMSC`) -> `kind`, the
//!   reference for the account owner -> `reference` (`NONREF` means none, `KREF+` or `EREF`
//!   point to that keyword of `:86:`; for a cheque, type `CHK`, it is the `check_number`), the
//!   bank's reference after `//` -> `bank_id` (`NONREF` means none), and the
//!   supplementary details (the line after, or what follows a reference padded to 16
//!   characters, as Rabobank writes a name) -> the start of `memo`.
//! - `:86:` after a line (several `:86:` in a row are one text, as Rabobank writes them):
//!   - German structured text (`166?00GUTSCHRIFT?20...?32NAME`, also with `>` as separator and
//!     without the leading code, as Polish and Dutch banks write it; its lines and subfields
//!     joined as written, as banks cut them anywhere): `?32`+`?33` are the payee; the purpose
//!     `?20`..`?29` + `?60`..`?63` is the memo, or only its `SVWZ+` part when it has one; `EREF+`
//!     (or `KREF+`) is the reference when `:61:` has none; `?00` (the posting text) is the memo
//!     when there is no purpose.
//!   - SWIFT structured text (`/NAME/`, `/REMI/`, `/EREF/`, `/CNTP/`, `/ORDP/`, ..., its lines
//!     joined as written, as banks cut it at any character): the payee
//!     is `/NAME/` (else the name in `/CNTP/`, else `/ORDP/` or `/BENM/`), the memo is
//!     `/REMI/` (without `USTD//`), `/EREF/` the reference when `:61:` has none.
//!   - Any other text is the memo, its lines joined by a space, or by nothing where a line is
//!     full (65 characters, the SWIFT width: the bank cut it where the width ran out).
//! - `:NS:` (bank-specific, non-SWIFT) after a line: its text, without the two-digit
//!   subfield numbers, ends the memo.
//! - MT942: a statement with `:34F:`, `:13D:`, `:90D:` or `:90C:`, or in a `{2:` block of type
//!   942, is an interim report: its lines are [`StatementLine::pending`].
//!
//! Not kept (no field of [`Statement`] holds them; the balances, `:34F:`, `:13D:` and
//! `:90D:`/`:90C:` are still checked to be readable): `:20:` and `:21:` (the message's references), `:28C:` (statement number), `:64:`
//! (available balance), `:65:` (forward available balance), `:34F:` (floor limit; its currency
//! is the account's when no balance gives one), `:90D:`/`:90C:` (checked in strict mode), a
//! `:86:` or `:NS:` that belongs to the statement rather than to a line, the funds code, the
//! counterparty's bank and account (`?30`/`?31`, `/IBAN/`, `/BIC/`), mandate and creditor ids,
//! the posting text `?00` when there is a purpose. A line's `currency` is left empty: MT940
//! lines have the account's currency.
//!
//! # Conventions
//!
//! - Amounts are exact, written with a decimal comma (`1234,56`, `500,`, `0,`), read with
//!   [`parse_amount`] in [`NumberStyle::COMMA`]; the scale is the one written.
//! - Sign: `D` (debit) is money out, negative; `C` (credit) is positive; a reversal flips its
//!   mark: `RD` (reversal of a debit) is positive, `RC` (reversal of a credit) negative.
//! - Years are written with two digits: `YY` is `20YY` (SWIFT files are all from this
//!   century; `98` would be 2098).
//! - Dates are civil dates as written; a date that does not exist (`160230`) is an error, not
//!   moved to the end of the month.
//!
//! # Lenient and strict
//!
//! By default the reader takes what banks write, where nothing is lost or guessed: a file
//! without `:20:` or `:25:` (a statement begins at the first statement field, and again where
//! a field repeats that a statement has once), a `:61:` without reference or type, a reference
//! longer than 16 characters (ASN Bank's IBAN), an amount without a comma, an amount on the line
//! after its `:61:` (Sparkasse), a field tag split over two lines (`:` then `86:`), a `:86:`
//! longer than 6 lines of 65 characters, a balance without currency, and a line inside a
//! `:86:` or `:NS:` that looks like an unknown field (`:12:11`, a time wrapped at the line end).
//! Other unknown fields are skipped.
//!
//! [`Mt940Options::strict`] checks the SWIFT rules instead: only SWIFT fields, in the order of
//! the standard, each mandatory field present (`:20:`, `:25:`, `:28C:`, balances for MT940,
//! `:34F:` and `:13D:` for MT942), a complete `:61:`, `:86:` within 6 x 65 characters, and the
//! arithmetic: opening balance plus lines is the closing balance, `:90D:`/`:90C:` count and
//! total their lines.
//!
//! Always errors: bytes that are not in the chosen [`Encoding`], a date that does not exist, an
//! amount, mark or date that cannot be read, a one-line field that runs over two lines (a
//! broken file: `:25:` where `:86:` was meant), a file with no statement.

use super::amount::{parse_amount, NumberStyle};
use super::{StatedBalance, Statement, StatementFormat, StatementLine};
use crate::files::FileError;
use crate::Result;
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use std::borrow::Cow;

/// The character encoding of a file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 (a byte-order mark is skipped); bytes that are not UTF-8 are an error that names
    /// their line. The default: SWIFT text is ASCII, and the encoding of the rest cannot be
    /// told from the bytes without guessing.
    #[default]
    Utf8,
    /// DOS Latin-2 (code page 852), which Central European banks' exports use (Raiffeisen
    /// Hungary).
    Cp852,
    /// An encoding of the WHATWG Encoding Standard, e.g. `encoding_rs::WINDOWS_1252` for the
    /// Latin-1 files of German banks or `encoding_rs::ISO_8859_2`.
    Other(&'static encoding_rs::Encoding),
}

/// How to read an MT940/MT942 file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Mt940Options {
    /// The file's character encoding.
    pub encoding: Encoding,
    /// Check the SWIFT rules (see the module documentation) instead of reading what banks
    /// write.
    pub strict: bool,
}

/// Parses an MT940 or MT942 file into its statements, in file order. `file` names it in
/// errors.
///
/// # Errors
///
/// `malformed_line` with the line, the field (`:61: amount`, `:60F: date`, ...) and the text
/// at fault; `unreadable_file` for a file with no statement in it.
pub fn parse(bytes: &[u8], file: &str, options: &Mt940Options) -> Result<Vec<Statement>> {
    let text = decode(bytes, file, options.encoding)?;
    let mut reader = Reader::new(file, options.strict);
    reader.read(&text)?;
    reader.finish()
}

// ---------------------------------------------------------------------------------------------
// Text

/// Code page 852, bytes 0x80..=0xFF.
const CP852: [char; 128] = [
    '\u{00C7}', '\u{00FC}', '\u{00E9}', '\u{00E2}', '\u{00E4}', '\u{016F}', '\u{0107}', '\u{00E7}',
    '\u{0142}', '\u{00EB}', '\u{0150}', '\u{0151}', '\u{00EE}', '\u{0179}', '\u{00C4}', '\u{0106}',
    '\u{00C9}', '\u{0139}', '\u{013A}', '\u{00F4}', '\u{00F6}', '\u{013D}', '\u{013E}', '\u{015A}',
    '\u{015B}', '\u{00D6}', '\u{00DC}', '\u{0164}', '\u{0165}', '\u{0141}', '\u{00D7}', '\u{010D}',
    '\u{00E1}', '\u{00ED}', '\u{00F3}', '\u{00FA}', '\u{0104}', '\u{0105}', '\u{017D}', '\u{017E}',
    '\u{0118}', '\u{0119}', '\u{00AC}', '\u{017A}', '\u{010C}', '\u{015F}', '\u{00AB}', '\u{00BB}',
    '\u{2591}', '\u{2592}', '\u{2593}', '\u{2502}', '\u{2524}', '\u{00C1}', '\u{00C2}', '\u{011A}',
    '\u{015E}', '\u{2563}', '\u{2551}', '\u{2557}', '\u{255D}', '\u{017B}', '\u{017C}', '\u{2510}',
    '\u{2514}', '\u{2534}', '\u{252C}', '\u{251C}', '\u{2500}', '\u{253C}', '\u{0102}', '\u{0103}',
    '\u{255A}', '\u{2554}', '\u{2569}', '\u{2566}', '\u{2560}', '\u{2550}', '\u{256C}', '\u{00A4}',
    '\u{0111}', '\u{0110}', '\u{010E}', '\u{00CB}', '\u{010F}', '\u{0147}', '\u{00CD}', '\u{00CE}',
    '\u{011B}', '\u{2518}', '\u{250C}', '\u{2588}', '\u{2584}', '\u{0162}', '\u{016E}', '\u{2580}',
    '\u{00D3}', '\u{00DF}', '\u{00D4}', '\u{0143}', '\u{0144}', '\u{0148}', '\u{0160}', '\u{0161}',
    '\u{0154}', '\u{00DA}', '\u{0155}', '\u{0170}', '\u{00FD}', '\u{00DD}', '\u{0163}', '\u{00B4}',
    '\u{00AD}', '\u{02DD}', '\u{02DB}', '\u{02C7}', '\u{02D8}', '\u{00A7}', '\u{00F7}', '\u{00B8}',
    '\u{00B0}', '\u{00A8}', '\u{02D9}', '\u{0171}', '\u{0158}', '\u{0159}', '\u{25A0}', '\u{00A0}',
];

/// The file's text in `encoding`.
fn decode<'a>(bytes: &'a [u8], file: &str, encoding: Encoding) -> Result<Cow<'a, str>> {
    match encoding {
        Encoding::Utf8 => {
            let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            match std::str::from_utf8(body) {
                Ok(text) => Ok(Cow::Borrowed(text)),
                Err(e) => {
                    let at = e.valid_up_to();
                    let before = body.get(..at).unwrap_or_default();
                    let line = 1 + before.iter().filter(|&&b| b == b'\n').count() as u64;
                    let bad_len = e.error_len().unwrap_or(body.len().saturating_sub(at));
                    let bad = body.get(at..at + bad_len).unwrap_or_default();
                    let value: String = bad.iter().map(|b| format!("\\x{b:02X}")).collect();
                    Err(FileError::malformed(
                        file,
                        line,
                        "encoding",
                        &value,
                        "not UTF-8: the file is in another encoding; give it in the options \
                         (Cp852, or e.g. windows-1252 for Latin-1)",
                    )
                    .into())
                }
            }
        }
        Encoding::Cp852 => {
            let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            let mut text = String::with_capacity(body.len() + body.len() / 8);
            for &b in body {
                if b < 0x80 {
                    text.push(char::from(b));
                } else {
                    text.push(CP852.get(usize::from(b - 0x80)).copied().unwrap_or('\u{FFFD}'));
                }
            }
            Ok(Cow::Owned(text))
        }
        Encoding::Other(enc) => {
            let (text, _, had_errors) = enc.decode(bytes);
            if had_errors {
                let at = text.find('\u{FFFD}').unwrap_or(0);
                let line = 1 + text.get(..at).unwrap_or_default().matches('\n').count() as u64;
                return Err(FileError::malformed(
                    file,
                    line,
                    "encoding",
                    enc.name(),
                    "bytes that this encoding does not have",
                )
                .into());
            }
            Ok(text)
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Fields

/// A field tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    /// `:13:`/`:13D:` date and time of an MT942.
    DateTime,
    /// `:20:` transaction reference number.
    Reference,
    /// `:21:` related reference.
    Related,
    /// `:25:` account identification.
    Account,
    /// `:28:`/`:28C:` statement number.
    Number,
    /// `:34F:` floor limit (MT942).
    Floor,
    /// `:60F:` (or `:60:`) / `:60M:` opening balance.
    Opening(bool),
    /// `:61:` statement line.
    Line,
    /// `:62F:` (or `:62:`) / `:62M:` closing balance.
    Closing(bool),
    /// `:64:` closing available balance.
    Available,
    /// `:65:` forward available balance.
    Forward,
    /// `:86:` information to account owner.
    Info,
    /// `:90D:` number and sum of debits (MT942).
    SumDebit,
    /// `:90C:` number and sum of credits (MT942).
    SumCredit,
    /// `:NS:` non-SWIFT, bank-specific.
    NonSwift,
    /// Anything else.
    Unknown,
}

impl Tag {
    /// The tag of `name` (`61`, `60F`, `NS`); `strict` refuses the non-SWIFT forms.
    fn of(name: &str, strict: bool) -> Self {
        match name {
            "13D" => Self::DateTime,
            "13" if !strict => Self::DateTime,
            "20" => Self::Reference,
            "21" => Self::Related,
            "25" => Self::Account,
            "28C" | "28" => Self::Number,
            "34F" => Self::Floor,
            "60F" => Self::Opening(true),
            "60" if !strict => Self::Opening(true),
            "60M" => Self::Opening(false),
            "61" => Self::Line,
            "62F" => Self::Closing(true),
            "62" if !strict => Self::Closing(true),
            "62M" => Self::Closing(false),
            "64" => Self::Available,
            "65" => Self::Forward,
            "86" => Self::Info,
            "90D" => Self::SumDebit,
            "90C" => Self::SumCredit,
            "NS" if !strict => Self::NonSwift,
            _ => Self::Unknown,
        }
    }

    /// Whether the field has one line only.
    fn one_line(self) -> bool {
        !matches!(self, Self::Line | Self::Info | Self::NonSwift | Self::Unknown)
    }

    /// Its name in messages.
    fn name(self) -> &'static str {
        match self {
            Self::DateTime => ":13D:",
            Self::Reference => ":20:",
            Self::Related => ":21:",
            Self::Account => ":25:",
            Self::Number => ":28C:",
            Self::Floor => ":34F:",
            Self::Opening(true) => ":60F:",
            Self::Opening(false) => ":60M:",
            Self::Line => ":61:",
            Self::Closing(true) => ":62F:",
            Self::Closing(false) => ":62M:",
            Self::Available => ":64:",
            Self::Forward => ":65:",
            Self::Info => ":86:",
            Self::SumDebit => ":90D:",
            Self::SumCredit => ":90C:",
            Self::NonSwift => ":NS:",
            Self::Unknown => "field",
        }
    }

    /// Where it stands in a statement (lenient mode starts a new statement when a field comes
    /// back behind one already seen).
    fn rank(self) -> u8 {
        match self {
            Self::Reference => 0,
            Self::Related => 1,
            Self::Account => 2,
            Self::Number => 3,
            Self::Opening(_) | Self::Floor => 4,
            Self::DateTime => 5,
            Self::Line => 6,
            Self::Closing(_) => 7,
            Self::Available | Self::SumDebit | Self::SumCredit => 8,
            Self::Forward => 9,
            Self::Info | Self::NonSwift | Self::Unknown => 10,
        }
    }
}

/// The tag and the text after it when `s` (without its leading `:`) starts a field: two
/// digits and an optional capital letter, or `NS`, then `:`.
fn split_tag(s: &str) -> Option<(&str, &str)> {
    let b = s.as_bytes();
    let len = if b.starts_with(b"NS:") {
        2
    } else if b.first().is_some_and(u8::is_ascii_digit) && b.get(1).is_some_and(u8::is_ascii_digit)
    {
        if b.get(2) == Some(&b':') {
            2
        } else if b.get(2).is_some_and(u8::is_ascii_uppercase) && b.get(3) == Some(&b':') {
            3
        } else {
            return None;
        }
    } else {
        return None;
    };
    Some((s.get(..len)?, s.get(len + 1..)?))
}

/// A field being read: its tag, the line of the tag, the text after the tag on that line.
#[derive(Debug, Clone, Copy)]
struct Field<'t> {
    tag: Tag,
    line: u64,
    first: &'t str,
}

// ---------------------------------------------------------------------------------------------
// Reading

/// The reader: lines to fields, fields to statements.
struct Reader<'f, 't> {
    file: &'f str,
    strict: bool,
    out: Vec<Statement>,
    stmt: Option<Builder>,
    field: Option<Field<'t>>,
    /// Continuation lines of `field` (reused).
    more: Vec<(u64, &'t str)>,
    /// Message type of the current `{2:` block (940, 942).
    message_type: Option<u16>,
    any_field: bool,
    any_text: bool,
}

impl<'f, 't> Reader<'f, 't> {
    fn new(file: &'f str, strict: bool) -> Self {
        Self {
            file,
            strict,
            out: Vec::new(),
            stmt: None,
            field: None,
            more: Vec::with_capacity(8),
            message_type: None,
            any_field: false,
            any_text: false,
        }
    }

    fn malformed(&self, line: u64, field: &str, value: &str, reason: &str) -> crate::Error {
        FileError::malformed(self.file, line, field, value, reason).into()
    }

    /// Reads every line of `text`.
    fn read(&mut self, text: &'t str) -> Result<()> {
        let sep = if !text.contains('\n') && text.contains('\r') { '\r' } else { '\n' };
        let mut lines = text.split(sep).zip(1_u64..).peekable();
        while let Some((raw, n)) = lines.next() {
            let raw = raw.strip_suffix('\r').unwrap_or(raw);
            let clean = raw.trim_end_matches(|c: char| c.is_control() && c != '\t');
            let trimmed = clean.trim_matches(|c: char| c.is_whitespace() || c.is_control());
            if trimmed.is_empty() {
                continue;
            }
            self.any_text = true;
            if trimmed == ":" {
                // A tag split over two lines (`:` then `86:...`).
                if let Some(&(next, _)) = lines.peek() {
                    let next = next.strip_suffix('\r').unwrap_or(next);
                    if split_tag(next.trim_start()).is_some() && !self.strict {
                        lines.next();
                        self.line(next.trim_start(), n, next)?;
                        continue;
                    }
                }
            }
            if let Some(rest) = trimmed.strip_prefix("-}") {
                self.end_message()?;
                if let Some(body) = self.header(rest) {
                    self.content(body, n)?;
                }
                continue;
            }
            if trimmed == "-" {
                self.end_message()?;
                continue;
            }
            if trimmed.starts_with('{') {
                let starts_block = trimmed
                    .as_bytes()
                    .get(1)
                    .is_some_and(|b| b.is_ascii_digit() || b.is_ascii_uppercase());
                if starts_block && trimmed.as_bytes().get(2) == Some(&b':') {
                    self.end_message()?;
                    if let Some(body) = self.header(trimmed) {
                        self.content(body, n)?;
                    }
                    continue;
                }
            }
            self.content(clean, n)?;
        }
        Ok(())
    }

    /// Reads the SWIFT blocks of a header line (`{1:...}{2:O940...}{4:`); the text after `{4:`.
    fn header<'a>(&mut self, line: &'a str) -> Option<&'a str> {
        if let Some(at) = line.find("{2:") {
            let kind = line.get(at + 4..at + 7).and_then(|t| t.parse::<u16>().ok());
            if kind.is_some() {
                self.message_type = kind;
            }
        }
        let at = line.find("{4:")?;
        let body = line.get(at + 3..)?;
        (!body.trim().is_empty()).then_some(body)
    }

    /// A line that is neither a header nor an end: a field's first line or one of its next.
    fn content(&mut self, clean: &'t str, n: u64) -> Result<()> {
        let start = clean.trim_start_matches(|c: char| c.is_whitespace() || c.is_control());
        if let Some(after) = start.strip_prefix(':') {
            if split_tag(after).is_some() {
                return self.line(after, n, clean);
            }
        }
        if self.field.is_some() {
            self.more.push((n, clean));
        }
        // else: a bank's preamble before a statement.
        Ok(())
    }

    /// A line starting with a field tag: `s` is the line without its leading `:`, `full` the
    /// whole line.
    fn line(&mut self, s: &'t str, n: u64, full: &'t str) -> Result<()> {
        let Some((name, first)) = split_tag(s) else {
            return Ok(());
        };
        let tag = Tag::of(name, self.strict);
        if tag == Tag::Unknown {
            if self.strict {
                return Err(self.malformed(
                    n,
                    &format!(":{name}:"),
                    full.trim(),
                    "not a field of SWIFT MT940 or MT942 (strict)",
                ));
            }
            // Inside free text, a line that looks like a field is the text wrapped (a time
            // `13:12:11` cut before `:12:`).
            if matches!(self.field.map(|f| f.tag), Some(Tag::Info | Tag::NonSwift)) {
                self.more.push((n, full));
                return Ok(());
            }
        }
        self.flush()?;
        self.any_field = true;
        self.field = Some(Field { tag, line: n, first });
        Ok(())
    }

    /// The end of a message (`-`, `-}`, a new header): ends the statement.
    fn end_message(&mut self) -> Result<()> {
        self.flush()?;
        self.message_type = None;
        self.end_statement()
    }

    fn end_statement(&mut self) -> Result<()> {
        if let Some(b) = self.stmt.take() {
            let st = b.finish(self.file, self.strict)?;
            self.out.push(st);
        }
        Ok(())
    }

    fn finish(mut self) -> Result<Vec<Statement>> {
        self.end_message()?;
        if self.out.is_empty() {
            let reason = if !self.any_text {
                "the file is empty"
            } else if !self.any_field {
                "not an MT940 file: no field such as :20: or :61: in it"
            } else {
                "no statement in the file: no :20:, :25:, balance or :61: line, only text fields"
            };
            return Err(FileError::unreadable(self.file, reason).into());
        }
        Ok(self.out)
    }

    /// Handles the field read so far.
    fn flush(&mut self) -> Result<()> {
        let Some(field) = self.field.take() else {
            return Ok(());
        };
        let more = std::mem::take(&mut self.more);
        let result = self.handle(field, &more);
        self.more = more;
        self.more.clear();
        result
    }

    fn handle(&mut self, f: Field<'t>, more: &[(u64, &'t str)]) -> Result<()> {
        if f.tag.one_line() {
            if let Some(&(n, text)) = more.first() {
                return Err(self.malformed(
                    n,
                    f.tag.name(),
                    text.trim(),
                    &format!(
                        "a second line in the one-line field of line {} (a field tag missing, \
                         or a broken file)",
                        f.line
                    ),
                ));
            }
        }
        match f.tag {
            Tag::Unknown => Ok(()),
            Tag::Info | Tag::NonSwift => match self.stmt.as_mut() {
                Some(b) => b.text(f, more, self.file, self.strict),
                None if self.strict => Err(self.malformed(
                    f.line,
                    f.tag.name(),
                    f.first.trim(),
                    "outside a statement: a statement must start with :20: (strict)",
                )),
                None => Ok(()),
            },
            tag => {
                if tag == Tag::Reference {
                    self.end_statement()?;
                } else if let Some(b) = &self.stmt {
                    if !self.strict && b.starts_anew(tag) {
                        self.end_statement()?;
                    }
                }
                if self.stmt.is_none() {
                    if self.strict && tag != Tag::Reference {
                        return Err(self.malformed(
                            f.line,
                            tag.name(),
                            f.first.trim(),
                            "a statement must start with :20: (strict)",
                        ));
                    }
                    self.stmt = Some(Builder::new(self.file, f.line, self.message_type));
                }
                match self.stmt.as_mut() {
                    Some(b) => b.field(f, more, self.file, self.strict),
                    None => Ok(()),
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Statements

/// Where a statement stands, for the order checks of strict mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Start,
    Reference,
    Related,
    Account,
    Number,
    Opening,
    Floor1,
    Floor2,
    DateTime,
    Line,
    LineInfo,
    Closing,
    Available,
    Forward,
    SumDebit,
    SumCredit,
    Info,
}

/// A `:61:` waiting for its `:86:` and `:NS:`.
#[derive(Debug)]
struct Pending {
    line: StatementLine,
    customer_ref: Option<String>,
    supplementary: Option<String>,
    /// The `:86:` lines, joined by `\n` as written.
    info: String,
    /// Lines of `:86:` so far (strict allows 6).
    info_lines: usize,
    /// The `:NS:` text.
    ns: String,
}

/// A statement being read.
#[derive(Debug)]
struct Builder {
    st: Statement,
    line: u64,
    seen: u32,
    rank: u8,
    floors: u8,
    is942: bool,
    step: Step,
    account: Option<String>,
    currency: Option<String>,
    pending: Option<Pending>,
    date_time: Option<NaiveDate>,
    opening_line: u64,
    closing_line: u64,
    closing_name: &'static str,
    /// Number and total of the debit lines (`None` once too large to add).
    debits: (u64, Option<Decimal>),
    /// Number and total of the credit lines.
    credits: (u64, Option<Decimal>),
    currencies: Vec<(u64, &'static str, String)>,
}

/// Bit of a field in [`Builder::seen`].
fn bit(tag: Tag) -> u32 {
    match tag {
        Tag::Reference => 1,
        Tag::Related => 1 << 1,
        Tag::Account => 1 << 2,
        Tag::Number => 1 << 3,
        Tag::Opening(_) => 1 << 4,
        Tag::DateTime => 1 << 5,
        Tag::Closing(_) => 1 << 6,
        Tag::Available => 1 << 7,
        Tag::SumDebit => 1 << 8,
        Tag::SumCredit => 1 << 9,
        Tag::Floor => 1 << 10,
        Tag::Line => 1 << 11,
        _ => 0,
    }
}

impl Builder {
    fn new(file: &str, line: u64, message_type: Option<u16>) -> Self {
        Self {
            st: Statement::new(StatementFormat::Mt940, file),
            line,
            seen: 0,
            rank: 0,
            floors: 0,
            is942: message_type == Some(942),
            step: Step::Start,
            account: None,
            currency: None,
            pending: None,
            date_time: None,
            opening_line: 0,
            closing_line: 0,
            closing_name: ":62F:",
            debits: (0, Some(Decimal::ZERO)),
            credits: (0, Some(Decimal::ZERO)),
            currencies: Vec::new(),
        }
    }

    /// Whether `tag` cannot belong to this statement: it is one of a kind and came already,
    /// or it comes behind fields that follow it.
    fn starts_anew(&self, tag: Tag) -> bool {
        match tag {
            Tag::Related
            | Tag::Account
            | Tag::Number
            | Tag::Opening(_)
            | Tag::DateTime
            | Tag::Closing(_) => self.seen & bit(tag) != 0 || self.rank > tag.rank(),
            Tag::Floor => self.floors >= 2 || self.rank > tag.rank(),
            Tag::Line => self.rank > tag.rank(),
            _ => false,
        }
    }

    fn err(file: &str, line: u64, field: &str, value: &str, reason: &str) -> crate::Error {
        FileError::malformed(file, line, field, value, reason).into()
    }

    /// The order check of strict mode: `tag` may follow the current step.
    fn check_order(&mut self, tag: Tag, line: u64, value: &str, file: &str) -> Result<()> {
        if tag == Tag::Floor && self.step == Step::Number {
            self.is942 = true;
        }
        match self.next_step(tag) {
            Some(step) => {
                self.step = step;
                Ok(())
            }
            None => {
                let expected: Vec<&str> = ALL_TAGS
                    .iter()
                    .filter(|&&t| self.next_step(t).is_some())
                    .map(|t| t.name())
                    .collect();
                let after = match self.step {
                    Step::Start => "the start of the statement".to_owned(),
                    _ => format!("{:?}", self.step).to_lowercase(),
                };
                let expected = if expected.is_empty() {
                    "the end of the statement".to_owned()
                } else {
                    expected.join(", ")
                };
                Err(Self::err(
                    file,
                    line,
                    tag.name(),
                    value,
                    &format!(
                        "{} cannot come after {after} (expected {expected}) (strict)",
                        tag.name()
                    ),
                ))
            }
        }
    }

    /// The step after `tag`, where the standard lets it come next.
    fn next_step(&self, tag: Tag) -> Option<Step> {
        use Step as S;
        let m942 = self.is942;
        Some(match (self.step, tag) {
            (S::Start, Tag::Reference) => S::Reference,
            (S::Reference, Tag::Related) => S::Related,
            (S::Reference | S::Related, Tag::Account) => S::Account,
            (S::Account, Tag::Number) => S::Number,
            (S::Number, Tag::Opening(_)) if !m942 => S::Opening,
            (S::Number, Tag::Floor) => S::Floor1,
            (S::Floor1, Tag::Floor) => S::Floor2,
            (S::Floor1 | S::Floor2, Tag::DateTime) => S::DateTime,
            (S::Opening | S::Line | S::LineInfo, Tag::Line) if !m942 => S::Line,
            (S::DateTime | S::Line | S::LineInfo, Tag::Line) if m942 => S::Line,
            (S::Line, Tag::Info) => S::LineInfo,
            (S::Opening | S::Line | S::LineInfo, Tag::Closing(_)) if !m942 => S::Closing,
            (S::Closing, Tag::Available) => S::Available,
            (S::Closing | S::Available | S::Forward, Tag::Forward) => S::Forward,
            (S::Closing | S::Available | S::Forward, Tag::Info) => S::Info,
            (S::DateTime | S::Line | S::LineInfo, Tag::SumDebit) if m942 => S::SumDebit,
            (S::DateTime | S::Line | S::LineInfo | S::SumDebit, Tag::SumCredit) if m942 => {
                S::SumCredit
            }
            (S::DateTime | S::SumDebit | S::SumCredit, Tag::Info) if m942 => S::Info,
            _ => return None,
        })
    }

    /// Whether the statement may end at its current step (strict).
    fn complete(&self) -> bool {
        use Step as S;
        if self.is942 {
            matches!(
                self.step,
                S::DateTime | S::Line | S::LineInfo | S::SumDebit | S::SumCredit | S::Info
            )
        } else {
            matches!(self.step, S::Closing | S::Available | S::Forward | S::Info)
        }
    }

    /// Notes the currency a field states (strict: they must agree).
    fn note_currency(&mut self, line: u64, field: &'static str, currency: &str) {
        if self.currency.is_none() {
            self.currency = Some(currency.to_owned());
        }
        self.currencies.push((line, field, currency.to_owned()));
    }

    /// A statement field (not `:86:`/`:NS:`).
    fn field(
        &mut self,
        f: Field<'_>,
        more: &[(u64, &str)],
        file: &str,
        strict: bool,
    ) -> Result<()> {
        let value = f.first.trim();
        if strict {
            self.check_order(f.tag, f.line, value, file)?;
        }
        self.seen |= bit(f.tag);
        self.rank = self.rank.max(f.tag.rank());
        if f.tag != Tag::Line {
            self.flush_line();
        }
        match f.tag {
            Tag::Reference | Tag::Related => {
                if strict && value.chars().count() > 16 {
                    return Err(Self::err(
                        file,
                        f.line,
                        f.tag.name(),
                        value,
                        "longer than 16 characters (strict)",
                    ));
                }
            }
            Tag::Account => {
                if value.is_empty() {
                    return Err(Self::err(file, f.line, ":25:", value, "no account"));
                }
                self.account = Some(value.to_owned());
            }
            Tag::Number => {
                if strict && !statement_number(value) {
                    return Err(Self::err(
                        file,
                        f.line,
                        ":28C:",
                        value,
                        "not a statement number (5n[/5n]) (strict)",
                    ));
                }
            }
            Tag::Opening(_) | Tag::Closing(_) | Tag::Available | Tag::Forward => {
                let name = f.tag.name();
                let balance = parse_balance(value, file, f.line, name, strict)?;
                if let Some(c) = &balance.currency {
                    self.note_currency(f.line, name, c);
                }
                match f.tag {
                    Tag::Opening(_) => {
                        self.opening_line = f.line;
                        self.st.opening_balance = Some(balance);
                    }
                    Tag::Closing(_) => {
                        self.closing_line = f.line;
                        self.closing_name = name;
                        self.st.closing_balance = Some(balance);
                    }
                    _ => {}
                }
            }
            Tag::Floor => {
                self.is942 = true;
                self.floors += 1;
                let (currency, _) = parse_floor(value, file, f.line, strict)?;
                self.note_currency(f.line, ":34F:", currency);
            }
            Tag::DateTime => {
                self.is942 = true;
                self.date_time = Some(parse_date_time(value, file, f.line, strict)?);
            }
            Tag::SumDebit | Tag::SumCredit => {
                self.is942 = true;
                let name = f.tag.name();
                let (count, currency, amount) = parse_sum(value, file, f.line, name)?;
                self.note_currency(f.line, name, currency);
                if strict {
                    let (n, sum) = if f.tag == Tag::SumDebit { self.debits } else { self.credits };
                    if n != count || sum != Some(amount) {
                        let sum =
                            sum.map_or_else(|| "too much to add".to_owned(), |s| s.to_string());
                        return Err(Self::err(
                            file,
                            f.line,
                            name,
                            value,
                            &format!("the statement has {n} such lines for {sum} (strict)"),
                        ));
                    }
                }
            }
            Tag::Line => {
                self.flush_line();
                let parsed = parse_line(f.first, more, file, f.line, strict)?;
                let (count, total) = if parsed.amount.is_sign_negative() {
                    &mut self.debits
                } else {
                    &mut self.credits
                };
                *count += 1;
                *total = total.and_then(|t| t.checked_add(parsed.amount.abs()));
                self.pending = Some(parsed.into_pending(f.line));
            }
            Tag::Info | Tag::NonSwift | Tag::Unknown => {}
        }
        Ok(())
    }

    /// `:86:` or `:NS:`: the current line's text, or the statement's (not kept).
    fn text(&mut self, f: Field<'_>, more: &[(u64, &str)], file: &str, strict: bool) -> Result<()> {
        if strict {
            self.check_order(f.tag, f.line, f.first.trim(), file)?;
        }
        let Some(p) = self.pending.as_mut() else {
            // Information about the statement, or `:NS:` between the header fields.
            return Ok(());
        };
        let lines = std::iter::once((f.line, f.first)).chain(more.iter().copied());
        if f.tag == Tag::Info {
            for (n, text) in lines {
                let text = text.trim_end_matches(['\r', '\n']);
                p.info_lines += 1;
                if strict {
                    if p.info_lines > 6 {
                        return Err(Self::err(file, n, ":86:", text, "more than 6 lines (strict)"));
                    }
                    if text.chars().count() > 65 {
                        return Err(Self::err(
                            file,
                            n,
                            ":86:",
                            text,
                            "a line longer than 65 characters (strict)",
                        ));
                    }
                }
                if text.trim().is_empty() {
                    continue;
                }
                if !p.info.is_empty() {
                    p.info.push('\n');
                }
                p.info.push_str(text);
            }
        } else {
            for (_, text) in lines {
                let text = text.trim();
                let b = text.as_bytes();
                let body = if b.len() >= 2 && b.iter().take(2).all(u8::is_ascii_digit) {
                    text.get(2..).unwrap_or(text).trim()
                } else {
                    text
                };
                if body.is_empty() {
                    continue;
                }
                if !p.ns.is_empty() {
                    p.ns.push(' ');
                }
                p.ns.push_str(body);
            }
        }
        Ok(())
    }

    /// Moves the pending line to the statement.
    fn flush_line(&mut self) {
        if let Some(p) = self.pending.take() {
            self.st.lines.push(p.finish());
        }
    }

    fn finish(mut self, file: &str, strict: bool) -> Result<Statement> {
        self.flush_line();
        if strict {
            if !self.complete() {
                let missing = if self.is942 {
                    "an MT942 needs :20:, :25:, :28C:, :34F: and :13D:"
                } else {
                    "an MT940 needs :20:, :25:, :28C:, an opening (:60F:/:60M:) and a closing \
                     (:62F:/:62M:) balance"
                };
                return Err(Self::err(
                    file,
                    self.line,
                    ":20:",
                    &format!("{:?}", self.step).to_lowercase(),
                    &format!("the statement ends early: {missing} (strict)"),
                ));
            }
            if let Some((first_line, first_field, first)) = self.currencies.first() {
                for (line, field, c) in &self.currencies {
                    if c != first {
                        return Err(Self::err(
                            file,
                            *line,
                            field,
                            c,
                            &format!(
                                "another currency than {first} of {first_field} line \
                                 {first_line} (strict)"
                            ),
                        ));
                    }
                }
            }
            if let (Some(open), Some(close)) = (&self.st.opening_balance, &self.st.closing_balance)
            {
                let lines =
                    self.st.lines.iter().try_fold(Decimal::ZERO, |t, l| t.checked_add(l.amount));
                let total = lines.and_then(|sum| open.amount.checked_add(sum).map(|t| (sum, t)));
                let reason = match total {
                    Some((_, t)) if t == close.amount => None,
                    Some((sum, t)) => Some(format!(
                        "the opening balance {} (line {}) plus the lines ({sum}) is {t}, not the \
                         closing balance (strict)",
                        open.amount, self.opening_line,
                    )),
                    None => Some("the lines are too large to add up (strict)".to_owned()),
                };
                if let Some(reason) = reason {
                    return Err(Self::err(
                        file,
                        self.closing_line,
                        self.closing_name,
                        &close.amount.to_string(),
                        &reason,
                    ));
                }
            }
        }
        if self.is942 {
            for l in &mut self.st.lines {
                l.pending = true;
            }
        }
        if let Some(raw) = &self.account {
            let (bank, account, currency) = split_account(raw, self.currency.as_deref());
            self.st.account.bank_id = bank.map(str::to_owned);
            self.st.account.account_id = Some(account.to_owned());
            if self.currency.is_none() {
                self.currency = currency.map(str::to_owned);
            }
        }
        self.st.account.currency = self.currency.take();
        self.st.start = self.st.opening_balance.as_ref().map(|b| b.date);
        self.st.end = self.st.closing_balance.as_ref().map(|b| b.date).or(self.date_time);
        Ok(self.st)
    }
}

/// Every tag, for the messages of the order check.
const ALL_TAGS: [Tag; 17] = [
    Tag::Reference,
    Tag::Related,
    Tag::Account,
    Tag::Number,
    Tag::Opening(true),
    Tag::Opening(false),
    Tag::Floor,
    Tag::DateTime,
    Tag::Line,
    Tag::Info,
    Tag::Closing(true),
    Tag::Closing(false),
    Tag::Available,
    Tag::Forward,
    Tag::SumDebit,
    Tag::SumCredit,
    Tag::NonSwift,
];

/// `:25:` as bank, account and a currency written after the account: `BANK/ACCOUNT`,
/// `BANK/ACCOUNT/EUR`, `1291.99.348EUR`, an IBAN.
fn split_account<'a>(
    raw: &'a str,
    currency: Option<&str>,
) -> (Option<&'a str>, &'a str, Option<&'a str>) {
    let is_code = |s: &str| s.len() == 3 && s.bytes().all(|b| b.is_ascii_uppercase());
    let mut rest = raw;
    let mut found = None;
    if let Some((head, last)) = raw.rsplit_once('/') {
        // `BANK/ACCOUNT/EUR`, or `ACCOUNT/EUR` with the balances in EUR.
        let after_account = head.contains('/') && currency.is_none_or(|c| c == last);
        if is_code(last) && !head.is_empty() && (after_account || currency == Some(last)) {
            rest = head;
            found = Some(last);
        }
    }
    if found.is_none() {
        // `1291.99.348EUR`, `51210600/9223382012EUR`: letters after an account of digits.
        let number = rest.rsplit_once('/').map_or(rest, |(_, a)| a);
        if let Some(cut) = number.len().checked_sub(3) {
            let (digits, code) = (number.get(..cut), number.get(cut..));
            if let (Some(digits), Some(code)) = (digits, code) {
                let plain = !digits.is_empty()
                    && digits.bytes().last().is_some_and(|b| b.is_ascii_digit())
                    && digits.bytes().all(|b| b.is_ascii_digit() || b"./- ".contains(&b));
                if plain && is_code(code) && currency.is_none_or(|c| c == code) {
                    rest = rest.get(..rest.len() - 3).unwrap_or(rest);
                    found = Some(code);
                }
            }
        }
    }
    match rest.split_once('/') {
        Some((bank, account)) if !bank.trim().is_empty() && !account.trim().is_empty() => {
            (Some(bank.trim()), account.trim(), found)
        }
        _ => (None, rest.trim(), found),
    }
}

/// `5n[/5n]`.
fn statement_number(s: &str) -> bool {
    let ok = |p: &str| (1..=5).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit());
    match s.split_once('/') {
        Some((a, b)) => ok(a) && ok(b),
        None => ok(s),
    }
}

// ---------------------------------------------------------------------------------------------
// Values

/// A date `YYMMDD` (year 20YY).
fn date6(s: &str) -> Option<NaiveDate> {
    if s.len() != 6 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let y: i32 = s.get(0..2)?.parse().ok()?;
    let m: u32 = s.get(2..4)?.parse().ok()?;
    let d: u32 = s.get(4..6)?.parse().ok()?;
    NaiveDate::from_ymd_opt(2000 + y, m, d)
}

/// The reason a `YYMMDD` is not a date.
fn date_error(s: &str) -> &'static str {
    if s.len() == 6 && s.bytes().all(|b| b.is_ascii_digit()) {
        "no such day"
    } else {
        "not a date YYMMDD"
    }
}

/// An MT940 amount: digits with a decimal comma (`1234,56`, `500,`, `,5`); strict wants the
/// comma.
fn amount(text: &str, strict: bool) -> std::result::Result<Decimal, &'static str> {
    if text.is_empty() {
        return Err("no amount");
    }
    if !text.bytes().all(|b| b.is_ascii_digit() || b == b',') {
        return Err("not an amount (digits and a decimal comma)");
    }
    if strict && !text.contains(',') {
        return Err("no decimal comma (strict)");
    }
    let digits = text.strip_suffix(',').unwrap_or(text);
    parse_amount(digits, NumberStyle::COMMA)
}

/// `:60F:` and the other balances: `C`/`D`, `YYMMDD`, currency, amount.
fn parse_balance(
    value: &str,
    file: &str,
    line: u64,
    name: &str,
    strict: bool,
) -> Result<StatedBalance> {
    let err = |sub: &str, v: &str, reason: &str| -> crate::Error {
        FileError::malformed(file, line, &format!("{name} {sub}"), v, reason).into()
    };
    let negative = match value.as_bytes().first() {
        Some(b'C') => false,
        Some(b'D') => true,
        _ => return Err(err("mark", value, "not C (credit) or D (debit)")),
    };
    let date_text = value.get(1..7).unwrap_or_else(|| value.get(1..).unwrap_or_default());
    let date = date6(date_text).ok_or_else(|| err("date", date_text, date_error(date_text)))?;
    let code = value.get(7..10).unwrap_or_default();
    let (currency, rest) = if code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()) {
        (Some(code.to_owned()), value.get(10..).unwrap_or_default())
    } else if strict {
        return Err(err("currency", code, "not a currency code (strict)"));
    } else {
        (None, value.get(7..).unwrap_or_default())
    };
    let rest = rest.trim();
    let amount = amount(rest, strict).map_err(|r| err("amount", rest, r))?;
    Ok(StatedBalance { amount: if negative { -amount } else { amount }, date, currency })
}

/// `:34F:` currency, optional mark, amount.
fn parse_floor<'a>(
    value: &'a str,
    file: &str,
    line: u64,
    strict: bool,
) -> Result<(&'a str, Decimal)> {
    let err = |sub: &str, v: &str, reason: &str| -> crate::Error {
        FileError::malformed(file, line, &format!(":34F: {sub}"), v, reason).into()
    };
    let code = value.get(..3).unwrap_or(value);
    if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(err("currency", code, "not a currency code"));
    }
    let mut rest = value.get(3..).unwrap_or_default();
    if let Some(r) = rest.strip_prefix(['D', 'C']) {
        rest = r;
    }
    let amount = amount(rest.trim(), strict).map_err(|r| err("amount", rest, r))?;
    Ok((code, amount))
}

/// `:13D:` `YYMMDDhhmm+hhmm`: its date.
fn parse_date_time(value: &str, file: &str, line: u64, strict: bool) -> Result<NaiveDate> {
    let date_text = value.get(..6).unwrap_or(value);
    let date = date6(date_text).ok_or_else(|| -> crate::Error {
        FileError::malformed(file, line, ":13D: date", date_text, date_error(date_text)).into()
    })?;
    if strict {
        let b = value.as_bytes();
        let ok = b.len() == 15
            && b.iter().take(10).all(u8::is_ascii_digit)
            && matches!(b.get(10), Some(b'+' | b'-'))
            && b.iter().skip(11).all(u8::is_ascii_digit);
        if !ok {
            return Err(FileError::malformed(
                file,
                line,
                ":13D:",
                value,
                "not a date and time YYMMDDhhmm+hhmm (strict)",
            )
            .into());
        }
    }
    Ok(date)
}

/// `:90D:`/`:90C:` number, currency, amount.
fn parse_sum<'a>(
    value: &'a str,
    file: &str,
    line: u64,
    name: &str,
) -> Result<(u64, &'a str, Decimal)> {
    let err = |sub: &str, v: &str, reason: &str| -> crate::Error {
        FileError::malformed(file, line, &format!("{name} {sub}"), v, reason).into()
    };
    let digits = value.bytes().take_while(u8::is_ascii_digit).count();
    let count: u64 = value
        .get(..digits)
        .and_then(|d| d.parse().ok())
        .ok_or_else(|| err("number", value, "no number of entries"))?;
    let code = value.get(digits..digits + 3).unwrap_or_default();
    if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(err("currency", code, "not a currency code"));
    }
    let rest = value.get(digits + 3..).unwrap_or_default().trim();
    let amount = amount(rest, false).map_err(|r| err("amount", rest, r))?;
    Ok((count, code, amount))
}

/// A `:61:` read.
#[derive(Debug)]
struct ParsedLine {
    value_date: NaiveDate,
    entry_date: Option<NaiveDate>,
    amount: Decimal,
    kind: Option<String>,
    customer_ref: Option<String>,
    bank_ref: Option<String>,
    supplementary: Option<String>,
}

impl ParsedLine {
    fn into_pending(self, line: u64) -> Pending {
        let mut l = StatementLine::new(line, self.value_date, self.amount);
        l.posted_date = self.entry_date;
        l.kind = self.kind;
        l.bank_id = self.bank_ref.filter(|r| r != "NONREF");
        Pending {
            line: l,
            customer_ref: self.customer_ref,
            supplementary: self.supplementary,
            info: String::new(),
            info_lines: 0,
            ns: String::new(),
        }
    }
}

/// `:61:` `YYMMDD[MMDD](C|D|RC|RD)[funds]amount type reference[//bank reference]` and the
/// supplementary details on the next line.
fn parse_line(
    first: &str,
    more: &[(u64, &str)],
    file: &str,
    line: u64,
    strict: bool,
) -> Result<ParsedLine> {
    let err = |sub: &str, v: &str, reason: &str| -> crate::Error {
        FileError::malformed(file, line, &format!(":61: {sub}"), v, reason).into()
    };
    let s = first.trim();
    let b = s.as_bytes();
    let value_text = s.get(..6).unwrap_or(s);
    let value_date =
        date6(value_text).ok_or_else(|| err("value date", value_text, date_error(value_text)))?;
    let mut i = 6;
    let mut entry_date = None;
    if b.get(i..i + 4).is_some_and(|d| d.iter().all(u8::is_ascii_digit)) {
        let text = s.get(i..i + 4).unwrap_or_default();
        let month: u32 = text.get(..2).and_then(|t| t.parse().ok()).unwrap_or(0);
        let day: u32 = text.get(2..).and_then(|t| t.parse().ok()).unwrap_or(0);
        entry_date = Some(
            entry_year(value_date, month, day)
                .ok_or_else(|| err("entry date", text, "no such day MMDD"))?,
        );
        i += 4;
    } else if !strict && b.get(i..i + 4) == Some(b"    ") {
        i += 4;
    }
    let negative = match (b.get(i), b.get(i + 1)) {
        (Some(b'R'), Some(b'C')) => {
            i += 2;
            true
        }
        (Some(b'R'), Some(b'D')) => {
            i += 2;
            false
        }
        (Some(b'C'), _) => {
            i += 1;
            false
        }
        (Some(b'D'), _) => {
            i += 1;
            true
        }
        _ => {
            let at = s.get(i..).unwrap_or_default();
            return Err(err("mark", at, "not C, D, RC or RD"));
        }
    };
    if b.get(i).is_some_and(u8::is_ascii_uppercase) {
        i += 1; // funds code
    }
    let mut rest = s.get(i..).unwrap_or_default();
    let mut used = 0;
    if rest.trim().is_empty() && !strict {
        // Sparkasse: the amount on the next line.
        if let Some(&(_, next)) = more.first() {
            rest = next.trim();
            used = 1;
        }
    }
    if !strict {
        rest = rest.strip_prefix(' ').unwrap_or(rest);
    }
    let len = rest.bytes().take_while(|c| c.is_ascii_digit() || *c == b',').count();
    let amount_text = rest.get(..len).unwrap_or_default();
    let value = amount(amount_text, strict).map_err(|r| err("amount", amount_text, r))?;
    let amount = if negative { -value } else { value };
    rest = rest.get(len..).unwrap_or_default();
    let rb = rest.as_bytes();
    let kind = if rb.len() >= 4
        && rb.first().is_some_and(u8::is_ascii_uppercase)
        && rb
            .iter()
            .skip(1)
            .take(3)
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || *c == b' ')
    {
        let kind = rest.get(..4).unwrap_or_default();
        if strict && !matches!(rb.first(), Some(b'N' | b'F' | b'S')) {
            return Err(err("type", kind, "not N, F or S and three characters (strict)"));
        }
        rest = rest.get(4..).unwrap_or_default();
        Some(kind.trim_end().to_owned())
    } else if rest.trim().is_empty() && !strict {
        None
    } else {
        return Err(err("type", rest, "not a transaction type (N, F or S and three characters)"));
    };
    let (reference, bank) = match rest.find("//") {
        Some(p) => (rest.get(..p).unwrap_or_default(), rest.get(p + 2..)),
        None => (rest, None),
    };
    let mut supplementary: Vec<&str> = Vec::new();
    let mut customer = reference.trim();
    if bank.is_none() {
        // Rabobank: a reference padded to 16 characters, then a name.
        if let Some((cut, _)) = reference.char_indices().nth(16) {
            if reference.get(..cut).is_some_and(|r| r.ends_with(char::is_whitespace)) {
                customer = reference.get(..cut).unwrap_or_default().trim();
                let after = reference.get(cut..).unwrap_or_default().trim();
                if !after.is_empty() {
                    supplementary.push(after);
                }
            }
        }
    }
    let bank = bank.map(str::trim).filter(|r| !r.is_empty());
    if strict {
        if customer.is_empty() {
            return Err(err("reference", s, "no reference for the account owner (strict)"));
        }
        if customer.chars().count() > 16 {
            return Err(err("reference", customer, "longer than 16 characters (strict)"));
        }
        if let Some(bank) = bank {
            if bank.chars().count() > 16 {
                return Err(err("bank reference", bank, "longer than 16 characters (strict)"));
            }
        }
        if let Some(&(n, extra)) = more.get(1) {
            return Err(FileError::malformed(
                file,
                n,
                ":61: supplementary details",
                extra.trim(),
                "more than one line of supplementary details (strict)",
            )
            .into());
        }
    }
    for &(_, text) in more.iter().skip(used) {
        let text = text.trim();
        if strict && text.chars().count() > 34 {
            return Err(err("supplementary details", text, "longer than 34 characters (strict)"));
        }
        if !text.is_empty() {
            supplementary.push(text);
        }
    }
    Ok(ParsedLine {
        value_date,
        entry_date,
        amount,
        kind,
        customer_ref: (!customer.is_empty()).then(|| customer.to_owned()),
        bank_ref: bank.map(str::to_owned),
        supplementary: (!supplementary.is_empty()).then(|| supplementary.join(" ")),
    })
}

/// The entry date `MMDD` in the year that puts it nearest the value date (a line valued on
/// December 31 and entered on January 2 was entered the next year).
fn entry_year(value: NaiveDate, month: u32, day: u32) -> Option<NaiveDate> {
    let y = value.year();
    [y - 1, y, y + 1]
        .into_iter()
        .filter_map(|y| NaiveDate::from_ymd_opt(y, month, day))
        .min_by_key(|d| (*d - value).num_days().abs())
}

// ---------------------------------------------------------------------------------------------
// Line text

impl Pending {
    fn finish(self) -> StatementLine {
        let mut line = self.line;
        let info = if self.info.is_empty() { Info::default() } else { Info::read(&self.info) };
        let mut memo = String::new();
        for part in [self.supplementary.as_deref(), info.memo.as_deref(), Some(self.ns.as_str())]
            .into_iter()
            .flatten()
        {
            let part = part.trim();
            if part.is_empty() {
                continue;
            }
            if !memo.is_empty() {
                memo.push(' ');
            }
            memo.push_str(part);
        }
        line.memo = (!memo.is_empty()).then_some(memo);
        line.payee = info.payee;
        let is_cheque = line.kind.as_deref().is_some_and(|k| k.ends_with("CHK"));
        let customer = self.customer_ref.filter(|r| r != "NONREF");
        line.reference = match customer {
            Some(r) if is_cheque => {
                line.check_number = Some(r);
                None
            }
            // A pointer to the `:86:` keyword (`KREF+`, Rabobank's `EREF`).
            Some(r) if matches!(r.as_str(), "KREF+" | "KREF" | "EREF+" | "EREF") => {
                let value = if r.starts_with('K') { info.customer } else { info.end_to_end };
                value.or(Some(r))
            }
            Some(r) => Some(r),
            None => info.customer.or(info.end_to_end),
        };
        line
    }
}

/// What a `:86:` says.
#[derive(Debug, Default, PartialEq, Eq)]
struct Info {
    payee: Option<String>,
    memo: Option<String>,
    /// `EREF`.
    end_to_end: Option<String>,
    /// `KREF`.
    customer: Option<String>,
}

/// Some trimmed text, or nothing.
fn some(text: &str) -> Option<String> {
    let t = text.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

/// A reference that is not the word for none.
fn some_ref(text: &str) -> Option<String> {
    some(text).filter(|r| r != "NOTPROVIDED" && r != "NONREF")
}

impl Info {
    /// Reads the lines of a `:86:` (joined by `\n`, as written).
    fn read(raw: &str) -> Self {
        let flat: String = raw.split('\n').collect();
        let flat_start = flat.trim_start();
        if let Some(sep) = german_separator(flat_start) {
            if let Some(info) = Self::german(flat_start, sep) {
                return info;
            }
        }
        if let Some(info) = Self::slashes(&flat) {
            return info;
        }
        Self { memo: some(&join_lines(raw)), ..Self::default() }
    }

    /// German structured text (`NNN?00...?20...?32...`, `>20...`) with subfields after `sep`.
    fn german(s: &str, sep: u8) -> Option<Self> {
        let b = s.as_bytes();
        let start = if b.first() == Some(&sep) { 0 } else { 3 };
        if b.get(start) != Some(&sep) {
            return None;
        }
        let mut posting = String::new();
        let mut payee = String::new();
        let mut purpose = String::new();
        // Where each purpose subfield starts in `purpose`.
        let mut starts: Vec<usize> = Vec::new();
        let mut at = start;
        while at < b.len() {
            let id = s.get(at + 1..at + 3).unwrap_or_default();
            let mut end = at + 3;
            while end < b.len() {
                if b.get(end) == Some(&sep)
                    && b.get(end + 1).is_some_and(u8::is_ascii_digit)
                    && b.get(end + 2).is_some_and(u8::is_ascii_digit)
                {
                    break;
                }
                end += 1;
            }
            let text = s.get(at + 3..end.min(b.len())).unwrap_or_default();
            match id {
                "00" => posting.push_str(text),
                "32" | "33" => payee.push_str(text),
                _ if id.starts_with('2') || matches!(id, "60" | "61" | "62" | "63") => {
                    starts.push(purpose.len());
                    purpose.push_str(text);
                }
                _ => {}
            }
            at = end;
        }
        let (memo, end_to_end, customer) = sepa_purpose(&purpose, &starts);
        Some(Self {
            payee: some(&payee),
            memo: memo.or_else(|| some(&posting)),
            end_to_end,
            customer,
        })
    }

    /// SWIFT structured text: `/NAME/...`, `/REMI/...`.
    fn slashes(s: &str) -> Option<Self> {
        let t = s.trim_start();
        if !t.starts_with('/') {
            return None;
        }
        let b = t.as_bytes();
        // (key, where the key's `/` is, where its value starts)
        let mut keys: Vec<(&str, usize, usize)> = Vec::new();
        let mut i = 0;
        while i < b.len() {
            if b.get(i) == Some(&b'/') {
                let len = b.iter().skip(i + 1).take_while(|c| c.is_ascii_uppercase()).count();
                if (2..=4).contains(&len) && b.get(i + 1 + len) == Some(&b'/') {
                    let key = t.get(i + 1..i + 1 + len).unwrap_or_default();
                    if SWIFT_KEYS.contains(&key) {
                        keys.push((key, i, i + len + 2));
                        i += len + 2;
                        continue;
                    }
                }
            }
            i += 1;
        }
        if keys.is_empty() {
            return None;
        }
        let value = |key: &str| -> Option<&str> {
            let k = keys.iter().position(|(name, _, _)| *name == key)?;
            let (_, _, from) = keys.get(k)?;
            let to = keys.get(k + 1).map_or(t.len(), |(_, at, _)| *at);
            t.get(*from..to)
        };
        let payee = value("NAME")
            .and_then(some)
            .or_else(|| value("CNTP").and_then(|c| c.split('/').nth(2)).and_then(some))
            .or_else(|| {
                ["ORDP", "BENM"]
                    .into_iter()
                    .filter_map(value)
                    .find(|v| !v.trim().is_empty() && !v.starts_with('/'))
                    .and_then(some)
            });
        let memo = value("REMI").and_then(|r| {
            let r = r.trim();
            let r = ["USTD//", "USTD/", "STRD/CUR/", "STRD//", "STRD/"]
                .into_iter()
                .find_map(|p| r.strip_prefix(p))
                .unwrap_or(r);
            some(r.trim_end_matches('/'))
        });
        if payee.is_none() && memo.is_none() {
            return None;
        }
        let end_to_end = value("EREF").and_then(some_ref);
        Some(Self { payee, memo, end_to_end, customer: None })
    }
}

/// Keys of SWIFT structured `:86:` text (ABN AMRO, ING, Rabobank, Nordea, ...).
const SWIFT_KEYS: [&str; 27] = [
    "ACC", "ADDR", "BENM", "BIC", "BUSP", "CHGS", "CNTP", "CSID", "EREF", "EXCH", "IBAN", "INST",
    "ISDT", "MARF", "NAME", "OCMT", "ORDP", "PREF", "PURP", "REMI", "RTRN", "SVCL", "TRCD", "TRTP",
    "ULTB", "ULTC", "ULTD",
];

/// SEPA keywords of a German purpose (`EREF+`, `SVWZ+`, ...).
const SEPA_KEYS: [&str; 17] = [
    "EREF", "KREF", "MREF", "CRED", "DEBT", "SVWZ", "ABWA", "ABWE", "IBAN", "BIC", "PURP", "MDAT",
    "SQTP", "ORCR", "ORMR", "COAM", "OAMT",
];

/// Memo, end-to-end reference and customer reference of a German purpose: the memo is the
/// `SVWZ+` part when there is one, else the whole text. A keyword counts at the start of a
/// subfield or after a character that is not a letter or digit.
fn sepa_purpose(
    purpose: &str,
    starts: &[usize],
) -> (Option<String>, Option<String>, Option<String>) {
    let b = purpose.as_bytes();
    // (key, where the key starts, where its value starts)
    let mut found: Vec<(&str, usize, usize)> = Vec::new();
    for (q, _) in purpose.match_indices('+') {
        for key in SEPA_KEYS {
            let Some(at) = q.checked_sub(key.len()) else {
                continue;
            };
            if purpose.get(at..q) != Some(key) {
                continue;
            }
            let boundary = at == 0
                || starts.contains(&at)
                || b.get(at - 1).is_some_and(|c| !c.is_ascii_alphanumeric());
            if boundary {
                found.push((key, at, q + 1));
                break;
            }
        }
    }
    if found.is_empty() {
        return (some(purpose), None, None);
    }
    let value = |key: &str| -> Option<&str> {
        let k = found.iter().position(|(name, _, _)| *name == key)?;
        let (_, _, from) = found.get(k)?;
        let to = found.get(k + 1).map_or(purpose.len(), |(_, at, _)| *at);
        purpose.get(*from..to)
    };
    let memo = value("SVWZ").and_then(some).or_else(|| some(purpose));
    (memo, value("EREF").and_then(some_ref), value("KREF").and_then(some_ref))
}

/// The separator of German structured text (`166?00...`, `?20...`, `000>10...`, `>20...`):
/// an optional three-digit code, then `?` or `>` and two digits.
fn german_separator(s: &str) -> Option<u8> {
    let b = s.as_bytes();
    let start = if b.len() > 3 && b.iter().take(3).all(u8::is_ascii_digit) { 3 } else { 0 };
    let sep = *b.get(start)?;
    let marked = (sep == b'?' || sep == b'>')
        && b.get(start + 1).is_some_and(u8::is_ascii_digit)
        && b.get(start + 2).is_some_and(u8::is_ascii_digit);
    marked.then_some(sep)
}

/// The lines of a text joined by a space, or by nothing where a line is full (65 characters,
/// the SWIFT width) and does not end with a space: the bank cut it where the width ran out,
/// maybe mid-word.
fn join_lines(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut glue = false;
    for line in raw.split('\n') {
        let text = line.trim();
        if text.is_empty() {
            glue = false;
            continue;
        }
        if !out.is_empty() && (!glue || line.starts_with(char::is_whitespace)) {
            out.push(' ');
        }
        out.push_str(text);
        glue = line.chars().count() >= 65 && !line.ends_with(char::is_whitespace);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    fn one(text: &str) -> Statement {
        let mut all = parse(text.as_bytes(), "t.sta", &Mt940Options::default())
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(all.len(), 1, "one statement");
        all.remove(0)
    }

    fn error(text: &str, options: &Mt940Options) -> FileError {
        match parse(text.as_bytes(), "t.sta", options) {
            Err(crate::Error::File(e)) => e,
            other => panic!("expected a file error, got {other:?}"),
        }
    }

    #[test]
    fn marks_and_reversals() {
        let st = one(":20:X\n:25:1\n:28C:1\n:60F:C240101EUR10,00\n\
             :61:240102D1,00NTRFNONREF\n:61:240102C2,00NTRFNONREF\n\
             :61:240102RD3,00NTRFNONREF\n:61:240102RC4,00NTRFNONREF\n\
             :61:240102DR5,00NTRFNONREF\n:62F:D240102EUR5,00\n");
        let amounts: Vec<Decimal> = st.lines.iter().map(|l| l.amount).collect();
        assert_eq!(amounts, [dec!(-1.00), dec!(2.00), dec!(3.00), dec!(-4.00), dec!(-5.00)]);
        assert_eq!(st.closing_balance.map(|b| b.amount), Some(dec!(-5.00)));
    }

    #[test]
    fn entry_date_across_the_new_year() {
        let st = one(":20:X\n:61:2412310102C1,NTRFNONREF\n:61:2501021231D1,NTRFNONREF\n");
        let l = &st.lines;
        assert_eq!(
            l.first().map(|l| (l.date, l.posted_date)),
            Some((day(2024, 12, 31), Some(day(2025, 1, 2))))
        );
        assert_eq!(
            l.get(1).map(|l| (l.date, l.posted_date)),
            Some((day(2025, 1, 2), Some(day(2024, 12, 31))))
        );
    }

    #[test]
    fn amounts_as_written() {
        for (text, want) in [
            ("500,", dec!(500)),
            ("0,", dec!(0)),
            (",5", dec!(0.5)),
            ("1234,56", dec!(1234.56)),
            ("500", dec!(500)),
        ] {
            assert_eq!(amount(text, false), Ok(want), "{text}");
        }
        for text in ["", ",", "1,2,3", "1.5", "-1,0", "1 0"] {
            assert!(amount(text, false).is_err(), "{text}");
        }
        assert!(amount("500", true).is_err(), "strict wants the comma");
    }

    #[test]
    fn account_forms() {
        assert_eq!(
            split_account("BPHKPLPK/320000546101", Some("PLN")),
            (Some("BPHKPLPK"), "320000546101", None)
        );
        assert_eq!(
            split_account("1291.99.348EUR", Some("EUR")),
            (None, "1291.99.348", Some("EUR"))
        );
        assert_eq!(
            split_account("51210600/9223382012EUR", None),
            (Some("51210600"), "9223382012", Some("EUR"))
        );
        assert_eq!(
            split_account("UBRTHUHB/123456789150ABCDEF002/HUF", Some("HUF")),
            (Some("UBRTHUHB"), "123456789150ABCDEF002", Some("HUF"))
        );
        assert_eq!(
            split_account("NL71RABO0123456789", Some("EUR")),
            (None, "NL71RABO0123456789", None)
        );
        assert_eq!(split_account("GJB0291077111", None), (None, "GJB0291077111", None));
        assert_eq!(
            split_account("12345USD", Some("EUR")),
            (None, "12345USD", None),
            "not the balance's currency"
        );
        assert_eq!(split_account("12345/EUR", Some("EUR")), (None, "12345", Some("EUR")));
        assert_eq!(split_account("BANK/ABC", None), (Some("BANK"), "ABC", None));
    }

    #[test]
    fn german_structured_text() {
        let info = Info::read(
            "166?00GUTSCHRIFT?109310?20EREF+E2E-1?21SVWZ+Rechnung 4711 vom?221.2.\n\
             ?3012345678?31DE12?32Max Muster?33mann GmbH",
        );
        assert_eq!(info.payee.as_deref(), Some("Max Mustermann GmbH"));
        assert_eq!(info.memo.as_deref(), Some("Rechnung 4711 vom1.2."));
        assert_eq!(info.end_to_end.as_deref(), Some("E2E-1"));
        let plain = Info::read("020?00Wyplata?20INFO?21 MORE?32NAME");
        assert_eq!(plain.memo.as_deref(), Some("INFO MORE"));
        let posting_only = Info::read("805?00ENTGELTABSCHLUSS?106666");
        assert_eq!(posting_only.memo.as_deref(), Some("ENTGELTABSCHLUSS"));
        let polish = Info::read(">20Oplata za rachunek>31>32OFFICE GROUP");
        assert_eq!(polish.payee.as_deref(), Some("OFFICE GROUP"));
        assert_eq!(polish.memo.as_deref(), Some("Oplata za rachunek"));
    }

    #[test]
    fn swift_structured_text() {
        let info = Info::read(
            "/EREF/01-01-2013 12:00 0030000987654321/BENM//NAME/CONTRA ACCOUN\n\
             T HOLDER/REMI/Invoice 7/ISDT/2013-07-11",
        );
        assert_eq!(info.payee.as_deref(), Some("CONTRA ACCOUNT HOLDER"), "lines cut anywhere");
        assert_eq!(info.memo.as_deref(), Some("Invoice 7"));
        assert_eq!(info.end_to_end.as_deref(), Some("01-01-2013 12:00 0030000987654321"));
        let spaced = Info::read("/NAME/J \nDOE/REMI/x");
        assert_eq!(spaced.payee.as_deref(), Some("J DOE"));
        let ing =
            Info::read("/CNTP/NL12INGB0001234567/INGBNL2A/J Doe/Amsterdam/REMI/USTD//Invoice 123/");
        assert_eq!(ing.payee.as_deref(), Some("J Doe"));
        assert_eq!(ing.memo.as_deref(), Some("Invoice 123"));
        let text = Info::read("/no keys here/ at all");
        assert_eq!(text.memo.as_deref(), Some("/no keys here/ at all"));
    }

    #[test]
    fn free_text_lines() {
        let full = "A".repeat(64) + "B";
        assert_eq!(join_lines(&format!("{full}\nCD")), format!("{full}CD"), "a full line goes on");
        assert_eq!(join_lines("short\nnext"), "short next");
        assert_eq!(join_lines("x  \n   \ny"), "x y");
        let german = Info::read("166?00GUT?20Gehalt Okt\nober?2\n1Firma?32MUEL\nLER");
        assert_eq!(
            german.memo.as_deref(),
            Some("Gehalt OktoberFirma"),
            "subfields are cut anywhere"
        );
        assert_eq!(german.payee.as_deref(), Some("MUELLER"));
    }

    #[test]
    fn statement_info_is_not_a_line_memo() {
        let st = one(":20:X\n:60F:C240101EUR0,\n:86:about the account\n:61:240101C1,NTRFNONREF\n:62F:C240101EUR1,\n:86:totals\n");
        assert_eq!(st.lines.len(), 1);
        assert_eq!(st.lines.first().and_then(|l| l.memo.clone()), None);
    }

    #[test]
    fn broken_input_is_an_error() {
        let lenient = Mt940Options::default();
        let e = error(":20:X\n:61:160230D1,NTRFNONREF\n", &lenient);
        assert!(
            matches!(&e, FileError::Malformed { line: 2, field, value, .. } if field == ":61: value date" && value == "160230"),
            "{e}"
        );
        let e = error(":20:X\n:60F:C240101EUR1,0x\n", &lenient);
        assert!(
            matches!(&e, FileError::Malformed { line: 2, field, .. } if field == ":60F: amount"),
            "{e}"
        );
        let e = error(":20:X\n:61:240101X1,NTRF\n", &lenient);
        assert!(matches!(&e, FileError::Malformed { field, .. } if field == ":61: mark"), "{e}");
        let e = error(":20:X\n:25:1\nmore text\n", &lenient);
        assert!(
            matches!(&e, FileError::Malformed { line: 3, field, .. } if field == ":25:"),
            "{e}"
        );
        assert!(matches!(error("", &lenient), FileError::Unreadable { .. }));
        assert!(matches!(error("hello\nworld\n", &lenient), FileError::Unreadable { .. }));
        for cut in [
            ":61:",
            ":61:24",
            ":61:240101",
            ":61:240101C",
            ":60F:C",
            ":60F:C2401",
            ":13D:",
            ":90D:",
            ":34F:E",
        ] {
            let text = format!(":20:X\n{cut}\n");
            assert!(parse(text.as_bytes(), "t", &lenient).is_err(), "{cut}");
        }
    }

    #[test]
    fn strict_rules() {
        let strict = Mt940Options { strict: true, ..Mt940Options::default() };
        let good = ":20:X\n:25:1\n:28C:1/1\n:60F:C240101EUR1,00\n:61:2401010101D1,00NTRFNONREF\n:86:x\n:62F:C240101EUR0,00\n";
        assert!(parse(good.as_bytes(), "t", &strict).is_ok());
        let unbalanced = good.replace(":62F:C240101EUR0,00", ":62F:C240101EUR2,00");
        let e = error(&unbalanced, &strict);
        assert!(matches!(&e, FileError::Malformed { line: 7, .. }), "{e}");
        let no_account = good.replace(":25:1\n", "");
        let e = error(&no_account, &strict);
        assert!(
            matches!(&e, FileError::Malformed { line: 2, field, .. } if field == ":28C:"),
            "{e}"
        );
        assert!(parse(no_account.as_bytes(), "t", &Mt940Options::default()).is_ok(), "lenient");
    }

    #[test]
    fn cp852() {
        let st = parse(
            b":20:X\n:61:240101C1,NTRFNONREF\n\xa0tutal\xa0s\n",
            "t",
            &Mt940Options { encoding: Encoding::Cp852, ..Mt940Options::default() },
        )
        .unwrap_or_default();
        assert_eq!(
            st.first().and_then(|s| s.lines.first()).and_then(|l| l.memo.clone()).as_deref(),
            Some("átutalás")
        );
    }
}
