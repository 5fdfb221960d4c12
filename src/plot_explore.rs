//! The "beyond Figure 1" panels: sweeps of the test loss at the stop against `lr`, `K` or `eps`,
//! and the Monte Carlo histogram of the ratio behind Proposition 1's "probability 3/4". Like
//! [`crate::plot`], every drawing is generic over plotters' `DrawingBackend` (a canvas in the
//! browser, an SVG string natively) and computes nothing but geometry; the numbers come from
//! [`crate::sweep`] and [`crate::montecarlo`].
//!
//! The drawing functions return where they put each point ([`SweepHit`]), so the page can map a
//! click to a swept value without knowing the axes.

use plotters::coord::ranged1d::{AsRangedCoord, ValueFormatter};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use serde::Serialize;

use crate::montecarlo::{Exact, Summary, THRESHOLD};
use crate::params::Params;
use crate::plot::{
    backend_err, font, mesh_style, px, tick, title, Around, Labels, Palette, PlotError, Rect,
    Scale, Style,
};
use crate::report::run;
use crate::sweep::{sweep, Axis, Sweep};

/// Size of a sweep chart in a standalone SVG.
pub const SWEEP_SIZE: (u32, u32) = (420, 300);
/// Size of the histogram in a standalone SVG.
pub const HISTOGRAM_SIZE: (u32, u32) = (640, 300);

// ---- view models ----------------------------------------------------------------------------

/// Reference values drawn on a sweep, in units of `eps`, from one run of the current params.
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
    /// The current run's test losses and the level set's extremes, over `eps`.
    pub fn of(params: &Params) -> SweepRefs {
        let r = run(params, Vec::new(), false);
        let eps = params.eps();
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

/// A sweep with its drawing's geometry, as the page receives it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct SweepView {
    /// The numbers (as `sweep::sweep` returns them).
    pub sweep: Sweep,
    /// Where they were drawn.
    pub hit: SweepHit,
}

/// One count pattern as the page's table shows it.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct PatternView {
    /// Samples per coordinate.
    pub counts: Vec<usize>,
    /// Its probability.
    pub probability: f64,
    /// The same as a fraction (`3/8`) when it is a small one.
    pub fraction: Option<String>,
    /// Gradient flow over annealed test loss.
    pub ratio: Option<f64>,
    /// Whether annealing helps: `ratio >= THRESHOLD`.
    pub helps: bool,
}

/// The exact probability as the probability panel shows it.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct ExactView {
    /// `P(ratio >= THRESHOLD)`.
    pub probability: f64,
    /// The same as a fraction (`3/4`) when it is a small one.
    pub fraction: Option<String>,
    /// The threshold on the ratio.
    pub threshold: f64,
    /// How many count patterns there are.
    pub pattern_count: u64,
    /// The most likely patterns.
    pub patterns: Vec<PatternView>,
    /// The mean ratio over the draws where annealing helps (the patterns' probability-weighted
    /// mean), when every pattern is listed and some helps: "twice as bad" for the paper.
    pub ratio_when_helps: Option<f64>,
}

fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

/// `p` as a reduced fraction when it is one with denominator `d^n` (every probability over
/// count patterns of `n` uniform draws from `d` coordinates is) and the reduced denominator is at
/// most 10,000; `None` otherwise.
pub fn fraction(p: f64, n: usize, d: usize) -> Option<String> {
    let total = (d as f64).powi(n as i32);
    if !(p.is_finite() && (0.0..=1.0).contains(&p)) || total > 1e12 {
        return None;
    }
    let k = (p * total).round();
    if (p * total - k).abs() > 1e-6 * total.max(1.0).sqrt() {
        return None;
    }
    let (k, total) = (k as u64, total as u64);
    if k == 0 || k == total {
        return Some(if k == 0 { "0" } else { "1" }.into());
    }
    let g = gcd(k, total);
    let (num, den) = (k / g, total / g);
    (den <= 10_000).then(|| format!("{num}/{den}"))
}

