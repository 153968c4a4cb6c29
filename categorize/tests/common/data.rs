//! Small readers for ../shared/data: enough of OFX (SGML, one tag a line) and beancount (dated
//! transactions with postings) for categorization tests; this crate may not depend on core.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::str::FromStr;

/// One OFX statement line.
#[derive(Debug, Clone)]
pub struct OfxRow {
    pub date: NaiveDate,
    pub amount: Decimal,
    pub name: String,
    pub memo: Option<String>,
}

/// Path of a file under ../shared/data.
pub fn shared(path: &str) -> String {
    format!("{}/../../shared/data/{path}", env!("CARGO_MANIFEST_DIR"))
}

/// The `<STMTTRN>` rows of an OFX 1.x file.
pub fn read_ofx(path: &str) -> Vec<OfxRow> {
    let text = std::fs::read_to_string(path).expect("read OFX");
    let mut rows = Vec::new();
    for block in text.split("<STMTTRN>").skip(1) {
        let block = block.split("</STMTTRN>").next().unwrap_or(block);
        let tag = |name: &str| {
            block.lines().find_map(|l| {
                l.trim()
                    .strip_prefix(&format!("<{name}>"))
                    .map(|v| v.split('<').next().unwrap_or(v).trim().to_owned())
            })
        };
        let date_text = tag("DTPOSTED").expect("DTPOSTED");
        let date = NaiveDate::parse_from_str(&date_text[..8], "%Y%m%d").expect("date");
        let amount = Decimal::from_str(&tag("TRNAMT").expect("TRNAMT")).expect("amount");
        rows.push(OfxRow {
            date,
            amount,
            name: tag("NAME").unwrap_or_default(),
            memo: tag("MEMO"),
        });
    }
    rows
}

/// A beancount transaction of smart_importer's sets.
#[derive(Debug, Clone)]
pub struct BeanTx {
    pub date: NaiveDate,
    pub payee: String,
    pub narration: String,
    /// (account, amount) of postings with an amount.
    pub funded: Vec<(String, Decimal)>,
    /// Accounts of postings without an amount (the category).
    pub open: Vec<String>,
}

/// The `# TRAINING`, `# INPUT` and `# EXPECTED` sections of a smart_importer set.
pub struct BeanSet {
    pub training: Vec<BeanTx>,
    pub input: Vec<BeanTx>,
    pub expected: Vec<BeanTx>,
}

pub fn read_beancount_set(path: &str) -> BeanSet {
    let text = std::fs::read_to_string(path).expect("read beancount");
    let mut set = BeanSet { training: Vec::new(), input: Vec::new(), expected: Vec::new() };
    let mut section = "";
    let mut current: Option<BeanTx> = None;
    let flush = |section: &str, tx: Option<BeanTx>, set: &mut BeanSet| {
        if let Some(tx) = tx {
            match section {
                "TRAINING" => set.training.push(tx),
                "INPUT" => set.input.push(tx),
                "EXPECTED" => set.expected.push(tx),
                _ => {}
            }
        }
    };
    for line in text.lines() {
        if let Some(name) = line.strip_prefix("# ") {
            flush(section, current.take(), &mut set);
            section = match name.trim() {
                "TRAINING" => "TRAINING",
                "INPUT" => "INPUT",
                "EXPECTED" => "EXPECTED",
                _ => "",
            };
            continue;
        }
        if line.starts_with(char::is_whitespace) && !line.trim().is_empty() {
            if let Some(tx) = current.as_mut() {
                let parts: Vec<&str> = line.split_whitespace().collect();
                match parts.as_slice() {
                    [account, amount, _currency, ..] => tx
                        .funded
                        .push(((*account).to_owned(), Decimal::from_str(amount).expect("amount"))),
                    [account] => tx.open.push((*account).to_owned()),
                    _ => {}
                }
            }
            continue;
        }
        flush(section, current.take(), &mut set);
        let Some((date, rest)) = line.split_once(' ') else { continue };
        let Ok(date) = NaiveDate::parse_from_str(date, "%Y-%m-%d") else { continue };
        let rest = rest.trim_start();
        if !rest.starts_with('*') && !rest.starts_with('!') {
            continue; // open, balance and other directives
        }
        let quoted: Vec<&str> = rest.split('"').skip(1).step_by(2).collect();
        let (payee, narration) = match quoted.as_slice() {
            [p, n, ..] => ((*p).to_owned(), (*n).to_owned()),
            [n] => (String::new(), (*n).to_owned()),
            [] => (String::new(), String::new()),
        };
        current = Some(BeanTx { date, payee, narration, funded: Vec::new(), open: Vec::new() });
    }
    flush(section, current.take(), &mut set);
    set
}
