//! One axis type for every chart: linear, logarithmic, or logarithmic with given key points.
//! plotters compiles its chart code (building, the mesh, the axes and labels, each series) once
//! per coordinate type; with one type it is in the wasm module once. Every method is the one of
//! the axis inside, so the drawings are those of the axes themselves.

use std::ops::Range;

use plotters::coord::combinators::{LogCoord, WithKeyPoints};
use plotters::coord::ranged1d::{KeyPointHint, NoDefaultFormatting, Ranged, ValueFormatter};
use plotters::coord::types::RangedCoordf64;

/// An f64 axis.
pub enum Scale {
    Linear(RangedCoordf64),
    Log(LogCoord<f64>),
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

    /// A logarithmic axis (from `range.log_scale()`).
    pub fn log(range: impl Into<LogCoord<f64>>) -> Scale {
        Scale::Log(range.into())
    }
}

/// `$call` on the axis inside.
macro_rules! each {
    ($self:expr, $x:ident => $call:expr) => {
        match $self {
            Scale::Linear($x) => $call,
            Scale::Log($x) => $call,
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
    fn format_ext(&self, value: &f64) -> String {
        each!(self, x => x.format_ext(value))
    }
}
