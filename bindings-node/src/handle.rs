//! Engines and books as JavaScript holds them: shared slots that `Engine.close()` empties, so
//! the database is released when the program says so rather than whenever the garbage
//! collector finalizes the last object. Every call goes through [`BookHandle::run`] or
//! [`EngineHandle::run`], which also map failures to JS errors in one place.
//!
//! Imports of one book run one at a time; the core's engine holds that lock, so Promises that
//! import the same file at once see each other's lines as duplicates.

use crate::error::{to_js, Failure};
use napi::bindgen_prelude::AsyncTask;
use napi::{Env, Task};
use std::sync::{Arc, Mutex, PoisonError, RwLock, Weak};

type Slot<T> = RwLock<Option<T>>;

/// The engine behind a JS `Engine` (and its `users` group), and the books opened from it.
#[derive(Clone)]
pub(crate) struct EngineHandle {
    engine: Arc<Slot<tally_core::Engine>>,
    books: Arc<Mutex<Vec<Weak<Slot<tally_core::Book>>>>>,
}

impl EngineHandle {
    pub(crate) fn new(engine: tally_core::Engine) -> Self {
        Self { engine: Arc::new(RwLock::new(Some(engine))), books: Arc::default() }
    }

    /// Runs `f` on the engine; a failure becomes the JS error.
    pub(crate) fn run<R>(
        &self,
        env: &Env,
        f: impl FnOnce(&tally_core::Engine) -> Result<R, Failure>,
    ) -> napi::Result<R> {
        let slot = self.engine.read().unwrap_or_else(PoisonError::into_inner);
        slot.as_ref().ok_or(Failure::Closed).and_then(f).map_err(|e| to_js(env, e))
    }

    /// Keeps a book opened from this engine, so that closing the engine closes it too.
    pub(crate) fn adopt(&self, book: tally_core::Book) -> BookHandle {
        let slot = Arc::new(RwLock::new(Some(book)));
        let mut books = self.books.lock().unwrap_or_else(PoisonError::into_inner);
        books.retain(|b| b.strong_count() > 0);
        books.push(Arc::downgrade(&slot));
        BookHandle { slot }
    }

    /// Drops the engine and every book opened from it; async calls already running finish
    /// first, since each holds its own reference.
    pub(crate) fn close(&self) {
        self.engine.write().unwrap_or_else(PoisonError::into_inner).take();
        let books = std::mem::take(&mut *self.books.lock().unwrap_or_else(PoisonError::into_inner));
        for book in books.iter().filter_map(Weak::upgrade) {
            book.write().unwrap_or_else(PoisonError::into_inner).take();
        }
    }
}

/// The book behind a JS `Book` and its groups (`accounts`, `transactions`, ...).
#[derive(Clone)]
pub(crate) struct BookHandle {
    slot: Arc<Slot<tally_core::Book>>,
}

impl BookHandle {
    /// Runs `f` on the book; a failure becomes the JS error.
    pub(crate) fn run<R>(
        &self,
        env: &Env,
        f: impl FnOnce(&tally_core::Book) -> Result<R, Failure>,
    ) -> napi::Result<R> {
        let slot = self.slot.read().unwrap_or_else(PoisonError::into_inner);
        slot.as_ref().ok_or(Failure::Closed).and_then(f).map_err(|e| to_js(env, e))
    }

    /// Converts the arguments on the JS thread, then queues `make(book, input)` on the libuv
    /// pool; the Promise settles with its output or rejects with the same error a sync call
    /// would throw.
    pub(crate) fn task<I, T: Task>(
        &self,
        env: &Env,
        convert: impl FnOnce() -> Result<I, Failure>,
        make: impl FnOnce(tally_core::Book, I) -> T,
    ) -> napi::Result<AsyncTask<T>> {
        self.run(env, |book| Ok(AsyncTask::new(make(book.clone(), convert()?))))
    }
}
