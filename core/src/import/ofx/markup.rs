//! The markup layer of the OFX reader: one tokenizer for OFX 1 (SGML, where a leaf's end tag
//! is optional and some banks omit every end tag) and OFX 2 (XML) alike, plus the line counter
//! that turns byte offsets into the 1-based lines of error messages.
//!
//! It only splits the text into start tags (with the text that follows them) and end tags; the
//! reader above decides what is an aggregate and what is a value. Text is borrowed from the
//! input unless it holds an entity (`&amp;`) or a CDATA section, so a well-behaved file is
//! read without an allocation per tag.

use std::borrow::Cow;

/// One tag of the markup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Token<'a> {
    /// `<NAME>` and the text up to the next tag, trimmed and unescaped. `closed` when `</NAME>`
    /// followed at once (then consumed) or the tag was written `<NAME/>`.
    Open {
        /// The name as written.
        name: &'a str,
        /// Byte offset of the `<`.
        offset: usize,
        /// The text after the tag (empty for an aggregate).
        text: Cow<'a, str>,
        /// Whether the element was closed right after its text.
        closed: bool,
    },
    /// `</NAME>`.
    Close {
        /// The name as written.
        name: &'a str,
        /// Byte offset of the `<`.
        offset: usize,
    },
}

/// Markup that never ends (`<!--` with no `-->`, a `<` with no `>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Unterminated {
    /// Byte offset where it starts.
    pub offset: usize,
    /// What it is.
    pub what: &'static str,
}

/// Reads [`Token`]s from a text.
pub(super) struct Tokenizer<'a> {
    src: &'a str,
    pos: usize,
}

impl<'a> Tokenizer<'a> {
    /// Reads `src` from byte `pos` on.
    pub fn new(src: &'a str, pos: usize) -> Self {
        Self { src, pos }
    }

    /// The offset the next token is looked for at.
    pub fn position(&self) -> usize {
        self.pos
    }

    /// The next tag, `None` at the end of the text. Comments, processing instructions,
    /// declarations and text outside a value are skipped.
    pub fn next_token(&mut self) -> Result<Option<Token<'a>>, Unterminated> {
        let bytes = self.src.as_bytes();
        loop {
            let Some(lt) = find_byte(bytes, self.pos, b'<') else {
                self.pos = bytes.len();
                return Ok(None);
            };
            let rest = bytes.get(lt..).unwrap_or_default();
            if let Some(skip) = skip_markup(bytes, lt, rest) {
                self.pos = skip?;
                continue;
            }
            let gt = find_byte(bytes, lt + 1, b'>')
                .ok_or(Unterminated { offset: lt, what: "tag (no '>')" })?;
            self.pos = gt + 1;
            if rest.starts_with(b"</") {
                let name = self.src.get(lt + 2..gt).unwrap_or_default().trim();
                if name.is_empty() {
                    continue;
                }
                return Ok(Some(Token::Close { name, offset: lt }));
            }
            let inner = self.src.get(lt + 1..gt).unwrap_or_default();
            let name_end =
                inner.find(|c: char| c.is_ascii_whitespace() || c == '/').unwrap_or(inner.len());
            let name = inner.get(..name_end).unwrap_or_default();
            if name.is_empty() {
                // A stray `<` in text (`<>`, `< 5`): not a tag.
                continue;
            }
            if inner.ends_with('/') {
                return Ok(Some(Token::Open {
                    name,
                    offset: lt,
                    text: Cow::Borrowed(""),
                    closed: true,
                }));
            }
            let text = self.read_text()?;
            let closed = self.eat_close(name);
            return Ok(Some(Token::Open { name, offset: lt, text, closed }));
        }
    }

    /// The text from here to the next tag, with CDATA sections and comments in it resolved.
    fn read_text(&mut self) -> Result<Cow<'a, str>, Unterminated> {
        let src: &'a str = self.src;
        let bytes = src.as_bytes();
        let start = self.pos;
        let end = find_byte(bytes, start, b'<').unwrap_or(bytes.len());
        let rest = bytes.get(end..).unwrap_or_default();
        if !rest.starts_with(b"<![CDATA[") && !rest.starts_with(b"<!--") {
            self.pos = end;
            return Ok(unescape(src.get(start..end).unwrap_or_default().trim()));
        }
        let mut out = String::new();
        let mut from = start;
        loop {
            let end = find_byte(bytes, from, b'<').unwrap_or(bytes.len());
            out.push_str(&unescape(src.get(from..end).unwrap_or_default()));
            let rest = bytes.get(end..).unwrap_or_default();
            if rest.starts_with(b"<![CDATA[") {
                let body = end + b"<![CDATA[".len();
                let close = find_seq(bytes, body, b"]]>")
                    .ok_or(Unterminated { offset: end, what: "CDATA section (no ']]>')" })?;
                out.push_str(src.get(body..close).unwrap_or_default());
                from = close + 3;
            } else if rest.starts_with(b"<!--") {
                let close = find_seq(bytes, end + 4, b"-->")
                    .ok_or(Unterminated { offset: end, what: "comment (no '-->')" })?;
                from = close + 3;
            } else {
                self.pos = end;
                break;
            }
        }
        let trimmed = out.trim();
        Ok(Cow::Owned(if trimmed.len() == out.len() { out } else { trimmed.to_owned() }))
    }

    /// Consumes `</name>` if it comes next.
    fn eat_close(&mut self, name: &str) -> bool {
        let bytes = self.src.as_bytes();
        let rest = bytes.get(self.pos..).unwrap_or_default();
        let Some(after) = rest.strip_prefix(b"</") else {
            return false;
        };
        let matches =
            after.get(..name.len()).is_some_and(|n| n.eq_ignore_ascii_case(name.as_bytes()));
        if !matches {
            return false;
        }
        let mut i = self.pos + 2 + name.len();
        while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        if bytes.get(i) == Some(&b'>') {
            self.pos = i + 1;
            true
        } else {
            false
        }
    }
}

