//! Point marks on the plane figures: beta*, the start, the small-step descent path, and the
//! playback marks of where the runs are at a time.

use plotters::prelude::*;

use super::frame::{Plane, PlaneChart};
use super::legend::swatch;
use super::{backend_err, font, px, Palette, PlotError, Style};
use crate::report::Point;

/// The radius (half side) of an end point's marker, in device pixels.
pub(crate) fn marker(style: &Style) -> i32 {
    px(style, 4.5) as i32
}

/// The runs a figure shows, for its playback marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Runs {
    /// Gradient flow only.
    GradientFlow,
    /// The annealed run only.
    Annealed,
    /// Both.
    Both,
}

/// With `flow_lr`: the small-step gradient descent that replaces a flow, thin, in the text
/// colour, with a diamond at its end. Nothing when `path` is empty.
pub(crate) fn small_steps<DB: DrawingBackend>(
    chart: &mut PlaneChart<'_, DB>,
    plane: &Plane,
    path: &[Point],
    style: &Style,
    pal: &Palette,
) -> Result<(), PlotError> {
    let Some(end) = path.last() else {
        return Ok(());
    };
    let thin = pal.fg.mix(0.8).stroke_width(px(style, 1.0));
    chart
        .draw_series(LineSeries::new(plane.path(path), thin))
        .map_err(backend_err)?
        .label("small-step descent")
        .legend(swatch(thin, 16));
    let m = px(style, 3.5) as i32;
    chart
        .draw_series([EmptyElement::at(plane.xy(end))
            + Polygon::new(vec![(0, -m), (m, 0), (0, m), (-m, 0)], pal.fg.filled())])
        .map_err(backend_err)?;
    Ok(())
}

/// Playback: rings where the `runs` shown are at time `t` (the annealed run not when it
/// diverged). Nothing without `t`.
pub(crate) fn playback<DB: DrawingBackend>(
    chart: &mut PlaneChart<'_, DB>,
    plane: &Plane,
    t: Option<f64>,
    runs: Runs,
    style: &Style,
    pal: &Palette,
) -> Result<(), PlotError> {
    let report = plane.report;
    let Some(head) = t.and_then(|t| report.at(t)) else {
        return Ok(());
    };
    let ring = px(style, 7.0) as i32;
    let mark = |p: &Point, color: RGBColor| {
        EmptyElement::at(plane.xy(p))
            + Circle::new((0, 0), ring, color.stroke_width(px(style, 2.5)))
            + Circle::new((0, 0), px(style, 2.0) as i32, color.filled())
    };
    let mut marks = Vec::new();
    if runs != Runs::Annealed {
        marks.push(mark(&head.gradient_flow, pal.gf));
    }
    if runs != Runs::GradientFlow && !report.annealed.diverged {
        marks.push(mark(&head.annealed, pal.an));
    }
    chart.draw_series(marks).map_err(backend_err)?;
    Ok(())
}

/// beta*: a labelled cross.
pub(crate) fn beta_star<DB: DrawingBackend>(
    chart: &mut PlaneChart<'_, DB>,
    plane: &Plane,
    style: &Style,
    pal: &Palette,
) -> Result<(), PlotError> {
    let cross = px(style, 5.0) as i32;
    chart
        .draw_series([EmptyElement::at(plane.star)
            + Cross::new((0, 0), cross, pal.fg.stroke_width(px(style, 2.0)))
            + Text::new("β*", (cross + 2, 2), font(style, 11.0, &pal.fg))])
        .map_err(backend_err)?;
    Ok(())
}

/// The start, 0: a labelled ring.
pub(crate) fn start<DB: DrawingBackend>(
    chart: &mut PlaneChart<'_, DB>,
    style: &Style,
    pal: &Palette,
) -> Result<(), PlotError> {
    chart
        .draw_series([EmptyElement::at((0.0, 0.0))
            + Circle::new(
                (0, 0),
                px(style, 3.0) as i32,
                pal.fg.stroke_width(px(style, 1.5)),
            )
            + Text::new("start", (5, 3), font(style, 11.0, &pal.fg))])
        .map_err(backend_err)?;
    Ok(())
}
