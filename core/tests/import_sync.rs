//! Bank-sync payloads (Plaid `/transactions/sync`, GoCardless, SimpleFIN) read by
//! `tally_core::import::sync`, on the shared data of other projects and on realistic inline
//! payloads.

use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde::Deserialize;
use serde_json::value::RawValue;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use tally_core::files::FileError;
use tally_core::import::sync::{
    detect, parse, parse_gocardless, parse_plaid_page, parse_simplefin, SyncOptions, SyncPage,
};
use tally_core::import::{Statement, StatementFormat, StatementLine};
use tally_core::Error;

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/data");

fn d(y: i32, m: u32, day: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every `.json` file under `dir`, recursively, sorted.
fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(dir) = todo.pop() {
        for entry in std::fs::read_dir(&dir).expect("readable folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                todo.push(path);
            } else if path.extension().is_some_and(|e| e == "json") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// The `FileError::Malformed` of an error: (line, field, value).
fn malformed(err: &Error) -> (u64, String, String) {
    match err {
        Error::File(FileError::Malformed { line, field, value, .. }) => {
            (*line, field.clone(), value.clone())
        }
        other => panic!("expected malformed_line, got {other:?}"),
    }
}

fn unreadable(err: &Error) -> String {
    match err {
        Error::File(FileError::Unreadable { reason, .. }) => reason.clone(),
        other => panic!("expected unreadable_file, got {other:?}"),
    }
}

fn json_str(s: &str) -> String {
    serde_json::to_string(s).expect("a JSON string")
}

// ---------------------------------------------------------------------------------------------
// Plaid: sandbox custom users, delivered as sync pages

#[derive(Deserialize)]
struct CustomUser<'a> {
    #[serde(borrow)]
    override_accounts: Vec<CustomAccount<'a>>,
}

#[derive(Deserialize)]
struct CustomAccount<'a> {
    #[serde(rename = "type")]
    kind: String,
    subtype: String,
    #[serde(borrow)]
    starting_balance: Option<&'a RawValue>,
    meta: Option<CustomMeta>,
    numbers: Option<CustomNumbers>,
    #[serde(default, borrow)]
    transactions: Vec<CustomTxn<'a>>,
}

#[derive(Deserialize)]
struct CustomMeta {
    name: Option<String>,
    official_name: Option<String>,
}

#[derive(Deserialize)]
struct CustomNumbers {
    account: String,
}

#[derive(Deserialize)]
struct CustomTxn<'a> {
    date_transacted: String,
    date_posted: String,
    #[serde(borrow)]
    amount: &'a RawValue,
    description: String,
    currency: String,
}

/// The custom user's accounts and transactions as Plaid's `/transactions/sync` would deliver
/// them: pages of at most `per_page` added transactions (Plaid's sign: positive = out; `date`
/// = posted, `authorized_date` = transacted; the raw descriptor as `name` and
/// `original_description`), the accounts on every page.
fn custom_user_pages(stem: &str, user: &CustomUser<'_>, per_page: usize) -> Vec<String> {
    let accounts: Vec<String> = user
        .override_accounts
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let name = a.meta.as_ref().and_then(|m| m.name.clone()).unwrap_or_else(|| {
                format!("Plaid {}", a.subtype)
            });
            let official = a.meta.as_ref().and_then(|m| m.official_name.clone());
            let mask = a.numbers.as_ref().map(|n| n.account[n.account.len() - 4..].to_owned());
            format!(
                r#"{{"account_id": "{stem}-acc-{i}", "name": {}, "official_name": {}, "type": {}, "subtype": {}, "mask": {}, "balances": {{"available": null, "current": {}, "limit": null, "iso_currency_code": "USD", "unofficial_currency_code": null, "last_updated_datetime": "2026-08-22T10:00:00Z"}}}}"#,
                json_str(&name),
                official.as_deref().map_or("null".to_owned(), json_str),
                json_str(&a.kind),
                json_str(&a.subtype),
                mask.as_deref().map_or("null".to_owned(), json_str),
                a.starting_balance.map_or("null", |r| r.get()),
            )
        })
        .collect();
    let added: Vec<String> = user
        .override_accounts
        .iter()
        .enumerate()
        .flat_map(|(i, a)| {
            a.transactions.iter().enumerate().map(move |(j, t)| {
                format!(
                    r#"{{"account_id": "{stem}-acc-{i}", "transaction_id": "{stem}-{i}-{j}", "amount": {}, "iso_currency_code": {}, "unofficial_currency_code": null, "date": {}, "authorized_date": {}, "datetime": null, "authorized_datetime": null, "name": {}, "merchant_name": null, "original_description": {}, "pending": false, "pending_transaction_id": null, "check_number": null, "payment_channel": "other", "transaction_code": null, "category": null, "personal_finance_category": null, "payment_meta": {{"reference_number": null}}}}"#,
                    t.amount.get(),
                    json_str(&t.currency),
                    json_str(&t.date_posted),
                    json_str(&t.date_transacted),
                    json_str(&t.description),
                    json_str(&t.description),
                )
            })
        })
        .collect();
    let chunks: Vec<&[String]> =
        if added.is_empty() { vec![&[][..]] } else { added.chunks(per_page).collect() };
    let pages = chunks.len();
    chunks
        .into_iter()
        .enumerate()
        .map(|(p, chunk)| {
            format!(
                r#"{{"accounts": [{}], "added": [{}], "modified": [], "removed": [], "next_cursor": "{stem}-cursor-{}", "has_more": {}, "transactions_update_status": "HISTORICAL_UPDATE_COMPLETE", "request_id": "req-{p}"}}"#,
                accounts.join(", "),
                chunk.join(", "),
                p + 1,
                p + 1 < pages,
            )
        })
        .collect()
}

