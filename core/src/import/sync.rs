//! Reader of sync bank files into [`Statement`](super::Statement)s.
