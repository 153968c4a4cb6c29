//! Portfolios end to end on the in-memory store: every booking method over several lots, a
//! split between buys and sells, a transfer in kind, fees, reinvested dividends, return of
//! capital, and the invariants of lots under any sequence of buys and sells.

use chrono::NaiveDate;
use proptest::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use tally_core::portfolio::operations::*;
use tally_core::portfolio::*;
use tally_core::*;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

struct Fixture {
    book: Book,
    broker: AccountId,
    ira: AccountId,
    gains: AccountId,
    dividends: AccountId,
    fees: AccountId,
}

fn fixture() -> Fixture {
    let engine = Engine::in_memory();
    let user =
        engine.users().create(NewUser::new("inv@example.com", "I", "V", "USD")).expect("user");
    let book = engine.create_book(NewBook::new("Invest", user.id, "USD")).expect("book");
    let inv = |path: &str| {
        book.accounts()
            .create(
                NewAccount::new(path, AccountKind::Asset, "USD")
                    .subtype(AccountSubtype::Investment),
            )
            .expect("account")
            .id
    };
    let broker = inv("Assets:Broker");
    let ira = inv("Assets:IRA");
    let income = |path: &str| {
        book.accounts()
            .create(NewAccount::new(path, AccountKind::Income, "USD"))
            .expect("income")
            .id
    };
    let gains = income("Income:Gains");
    let dividends = income("Income:Dividends");
    let fees = book
        .accounts()
        .create(NewAccount::new("Expenses:Fees", AccountKind::Expense, "USD"))
        .expect("fees")
        .id;
    book.portfolio()
        .define_security(NewSecurity::new("ACME", "Acme Corp", AssetClass::Stock, "USD"))
        .expect("ACME");
    book.portfolio()
        .define_security(NewSecurity::new("AGG", "Bond fund", AssetClass::Bond, "USD").scale(3))
        .expect("AGG");
    Fixture { book, broker, ira, gains, dividends, fees }
}

impl Fixture {
    fn buy(&self, date: NaiveDate, qty: Decimal, price: Decimal, fees: Decimal) -> Transaction {
        self.book
            .portfolio()
            .buy(&BuyRequest::new(date, self.broker, "ACME", qty, price).fees(fees))
            .expect("buy")
    }

    /// Three lots: 10 @ 100 (Jan 2023), 10 @ 300 (Mar 2023), 10 @ 200 (Jan 2024, fee 10).
    fn three_lots(&self) {
        self.buy(day(2023, 1, 10), dec!(10), dec!(100), dec!(0));
        self.buy(day(2023, 3, 10), dec!(10), dec!(300), dec!(0));
        self.buy(day(2024, 1, 10), dec!(10), dec!(199), dec!(10));
    }

    fn sell(&self, qty: Decimal, price: Decimal) -> Sale {
        self.book
            .portfolio()
            .sell(&SellRequest::new(day(2024, 2, 1), self.broker, "ACME", qty, price, self.gains))
            .expect("sell")
    }

    fn lots(&self) -> Vec<(Decimal, Decimal)> {
        let lots =
            self.book.portfolio().lots(&LotFilter::new().account(self.broker)).expect("lots");
        lots.iter().filter(|l| l.security == "ACME").map(|l| (l.quantity, l.cost)).collect()
    }

    fn balance(&self, account: AccountId, commodity: &str) -> Decimal {
        self.book
            .accounts()
            .balances(None)
            .expect("balances")
            .into_iter()
            .find(|b| b.account_id == account && b.commodity == commodity)
            .map_or(Decimal::ZERO, |b| b.own)
    }
}

fn gains_of(sale: &Sale) -> Vec<(Decimal, Decimal, Decimal, bool)> {
    sale.gains.iter().map(|g| (g.quantity, g.cost, g.proceeds, g.long_term)).collect()
}

