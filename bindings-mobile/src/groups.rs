//! The groups of calls of a book, as in the Rust facade: [`Accounts`], [`Transactions`],
//! [`Commodities`], [`Rates`], [`Imports`], [`Reports`]. Each method is one line over the core;
//! the long ones are also exported as `..._async` (Kotlin `suspend fun`, Swift `async`, Python
//! coroutines), run by [`in_background`].

use crate::background::in_background;
use crate::conversion::{
    csv_profile_json, AccountUpdate, Amount, Conversion, ConvertOptions, ImportOptions,
    ImportResult, IsoDate, NewExchange, ParseOptions, RateQuote, RegisterPage, SplitPart,
    TransactionPage, ValuationOptions,
};
use crate::error::Result;
use tally_core::files::FileError;
use tally_core::import::Statement;
use tally_core::{
    Account, AccountBalance, AccountId, AssertionId, AssertionResult, BalanceAssertion,
    CategoryAmount, Commodity, EditOptions, FxGain, LoadOptions, LoadReport, LookupOptions,
    NetWorth, NewAccount, NewBalanceAssertion, NewCommodity, NewTransaction, PageRequest, Rate,
    RateFilter, Status, Transaction, TransactionFilter, TransactionId, ValuedBalances,
    ValuedCategories,
};

/// Account calls of a book: the tree, balances, register, balance assertions.
#[derive(Debug, uniffi::Object)]
pub struct Accounts(pub(crate) tally_core::Book);

#[uniffi::export]
impl Accounts {
    /// Creates an account, and any missing ancestors with the same kind and currency.
    ///
    /// # Errors
    ///
    /// `invalid_account_path`, `duplicate_account_name`, `parent_kind_mismatch`,
    /// `invalid_subtype`, `unknown_commodity`, `read_only`.
    pub fn create(&self, new: NewAccount) -> Result<Account> {
        Ok(self.0.accounts().create(new)?)
    }

    /// Every account of the book, in path order.
    ///
    /// # Errors
    ///
    /// `storage`.
    pub fn list(&self) -> Result<Vec<Account>> {
        Ok(self.0.accounts().list()?)
    }

    /// An account by id.
    ///
    /// # Errors
    ///
    /// `account_not_found`.
    pub fn get(&self, id: AccountId) -> Result<Account> {
        Ok(self.0.accounts().get(id)?)
    }

    /// An account by full path, e.g. `Assets:Bank:Checking`.
    ///
    /// # Errors
    ///
    /// `account_not_found`.
    pub fn by_path(&self, path: String) -> Result<Account> {
        Ok(self.0.accounts().by_path(&path)?)
    }

    /// Changes an account; renaming moves the paths of its descendants too.
    ///
    /// # Errors
    ///
    /// `account_not_found`, `invalid_account_path`, `duplicate_account_name`,
    /// `closed_before_opened`, `read_only`.
    pub fn update(&self, id: AccountId, update: AccountUpdate) -> Result<Account> {
        Ok(self.0.accounts().update(id, update.into())?)
    }

    /// Closes an account: no posting may be dated after `on`.
    ///
    /// # Errors
    ///
    /// As [`update`](Self::update).
    pub fn close(&self, id: AccountId, on: IsoDate) -> Result<Account> {
        Ok(self.0.accounts().close(id, on)?)
    }

    /// Balance of every account at the end of `as_of` (all time when null), per commodity,
    /// rolled up the tree into `total`.
    ///
    /// # Errors
    ///
    /// `storage`.
    #[uniffi::method(default(as_of = None))]
    pub fn balances(&self, as_of: Option<IsoDate>) -> Result<Vec<AccountBalance>> {
        Ok(self.0.accounts().balances(as_of)?)
    }

    /// [`balances`](Self::balances) on a background thread.
    ///
    /// # Errors
    ///
    /// As [`balances`](Self::balances).
    #[uniffi::method(default(as_of = None))]
    pub async fn balances_async(&self, as_of: Option<IsoDate>) -> Result<Vec<AccountBalance>> {
        let book = self.0.clone();
        in_background(move || book.accounts().balances(as_of)).await
    }

