//! The classifier: the third step of categorization, for transactions no rule and no payee
//! memory settle. A multinomial logistic regression (linfa-logistic) over hashed features
//! ([`Featurizer`]), trained from labeled history; its probabilities are calibrated by
//! temperature scaling on the newest part of the history, so that "0.8" means right about 80%
//! of the time and the pipeline can abstain below its threshold.
//!
//! Prediction does not go through linfa: the fitted weights are kept as `f32` and applied to
//! the sparse feature vector directly (the same arithmetic as linfa's dense `x.dot(w) + b`, but
//! touching only the few active features), which is what makes 200,000 predictions a second
//! possible. Saved models are a small header (serde JSON: format, metrics, classes) followed by
//! the raw little-endian weights, so loading gives bit-identical predictions.
// Floats are the classifier's own arithmetic (features, weights, probabilities); no money
// passes through this module, only the amount bucket computed from a Decimal elsewhere.
#![allow(clippy::float_arithmetic)]

use crate::error::CategorizeError;
use crate::features::{FeatureVector, Features, Featurizer};
use chrono::{DateTime, Utc};
use linfa::traits::Fit;
use linfa::Dataset;
use linfa_logistic::MultiLogisticRegression;
use ndarray::{Array1, Array2};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Format of saved model bytes this version writes and reads.
pub const MODEL_FORMAT: u32 = 1;

const MAGIC: &[u8; 4] = b"TLYM";

/// One labeled transaction for training.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabeledExample {
    /// The transaction.
    pub features: Features,
    /// Its category.
    pub category: String,
}

impl LabeledExample {
    /// An example.
    pub fn new(features: Features, category: impl Into<String>) -> Self {
        Self { features, category: category.into() }
    }
}

/// How a model is trained.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainOptions {
    /// Hash bits of the feature space (`2^bits` features).
    pub hash_bits: u8,
    /// L2 regularization strength of the logistic regression.
    pub alpha: f64,
    /// Solver iterations (L-BFGS).
    pub max_iterations: u64,
    /// At most this many rows reach the solver: identical (features, category) rows are kept
    /// twice at most, then the newest rows of each category are kept. Payee memory still
    /// counts every example.
    pub max_rows: usize,
    /// Share of the newest examples held out to calibrate and measure, in percent.
    pub holdout_percent: u32,
    /// Refit on all rows (training and held out) after calibration.
    pub refit: bool,
    /// Solver iterations of the refit, which starts from the first fit's weights (new
    /// categories from zero), so it needs fewer than `max_iterations`.
    #[serde(default = "default_refit_iterations")]
    pub refit_iterations: u64,
}

fn default_refit_iterations() -> u64 {
    20
}

impl Default for TrainOptions {
    fn default() -> Self {
        Self {
            hash_bits: 11,
            alpha: 0.5,
            max_iterations: 60,
            max_rows: 4000,
            holdout_percent: 20,
            refit: true,
            refit_iterations: default_refit_iterations(),
        }
    }
}

/// Precision and recall of one category on the held-out examples.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategoryMetrics {
    /// The category.
    pub category: String,
    /// Of the examples predicted as this category, the share that were (0 when none).
    pub precision: f64,
    /// Of the examples of this category, the share predicted as it (0 when none).
    pub recall: f64,
    /// Held-out examples of this category.
    pub support: u32,
}

/// What a model knows about itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelMetrics {
    /// When it was trained (from the caller's clock).
    pub trained_at: DateTime<Utc>,
    /// Labeled examples it was trained from.
    pub examples: u32,
    /// Held-out examples it was measured on (0: measured on its training rows).
    pub holdout: u32,
    /// Share of held-out examples whose top category was right.
    pub accuracy: f64,
    /// Per-category precision and recall.
    pub categories: Vec<CategoryMetrics>,
    /// Calibration temperature (logits are divided by it).
    pub temperature: f64,
}

/// A suggested category with its calibrated probability.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Suggestion {
    /// The category.
    pub category: String,
    /// Probability in 0..=1.
    pub probability: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Header {
    format: u32,
    featurizer: Featurizer,
    classes: Vec<String>,
    metrics: ModelMetrics,
}

/// A trained classifier.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    featurizer: Featurizer,
    classes: Vec<String>,
    /// dims x classes, row-major by feature.
    weights: Vec<f32>,
    intercept: Vec<f32>,
    metrics: ModelMetrics,
}

