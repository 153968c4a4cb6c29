//! Payee normalization: one merchant, one name. Bank descriptors carry card numbers, store
//! numbers, dates, reference codes and payment-processor prefixes ("SQ *", "PAYPAL *",
//! "AMZN Mktp US*2K4...") that make the same merchant look different on every statement. Payee
//! memory and the classifier key on the normalized name, so this runs for every transaction: it
//! is a hand-written token pass (no regex) to keep prediction above 200,000 transactions a second.

/// Processor or network prefixes written before a `*` whose real merchant follows the `*`
/// ("SQ *BLUE BOTTLE", "PAYPAL *SPOTIFY", "TST* JOE'S").
const PROCESSOR_PREFIXES: [&str; 14] = [
    "SQ",
    "SQU",
    "TST",
    "PAYPAL",
    "PP",
    "SP",
    "FS",
    "DLO",
    "HIS",
    "PADDLE.NET",
    "AMZ",
    "GOOGLE",
    "APL",
    "IN",
];

/// Words that follow a merchant name but do not name it: legal forms and filler.
const TRAILING_NOISE: [&str; 18] = [
    "INC", "LLC", "LTD", "CORP", "CO", "GMBH", "AG", "SA", "BV", "PTE", "PLC", "LIMITED", "US",
    "USA", "POS", "PURCHASE", "DEBIT", "CARD",
];

/// Words that lead a descriptor without naming the merchant.
const LEADING_NOISE: [&str; 8] =
    ["POS", "DEBIT", "PURCHASE", "CARD", "CHECKCARD", "RECURRING", "PREAUTHORIZED", "ACH"];

/// Well-known merchant spellings mapped to one name (after the cleaning below, upper case).
const ALIASES: [(&str, &str); 9] = [
    ("AMZN MKTP", "AMAZON"),
    ("AMZN", "AMAZON"),
    ("AMAZON MKTPLACE PMTS", "AMAZON"),
    ("AMAZON MARKETPLACE", "AMAZON"),
    ("AMAZON PAYMENTS", "AMAZON"),
    ("AMAZON COM", "AMAZON"),
    ("FACEBK", "FACEBOOK"),
    ("NAME-CHEAP", "NAMECHEAP"),
    ("APPLE COM/BILL", "APPLE"),
];

/// US state codes, dropped when they end a descriptor of three or more words.
const US_STATES: [&str; 51] = [
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS",
    "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY",
    "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV",
    "WI", "WY", "DC",
];

/// The normalized name of a raw payee or bank descriptor, in upper case ("" when nothing is
/// left, e.g. a descriptor made only of numbers).
///
/// # Examples
///
/// ```
/// use tally_categorize::normalize_payee;
/// assert_eq!(normalize_payee("SQ *BLUE BOTTLE COFFEE #123"), "BLUE BOTTLE COFFEE");
/// assert_eq!(normalize_payee("AMZN Mktp US*2K4AB12C3"), "AMAZON");
/// assert_eq!(normalize_payee("PAYPAL *SPOTIFY 4029357733"), "SPOTIFY");
/// assert_eq!(normalize_payee("Microsoft-G058151698"), "MICROSOFT");
/// ```
pub fn normalize_payee(raw: &str) -> String {
    // A descriptor with `;` fields (bank exports joining merchant, channel and account holder)
    // names the merchant in its first field.
    let first = raw.split(';').next().unwrap_or(raw);
    let upper = first.to_uppercase();
    let text = strip_processor(&upper);
    let mut words: Vec<String> = Vec::new();
    for raw_word in text.split(|c: char| c.is_whitespace() || c == ',' || c == '#' || c == '@') {
        if let Some(word) = clean_word(raw_word) {
            words.push(word);
        }
    }
    // Trailing words that are codes, numbers, states or legal forms go, one by one.
    while words.len() > 1 {
        let last = words.last().map(String::as_str).unwrap_or("");
        let drop = TRAILING_NOISE.contains(&last)
            || (words.len() >= 3 && US_STATES.contains(&last))
            || last.len() == 1;
        if drop {
            words.pop();
        } else {
            break;
        }
    }
    while words.len() > 1 && LEADING_NOISE.contains(&words[0].as_str()) {
        words.remove(0);
    }
    let joined = words.join(" ");
    for (from, to) in ALIASES {
        if joined == from || joined.starts_with(&format!("{from} ")) {
            return to.to_owned();
        }
    }
    joined
}

