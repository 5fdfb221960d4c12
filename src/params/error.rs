//! Why a value was rejected: [`ParamError`], one variant per reason, each naming the key and the
//! value; and the [`Warning`] that parsing reports for it (what the JSON outputs and the page
//! show).

use std::fmt;

use serde::Serialize;
use thiserror::Error;

use super::range::VERSION;
use crate::fmt::bound as number_text;

/// A value the schema rejects: the key, the value as given (at most 40 characters, clipped with
/// `…`) and the reason, as fields a test can match on. `Display` is the line the page and the
/// command line show, `key=value: reason` (the reason alone is [`ParamError::reason`]).
#[derive(Debug, Clone, PartialEq, Error)]
pub enum ParamError {
    /// A key the schema does not have.
    UnknownKey {
        /// The key as given (clipped).
        key: String,
        /// Its value.
        value: String,
    },
    /// A key given more than once: only the last value counts (one warning per key).
    GivenTwice {
        /// The key.
        key: &'static str,
        /// The earlier values, dropped (each once, in order).
        value: String,
        /// The last value, the one that counts.
        last: String,
        /// How many times the key was given.
        count: usize,
        /// Why the last value was rejected, when it was (then this is the key's one warning).
        rejected: Option<String>,
    },
    /// `v=` names a schema version this code does not read.
    UnsupportedVersion {
        /// The version given.
        value: String,
    },
    /// `preset=` names no preset.
    UnknownPreset {
        /// The name given.
        value: String,
    },
    /// `n` given together with `x`: the samples are `x`, `n` is ignored.
    IgnoredWithX {
        /// The value of `n`.
        value: String,
    },
    /// Not a number at all.
    NotANumber {
        /// The key.
        key: &'static str,
        /// The value.
        value: String,
    },
    /// A number, but infinite or NaN.
    NotFinite {
        /// The key.
        key: &'static str,
        /// The value.
        value: String,
    },
    /// A number outside `[min, max]`.
    OutOfRange {
        /// The key.
        key: &'static str,
        /// The value.
        value: String,
        /// The smallest accepted value.
        min: f64,
        /// The largest accepted value.
        max: f64,
    },
    /// A number that must be above 0 (a spectrum entry) and is 0.
    NotPositive {
        /// The key.
        key: &'static str,
        /// The value.
        value: String,
    },
    /// Not a whole number written in digits.
    NotAWholeNumber {
        /// The key.
        key: &'static str,
        /// The value.
        value: String,
    },
    /// A whole number outside `min..=max`.
    WholeOutOfRange {
        /// The key.
        key: &'static str,
        /// The value.
        value: String,
        /// The smallest accepted value.
        min: u64,
        /// The largest accepted value.
        max: u64,
    },
    /// A coordinate (1-based) that is not in `1..=d`.
    NotACoordinate {
        /// The key.
        key: &'static str,
        /// The value.
        value: String,
        /// The dimension (the length of `beta`).
        d: usize,
    },
    /// A number above 0 but below the smallest non-zero value (`flow_lr`).
    NotZeroOrAtLeast {
        /// The key.
        key: &'static str,
        /// The value.
        value: String,
        /// The smallest non-zero value.
        min: f64,
    },
    /// Neither `0` nor `1`.
    NotZeroOrOne {
        /// The key.
        key: &'static str,
        /// The value.
        value: String,
    },
    /// A name that is not one of `names`.
    NotOneOf {
        /// The key.
        key: &'static str,
        /// The value.
        value: String,
        /// The accepted names.
        names: &'static [&'static str],
    },
    /// An empty list.
    NoValues {
        /// The key.
        key: &'static str,
        /// The value.
        value: String,
    },
    /// A list longer than `max`.
    TooManyValues {
        /// The key.
        key: &'static str,
        /// The value.
        value: String,
        /// The largest accepted length.
        max: usize,
    },
    /// One entry of a list is rejected.
    BadEntry {
        /// The key.
        key: &'static str,
        /// The whole list.
        value: String,
        /// Which entry, from 1.
        entry: usize,
        /// Why (its `value` is the entry).
        #[source]
        error: Box<ParamError>,
    },
    /// A list that names the same item twice.
    ListedTwice {
        /// The key.
        key: &'static str,
        /// The whole list.
        value: String,
        /// The repeated item.
        item: String,
    },
    /// A list that is not d long (`gamma`, `lambda`).
    WrongLength {
        /// The key.
        key: &'static str,
        /// The value.
        value: String,
        /// The dimension (the length of `beta`) it must match.
        d: usize,
    },
    /// `lambda` without `gamma`.
    NeedsGamma {
        /// The value of `lambda`.
        value: String,
    },
    /// Two coordinates that are the same, or not two (`plane`).
    NotTwoDistinct {
        /// The key.
        key: &'static str,
        /// The value.
        value: String,
    },
    /// A value that does not fit with another key's (`batch` above n, `x` with Gaussian inputs):
    /// `reason` says which and what happens instead.
    Conflicts {
        /// The key.
        key: &'static str,
        /// The value.
        value: String,
        /// Why it does not fit.
        reason: String,
    },
    /// Coordinates that fitted when they were read but exceed the final d (a preset's value, or
    /// a key read before `beta` changed d).
    BeyondD {
        /// The key.
        key: &'static str,
        /// Its value at the time.
        value: String,
        /// The final dimension.
        d: usize,
    },
}

