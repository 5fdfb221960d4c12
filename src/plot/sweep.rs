//! The sweeps: the test loss at the stop against `lr`, `K` or `eps`, drawn from a computed
//! [`Sweep`] ([`crate::sweep`]) and the state's own stops ([`SweepRefs::of`] its outcome). Drawing
//! returns where it put each point ([`SweepHit`]), so the page maps a click to a swept value
//! without knowing the axes; a theme change or a resize redraws from the same data.

use plotters::coord::ranged1d::{AsRangedCoord, ValueFormatter};
use plotters::coord::Shift;
use plotters::prelude::*;
use serde::Serialize;

use super::{
    backend_err, font, mesh_style, px, tick, title, Around, Labels, Palette, PlotError, Rect,
    Scale, Style,
};
use crate::outcome::Outcome;
use crate::sweep::Sweep;

/// Size of a sweep chart in a standalone SVG.
pub const SWEEP_SIZE: (u32, u32) = (420, 300);

/// Reference values drawn on a sweep, in units of `eps`: the state's own stops and level set.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct SweepRefs {
    /// Gradient flow's test loss at the current params.
    pub gradient_flow: Option<f64>,
    /// The annealed run's test loss at the current params.
    pub annealed: Option<f64>,
    /// The smallest test loss on the level set `{L_hat = eps}` (the good point).
    pub good: Option<f64>,
    /// The largest (the bad point).
    pub bad: Option<f64>,
}

impl SweepRefs {
    /// The state's own test losses and its level set's extremes, over `eps`, from its outcome
    /// (nothing is run again).
    pub fn of(r: &Outcome) -> SweepRefs {
        let eps = r.params.eps;
        let over = |v: Option<f64>| v.map(|v| v / eps);
        SweepRefs {
            gradient_flow: over(r.gradient_flow.test_loss),
            annealed: over(r.annealed.test_loss),
            good: over(r.level_set.as_ref().map(|l| l.good_test_loss)),
            bad: over(r.level_set.as_ref().map(|l| l.bad_test_loss)),
        }
    }
}

/// Where a sweep chart put its points, in CSS pixels from the canvas's top left (backend pixels
/// divided by the style's scale): the page maps a pointer to the nearest point with it.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct SweepHit {
    /// x of each swept value.
    pub x: Vec<f64>,
    /// y of gradient flow's point (`None` where it has none).
    pub gradient_flow: Vec<Option<f64>>,
    /// y of the annealed run's point.
    pub annealed: Vec<Option<f64>>,
    /// The plotting area: left, top, right, bottom.
    pub plot: [f64; 4],
}

/// The axis's name and what its title says.
fn axis_text(axis: &str) -> (&'static str, &'static str) {
    match axis {
        "lr" => (
            "large learning rate η (log scale)",
            "Against the large learning rate η",
        ),
        "k" => ("large steps K", "Against the number of large steps K"),
        _ => (
            "stop at train loss ε (log scale)",
            "Against the stopping train loss ε",
        ),
    }
}

/// Tick values for a log axis over `lo..hi`: 1, 2 and 5 times the powers of ten, or only the
/// powers of ten when that would make more than eight ticks.
pub fn log_ticks(lo: f64, hi: f64) -> Vec<f64> {
    let ticks = |mults: &[f64]| -> Vec<f64> {
        let mut out = Vec::new();
        let mut e = lo.log10().floor() as i32;
        while 10f64.powi(e) <= hi * (1.0 + 1e-12) {
            for m in mults {
                // Rounded through a string, so that 0.2 reads 0.2 and not 0.20000000000000004.
                let v: f64 = format!("{:.12e}", m * 10f64.powi(e)).parse().unwrap_or(0.0);
                if v >= lo * (1.0 - 1e-12) && v <= hi * (1.0 + 1e-12) {
                    out.push(v);
                }
            }
            e += 1;
        }
        out
    };
    let dense = ticks(&[1.0, 2.0, 5.0]);
    if dense.len() <= 8 {
        dense
    } else {
        ticks(&[1.0])
    }
}