struct Fitted {
    weights: Vec<f32>,
    intercept: Vec<f32>,
}

impl Model {
    /// Trains a model from labeled examples (any order: they are sorted by date, and the
    /// newest `holdout_percent` are held out to calibrate and measure).
    ///
    /// # Errors
    ///
    /// `NotEnoughData` without examples, `Training` when the solver fails.
    pub fn train(
        examples: &[LabeledExample],
        options: &TrainOptions,
        trained_at: DateTime<Utc>,
    ) -> Result<Self, CategorizeError> {
        if examples.is_empty() {
            return Err(CategorizeError::NotEnoughData {
                message: "no labeled examples".to_owned(),
            });
        }
        let featurizer = Featurizer::new(options.hash_bits.clamp(4, 20));
        let mut order: Vec<&LabeledExample> = examples.iter().collect();
        order.sort_by_key(|e| e.features.date);
        let vectors: Vec<(FeatureVector, &str)> =
            order.iter().map(|e| (featurizer.vector(&e.features), e.category.as_str())).collect();
        let n = vectors.len();
        let holdout_n = if n >= 20 {
            n * usize::try_from(options.holdout_percent.min(50)).unwrap_or(20) / 100
        } else {
            0
        };
        let (train_part, holdout_part) = vectors.split_at(n - holdout_n);
        let rows = select_rows(train_part, options.max_rows);
        let mut classes: Vec<String> = rows.iter().map(|(_, c)| (*c).to_owned()).collect();
        classes.sort();
        classes.dedup();
        let class_index: HashMap<&str, usize> =
            classes.iter().enumerate().map(|(i, c)| (c.as_str(), i)).collect();
        let dims = featurizer.dims();
        let fitted = fit(&rows, &class_index, dims, options.max_iterations, options.alpha, None)?;
        let mut model = Model {
            featurizer,
            classes: classes.clone(),
            weights: fitted.weights,
            intercept: fitted.intercept,
            metrics: ModelMetrics {
                trained_at,
                examples: u32::try_from(n).unwrap_or(u32::MAX),
                holdout: u32::try_from(holdout_n).unwrap_or(u32::MAX),
                accuracy: 0.0,
                categories: Vec::new(),
                temperature: 1.0,
            },
        };
        let measured: &[(FeatureVector, &str)] =
            if holdout_part.is_empty() { train_part } else { holdout_part };
        let logits: Vec<Vec<f64>> = measured.iter().map(|(v, _)| model.logits(v)).collect();
        model.metrics.temperature = best_temperature(&logits, measured, &class_index);
        let (accuracy, categories) = metrics(&model, &logits, measured);
        model.metrics.accuracy = accuracy;
        model.metrics.categories = categories;
        if options.refit && !holdout_part.is_empty() {
            let all = select_rows(&vectors, options.max_rows);
            let mut all_classes: Vec<String> = all.iter().map(|(_, c)| (*c).to_owned()).collect();
            all_classes.sort();
            all_classes.dedup();
            let all_index: HashMap<&str, usize> =
                all_classes.iter().enumerate().map(|(i, c)| (c.as_str(), i)).collect();
            let start = Start {
                classes: &model.classes,
                weights: &model.weights,
                intercept: &model.intercept,
            };
            let refitted =
                fit(&all, &all_index, dims, options.refit_iterations, options.alpha, Some(start))?;
            model.weights = refitted.weights;
            model.intercept = refitted.intercept;
            model.classes = all_classes;
        }
        Ok(model)
    }

    /// The model's metrics.
    pub fn metrics(&self) -> &ModelMetrics {
        &self.metrics
    }

    /// The categories it can predict, sorted.
    pub fn classes(&self) -> &[String] {
        &self.classes
    }

    fn logits(&self, vector: &FeatureVector) -> Vec<f64> {
        let k = self.classes.len();
        let mut logits: Vec<f64> = self.intercept.iter().map(|b| f64::from(*b)).collect();
        let norm = vector.entries.iter().map(|(_, c)| f64::from(*c).powi(2)).sum::<f64>().sqrt();
        if norm == 0.0 {
            return logits;
        }
        for (index, count) in &vector.entries {
            let value = f64::from(*count) / norm;
            let start = usize::try_from(*index).unwrap_or(0) * k;
            if let Some(row) = self.weights.get(start..start + k) {
                for (logit, w) in logits.iter_mut().zip(row) {
                    *logit += value * f64::from(*w);
                }
            }
        }
        logits
    }

