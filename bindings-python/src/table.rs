//! [`Table`]: what every list-returning call gives back. It holds the core's rows and is a
//! sequence of records (`len`, indexing, iteration), and it exports the same rows through the
//! Arrow C stream interface (`__arrow_c_stream__`), so pyarrow, pandas and polars read them
//! without one Python object per row. pandas, polars and pyarrow are optional: each `to_*`
//! imports its library when called and says what to install when it is missing.

use crate::arrow::record_batch;
use crate::records;
use arrow_array::ffi_stream::FFI_ArrowArrayStream;
use arrow_array::RecordBatchIterator;
use pyo3::exceptions::{PyImportError, PyIndexError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyDict, PyGenericAlias, PyList, PyType};
use std::sync::atomic::{AtomicUsize, Ordering};
use tally_core as core;

/// The rows of one query, as the core returned them.
#[derive(Debug, Clone)]
pub(crate) enum Rows {
    Books(Vec<core::BookInfo>),
    Members(Vec<core::Member>),
    Accounts(Vec<core::Account>),
    Commodities(Vec<core::Commodity>),
    Transactions(Vec<core::Transaction>),
    Balances(Vec<core::AccountBalance>),
    Categories(Vec<core::CategoryAmount>),
    Register(Vec<core::RegisterRow>),
    Assertions(Vec<core::BalanceAssertion>),
    AssertionResults(Vec<core::AssertionResult>),
    Audit(Vec<core::AuditEntry>),
    Rates(Vec<core::Rate>),
}

/// Applies `$body` to the vector inside any [`Rows`] variant.
macro_rules! each {
    ($rows:expr, $v:ident => $body:expr) => {
        match $rows {
            Rows::Books($v) => $body,
            Rows::Members($v) => $body,
            Rows::Accounts($v) => $body,
            Rows::Commodities($v) => $body,
            Rows::Transactions($v) => $body,
            Rows::Balances($v) => $body,
            Rows::Categories($v) => $body,
            Rows::Register($v) => $body,
            Rows::Assertions($v) => $body,
            Rows::AssertionResults($v) => $body,
            Rows::Audit($v) => $body,
            Rows::Rates($v) => $body,
        }
    };
}

impl Rows {
    fn kind(&self) -> &'static str {
        match self {
            Self::Books(_) => "books",
            Self::Members(_) => "members",
            Self::Accounts(_) => "accounts",
            Self::Commodities(_) => "commodities",
            Self::Transactions(_) => "transactions",
            Self::Balances(_) => "balances",
            Self::Categories(_) => "categories",
            Self::Register(_) => "register",
            Self::Assertions(_) => "assertions",
            Self::AssertionResults(_) => "assertion_results",
            Self::Audit(_) => "audit",
            Self::Rates(_) => "rates",
        }
    }

    fn len(&self) -> usize {
        each!(self, v => v.len())
    }

    /// The record at `i` (in range).
    fn record(&self, py: Python<'_>, i: usize) -> PyResult<Py<PyAny>> {
        fn new<T: pyo3::PyClass + Into<pyo3::PyClassInitializer<T>>>(
            py: Python<'_>,
            value: T,
        ) -> PyResult<Py<PyAny>> {
            Ok(Py::new(py, value)?.into_any())
        }
        match self {
            Self::Books(v) => new(py, records::BookInfo(v[i].clone())),
            Self::Members(v) => new(py, records::Member(v[i].clone())),
            Self::Accounts(v) => new(py, records::Account(v[i].clone())),
            Self::Commodities(v) => new(py, records::Commodity(v[i].clone())),
            Self::Transactions(v) => new(py, records::Transaction(v[i].clone())),
            Self::Balances(v) => new(py, records::AccountBalance(v[i].clone())),
            Self::Categories(v) => new(py, records::CategoryAmount(v[i].clone())),
            Self::Register(v) => new(py, records::RegisterRow(v[i].clone())),
            Self::Assertions(v) => new(py, records::BalanceAssertion(v[i].clone())),
            Self::AssertionResults(v) => new(py, records::AssertionResult(v[i].clone())),
            Self::Audit(v) => new(py, records::AuditEntry(v[i].clone())),
            Self::Rates(v) => new(py, records::Rate(v[i].clone())),
        }
    }

    /// `self` followed by `other`, when both hold the same kind of rows.
    fn extend(&mut self, other: &Rows) -> bool {
        match (self, other) {
            (Self::Books(a), Self::Books(b)) => a.extend_from_slice(b),
            (Self::Members(a), Self::Members(b)) => a.extend_from_slice(b),
            (Self::Accounts(a), Self::Accounts(b)) => a.extend_from_slice(b),
            (Self::Commodities(a), Self::Commodities(b)) => a.extend_from_slice(b),
            (Self::Transactions(a), Self::Transactions(b)) => a.extend_from_slice(b),
            (Self::Balances(a), Self::Balances(b)) => a.extend_from_slice(b),
            (Self::Categories(a), Self::Categories(b)) => a.extend_from_slice(b),
            (Self::Register(a), Self::Register(b)) => a.extend_from_slice(b),
            (Self::Assertions(a), Self::Assertions(b)) => a.extend_from_slice(b),
            (Self::AssertionResults(a), Self::AssertionResults(b)) => a.extend_from_slice(b),
            (Self::Audit(a), Self::Audit(b)) => a.extend_from_slice(b),
            (Self::Rates(a), Self::Rates(b)) => a.extend_from_slice(b),
            _ => return false,
        }
        true
    }
}