#[test]
fn plaid_sandbox_custom_users_as_sync_pages() {
    let dir = Path::new(DATA).join("plaid-sandbox-custom-users");
    let files = json_files(&dir);
    assert_eq!(files.len(), 4, "assets, investments and two transaction users");
    let mut per_file = BTreeMap::new();
    for path in &files {
        let text = read(path);
        let user: CustomUser<'_> = serde_json::from_str(&text).expect("custom user config");
        let stem = path.file_stem().and_then(|s| s.to_str()).expect("name").replace('+', "_");
        let pages = custom_user_pages(&stem, &user, 100);
        let mut lines: Vec<(String, StatementLine)> = Vec::new();
        let mut accounts = Vec::new();
        for (p, page) in pages.iter().enumerate() {
            assert_eq!(detect(page.as_bytes()), Some(StatementFormat::Plaid), "{stem} page {p}");
            let parsed: SyncPage = parse_plaid_page(page.as_bytes(), &stem)
                .unwrap_or_else(|e| panic!("{stem} page {p}: {e}"));
            assert_eq!(parsed.has_more, p + 1 < pages.len());
            assert_eq!(parsed.next_cursor.as_deref(), Some(&*format!("{stem}-cursor-{}", p + 1)));
            assert_eq!(parsed.update_status.as_deref(), Some("HISTORICAL_UPDATE_COMPLETE"));
            assert!(parsed.modified.is_empty() && parsed.removed.is_empty());
            // Numbering restarts on every page: a line is its position in that page's `added`.
            for (k, l) in parsed.added.iter().enumerate() {
                assert_eq!(l.line.line, k as u64 + 1);
            }
            accounts = parsed.accounts.clone();
            lines.extend(parsed.added.into_iter().map(|l| (l.account_id, l.line)));
            // The generic entry point gives one statement per account of the page.
            let statements = parse(page.as_bytes(), &stem, &SyncOptions::default())
                .unwrap_or_else(|e| panic!("{stem}: {e}"));
            assert_eq!(statements.len(), user.override_accounts.len());
        }

        // Accounts: type, subtype, name, mask, the starting balance as current, dated.
        assert_eq!(accounts.len(), user.override_accounts.len());
        for (i, (got, want)) in accounts.iter().zip(&user.override_accounts).enumerate() {
            assert_eq!(got.line, i as u64 + 1);
            assert_eq!(got.account.account_id.as_deref(), Some(&*format!("{stem}-acc-{i}")));
            assert_eq!(got.plaid_type.as_deref(), Some(&*want.kind));
            assert_eq!(got.account.account_type.as_deref(), Some(&*want.subtype));
            assert_eq!(got.account.currency.as_deref(), Some("USD"));
            assert_eq!(
                got.current,
                want.starting_balance.map(|r| Decimal::from_str(r.get()).expect("amount"))
            );
            assert_eq!(got.as_of, Some(d(2026, 8, 22)));
        }

        // Every transaction, in order: sign flipped, dates, descriptor as memo and payee.
        let want: Vec<(usize, &CustomTxn<'_>)> = user
            .override_accounts
            .iter()
            .enumerate()
            .flat_map(|(i, a)| a.transactions.iter().map(move |t| (i, t)))
            .collect();
        assert_eq!(lines.len(), want.len(), "{stem}");
        for ((account_id, got), (i, t)) in lines.iter().zip(&want) {
            assert_eq!(account_id, &format!("{stem}-acc-{i}"));
            let plaid = Decimal::from_str(t.amount.get()).expect("amount");
            assert_eq!(got.amount, -plaid, "{}", t.description);
            assert_eq!(got.amount.scale(), plaid.scale(), "scale as written");
            assert_eq!(got.date.to_string(), t.date_transacted);
            assert_eq!(got.posted_date.map(|p| p.to_string()), Some(t.date_posted.clone()));
            assert_eq!(got.memo.as_deref(), Some(t.description.trim()));
            assert_eq!(got.payee.as_deref(), Some(t.description.trim()));
            assert_eq!(got.currency.as_deref(), Some(&*t.currency));
            assert_eq!(got.kind.as_deref(), Some("other"));
            assert!(!got.pending && got.pending_id.is_none() && got.reference.is_none());
        }
        per_file.insert(stem.clone(), (accounts, lines));
    }

    // assets_credit_categories: 223 raw descriptors, all kept as memo, in order.
    let (accounts, lines) = &per_file["assets_credit_categories"];
    assert_eq!(lines.len(), 223);
    assert_eq!(accounts[0].account.name.as_deref(), Some("Plaid checking"));
    let text = read(&dir.join("assets/assets_credit_categories.json"));
    let user: CustomUser<'_> = serde_json::from_str(&text).expect("config");
    let descriptors: Vec<&str> =
        user.override_accounts[0].transactions.iter().map(|t| t.description.as_str()).collect();
    let memos: Vec<&str> = lines.iter().filter_map(|(_, l)| l.memo.as_deref()).collect();
    assert_eq!(memos, descriptors);
    let first = &lines[0].1;
    assert_eq!(first.memo.as_deref(), Some("Debit: ATM Transaction Decline Fee - Domestic"));
    assert_eq!(first.amount, dec!(-1));
    assert_eq!((first.date, first.posted_date), (d(2026, 8, 22), Some(d(2026, 8, 22))));
    let last = &lines[222].1;
    assert_eq!(last.amount, dec!(-15.3));
    assert_eq!(last.bank_id.as_deref(), Some("assets_credit_categories-0-222"));
    // 74 of Plaid's amounts are negative (money in): positive here.
    assert_eq!(lines.iter().filter(|(_, l)| l.amount > Decimal::ZERO).count(), 74);

    // business_account: 36 lines, a named account with its routing and balance.
    let (accounts, lines) = &per_file["business_account"];
    assert_eq!(lines.len(), 36);
    assert_eq!(accounts[0].account.name.as_deref(), Some("Gingham Bank"));
    assert_eq!(accounts[0].mask.as_deref(), Some("5555"));
    assert_eq!(accounts[0].current, Some(dec!(152854.23)));
    let send = &lines[0].1;
    assert_eq!(send.memo.as_deref(), Some("Send Money transaction initiated on Gingham"));
    assert_eq!(send.amount, dec!(7500), "Plaid -7500 is money in");
    assert_eq!((send.date, send.posted_date), (d(2026, 8, 21), Some(d(2026, 8, 22))));
    let twilio = &lines[1].1;
    assert_eq!(twilio.amount, dec!(-1523.52));
    assert_eq!(twilio.payee.as_deref(), Some("TWILIO INC. Merchant name: Twilio"));
    let transfer =
        lines.iter().find(|(_, l)| l.memo.as_deref().is_some_and(|m| m.contains("••1111")));
    assert_eq!(transfer.map(|(_, l)| l.amount), Some(dec!(7500)), "escaped bullets decoded");
    let brex = &lines[35].1;
    assert_eq!(brex.amount, dec!(6451.14));
    assert_eq!(brex.date, d(2026, 5, 2));

    // checking+savings: two accounts of two lines each.
    let (accounts, lines) = &per_file["transactions_checking_savings_custom_user"];
    assert_eq!(accounts.len(), 2);
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0].1.amount, dec!(-398.34));
    assert_eq!(lines[3].0, "transactions_checking_savings_custom_user-acc-1");
    assert_eq!(lines[3].1.amount, dec!(-1708.12));
    assert_eq!(
        lines[3].1.memo.as_deref(),
        Some("CREDIT CRD AUTOPAY 29812 000000000098123 CRGKFKKSPABG UXZYOTAYLDA D")
    );
    assert_eq!((lines[3].1.date, lines[3].1.posted_date), (d(2026, 6, 24), Some(d(2026, 6, 25))));

    // brokerage: holdings and investment transactions are not sync transactions: the page
    // carries the account and its balance only.
    let (accounts, lines) = &per_file["brokerage_custom_user"];
    assert!(lines.is_empty());
    assert_eq!(accounts[0].account.name.as_deref(), Some("Brokerage Test Account"));
    assert_eq!(accounts[0].account.account_type.as_deref(), Some("brokerage"));
    assert_eq!(accounts[0].current, Some(dec!(120)));
}

#[test]
fn plaid_pages_split_by_account_into_statements() {
    let path = Path::new(DATA).join(
        "plaid-sandbox-custom-users/transactions/transactions_checking+savings_custom_user.json",
    );
    let text = read(&path);
    let user: CustomUser<'_> = serde_json::from_str(&text).expect("config");
    let pages = custom_user_pages("cs", &user, 3);
    assert_eq!(pages.len(), 2);
    let first = parse(pages[0].as_bytes(), "cs.json", &SyncOptions::default()).expect("page 1");
    assert_eq!(first.len(), 2);
    assert_eq!(first[0].format, StatementFormat::Plaid);
    assert_eq!(first[0].account.account_id.as_deref(), Some("cs-acc-0"));
    assert_eq!(first[0].account.account_type.as_deref(), Some("checking"));
    assert_eq!(first[0].lines.len(), 2);
    assert_eq!(first[1].account.account_type.as_deref(), Some("savings"));
    assert_eq!(first[1].lines.len(), 1, "the page ends after the third transaction");
    assert_eq!(first[1].lines[0].amount, dec!(-896.65));
    assert_eq!(first[0].closing_balance, None, "no starting balance in this user");
    let second = parse(pages[1].as_bytes(), "cs.json", &SyncOptions::default()).expect("page 2");
    assert_eq!(second[1].lines.len(), 1);
    assert_eq!(second[1].lines[0].amount, dec!(-1708.12));
}

// ---------------------------------------------------------------------------------------------
// Plaid: realistic sync pages, a pending transaction that posts

