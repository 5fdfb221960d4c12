//! Level sets, drawn exactly from their parametric form: the train loss's ellipses (a pair of
//! lines when a coordinate is unobserved) and the test loss's circles around beta*.

use plotters::prelude::*;

use super::frame::{view, Form, Plane, PlaneChart};
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
    let excess = |x: f64, y: f64| g.at(x - c.0, y - c.1);
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
    let form = plane.test_loss();
    let [li, _, lj] = form.0;
    // Semi-axes scale as 1/sqrt(lambda) (circles when the variances are equal); relative to
    // the larger variance, so equal variances keep the circles of radius r.
    let top = li.max(lj);
    let semi = |l: f64| {
        if l > 0.0 {
            (top / l).sqrt()
        } else {
            f64::INFINITY
        }
    };
    let (si, sj) = (semi(li), semi(lj));
    let r_max = [(x0, y0), (x0, y1), (x1, y0), (x1, y1)]
        .iter()
        .map(|&(x, y)| {
            let rx = if si.is_finite() {
                (x - star.0) / si
            } else {
                0.0
            };
            let ry = if sj.is_finite() {
                (y - star.1) / sj
            } else {
                0.0
            };
            (sq(rx) + sq(ry)).sqrt()
        })
        .fold(0.0, f64::max);
    let flat = plane.j >= plane.report.quadratic.d;
    for i in 1..=10 {
        let r = r_max * i as f64 / 10.0;
        let b = if flat { f64::INFINITY } else { r * sj };
        let circle = ellipse(star, r * si, b, 0.0, view);
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

/// The curve `(v - c)^T H (v - c) = r` within the view: an ellipse (tilted when `H` is not
/// diagonal), or two lines when one curvature is zero, or nothing.
fn train_ellipse(
    c: (f64, f64),
    h: Form,
    r: f64,
    view: (f64, f64, f64, f64),
) -> Vec<Vec<(f64, f64)>> {
    let (g1, g2, angle) = h.axes();
    let axis = |gi: f64| {
        if gi > 0.0 {
            (r / gi).sqrt()
        } else {
            f64::INFINITY
        }
    };
    ellipse(c, axis(g1), axis(g2), angle, view)
}

/// An ellipse with semi-axes `a`, `b` around `c`, its first axis at `angle` to the horizontal;
/// an infinite semi-axis gives the pair of lines it degenerates to (long enough to cross the
/// view).
fn ellipse(
    c: (f64, f64),
    a: f64,
    b: f64,
    angle: f64,
    view: (f64, f64, f64, f64),
) -> Vec<Vec<(f64, f64)>> {
    let (x0, x1, y0, y1) = view;
    let (cos, sin) = (angle.cos(), angle.sin());
    let at = |u: f64, v: f64| (c.0 + u * cos - v * sin, c.1 + u * sin + v * cos);
    if angle == 0.0 {
        match (a.is_finite(), b.is_finite()) {
            (true, false) => {
                return vec![
                    vec![(c.0 - a, y0), (c.0 - a, y1)],
                    vec![(c.0 + a, y0), (c.0 + a, y1)],
                ]
            }
            (false, true) => {
                return vec![
                    vec![(x0, c.1 - b), (x1, c.1 - b)],
                    vec![(x0, c.1 + b), (x1, c.1 + b)],
                ]
            }
            _ => {}
        }
    }
    // How far a line through the view's corners reaches from c.
    let reach = [(x0, y0), (x0, y1), (x1, y0), (x1, y1)]
        .iter()
        .map(|&(x, y)| (sq(x - c.0) + sq(y - c.1)).sqrt())
        .fold(0.0, f64::max);
    match (a.is_finite(), b.is_finite()) {
        (true, true) => {
            const N: usize = 160;
            vec![(0..=N)
                .map(|i| {
                    let th = std::f64::consts::TAU * i as f64 / N as f64;
                    at(a * th.cos(), b * th.sin())
                })
                .collect()]
        }
        (true, false) => vec![
            vec![at(-a, -reach), at(-a, reach)],
            vec![at(a, -reach), at(a, reach)],
        ],
        (false, true) => vec![
            vec![at(-reach, -b), at(reach, -b)],
            vec![at(-reach, b), at(reach, b)],
        ],
        (false, false) => Vec::new(),
    }
}