    /// The register of an account (with its descendants when asked): one row per split with
    /// the running balance, paged and sorted by date.
    ///
    /// # Errors
    ///
    /// `account_not_found`, `invalid_field` for a bad page.
    pub fn register(
        &self,
        id: AccountId,
        include_descendants: bool,
        page: PageRequest,
    ) -> Result<RegisterPage> {
        Ok(self.0.accounts().register(id, include_descendants, page)?.into())
    }

    /// [`register`](Self::register) on a background thread.
    ///
    /// # Errors
    ///
    /// As [`register`](Self::register).
    pub async fn register_async(
        &self,
        id: AccountId,
        include_descendants: bool,
        page: PageRequest,
    ) -> Result<RegisterPage> {
        let book = self.0.clone();
        in_background(move || book.accounts().register(id, include_descendants, page))
            .await
            .map(Into::into)
    }

    /// Every account's balance up to the end of `as_of` (today by the engine's clock when null)
    /// in a reporting currency, spot or historical, rolled up the tree; amounts that cannot be
    /// converted are listed in `unconverted`, never dropped or counted at 1:1.
    ///
    /// # Errors
    ///
    /// `unknown_commodity` for the currency; `storage`.
    pub fn balances_in(
        &self,
        as_of: Option<IsoDate>,
        options: ValuationOptions,
    ) -> Result<ValuedBalances> {
        Ok(self.0.accounts().balances_in(as_of, &options.into())?)
    }

    /// [`balances_in`](Self::balances_in) on a background thread.
    ///
    /// # Errors
    ///
    /// As [`balances_in`](Self::balances_in).
    pub async fn balances_in_async(
        &self,
        as_of: Option<IsoDate>,
        options: ValuationOptions,
    ) -> Result<ValuedBalances> {
        let book = self.0.clone();
        in_background(move || book.accounts().balances_in(as_of, &options.into())).await
    }

    /// Records a balance the account (with descendants) should have at the end of a day.
    ///
    /// # Errors
    ///
    /// `account_not_found`, `unknown_commodity`, `too_many_decimals`, `read_only`.
    pub fn add_assertion(&self, new: NewBalanceAssertion) -> Result<BalanceAssertion> {
        Ok(self.0.accounts().add_assertion(new)?)
    }

    /// The book's balance assertions, by date.
    ///
    /// # Errors
    ///
    /// `storage`.
    pub fn assertions(&self) -> Result<Vec<BalanceAssertion>> {
        Ok(self.0.accounts().assertions()?)
    }

    /// Deletes a balance assertion.
    ///
    /// # Errors
    ///
    /// `assertion_not_found`, `read_only`.
    pub fn delete_assertion(&self, id: AssertionId) -> Result<()> {
        Ok(self.0.accounts().delete_assertion(id)?)
    }

    /// Checks every balance assertion against the ledger.
    ///
    /// # Errors
    ///
    /// `storage`.
    pub fn check_assertions(&self) -> Result<Vec<AssertionResult>> {
        Ok(self.0.accounts().check_assertions()?)
    }
}

/// Transaction calls of a book.
#[derive(Debug, uniffi::Object)]
pub struct Transactions(pub(crate) tally_core::Book);

#[uniffi::export]
impl Transactions {
    /// Adds one transaction (idempotent by external id).
    ///
    /// # Errors
    ///
    /// Every validation error (`unbalanced`, `too_many_decimals`, `account_closed`, ...),
    /// `external_id_conflict`, `read_only`.
    pub fn add(&self, new: NewTransaction) -> Result<Transaction> {
        Ok(self.0.transactions().add(new)?)
    }

    /// Adds many transactions as one database transaction: all or nothing. Returns their ids in
    /// input order.
    ///
    /// # Errors
    ///
    /// As [`add`](Self::add); fields in errors start with `transactions[i].`.
    pub fn add_batch(&self, batch: Vec<NewTransaction>) -> Result<Vec<TransactionId>> {
        Ok(self.0.transactions().add_batch(&batch)?)
    }

    /// [`add_batch`](Self::add_batch) on a background thread.
    ///
    /// # Errors
    ///
    /// As [`add_batch`](Self::add_batch).
    pub async fn add_batch_async(&self, batch: Vec<NewTransaction>) -> Result<Vec<TransactionId>> {
        let book = self.0.clone();
        in_background(move || book.transactions().add_batch(&batch)).await
    }