impl ParamError {
    /// The key the rejected value was given for.
    pub fn key(&self) -> &str {
        match self {
            ParamError::UnknownKey { key, .. } => key,
            ParamError::UnsupportedVersion { .. } => "v",
            ParamError::UnknownPreset { .. } => "preset",
            ParamError::IgnoredWithX { .. } => "n",
            ParamError::NeedsGamma { .. } => "lambda",
            ParamError::GivenTwice { key, .. }
            | ParamError::NotANumber { key, .. }
            | ParamError::NotFinite { key, .. }
            | ParamError::OutOfRange { key, .. }
            | ParamError::NotPositive { key, .. }
            | ParamError::NotAWholeNumber { key, .. }
            | ParamError::WholeOutOfRange { key, .. }
            | ParamError::NotACoordinate { key, .. }
            | ParamError::NotZeroOrAtLeast { key, .. }
            | ParamError::NotZeroOrOne { key, .. }
            | ParamError::NotOneOf { key, .. }
            | ParamError::NoValues { key, .. }
            | ParamError::TooManyValues { key, .. }
            | ParamError::BadEntry { key, .. }
            | ParamError::ListedTwice { key, .. }
            | ParamError::WrongLength { key, .. }
            | ParamError::NotTwoDistinct { key, .. }
            | ParamError::Conflicts { key, .. }
            | ParamError::BeyondD { key, .. } => key,
        }
    }

    /// The rejected value as given (clipped to 40 characters).
    pub fn value(&self) -> &str {
        match self {
            ParamError::UnknownKey { value, .. }
            | ParamError::GivenTwice { value, .. }
            | ParamError::UnsupportedVersion { value }
            | ParamError::UnknownPreset { value }
            | ParamError::IgnoredWithX { value }
            | ParamError::NotANumber { value, .. }
            | ParamError::NotFinite { value, .. }
            | ParamError::OutOfRange { value, .. }
            | ParamError::NotPositive { value, .. }
            | ParamError::NotAWholeNumber { value, .. }
            | ParamError::WholeOutOfRange { value, .. }
            | ParamError::NotACoordinate { value, .. }
            | ParamError::NotZeroOrAtLeast { value, .. }
            | ParamError::NotZeroOrOne { value, .. }
            | ParamError::NotOneOf { value, .. }
            | ParamError::NoValues { value, .. }
            | ParamError::TooManyValues { value, .. }
            | ParamError::BadEntry { value, .. }
            | ParamError::ListedTwice { value, .. }
            | ParamError::WrongLength { value, .. }
            | ParamError::NeedsGamma { value }
            | ParamError::NotTwoDistinct { value, .. }
            | ParamError::Conflicts { value, .. }
            | ParamError::BeyondD { value, .. } => value,
        }
    }

