//! Point marks on the plane figures: beta*, the start, the small-step descent path, the
//! playback marks of where the runs are at a time, and the labels naming points.

use plotters::prelude::*;

use super::frame::{view, Plane, PlaneChart};
use super::labels::{Around, Labels};
use super::legend::{Key, Legend};
use super::window::{self, Piece};
use super::{backend_err, font, px, Palette, PlotError, ScaleChart, Style};
use crate::outcome::Point;

/// The font size of point labels, in CSS pixels.
pub(crate) const LABEL_SIZE: f64 = 11.0;

/// A label naming a point of the plane: its text, the point, and how far the point's marker
/// reaches around it (device pixels).
pub(crate) type Name = (&'static str, (f64, f64), i32);

/// Draws `names` where they collide with nothing `labels` holds (each then counts as drawn);
/// none for a point outside the view.
pub(crate) fn name_points<DB: DrawingBackend>(
    chart: &PlaneChart<'_, DB>,
    labels: &mut Labels,
    names: &[Name],
    style: &Style,
    pal: &Palette,
) -> Result<(), PlotError> {
    let area = chart.plotting_area().strip_coord_spec();
    let view = view(chart);
    for &(text, p, clear) in names.iter().filter(|n| window::inside(view, n.1)) {
        labels.draw(
            &area,
            chart.backend_coord(&p),
            clear,
            text,
            font(style, LABEL_SIZE, &pal.fg),
            LABEL_SIZE * style.scale,
            Around::Point,
        )?;
    }
    Ok(())
}

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
/// colour, with a diamond at its end; clipped to the view, with an arrow where it leaves it or
/// comes back. Nothing when `path` is empty.
pub(crate) fn small_steps<DB: DrawingBackend>(
    chart: &mut PlaneChart<'_, DB>,
    plane: &Plane,
    path: &[Point],
    style: &Style,
    pal: &Palette,
    labels: &mut Labels,
    legend: &mut Legend,
) -> Result<(), PlotError> {
    let Some(end) = path.last() else {
        return Ok(());
    };
    let thin = pal.fg.mix(0.8).stroke_width(px(style, 1.0));
    let points: Vec<(f64, f64)> = plane.path(path).collect();
    clipped(chart, &points, thin, pal.fg.mix(0.8), style, labels)?;
    let m = px(style, 3.5) as i32;
    let view = view(chart);
    if window::inside(view, plane.xy(end)) {
        chart
            .draw_series([EmptyElement::at(plane.xy(end))
                + Polygon::new(vec![(0, -m), (m, 0), (0, m), (-m, 0)], pal.fg.filled())])
            .map_err(backend_err)?;
        labels.mark(chart.backend_coord(&plane.xy(end)), m);
    }
    let len = px(style, 16.0) as i32;
    legend.add(
        "small-step descent",
        vec![
            Key::Line(thin, len),
            Key::Diamond(pal.fg.filled(), px(style, 3.0) as i32, len),
        ],
    );
    Ok(())
}

/// Draws the path through `points` in `line`, clipped to the view, with an arrow (in `color`)
/// where it comes into the view and where it leaves it (none on a stretch that only crosses the
/// view: its line runs from edge to edge); registers what it drew with `labels` and returns the
/// pieces drawn.
pub(crate) fn clipped<DB: DrawingBackend, C: Color>(
    chart: &mut PlaneChart<'_, DB>,
    points: &[(f64, f64)],
    line: ShapeStyle,
    color: C,
    style: &Style,
    labels: &mut Labels,
) -> Result<Vec<Piece>, PlotError> {
    let pieces = window::clip(points, view(chart));
    for piece in &pieces {
        chart
            .draw_series(LineSeries::new(piece.points.iter().copied(), line))
            .map_err(backend_err)?;
        labels.chart_path(chart, piece.points.iter().copied());
        if piece.crosses() {
            continue;
        }
        // Equal scales: the plane's directions, y turned down.
        let down = |(x, y): (f64, f64)| (x, -y);
        if let (true, Some(dir), Some(&at)) =
            (piece.enters, piece.start_direction(), piece.points.first())
        {
            arrow(chart, at, down(dir), false, &color, style, labels)?;
        }
        if let (Some(_), Some(dir), Some(&at)) =
            (piece.leaves, piece.end_direction(), piece.points.last())
        {
            arrow(chart, at, down(dir), true, &color, style, labels)?;
        }
    }
    Ok(pieces)
}

/// An arrowhead on the frame at `at` pointing along `dir` (a unit vector in pixels, y down):
/// its tip on the frame where a path leaves the view (`out`), its base there where one comes
/// in. Kept clear by `labels`.
pub(crate) fn arrow<DB: DrawingBackend, C: Color>(
    chart: &mut ScaleChart<'_, DB>,
    at: (f64, f64),
    dir: (f64, f64),
    out: bool,
    color: &C,
    style: &Style,
    labels: &mut Labels,
) -> Result<(), PlotError> {
    let (ux, uy) = dir;
    let (len, half) = (px(style, 9.0) as f64, px(style, 4.5) as f64);
    let (tip, base) = if out { (0.0, -len) } else { (len, 0.0) };
    let p = |along: f64, across: f64| {
        (
            (ux * along - uy * across).round() as i32,
            (uy * along + ux * across).round() as i32,
        )
    };
    chart
        .draw_series([EmptyElement::at(at)
            + Polygon::new(
                vec![p(tip, 0.0), p(base, half), p(base, -half)],
                color.filled(),
            )])
        .map_err(backend_err)?;
    let (x, y) = chart.backend_coord(&at);
    let mid = p(0.5 * (tip + base), 0.0);
    labels.mark((x + mid.0, y + mid.1), (0.5 * len).ceil() as i32);
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
    // Where a run is now may be off the view (plotters draws it there, past the frame), but
    // not so far that its pixels overflow.
    let (x0, x1, y0, y1) = view(chart);
    let g = 100.0 * (x1 - x0).max(y1 - y0);
    let shown = |p: &Point| window::inside((x0 - g, x1 + g, y0 - g, y1 + g), plane.xy(p));
    let mut marks = Vec::new();
    if runs != Runs::Annealed && shown(&head.gradient_flow) {
        marks.push(mark(&head.gradient_flow, pal.gf));
    }
    if runs != Runs::GradientFlow && !report.annealed.diverged && shown(&head.annealed) {
        marks.push(mark(&head.annealed, pal.an));
    }
    chart.draw_series(marks).map_err(backend_err)?;
    Ok(())
}

/// beta*: a cross (kept clear by `labels`); returns its label.
pub(crate) fn beta_star<DB: DrawingBackend>(
    chart: &mut PlaneChart<'_, DB>,
    plane: &Plane,
    style: &Style,
    pal: &Palette,
    labels: &mut Labels,
) -> Result<Name, PlotError> {
    let cross = px(style, 5.0) as i32;
    chart
        .draw_series([EmptyElement::at(plane.star)
            + Cross::new((0, 0), cross, pal.fg.stroke_width(px(style, 2.0)))])
        .map_err(backend_err)?;
    labels.mark(chart.backend_coord(&plane.star), cross + 1);
    Ok(("β*", plane.star, cross + 1))
}

/// The start, 0: a ring (kept clear by `labels`); returns its label.
pub(crate) fn start<DB: DrawingBackend>(
    chart: &mut PlaneChart<'_, DB>,
    style: &Style,
    pal: &Palette,
    labels: &mut Labels,
) -> Result<Name, PlotError> {
    let r = px(style, 3.0) as i32;
    chart
        .draw_series([EmptyElement::at((0.0, 0.0))
            + Circle::new((0, 0), r, pal.fg.stroke_width(px(style, 1.5)))])
        .map_err(backend_err)?;
    labels.mark(chart.backend_coord(&(0.0, 0.0)), r + 1);
    Ok(("start", (0.0, 0.0), r + 1))
}