    /// Calibrated probabilities of every class, in [`classes`](Self::classes) order.
    pub fn probabilities(&self, features: &Features) -> Vec<f64> {
        let logits = self.logits(&self.featurizer.vector(features));
        softmax(&logits, self.metrics.temperature)
    }

    /// The `n` most probable categories, most probable first.
    pub fn suggest(&self, features: &Features, n: usize) -> Vec<Suggestion> {
        let probabilities = self.probabilities(features);
        let mut ranked: Vec<(usize, f64)> = probabilities.into_iter().enumerate().collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked
            .into_iter()
            .take(n)
            .map(|(i, p)| Suggestion { category: self.classes[i].clone(), probability: p })
            .collect()
    }

    /// The model as bytes: a serde JSON header (format, featurizer, classes, metrics) and the
    /// raw little-endian weights.
    pub fn to_bytes(&self) -> Vec<u8> {
        let header = Header {
            format: MODEL_FORMAT,
            featurizer: self.featurizer,
            classes: self.classes.clone(),
            metrics: self.metrics.clone(),
        };
        let json = serde_json::to_vec(&header).unwrap_or_default();
        let mut out =
            Vec::with_capacity(8 + json.len() + 4 * (self.weights.len() + self.intercept.len()));
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&u32::try_from(json.len()).unwrap_or(u32::MAX).to_le_bytes());
        out.extend_from_slice(&json);
        for w in self.intercept.iter().chain(&self.weights) {
            out.extend_from_slice(&w.to_le_bytes());
        }
        out
    }

    /// Reads [`to_bytes`](Self::to_bytes).
    ///
    /// # Errors
    ///
    /// `ModelFormat` when the bytes are not a model of [`MODEL_FORMAT`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, CategorizeError> {
        let bad = |m: &str| CategorizeError::ModelFormat { message: m.to_owned() };
        if bytes.len() < 8 || &bytes[..4] != MAGIC {
            return Err(bad("not a Tally model"));
        }
        let mut len_bytes = [0u8; 4];
        len_bytes.copy_from_slice(&bytes[4..8]);
        let json_len = usize::try_from(u32::from_le_bytes(len_bytes)).map_err(|_| bad("header"))?;
        let json = bytes.get(8..8 + json_len).ok_or_else(|| bad("truncated header"))?;
        let header: Header =
            serde_json::from_slice(json).map_err(|e| bad(&format!("header: {e}")))?;
        if header.format != MODEL_FORMAT {
            return Err(bad(&format!(
                "format {} (this version reads {MODEL_FORMAT})",
                header.format
            )));
        }
        let k = header.classes.len();
        let expected = k + header.featurizer.dims() * k;
        let body = &bytes[8 + json_len..];
        if body.len() != expected * 4 {
            return Err(bad("weights do not match the header"));
        }
        let floats: Vec<f32> =
            body.chunks_exact(4).map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect();
        Ok(Model {
            featurizer: header.featurizer,
            classes: header.classes,
            intercept: floats[..k].to_vec(),
            weights: floats[k..].to_vec(),
            metrics: header.metrics,
        })
    }
}

/// Keeps at most two copies of identical (features, category) rows, then at most `max_rows`
/// rows, taking the newest of each category in turn.
fn select_rows<'a>(
    rows: &'a [(FeatureVector, &'a str)],
    max_rows: usize,
) -> Vec<(&'a FeatureVector, &'a str)> {
    let mut seen: HashMap<(&FeatureVector, &str), u8> = HashMap::new();
    let mut per_class: HashMap<&str, Vec<(&FeatureVector, &str)>> = HashMap::new();
    for (vector, category) in rows.iter().rev() {
        let copies = seen.entry((vector, category)).or_insert(0);
        if *copies < 2 {
            *copies += 1;
            per_class.entry(category).or_default().push((vector, category));
        }
    }
    let mut classes: Vec<&str> = per_class.keys().copied().collect();
    classes.sort_unstable();
    let mut out = Vec::new();
    let mut depth = 0;
    let limit = max_rows.max(classes.len());
    while out.len() < limit {
        let mut any = false;
        for class in &classes {
            if let Some(row) = per_class.get(class).and_then(|rows| rows.get(depth)) {
                out.push(*row);
                any = true;
                if out.len() == limit {
                    break;
                }
            }
        }
        if !any {
            break;
        }
        depth += 1;
    }
    out
}

