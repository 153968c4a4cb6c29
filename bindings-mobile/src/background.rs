//! Async exports of the long calls (batch import, search, register, balances, reports).
//!
//! The core's calls are blocking (SQLite), so an async export must not run them inside the
//! future's `poll`, which happens on the host's coroutine or task thread (often the UI
//! thread). Each one runs on a fresh OS thread and the future waits on a oneshot channel, so
//! the binding needs no async runtime: UniFFI polls the future from Kotlin coroutines, Swift
//! `async`/`await` and Python `asyncio`, and the channel wakes it. Starting a thread cost 67 to
//! 119 µs on the loaded build machine (benches/README.md); a pool (the `blocking` crate) would
//! save most of that at the price of idle threads and more dependencies, which pays only for
//! calls much shorter than the ones exported as async (milliseconds on a real book).

use crate::error::Result;

/// Runs `work` on its own thread and waits for its result without blocking the caller.
///
/// Dropping the future (the host cancelled the call) stops the wait, not the work: a write
/// that has started commits whole or not at all, as it would have synchronously.
///
/// A panic in `work` (or a failure to start the thread) resumes as a panic in the awaiting
/// future, which UniFFI turns into the host's internal-error exception, as it does for a panic
/// in a synchronous call.
pub(crate) async fn in_background<T, F>(work: F) -> Result<T>
where
    T: Send + 'static,
    F: FnOnce() -> tally_core::Result<T> + Send + 'static,
{
    let (sender, receiver) = futures_channel::oneshot::channel();
    std::thread::spawn(move || {
        // The receiver is gone only when the host cancelled the call; nothing to tell.
        let _ = sender.send(work());
    });
    match receiver.await {
        Ok(result) => result.map_err(Into::into),
        Err(_) => panic!("a Tally background call panicked"),
    }
}
