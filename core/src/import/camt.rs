//! Reader of camt bank files into [`Statement`](super::Statement)s.
