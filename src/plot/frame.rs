//! What frames a figure: its title, the axes and grid, tick labels, and for the plane figures
//! the projection onto the two coordinates shown and an equal-scale view of it.

use plotters::chart::MeshStyle;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::ticks::{self, Room, Ticks};
use super::window;
use super::{backend_err, font, px, Palette, PlotError, Scale, ScaleChart, Style};
use crate::fmt::beta_label;
use crate::outcome::{Outcome, Point, Trajectory};

/// A compact tick label: at most four significant digits, scientific notation when large or tiny.
pub fn tick(v: f64) -> String {
    let a = v.abs();
    if a == 0.0 {
        "0".into()
    } else if !(1e-3..1e5).contains(&a) {
        let s = format!("{v:.1e}");
        s.replace(".0e", "e")
    } else {
        let digits = (3 - a.log10().floor() as i32).clamp(0, 6) as usize;
        let s = format!("{v:.digits$}");
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s
        }
    }
}

/// Draws a centred title at the top of `area` and returns the height it takes; without
/// `style.titles`, draws nothing and returns the margin kept above the chart instead. (Plotters'
/// `caption` measures the text first, which in the browser forces a layout of the whole page;
/// the canvas centres text by itself.)
pub(crate) fn title<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    style: &Style,
    pal: &Palette,
) -> Result<u32, PlotError> {
    if !style.titles {
        return Ok(px(style, 8.0));
    }
    let (w, _) = area.dim_in_pixel();
    let font = font(style, 14.0, &pal.fg).pos(Pos::new(HPos::Center, VPos::Top));
    let top = px(style, 6.0) as i32;
    area.draw(&Text::new(text, (w as i32 / 2, top), font))
        .map_err(backend_err)?;
    Ok(px(style, 26.0))
}

/// The mesh every chart shares: grid lines without minor ones, the axes, and the label fonts.
/// Each chart adds its own label counts, formatters and descriptions.
pub(crate) fn mesh_style<'m, 'a, 'b, X, Y, DB>(
    mesh: &'m mut MeshStyle<'a, 'b, X, Y, DB>,
    pal: &'b Palette,
    style: &Style,
) -> &'m mut MeshStyle<'a, 'b, X, Y, DB>
where
    X: Ranged,
    Y: Ranged,
    DB: DrawingBackend,
{
    mesh.bold_line_style(pal.grid.stroke_width(px(style, 1.0)))
        .max_light_lines(0)
        .axis_style(pal.contour.stroke_width(px(style, 1.0)))
        .label_style(font(style, 11.0, &pal.fg))
        .axis_desc_style(font(style, 12.0, &pal.fg))
}

/// A range that contains `lo..hi`, padded, never empty: at least `1e-12` of its magnitude
/// (or 1 around 0) wide, which floats still resolve into pixels.
fn padded(lo: f64, hi: f64, pad: f64) -> (f64, f64) {
    let magnitude = lo.abs().max(hi.abs());
    let floor = if magnitude > 0.0 {
        1e-12 * magnitude
    } else {
        1.0
    };
    let span = (hi - lo).max(floor);
    let mid = 0.5 * lo + 0.5 * hi;
    let (lo, hi) = (lo.min(mid - 0.5 * span), hi.max(mid + 0.5 * span));
    (lo - pad * span, hi + pad * span)
}

/// The chart of a plane figure, in the plane's coordinates.
pub(crate) type PlaneChart<'a, DB> = ScaleChart<'a, DB>;

/// The view of a plane chart: `(x0, x1, y0, y1)`.
pub(crate) fn view<DB: DrawingBackend>(chart: &PlaneChart<'_, DB>) -> (f64, f64, f64, f64) {
    let (x, y) = (chart.x_range(), chart.y_range());
    (x.start, x.end, y.start, y.end)
}

