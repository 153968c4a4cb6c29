//! The portfolio group of a book: securities, booking methods, buys and sales with their lots
//! and realized gains, holdings valued in a currency; and the XIRR of dated cash flows as a
//! top-level function. As in [`crate::groups`], each method is one line over the core and the
//! long ones are also exported as `..._async`.

use crate::background::in_background;
use crate::conversion::{Amount, BuyRequest, HoldingsRequest, IsoDate, SellRequest, TargetWeight};
use crate::error::Result;
use tally_core::book::LotFilter;
use tally_core::portfolio::operations::{
    FeeRequest, IncomeRequest, ReinvestRequest, ReturnOfCapitalRequest, SplitRequest,
    TransferRequest,
};
use tally_core::portfolio::returns::{CashFlow, DayCount};
use tally_core::portfolio::valuation::Holdings;
use tally_core::portfolio::{
    AssetClass, BookingMethod, Lot, NewSecurity, RealizedGain, Sale, Security,
};
use tally_core::portfolio::{IncomeRow, OperationKind};
use tally_core::{AccountId, Transaction};
use tally_core::{LoadReport, TransactionId};

/// Portfolio calls of a book.
#[derive(Debug, uniffi::Object)]
pub struct Portfolio(pub(crate) tally_core::Book);

#[uniffi::export]
impl Portfolio {
    /// Defines a security: a commodity with its scale, asset class and quotation currency.
    ///
    /// # Errors
    ///
    /// `invalid_commodity_code`, `invalid_scale`, `commodity_exists`, `unknown_commodity`,
    /// `read_only`.
    pub fn define_security(&self, new: NewSecurity) -> Result<Security> {
        Ok(self.0.portfolio().define_security(new)?)
    }

    /// Gives an existing commodity an asset class and currency, making it a security.
    ///
    /// # Errors
    ///
    /// `unknown_commodity`, `not_a_security` (a currency), `read_only`.
    pub fn classify(
        &self,
        code: String,
        asset_class: AssetClass,
        currency: String,
    ) -> Result<Security> {
        Ok(self.0.portfolio().classify(&code, asset_class, &currency)?)
    }

    /// The book's securities.
    ///
    /// # Errors
    ///
    /// `storage`.
    pub fn securities(&self) -> Result<Vec<Security>> {
        Ok(self.0.portfolio().securities()?)
    }

    /// A security by code.
    ///
    /// # Errors
    ///
    /// `not_a_security`.
    pub fn security(&self, code: String) -> Result<Security> {
        Ok(self.0.portfolio().security(&code)?)
    }

    /// Sets how an account's sales pick their lots.
    ///
    /// # Errors
    ///
    /// `account_not_found`, `read_only`.
    pub fn set_booking_method(&self, account: AccountId, method: BookingMethod) -> Result<()> {
        Ok(self.0.portfolio().set_booking_method(account, method)?)
    }

    /// An account's booking method (`FIFO` when unset).
    ///
    /// # Errors
    ///
    /// `storage`.
    pub fn booking_method(&self, account: AccountId) -> Result<BookingMethod> {
        Ok(self.0.portfolio().booking_method(account)?)
    }

    /// Buys units: one transaction that opens a lot at its cost (price times quantity, plus
    /// fees).
    ///
    /// # Errors
    ///
    /// `not_a_security`, `account_not_found`, `invalid_field`, `too_many_decimals`,
    /// `read_only`.
    pub fn buy(&self, request: BuyRequest) -> Result<Transaction> {
        Ok(self.0.portfolio().buy(&request.into())?)
    }

    /// Sells units from the lots the booking method (or `request.lots`) picks; returns the
    /// transaction and the gain of every lot sold.
    ///
    /// # Errors
    ///
    /// `insufficient_quantity`, `lot_not_found`, `not_a_security`, `invalid_field`,
    /// `read_only`.
    pub fn sell(&self, request: SellRequest) -> Result<Sale> {
        Ok(self.0.portfolio().sell(&request.into())?)
    }

    /// The open lots, as of `filter.to` when set.
    ///
    /// # Errors
    ///
    /// `storage`.
    pub fn lots(&self, filter: LotFilter) -> Result<Vec<Lot>> {
        Ok(self.0.portfolio().lots(&filter)?)
    }

    /// The realized gains of sales, per lot sold.
    ///
    /// # Errors
    ///
    /// `storage`.
    pub fn realized_gains(&self, filter: LotFilter) -> Result<Vec<RealizedGain>> {
        Ok(self.0.portfolio().realized_gains(&filter)?)
    }

    /// Holdings on a day, valued in a currency with the book's prices and rates; what has no
    /// price is listed in `missing`.
    ///
    /// # Errors
    ///
    /// `unknown_commodity` (the currency), `storage`.
    pub fn holdings(&self, request: HoldingsRequest) -> Result<Holdings> {
        Ok(self.0.portfolio().holdings(&request.into())?)
    }

