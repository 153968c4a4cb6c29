//! Reader of csv bank files into [`Statement`](super::Statement)s.