/// A report seen in the plane the figures (a), (b), (c) show: coordinates `i` and `j` of `beta`
/// (either may be past `d` when `d = 1`, `plane=2,1`: that coordinate is then 0), with the
/// points they mark.
pub(crate) struct Plane<'r> {
    /// The report drawn.
    pub(crate) report: &'r Outcome,
    /// Its paths.
    pub(crate) traj: &'r Trajectory,
    /// The horizontal coordinate.
    pub(crate) i: usize,
    /// The vertical coordinate.
    pub(crate) j: usize,
    /// beta*.
    pub(crate) star: (f64, f64),
    /// Where gradient flow stops.
    pub(crate) gf_end: Option<(f64, f64)>,
    /// Where the annealed run stops.
    pub(crate) an_end: Option<(f64, f64)>,
    /// The level set's best point for the test loss.
    pub(crate) good: Option<(f64, f64)>,
    /// The level set's worst point for the test loss.
    pub(crate) bad: Option<(f64, f64)>,
}

/// A symmetric 2 x 2 quadratic form `[[a, b], [b, c]]`, stored as `[a, b, c]`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Form(pub(crate) [f64; 3]);

impl Form {
    /// `v^T H v` for `v = (x, y)`.
    pub(crate) fn at(&self, x: f64, y: f64) -> f64 {
        let [a, b, c] = self.0;
        a * x * x + 2.0 * b * x * y + c * y * y
    }

    /// Its eigenvalues (larger first) and the angle of the first one's eigenvector; the
    /// standard axes (angle 0, eigenvalues in the axes' order) when it is diagonal.
    pub(crate) fn axes(&self) -> (f64, f64, f64) {
        let [a, b, c] = self.0;
        if b == 0.0 {
            return (a, c, 0.0);
        }
        let mean = 0.5 * (a + c);
        let rad = (0.25 * (a - c) * (a - c) + b * b).sqrt();
        let angle = 0.5 * (2.0 * b).atan2(a - c);
        // A rank-one form (one sample) has a second eigenvalue of 0 up to rounding: flat, so its
        // level sets are pairs of lines.
        let low = mean - rad;
        let low = if low > 1e-12 * (mean + rad) { low } else { 0.0 };
        (mean + rad, low, angle)
    }

    /// The half-widths of the box around `{v^T H v = r}` (infinite along a flat direction).
    pub(crate) fn half_box(&self, r: f64) -> (f64, f64) {
        let [a, b, c] = self.0;
        let det = a * c - b * b;
        if b == 0.0 {
            let half = |g: f64| {
                if g > 0.0 {
                    (r / g).sqrt()
                } else {
                    f64::INFINITY
                }
            };
            return (half(a), half(c));
        }
        if det <= 1e-12 * (a * c).abs() {
            return (f64::INFINITY, f64::INFINITY);
        }
        ((r * c / det).sqrt(), (r * a / det).sqrt())
    }
}

/// Coordinates `i` and `j` of `b` (0 for a coordinate past its end).
fn project(b: &[f64], i: usize, j: usize) -> (f64, f64) {
    let at = |k: usize| b.get(k).copied().unwrap_or(0.0);
    (at(i), at(j))
}