#[test]
fn fifo_sells_across_lots_with_terms() {
    let f = fixture();
    f.three_lots();
    let sale = f.sell(dec!(15), dec!(250));
    assert_eq!(
        gains_of(&sale),
        vec![(dec!(10), dec!(1000), dec!(2500), true), (dec!(5), dec!(1500), dec!(1250), false),]
    );
    assert_eq!(f.lots(), vec![(dec!(5), dec!(1500)), (dec!(10), dec!(2000))]);
    // The ledger agrees: gains credited 3750 - 2500 = 1250, cash in the account.
    assert_eq!(f.balance(f.gains, "USD"), dec!(-1250));
    assert_eq!(f.balance(f.broker, "ACME"), dec!(15));
    let stored = f.book.portfolio().realized_gains(&LotFilter::new()).expect("gains");
    assert_eq!(stored, sale.gains);
    let custom =
        f.book.portfolio().realized_gains(&LotFilter::new().long_term_days(500)).expect("gains");
    assert!(custom.iter().all(|g| !g.long_term));
}

#[test]
fn lifo_hifo_and_average() {
    let f = fixture();
    f.three_lots();
    f.book.portfolio().set_booking_method(f.broker, BookingMethod::Lifo).expect("lifo");
    let sale = f.sell(dec!(12), dec!(250));
    assert_eq!(
        gains_of(&sale),
        vec![(dec!(10), dec!(2000), dec!(2500), false), (dec!(2), dec!(600), dec!(500), false)]
    );
    let f = fixture();
    f.three_lots();
    f.book.portfolio().set_booking_method(f.broker, BookingMethod::Hifo).expect("hifo");
    let sale = f.sell(dec!(12), dec!(250));
    assert_eq!(
        gains_of(&sale),
        vec![(dec!(10), dec!(3000), dec!(2500), false), (dec!(2), dec!(400), dec!(500), false)]
    );
    let f = fixture();
    f.three_lots();
    f.book.portfolio().set_booking_method(f.broker, BookingMethod::Average).expect("avg");
    assert_eq!(f.book.portfolio().booking_method(f.broker).expect("m"), BookingMethod::Average);
    // Pool: 30 units for 6000 -> 200 each; 12 sold cost 2400.
    let sale = f.sell(dec!(12), dec!(250));
    let cost: Decimal = sale.gains.iter().map(|g| g.cost).sum();
    assert_eq!(cost, dec!(2400));
    let rest = f.lots();
    let qty: Decimal = rest.iter().map(|l| l.0).sum();
    let basis: Decimal = rest.iter().map(|l| l.1).sum();
    assert_eq!((qty, basis), (dec!(18), dec!(3600)));
    // A second sale stays at the average (3600 / 18 = 200).
    let sale = f.sell(dec!(3), dec!(100));
    assert_eq!(sale.gains.iter().map(|g| g.cost).sum::<Decimal>(), dec!(600));
}

#[test]
fn specific_lots_and_errors() {
    let f = fixture();
    f.three_lots();
    let lots = f.book.portfolio().lots(&LotFilter::new().security("ACME")).expect("lots");
    let req = SellRequest::new(day(2024, 2, 1), f.broker, "ACME", dec!(4), dec!(250), f.gains)
        .lots(vec![LotPick::new(lots[2].id, dec!(4))]);
    let sale = f.book.portfolio().sell(&req).expect("specific");
    assert_eq!(gains_of(&sale), vec![(dec!(4), dec!(800), dec!(1000), false)]);
    let too_many = SellRequest::new(day(2024, 2, 2), f.broker, "ACME", dec!(27), dec!(1), f.gains);
    let err = f.book.portfolio().sell(&too_many).expect_err("too many");
    assert_eq!(err.code(), "insufficient_quantity");
    assert_eq!(err.field().as_deref(), Some("quantity"));
    assert!(err.to_string().contains("26 held") || err.to_string().contains("only 26"), "{err}");
    let bad_pick = SellRequest::new(day(2024, 2, 2), f.broker, "ACME", dec!(1), dec!(1), f.gains)
        .lots(vec![LotPick::new(LotId(999_999), dec!(1))]);
    assert_eq!(f.book.portfolio().sell(&bad_pick).expect_err("lot").code(), "lot_not_found");
    let not_sec = BuyRequest::new(day(2024, 1, 1), f.broker, "EUR", dec!(1), dec!(1));
    assert_eq!(f.book.portfolio().buy(&not_sec).expect_err("eur").code(), "not_a_security");
    // Nothing of the failed calls was written.
    assert_eq!(f.lots().iter().map(|l| l.0).sum::<Decimal>(), dec!(26));
}

