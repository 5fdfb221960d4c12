//! Level sets, drawn exactly from their parametric form: the train loss's ellipses (a pair of
//! lines when a coordinate is unobserved) and the test loss's circles around beta*.

use plotters::prelude::*;

use super::frame::{view, Form, Plane, PlaneChart};
use super::labels::Labels;
use super::legend::Legend;
use super::window::drawable;
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
    let ppu = pixels_per_unit(chart);
    for i in 1..=9 {
        let r = r_level + step * i as f64;
        for part in train_ellipse(c, g, sq(r), view, ppu) {
            for part in drawable(part, view) {
                chart
                    .draw_series(LineSeries::new(part, thin))
                    .map_err(backend_err)?;
            }
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
    let ppu = pixels_per_unit(chart);
    for i in 1..=10 {
        let r = r_max * i as f64 / 10.0;
        let b = if flat { f64::INFINITY } else { r * sj };
        let circle = ellipse(star, r * si, b, 0.0, view, ppu);
        for part in circle.into_iter().flat_map(|p| drawable(p, view)) {
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
    let view = view(chart);
    let parts: Vec<Vec<(f64, f64)>> =
        train_ellipse(c, g, plane.level(), view, pixels_per_unit(chart))
            .into_iter()
            .flat_map(|p| drawable(p, view))
            .collect();
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

/// The backend pixels one unit of the plane takes (the plane charts have equal scales).
fn pixels_per_unit<DB: DrawingBackend>(chart: &PlaneChart<'_, DB>) -> f64 {
    let (x0, x1, _, _) = view(chart);
    let (w, _) = chart.plotting_area().dim_in_pixel();
    if x1 > x0 {
        w as f64 / (x1 - x0)
    } else {
        1.0
    }
}

/// The chords a curve of radius `r_px` pixels is drawn with over an angle `span` (radians): a
/// chord of length `s` strays `s^2 / (8 r)` from the curve, a quarter of a pixel for
/// `s = sqrt(2 r)`, so `span sqrt(r / 2)` chords (at least `least`, at most 400 a turn).
fn chords(r_px: f64, span: f64, least: usize) -> usize {
    let turn = if r_px.is_finite() && r_px > 0.0 {
        (std::f64::consts::PI * (2.0 * r_px).sqrt()).min(400.0)
    } else {
        16.0
    };
    ((turn * span / std::f64::consts::TAU).ceil() as usize).max(least)
}

/// The curve `(v - c)^T H (v - c) = r` within the view: an ellipse (tilted when `H` is not
/// diagonal), or two lines when one curvature is zero, or nothing.
fn train_ellipse(
    c: (f64, f64),
    h: Form,
    r: f64,
    view: (f64, f64, f64, f64),
    ppu: f64,
) -> Vec<Vec<(f64, f64)>> {
    let (g1, g2, angle) = h.axes();
    let axis = |gi: f64| {
        if gi > 0.0 {
            (r / gi).sqrt()
        } else {
            f64::INFINITY
        }
    };
    ellipse(c, axis(g1), axis(g2), angle, view, ppu)
}

/// An ellipse with semi-axes `a`, `b` around `c`, its first axis at `angle` to the horizontal;
/// an infinite semi-axis gives the pair of lines it degenerates to (long enough to cross the
/// view). It is sampled by its size on screen (`ppu` pixels a unit: [`chords`]) and only its
/// arcs in the view are kept, each running to the frame. A larger one than [`WHOLE`] times the
/// view's reach from `c` is drawn by its arcs found exactly where it crosses the view, and a
/// semi-axis beyond [`LINES`] times the view's reach from `c` is drawn as infinite: within the
/// view the curve then lies within `b (reach / a)^2 / 2 < 1e-12 b` of its two lines.
fn ellipse(
    c: (f64, f64),
    a: f64,
    b: f64,
    angle: f64,
    view: (f64, f64, f64, f64),
    ppu: f64,
) -> Vec<Vec<(f64, f64)>> {
    let (x0, x1, y0, y1) = view;
    // How far a line through the view's corners reaches from c.
    let reach = [(x0, y0), (x0, y1), (x1, y0), (x1, y1)]
        .iter()
        .map(|&(x, y)| (sq(x - c.0) + sq(y - c.1)).sqrt())
        .fold(0.0, f64::max);
    let flat = |s: f64| if s > LINES * reach { f64::INFINITY } else { s };
    let (a, b) = (flat(a), flat(b));
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
    match (a.is_finite(), b.is_finite()) {
        // One the size of the view: sampled whole, then its arcs in the view.
        (true, true) if a.max(b) <= WHOLE * reach => {
            let n = chords(a.max(b) * ppu, std::f64::consts::TAU, 16);
            let points: Vec<(f64, f64)> = (0..=n)
                .map(|i| {
                    let th = std::f64::consts::TAU * i as f64 / n as f64;
                    at(a * th.cos(), b * th.sin())
                })
                .collect();
            in_view(&points, view)
        }
        (true, true) => arcs(
            c,
            (a * cos, -b * sin),
            (a * sin, b * cos),
            view,
            a.max(b) * ppu,
        ),
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

/// A semi-axis longer than this many times the view's reach is drawn as infinite.
const LINES: f64 = 1e6;
/// An ellipse whose semi-axes are at most this many times the view's reach is drawn whole.
const WHOLE: f64 = 4.0;

/// The arcs inside `view` (grown by 2% a side) of the ellipse
/// `(x, y) = c + (xc cos t + xs sin t, yc cos t + ys sin t)`: split where it crosses the
/// view's edges (`A cos t + B sin t = k` at `t = phi +- acos(k / rho)`), each arc inside
/// sampled finely.
fn arcs(
    c: (f64, f64),
    (xc, xs): (f64, f64),
    (yc, ys): (f64, f64),
    view: (f64, f64, f64, f64),
    r_px: f64,
) -> Vec<Vec<(f64, f64)>> {
    use std::f64::consts::TAU;
    let (x0, x1, y0, y1) = view;
    let (gx, gy) = (0.02 * (x1 - x0), 0.02 * (y1 - y0));
    let (x0, x1, y0, y1) = (x0 - gx, x1 + gx, y0 - gy, y1 + gy);
    let point = |t: f64| {
        (
            c.0 + xc * t.cos() + xs * t.sin(),
            c.1 + yc * t.cos() + ys * t.sin(),
        )
    };
    let mut cuts = vec![0.0, TAU];
    for (a, b, k) in [
        (xc, xs, x0 - c.0),
        (xc, xs, x1 - c.0),
        (yc, ys, y0 - c.1),
        (yc, ys, y1 - c.1),
    ] {
        let rho = a.hypot(b);
        if rho > 0.0 && k.abs() <= rho {
            let phi = b.atan2(a);
            let d = (k / rho).acos();
            cuts.extend([phi + d, phi - d].map(|t| t.rem_euclid(TAU)));
        }
    }
    cuts.sort_by(f64::total_cmp);
    let inside = |(x, y): (f64, f64)| x >= x0 && x <= x1 && y >= y0 && y <= y1;
    let mut out: Vec<Vec<(f64, f64)>> = Vec::new();
    for w in cuts.windows(2) {
        let (t0, t1) = (w[0], w[1]);
        if t1 <= t0 || !inside(point(0.5 * (t0 + t1))) {
            continue;
        }
        let n = chords(r_px, t1 - t0, 8);
        let arc = (0..=n).map(|i| point(t0 + (t1 - t0) * i as f64 / n as f64));
        // Joined to the arc before when they meet (the ellipse's start at t = 0).
        match out.last_mut() {
            Some(last) if last.last().is_some_and(|&p| p == point(t0)) => last.extend(arc.skip(1)),
            _ => out.push(arc.collect()),
        }
    }
    // The last arc ends at t = 2 pi where the first begins: one curve.
    if out.len() > 1 && cuts.first() == Some(&0.0) {
        let first_at_zero = out[0].first() == Some(&point(0.0));
        let last_at_tau = out.last().and_then(|l| l.last()) == Some(&point(TAU));
        if first_at_zero && last_at_tau {
            let first = out.remove(0);
            if let Some(last) = out.last_mut() {
                last.extend(first.into_iter().skip(1));
            }
        }
    }
    out
}

/// The runs of `points` (a closed curve: the last point is the first) inside `view`, each with
/// its neighbours outside it, so that it reaches the frame; the whole curve when it is all in.
fn in_view(points: &[(f64, f64)], view: (f64, f64, f64, f64)) -> Vec<Vec<(f64, f64)>> {
    let inside = |p: &(f64, f64)| super::window::inside(view, *p);
    let n = points.len();
    if n < 2 || points.iter().all(inside) {
        return vec![points.to_vec()];
    }
    // Start the walk at a point outside, so no run is cut in two at the seam.
    let Some(start) = points.iter().position(|p| !inside(p)) else {
        return vec![points.to_vec()];
    };
    let at = |k: usize| points[(start + k) % (n - 1)];
    let mut runs: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut run: Vec<(f64, f64)> = Vec::new();
    for k in 0..n {
        let p = at(k);
        if inside(&p) {
            if run.is_empty() && k > 0 {
                run.push(at(k - 1));
            }
            run.push(p);
        } else if !run.is_empty() {
            run.push(p);
            runs.push(std::mem::take(&mut run));
        }
    }
    if !run.is_empty() {
        runs.push(run);
    }
    runs
}

#[cfg(test)]
mod sampled {
    use super::*;

    #[test]
    fn an_ellipse_keeps_only_its_arcs_in_view_sampled_by_its_size() {
        // A circle of radius 1 around 0, 100 pixels a unit, all in view: pi sqrt(200) chords.
        let all = ellipse((0.0, 0.0), 1.0, 1.0, 0.0, (-2.0, 2.0, -2.0, 2.0), 100.0);
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].len(), 46, "45 chords and the closing point");
        // Half of it in view (x >= 0): one arc, from just below the axis to just above.
        let half = ellipse((0.0, 0.0), 1.0, 1.0, 0.0, (0.0, 2.0, -2.0, 2.0), 100.0);
        assert_eq!(half.len(), 1);
        let arc = &half[0];
        assert!(
            arc.first().unwrap().0 < 0.0 && arc.last().unwrap().0 < 0.0,
            "{arc:?}"
        );
        assert!(arc[1..arc.len() - 1].iter().all(|p| p.0 >= 0.0));
        // Out of view: nothing.
        assert!(ellipse((0.0, 0.0), 1.0, 1.0, 0.0, (5.0, 6.0, 5.0, 6.0), 100.0).is_empty());
    }
}