    /// A transaction by id (deleted ones too).
    ///
    /// # Errors
    ///
    /// `transaction_not_found`.
    pub fn get(&self, id: TransactionId) -> Result<Transaction> {
        Ok(self.0.transactions().get(id)?)
    }

    /// Replaces a transaction's content; the audit log keeps before and after.
    ///
    /// # Errors
    ///
    /// `transaction_not_found`, `transaction_deleted`, `reconciled_locked`,
    /// `external_id_conflict`, and every validation error.
    #[uniffi::method(default(options))]
    pub fn edit(
        &self,
        id: TransactionId,
        new: NewTransaction,
        options: EditOptions,
    ) -> Result<Transaction> {
        Ok(self.0.transactions().edit(id, new, options)?)
    }

    /// Changes only the status (e.g. to reconciled or void).
    ///
    /// # Errors
    ///
    /// As [`edit`](Self::edit).
    #[uniffi::method(default(options))]
    pub fn set_status(
        &self,
        id: TransactionId,
        status: Status,
        options: EditOptions,
    ) -> Result<Transaction> {
        Ok(self.0.transactions().set_status(id, status, options)?)
    }

    /// Soft-deletes a transaction: it stops counting but can be restored.
    ///
    /// # Errors
    ///
    /// `transaction_not_found`, `transaction_deleted`, `reconciled_locked`, `read_only`.
    #[uniffi::method(default(options))]
    pub fn delete(&self, id: TransactionId, options: EditOptions) -> Result<Transaction> {
        Ok(self.0.transactions().delete(id, options)?)
    }

    /// Restores a soft-deleted transaction.
    ///
    /// # Errors
    ///
    /// `transaction_not_found`, `not_deleted`, `account_closed`, `read_only`.
    pub fn restore(&self, id: TransactionId) -> Result<Transaction> {
        Ok(self.0.transactions().restore(id)?)
    }

    /// Writes a transaction that reverses `id` on `date` (today by the engine's clock when
    /// null); the original stays as it was.
    ///
    /// # Errors
    ///
    /// `transaction_not_found`, `transaction_deleted`, `already_reversed`, `account_closed`.
    #[uniffi::method(default(date = None))]
    pub fn reverse(&self, id: TransactionId, date: Option<IsoDate>) -> Result<Transaction> {
        Ok(self.0.transactions().reverse(id, date)?)
    }

    /// Transactions matching every set filter, newest first unless the page says otherwise.
    ///
    /// # Errors
    ///
    /// `invalid_field` for a bad page or amount range; `account_not_found`.
    pub fn search(&self, filter: TransactionFilter, page: PageRequest) -> Result<TransactionPage> {
        Ok(self.0.transactions().search(&filter, page)?.into())
    }

    /// [`search`](Self::search) on a background thread.
    ///
    /// # Errors
    ///
    /// As [`search`](Self::search).
    pub async fn search_async(
        &self,
        filter: TransactionFilter,
        page: PageRequest,
    ) -> Result<TransactionPage> {
        let book = self.0.clone();
        in_background(move || book.transactions().search(&filter, page)).await.map(Into::into)
    }

    /// Adds spending of `amount` from `from` (asset or liability) on `category`.
    ///
    /// # Errors
    ///
    /// As [`add`](Self::add).
    pub fn expense(
        &self,
        date: IsoDate,
        from: AccountId,
        category: AccountId,
        amount: Amount,
        payee: String,
    ) -> Result<Transaction> {
        let new = NewTransaction::expense(date, from, category, amount, &payee);
        Ok(self.0.transactions().add(new)?)
    }

    /// Adds income of `amount` into `to` from `category`.
    ///
    /// # Errors
    ///
    /// As [`add`](Self::add).
    pub fn income(
        &self,
        date: IsoDate,
        to: AccountId,
        category: AccountId,
        amount: Amount,
        payee: String,
    ) -> Result<Transaction> {
        let new = NewTransaction::income(date, to, category, amount, &payee);
        Ok(self.0.transactions().add(new)?)
    }

    /// Adds a transfer of `amount` from one account to another in the same currency.
    ///
    /// # Errors
    ///
    /// As [`add`](Self::add).
    pub fn transfer(
        &self,
        date: IsoDate,
        from: AccountId,
        to: AccountId,
        amount: Amount,
    ) -> Result<Transaction> {
        Ok(self.0.transactions().add(NewTransaction::transfer(date, from, to, amount))?)
    }