impl<'r> Plane<'r> {
    /// The plane of `report`; fails without trajectories.
    pub(crate) fn new(report: &'r Outcome) -> Result<Plane<'r>, PlotError> {
        let traj = report.trajectory.as_ref().ok_or(PlotError::NoTrajectory)?;
        let (i, j) = report.plane;
        let xy = move |b: &[f64]| project(b, i, j);
        Ok(Plane {
            report,
            traj,
            i,
            j,
            star: xy(&report.params.beta),
            gf_end: report.gradient_flow.beta.as_deref().map(xy),
            an_end: report.annealed.beta.as_deref().map(xy),
            good: report.level_set.as_ref().map(|l| xy(&l.good_beta)),
            bad: report.level_set.as_ref().map(|l| xy(&l.bad_beta)),
        })
    }

    /// A point's position in the plane.
    pub(crate) fn xy(&self, p: &Point) -> (f64, f64) {
        project(&p.beta, self.i, self.j)
    }

    /// A path's positions in the plane.
    pub(crate) fn path<'p>(&self, path: &'p [Point]) -> impl Iterator<Item = (f64, f64)> + 'p {
        let (i, j) = (self.i, self.j);
        path.iter().map(move |p| project(&p.beta, i, j))
    }

    /// The end points and the level set's extremes, those that exist.
    pub(crate) fn marks(&self) -> impl Iterator<Item = (f64, f64)> {
        [self.gf_end, self.an_end, self.good, self.bad]
            .into_iter()
            .flatten()
    }

    /// The train loss's centre `c` and curvature matrix `H` in the plane (the slice through the
    /// centre): there it is `floor + (b - c)^T H (b - c)`. `H` is `diag(gamma_i, gamma_j)` for
    /// basis inputs and the `(i, j)` block of `Sigma_hat = V diag(gamma) V^T` for Gaussian ones.
    pub(crate) fn train_loss(&self) -> ((f64, f64), Form) {
        let q = &self.report.quadratic;
        let (i, j) = (self.i, self.j);
        let at = |k: usize| if k < q.d { k } else { usize::MAX };
        let c = q.from_eigen(&q.center);
        let get = |k: usize| if at(k) == usize::MAX { 0.0 } else { c[k] };
        let h = |r: usize, s: usize| -> f64 {
            if r >= q.d || s >= q.d {
                return 0.0;
            }
            if !q.rotated {
                return if r == s { q.gamma[r] } else { 0.0 };
            }
            (0..q.d)
                .map(|k| q.basis[r][k] * q.gamma[k] * q.basis[s][k])
                .sum()
        };
        ((get(i), get(j)), Form([h(i, i), h(i, j), h(j, j)]))
    }

    /// The test loss's curvature in the plane: `diag(lambda_i, lambda_j)` of the population
    /// covariance in the figures' coordinates (`1/d` each for basis inputs, `cov` for Gaussian).
    pub(crate) fn test_loss(&self) -> Form {
        let q = &self.report.quadratic;
        let var = |r: usize| -> f64 {
            if r >= q.d {
                return 0.0;
            }
            if !q.rotated {
                return q.lambda[r];
            }
            (0..q.d)
                .flat_map(|a| (0..q.d).map(move |b| (a, b)))
                .map(|(a, b)| q.basis[r][a] * q.pop[a][b] * q.basis[r][b])
                .sum()
        };
        Form([var(self.i), 0.0, var(self.j)])
    }

    /// The corners of the box around the level set's curve in the plane (of no width along a
    /// flat direction, where it is a pair of lines).
    pub(crate) fn level_box(&self) -> [(f64, f64); 2] {
        let (c, g) = self.train_loss();
        let finite = |h: f64| if h.is_finite() { h } else { 0.0 };
        let (hx, hy) = g.half_box(self.level());
        let (hx, hy) = (finite(hx), finite(hy));
        [(c.0 - hx, c.1 - hy), (c.0 + hx, c.1 + hy)]
    }

    /// The level set's excess over the floor, `eps - floor` (at least 0): on it the curvature
    /// terms of [`Plane::train_loss`] sum to this.
    pub(crate) fn level(&self) -> f64 {
        (self.report.params.eps - self.report.quadratic.floor).max(0.0)
    }

    /// Draws the title and the axes `β_i`, `β_j` with equal scales, fitted to the `core` points
    /// and those of `rest` within `reach` of them (see [`window::fit`]), padded by `pad` of
    /// their span, below a band `reserve_top` pixels high kept free at the top (for a legend;
    /// none when it would take half the plot), and returns the chart. The ticks read apart (see
    /// `ticks.rs`) and the label area on the left is as wide as the tick labels need beside the
    /// axis title.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn chart<'a, DB: DrawingBackend>(
        &self,
        area: &'a DrawingArea<DB, Shift>,
        heading: &str,
        core: &[(f64, f64)],
        rest: &[(f64, f64)],
        reach: f64,
        pad: f64,
        reserve_top: f64,
        style: &Style,
        pal: &Palette,
    ) -> Result<PlaneChart<'a, DB>, PlotError> {
        let (x0, x1, y0, y1) = window::fit(core, rest, reach).unwrap_or((-1.0, 1.0, -1.0, 1.0));
        let (x0, x1) = padded(x0, x1, pad);
        let (y0, y1) = padded(y0, y1, pad);
        let (w, h) = area.dim_in_pixel();
        let top = title(area, heading, style, pal)?;
        let (bottom, margin) = (px(style, 34.0), px(style, 8.0));
        let font = 11.0 * style.scale;
        // The view for a label area `left` pixels wide: the ranges, and the plot's size.
        let layout = |left: u32| {
            let pw = w.saturating_sub(left + 2 * margin).max(1) as f64;
            let ph = h.saturating_sub(bottom + top + margin).max(1) as f64;
            // The band kept free at the top (for a legend), when the plot has room for it.
            let reserve = if reserve_top < 0.5 * ph {
                reserve_top
            } else {
                0.0
            };
            let ph_fit = ph - reserve;
            let units_per_px = ((x1 - x0) / pw).max((y1 - y0) / ph_fit);
            let (cx, cy) = (0.5 * (x0 + x1), 0.5 * (y0 + y1));
            let (hw, hh) = (0.5 * units_per_px * pw, 0.5 * units_per_px * ph_fit);
            let above = reserve * units_per_px;
            ((cx - hw, cx + hw), (cy - hh, cy + hh + above), (pw, ph))
        };
        let y_room = |ph: f64| Room {
            length: ph,
            beyond: (0.6 * font, 0.6 * font),
            font,
            across: false,
            most: 6,
        };
        // Wide enough for the widest y label, right-aligned 10 pixels from the axis (plotters'
        // distance), and the rotated axis title at the area's left edge.
        let y_name = beta_label(self.j);
        let need = |t: &Ticks| {
            let title = 12.0 * style.scale * super::LINE_HEIGHT;
            (10.0 + t.widest(font) + 4.0 * style.scale + title).ceil() as u32
        };
        let mut left = px(style, 46.0);
        let (mut xr, mut yr, mut size) = layout(left);
        let mut y_ticks = ticks::linear(yr.0, yr.1, &y_name, &y_room(size.1));
        for _ in 0..3 {
            let wanted = need(&y_ticks).max(px(style, 46.0));
            if wanted <= left {
                break;
            }
            left = wanted;
            (xr, yr, size) = layout(left);
            y_ticks = ticks::linear(yr.0, yr.1, &y_name, &y_room(size.1));
        }
        let x_ticks = ticks::linear(
            xr.0,
            xr.1,
            &beta_label(self.i),
            &Room {
                length: size.0,
                beyond: (0.5 * left as f64, margin as f64),
                font,
                across: true,
                most: 6,
            },
        );

        let mut chart = ChartBuilder::on(area)
            .margin(margin)
            .margin_top(top)
            .x_label_area_size(bottom)
            .y_label_area_size(left)
            .build_cartesian_2d(
                Scale::linear_at(xr.0..xr.1, x_ticks.values()),
                Scale::linear_at(yr.0..yr.1, y_ticks.values()),
            )
            .map_err(backend_err)?;
        mesh_style(&mut chart.configure_mesh(), pal, style)
            .x_labels(x_ticks.marks.len().max(1))
            .y_labels(y_ticks.marks.len().max(1))
            .x_label_formatter(&|v| x_ticks.label(*v))
            .y_label_formatter(&|v| y_ticks.label(*v))
            .x_desc(x_ticks.title.clone())
            .y_desc(y_ticks.title.clone())
            .draw()
            .map_err(backend_err)?;
        Ok(chart)
    }
}

#[cfg(test)]
mod tests {
    use super::tick;

    #[test]
    fn ticks_are_compact() {
        assert_eq!(tick(0.0), "0");
        assert_eq!(tick(0.25), "0.25");
        assert_eq!(tick(1.0), "1");
        assert_eq!(tick(0.30000000000000004), "0.3");
        assert_eq!(tick(1234.5678), "1235");
        assert_eq!(tick(2e153), "2e153");
        assert_eq!(tick(-0.0001), "-1e-4");
    }
}