/// Applies the `*` convention: "PREFIX *MERCHANT" keeps the merchant when the prefix is a known
/// processor or repeats the merchant ("ADOBE *ADOBE"); "MERCHANT*REFCODE" keeps the merchant.
fn strip_processor(text: &str) -> String {
    let Some(star) = text.find('*') else {
        return text.to_owned();
    };
    let before = text[..star].trim();
    let after = text[star + 1..].trim();
    // The merchant's first word ends at a space or at the next `*` ("TST* DOORDASH*692B41").
    let after_first = after.split(|c: char| c.is_whitespace() || c == '*').next().unwrap_or("");
    if before.is_empty() {
        return after.to_owned();
    }
    // The prefix may follow leading noise ("POS DEBIT SQ *MERCHANT"): its last word counts.
    let before_last = before.split_whitespace().last().unwrap_or(before);
    let is_prefix =
        PROCESSOR_PREFIXES.contains(&before) || PROCESSOR_PREFIXES.contains(&before_last);
    if is_prefix && !after.is_empty() && !looks_like_code(after_first) {
        return strip_processor(after);
    }
    // "PADDLE.NET* ERANK" style: a payment platform's domain before the star.
    if before.ends_with(".NET") && !after.is_empty() && !looks_like_code(after_first) {
        return strip_processor(after);
    }
    before.to_owned()
}

/// True for reference codes: a word of five or more characters mixing digits and letters, or
/// made of digits and separators only.
fn looks_like_code(word: &str) -> bool {
    let digits = word.chars().filter(char::is_ascii_digit).count();
    if digits == 0 {
        return false;
    }
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    letters == 0 || (word.chars().count() >= 5 && digits >= 1) || digits >= 3
}

/// One cleaned word, or `None` when the word is a number, a code, a masked card number or a
/// date. Domains lose `WWW.` and their suffix ("WWW.FIVERR.COM" -> "FIVERR").
fn clean_word(raw: &str) -> Option<String> {
    let trimmed = raw.trim_matches(|c: char| !c.is_alphanumeric() && c != '&' && c != '\'');
    if trimmed.is_empty() {
        return None;
    }
    // A word joined to a code by `-` ("MICROSOFT-G058151698") keeps its leading part.
    let trimmed = match trimmed.split_once('-') {
        Some((head, tail)) if looks_like_code(tail) && !head.is_empty() => head,
        _ => trimmed,
    };
    if looks_like_code(trimmed) || trimmed.chars().all(|c| c == 'X' || c.is_ascii_digit()) {
        return None;
    }
    let mut word = trimmed.strip_prefix("WWW.").unwrap_or(trimmed);
    for suffix in [".COM", ".NET", ".ORG", ".CO"] {
        if let Some(stripped) = word.strip_suffix(suffix) {
            word = stripped;
        }
    }
    let word = word.trim_end_matches('.');
    if word.is_empty() {
        return None;
    }
    Some(word.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_processor_prefixes_and_codes() {
        assert_eq!(normalize_payee("SQ *BLUE BOTTLE"), "BLUE BOTTLE");
        assert_eq!(normalize_payee("TST* Joe's Pizza 0042"), "JOE'S PIZZA");
        assert_eq!(normalize_payee("PAYPAL *NETFLIX"), "NETFLIX");
        assert_eq!(normalize_payee("AMZN Mktp US*2K4AB12C3"), "AMAZON");
        assert_eq!(normalize_payee("FACEBK *VGCEWLUF92"), "FACEBOOK");
        assert_eq!(normalize_payee("NAME-CHEAP.COM* T0N0PH"), "NAMECHEAP");
        assert_eq!(normalize_payee("HIS*HISCOX INC"), "HISCOX");
        assert_eq!(normalize_payee("ADOBE  *ADOBE"), "ADOBE");
        assert_eq!(normalize_payee("ADOBE INC."), "ADOBE");
        assert_eq!(normalize_payee("POS DEBIT SQ *SAFEWAY STORE XXXX1234"), "SAFEWAY STORE");
        assert_eq!(normalize_payee("TST* DOORDASH*692B41"), "DOORDASH");
        assert_eq!(normalize_payee("SQ *ALDI*C4ED45"), "ALDI");
    }

    #[test]
    fn strips_card_numbers_store_numbers_and_dates() {
        assert_eq!(normalize_payee("STARBUCKS STORE #12345 SEATTLE WA"), "STARBUCKS STORE SEATTLE");
        assert_eq!(normalize_payee("CHECKCARD 0312 SHELL OIL 57442 XXXX1234"), "SHELL OIL");
        assert_eq!(normalize_payee("UBER 12/03 TRIP"), "UBER TRIP");
        assert_eq!(normalize_payee("COINBASE INC.; B4E4258E; ROLAND"), "COINBASE");
        assert_eq!(normalize_payee("MICROSOFT#G080419622"), "MICROSOFT");
        assert_eq!(normalize_payee("www.fiverr.com"), "FIVERR");
    }

    #[test]
    fn nothing_left_is_empty() {
        assert_eq!(normalize_payee("12345 6789"), "");
        assert_eq!(normalize_payee(""), "");
    }
}