/// Draws a sweep onto `area` (which it fills): gradient flow and the annealed run's test loss at
/// the stop over `eps`, the marks (dashed), the level set's good and bad values (dotted) and the
/// current value (a vertical line with both runs' points).
pub fn draw_sweep<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    sweep: &Sweep,
    refs: &SweepRefs,
    style: &Style,
) -> Result<SweepHit, PlotError> {
    let pal = Palette::new(style.dark);
    area.fill(&pal.bg).map_err(backend_err)?;
    let first = sweep.values.first().copied().unwrap_or(0.0);
    let last = sweep.values.last().copied().unwrap_or(1.0);
    if sweep.log {
        let (lo, hi) = (first.max(f64::MIN_POSITIVE), last.max(first * 1.0001));
        let ticks = log_ticks(lo, hi);
        let x = Scale::LogKeys((lo..hi).log_scale().with_key_points(ticks));
        sweep_chart(area, x, sweep, refs, style, &pal)
    } else {
        let hi = if last > first { last } else { first + 1.0 };
        let x = Scale::linear(first..hi);
        sweep_chart(area, x, sweep, refs, style, &pal)
    }
}

fn sweep_chart<DB, X>(
    area: &DrawingArea<DB, Shift>,
    x_spec: X,
    sweep: &Sweep,
    refs: &SweepRefs,
    style: &Style,
    pal: &Palette,
) -> Result<SweepHit, PlotError>
where
    DB: DrawingBackend,
    X: AsRangedCoord<Value = f64>,
    X::CoordDescType: ValueFormatter<f64>,
{
    let (x_desc, heading) = axis_text(sweep.axis);
    // The y range holds every point, the current ones and the level set's bad value.
    let top = sweep
        .gradient_flow
        .iter()
        .chain(&sweep.annealed)
        .flatten()
        .chain(
            [refs.gradient_flow, refs.annealed, refs.bad]
                .iter()
                .flatten(),
        )
        .copied()
        .filter(|v| v.is_finite())
        .fold(0.0f64, f64::max);
    let y_hi = if top > 0.0 { top * 1.18 } else { 1.0 };
    let clamp = |v: f64| v.clamp(0.0, y_hi);

    let title_height = title(area, heading, style, pal)?;
    let mut chart = ChartBuilder::on(area)
        .margin(px(style, 8.0))
        .margin_top(title_height + px(style, 14.0))
        .margin_right(px(style, 14.0))
        .x_label_area_size(px(style, 36.0))
        .y_label_area_size(px(style, 44.0))
        .build_cartesian_2d(x_spec, Scale::linear(0.0..y_hi))
        .map_err(backend_err)?;
    mesh_style(&mut chart.configure_mesh(), pal, style)
        .x_labels(6)
        .y_labels(5)
        .x_label_formatter(&|v| tick(*v))
        .y_label_formatter(&|v| tick(*v))
        .x_desc(x_desc)
        .y_desc("test loss / ε")
        .draw()
        .map_err(backend_err)?;

    let (x0, x1) = (
        sweep.values.first().copied().unwrap_or(0.0),
        sweep.values.last().copied().unwrap_or(1.0),
    );
    let inside = |v: f64| v >= x0.min(x1) && v <= x0.max(x1);
    let gap = px(style, 2.0) as f64;
    let mut labels = Labels::in_chart(&chart, gap);
    // What is labelled, placed once everything is drawn: (text, point, font size, colour).
    let mut names: Vec<(&str, (f64, f64), f64, RGBColor)> = Vec::new();
    // Bands: where the annealed run has no stop (diverged, or never reaches eps), in the bad
    // colour; where both stop but not both at train loss eps (not the paper's like-for-like
    // comparison), grey.
    let no_stop = pal.bad.mix(if style.dark { 0.16 } else { 0.12 });
    let unlike = pal.fg.mix(if style.dark { 0.14 } else { 0.09 });
    let kinds: Vec<Option<Band>> = (0..sweep.values.len())
        .map(|i| match (sweep.annealed[i], sweep.comparable[i]) {
            (None, _) => Some(Band::NoStop),
            (Some(_), false) => Some(Band::Unlike),
            (Some(_), true) => None,
        })
        .collect();
    for (kind, range) in runs(&kinds) {
        let (a, b) = (
            sweep.values[range.start.saturating_sub(1)],
            sweep.values[range.end.min(sweep.values.len() - 1)],
        );
        let (color, text) = match kind {
            Band::NoStop => (no_stop, "no stop"),
            Band::Unlike => (unlike, "below ε"),
        };
        chart
            .draw_series([Rectangle::new([(a, 0.0), (b, y_hi)], color.filled())])
            .map_err(backend_err)?;
        names.push((text, (b, y_hi), 10.0, pal.fg));
    }

    // The level set's extremes (dotted, labelled at their right end).
    for (v, color, label) in [(refs.good, pal.good, "good"), (refs.bad, pal.bad, "bad")] {
        if let Some(v) = v.filter(|v| v.is_finite() && *v <= y_hi) {
            chart
                .draw_series(DashedLineSeries::new(
                    [(x0, v), (x1, v)],
                    px(style, 2.0),
                    px(style, 4.0),
                    color.stroke_width(px(style, 2.0)),
                ))
                .map_err(backend_err)?;
            labels.chart_path(&chart, [(x0, v), (x1, v)]);
            names.push((label, (x1, v), 10.0, color));
        }
    }

    // Marks: dashed verticals. Labelled, above the plot, are the first (1/γ_max) and the largest
    // one.
    let largest = sweep
        .marks
        .iter()
        .map(|m| m.value)
        .fold(f64::NEG_INFINITY, f64::max);
    let mut labelled: Vec<(f64, String)> = Vec::new();
    for (j, m) in sweep.marks.iter().enumerate() {
        if !inside(m.value) {
            continue;
        }
        chart
            .draw_series(DashedLineSeries::new(
                [(m.value, 0.0), (m.value, y_hi)],
                px(style, 5.0),
                px(style, 4.0),
                pal.fg.mix(0.55).stroke_width(px(style, 1.0)),
            ))
            .map_err(backend_err)?;
        labels.chart_path(&chart, [(m.value, 0.0), (m.value, y_hi)]);
        if j == 0 || (m.value == largest && sweep.marks.len() > 1) {
            labelled.push((m.value, m.symbol.clone()));
        }
    }

    // The current value.
    if inside(sweep.current) {
        chart
            .draw_series(LineSeries::new(
                [(sweep.current, 0.0), (sweep.current, y_hi)],
                pal.fg.mix(0.6).stroke_width(px(style, 1.5)),
            ))
            .map_err(backend_err)?;
        labels.chart_path(&chart, [(sweep.current, 0.0), (sweep.current, y_hi)]);
    }

    // The two curves, broken where a run has no stop.
    for (series, color, width) in [
        (&sweep.gradient_flow, pal.gf, 3.0),
        (&sweep.annealed, pal.an, 2.5),
    ] {
        let line = color.stroke_width(px(style, width));
        let mut run: Vec<(f64, f64)> = Vec::new();
        for (v, y) in sweep.values.iter().zip(series.iter()) {
            match y {
                Some(y) if y.is_finite() => run.push((*v, clamp(*y))),
                _ => {
                    if !run.is_empty() {
                        labels.chart_path(&chart, run.iter().copied());
                        chart
                            .draw_series(LineSeries::new(std::mem::take(&mut run), line))
                            .map_err(backend_err)?;
                    }
                }
            }
        }
        labels.chart_path(&chart, run.iter().copied());
        if run.len() == 1 {
            let s = px(style, 2.0) as i32;
            chart
                .draw_series([EmptyElement::at(run[0]) + Circle::new((0, 0), s, color.filled())])
                .map_err(backend_err)?;
        } else if !run.is_empty() {
            chart
                .draw_series(LineSeries::new(run, line))
                .map_err(backend_err)?;
        }
    }
    // The current runs' stops: ● gradient flow, ■ annealed (as in Figure 1).
    if inside(sweep.current) {
        let r = px(style, 4.5) as i32;
        let ring = pal.bg.stroke_width(px(style, 1.5));
        if let Some(y) = refs.gradient_flow.filter(|v| v.is_finite()) {
            let at = (sweep.current, clamp(y));
            chart
                .draw_series([
                    EmptyElement::at(at) + Circle::new((0, 0), r, pal.gf.filled()),
                    EmptyElement::at(at) + Circle::new((0, 0), r, ring),
                ])
                .map_err(backend_err)?;
            labels.mark(chart.backend_coord(&at), r + 1);
        }
        if let Some(y) = refs.annealed.filter(|v| v.is_finite()) {
            let at = (sweep.current, clamp(y));
            chart
                .draw_series([
                    EmptyElement::at(at) + Rectangle::new([(-r, -r), (r, r)], pal.an.filled()),
                    EmptyElement::at(at) + Rectangle::new([(-r, -r), (r, r)], ring),
                ])
                .map_err(backend_err)?;
            labels.mark(chart.backend_coord(&at), r + 1);
        }
    }

    // The labels, where they cover nothing drawn: in the plot, then the marks' above it.
    let plot = chart.plotting_area().strip_coord_spec();
    for (text, p, size, color) in names {
        labels.draw(
            &plot,
            chart.backend_coord(&p),
            0,
            text,
            font(style, size, &color),
            size * style.scale,
            Around::Point,
        )?;
    }
    let (bx, by) = area.get_base_pixel();
    let (w, _) = area.dim_in_pixel();
    let plot_top = labels.bounds().y0;
    let mut above = Labels::new(
        Rect {
            x0: bx as f64,
            y0: (by as u32 + title_height) as f64,
            x1: (bx as u32 + w) as f64,
            y1: plot_top,
        },
        gap,
    );
    for (value, label) in &labelled {
        let (x, _) = chart.backend_coord(&(*value, y_hi));
        above.draw(
            area,
            (x, plot_top as i32),
            px(style, 3.0) as i32,
            label,
            font(style, 11.0, &pal.fg),
            11.0 * style.scale,
            Around::Above,
        )?;
    }

    // Where everything went, for the page's pointer.
    let s = style.scale;
    let at = |x: f64, y: f64| {
        let (px, py) = chart.backend_coord(&(x, y));
        (px as f64 / s, py as f64 / s)
    };
    let (xr, yr) = chart.plotting_area().get_pixel_range();
    let mut hit = SweepHit {
        plot: [
            xr.start as f64 / s,
            yr.start as f64 / s,
            xr.end as f64 / s,
            yr.end as f64 / s,
        ],
        ..SweepHit::default()
    };
    for (i, &v) in sweep.values.iter().enumerate() {
        hit.x.push(at(v, 0.0).0);
        let y = |series: &[Option<f64>]| {
            series[i]
                .filter(|y| y.is_finite())
                .map(|y| at(v, clamp(y)).1)
        };
        hit.gradient_flow.push(y(&sweep.gradient_flow));
        hit.annealed.push(y(&sweep.annealed));
    }
    Ok(hit)
}

