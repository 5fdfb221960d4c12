//! The values a key accepts, typed ([`Range`]), and the texts for people written from them: the
//! schema's `kind` and `range` strings come from here, never typed by hand beside the bounds.

use super::presets::PRESETS;
use crate::fmt::bound as number_text;

/// The schema version written as `v=` (bump only with an upgrade path for older links).
pub const VERSION: &str = "1";

/// The values one key accepts. The setters in the key table check against the same constants
/// these hold, and [`Range::text`] writes them for people; a test checks that the bounds written
/// here are the bounds parsing enforces.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Range {
    /// Exactly this schema version (`v`).
    Version(&'static str),
    /// The name of one of the presets (`preset`).
    Preset,
    /// One of these names (`gd_stop`, `controls`, `theme`).
    Name(&'static [&'static str]),
    /// A list of these names, each at most once (`show`).
    Names(&'static [&'static str]),
    /// `0` or `1` (`embed`).
    Flag,
    /// A whole number from `min` to `max`, both included.
    Whole {
        /// The smallest value.
        min: u64,
        /// The largest value.
        max: u64,
    },
    /// A finite number from `min` to `max`, both included.
    Number {
        /// The smallest value.
        min: f64,
        /// The largest value.
        max: f64,
    },
    /// A finite number from `min` to `max`, or `auto` (`lr`: `1/gamma_max`).
    NumberOrAuto {
        /// The smallest number.
        min: f64,
        /// The largest number.
        max: f64,
    },
    /// `0`, or a number from `min` to `max` (`flow_lr`).
    ZeroOr {
        /// The smallest non-zero value.
        min: f64,
        /// The largest value.
        max: f64,
        /// What `0` means, for people.
        zero: &'static str,
    },
    /// 1 to `max_len` numbers in `[-bound, bound]`, whose count is the dimension d (`beta`).
    Dimension {
        /// The largest count (the largest d).
        max_len: usize,
        /// The bound on each value's magnitude.
        bound: f64,
    },
    /// 1 to `max_len` basis indices, each from 1 to d (`x`).
    Indices {
        /// The largest count.
        max_len: usize,
    },
    /// d numbers in `(0, max]` (`gamma`, `lambda`).
    Spectrum {
        /// The largest value.
        max: f64,
        /// The key it needs beside it, if any (`lambda` needs `gamma`).
        with: Option<&'static str>,
    },
    /// Distinct coordinates, each from 1 to d (`small`).
    Coordinates,
    /// Two distinct coordinates, each from 1 to `max(d, 2)` (`plane`).
    Plane,
}

impl Range {
    /// The type of the values, for people: `integer`, `number`, `list of numbers`, ...
    pub fn kind(&self) -> &'static str {
        match self {
            Range::Version(_) | Range::Whole { .. } => "integer",
            Range::Preset | Range::Name(_) => "name",
            Range::Names(_) => "list of names",
            Range::Flag => "0 or 1",
            Range::Number { .. } | Range::ZeroOr { .. } => "number",
            Range::NumberOrAuto { .. } => "number or auto",
            Range::Dimension { .. } | Range::Spectrum { .. } => "list of numbers",
            Range::Indices { .. } | Range::Coordinates => "list of integers",
            Range::Plane => "two integers",
        }
    }

    /// The accepted values, for people (the schema's `range`), e.g. `1e-12 to 1e6`.
    pub fn text(&self) -> String {
        match *self {
            Range::Version(v) => v.to_string(),
            Range::Preset => PRESETS
                .iter()
                .map(|p| p.name)
                .collect::<Vec<_>>()
                .join(", "),
            Range::Name(names) => names.join(", "),
            Range::Names(names) => format!("{} (each at most once)", names.join(", ")),
            Range::Flag => "0, 1".to_string(),
            Range::Whole { min, max } => format!("{min} to {max}"),
            Range::Number { min, max } => format!("{} to {}", number_text(min), number_text(max)),
            Range::NumberOrAuto { min, max } => format!(
                "{} to {}, or auto (= 1/gamma_max)",
                number_text(min),
                number_text(max)
            ),
            Range::ZeroOr { min, max, zero } => {
                format!("0 ({zero}) or {} to {}", number_text(min), number_text(max))
            }
            Range::Dimension { max_len, bound } => format!(
                "1 to {max_len} values in [{}, {}]; the count is the dimension d",
                number_text(-bound),
                number_text(bound)
            ),
            Range::Indices { max_len } => {
                format!("1 to {max_len} basis indices, each in 1..d")
            }
            Range::Spectrum { max, with } => {
                let max = number_text(max);
                match with {
                    Some(key) => format!("d values in (0, {max}], with {key}"),
                    None => format!("d values in (0, {max}] (d = the length of beta)"),
                }
            }
            Range::Coordinates => "distinct coordinates in 1..d".to_string(),
            Range::Plane => "two distinct coordinates in 1..max(d, 2)".to_string(),
        }
    }
}