/// The result of a list query: a sequence of records that converts to pyarrow, pandas and
/// polars.
///
/// `len(table)`, `table[i]` and `for record in table` give the records (e.g. `Account`s).
/// `to_arrow()`, `to_pandas()` and `to_polars()` give a table with one column per field, built
/// in Rust through the Arrow C stream interface (`__arrow_c_stream__`, which any Arrow
/// library accepts): amounts are `decimal128(38, s)` at the commodity's scale, dates `date32`,
/// timestamps `timestamp[us, UTC]`. A table of transactions has one row per split, with the
/// transaction's fields repeated. For a paged query (search, register, audit log), `total`
/// counts every matching row and `offset` is the position of the first one here.
#[pyclass(module = "tally", frozen, sequence)]
pub struct Table {
    rows: Rows,
    total: u64,
    offset: u64,
    default_scale: u32,
}

impl Table {
    /// A complete (unpaged) list; `default_scale` is the scale of an empty amount column.
    pub(crate) fn new(rows: Rows, default_scale: u32) -> Self {
        let total = u64::try_from(rows.len()).unwrap_or(u64::MAX);
        Self { rows, total, offset: 0, default_scale }
    }

    /// One page of a longer list.
    pub(crate) fn page(rows: Rows, total: u64, offset: u64, default_scale: u32) -> Self {
        Self { rows, total, offset, default_scale }
    }
}

fn import<'py>(py: Python<'py>, module: &str, method: &str) -> PyResult<Bound<'py, PyModule>> {
    py.import(module).map_err(|cause| {
        if !cause.is_instance_of::<PyImportError>(py) {
            return cause;
        }
        let err = PyImportError::new_err(format!(
            "Table.{method}() needs {module}, which is not installed: pip install {module}"
        ));
        err.set_cause(py, Some(cause));
        err
    })
}

