//! [`Book`]: one ledger opened for one member, with its groups of calls (`accounts`,
//! `transactions`, `commodities`, `rates`, `imports`, `reports`) and its events. Every call goes
//! through [`BookRef::call`], which releases the GIL around the core call and maps its error.

use crate::accounts::Accounts;
use crate::budgets::{Alerts, Budgets, Goals};
use crate::categorizer::Categorizer;
use crate::commodities::Commodities;
use crate::conversion::{self, OrderArg, RoleArg, UserArg};
use crate::errors::{self, OrRaise};
use crate::imports::Imports;
use crate::portfolio::Portfolio;
use crate::rates::Rates;
use crate::records::BookInfo;
use crate::reports::Reports;
use crate::table::{Rows, Table};
use crate::transactions::Transactions;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use std::sync::{Arc, PoisonError, RwLock};
use tally_core as core;

/// Where a wrapped book lives: emptied when its engine closes.
pub(crate) type BookSlot = RwLock<Option<Arc<core::Book>>>;

/// What every group of a book holds: the book and the scale of an empty amount column.
#[derive(Clone)]
pub(crate) struct BookRef {
    slot: Arc<BookSlot>,
    default_scale: u32,
}

impl BookRef {
    /// Runs `call` on the book with the GIL released, mapping a core error to its exception.
    pub(crate) fn call<T: Send>(
        &self,
        py: Python<'_>,
        call: impl FnOnce(&core::Book) -> core::Result<T> + Send,
    ) -> PyResult<T> {
        let book = self.slot.read().unwrap_or_else(PoisonError::into_inner).clone();
        let book = book.ok_or_else(|| errors::closed(py))?;
        py.detach(move || call(&book)).or_raise(py)
    }

    /// A complete list as a table.
    pub(crate) fn table(&self, rows: Rows) -> Table {
        Table::new(rows, self.default_scale)
    }

    /// One page of a list as a table.
    pub(crate) fn page<T>(&self, page: core::Page<T>, rows: fn(Vec<T>) -> Rows) -> Table {
        Table::page(rows(page.items), page.total, page.offset, self.default_scale)
    }
}

/// A page request from the keyword arguments every paged call takes.
pub(crate) fn page_request(offset: u64, limit: u32, order: OrderArg) -> core::PageRequest {
    core::PageRequest { offset, limit, order: order.0 }
}

/// A book opened for one member: `engine.create_book(...)` or `engine.open_book(...)`.
///
/// Its calls are grouped as in every Tally binding: `book.accounts` (tree, balances, register,
/// balance assertions), `book.transactions` (add, exchange, edit, delete, restore, reverse,
/// search), `book.commodities`, `book.rates` (exchange rates and prices), `book.imports` (bank
/// files) and `book.reports`. Every call is scoped to this book, releases the GIL while it runs,
/// and may be made from several threads at once.
#[pyclass(module = "tally", frozen)]
pub struct Book {
    book: BookRef,
    info: core::BookInfo,
    actor: i64,
    accounts: Py<Accounts>,
    transactions: Py<Transactions>,
    commodities: Py<Commodities>,
    rates: Py<Rates>,
    imports: Py<Imports>,
    reports: Py<Reports>,
    budgets: Py<Budgets>,
    goals: Py<Goals>,
    alerts: Py<Alerts>,
    categorizer: Py<Categorizer>,
    portfolio: Py<Portfolio>,
}

impl Book {
    pub(crate) fn new(py: Python<'_>, slot: Arc<BookSlot>, book: &core::Book) -> PyResult<Self> {
        let default_scale =
            core::commodity::builtin(&book.info().default_currency).map_or(2, |c| c.scale);
        let book_ref = BookRef { slot, default_scale };
        Ok(Self {
            info: book.info().clone(),
            actor: book.actor().0,
            accounts: Py::new(py, Accounts(book_ref.clone()))?,
            transactions: Py::new(py, Transactions(book_ref.clone()))?,
            commodities: Py::new(py, Commodities(book_ref.clone()))?,
            rates: Py::new(py, Rates(book_ref.clone()))?,
            imports: Py::new(py, Imports(book_ref.clone()))?,
            reports: Py::new(py, Reports(book_ref.clone()))?,
            budgets: Py::new(py, Budgets(book_ref.clone()))?,
            goals: Py::new(py, Goals(book_ref.clone()))?,
            alerts: Py::new(py, Alerts(book_ref.clone()))?,
            categorizer: Py::new(py, Categorizer(book_ref.clone()))?,
            portfolio: Py::new(py, Portfolio(book_ref.clone()))?,
            book: book_ref,
        })
    }
}

#[pymethods]
impl Book {
    /// The book's id.
    #[getter]
    fn id(&self) -> i64 {
        self.info.id.0
    }

    /// The book's description.
    #[getter]
    fn info(&self) -> BookInfo {
        BookInfo(self.info.clone())
    }

    /// Id of the member this book was opened for; the audit log names them.
    #[getter]
    fn actor(&self) -> i64 {
        self.actor
    }

    /// Account calls: the tree, balances, register, balance assertions.
    #[getter]
    fn accounts(&self, py: Python<'_>) -> Py<Accounts> {
        self.accounts.clone_ref(py)
    }