#[test]
fn fees_are_in_the_lot_cost() {
    let f = fixture();
    let tx = f.buy(day(2024, 1, 2), dec!(7), dec!(215.71), dec!(9.99));
    assert_eq!(tx.splits.len(), 2);
    let lots = f.book.portfolio().lots(&LotFilter::new()).expect("lots");
    assert_eq!(lots[0].cost, dec!(1519.96));
    assert_eq!(lots[0].fees, dec!(9.99));
    assert_eq!(f.balance(f.broker, "USD"), dec!(-1519.96));
    let sale = f
        .book
        .portfolio()
        .sell(
            &SellRequest::new(day(2024, 3, 1), f.broker, "ACME", dec!(3), dec!(220), f.gains)
                .fees(dec!(4.95)),
        )
        .expect("sale");
    // 3/7 of 1519.96 = 651.411... -> 651.41; proceeds 660 - 4.95.
    assert_eq!(gains_of(&sale), vec![(dec!(3), dec!(651.41), dec!(655.05), false)]);
    assert_eq!(sale.gains[0].gain, dec!(3.64));
    assert_eq!(f.lots(), vec![(dec!(4), dec!(868.55))]);
}

#[test]
fn split_between_buys_and_sells() {
    let f = fixture();
    f.buy(day(2023, 1, 2), dec!(10), dec!(90), dec!(0));
    f.buy(day(2023, 6, 2), dec!(5), dec!(120), dec!(0));
    f.book.portfolio().split(&SplitRequest::new(day(2023, 9, 1), "ACME", dec!(3))).expect("split");
    assert_eq!(f.lots(), vec![(dec!(30), dec!(900)), (dec!(15), dec!(600))]);
    let lots = f.book.portfolio().lots(&LotFilter::new()).expect("lots");
    assert_eq!(lots[0].acquired, day(2023, 1, 2), "acquisition date kept");
    f.buy(day(2023, 10, 2), dec!(5), dec!(45), dec!(0));
    let sale = f
        .book
        .portfolio()
        .sell(&SellRequest::new(day(2024, 2, 1), f.broker, "ACME", dec!(35), dec!(50), f.gains))
        .expect("sale");
    assert_eq!(
        gains_of(&sale),
        vec![(dec!(30), dec!(900), dec!(1500), true), (dec!(5), dec!(200), dec!(250), false)]
    );
    // Reverse split 1:5 of the 15 units left (10 @ 40 and 5 @ 45).
    f.book.portfolio().split(&SplitRequest::new(day(2024, 3, 1), "ACME", dec!(0.2))).expect("rev");
    assert_eq!(f.lots(), vec![(dec!(2), dec!(400)), (dec!(1), dec!(225))]);
    assert_eq!(f.balance(f.broker, "ACME"), dec!(3));
}