    /// Adds one payment from `from` spread over several categories.
    ///
    /// # Errors
    ///
    /// As [`add`](Self::add).
    pub fn split_purchase(
        &self,
        date: IsoDate,
        from: AccountId,
        payee: String,
        parts: Vec<SplitPart>,
    ) -> Result<Transaction> {
        let parts: Vec<_> = parts.into_iter().map(Into::into).collect();
        let new = NewTransaction::split_purchase(date, from, &payee, &parts);
        Ok(self.0.transactions().add(new)?)
    }

    /// Adds a transfer or purchase between accounts in different currencies. The sending split
    /// stores the rate used as its price (units received per unit sent).
    ///
    /// # Errors
    ///
    /// `invalid_field` (no amount, all three of amount, received and rate, a non-positive
    /// figure, one currency on both sides), `no_rate`, `stale_rate`, `unbalanced` (a residue
    /// without an `fx_account`), and every error of [`add`](Self::add).
    pub fn exchange(&self, new: NewExchange) -> Result<Transaction> {
        Ok(self.0.transactions().exchange(new.into())?)
    }
}

/// Commodity calls of a book: user-defined securities, funds and crypto with their own scale.
#[derive(Debug, uniffi::Object)]
pub struct Commodities(pub(crate) tally_core::Book);

#[uniffi::export]
impl Commodities {
    /// Defines a commodity with its own scale (e.g. BTC with 8 decimals).
    ///
    /// # Errors
    ///
    /// `invalid_commodity_code`, `invalid_scale`, `commodity_exists`, `read_only`.
    pub fn define(&self, new: NewCommodity) -> Result<Commodity> {
        Ok(self.0.commodities().define(new)?)
    }

    /// The book's user-defined commodities.
    ///
    /// # Errors
    ///
    /// `storage`.
    pub fn list(&self) -> Result<Vec<Commodity>> {
        Ok(self.0.commodities().list()?)
    }

    /// A commodity by code: an ISO 4217 currency or one defined in this book.
    ///
    /// # Errors
    ///
    /// `unknown_commodity`.
    pub fn get(&self, code: String) -> Result<Commodity> {
        Ok(self.0.commodities().get(&code)?)
    }
}

/// Rate calls of a book: exchange rates and prices, rate files, lookups and conversions.
#[derive(Debug, uniffi::Object)]
pub struct Rates(pub(crate) tally_core::Book);

#[uniffi::export]
impl Rates {
    /// Adds (or replaces) one rate.
    ///
    /// # Errors
    ///
    /// `unknown_commodity`, `invalid_field` (same base and quote, a rate not above zero, an
    /// empty source), `read_only`.
    pub fn add(&self, rate: Rate) -> Result<LoadReport> {
        Ok(self.0.rates().add(rate)?)
    }

    /// Adds (or replaces) many rates in one database transaction: all or nothing. A rate equal
    /// to the stored one is left alone.
    ///
    /// # Errors
    ///
    /// As [`add`](Self::add), with fields named `rates[i].`.
    pub fn add_many(&self, rates: Vec<Rate>) -> Result<LoadReport> {
        Ok(self.0.rates().add_many(&rates)?)
    }

    /// [`add_many`](Self::add_many) on a background thread.
    ///
    /// # Errors
    ///
    /// As [`add_many`](Self::add_many).
    pub async fn add_many_async(&self, rates: Vec<Rate>) -> Result<LoadReport> {
        let book = self.0.clone();
        in_background(move || book.rates().add_many(&rates)).await
    }

    /// Loads a rate file from its bytes (Kotlin `ByteArray`, Swift `Data`): the ECB history
    /// zip, an ECB CSV or a plain `date,base,quote,rate[,source]` CSV, in one database
    /// transaction. Rates of commodities the book does not know are listed, not loaded;
    /// re-loading a file adds nothing.
    ///
    /// # Errors
    ///
    /// `malformed_line` (with `file` and `line`), `unreadable_file`, nothing of the load kept;
    /// `read_only`.
    #[uniffi::method(default(options))]
    pub fn load(&self, bytes: Vec<u8>, options: LoadOptions) -> Result<LoadReport> {
        Ok(self.0.rates().load(&bytes, &options)?)
    }