/// Weights a fit starts from (the first fit's, for the refit).
struct Start<'a> {
    classes: &'a [String],
    /// dims x classes, row-major by feature.
    weights: &'a [f32],
    intercept: &'a [f32],
}

/// linfa's initial parameters, (dims + 1) x classes with the intercept in the last row, from
/// `start`'s weights; categories `start` does not know begin at zero.
fn initial_params(
    start: &Start<'_>,
    class_index: &HashMap<&str, usize>,
    dims: usize,
) -> Array2<f64> {
    let k = class_index.len();
    let old_k = start.classes.len();
    let mut params = Array2::<f64>::zeros((dims + 1, k));
    for (old, name) in start.classes.iter().enumerate() {
        let Some(&new) = class_index.get(name.as_str()) else { continue };
        for feature in 0..dims {
            params[[feature, new]] = f64::from(start.weights[feature * old_k + old]);
        }
        params[[dims, new]] = f64::from(start.intercept[old]);
    }
    params
}

fn fit(
    rows: &[(&FeatureVector, &str)],
    class_index: &HashMap<&str, usize>,
    dims: usize,
    max_iterations: u64,
    alpha: f64,
    start: Option<Start<'_>>,
) -> Result<Fitted, CategorizeError> {
    let k = class_index.len();
    if k < 2 {
        // One category: the softmax of one logit is 1 whatever the weights.
        return Ok(Fitted { weights: vec![0.0; dims * k], intercept: vec![0.0; k] });
    }
    let mut records = Array2::<f64>::zeros((rows.len(), dims));
    let mut targets = Array1::<usize>::zeros(rows.len());
    for (r, (vector, category)) in rows.iter().enumerate() {
        let norm = vector.entries.iter().map(|(_, c)| f64::from(*c).powi(2)).sum::<f64>().sqrt();
        for (index, count) in &vector.entries {
            records[[r, usize::try_from(*index).unwrap_or(0)]] = f64::from(*count) / norm.max(1.0);
        }
        targets[r] = class_index.get(category).copied().unwrap_or(0);
    }
    let dataset = Dataset::new(records, targets);
    let mut solver = MultiLogisticRegression::default().alpha(alpha).max_iterations(max_iterations);
    // linfa's columns are the labels present, sorted; every label in `class_index` is present
    // (the classes come from these rows), so column i is label i.
    if let Some(start) = start.filter(|s| s.classes.len() >= 2) {
        solver = solver.initial_params(initial_params(&start, class_index, dims));
    }
    let fitted =
        solver.fit(&dataset).map_err(|e| CategorizeError::Training { message: e.to_string() })?;
    // linfa orders its classes by label: map its columns back to ours.
    let params = fitted.params();
    let mut weights = vec![0.0f32; dims * k];
    let mut intercept = vec![0.0f32; k];
    for (column, label) in fitted.classes().iter().enumerate() {
        intercept[*label] = fitted.intercept()[column] as f32;
        for feature in 0..dims {
            weights[feature * k + *label] = params[[feature, column]] as f32;
        }
    }
    Ok(Fitted { weights, intercept })
}

fn softmax(logits: &[f64], temperature: f64) -> Vec<f64> {
    let max = logits.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let exps: Vec<f64> = logits.iter().map(|l| ((l - max) / temperature).exp()).collect();
    let sum: f64 = exps.iter().sum();
    exps.into_iter().map(|e| e / sum).collect()
}

/// The temperature minimizing the negative log-likelihood of the measured examples.
fn best_temperature(
    logits: &[Vec<f64>],
    measured: &[(FeatureVector, &str)],
    class_index: &HashMap<&str, usize>,
) -> f64 {
    const GRID: [f64; 14] =
        [0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.65, 0.8, 1.0, 1.25, 1.5, 2.0, 3.0];
    let mut best = (f64::INFINITY, 1.0);
    for t in GRID {
        let mut nll = 0.0;
        let mut count = 0usize;
        for (row, (_, category)) in logits.iter().zip(measured) {
            if let Some(i) = class_index.get(category) {
                let p = softmax(row, t)[*i].max(1e-12);
                nll -= p.ln();
                count += 1;
            }
        }
        if count > 0 && nll < best.0 {
            best = (nll, t);
        }
    }
    best.1
}