#[test]
fn split_fractions_stay_exact_or_are_paid_in_cash() {
    let f = fixture();
    // Two lots of 3 whole units: 3-for-2 gives 4.5 each. The position is entitled to 9: the
    // older lot gets the unit the separate roundings lose.
    f.buy(day(2023, 1, 2), dec!(3), dec!(100), dec!(0));
    f.buy(day(2023, 2, 2), dec!(3), dec!(110), dec!(0));
    f.book
        .portfolio()
        .split(&SplitRequest::new(day(2023, 3, 1), "ACME", dec!(1.5)).account(f.broker))
        .expect("split");
    assert_eq!(f.lots(), vec![(dec!(5), dec!(300)), (dec!(4), dec!(330))]);
    assert_eq!(f.balance(f.broker, "ACME"), dec!(9));
    // 9 x 1.5 = 13.5: half a unit no lot can hold. Without cash in lieu it is dropped and its
    // cost stays with the 13 units kept.
    let g = fixture();
    g.buy(day(2023, 1, 2), dec!(9), dec!(70), dec!(0));
    g.book
        .portfolio()
        .split(&SplitRequest::new(day(2023, 3, 1), "ACME", dec!(1.5)).account(g.broker))
        .expect("dropped");
    assert_eq!(g.lots(), vec![(dec!(13), dec!(630))]);
    // With cash in lieu: a second 3-for-2 split leaves half a unit again, paid 25.
    let tx = g
        .book
        .portfolio()
        .split(
            &SplitRequest::new(day(2023, 4, 3), "ACME", dec!(1.5))
                .account(g.broker)
                .cash_in_lieu(dec!(25), g.gains),
        )
        .expect("cash in lieu");
    // 13 x 1.5 = 19.5: 19 kept; the half unit's cost is 630 x 0.5 / 19.5 = 16.15, so the lot
    // keeps 613.85 and the 25 paid is a gain of 8.85.
    assert_eq!(g.lots(), vec![(dec!(19), dec!(613.85))]);
    let gain: Decimal =
        tx.splits.iter().filter(|s| s.account_id == g.gains).map(|s| -s.amount).sum();
    assert_eq!(gain, dec!(8.85));
    assert_eq!(g.balance(g.broker, "USD"), dec!(-630) + dec!(25));
    // Fractional securities keep the fraction exactly at their scale.
    g.book
        .portfolio()
        .buy(&BuyRequest::new(day(2023, 5, 2), g.ira, "AGG", dec!(1.001), dec!(10)))
        .expect("agg");
    g.book
        .portfolio()
        .split(&SplitRequest::new(day(2023, 6, 1), "AGG", dec!(2.5)).account(g.ira))
        .expect("agg split");
    let agg = g.book.portfolio().lots(&LotFilter::new().security("AGG")).expect("lots");
    assert_eq!(agg[0].quantity, dec!(2.502));
    // Cash in lieu needs the account and a fraction to pay.
    let err = g
        .book
        .portfolio()
        .split(&SplitRequest::new(day(2023, 7, 1), "ACME", dec!(2)).cash_in_lieu(dec!(1), g.gains))
        .expect_err("no account");
    assert_eq!(err.field().as_deref(), Some("cash_in_lieu"));
    let err = g
        .book
        .portfolio()
        .split(
            &SplitRequest::new(day(2023, 7, 1), "ACME", dec!(2))
                .account(g.broker)
                .cash_in_lieu(dec!(1), g.gains),
        )
        .expect_err("no fraction");
    assert!(err.to_string().contains("no fraction"), "{err}");
}

#[test]
fn transfer_in_kind_keeps_cost_and_dates() {
    let f = fixture();
    f.three_lots();
    f.book
        .portfolio()
        .transfer_in_kind(&TransferRequest::new(day(2024, 5, 1), f.broker, f.ira, "ACME", dec!(15)))
        .expect("transfer");
    let ira = f.book.portfolio().lots(&LotFilter::new().account(f.ira)).expect("ira lots");
    let got: Vec<(NaiveDate, Decimal, Decimal)> =
        ira.iter().map(|l| (l.acquired, l.quantity, l.cost)).collect();
    assert_eq!(
        got,
        vec![(day(2023, 1, 10), dec!(10), dec!(1000)), (day(2023, 3, 10), dec!(5), dec!(1500))]
    );
    // No gain realized by a transfer; the ledger moved the units.
    assert!(f.book.portfolio().realized_gains(&LotFilter::new()).expect("gains").is_empty());
    assert_eq!(f.balance(f.ira, "ACME"), dec!(15));
    // Selling from the IRA later is long term for the first lot.
    let sale = f
        .book
        .portfolio()
        .sell(&SellRequest::new(day(2024, 6, 1), f.ira, "ACME", dec!(10), dec!(300), f.gains))
        .expect("ira sale");
    assert!(sale.gains[0].long_term);
    assert_eq!(sale.gains[0].acquired, day(2023, 1, 10));
}