    /// [`load`](Self::load) on a background thread (the ECB history takes a while).
    ///
    /// # Errors
    ///
    /// As [`load`](Self::load).
    #[uniffi::method(default(options))]
    pub async fn load_async(&self, bytes: Vec<u8>, options: LoadOptions) -> Result<LoadReport> {
        let book = self.0.clone();
        in_background(move || book.rates().load(&bytes, &options)).await
    }

    /// Reads the rate file at `path` and loads it as [`load`](Self::load) does; errors name
    /// the path unless `options.file_name` is set.
    ///
    /// # Errors
    ///
    /// `unreadable_file` when the file cannot be read; as [`load`](Self::load).
    #[uniffi::method(default(options))]
    pub fn load_file(&self, path: String, options: LoadOptions) -> Result<LoadReport> {
        Ok(read_and_load(&self.0, path, options)?)
    }

    /// [`load_file`](Self::load_file) on a background thread.
    ///
    /// # Errors
    ///
    /// As [`load_file`](Self::load_file).
    #[uniffi::method(default(options))]
    pub async fn load_file_async(&self, path: String, options: LoadOptions) -> Result<LoadReport> {
        let book = self.0.clone();
        in_background(move || read_and_load(&book, path, options)).await
    }

    /// The stored rates matching `filter`, ordered by base, quote and date.
    ///
    /// # Errors
    ///
    /// `storage`.
    #[uniffi::method(default(filter))]
    pub fn list(&self, filter: RateFilter) -> Result<Vec<Rate>> {
        Ok(self.0.rates().list(&filter)?)
    }

    /// [`list`](Self::list) on a background thread.
    ///
    /// # Errors
    ///
    /// As [`list`](Self::list).
    #[uniffi::method(default(filter))]
    pub async fn list_async(&self, filter: RateFilter) -> Result<Vec<Rate>> {
        let book = self.0.clone();
        in_background(move || book.rates().list(&filter)).await
    }

    /// Deletes the stored rate of a pair on a day.
    ///
    /// # Errors
    ///
    /// `rate_not_found`; `read_only`.
    pub fn delete(&self, base: String, quote: String, date: IsoDate) -> Result<()> {
        Ok(self.0.rates().delete(&base, &quote, date)?)
    }

    /// What one `base` is worth in `quote` on `date` (the rate of the day, else the latest
    /// before it within `options.max_age_days`, an inverse, or a chain), and how it was found.
    ///
    /// # Errors
    ///
    /// `unknown_commodity`, `no_rate`, `stale_rate`.
    #[uniffi::method(default(options))]
    pub fn lookup(
        &self,
        base: String,
        quote: String,
        date: IsoDate,
        options: LookupOptions,
    ) -> Result<RateQuote> {
        Ok(self.0.rates().lookup(&base, &quote, date, options)?.into())
    }

    /// Converts `amount` of `from` into `to` on `date`, rounded to the minor units of `to`
    /// (half-even unless `options.rounding` says otherwise); the exact figure comes with it.
    ///
    /// # Errors
    ///
    /// `unknown_commodity`, `too_many_decimals` (for `from`), `no_rate`, `stale_rate`,
    /// `amount_out_of_range`.
    #[uniffi::method(default(options))]
    pub fn convert(
        &self,
        amount: Amount,
        from: String,
        to: String,
        date: IsoDate,
        options: ConvertOptions,
    ) -> Result<Conversion> {
        Ok(self.0.rates().convert(amount, &from, &to, date, options.into())?.into())
    }
}

/// Reads a rate file and loads it.
fn read_and_load(
    book: &tally_core::Book,
    path: String,
    mut options: LoadOptions,
) -> tally_core::Result<LoadReport> {
    let bytes = read_named(path, &mut options.file_name)?;
    book.rates().load(&bytes, &options)
}

/// Reads the file at `path` for a call of the rates or imports: a file that cannot be read is
/// the core's `unreadable_file`, naming the path; the path names the input unless the
/// options name it already.
fn read_named(path: String, file_name: &mut Option<String>) -> tally_core::Result<Vec<u8>> {
    let bytes = std::fs::read(&path)
        .map_err(|e| FileError::Unreadable { file: path.clone(), reason: e.to_string() })?;
    file_name.get_or_insert(path);
    Ok(bytes)
}