#[pymethods]
impl Table {
    /// What the rows are: 'accounts', 'transactions', 'balances', 'categories', 'register',
    /// 'audit', 'assertions', 'assertion_results', 'commodities', 'members', 'books' or
    /// 'rates'.
    #[getter]
    fn kind(&self) -> &'static str {
        self.rows.kind()
    }

    /// Rows matching the query in all (more than `len(table)` when there are more pages).
    #[getter]
    fn total(&self) -> u64 {
        self.total
    }

    /// Position of this page's first row among all matching rows.
    #[getter]
    fn offset(&self) -> u64 {
        self.offset
    }

    fn __len__(&self) -> usize {
        self.rows.len()
    }

    fn __getitem__(&self, py: Python<'_>, index: isize) -> PyResult<Py<PyAny>> {
        let len = self.rows.len();
        let at = if index < 0 {
            len.checked_sub(index.unsigned_abs())
        } else {
            Some(index.unsigned_abs())
        };
        match at {
            Some(i) if i < len => self.rows.record(py, i),
            _ => Err(PyIndexError::new_err("table index out of range")),
        }
    }

    fn __iter__(slf: Bound<'_, Self>) -> TableIter {
        TableIter { table: slf.unbind(), next: AtomicUsize::new(0) }
    }

    fn __repr__(&self) -> String {
        format!(
            "<tally.Table kind='{}' rows={} total={} offset={}>",
            self.rows.kind(),
            self.rows.len(),
            self.total,
            self.offset
        )
    }

    /// Generic alias support, so `Table[Account]` works in annotations at run time.
    #[classmethod]
    fn __class_getitem__<'py>(
        cls: &Bound<'py, PyType>,
        item: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        Ok(PyGenericAlias::new(cls.py(), cls.as_any(), item)?.into_any())
    }

    /// The records as a list.
    fn to_list<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let items =
            (0..self.rows.len()).map(|i| self.rows.record(py, i)).collect::<PyResult<Vec<_>>>()?;
        PyList::new(py, items)
    }

    /// The rows as one Arrow record batch in an `ArrowArrayStream` capsule (the Arrow PyCapsule
    /// interface). `requested_schema` is accepted and ignored: the schema is fixed.
    #[pyo3(signature = (requested_schema=None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyCapsule>> {
        let _ = requested_schema;
        let batch = py
            .detach(|| record_batch(&self.rows, self.default_scale))
            .map_err(|e| PyValueError::new_err(e.to_string()))?;
        let schema = batch.schema();
        let reader = RecordBatchIterator::new(vec![Ok(batch)], schema);
        let stream = FFI_ArrowArrayStream::new(Box::new(reader));
        PyCapsule::new_with_value(py, stream, c"arrow_array_stream")
    }

    /// The rows as a `pyarrow.Table` (needs pyarrow).
    fn to_arrow<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        import(slf.py(), "pyarrow", "to_arrow")?.call_method1("table", (slf,))
    }

    /// The rows as a `pandas.DataFrame` (needs pandas and pyarrow).
    ///
    /// With `dtype_backend='pyarrow'` (the default) every column keeps its Arrow type:
    /// amounts are exact `decimal128(38, s)[pyarrow]`, dates `date32[day][pyarrow]`; nothing
    /// is converted row by row. With `'numpy'`, pandas' classic types: amounts become columns
    /// of `decimal.Decimal` objects and dates of `datetime.date` objects.
    #[pyo3(signature = (*, dtype_backend="pyarrow".to_owned()))]
    fn to_pandas<'py>(
        slf: &Bound<'py, Self>,
        dtype_backend: String,
    ) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        let pandas = import(py, "pandas", "to_pandas")?;
        let table = import(py, "pyarrow", "to_pandas")?.call_method1("table", (slf,))?;
        match dtype_backend.as_str() {
            "pyarrow" => {
                let kwargs = PyDict::new(py);
                kwargs.set_item("types_mapper", pandas.getattr("ArrowDtype")?)?;
                table.call_method("to_pandas", (), Some(&kwargs))
            }
            "numpy" => table.call_method0("to_pandas"),
            other => Err(PyValueError::new_err(format!(
                "dtype_backend must be 'pyarrow' or 'numpy', not {other:?}"
            ))),
        }
    }

    /// The rows as a `polars.DataFrame` (needs polars only); amounts are `Decimal(38, s)`.
    fn to_polars<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        import(slf.py(), "polars", "to_polars")?.call_method1("DataFrame", (slf,))
    }

    /// One table of the rows of several tables of the same kind, e.g. every page of a search.
    #[staticmethod]
    fn concat(tables: Vec<Bound<'_, Table>>) -> PyResult<Table> {
        let mut parts = tables.iter().map(Bound::get);
        let first = parts.next().ok_or_else(|| PyValueError::new_err("no tables to concat"))?;
        let mut rows = first.rows.clone();
        for part in parts {
            if !rows.extend(&part.rows) {
                return Err(PyValueError::new_err(format!(
                    "cannot concat a table of {} to a table of {}",
                    part.rows.kind(),
                    first.rows.kind()
                )));
            }
        }
        Ok(Table::new(rows, first.default_scale))
    }
}

/// Iterator over the records of a [`Table`].
#[pyclass(module = "tally", frozen)]
pub struct TableIter {
    table: Py<Table>,
    next: AtomicUsize,
}

#[pymethods]
impl TableIter {
    fn __iter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    fn __next__(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        let rows = &self.table.get().rows;
        let i = self.next.fetch_add(1, Ordering::Relaxed);
        if i < rows.len() {
            rows.record(py, i).map(Some)
        } else {
            Ok(None)
        }
    }
}