/// Where markup that is not a tag ends: `Some(Ok(next))` for a comment, a processing
/// instruction, a declaration or a stray CDATA section starting at `lt`; `None` for a tag.
fn skip_markup(bytes: &[u8], lt: usize, rest: &[u8]) -> Option<Result<usize, Unterminated>> {
    let (open_len, close, what): (usize, &[u8], &'static str) = if rest.starts_with(b"<!--") {
        (4, b"-->", "comment (no '-->')")
    } else if rest.starts_with(b"<![CDATA[") {
        (9, b"]]>", "CDATA section (no ']]>')")
    } else if rest.starts_with(b"<?") {
        (2, b"?>", "processing instruction (no '?>')")
    } else if rest.starts_with(b"<!") {
        (2, b">", "declaration (no '>')")
    } else {
        return None;
    };
    Some(
        find_seq(bytes, lt + open_len, close)
            .map(|at| at + close.len())
            .ok_or(Unterminated { offset: lt, what }),
    )
}

/// The first `needle` at or after `from`.
pub(super) fn find_byte(hay: &[u8], from: usize, needle: u8) -> Option<usize> {
    hay.get(from..)?.iter().position(|&b| b == needle).map(|i| i + from)
}

/// The first `pat` at or after `from`.
pub(super) fn find_seq(hay: &[u8], from: usize, pat: &[u8]) -> Option<usize> {
    let first = *pat.first()?;
    let mut at = from;
    while let Some(p) = find_byte(hay, at, first) {
        if hay.get(p..p + pat.len()) == Some(pat) {
            return Some(p);
        }
        at = p + 1;
    }
    None
}