fn metrics(
    model: &Model,
    logits: &[Vec<f64>],
    measured: &[(FeatureVector, &str)],
) -> (f64, Vec<CategoryMetrics>) {
    let mut right = 0usize;
    let mut predicted: HashMap<&str, (u32, u32)> = HashMap::new(); // (predicted, right)
    let mut actual: HashMap<&str, u32> = HashMap::new();
    for (row, (_, category)) in logits.iter().zip(measured) {
        let best = row
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(&a.0)))
            .map(|(i, _)| model.classes[i].as_str())
            .unwrap_or("");
        *actual.entry(category).or_default() += 1;
        let entry = predicted.entry(best).or_default();
        entry.0 += 1;
        if best == *category {
            entry.1 += 1;
            right += 1;
        }
    }
    let mut names: Vec<&str> = actual.keys().chain(predicted.keys()).copied().collect();
    names.sort_unstable();
    names.dedup();
    let ratio = |a: u32, b: u32| if b == 0 { 0.0 } else { f64::from(a) / f64::from(b) };
    let categories = names
        .into_iter()
        .filter(|n| !n.is_empty())
        .map(|name| {
            let (p, r) = predicted.get(name).copied().unwrap_or((0, 0));
            let support = actual.get(name).copied().unwrap_or(0);
            CategoryMetrics {
                category: name.to_owned(),
                precision: ratio(r, p),
                recall: ratio(r, support),
                support,
            }
        })
        .collect();
    let accuracy = if measured.is_empty() { 0.0 } else { right as f64 / measured.len() as f64 };
    (accuracy, categories)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use rust_decimal::Decimal;

    fn examples() -> Vec<LabeledExample> {
        let merchants = [
            ("STARBUCKS", "Coffee", -4),
            ("BLUE BOTTLE", "Coffee", -5),
            ("SAFEWAY", "Groceries", -60),
            ("WHOLE FOODS", "Groceries", -80),
            ("SHELL OIL", "Fuel", -40),
            ("CHEVRON", "Fuel", -45),
        ];
        let start = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default();
        (0..120)
            .map(|i| {
                let (payee, category, amount) = merchants[i % merchants.len()];
                let date = start + chrono::Days::new(i as u64);
                let f = Features::new(
                    format!("{payee} #{}", 100 + i),
                    Decimal::from(amount),
                    "Checking",
                    date,
                );
                LabeledExample::new(f, category)
            })
            .collect()
    }

    fn at() -> DateTime<Utc> {
        DateTime::from_timestamp(1_700_000_000, 0).unwrap_or_default()
    }

    #[test]
    fn learns_separable_categories_and_round_trips_bytes() {
        let model = Model::train(&examples(), &TrainOptions::default(), at()).expect("trains");
        assert_eq!(model.classes(), ["Coffee", "Fuel", "Groceries"]);
        assert!(model.metrics().accuracy > 0.99, "{:?}", model.metrics());
        assert_eq!(model.metrics().holdout, 24);
        let date = NaiveDate::from_ymd_opt(2024, 6, 1).unwrap_or_default();
        let f = Features::new("SQ *STARBUCKS STORE 99", Decimal::from(-3), "Checking", date);
        let top = model.suggest(&f, 3);
        assert_eq!(top[0].category, "Coffee");
        let sum: f64 = model.probabilities(&f).iter().sum();
        assert!((sum - 1.0).abs() < 1e-9);
        let bytes = model.to_bytes();
        let loaded = Model::from_bytes(&bytes).expect("loads");
        assert_eq!(loaded, model);
        assert_eq!(loaded.probabilities(&f), model.probabilities(&f));
        assert!(Model::from_bytes(&bytes[..bytes.len() - 1]).is_err());
        assert!(Model::from_bytes(b"nope").is_err());
    }

    #[test]
    fn one_category_is_certain_and_no_examples_is_an_error() {
        let only: Vec<LabeledExample> =
            examples().into_iter().filter(|e| e.category == "Fuel").collect();
        let model = Model::train(&only, &TrainOptions::default(), at()).expect("trains");
        let f = &only[0].features;
        assert_eq!(model.suggest(f, 3)[0].probability, 1.0);
        let err = Model::train(&[], &TrainOptions::default(), at()).expect_err("empty");
        assert_eq!(err.code(), "not_enough_training_data");
    }
}