/// What a band of a sweep shades.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Band {
    /// The annealed run has no stop.
    NoStop,
    /// Both stop, not both at train loss eps.
    Unlike,
}

/// The runs of equal `Some` kinds in `kinds`, as index ranges.
fn runs(kinds: &[Option<Band>]) -> Vec<(Band, std::ops::Range<usize>)> {
    let mut out: Vec<(Band, std::ops::Range<usize>)> = Vec::new();
    for (i, k) in kinds.iter().enumerate() {
        match (k, out.last_mut()) {
            (Some(k), Some((last, r))) if last == k && r.end == i => r.end = i + 1,
            (Some(k), _) => out.push((*k, i..i + 1)),
            (None, _) => {}
        }
    }
    out
}

/// A sweep as a standalone SVG document ([`SWEEP_SIZE`]), with where its points were drawn.
pub fn sweep_svg(
    sweep: &Sweep,
    refs: &SweepRefs,
    dark: bool,
) -> Result<(String, SweepHit), PlotError> {
    let mut out = String::new();
    let hit = {
        let root = SVGBackend::with_string(&mut out, SWEEP_SIZE).into_drawing_area();
        let style = Style {
            dark,
            ..Style::default()
        };
        let hit = draw_sweep(&root, sweep, refs, &style)?;
        root.present().map_err(backend_err)?;
        hit
    };
    Ok((out, hit))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcome::simulate;
    use crate::params::Params;
    use crate::sweep::{sweep, Axis};

    /// A sweep and where it was drawn, as the page gets them.
    struct Drawn {
        sweep: Sweep,
        hit: SweepHit,
    }

    fn drawn(params: &Params, axis: Axis, points: usize, dark: bool) -> (String, Drawn) {
        let s = sweep(params, axis, points);
        let refs = SweepRefs::of(&simulate(params, false));
        let (svg, hit) = sweep_svg(&s, &refs, dark).unwrap();
        (svg, Drawn { sweep: s, hit })
    }

    #[test]
    fn log_ticks_are_round() {
        assert_eq!(log_ticks(0.015, 4.5), [0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0]);
        assert_eq!(
            log_ticks(1e-5, 10.0),
            [1e-5, 1e-4, 1e-3, 1e-2, 0.1, 1.0, 10.0]
        );
        assert_eq!(log_ticks(0.3, 0.4), Vec::<f64>::new());
    }

    #[test]
    fn sweep_svg_has_a_point_per_value_and_a_hit_per_point() {
        let params = Params::default();
        for (axis, points) in [(Axis::Lr, 120), (Axis::K, 40), (Axis::Eps, 80)] {
            let (svg, view) = drawn(&params, axis, points, false);
            let n = view.sweep.values.len();
            assert!(n >= 20, "{axis:?}: {n} values");
            assert_eq!(view.hit.x.len(), n);
            assert_eq!(view.hit.gradient_flow.len(), n);
            assert_eq!(view.hit.annealed.len(), n);
            // x pixels increase and stay inside the plotting area.
            let [l, t, r, b] = view.hit.plot;
            assert!(l < r && t < b);
            for w in view.hit.x.windows(2) {
                assert!(w[0] <= w[1], "{axis:?}: x not increasing");
            }
            for &x in &view.hit.x {
                assert!(
                    x >= l - 0.5 && x <= r + 0.5,
                    "{axis:?}: {x} outside {l}..{r}"
                );
            }
            for y in view
                .hit
                .annealed
                .iter()
                .chain(&view.hit.gradient_flow)
                .flatten()
            {
                assert!(*y >= t - 0.5 && *y <= b + 0.5);
            }
            // Gradient flow is defined everywhere here: one unbroken line of n points.
            assert!(view.sweep.gradient_flow.iter().all(Option::is_some));
            let polylines: Vec<&str> = svg.split("<polyline").skip(1).collect();
            let max_points = polylines
                .iter()
                .map(|p| {
                    let pts = p.split("points=\"").nth(1).unwrap_or("");
                    pts.split('"')
                        .next()
                        .unwrap_or("")
                        .split_whitespace()
                        .count()
                })
                .max()
                .unwrap_or(0);
            assert_eq!(
                max_points, n,
                "{axis:?}: the longest polyline is gradient flow's"
            );
            assert!(svg.contains("test loss / ε"));
        }
    }

    #[test]
    fn lr_sweep_marks_and_labels() {
        let params = Params::default();
        let (svg, view) = drawn(&params, Axis::Lr, 100, true);
        let symbols: Vec<&str> = view.sweep.marks.iter().map(|m| m.symbol.as_str()).collect();
        assert_eq!(symbols, ["1/γₘₐₓ", "1/γ₂"]);
        assert_eq!(view.sweep.marks[1].note, "direction 2 becomes unstable");
        assert!(svg.contains("1/γₘₐₓ") && svg.contains("1/γ₂"));
        // Up to 1.5/γ_min the 4 large steps grow but do not overflow: every run stops.
        assert!(view.sweep.annealed.iter().all(Option::is_some));
        assert!(!svg.contains("no stop"));
        // Below the reachable train loss (label noise), no run stops: one band, no hit points.
        let noisy = Params::from_query("preset=paper&noise=0.3&eps=0.05").params;
        let (svg, view) = drawn(&noisy, Axis::Eps, 60, false);
        let missing = view.sweep.annealed.iter().filter(|a| a.is_none()).count();
        assert!(missing > 0 && missing < 60, "{missing}");
        assert!(svg.contains("no stop"));
        assert_eq!(
            view.hit.annealed.iter().filter(|a| a.is_none()).count(),
            missing
        );
    }
}
