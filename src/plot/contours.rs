//! Level sets, drawn exactly from their parametric form: the train loss's ellipses (a pair of
//! lines when a coordinate is unobserved) and the test loss's circles around beta*.

use plotters::prelude::*;

use super::frame::{view, Plane, PlaneChart};
use super::labels::Labels;
use super::legend::Legend;
use super::{backend_err, px, Palette, PlotError, Style};
use crate::model::sq;

/// The train loss in the plane (other coordinates at their optimum): nine ellipses, evenly
/// spaced in `sqrt(loss - floor)` from the level set out to the view's farthest corner.
pub(crate) fn train_contours<DB: DrawingBackend>(
    chart: &mut PlaneChart<'_, DB>,
    plane: &Plane,
    style: &Style,
    pal: &Palette,
) -> Result<(), PlotError> {
    let thin = pal.contour.stroke_width(px(style, 1.0));
    let view = view(chart);
    let (x0, x1, y0, y1) = view;
    let (c, g) = plane.train_loss();
    let excess = |x: f64, y: f64| g.0 * sq(x - c.0) + g.1 * sq(y - c.1);
    let corner = [(x0, y0), (x0, y1), (x1, y0), (x1, y1)]
        .iter()
        .map(|&(x, y)| excess(x, y))
        .fold(0.0, f64::max);
    let r_level = plane.level().sqrt();
    let step = (corner.sqrt() - r_level).max(0.0) / 9.0;
    for i in 1..=9 {
        let r = r_level + step * i as f64;
        for part in train_ellipse(c, g, sq(r), view) {
            chart
                .draw_series(LineSeries::new(part, thin))
                .map_err(backend_err)?;
        }
    }
    Ok(())
}

/// The test loss in the plane (other coordinates at beta*): ten circles around beta*, out to
/// the view's farthest corner (lines when the plane's second coordinate is past `d`).
pub(crate) fn test_contours<DB: DrawingBackend>(
    chart: &mut PlaneChart<'_, DB>,
    plane: &Plane,
    style: &Style,
    pal: &Palette,
) -> Result<(), PlotError> {
    let thin = pal.contour.stroke_width(px(style, 1.0));
    let view = view(chart);
    let (x0, x1, y0, y1) = view;
    let star = plane.star;
    let r_max = [(x0, y0), (x0, y1), (x1, y0), (x1, y1)]
        .iter()
        .map(|&(x, y)| (sq(x - star.0) + sq(y - star.1)).sqrt())
        .fold(0.0, f64::max);
    let flat = plane.j >= plane.report.quadratic.d;
    for i in 1..=10 {
        let r = r_max * i as f64 / 10.0;
        let circle = ellipse(star, r, if flat { f64::INFINITY } else { r }, view);
        for part in circle {
            chart
                .draw_series(LineSeries::new(part, thin))
                .map_err(backend_err)?;
        }
    }
    Ok(())
}

/// The level set `train loss = eps`, where both runs stop, kept clear by `labels`, with its
/// legend entry.
pub(crate) fn level_set<DB: DrawingBackend>(
    chart: &mut PlaneChart<'_, DB>,
    plane: &Plane,
    style: &Style,
    pal: &Palette,
    labels: &mut Labels,
    legend: &mut Legend,
) -> Result<(), PlotError> {
    let level_style = pal.level.stroke_width(px(style, 2.5));
    let (c, g) = plane.train_loss();
    let parts = train_ellipse(c, g, plane.level(), view(chart));
    if !parts.is_empty() {
        legend.line("train loss = ε", level_style, px(style, 16.0) as i32);
    }
    for part in parts {
        labels.chart_path(chart, part.iter().copied());
        chart
            .draw_series(LineSeries::new(part, level_style))
            .map_err(backend_err)?;
    }
    Ok(())
}

/// The curve `g1 (x - c1)^2 + g2 (y - c2)^2 = r` within the view: an ellipse, or two lines when
/// one curvature is zero, or nothing.
fn train_ellipse(
    c: (f64, f64),
    g: (f64, f64),
    r: f64,
    view: (f64, f64, f64, f64),
) -> Vec<Vec<(f64, f64)>> {
    let axis = |gi: f64| {
        if gi > 0.0 {
            (r / gi).sqrt()
        } else {
            f64::INFINITY
        }
    };
    ellipse(c, axis(g.0), axis(g.1), view)
}

/// An axis-aligned ellipse with semi-axes `a`, `b` around `c`; an infinite semi-axis gives the
/// pair of lines it degenerates to (clipped to the view).
fn ellipse(c: (f64, f64), a: f64, b: f64, view: (f64, f64, f64, f64)) -> Vec<Vec<(f64, f64)>> {
    let (x0, x1, y0, y1) = view;
    match (a.is_finite(), b.is_finite()) {
        (true, true) => {
            const N: usize = 160;
            vec![(0..=N)
                .map(|i| {
                    let th = std::f64::consts::TAU * i as f64 / N as f64;
                    (c.0 + a * th.cos(), c.1 + b * th.sin())
                })
                .collect()]
        }
        (true, false) => vec![
            vec![(c.0 - a, y0), (c.0 - a, y1)],
            vec![(c.0 + a, y0), (c.0 + a, y1)],
        ],
        (false, true) => vec![
            vec![(x0, c.1 - b), (x1, c.1 - b)],
            vec![(x0, c.1 + b), (x1, c.1 + b)],
        ],
        (false, false) => Vec::new(),
    }
}