/// Import calls of a book: bank files of every format (OFX/QFX, QIF, CAMT.053, MT940/MT942,
/// CSV, bank-sync JSON) read into statements and imported into one account, exactly once.
#[derive(Debug, uniffi::Object)]
pub struct Imports(pub(crate) tally_core::Book);

#[uniffi::export]
impl Imports {
    /// Reads a bank file from its bytes (Kotlin `ByteArray`, Swift `Data`) into statements,
    /// one per account the file holds; the format is detected unless `options.format` says.
    ///
    /// # Errors
    ///
    /// `malformed_line` (with `file`, `line` and `field`), `unreadable_file` (also for a CSV
    /// that no column mapping fits); `invalid_field` (field `csv`) for a profile that is not
    /// the JSON of one.
    #[uniffi::method(default(options))]
    pub fn parse(&self, bytes: Vec<u8>, options: ParseOptions) -> Result<Vec<Statement>> {
        Ok(parse(&self.0, &bytes, options)?)
    }

    /// [`parse`](Self::parse) on a background thread.
    ///
    /// # Errors
    ///
    /// As [`parse`](Self::parse).
    #[uniffi::method(default(options))]
    pub async fn parse_async(
        &self,
        bytes: Vec<u8>,
        options: ParseOptions,
    ) -> Result<Vec<Statement>> {
        let book = self.0.clone();
        in_background(move || parse(&book, &bytes, options)).await
    }

    /// Reads the bank file at `path` and parses it as [`parse`](Self::parse) does; errors and
    /// statements name the path unless `options.file_name` is set.
    ///
    /// # Errors
    ///
    /// `unreadable_file` when the file cannot be read; as [`parse`](Self::parse).
    #[uniffi::method(default(options))]
    pub fn parse_file(&self, path: String, options: ParseOptions) -> Result<Vec<Statement>> {
        Ok(read_and_parse(&self.0, path, options)?)
    }

    /// [`parse_file`](Self::parse_file) on a background thread.
    ///
    /// # Errors
    ///
    /// As [`parse_file`](Self::parse_file).
    #[uniffi::method(default(options))]
    pub async fn parse_file_async(
        &self,
        path: String,
        options: ParseOptions,
    ) -> Result<Vec<Statement>> {
        let book = self.0.clone();
        in_background(move || read_and_parse(&book, path, options)).await
    }

    /// A CSV column mapping suggested from a file's header and data, as the JSON text of the
    /// core's `CsvProfile`, for the user to confirm (or edit) and pass back in
    /// `ParseOptions.csv`.
    ///
    /// # Errors
    ///
    /// `unreadable_file`; `malformed_line` when the data fits no mapping.
    pub fn suggest_csv_profile(&self, bytes: Vec<u8>, file_name: String) -> Result<String> {
        let profile = self.0.imports().suggest_csv_profile(&bytes, &file_name)?;
        Ok(csv_profile_json(&profile)?)
    }

    /// Reads the bank file at `path` and imports its statement into
    /// `import_options.account`: each line once (a re-import finds duplicates), matched with
    /// the transactions already in the account, the closing balance checked. Errors name the
    /// path unless `parse_options.file_name` is set.
    ///
    /// # Errors
    ///
    /// `unreadable_file` when the file cannot be read; as [`parse`](Self::parse);
    /// `invalid_field` when the file holds several statements (parse it and import each);
    /// `account_not_found` (field `account` or `counter_account`); `read_only`. Bad lines are
    /// not errors: they come back `rejected` with their field and reason (in strict mode,
    /// nothing is written).
    pub fn import_file(
        &self,
        path: String,
        parse_options: ParseOptions,
        import_options: ImportOptions,
    ) -> Result<ImportResult> {
        Ok(read_and_import(&self.0, path, parse_options, import_options)?.into())
    }

    /// [`import_file`](Self::import_file) on a background thread.
    ///
    /// # Errors
    ///
    /// As [`import_file`](Self::import_file).
    pub async fn import_file_async(
        &self,
        path: String,
        parse_options: ParseOptions,
        import_options: ImportOptions,
    ) -> Result<ImportResult> {
        let book = self.0.clone();
        in_background(move || read_and_import(&book, path, parse_options, import_options))
            .await
            .map(Into::into)
    }