#[test]
fn dividends_reinvestment_interest_fees_and_return_of_capital() {
    let f = fixture();
    let p = f.book.portfolio();
    f.buy(day(2024, 1, 2), dec!(10), dec!(100), dec!(0));
    p.income_received(&IncomeRequest::dividend(
        day(2024, 3, 1),
        f.broker,
        "ACME",
        dec!(12.5),
        f.dividends,
    ))
    .expect("dividend");
    p.reinvest(&ReinvestRequest::new(
        day(2024, 6, 1),
        f.broker,
        "ACME",
        dec!(20),
        dec!(0.2) * dec!(5),
        f.dividends,
    ))
    .expect("reinvest");
    p.income_received(&IncomeRequest::interest(
        day(2024, 6, 30),
        f.broker,
        dec!(1.11),
        f.dividends,
    ))
    .expect("interest");
    p.fee(&FeeRequest::new(day(2024, 7, 1), f.broker, dec!(5), f.fees)).expect("fee");
    let income = p.income(day(2024, 1, 1), day(2024, 12, 31), None).expect("income");
    let got: Vec<(Option<String>, OperationKind, Decimal)> =
        income.iter().map(|r| (r.security.clone(), r.kind, r.amount)).collect();
    assert_eq!(
        got,
        vec![
            (None, OperationKind::Interest, dec!(1.11)),
            (Some("ACME".to_owned()), OperationKind::Dividend, dec!(12.5)),
            (Some("ACME".to_owned()), OperationKind::Reinvest, dec!(20)),
        ]
    );
    assert_eq!(f.lots(), vec![(dec!(10), dec!(1000)), (dec!(1), dec!(20))]);
    // Return of capital of 22: 20 to the first lot (10/11), 2 to the second.
    p.return_of_capital(&ReturnOfCapitalRequest::new(day(2024, 8, 1), f.broker, "ACME", dec!(22)))
        .expect("roc");
    assert_eq!(f.lots(), vec![(dec!(10), dec!(980)), (dec!(1), dec!(18))]);
    let lots = p.lots(&LotFilter::new()).expect("lots");
    assert_eq!(lots[0].acquired, day(2024, 1, 2));
    assert_eq!(
        f.balance(f.broker, "USD"),
        dec!(-1000) + dec!(12.5) + dec!(1.11) - dec!(5) + dec!(22)
    );
    let too_much = ReturnOfCapitalRequest::new(day(2024, 9, 1), f.broker, "ACME", dec!(5000));
    assert_eq!(p.return_of_capital(&too_much).expect_err("basis").code(), "invalid_field");
}

#[test]
fn imported_style_sales_without_lots_follow_the_method() {
    // A sale written by hand at a price (no cost, no lot): the replay books it FIFO.
    let f = fixture();
    f.three_lots();
    let tx = NewTransaction::new(
        day(2024, 2, 1),
        vec![
            NewSplit::new(f.broker, dec!(-12)).commodity("ACME").price(dec!(250), "USD"),
            NewSplit::new(f.broker, dec!(3000)),
        ],
    );
    f.book.transactions().add(tx).expect("hand sale");
    let gains = f.book.portfolio().realized_gains(&LotFilter::new()).expect("gains");
    assert_eq!(gains.iter().map(|g| g.cost).sum::<Decimal>(), dec!(1600));
    assert!(f.book.portfolio().issues().expect("issues").is_empty());
}

#[derive(Debug, Clone)]
enum Op {
    Buy(u32, u32, u32),
    Sell(u32),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (1u32..50, 1u32..100_000, 0u32..1000).prop_map(|(q, p, f)| Op::Buy(q, p, f)),
        (1u32..80).prop_map(Op::Sell),
    ]
}