    /// [`holdings`](Self::holdings) on a background thread.
    ///
    /// # Errors
    ///
    /// As [`holdings`](Self::holdings).
    pub async fn holdings_async(&self, request: HoldingsRequest) -> Result<Holdings> {
        let book = self.0.clone();
        in_background(move || book.portfolio().holdings(&request.into())).await
    }

    /// Dividend or interest received.
    ///
    /// # Errors
    ///
    /// `invalid_field`, `not_a_security`, `account_not_found`, `read_only`.
    pub fn income_received(&self, request: IncomeRequest) -> Result<Transaction> {
        Ok(self.0.portfolio().income_received(&request)?)
    }

    /// A dividend reinvested in units (income, then a buy, in one transaction).
    ///
    /// # Errors
    ///
    /// As [`income_received`](Self::income_received).
    pub fn reinvest(&self, request: ReinvestRequest) -> Result<Transaction> {
        Ok(self.0.portfolio().reinvest(&request)?)
    }

    /// A fee charged to an investment account.
    ///
    /// # Errors
    ///
    /// `invalid_field`, `account_not_found`, `read_only`.
    pub fn fee(&self, request: FeeRequest) -> Result<Transaction> {
        Ok(self.0.portfolio().fee(&request)?)
    }

    /// A split of a security's units.
    ///
    /// # Errors
    ///
    /// `invalid_field`, `not_a_security`, `read_only`.
    pub fn split(&self, request: SplitRequest) -> Result<Transaction> {
        Ok(self.0.portfolio().split(&request)?)
    }

    /// Units moved in kind to another account, lots and cost kept.
    ///
    /// # Errors
    ///
    /// `insufficient_quantity`, `lot_not_found`, `not_a_security`, `read_only`.
    pub fn transfer_in_kind(&self, request: TransferRequest) -> Result<Transaction> {
        Ok(self.0.portfolio().transfer_in_kind(&request)?)
    }

    /// A return of capital, lowering the cost of the lots.
    ///
    /// # Errors
    ///
    /// `invalid_field`, `not_a_security`, `read_only`.
    pub fn return_of_capital(&self, request: ReturnOfCapitalRequest) -> Result<Transaction> {
        Ok(self.0.portfolio().return_of_capital(&request)?)
    }

    /// Investment income between two days, per account, security and kind.
    ///
    /// # Errors
    ///
    /// `storage`.
    pub fn income(
        &self,
        from: IsoDate,
        to: IsoDate,
        account: Option<AccountId>,
    ) -> Result<Vec<IncomeRow>> {
        Ok(self.0.portfolio().income(from, to, account)?)
    }

    /// The transactions of one kind of operation.
    ///
    /// # Errors
    ///
    /// `storage`.
    pub fn operations(&self, kind: OperationKind) -> Result<Vec<TransactionId>> {
        Ok(self.0.portfolio().operations(kind)?)
    }

    /// Sets the target weights of an account (of the whole book when null).
    ///
    /// # Errors
    ///
    /// `invalid_targets`, `account_not_found`, `read_only`.
    pub fn set_targets(
        &self,
        account: Option<AccountId>,
        targets: Vec<TargetWeight>,
    ) -> Result<()> {
        let targets: Vec<_> = targets.into_iter().map(Into::into).collect();
        Ok(self.0.portfolio().set_targets(account, &targets)?)
    }

    /// The target weights of an account (of the whole book when null).
    ///
    /// # Errors
    ///
    /// `storage`.
    pub fn targets(&self, account: Option<AccountId>) -> Result<Vec<TargetWeight>> {
        Ok(self.0.portfolio().targets(account)?.into_iter().map(Into::into).collect())
    }

    /// Loads security prices from a CSV file's bytes (`file` names it in errors).
    ///
    /// # Errors
    ///
    /// `malformed_line`, `unreadable_file`, `invalid_field`, `read_only`.
    pub fn load_prices(&self, bytes: Vec<u8>, file: String) -> Result<LoadReport> {
        Ok(self.0.portfolio().load_prices(&bytes, &file)?)
    }
}

/// The annual internal rate of return of dated cash flows (negative out, positive in), as a
/// decimal fraction (`0.1` is 10 %) rounded to 12 places; null when there is none (flows all
/// of one sign, or no convergence). The core's `xirr_decimal`.
#[uniffi::export(default(day_count = None))]
pub fn xirr(flows: Vec<CashFlow>, day_count: Option<DayCount>) -> Option<Amount> {
    tally_core::portfolio::returns::xirr_decimal(&flows, day_count.unwrap_or_default())
}