    /// Imports a bank file from its bytes as [`import_file`](Self::import_file) does (the
    /// core's `import_file`).
    ///
    /// # Errors
    ///
    /// As [`import_file`](Self::import_file), but for reading a path.
    pub fn import_bytes(
        &self,
        bytes: Vec<u8>,
        parse_options: ParseOptions,
        import_options: ImportOptions,
    ) -> Result<ImportResult> {
        Ok(import(&self.0, &bytes, parse_options, import_options)?.into())
    }

    /// [`import_bytes`](Self::import_bytes) on a background thread.
    ///
    /// # Errors
    ///
    /// As [`import_bytes`](Self::import_bytes).
    pub async fn import_bytes_async(
        &self,
        bytes: Vec<u8>,
        parse_options: ParseOptions,
        import_options: ImportOptions,
    ) -> Result<ImportResult> {
        let book = self.0.clone();
        in_background(move || import(&book, &bytes, parse_options, import_options))
            .await
            .map(Into::into)
    }

    /// Undoes an import as a whole: deletes the transactions it wrote (its
    /// `ImportResult.transaction_ids`). They stay remembered, so importing the file again
    /// brings them back only with `reimport_deleted`. Returns how many were deleted; ones
    /// already deleted are skipped.
    ///
    /// # Errors
    ///
    /// `transaction_not_found`, `read_only`.
    pub fn undo(&self, transaction_ids: Vec<TransactionId>) -> Result<u64> {
        Ok(self.0.imports().undo(&transaction_ids)?)
    }
}

/// Parses bank-file bytes with the binding's options.
fn parse(
    book: &tally_core::Book,
    bytes: &[u8],
    options: ParseOptions,
) -> tally_core::Result<Vec<Statement>> {
    book.imports().parse(bytes, &options.try_into()?)
}

/// Imports bank-file bytes with the binding's options.
fn import(
    book: &tally_core::Book,
    bytes: &[u8],
    parse_options: ParseOptions,
    import_options: ImportOptions,
) -> tally_core::Result<tally_core::import::plan::ImportResult> {
    book.imports().import_file(bytes, &parse_options.try_into()?, &import_options.into())
}

/// Reads a bank file and parses it.
fn read_and_parse(
    book: &tally_core::Book,
    path: String,
    mut options: ParseOptions,
) -> tally_core::Result<Vec<Statement>> {
    let bytes = read_named(path, &mut options.file_name)?;
    parse(book, &bytes, options)
}

/// Reads a bank file and imports it.
fn read_and_import(
    book: &tally_core::Book,
    path: String,
    mut parse_options: ParseOptions,
    import_options: ImportOptions,
) -> tally_core::Result<tally_core::import::plan::ImportResult> {
    let bytes = read_named(path, &mut parse_options.file_name)?;
    import(book, &bytes, parse_options, import_options)
}

/// Report calls of a book.
#[derive(Debug, uniffi::Object)]
pub struct Reports(pub(crate) tally_core::Book);

#[uniffi::export]
impl Reports {
    /// Spending per expense category between two dates inclusive (spending positive), rolled
    /// up the tree; categories without activity are left out.
    ///
    /// # Errors
    ///
    /// `storage`.
    pub fn spending_by_category(&self, from: IsoDate, to: IsoDate) -> Result<Vec<CategoryAmount>> {
        Ok(self.0.reports().spending_by_category(from, to)?)
    }

    /// [`spending_by_category`](Self::spending_by_category) on a background thread.
    ///
    /// # Errors
    ///
    /// `storage`.
    pub async fn spending_by_category_async(
        &self,
        from: IsoDate,
        to: IsoDate,
    ) -> Result<Vec<CategoryAmount>> {
        let book = self.0.clone();
        in_background(move || book.reports().spending_by_category(from, to)).await
    }

    /// Income per income category between two dates inclusive (income positive).
    ///
    /// # Errors
    ///
    /// `storage`.
    pub fn income_by_category(&self, from: IsoDate, to: IsoDate) -> Result<Vec<CategoryAmount>> {
        Ok(self.0.reports().income_by_category(from, to)?)
    }