/// The panel's view of an exact enumeration for `n` samples over `d` coordinates.
pub fn exact_view(exact: &Exact, n: usize, d: usize) -> ExactView {
    let patterns: Vec<PatternView> = exact
        .patterns
        .iter()
        .map(|p| PatternView {
            counts: p.counts.clone(),
            probability: p.probability,
            fraction: fraction(p.probability, n, d),
            ratio: p.ratio,
            helps: p.ratio.is_some_and(|r| r >= THRESHOLD),
        })
        .collect();
    let complete = patterns.len() as u64 == exact.pattern_count;
    let (mass, weighted) = patterns
        .iter()
        .filter(|p| p.helps)
        .fold((0.0, 0.0), |(m, w), p| {
            (
                m + p.probability,
                w + p.probability * p.ratio.unwrap_or(0.0),
            )
        });
    ExactView {
        probability: exact.probability,
        fraction: fraction(exact.probability, n, d),
        threshold: THRESHOLD,
        pattern_count: exact.pattern_count,
        patterns,
        ratio_when_helps: (complete && mass > 0.0).then(|| weighted / mass),
    }
}

// ---- sweeps ---------------------------------------------------------------------------------

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

/// Sweeps `axis` for `params` and draws it: the page's one call per chart.
pub fn sweep_view<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    params: &Params,
    axis: Axis,
    points: usize,
    style: &Style,
) -> Result<SweepView, PlotError> {
    let s = sweep(params, axis, points);
    let hit = draw_sweep(area, &s, &SweepRefs::of(params), style)?;
    Ok(SweepView { sweep: s, hit })
}

/// A sweep as a standalone SVG document (with its geometry).
pub fn sweep_svg(
    params: &Params,
    axis: Axis,
    points: usize,
    dark: bool,
) -> Result<(String, SweepView), PlotError> {
    let mut out = String::new();
    let view = {
        let root = SVGBackend::with_string(&mut out, SWEEP_SIZE).into_drawing_area();
        let style = Style {
            dark,
            ..Style::default()
        };
        let view = sweep_view(&root, params, axis, points, &style)?;
        root.present().map_err(backend_err)?;
        view
    };
    Ok((out, view))
}

// ---- the histogram --------------------------------------------------------------------------

/// Draws the histogram of the ratio (share of all draws per bin, so bars sum to the defined
/// share): bins at or beyond the threshold in the "good" colour, the others grey, ratios beyond
/// the last bin in one bar at its right, the threshold as a dashed line.
pub fn draw_histogram<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    summary: &Summary,
    style: &Style,
) -> Result<(), PlotError> {
    let pal = Palette::new(style.dark);
    area.fill(&pal.bg).map_err(backend_err)?;
    let h = &summary.histogram;
    let w = if h.bin_width > 0.0 { h.bin_width } else { 0.1 };
    let last = h.bin_centers.last().copied().unwrap_or(3.0);
    // Narrow charts (phones) get a shorter title and fewer ticks.
    let narrow = (area.dim_in_pixel().0 as f64) / style.scale < 520.0;
    let over_at = last + 3.0 * w;
    let total = summary.trials.max(1) as f64;
    let mut bars: Vec<(f64, f64)> = h
        .bin_centers
        .iter()
        .zip(&h.counts)
        .map(|(&c, &k)| (c, k as f64 / total))
        .collect();
    bars.push((over_at, h.overflow as f64 / total));
    let top = bars.iter().map(|b| b.1).fold(0.0f64, f64::max);
    let y_hi = if top > 0.0 {
        (top * 1.2).min(1.08)
    } else {
        1.0
    };
    let x_lo = h.bin_centers.first().copied().unwrap_or(0.0) - w;
    let x_hi = over_at + w;

    let heading = if narrow {
        "Test loss ratio (A) / (B) over the draws"
    } else {
        "Ratio of test losses, gradient flow / annealed, over the draws"
    };
    let title_height = title(area, heading, style, &pal)?;
    let mut chart = ChartBuilder::on(area)
        .margin(px(style, 8.0))
        .margin_top(title_height)
        .margin_right(px(style, 12.0))
        .x_label_area_size(px(style, 36.0))
        .y_label_area_size(px(style, 46.0))
        .build_cartesian_2d(Scale::linear(x_lo..x_hi), Scale::linear(0.0..y_hi))
        .map_err(backend_err)?;
    let last_tick = last;
    mesh_style(&mut chart.configure_mesh(), &pal, style)
        .disable_x_mesh()
        .x_labels(if narrow { 4 } else { 8 })
        .y_labels(5)
        .x_label_formatter(&|v| {
            // On a phone the last tick would touch the overflow bar's label.
            if *v > last_tick + 1e-9 || (narrow && *v > last_tick - 1e-9) {
                String::new()
            } else {
                format!("{}×", tick(*v))
            }
        })
        .y_label_formatter(&|v| format!("{}%", tick(v * 100.0)))
        .x_desc("gradient flow's test loss / the annealed run's")
        .y_desc("share of draws")
        .draw()
        .map_err(backend_err)?;

    if summary.trials == 0 {
        chart
            .draw_series([Text::new(
                "no draws yet",
                (0.5 * (x_lo + x_hi), 0.5 * y_hi),
                font(style, 13.0, &pal.fg).pos(Pos::new(HPos::Center, VPos::Center)),
            )])
            .map_err(backend_err)?;
    }
    let grey = if style.dark {
        RGBColor(0x7a, 0x82, 0x8e)
    } else {
        RGBColor(0x9a, 0xa1, 0xab)
    };
    let half = 0.42 * w;
    chart
        .draw_series(bars.iter().filter(|b| b.1 > 0.0).map(|&(c, share)| {
            let color = if c >= THRESHOLD - 1e-9 {
                pal.good
            } else {
                grey
            };
            Rectangle::new([(c - half, 0.0), (c + half, share)], color.filled())
        }))
        .map_err(backend_err)?;
    // The share above the tallest bars (at most six, each at least 2%).
    let mut tall: Vec<(f64, f64)> = bars.iter().copied().filter(|b| b.1 >= 0.02).collect();
    crate::order::sort_by(&mut tall, |a, b| b.1.total_cmp(&a.1));
    tall.truncate(6);
    let label = font(style, 11.0, &pal.fg).pos(Pos::new(HPos::Center, VPos::Bottom));
    chart
        .draw_series(tall.iter().map(|&(c, share)| {
            Text::new(
                format!("{:.1}%", share * 100.0),
                (c, share + 0.012 * y_hi),
                label.clone(),
            )
        }))
        .map_err(backend_err)?;
    // The overflow bar's own label, and the threshold.
    chart
        .draw_series([Text::new(
            format!("> {}×", tick(last)),
            (over_at, 0.0),
            font(style, 11.0, &pal.fg).pos(Pos::new(HPos::Center, VPos::Top)),
        )])
        .map_err(backend_err)?;
    chart
        .draw_series(DashedLineSeries::new(
            [(THRESHOLD, 0.0), (THRESHOLD, y_hi)],
            px(style, 5.0),
            px(style, 4.0),
            pal.fg.mix(0.7).stroke_width(px(style, 1.5)),
        ))
        .map_err(backend_err)?;
    chart
        .draw_series([Text::new(
            format!("≥ {}×: annealing helps", tick(THRESHOLD)),
            (THRESHOLD, y_hi),
            font(style, 11.0, &pal.good).pos(Pos::new(HPos::Left, VPos::Top)),
        )])
        .map_err(backend_err)?;
    Ok(())
}

