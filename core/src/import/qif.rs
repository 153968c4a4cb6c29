//! Reader of qif bank files into [`Statement`](super::Statement)s.
