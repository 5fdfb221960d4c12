//! One axis type for every chart: linear or logarithmic, each with plotters' key points or given
//! ones.
//! plotters compiles its chart code (building, the mesh, the axes and labels, each series) once
//! per coordinate type; with one type it is in the wasm module once. Every method is the one of
//! the axis inside, so the drawings are those of the axes themselves.

use std::ops::Range;

use plotters::coord::combinators::{BindKeyPoints, IntoLogRange, LogCoord, WithKeyPoints};
use plotters::coord::ranged1d::{KeyPointHint, NoDefaultFormatting, Ranged, ValueFormatter};
use plotters::coord::types::RangedCoordf64;

/// An f64 axis.
pub enum Scale {
    Linear(RangedCoordf64),
    LinearKeys(WithKeyPoints<RangedCoordf64>),
    LogKeys(WithKeyPoints<LogCoord<f64>>),
}

/// A chart whose both axes are a [`Scale`].
pub type ScaleChart<'a, DB> =
    plotters::chart::ChartContext<'a, DB, plotters::coord::cartesian::Cartesian2d<Scale, Scale>>;

impl Scale {
    /// A linear axis over `range`.
    pub fn linear(range: Range<f64>) -> Scale {
        Scale::Linear(range.into())
    }

    /// A linear axis over `range` with ticks at `keys` (see `ticks.rs`).
    pub fn linear_at(range: Range<f64>, keys: Vec<f64>) -> Scale {
        Scale::LinearKeys(RangedCoordf64::from(range).with_key_points(keys))
    }

    /// A logarithmic axis over `range` with ticks at `keys`.
    pub fn log_at(range: Range<f64>, keys: Vec<f64>) -> Scale {
        Scale::LogKeys(range.log_scale().with_key_points(keys))
    }
}

/// `$call` on the axis inside.
macro_rules! each {
    ($self:expr, $x:ident => $call:expr) => {
        match $self {
            Scale::Linear($x) => $call,
            Scale::LinearKeys($x) => $call,
            Scale::LogKeys($x) => $call,
        }
    };
}

impl Ranged for Scale {
    type FormatOption = NoDefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        each!(self, x => x.map(value, limit))
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        each!(self, x => x.key_points(hint))
    }

    fn range(&self) -> Range<f64> {
        each!(self, x => x.range())
    }

    fn axis_pixel_range(&self, limit: (i32, i32)) -> Range<i32> {
        each!(self, x => x.axis_pixel_range(limit))
    }
}

impl ValueFormatter<f64> for Scale {
    /// A label written as every number the figures write (charts pass their own formatters;
    /// this default keeps plotters' own float printer out of the wasm module).
    fn format_ext(&self, value: &f64) -> String {
        crate::fmt::fmt_num(*value)
    }
}