/// Reads a summary's JSON (as `MonteCarloRun::summary` or `lr-anneal mc` prints it; only
/// `trials` and `histogram` are required, see [`Summary`]).
pub fn parse_summary(json: &str) -> Result<Summary, serde_json::Error> {
    serde_json::from_str(json)
}

/// The histogram of a summary as a standalone SVG document.
pub fn histogram_svg(summary: &Summary, dark: bool) -> Result<String, PlotError> {
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, HISTOGRAM_SIZE).into_drawing_area();
        let style = Style {
            dark,
            ..Style::default()
        };
        draw_histogram(&root, summary, &style)?;
        root.present().map_err(backend_err)?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::montecarlo::{exact, MonteCarlo, Setup};

    #[test]
    fn fractions_are_exact_and_small() {
        assert_eq!(fraction(0.7500000000000001, 3, 2).as_deref(), Some("3/4"));
        assert_eq!(fraction(0.37500000000000006, 3, 2).as_deref(), Some("3/8"));
        assert_eq!(fraction(1.0, 3, 2).as_deref(), Some("1"));
        assert_eq!(fraction(0.0, 3, 2).as_deref(), Some("0"));
        assert_eq!(fraction(1.0 / 3.0, 3, 2), None, "not a multiple of 1/8");
        assert_eq!(fraction(2.0 / 9.0, 2, 3).as_deref(), Some("2/9"));
        assert_eq!(fraction(0.5, 60, 2), None, "2^60 is too large to check");
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
    fn exact_view_of_the_paper_is_three_quarters_and_about_twice() {
        let params = Params::default();
        let e = exact(&Setup::from_params(&params)).unwrap();
        let v = exact_view(&e, 3, 2);
        assert_eq!(v.fraction.as_deref(), Some("3/4"));
        assert_eq!(v.patterns.len(), 4);
        let helps: Vec<bool> = v.patterns.iter().map(|p| p.helps).collect();
        assert_eq!(helps, [true, true, false, false]);
        assert_eq!(v.patterns[0].fraction.as_deref(), Some("3/8"));
        assert_eq!(v.patterns[3].fraction.as_deref(), Some("1/8"));
        // Both lucky patterns have the same ratio, so the mean is that ratio (about 1.95 at K=4).
        let r = v.ratio_when_helps.unwrap();
        assert_eq!(r, v.patterns[0].ratio.unwrap());
        assert!((1.9..2.0).contains(&r), "{r}");
    }

    /// Counts `<polyline` and `<rect` elements.
    fn count(svg: &str, tag: &str) -> usize {
        svg.matches(tag).count()
    }

    #[test]
    fn sweep_svg_has_a_point_per_value_and_a_hit_per_point() {
        let params = Params::default();
        for (axis, points) in [(Axis::Lr, 120), (Axis::K, 40), (Axis::Eps, 80)] {
            let (svg, view) = sweep_svg(&params, axis, points, false).unwrap();
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
        let (svg, view) = sweep_svg(&params, Axis::Lr, 100, true).unwrap();
        let symbols: Vec<&str> = view.sweep.marks.iter().map(|m| m.symbol.as_str()).collect();
        assert_eq!(symbols, ["1/γₘₐₓ", "1/γ₂"]);
        assert_eq!(view.sweep.marks[1].note, "direction 2 becomes unstable");
        assert!(svg.contains("1/γₘₐₓ") && svg.contains("1/γ₂"));
        // Up to 1.5/γ_min the 4 large steps grow but do not overflow: every run stops.
        assert!(view.sweep.annealed.iter().all(Option::is_some));
        assert!(!svg.contains("no stop"));
        // Below the reachable train loss (label noise), no run stops: one band, no hit points.
        let noisy = Params::from_query("preset=paper&noise=0.3&eps=0.05").params;
        let (svg, view) = sweep_svg(&noisy, Axis::Eps, 60, false).unwrap();
        let missing = view.sweep.annealed.iter().filter(|a| a.is_none()).count();
        assert!(missing > 0 && missing < 60, "{missing}");
        assert!(svg.contains("no stop"));
        assert_eq!(
            view.hit.annealed.iter().filter(|a| a.is_none()).count(),
            missing
        );
    }

    #[test]
    fn histogram_svg_has_a_bar_per_filled_bin() {
        let params = Params::default();
        let mut mc = MonteCarlo::new(Setup::from_params(&params), 7);
        mc.run(2000);
        let summary = mc.summary(None);
        let filled = summary.histogram.counts.iter().filter(|&&k| k > 0).count()
            + usize::from(summary.histogram.overflow > 0);
        assert_eq!(filled, 2, "the paper: ratio 1 or about 1.95");
        let svg = histogram_svg(&summary, false).unwrap();
        let empty = MonteCarlo::new(Setup::from_params(&params), 7).summary(None);
        let empty = histogram_svg(&empty, false).unwrap();
        assert_eq!(count(&svg, "<rect") - count(&empty, "<rect"), filled);
        assert!(empty.contains("no draws yet"));
        // The two bars are labelled with their shares, which sum to 100%.
        let share = |k: u64| format!("{:.1}%", k as f64 / 2000.0 * 100.0);
        for &k in summary.histogram.counts.iter().filter(|&&k| k > 0) {
            assert!(svg.contains(&share(k)), "{}", share(k));
        }
        assert!(svg.contains("annealing helps"));
    }

    #[test]
    fn a_summary_reads_back_from_its_json() {
        let mut mc = MonteCarlo::new(Setup::from_params(&Params::default()), 7);
        mc.run(500);
        let summary = mc.summary(exact(&Setup::from_params(&Params::default())).as_ref());
        let json = serde_json::to_string(&summary).unwrap();
        assert_eq!(parse_summary(&json).unwrap(), summary);
        // The page's placeholder before any draw: trials and an empty histogram only.
        let placeholder = parse_summary(
            r#"{"trials":0,"histogram":{"bin_centers":[],"bin_width":0.1,"counts":[],"overflow":0,"undefined":0}}"#,
        )
        .unwrap();
        assert_eq!(placeholder.trials, 0);
        assert!(histogram_svg(&placeholder, true)
            .unwrap()
            .contains("no draws yet"));
    }

    #[test]
    fn a_bad_summary_is_an_error() {
        assert!(parse_summary("{}").is_err());
        assert!(parse_summary("not json").is_err());
    }
}