fn method() -> impl Strategy<Value = BookingMethod> {
    prop_oneof![
        Just(BookingMethod::Fifo),
        Just(BookingMethod::Lifo),
        Just(BookingMethod::Hifo),
        Just(BookingMethod::Average),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// For any buys and sells: remaining basis + cost of everything sold == total bought, and
    /// no quantity is ever negative (a sale of more than is held is refused).
    #[test]
    fn basis_is_conserved(ops in proptest::collection::vec(op(), 1..14), m in method()) {
        let f = fixture();
        f.book.portfolio().set_booking_method(f.broker, m).expect("method");
        let mut bought = Decimal::ZERO;
        let mut held = Decimal::ZERO;
        for (i, o) in ops.iter().enumerate() {
            let date = day(2020, 1, 1) + chrono::Days::new(i as u64 * 10);
            match *o {
                Op::Buy(q, p, fee) => {
                    let tx = f.book.portfolio().buy(
                        &BuyRequest::new(date, f.broker, "AGG", Decimal::from(q) / dec!(8), Decimal::new(i64::from(p), 2))
                            .fees(Decimal::new(i64::from(fee), 2)),
                    ).expect("buy");
                    bought -= tx.splits[1].amount;
                    held += Decimal::from(q) / dec!(8);
                }
                Op::Sell(q) => {
                    let qty = Decimal::from(q) / dec!(4);
                    let res = f.book.portfolio().sell(
                        &SellRequest::new(date, f.broker, "AGG", qty, dec!(10), f.gains),
                    );
                    if qty > held {
                        prop_assert_eq!(res.expect_err("too many").code(), "insufficient_quantity");
                    } else {
                        res.expect("sell");
                        held -= qty;
                    }
                }
            }
            let lots = f.book.portfolio().lots(&LotFilter::new()).expect("lots");
            prop_assert!(lots.iter().all(|l| l.quantity > Decimal::ZERO && l.cost >= Decimal::ZERO));
            prop_assert_eq!(lots.iter().map(|l| l.quantity).sum::<Decimal>(), held);
        }
        let lots = f.book.portfolio().lots(&LotFilter::new()).expect("lots");
        let remaining: Decimal = lots.iter().map(|l| l.cost).sum();
        let sold: Decimal = f.book.portfolio().realized_gains(&LotFilter::new()).expect("gains")
            .iter().map(|g| g.cost).sum();
        prop_assert_eq!(remaining + sold, bought);
    }
}

#[test]
fn holdings_value_and_missing_prices() {
    use tally_core::portfolio::valuation::HoldingsRequest;
    let f = fixture();
    f.three_lots();
    f.book
        .portfolio()
        .buy(&BuyRequest::new(day(2024, 1, 5), f.ira, "AGG", dec!(2.5), dec!(100)))
        .expect("agg");
    f.book
        .rates()
        .add(Rate::new("ACME", "USD", day(2024, 3, 28), dec!(250), "test"))
        .expect("price");
    f.book.rates().add(Rate::new("EUR", "USD", day(2024, 3, 29), dec!(1.25), "test")).expect("fx");
    let h = f
        .book
        .portfolio()
        .holdings(&HoldingsRequest::new(day(2024, 3, 30), "EUR"))
        .expect("holdings");
    assert_eq!(h.rows.len(), 2);
    let acme = h.rows.iter().find(|r| r.security == "ACME").expect("acme");
    // 30 x 250 USD = 7500 USD = 6000 EUR; cost 6000 USD = 4800 EUR.
    assert_eq!(acme.market_value, Some(dec!(6000.00)));
    assert_eq!(acme.cost_value, Some(dec!(4800.00)));
    assert_eq!(acme.unrealized_gain, Some(dec!(1200.00)));
    assert_eq!(acme.unrealized_percent, Some(dec!(25.00)));
    assert_eq!(acme.weight_percent, Some(dec!(100.00)));
    assert_eq!(acme.asset_class, Some(AssetClass::Stock));
    assert_eq!(h.total_value, dec!(6000.00));
    // AGG has no price: listed, not valued at zero.
    assert_eq!(h.missing.len(), 1);
    assert_eq!((h.missing[0].security.as_str(), h.missing[0].code.as_str()), ("AGG", "no_rate"));
    let agg = h.rows.iter().find(|r| r.security == "AGG").expect("agg");
    assert_eq!(agg.market_value, None);
    // Stale prices are listed too.
    let later = f
        .book
        .portfolio()
        .holdings(&HoldingsRequest::new(day(2024, 5, 30), "USD").account(f.broker))
        .expect("later");
    assert_eq!(later.missing[0].code, "stale_rate");
}