    /// [`income_by_category`](Self::income_by_category) on a background thread.
    ///
    /// # Errors
    ///
    /// `storage`.
    pub async fn income_by_category_async(
        &self,
        from: IsoDate,
        to: IsoDate,
    ) -> Result<Vec<CategoryAmount>> {
        let book = self.0.clone();
        in_background(move || book.reports().income_by_category(from, to)).await
    }

    /// Net worth up to the end of `as_of` (today by the engine's clock when null): the asset
    /// and liability accounts counted in net worth, in a reporting currency; amounts that
    /// cannot be converted are listed in `unconverted` and left out of the sums.
    ///
    /// # Errors
    ///
    /// `unknown_commodity` for the currency; `storage`.
    pub fn net_worth(&self, as_of: Option<IsoDate>, options: ValuationOptions) -> Result<NetWorth> {
        Ok(self.0.reports().net_worth(as_of, &options.into())?)
    }

    /// [`net_worth`](Self::net_worth) on a background thread.
    ///
    /// # Errors
    ///
    /// As [`net_worth`](Self::net_worth).
    pub async fn net_worth_async(
        &self,
        as_of: Option<IsoDate>,
        options: ValuationOptions,
    ) -> Result<NetWorth> {
        let book = self.0.clone();
        in_background(move || book.reports().net_worth(as_of, &options.into())).await
    }

    /// Spending per expense category between two dates inclusive, in a reporting currency.
    ///
    /// # Errors
    ///
    /// `unknown_commodity` for the currency; `storage`.
    pub fn spending_by_category_in(
        &self,
        from: IsoDate,
        to: IsoDate,
        options: ValuationOptions,
    ) -> Result<ValuedCategories> {
        Ok(self.0.reports().spending_by_category_in(from, to, &options.into())?)
    }

    /// [`spending_by_category_in`](Self::spending_by_category_in) on a background thread.
    ///
    /// # Errors
    ///
    /// As [`spending_by_category_in`](Self::spending_by_category_in).
    pub async fn spending_by_category_in_async(
        &self,
        from: IsoDate,
        to: IsoDate,
        options: ValuationOptions,
    ) -> Result<ValuedCategories> {
        let book = self.0.clone();
        in_background(move || book.reports().spending_by_category_in(from, to, &options.into()))
            .await
    }

    /// Income per income category between two dates inclusive (income positive), in a
    /// reporting currency.
    ///
    /// # Errors
    ///
    /// `unknown_commodity` for the currency; `storage`.
    pub fn income_by_category_in(
        &self,
        from: IsoDate,
        to: IsoDate,
        options: ValuationOptions,
    ) -> Result<ValuedCategories> {
        Ok(self.0.reports().income_by_category_in(from, to, &options.into())?)
    }

    /// [`income_by_category_in`](Self::income_by_category_in) on a background thread.
    ///
    /// # Errors
    ///
    /// As [`income_by_category_in`](Self::income_by_category_in).
    pub async fn income_by_category_in_async(
        &self,
        from: IsoDate,
        to: IsoDate,
        options: ValuationOptions,
    ) -> Result<ValuedCategories> {
        let book = self.0.clone();
        in_background(move || book.reports().income_by_category_in(from, to, &options.into())).await
    }

    /// The unrealized exchange gain of an account (with its descendants) between the ends of
    /// two days, valued in `options.currency`: closing value minus opening value minus the
    /// value of the flows in between at their days' rates.
    ///
    /// # Errors
    ///
    /// `account_not_found`, `unknown_commodity`, `invalid_field` (`to` before `from`),
    /// `no_rate`, `stale_rate`.
    pub fn fx_gain(
        &self,
        account: AccountId,
        from: IsoDate,
        to: IsoDate,
        options: ValuationOptions,
    ) -> Result<FxGain> {
        Ok(self.0.reports().fx_gain(account, from, to, &options.into())?)
    }

    /// [`fx_gain`](Self::fx_gain) on a background thread.
    ///
    /// # Errors
    ///
    /// As [`fx_gain`](Self::fx_gain).
    pub async fn fx_gain_async(
        &self,
        account: AccountId,
        from: IsoDate,
        to: IsoDate,
        options: ValuationOptions,
    ) -> Result<FxGain> {
        let book = self.0.clone();
        in_background(move || book.reports().fx_gain(account, from, to, &options.into())).await
    }
}