    /// Transaction calls: add, exchange, edit, delete, restore, reverse, search.
    #[getter]
    fn transactions(&self, py: Python<'_>) -> Py<Transactions> {
        self.transactions.clone_ref(py)
    }

    /// Commodity calls: user-defined securities, funds, crypto.
    #[getter]
    fn commodities(&self, py: Python<'_>) -> Py<Commodities> {
        self.commodities.clone_ref(py)
    }

    /// Rate calls: add, load rate files, list, delete, look up, convert.
    #[getter]
    fn rates(&self, py: Python<'_>) -> Py<Rates> {
        self.rates.clone_ref(py)
    }

    /// Import calls: parse bank files, suggest a CSV mapping, import a file once, undo.
    #[getter]
    fn imports(&self, py: Python<'_>) -> Py<Imports> {
        self.imports.clone_ref(py)
    }

    /// Report calls: spending and income by category, net worth and the reports in a
    /// reporting currency, exchange gains.
    #[getter]
    fn reports(&self, py: Python<'_>) -> Py<Reports> {
        self.reports.clone_ref(py)
    }

    /// Categorizer calls: rules, payee memory, models, decisions and the review queue.
    #[getter]
    fn categorizer(&self, py: Python<'_>) -> Py<Categorizer> {
        self.categorizer.clone_ref(py)
    }

    /// Portfolio calls: securities, lots, gains, holdings, returns, rebalancing, imports.
    #[getter]
    fn portfolio(&self, py: Python<'_>) -> Py<Portfolio> {
        self.portfolio.clone_ref(py)
    }

    /// Budget calls: budgets, allocations, templates, status.
    #[getter]
    fn budgets(&self, py: Python<'_>) -> Py<Budgets> {
        self.budgets.clone_ref(py)
    }

    /// Goal calls: savings, debt and spending goals, contributions, progress.
    #[getter]
    fn goals(&self, py: Python<'_>) -> Py<Goals> {
        self.goals.clone_ref(py)
    }

    /// Alert calls: list, mark read, dismiss, settings, evaluate.
    #[getter]
    fn alerts(&self, py: Python<'_>) -> Py<Alerts> {
        self.alerts.clone_ref(py)
    }

    /// The members of the book, as a `Table` of `Member`.
    fn members(&self, py: Python<'_>) -> PyResult<Table> {
        Ok(self.book.table(Rows::Members(self.book.call(py, core::Book::members)?)))
    }

    /// Adds a member (a household shares one book) with role 'member' (the default), 'viewer'
    /// or 'owner'.
    ///
    /// Raises `TallyPermissionError` (`read_only` unless the actor owns the book),
    /// `NotFoundError` (`user_not_found`), `ConflictError` (`already_member`).
    #[pyo3(signature = (user, role=RoleArg(core::Role::Member)))]
    fn add_member(&self, py: Python<'_>, user: UserArg, role: RoleArg) -> PyResult<()> {
        self.book.call(py, move |b| b.add_member(user.0, role.0))
    }

    /// The audit log, newest first by default, as a `Table` of `AuditEntry`.
    #[pyo3(signature = (*, offset=0, limit=100, order=OrderArg(core::SortOrder::Descending)))]
    fn audit_log(
        &self,
        py: Python<'_>,
        offset: u64,
        limit: u32,
        order: OrderArg,
    ) -> PyResult<Table> {
        let page = page_request(offset, limit, order);
        Ok(self.book.page(self.book.call(py, move |b| b.audit_log(page))?, Rows::Audit))
    }

    /// Calls `callback(event)` after each write to this book commits, on the writing thread;
    /// returns the subscription id for `unsubscribe`.
    ///
    /// `event` is a dict with `kind` (e.g. 'transactions_added', 'accounts_created',
    /// 'rates_changed'), `book_id` and what changed (`ids`, `id`, `code` or `user_id`; the
    /// counts `added`, `replaced` and `deleted` for rates). An exception
    /// raised by the callback cannot undo the write: it goes to `sys.unraisablehook`.
    fn subscribe(&self, py: Python<'_>, callback: Py<PyAny>) -> PyResult<u64> {
        if !callback.bind(py).is_callable() {
            return Err(PyTypeError::new_err("subscribe() needs a callable"));
        }
        let subscriber: core::Subscriber = Arc::new(move |book, event| {
            Python::attach(|py| {
                let delivered =
                    conversion::event(py, book, event).and_then(|e| callback.call1(py, (e,)));
                if let Err(err) = delivered {
                    err.write_unraisable(py, Some(callback.bind(py)));
                }
            });
        });
        Ok(self.book.call(py, move |b| Ok(b.subscribe(subscriber)))?.0)
    }

    /// Cancels a subscription; False when it was not active.
    fn unsubscribe(&self, py: Python<'_>, subscription: u64) -> PyResult<bool> {
        self.book.call(py, move |b| Ok(b.unsubscribe(core::SubscriptionId(subscription))))
    }

    fn __repr__(&self) -> String {
        format!("<tally.Book id={} name={:?}>", self.info.id, self.info.name)
    }
}