const PLAID_PAGE_1: &str = r#"{
  "accounts": [
    {"account_id": "BxBXxLj1m4HMXBm9WZZmCWVbPjX16EHwv99vp", "name": "Plaid Checking",
     "official_name": "Plaid Gold Standard 0% Interest Checking", "type": "depository",
     "subtype": "checking", "mask": "0000",
     "balances": {"available": 110.94, "current": 110.94, "limit": null,
                  "iso_currency_code": "USD", "unofficial_currency_code": null,
                  "last_updated_datetime": null}},
    {"account_id": "dVzbVMLjrxTnLjX4G66XUp5GLklm4oiZy88yK", "name": null,
     "official_name": "Plaid Diamond 12.5% APR Interest Credit Card", "type": "credit",
     "subtype": "credit card", "mask": "3333",
     "balances": {"available": 6589.73, "current": 410.27, "limit": 7000,
                  "iso_currency_code": "USD", "unofficial_currency_code": null,
                  "last_updated_datetime": "2024-03-15T08:00:00Z"}}
  ],
  "added": [
    {"account_id": "BxBXxLj1m4HMXBm9WZZmCWVbPjX16EHwv99vp", "account_owner": null,
     "amount": 4.5, "iso_currency_code": "USD", "unofficial_currency_code": null,
     "authorized_date": "2024-03-14", "authorized_datetime": "2024-03-14T08:12:00Z",
     "category": ["Food and Drink", "Restaurants", "Coffee Shop"], "category_id": "13005043",
     "check_number": null, "counterparties": [{"name": "Blue Bottle Coffee", "type": "merchant"}],
     "date": "2024-03-14", "datetime": null, "location": {"city": "Oakland", "region": "CA"},
     "logo_url": null, "merchant_entity_id": "eyg8o776k0QmNgVpAmaQj4WgzW9Qzo6O51gdd",
     "merchant_name": "Blue Bottle Coffee", "name": "BLUE BOTTLE COFFEE #12 OAKLAND CA",
     "original_description": "BLUE BOTTLE COFFEE #12 OAKLAND CA 03/14",
     "payment_channel": "in store",
     "payment_meta": {"by_order_of": null, "payee": null, "payer": null, "payment_method": null,
                      "payment_processor": null, "ppd_id": null, "reason": null,
                      "reference_number": null},
     "pending": true, "pending_transaction_id": null,
     "personal_finance_category": {"primary": "FOOD_AND_DRINK",
                                   "detailed": "FOOD_AND_DRINK_COFFEE",
                                   "confidence_level": "VERY_HIGH"},
     "transaction_code": null, "transaction_id": "lPNjeW1nR6CDn5okmGQ6hEpMo4lLNoSrzqDje",
     "transaction_type": "place", "website": "bluebottlecoffee.com"},
    {"account_id": "BxBXxLj1m4HMXBm9WZZmCWVbPjX16EHwv99vp", "amount": -2500.00,
     "iso_currency_code": "USD", "authorized_date": null,
     "category": ["Transfer", "Payroll"], "check_number": null, "date": "2024-03-15",
     "merchant_name": null, "name": "ACME CORP PAYROLL PPD ID: 1234567890",
     "original_description": null, "payment_channel": "other",
     "payment_meta": {"reference_number": "PR-2024-03-15", "ppd_id": "1234567890"},
     "pending": false, "pending_transaction_id": null, "personal_finance_category": null,
     "transaction_code": "direct debit", "transaction_id": "4zxEb9jNgBCmQ7vyVN5eSNjEnP8Ka6HZ8aLRk"},
    {"account_id": "BxBXxLj1m4HMXBm9WZZmCWVbPjX16EHwv99vp", "amount": 120,
     "iso_currency_code": "USD", "authorized_date": "2024-03-11", "check_number": "1042",
     "date": "2024-03-13", "merchant_name": null, "name": "CHECK 1042",
     "payment_channel": "other", "pending": false,
     "personal_finance_category": {"primary": "GENERAL_SERVICES", "detailed": null},
     "transaction_id": "ZmYkL2x8o5UBpXa3GJ7nsVLkYd4RqwHbe3Nzp"},
    {"account_id": "dVzbVMLjrxTnLjX4G66XUp5GLklm4oiZy88yK", "amount": -19.99,
     "iso_currency_code": null, "unofficial_currency_code": "USDC",
     "authorized_date": "2024-03-12", "date": "2024-03-13", "merchant_name": "Spotify",
     "name": "SPOTIFY USA REFUND", "payment_channel": "online", "pending": false,
     "transaction_id": "q8xYdLb3kRFjnPA1bE2mtwzVkgDXyBS6oMJ4n"}
  ],
  "modified": [],
  "removed": [],
  "next_cursor": "tVUUL15lYQN5rBnfDIc1I8xudpGdIlw9nsgeXWvhOfkECvUeR663i3Dt1uf/94S8ASkitgLcIiOSqNwzzp+bh89kirazha5vuZHBb2ZA5NtCDkkV",
  "has_more": true,
  "request_id": "Wvhy9PZHQLV8njG"
}"#;

const PLAID_PAGE_2: &str = r#"{
  "added": [
    {"account_id": "BxBXxLj1m4HMXBm9WZZmCWVbPjX16EHwv99vp", "amount": 4.5,
     "iso_currency_code": "USD", "authorized_date": "2024-03-14", "date": "2024-03-16",
     "merchant_name": "Blue Bottle Coffee", "name": "BLUE BOTTLE COFFEE #12 OAKLAND CA",
     "original_description": "BLUE BOTTLE COFFEE #12 OAKLAND CA 03/14",
     "payment_channel": "in store", "pending": false,
     "pending_transaction_id": "lPNjeW1nR6CDn5okmGQ6hEpMo4lLNoSrzqDje",
     "personal_finance_category": {"primary": "FOOD_AND_DRINK",
                                   "detailed": "FOOD_AND_DRINK_COFFEE"},
     "transaction_id": "Y7kQpZ3nM4sLx8RbVeA1cWdJ5fTgHu2oNq6iP"}
  ],
  "modified": [
    {"account_id": "BxBXxLj1m4HMXBm9WZZmCWVbPjX16EHwv99vp", "amount": -2500.00,
     "iso_currency_code": "USD", "date": "2024-03-15", "merchant_name": "Acme Corp",
     "name": "ACME CORP PAYROLL PPD ID: 1234567890", "payment_channel": "other",
     "pending": false, "personal_finance_category": {"primary": "INCOME",
                                                      "detailed": "INCOME_WAGES"},
     "transaction_id": "4zxEb9jNgBCmQ7vyVN5eSNjEnP8Ka6HZ8aLRk"}
  ],
  "removed": [
    {"account_id": "BxBXxLj1m4HMXBm9WZZmCWVbPjX16EHwv99vp",
     "transaction_id": "lPNjeW1nR6CDn5okmGQ6hEpMo4lLNoSrzqDje"}
  ],
  "next_cursor": "tVUUL15lYQN5rBnfDIc1I8xudpGdIlw9nsgeXWvhOfkECvUeR663i3Dt1uf/94S8ASkitgLcIiOSqNwzzp+bh89kirazha5vuZHBb2ZA5NtCDkkW",
  "has_more": false,
  "transactions_update_status": "HISTORICAL_UPDATE_COMPLETE",
  "request_id": "45QSn9KtXZ2mPbE"
}"#;

const CHECKING: &str = "BxBXxLj1m4HMXBm9WZZmCWVbPjX16EHwv99vp";
const CARD: &str = "dVzbVMLjrxTnLjX4G66XUp5GLklm4oiZy88yK";
const PENDING_COFFEE: &str = "lPNjeW1nR6CDn5okmGQ6hEpMo4lLNoSrzqDje";
const PAYROLL: &str = "4zxEb9jNgBCmQ7vyVN5eSNjEnP8Ka6HZ8aLRk";