/// Resolves the character references of XML and OFX SGML (`&amp;`, `&lt;`, `&gt;`, `&quot;`,
/// `&apos;`, `&nbsp;`, `&#38;`, `&#x26;`). An `&` that starts none of them is kept as written
/// (SGML files often carry a bare `AT&T`).
pub(super) fn unescape(raw: &str) -> Cow<'_, str> {
    if !raw.contains('&') {
        return Cow::Borrowed(raw);
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        out.push_str(rest.get(..amp).unwrap_or_default());
        let after = rest.get(amp + 1..).unwrap_or_default();
        let entity = after.find(';').filter(|&semi| semi <= 10).and_then(|semi| {
            let name = after.get(..semi)?;
            let c = match name {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                "nbsp" => '\u{a0}',
                _ => {
                    let code = if let Some(hex) =
                        name.strip_prefix("#x").or_else(|| name.strip_prefix("#X"))
                    {
                        u32::from_str_radix(hex, 16).ok()?
                    } else {
                        name.strip_prefix('#')?.parse::<u32>().ok()?
                    };
                    char::from_u32(code)?
                }
            };
            Some((c, semi))
        });
        match entity {
            Some((c, semi)) => {
                out.push(c);
                rest = after.get(semi + 1..).unwrap_or_default();
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Turns byte offsets into 1-based line numbers, counting `\n`, `\r\n` and a lone `\r` as one
/// line break each. Offsets asked in increasing order cost one pass over the text in all.
#[derive(Debug, Clone)]
pub(super) struct LineCounter {
    pos: usize,
    line: u64,
}

impl LineCounter {
    /// At the start of the text.
    pub fn new() -> Self {
        Self { pos: 0, line: 1 }
    }

    /// The line of byte `offset` of `src`.
    pub fn line_at(&mut self, src: &[u8], offset: usize) -> u64 {
        if offset < self.pos {
            *self = Self::new();
        }
        let end = offset.min(src.len());
        let chunk = src.get(self.pos..end).unwrap_or_default();
        let mut breaks = chunk.iter().filter(|&&b| b == b'\n').count() as u64;
        if chunk.contains(&b'\r') {
            for (i, &b) in chunk.iter().enumerate() {
                if b == b'\r' && src.get(self.pos + i + 1) != Some(&b'\n') {
                    breaks += 1;
                }
            }
        }
        self.line += breaks;
        self.pos = end;
        self.line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(src: &str) -> Vec<Token<'_>> {
        let mut t = Tokenizer::new(src, 0);
        let mut out = Vec::new();
        while let Some(tok) = t.next_token().expect("tokens") {
            out.push(tok);
        }
        out
    }

    fn open<'a>(name: &'a str, offset: usize, text: &'a str, closed: bool) -> Token<'a> {
        Token::Open { name, offset, text: Cow::Borrowed(text), closed }
    }

    #[test]
    fn sgml_leaves_without_end_tags() {
        let got = tokens("<STMTTRN><TRNAMT>-12.50\n <NAME>A &amp; B</STMTTRN>");
        assert_eq!(
            got,
            vec![
                open("STMTTRN", 0, "", false),
                open("TRNAMT", 9, "-12.50", false),
                Token::Open {
                    name: "NAME",
                    offset: 25,
                    text: Cow::Owned("A & B".into()),
                    closed: false
                },
                Token::Close { name: "STMTTRN", offset: 40 },
            ]
        );
    }

    #[test]
    fn xml_elements_cdata_and_comments() {
        let src = "<?xml version=\"1.0\"?><!-- c --><NAME><![CDATA[ A<B ]]></NAME><E/><F></F >";
        let got = tokens(src);
        assert_eq!(got.len(), 3);
        assert_eq!(
            got.first(),
            Some(&Token::Open {
                name: "NAME",
                offset: 31,
                text: Cow::Owned("A<B".into()),
                closed: true
            })
        );
        assert_eq!(got.get(1), Some(&open("E", 61, "", true)));
        assert_eq!(got.get(2), Some(&open("F", 65, "", true)));
    }

    #[test]
    fn unterminated_markup_is_reported() {
        // The comment is met while reading the text after <OFX>.
        let mut t = Tokenizer::new("<OFX><!-- never ends", 0);
        assert_eq!(t.next_token(), Err(Unterminated { offset: 5, what: "comment (no '-->')" }));
        let mut t = Tokenizer::new("<OFX><NAME", 0);
        assert!(matches!(t.next_token(), Ok(Some(_))));
        assert_eq!(t.next_token().map_err(|e| e.offset), Err(5));
    }

    #[test]
    fn entities() {
        assert_eq!(unescape("AT&T"), "AT&T");
        assert_eq!(unescape("S&amp;P &lt;1&gt; &#233;&#xE9; &quot;x&apos;"), "S&P <1> éé \"x'");
        assert_eq!(unescape("a & b;"), "a & b;");
        assert_eq!(unescape("&#xD800;"), "&#xD800;");
    }

    #[test]
    fn lines_with_every_break_style() {
        let src = b"a\r\nb\rc\nd";
        let mut lines = LineCounter::new();
        assert_eq!(lines.line_at(src, 0), 1);
        assert_eq!(lines.line_at(src, 3), 2);
        assert_eq!(lines.line_at(src, 5), 3);
        assert_eq!(lines.line_at(src, 7), 4);
        assert_eq!(lines.line_at(src, 2), 1, "going back recounts");
        assert_eq!(lines.line_at(src, 99), 4);
    }
}
