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
    let ppu = pixels_per_unit(chart);
    for i in 1..=9 {
        let r = r_level + step * i as f64;
        for part in train_ellipse(c, g, sq(r), view, ppu) {
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
    let ppu = pixels_per_unit(chart);
    for i in 1..=10 {
        let r = r_max * i as f64 / 10.0;
        let b = if flat { f64::INFINITY } else { r * sj };
        let circle = ellipse(star, r * si, b, 0.0, view, ppu);
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
    let parts = train_ellipse(c, g, plane.level(), view(chart), pixels_per_unit(chart));
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
/// view). The ellipse is sampled by its size on screen (`ppu` pixels a unit: each chord strays
/// at most a quarter of a pixel from the curve) and only its arcs in the view are kept, each
/// with the first point beyond the view at either end so that it runs to the frame.
fn ellipse(
    c: (f64, f64),
    a: f64,
    b: f64,
    angle: f64,
    view: (f64, f64, f64, f64),
    ppu: f64,
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
            // A chord of length s on a circle of radius r strays s^2 / (8 r) from it: a quarter
            // of a pixel for s = sqrt(2 r) pixels, so 2 pi r / s = pi sqrt(2 r) chords.
            let r_px = a.max(b) * ppu;
            let n = if r_px.is_finite() && r_px > 0.0 {
                (std::f64::consts::PI * (2.0 * r_px).sqrt()).ceil() as usize
            } else {
                16
            };
            let n = n.clamp(16, 400);
            let points: Vec<(f64, f64)> = (0..=n)
                .map(|i| {
                    let th = std::f64::consts::TAU * i as f64 / n as f64;
                    at(a * th.cos(), b * th.sin())
                })
                .collect();
            in_view(&points, view)
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

/// The runs of `points` (a closed curve: the last point is the first) inside `view`, each with
/// its neighbours outside it, so that it reaches the frame; the whole curve when it is all in.
fn in_view(points: &[(f64, f64)], view: (f64, f64, f64, f64)) -> Vec<Vec<(f64, f64)>> {
    let (x0, x1, y0, y1) = view;
    let inside = |p: &(f64, f64)| p.0 >= x0 && p.0 <= x1 && p.1 >= y0 && p.1 <= y1;
    let n = points.len();
    if points.iter().all(inside) {
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
mod tests {
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