#[test]
fn plaid_sync_pages_with_a_pending_transaction_that_posts() {
    let one = parse_plaid_page(PLAID_PAGE_1.as_bytes(), "page1.json").expect("page 1");
    assert!(one.has_more);
    assert!(one.next_cursor.as_deref().is_some_and(|c| c.ends_with("CDkkV")));
    assert_eq!(one.update_status, None);
    assert_eq!(one.added.len(), 4);

    // Accounts: the card's balance owed is negative; its dated current balance.
    assert_eq!(one.accounts.len(), 2);
    let checking = &one.accounts[0];
    assert_eq!(checking.account.name.as_deref(), Some("Plaid Checking"));
    assert_eq!(checking.current, Some(dec!(110.94)));
    assert_eq!(checking.as_of, None);
    let card = &one.accounts[1];
    assert_eq!(card.account.name.as_deref(), Some("Plaid Diamond 12.5% APR Interest Credit Card"));
    assert_eq!(card.account.account_type.as_deref(), Some("credit card"));
    assert_eq!(card.plaid_type.as_deref(), Some("credit"));
    assert_eq!(card.mask.as_deref(), Some("3333"));
    assert_eq!(card.current, Some(dec!(-410.27)));
    assert_eq!(card.available, Some(dec!(6589.73)));
    assert_eq!(card.limit, Some(dec!(7000)));
    assert_eq!(card.as_of, Some(d(2024, 3, 15)));

    // The pending coffee: no posting date yet; payee = merchant, memo = raw descriptor.
    let coffee = &one.added[0];
    assert_eq!(coffee.account_id, CHECKING);
    let l = &coffee.line;
    assert_eq!(l.line, 1);
    assert_eq!(l.amount, dec!(-4.5));
    assert_eq!(l.amount.scale(), 1);
    assert_eq!((l.date, l.posted_date), (d(2024, 3, 14), None));
    assert!(l.pending);
    assert_eq!(l.payee.as_deref(), Some("Blue Bottle Coffee"));
    assert_eq!(l.memo.as_deref(), Some("BLUE BOTTLE COFFEE #12 OAKLAND CA 03/14"));
    assert_eq!(l.bank_id.as_deref(), Some(PENDING_COFFEE));
    assert_eq!(l.kind.as_deref(), Some("in store"));
    assert_eq!(l.category.as_deref(), Some("FOOD_AND_DRINK_COFFEE"));
    assert_eq!(l.currency.as_deref(), Some("USD"));

    // Payroll: money in, no merchant (payee = name), legacy category, transaction code, ref.
    let pay = &one.added[1].line;
    assert_eq!(pay.amount, dec!(2500.00));
    assert_eq!((pay.date, pay.posted_date), (d(2024, 3, 15), Some(d(2024, 3, 15))));
    assert_eq!(pay.payee.as_deref(), Some("ACME CORP PAYROLL PPD ID: 1234567890"));
    assert_eq!(pay.memo, pay.payee, "no original_description: the name");
    assert_eq!(pay.category.as_deref(), Some("Transfer:Payroll"));
    assert_eq!(pay.kind.as_deref(), Some("direct debit"));
    assert_eq!(pay.reference.as_deref(), Some("PR-2024-03-15"));

    // A check: authorized before it posted; PFC with only a primary.
    let check = &one.added[2].line;
    assert_eq!(check.amount, dec!(-120));
    assert_eq!((check.date, check.posted_date), (d(2024, 3, 11), Some(d(2024, 3, 13))));
    assert_eq!(check.check_number.as_deref(), Some("1042"));
    assert_eq!(check.category.as_deref(), Some("GENERAL_SERVICES"));

    // A refund on the card, in an unofficial currency.
    let refund = &one.added[3];
    assert_eq!(refund.account_id, CARD);
    assert_eq!(refund.line.amount, dec!(19.99));
    assert_eq!(refund.line.currency.as_deref(), Some("USDC"));
    assert_eq!(refund.line.payee.as_deref(), Some("Spotify"));
    assert_eq!(refund.line.kind.as_deref(), Some("online"));

    let two = parse_plaid_page(PLAID_PAGE_2.as_bytes(), "page2.json").expect("page 2");
    assert!(!two.has_more);
    assert!(two.next_cursor.as_deref().is_some_and(|c| c.ends_with("CDkkW")));
    assert_eq!(two.update_status.as_deref(), Some("HISTORICAL_UPDATE_COMPLETE"));
    assert!(two.accounts.is_empty());
    let posted = &two.added[0].line;
    assert!(!posted.pending);
    assert_eq!(posted.pending_id.as_deref(), Some(PENDING_COFFEE));
    assert_eq!((posted.date, posted.posted_date), (d(2024, 3, 14), Some(d(2024, 3, 16))));
    assert_eq!(two.removed.len(), 1);
    assert_eq!(two.removed[0].line, 1);
    assert_eq!(two.removed[0].bank_id, PENDING_COFFEE);
    assert_eq!(two.removed[0].account_id.as_deref(), Some(CHECKING));
    assert_eq!(two.modified.len(), 1);
    assert_eq!(two.modified[0].line.bank_id.as_deref(), Some(PAYROLL));
    assert_eq!(two.modified[0].line.payee.as_deref(), Some("Acme Corp"));
    assert_eq!(two.modified[0].line.category.as_deref(), Some("INCOME_WAGES"));

    // Applied in order, the two pages leave the posted coffee instead of the pending one.
    let mut ledger: BTreeMap<String, StatementLine> = BTreeMap::new();
    for page in [&one, &two] {
        for l in page.added.iter().chain(&page.modified) {
            ledger.insert(l.line.bank_id.clone().expect("id"), l.line.clone());
        }
        for r in &page.removed {
            ledger.remove(&r.bank_id);
        }
    }
    assert_eq!(ledger.len(), 4);
    assert!(!ledger.contains_key(PENDING_COFFEE));
    assert_eq!(ledger[PAYROLL].payee.as_deref(), Some("Acme Corp"));
    let sum: Decimal = ledger.values().map(|l| l.amount).sum();
    assert_eq!(sum, dec!(2500.00) - dec!(120) - dec!(4.5) + dec!(19.99));

    // As statements: page 1 per account, with the card's dated balance; page 2 is refused.
    let st = parse(PLAID_PAGE_1.as_bytes(), "page1.json", &SyncOptions::default()).expect("ok");
    assert_eq!(st.len(), 2);
    assert_eq!(st[0].lines.len(), 3);
    assert_eq!(st[0].closing_balance, None, "Plaid does not date this balance");
    assert_eq!(st[1].lines.len(), 1);
    let bal = st[1].closing_balance.as_ref().expect("dated card balance");
    assert_eq!((bal.amount, bal.date), (dec!(-410.27), d(2024, 3, 15)));
    assert_eq!(bal.currency.as_deref(), Some("USD"));
    let err = parse(PLAID_PAGE_2.as_bytes(), "page2.json", &SyncOptions::default())
        .expect_err("modified and removed are not statements");
    assert!(unreadable(&err).contains("parse_plaid_page"));

    // A page whose accounts are not listed: statements in order of first appearance.
    let st = two.clone().into_statements("page2.json");
    assert_eq!(st.len(), 1);
    assert_eq!(st[0].account.account_id.as_deref(), Some(CHECKING));
}

