//! Readers of the shared data sets the categorize tests and the accuracy command use: the
//! Mercury OFX statement (NAME/MEMO per transaction) and smart_importer's beancount sets.
#![allow(dead_code)]

pub mod data;