    /// Why the value is rejected, for people (e.g. `must be between 1e-12 and 1e6`).
    pub fn reason(&self) -> String {
        match self {
            ParamError::UnknownKey { .. } => "unknown key".into(),
            ParamError::GivenTwice {
                last,
                count,
                rejected,
                ..
            } => match rejected {
                Some(why) => format!(
                    "given {} times; the last one, {}, is rejected: {why}",
                    crate::fmt::int(*count as u64),
                    last.trim()
                ),
                None => format!(
                    "given {} times; only the last one, {}, counts",
                    crate::fmt::int(*count as u64),
                    last.trim()
                ),
            },
            ParamError::UnsupportedVersion { .. } => {
                format!("unsupported schema version (this page reads version {VERSION})")
            }
            ParamError::UnknownPreset { .. } => "no such preset".into(),
            ParamError::IgnoredWithX { .. } => "ignored because x gives the samples".into(),
            ParamError::NotANumber { value, .. } => format!("'{}' is not a number", value.trim()),
            ParamError::NotFinite { .. } => "must be a finite number".into(),
            ParamError::OutOfRange { min, max, .. } => format!(
                "must be between {} and {}",
                number_text(*min),
                number_text(*max)
            ),
            ParamError::NotPositive { .. } => "must be positive".into(),
            ParamError::NotAWholeNumber { value, .. } => {
                format!("'{}' is not a whole number", value.trim())
            }
            ParamError::WholeOutOfRange { min, max, .. } => {
                format!("must be a whole number from {min} to {max}")
            }
            ParamError::NotACoordinate { d, .. } => {
                format!("must be a whole number from 1 to {d} (d = {d}, the length of beta)")
            }
            ParamError::NotZeroOrAtLeast { min, .. } => {
                format!("must be 0 or at least {}", number_text(*min))
            }
            ParamError::NotZeroOrOne { .. } => "must be 0 or 1".into(),
            ParamError::NotOneOf { value, names, .. } => {
                format!("'{}' is not one of {}", value.trim(), names.join(", "))
            }
            ParamError::NoValues { .. } => "needs at least one value".into(),
            ParamError::TooManyValues { max, .. } => format!("at most {max} values"),
            ParamError::BadEntry { entry, error, .. } => {
                format!("entry {entry}: {}", error.reason())
            }
            ParamError::ListedTwice { item, .. } => format!("'{item}' is listed twice"),
            ParamError::WrongLength { d, .. } => {
                format!("needs d = {d} values (the length of beta)")
            }
            ParamError::NeedsGamma { .. } => "needs gamma (the spectra replace the samples)".into(),
            ParamError::NotTwoDistinct { .. } => "needs two different coordinates".into(),
            ParamError::Conflicts { reason, .. } => reason.clone(),
            ParamError::BeyondD { d, .. } => {
                format!("a coordinate exceeds d = {d}, the length of beta")
            }
        }
    }
}

/// `key=value: reason`, the line the page shows under a control and the command line prints.
impl fmt::Display for ParamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}={}: {}", self.key(), self.value(), self.reason())
    }
}

/// A value the parser could not use, as the JSON outputs hold it (`warnings`): the parts of a
/// [`ParamError`] as text, and what is used instead.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Warning {
    /// The URL key.
    pub key: String,
    /// The value as given.
    pub value: String,
    /// Why it was rejected.
    pub reason: String,
    /// What is used instead (empty when nothing is: an unknown key).
    pub fallback: String,
    /// The rejection, typed (not serialized: `key`, `value` and `reason` are its parts).
    #[serde(skip)]
    pub error: ParamError,
}

impl Warning {
    /// The warning for `error`, with what is used instead (empty: nothing).
    pub fn new(error: ParamError, fallback: impl Into<String>) -> Warning {
        Warning {
            key: error.key().to_string(),
            value: error.value().to_string(),
            reason: error.reason(),
            fallback: fallback.into(),
            error,
        }
    }
}