#[test]
fn plaid_errors_name_the_entry_and_field() {
    let page = |added: &str| format!(r#"{{"added": [{added}], "has_more": false}}"#);
    let good = r#"{"account_id": "a", "transaction_id": "t1", "amount": 1.5, "date": "2024-01-02", "name": "X"}"#;
    let cases = [
        (
            r#"{"account_id": "a", "transaction_id": "t2", "amount": "abc", "date": "2024-01-02"}"#,
            "added.amount",
            "abc",
        ),
        (
            r#"{"account_id": "a", "transaction_id": "t2", "amount": 1e3, "date": "2024-01-02"}"#,
            "added.amount",
            "1e3",
        ),
        (
            r#"{"account_id": "a", "transaction_id": "t2", "amount": true, "date": "2024-01-02"}"#,
            "added.amount",
            "true",
        ),
        (r#"{"account_id": "a", "amount": 1, "date": "2024-01-02"}"#, "added.transaction_id", ""),
        (r#"{"transaction_id": "t2", "amount": 1, "date": "2024-01-02"}"#, "added.account_id", ""),
        (r#"{"account_id": "a", "transaction_id": "t2", "amount": 1}"#, "added.date", ""),
        (
            r#"{"account_id": "a", "transaction_id": "t2", "amount": 1, "date": "01/02/2024"}"#,
            "added.date",
            "01/02/2024",
        ),
        (
            r#"{"account_id": "a", "transaction_id": "t2", "amount": 1, "date": "2024-02-30"}"#,
            "added.date",
            "2024-02-30",
        ),
        (
            r#"{"account_id": "a", "transaction_id": "t2", "amount": 1, "date": "2024-01-02", "pending": "yes"}"#,
            "added.pending",
            "\"yes\"",
        ),
        (
            r#"{"account_id": "a", "transaction_id": "t2", "amount": 1, "date": "2024-01-02", "name": {"x": 1}}"#,
            "added.name",
            "{\"x\": 1}",
        ),
        (
            r#"{"account_id": "a", "transaction_id": "t2", "amount": 1, "date": "2024-01-02", "category": "Food"}"#,
            "added.category",
            "\"Food\"",
        ),
        (r#""not an object""#, "added", "\"not an object\""),
    ];
    for (bad, field, value) in cases {
        let text = page(&format!("{good}, {bad}"));
        let err = parse_plaid_page(text.as_bytes(), "p.json").expect_err(bad);
        assert_eq!(malformed(&err), (2, field.to_owned(), value.to_owned()), "{bad}");
        assert_eq!(err.code(), "malformed_line");
    }
    let err = parse_plaid_page(br#"{"removed": [{"account_id": "a"}]}"#, "p.json").expect_err("id");
    assert_eq!(malformed(&err), (1, "removed.transaction_id".to_owned(), String::new()));
    let err = parse_plaid_page(
        br#"{"accounts": [{"account_id": "a", "balances": {"current": "n/a"}}], "has_more": false}"#,
        "p.json",
    )
    .expect_err("balance");
    assert_eq!(malformed(&err), (1, "accounts.balances.current".to_owned(), "n/a".to_owned()));
    let err = parse_plaid_page(br#"{"has_more": "no"}"#, "p.json").expect_err("flag");
    assert_eq!(malformed(&err), (1, "has_more".to_owned(), "\"no\"".to_owned()));
    for broken in [&b"{\"added\": {}}"[..], b"{\"added\": [", b"[]", b"", b"\xff\xfe{}"] {
        let err = parse_plaid_page(broken, "p.json").expect_err("broken");
        assert_eq!(err.code(), "unreadable_file", "{}", String::from_utf8_lossy(broken));
    }
    // An empty last page is a page; an object without any page key, or an error, is not.
    let empty =
        parse_plaid_page(br#"{"added": [], "next_cursor": "c", "has_more": false}"#, "p.json")
            .expect("empty page");
    assert_eq!(empty, SyncPage { next_cursor: Some("c".to_owned()), ..SyncPage::default() });
    let err = parse_plaid_page(b"{}", "p.json").expect_err("not a page");
    assert!(unreadable(&err).contains("not a Plaid transactions/sync page"));
    let error = br#"{"error_type": "TRANSACTIONS_ERROR", "error_code": "TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION", "error_message": "Underlying transaction data changed since last page was fetched. Please restart pagination from last update.", "display_message": null, "request_id": "abc"}"#;
    let err = parse_plaid_page(error, "p.json").expect_err("an error response");
    assert!(unreadable(&err).contains("TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION"));
    assert_eq!(detect(error), None);
}

// ---------------------------------------------------------------------------------------------
// GoCardless: 68 transaction objects from 17 banks (actual-server's bank tests)

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct GcObject {
    booking_date: Option<String>,
    value_date: Option<String>,
    value_date_time: Option<String>,
    transaction_amount: GcAmount,
}

#[derive(Deserialize)]
struct GcAmount {
    amount: String,
    currency: String,
}

fn gc_payload(booked: &str, pending: &str) -> String {
    format!(
        r#"{{"transactions": {{"booked": {booked}, "pending": {pending}}}, "last_updated": "2024-12-31T10:00:00Z"}}"#
    )
}

/// The bank's lines, parsed with a fallback date for the entries that state none.
fn gc_bank(banks: &BTreeMap<String, &RawValue>, bank: &str) -> Vec<StatementLine> {
    let options = SyncOptions { format: None, date_if_missing: Some(d(2025, 1, 31)) };
    let payload = gc_payload(banks[bank].get(), "[]");
    let mut statements = parse(payload.as_bytes(), bank, &options).expect("parses");
    assert_eq!(statements.len(), 1);
    statements.remove(0).lines
}

#[test]
fn gocardless_bank_transactions_every_object() {
    let dir = Path::new(DATA).join("actual-server-gocardless");
    let files = json_files(&dir);
    assert_eq!(files.len(), 2, "{files:?}");
    let text = read(&dir.join("gocardless_bank_transactions.json"));
    let banks: BTreeMap<String, &RawValue> = serde_json::from_str(&text).expect("banks");
    assert_eq!(banks.len(), 22);
    let fallback = d(2025, 1, 31);
    let mut objects = 0;
    let mut non_empty = 0;
    let mut undated_banks = Vec::new();
    for (bank, raw) in &banks {
        let want: Vec<GcObject> = serde_json::from_str(raw.get()).expect("objects");
        objects += want.len();
        non_empty += usize::from(!want.is_empty());
        let payload = gc_payload(raw.get(), "[]");
        assert_eq!(detect(payload.as_bytes()), Some(StatementFormat::GoCardless), "{bank}");
        let got = gc_bank(&banks, bank);
        assert_eq!(got.len(), want.len(), "{bank}");
        for (i, (l, w)) in got.iter().zip(&want).enumerate() {
            assert_eq!(l.line, i as u64 + 1);
            assert!(!l.pending);
            let amount = Decimal::from_str(&w.transaction_amount.amount).expect("amount");
            assert_eq!(l.amount, amount, "{bank} {}", i + 1);
            assert_eq!(l.amount.scale(), amount.scale());
            assert_eq!(l.currency.as_deref(), Some(&*w.transaction_amount.currency));
            let booking = w.booking_date.as_deref().map(|s| s.parse().expect("date"));
            let value = w
                .value_date
                .as_deref()
                .or(w.value_date_time.as_deref().and_then(|s| s.get(..10)))
                .map(|s| s.parse().expect("date"));
            assert_eq!(l.date, booking.or(value).unwrap_or(fallback), "{bank} {}", i + 1);
            assert_eq!(l.posted_date, booking);
        }
        // Without a fallback date, an undated entry is an error naming it.
        match parse_gocardless(payload.as_bytes(), bank) {
            Ok(st) => assert_eq!(st[0].lines, got),
            Err(err) => {
                let (line, field, _) = malformed(&err);
                assert_eq!(field, "booked.bookingDate");
                let first_undated = want
                    .iter()
                    .position(|w| {
                        w.booking_date.is_none()
                            && w.value_date.is_none()
                            && w.value_date_time.is_none()
                    })
                    .expect("an undated entry");
                assert_eq!(line, first_undated as u64 + 1);
                undated_banks.push(bank.as_str());
            }
        }
    }
    assert_eq!((objects, non_empty), (68, 17));
    assert_eq!(
        undated_banks,
        [
            "cbc_cregbebb",
            "ing_pl_ingbplpw",
            "kbc_kredbebb",
            "mbank_retail_brexplpw",
            "sandboxfinance_sfin0000"
        ]
    );

    // ABN AMRO: the card time is the value date; memo from the unstructured array.
    let abn = gc_bank(&banks, "abnamro_abnanl2a");
    assert_eq!(abn[0].amount, dec!(-10.00));
    assert_eq!((abn[0].date, abn[0].posted_date), (d(2023, 12, 11), Some(d(2023, 12, 11))));
    assert_eq!(
        abn[0].memo.as_deref(),
        Some("BEA, Betaalpas My Payee Name,PAS123 NR:123A4B, 09.12.23/15:43 CITY")
    );
    assert_eq!(
        abn[1].memo.as_deref(),
        Some("BEA, Google Pay CCV*Other payee name,PAS123 NR:123A4B, 09.12.23/15:43 CITY")
    );
    assert_eq!(abn[0].bank_id.as_deref(), Some("0123456789012345"));
    assert_eq!(abn[0].payee, None, "no counterparty name given");

    // Sabadell: transactionId wins over internalTransactionId.
    let sab = gc_bank(&banks, "bancsabadell_bsabesbbb");
    assert_eq!(sab[2].bank_id.as_deref(), Some("04704109322"));
    assert_eq!((sab[2].date, sab[2].amount), (d(2024, 10, 2), dec!(-100)));
    assert_eq!(sab[1].memo.as_deref(), Some("some-debtor-name"));

    // CBC / KBC: money in with the merchant as debtor; undated entries get the fallback.
    let cbc = gc_bank(&banks, "cbc_cregbebb");
    assert_eq!((cbc[1].amount, cbc[1].payee.as_deref()), (dec!(10.99), Some("ONKART FR Viry")));
    assert_eq!((cbc[1].date, cbc[1].posted_date), (fallback, None));
    assert!(cbc[0]
        .memo
        .as_deref()
        .is_some_and(|m| m.starts_with("ONKART FR Viry Paiement Maestro")));
    let kbc = gc_bank(&banks, "kbc_kredbebb");
    assert_eq!(kbc[1].payee.as_deref(), Some("CARREFOUR ST GIL BE1060 BRUXELLES"));
    assert_eq!(kbc[0].amount, dec!(-10.99));

    // Commerzbank: creditor as payee, multi-line unstructured memo kept, end-to-end id.
    let cbk = gc_bank(&banks, "commerzbank_cobadeff");
    assert_eq!(cbk[0].payee.as_deref(), Some("SHOP NAME CITY DE"));
    assert_eq!(
        cbk[0].memo.as_deref(),
        Some("SHOP NAME//CITY/DE\n2024-12-19T15:34:31 KFN 1  AB 1234\nKartenzahlung")
    );
    assert_eq!(cbk[0].bank_id.as_deref(), Some("3815213adb654baeadfb231c853"));
    assert_eq!(cbk[0].reference.as_deref(), Some("1234567890"));
    assert_eq!((cbk[1].amount, cbk[1].date), (dec!(-56.78), d(2024, 10, 11)));
    assert_eq!(cbk[2].amount, dec!(-9));
    assert_eq!(cbk[2].reference, None, "NOTPROVIDED is no reference");

    // Fortuneo: value date before booking date; scales as written.
    let ftn = gc_bank(&banks, "fortuneo_ftnofrp1xxx");
    assert_eq!(ftn.len(), 10);
    assert_eq!((ftn[7].amount, ftn[7].date), (dec!(-22.95), d(2024, 7, 3)));
    assert_eq!(
        ftn[7].memo.as_deref(),
        Some("VIR INST Leclerc XXXX  Leclerc XXXX  44321IXCRT211141232")
    );
    assert_eq!(
        (ftn[0].amount.to_string(), ftn[6].amount.to_string()),
        ("-12.0".to_owned(), "-104.9".to_owned())
    );
    assert_eq!(ftn[5].amount, dec!(26.52));
    assert_eq!(ftn[5].bank_id.as_deref(), Some("c0bed1b61806bd45fd07732e5dfb1f11"));

    // ING DE: padded names trimmed, the other side's name as fallback, blank names absent.
    let ing = gc_bank(&banks, "ing_ingddeff");
    assert_eq!(ing.len(), 10);
    assert_eq!(ing[0].payee.as_deref(), Some("VISA XXXXXXXXXXXXXXXXXXXX"));
    assert_eq!(ing[0].kind.as_deref(), Some("Lastschrifteinzug"));
    assert_eq!(ing[0].bank_id.as_deref(), Some("000010348081381"));
    assert_eq!(ing[5].amount, dec!(2892.61));
    assert_eq!(ing[5].payee.as_deref(), Some(&*"X".repeat(44)));
    assert_eq!(ing[5].kind.as_deref(), Some("Gehalt/Rente"));
    assert_eq!(ing[5].reference.as_deref(), Some("9212020-0900000070-2023121711315956"));
    assert!(ing[5].memo.as_deref().is_some_and(|m| m.ends_with("F22685813 Gehalt 80/6586")));
    assert_eq!((ing[7].amount, ing[7].payee.as_deref()), (dec!(2.79), None));
    assert_eq!((ing[7].date, ing[7].posted_date), (d(2023, 12, 29), Some(d(2023, 12, 29))));
    assert_eq!(
        (ing[9].amount, ing[9].payee.as_deref()),
        (dec!(-10.90), Some("VISA XXXXXXXXXXXXXXXXXXXX"))
    );

    // ING PL: running balances, USD.
    let ingpl = gc_bank(&banks, "ing_pl_ingbplpw");
    let balances: Vec<Option<Decimal>> = ingpl.iter().map(|l| l.balance).collect();
    assert_eq!(balances, [Some(dec!(400.00)), Some(dec!(450.00)), Some(dec!(475.00))]);
    assert_eq!(ingpl[1].currency.as_deref(), Some("USD"));
    assert_eq!(ingpl[0].bank_id, None);

    // LHV: bank transaction code, a null creditor, escaped backslashes; a value-dated copy.
    let lhv = gc_bank(&banks, "lhv-lhvbee22");
    assert_eq!(lhv[0].kind.as_deref(), Some("PMNT-CCRD-POSD"));
    assert_eq!(lhv[0].payee, None);
    assert_eq!(
        lhv[0].memo.as_deref(),
        Some(r"(..1234) 2025-01-02 09:32 CrustumOU\Poordi 3\Tallinn\10156     ESTEST")
    );
    assert_eq!((lhv[1].date, lhv[1].posted_date), (d(2025, 1, 3), None));
    assert_eq!(lhv[0].bank_id, lhv[1].bank_id, "same transactionId, booked and value-dated");

    // mBank: ids only; PLN amounts without ids.
    let mb = gc_bank(&banks, "mbank_retail_brexplpw");
    let ids: Vec<Option<&str>> = mb.iter().map(|l| l.bank_id.as_deref()).collect();
    assert_eq!(
        ids[..5],
        [
            Some("202212300001"),
            Some("202212300003"),
            Some("202212300002"),
            Some("202212300000"),
            Some("202112300001")
        ]
    );
    assert_eq!(
        (mb[6].amount, mb[6].currency.as_deref(), mb[6].bank_id.as_deref()),
        (dec!(300.50), Some("PLN"), None)
    );

    // NBG: Greek text.
    let nbg = gc_bank(&banks, "nbg_ethngraaxxx");
    assert_eq!(nbg[0].memo.as_deref(), Some("ΑΓΟΡΑ testingson"));
    assert_eq!((nbg[1].amount, nbg[1].bank_id.as_deref()), (dec!(-100.00), Some("O244015L68IK")));

    // Revolut: Bizum memos joined.
    let rev = gc_bank(&banks, "revolut_revolt21");
    assert_eq!(rev[0].memo.as_deref(), Some("Bizum payment to: CREDITOR NAME Bizum description"));
    assert_eq!((rev[1].amount, rev[1].date), (dec!(1.00), d(2024, 9, 21)));

    // Sparkasse Marburg-Biedenkopf: structured remittance, proprietary codes.
    let spk = gc_bank(&banks, "spk_marburg_biedenkopf_heladef1mar");
    assert_eq!(spk[0].payee.as_deref(), Some("JET Tankstelle"));
    assert_eq!(spk[0].memo.as_deref(), Some("AUTORISATION  28.12. 18:30"));
    assert_eq!(spk[0].kind.as_deref(), Some("NSTO+000+0000+000-AA"));
    assert_eq!((spk[1].amount, spk[1].payee.as_deref()), (dec!(-1242.47), Some("Peter Muster")));
    assert_eq!((spk[2].amount, spk[2].payee.as_deref()), (dec!(1541.23), Some("Arbeitgeber AG")));
    assert_eq!(spk[2].memo.as_deref(), Some("Lohn/Gehalt 12/2023"));
    assert_eq!(spk[3].memo.as_deref(), Some("Entgeltabrechnung siehe Anlage"));
    assert_eq!(spk[3].payee, None);

    // Stadtsparkasse Düsseldorf: unstructured over structured; ultimate creditor unused.
    let ssk = gc_bank(&banks, "ssk_dusseldorf_dussdeddxxx");
    assert_eq!(ssk[0].memo.as_deref(), Some("unstructured information"));
    assert_eq!(ssk[1].memo.as_deref(), Some("structured information"));
    assert_eq!(ssk[1].payee.as_deref(), Some("a useful creditor name"));
    assert_eq!(ssk[2].payee.as_deref(), Some("some nonsensical creditor"));

    // Swedbank: a booked entry and its value-dated duplicate.
    let swb = gc_bank(&banks, "swedbank_habalv22");
    assert_eq!(swb[0].payee.as_deref(), Some("SOME CREDITOR NAME"));
    assert_eq!(
        (swb[1].date, swb[1].posted_date, swb[1].payee.as_deref()),
        (d(2024, 10, 29), None, None)
    );

    // The integration bank's dates, in file order (not sorted).
    let ib = gc_bank(&banks, "integration_bank");
    let dates: Vec<_> = ib.iter().map(|l| l.date).collect();
    assert_eq!(
        dates,
        [d(2022, 1, 1), d(2022, 1, 3), d(2022, 1, 2), d(2022, 1, 1), d(2022, 2, 1), d(2022, 3, 1)]
    );
}

#[test]
fn gocardless_service_fixtures_booked_and_pending() {
    let text =
        read(&Path::new(DATA).join("actual-server-gocardless/gocardless_service_fixtures.json"));
    assert_eq!(detect(text.as_bytes()), None, "a set of fixtures, not one payload");
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Fixtures<'a> {
        #[serde(borrow)]
        mock_transactions: &'a RawValue,
    }
    let fixtures: Fixtures<'_> = serde_json::from_str(&text).expect("fixtures");
    let payload = fixtures.mock_transactions.get();
    assert_eq!(detect(payload.as_bytes()), Some(StatementFormat::GoCardless));
    // The fixture writes the placeholder "date" where a date goes.
    let err = parse_gocardless(payload.as_bytes(), "fixtures.json").expect_err("\"date\"");
    assert_eq!(malformed(&err), (1, "booked.bookingDate".to_owned(), "date".to_owned()));
    assert!(err.to_string().starts_with("fixtures.json:1: booked.bookingDate:"), "{err}");

    let dated = payload.replace(r#": "date""#, r#": "2021-11-22""#);
    let st = parse_gocardless(dated.as_bytes(), "fixtures.json").expect("dated fixtures");
    assert_eq!(st.len(), 1);
    assert_eq!(st[0].format, StatementFormat::GoCardless);
    assert_eq!(st[0].account, Default::default(), "the transactions endpoint names no account");
    let lines = &st[0].lines;
    assert_eq!(lines.len(), 3);
    assert_eq!((lines[0].line, lines[0].amount, lines[0].pending), (1, dec!(328.18), false));
    assert_eq!(lines[0].payee.as_deref(), Some("string"), "debtorName of money in");
    assert_eq!(lines[0].kind.as_deref(), Some("string"));
    assert_eq!(lines[0].currency.as_deref(), Some("EUR"));
    assert_eq!(
        (lines[1].line, lines[1].amount, lines[1].payee.as_deref()),
        (2, dec!(947.26), None)
    );
    let pending = &lines[2];
    assert_eq!((pending.line, pending.pending, pending.amount), (1, true, dec!(947.26)));
    assert_eq!(
        (pending.date, pending.posted_date, pending.bank_id.as_deref()),
        (d(2021, 11, 22), None, None)
    );
}

#[test]
fn gocardless_errors() {
    let entry = |fields: &str| {
        gc_payload(
            &format!(
                r#"[{{"bookingDate": "2024-01-02", "transactionAmount": {{"amount": "1.00", "currency": "EUR"}}}}, {{{fields}}}]"#
            ),
            "[]",
        )
    };
    let cases = [
        (
            r#""bookingDate": "2024-01-02", "transactionAmount": {"amount": "12,50", "currency": "EUR"}"#,
            "booked.transactionAmount.amount",
            "12,50",
        ),
        (r#""bookingDate": "2024-01-02""#, "booked.transactionAmount", ""),
        (
            r#""bookingDate": "2024-01-02", "transactionAmount": {"currency": "EUR"}"#,
            "booked.transactionAmount.amount",
            "",
        ),
        (
            r#""bookingDate": "2024-01-02", "transactionAmount": "1.00""#,
            "booked.transactionAmount",
            "\"1.00\"",
        ),
        (
            r#""bookingDate": "02.01.2024", "transactionAmount": {"amount": "1"}"#,
            "booked.bookingDate",
            "02.01.2024",
        ),
        (
            r#""valueDate": 20240102, "transactionAmount": {"amount": "1"}"#,
            "booked.valueDate",
            "20240102",
        ),
        (
            r#""bookingDate": "2024-01-02", "transactionAmount": {"amount": "1"}, "remittanceInformationUnstructuredArray": "x""#,
            "booked.remittanceInformationUnstructuredArray",
            "\"x\"",
        ),
        (
            r#""bookingDate": "2024-01-02", "transactionAmount": {"amount": "1"}, "balanceAfterTransaction": {"balanceAmount": {"amount": "x"}}"#,
            "booked.balanceAfterTransaction.balanceAmount.amount",
            "x",
        ),
        (r#""transactionAmount": {"amount": "1"}"#, "booked.bookingDate", ""),
    ];
    for (fields, field, value) in cases {
        let err = parse_gocardless(entry(fields).as_bytes(), "gc.json").expect_err(fields);
        assert_eq!(malformed(&err), (2, field.to_owned(), value.to_owned()), "{fields}");
    }
    // A pending entry names its own list.
    let text =
        gc_payload("[]", r#"[{"valueDate": "2024-01-02", "transactionAmount": {"amount": "-"}}]"#);
    let err = parse_gocardless(text.as_bytes(), "gc.json").expect_err("amount");
    assert_eq!(malformed(&err), (1, "pending.transactionAmount.amount".to_owned(), "-".to_owned()));
    for broken in [
        &br#"{"transactions": []}"#[..],
        br#"{"booked": []}"#,
        br#"{"transactions": {"booked": {}}}"#,
        b"not json",
    ] {
        let err = parse_gocardless(broken, "gc.json").expect_err("broken");
        assert_eq!(err.code(), "unreadable_file", "{}", String::from_utf8_lossy(broken));
    }
    // An entry reference stands in for a missing id; the reference then comes from elsewhere.
    let text = gc_payload(
        r#"[{"bookingDate": "2024-01-02", "entryReference": "ER-1", "checkId": "0042", "transactionAmount": {"amount": "-5"}, "ultimateCreditor": "Ultimate GmbH", "additionalInformation": "Info"}]"#,
        "[]",
    );
    let st = parse_gocardless(text.as_bytes(), "gc.json").expect("ok");
    let l = &st[0].lines[0];
    assert_eq!((l.bank_id.as_deref(), l.reference.as_deref()), (Some("ER-1"), None));
    assert_eq!(
        (l.check_number.as_deref(), l.payee.as_deref(), l.memo.as_deref()),
        (Some("0042"), Some("Ultimate GmbH"), Some("Info"))
    );
    assert_eq!(l.currency, None);
    let text = gc_payload(
        r#"[{"bookingDateTime": "2024-01-02T23:30:00+01:00", "transactionId": "T", "entryReference": "ER-1", "transactionAmount": {"amount": "5"}}]"#,
        "[]",
    );
    let st = parse_gocardless(text.as_bytes(), "gc.json").expect("ok");
    let l = &st[0].lines[0];
    assert_eq!((l.bank_id.as_deref(), l.reference.as_deref()), (Some("T"), Some("ER-1")));
    assert_eq!(
        (l.date, l.posted_date),
        (d(2024, 1, 2), Some(d(2024, 1, 2))),
        "as written, not shifted"
    );
}

// ---------------------------------------------------------------------------------------------
// SimpleFIN (protocol: https://www.simplefin.org/protocol.html)

const SIMPLEFIN: &str = r#"{
  "errors": ["Connection to Example CU may need attention"],
  "accounts": [
    {
      "org": {"domain": "mybank.com", "sfin-url": "https://sfin.mybank.com", "name": "My Bank",
              "url": "https://www.mybank.com"},
      "id": "ACT-2930002",
      "name": "Everyday Checking",
      "currency": "USD",
      "balance": "1523.04",
      "available-balance": "1490.00",
      "balance-date": 1710460800,
      "transactions": [
        {"id": "TRN-12394832938403", "posted": 1710288000, "amount": "-33.29",
         "description": "UNCLE FRANK'S BAIT SHOP 0312", "payee": "Uncle Frank's Bait Shop",
         "memo": "POS PURCHASE", "transacted_at": 1710268200},
        {"id": "TRN-12394832938404", "posted": 1710374399, "amount": "2500.00",
         "description": "ACME CORP PAYROLL"},
        {"id": "TRN-12394832938405", "posted": 0, "amount": "-12.00",
         "description": "NETFLIX.COM", "pending": true, "transacted_at": 1710450000,
         "extra": {"category": "entertainment"}}
      ],
      "holdings": []
    },
    {
      "org": {"domain": "cu.example.org", "name": "Example CU", "id": "ECU-1"},
      "id": "ACT-55",
      "name": "Visa Signature",
      "currency": "USD",
      "balance": "-410.27",
      "available-balance": "6589.73",
      "balance-date": 1710460800,
      "transactions": [
        {"id": "V-1", "posted": 1709294400, "amount": "-89.99", "description": "AMAZON MKTPLACE PMTS"}
      ],
      "extra": {"apr": "21.99"}
    },
    {
      "org": {"domain": "coins.example", "sfin-url": "https://coins.example/sfin"},
      "id": "ACT-BTC",
      "name": "Bitcoin",
      "currency": "https://coins.example/currencies/btc",
      "balance": "0.05012345",
      "balance-date": 1710460800,
      "transactions": []
    }
  ]
}"#;

#[test]
fn simplefin_accounts_and_transactions() {
    assert_eq!(detect(SIMPLEFIN.as_bytes()), Some(StatementFormat::SimpleFin));
    let st = parse_simplefin(SIMPLEFIN.as_bytes(), "sfin.json").expect("parses");
    assert_eq!(
        st,
        parse(SIMPLEFIN.as_bytes(), "sfin.json", &SyncOptions::default()).expect("same")
    );
    assert_eq!(st.len(), 3);

    let chk = &st[0];
    assert_eq!(chk.format, StatementFormat::SimpleFin);
    assert_eq!(chk.account.account_id.as_deref(), Some("ACT-2930002"));
    assert_eq!(chk.account.name.as_deref(), Some("Everyday Checking"));
    assert_eq!(chk.account.bank_id.as_deref(), Some("mybank.com"));
    assert_eq!(chk.account.currency.as_deref(), Some("USD"));
    let bal = chk.closing_balance.as_ref().expect("balance");
    assert_eq!((bal.amount, bal.date), (dec!(1523.04), d(2024, 3, 15)));
    assert_eq!(chk.lines.len(), 3);

    let bait = &chk.lines[0];
    assert_eq!((bait.line, bait.amount), (1, dec!(-33.29)));
    assert_eq!((bait.date, bait.posted_date), (d(2024, 3, 12), Some(d(2024, 3, 13))));
    assert_eq!(bait.payee.as_deref(), Some("Uncle Frank's Bait Shop"));
    assert_eq!(bait.memo.as_deref(), Some("POS PURCHASE"));
    assert_eq!(bait.bank_id.as_deref(), Some("TRN-12394832938403"));
    assert!(!bait.pending);

    // 23:59:59 UTC is still the 13th: the UTC civil date.
    let pay = &chk.lines[1];
    assert_eq!((pay.date, pay.posted_date), (d(2024, 3, 13), Some(d(2024, 3, 13))));
    assert_eq!(pay.amount, dec!(2500.00));
    assert_eq!(
        (pay.payee.as_deref(), pay.memo.as_deref()),
        (Some("ACME CORP PAYROLL"), Some("ACME CORP PAYROLL"))
    );

    let netflix = &chk.lines[2];
    assert!(netflix.pending);
    assert_eq!(
        (netflix.date, netflix.posted_date),
        (d(2024, 3, 14), None),
        "posted 0 = not posted"
    );

    let card = &st[1];
    assert_eq!(card.account.bank_id.as_deref(), Some("ECU-1"), "org.id before domain");
    assert_eq!(card.closing_balance.as_ref().map(|b| b.amount), Some(dec!(-410.27)));
    assert_eq!(card.lines[0].date, d(2024, 3, 1));
    assert_eq!(card.lines[0].amount, dec!(-89.99));

    let btc = &st[2];
    assert_eq!(btc.account.currency.as_deref(), Some("https://coins.example/currencies/btc"));
    assert_eq!(btc.closing_balance.as_ref().map(|b| b.amount), Some(dec!(0.05012345)));
    assert!(btc.lines.is_empty());
}

#[test]
fn simplefin_errors_and_undated_pending() {
    let payload = |txns: &str| {
        format!(
            r#"{{"errors": [], "accounts": [{{"id": "A", "balance": "1", "balance-date": 1710460800, "transactions": []}}, {{"id": "B", "transactions": [{{"id": "1", "posted": 1710288000, "amount": "1"}}, {txns}]}}]}}"#
        )
    };
    let cases = [
        (
            r#"{"id": "2", "posted": "yesterday", "amount": "1"}"#,
            "accounts[2].transactions.posted",
            "yesterday",
        ),
        (
            r#"{"id": "2", "posted": 1710288000.5, "amount": "1"}"#,
            "accounts[2].transactions.posted",
            "1710288000.5",
        ),
        (
            r#"{"id": "2", "posted": 99999999999999999, "amount": "1"}"#,
            "accounts[2].transactions.posted",
            "99999999999999999",
        ),
        (
            r#"{"id": "2", "posted": 1710288000, "amount": "$1"}"#,
            "accounts[2].transactions.amount",
            "$1",
        ),
        (r#"{"id": "2", "posted": 1710288000}"#, "accounts[2].transactions.amount", ""),
        (
            r#"{"id": "2", "posted": 0, "amount": "-4.00", "pending": true}"#,
            "accounts[2].transactions.posted",
            "0",
        ),
        (
            r#"{"id": "2", "posted": 1710288000, "amount": "1", "pending": 1}"#,
            "accounts[2].transactions.pending",
            "1",
        ),
    ];
    for (txn, field, value) in cases {
        let err = parse_simplefin(payload(txn).as_bytes(), "sfin.json").expect_err(txn);
        assert_eq!(malformed(&err), (2, field.to_owned(), value.to_owned()), "{txn}");
    }
    // An undated pending line takes the caller's date.
    let text = payload(r#"{"id": "2", "posted": 0, "amount": "-4.00", "pending": true}"#);
    let options = SyncOptions {
        format: Some(StatementFormat::SimpleFin),
        date_if_missing: Some(d(2024, 3, 16)),
    };
    let st = parse(text.as_bytes(), "sfin.json", &options).expect("dated by the caller");
    let l = &st[1].lines[1];
    assert_eq!(
        (l.date, l.posted_date, l.pending, l.amount),
        (d(2024, 3, 16), None, true, dec!(-4.00))
    );

    let err = parse_simplefin(br#"{"accounts": [{"id": "A", "balance": "10"}]}"#, "s.json")
        .expect_err("undated balance");
    assert_eq!(malformed(&err), (1, "accounts.balance-date".to_owned(), String::new()));
    let err = parse_simplefin(br#"{"accounts": [{"name": "no id"}]}"#, "s.json").expect_err("id");
    assert_eq!(malformed(&err), (1, "accounts.id".to_owned(), String::new()));
    let err = parse_simplefin(br#"{"accounts": [{"id": "A", "transactions": {}}]}"#, "s.json")
        .expect_err("list");
    assert_eq!(malformed(&err).1, "accounts.transactions");
    for broken in [&br#"{"errors": []}"#[..], br#"{"accounts": {}}"#, b"{"] {
        let err = parse_simplefin(broken, "s.json").expect_err("broken");
        assert_eq!(err.code(), "unreadable_file", "{}", String::from_utf8_lossy(broken));
    }
}

// ---------------------------------------------------------------------------------------------
// Detection

#[test]
fn detect_tells_the_payloads_apart() {
    assert_eq!(detect(PLAID_PAGE_1.as_bytes()), Some(StatementFormat::Plaid));
    assert_eq!(detect(PLAID_PAGE_2.as_bytes()), Some(StatementFormat::Plaid));
    assert_eq!(
        detect(br#"{"added": [], "modified": [], "removed": []}"#),
        Some(StatementFormat::Plaid)
    );
    assert_eq!(detect(SIMPLEFIN.as_bytes()), Some(StatementFormat::SimpleFin));
    assert_eq!(
        detect(br#"{"accounts": [{"id": "A", "balance": "1", "balance-date": 1710460800, "transactions": []}]}"#),
        Some(StatementFormat::SimpleFin)
    );
    assert_eq!(detect(gc_payload("[]", "[]").as_bytes()), Some(StatementFormat::GoCardless));
    assert_eq!(detect(br#"{"transactions": {"pending": []}}"#), Some(StatementFormat::GoCardless));
    // Plaid's /transactions/get and /accounts/get are not sync payloads.
    assert_eq!(
        detect(
            br#"{"accounts": [{"account_id": "x"}], "transactions": [], "total_transactions": 0}"#
        ),
        None
    );
    assert_eq!(detect(br#"{"accounts": [{"account_id": "x", "balances": {}}], "item": {}}"#), None);
    assert_eq!(detect(br#"{"transactions": {"other": []}}"#), None);
    assert_eq!(detect(b"<OFX>"), None);
    assert_eq!(detect(b""), None);

    let err = parse(b"{\"x\": 1}", "x.json", &SyncOptions::default()).expect_err("unknown");
    assert_eq!(err.code(), "unreadable_file");
    let err = parse(
        SIMPLEFIN.as_bytes(),
        "x.json",
        &SyncOptions { format: Some(StatementFormat::Ofx), date_if_missing: None },
    )
    .expect_err("not a sync format");
    assert!(unreadable(&err).contains("ofx"));
    // A format forced on the wrong payload says so.
    let err = parse(
        SIMPLEFIN.as_bytes(),
        "x.json",
        &SyncOptions { format: Some(StatementFormat::GoCardless), date_if_missing: None },
    )
    .expect_err("not GoCardless");
    assert!(unreadable(&err).contains("GoCardless"));
}

#[test]
fn statements_keep_file_order() {
    let st: Vec<Statement> =
        parse(SIMPLEFIN.as_bytes(), "s.json", &SyncOptions::default()).expect("ok");
    let ids: Vec<_> = st.iter().map(|s| s.account.account_id.as_deref()).collect();
    assert_eq!(ids, [Some("ACT-2930002"), Some("ACT-55"), Some("ACT-BTC")]);
}

/// The Plaid sandbox custom user's transactions, paged three at a time, synced through a
/// connection: every line once, the last cursor saved, a re-run adding nothing, and a run cut
/// short (its last page still says `has_more`) writing nothing.
#[test]
fn plaid_sandbox_custom_user_syncs_through_a_connection() {
    use tally_core::import::records::{ConnectionStatus, NewConnection, Provider};
    use tally_core::{AccountKind, Engine, NewAccount, NewBook, NewUser, PageRequest};
    let path = Path::new(DATA).join(
        "plaid-sandbox-custom-users/transactions/transactions_checking+savings_custom_user.json",
    );
    let text = read(&path);
    let user: CustomUser<'_> = serde_json::from_str(&text).expect("config");
    let pages: Vec<Vec<u8>> =
        custom_user_pages("cs", &user, 3).into_iter().map(String::into_bytes).collect();
    assert!(pages.len() >= 2, "a multi-page run");
    let added: Vec<usize> =
        pages.iter().map(|p| parse_plaid_page(p, "page").expect("page").added.len()).collect();

    let engine = Engine::in_memory();
    let owner = engine.users().create(NewUser::new("a@b.c", "A", "B", "USD")).expect("user");
    let book = engine.create_book(NewBook::new("Home", owner.id, "USD")).expect("book");
    let accounts = book.accounts();
    let checking =
        accounts.create(NewAccount::new("Assets:Checking", AccountKind::Asset, "USD")).expect("a");
    let savings =
        accounts.create(NewAccount::new("Assets:Savings", AccountKind::Asset, "USD")).expect("a");
    let inbox = accounts
        .create(NewAccount::new("Expenses:Uncategorized", AccountKind::Expense, "USD"))
        .expect("a");
    let imports = book.imports();
    let conn = imports
        .create_connection(
            NewConnection::new(Provider::Plaid, "ins_109508", "Sandbox", inbox.id)
                .account("cs-acc-0", checking.id)
                .account("cs-acc-1", savings.id),
            None,
        )
        .expect("connection");
    let live = || {
        book.transactions()
            .search(&Default::default(), PageRequest::default())
            .expect("search")
            .total
    };

    let cut = imports.sync(conn.id, &pages[..pages.len() - 1]).expect_err("incomplete run");
    assert_eq!((err_code(&cut), cut.field().as_deref()), ("sync_failed", Some("has_more")));
    assert_eq!(live(), 0);
    assert_eq!(imports.connection(conn.id).expect("c").status, ConnectionStatus::Error);

    let done = imports.sync(conn.id, &pages).expect("sync");
    let got: Vec<usize> = done.pages.iter().map(|p| p.added as usize).collect();
    assert_eq!(got, added);
    let last = format!("cs-cursor-{}", pages.len());
    assert_eq!(done.connection.cursor.as_deref(), Some(last.as_str()));
    assert_eq!(done.connection.status, ConnectionStatus::Active);
    assert_eq!(live(), added.iter().sum::<usize>() as u64);
    let again = imports.sync(conn.id, &pages).expect("again");
    assert!(again.batch.is_none());
    assert_eq!(again.pages.iter().map(|p| p.duplicates as usize).collect::<Vec<_>>(), added);
}

fn err_code(e: &Error) -> &'static str {
    e.code()
}
