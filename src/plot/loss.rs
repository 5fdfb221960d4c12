//! The loss chart: train and test loss of both runs against time, on a log scale, with the level
//! `eps` where they stop and the moment the learning rate drops.

use std::ops::Range;

use plotters::coord::Shift;
use plotters::prelude::*;

use super::labels::{Around, Labels};
use super::legend::{Key, Legend};
use super::markers::{arrow, LABEL_SIZE};
use super::ticks::{self, Room};
use super::window::{self, Piece};
use super::{
    backend_err, font, mesh_style, px, title, Figure, Palette, PlotError, Scale, ScaleChart, Style,
};
use crate::outcome::{Outcome, Point, Trajectory};

/// The chart's extent: the loss range (positive, finite values, `eps` included, padded by a
/// factor on the log scale), at most twelve decades above the starting loss (diverging large
/// steps reach 1e300: what goes beyond is clipped where it leaves, see [`draw_loss`]), and the
/// last time a loss is in it (padded).
fn extent(traj: &Trajectory, eps: f64) -> (f64, f64, f64) {
    let all = traj
        .gradient_flow
        .iter()
        .chain(&traj.annealed_gd)
        .chain(&traj.annealed_flow);
    let start = traj
        .gradient_flow
        .first()
        .map_or(eps, |p| p.train_loss.max(p.test_loss));
    let cap = start.max(eps) * 1e12;
    let (mut lo, mut hi) = (eps, eps);
    for p in all.clone() {
        for v in [p.train_loss, p.test_loss] {
            if v > 0.0 && v.is_finite() {
                lo = lo.min(v);
                hi = hi.max(v);
            }
        }
    }
    let (lo, hi) = (lo / 1.6, hi.min(cap) * 1.6);
    // Time runs as long as a loss is in the window (a diverging run's later steps are not).
    let t1 = all
        .filter(|p| [p.train_loss, p.test_loss].iter().any(|&v| v <= hi))
        .map(|p| p.t)
        .fold(0.0f64, f64::max);
    let t1 = if t1 > 0.0 { t1 * 1.04 } else { 1.0 };
    (t1, lo, hi)
}

/// The pieces of the curve through `points` (time, loss) inside the window `0..t1` by
/// `lo..hi`, clipped on the log scale (a loss of 0 is drawn on the bottom edge, as far down as a
/// log scale goes), back in (time, loss).
fn clip_log(points: &[(f64, f64)], t1: f64, lo: f64, hi: f64) -> Vec<Piece> {
    let logs: Vec<(f64, f64)> = points
        .iter()
        .map(|&(t, v)| (t, if v > 0.0 { v.log10() } else { lo.log10() }))
        .collect();
    window::clip(&logs, (0.0, t1, lo.log10(), hi.log10()))
        .into_iter()
        .map(|mut piece| {
            for p in &mut piece.points {
                p.1 = 10f64.powf(p.1).clamp(lo, hi);
            }
            piece
        })
        .collect()
}

/// The loss chart: time against loss on a log scale.
type LossChart<'a, DB> = ScaleChart<'a, DB>;

/// Draws the title and the axes (time `0..t1`, the `loss` range), and returns the chart. The
/// ticks read apart (see `ticks.rs`).
fn chart<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    t1: f64,
    loss: Range<f64>,
    style: &Style,
    pal: &Palette,
) -> Result<LossChart<'a, DB>, PlotError> {
    let (bottom, margin) = (px(style, 34.0), px(style, 8.0));
    let title_height = title(area, Figure::Loss.title(), style, pal)?;
    let (w, h) = area.dim_in_pixel();
    let font = 11.0 * style.scale;
    let y_ticks = ticks::log(
        loss.start,
        loss.end,
        "loss",
        &Room {
            length: h.saturating_sub(bottom + title_height + margin).max(1) as f64,
            beyond: (0.6 * font, 0.6 * font),
            font,
            across: false,
            most: 6,
        },
    );
    // Wide enough for the widest label, 10 pixels from the axis (plotters' distance), beside
    // the rotated axis title.
    let title_width = 12.0 * style.scale * super::LINE_HEIGHT;
    let need = (10.0 + y_ticks.widest(font) + 4.0 * style.scale + title_width).ceil() as u32;
    let left = need.max(px(style, 58.0));
    let x_ticks = ticks::linear(
        0.0,
        t1,
        "time (a step of size η counts as η)",
        &Room {
            length: w.saturating_sub(left + 2 * margin).max(1) as f64,
            beyond: (0.5 * left as f64, margin as f64),
            font,
            across: true,
            most: 8,
        },
    );
    let mut chart = ChartBuilder::on(area)
        .margin(margin)
        .margin_top(title_height)
        .x_label_area_size(bottom)
        .y_label_area_size(left)
        .build_cartesian_2d(
            Scale::linear_at(0.0..t1, x_ticks.values()),
            Scale::log_at(loss, y_ticks.values()),
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

/// Draws the loss chart onto `area` (over its background); with `t`, a vertical line at that
/// time (playback).
pub(crate) fn draw_loss<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    report: &Outcome,
    style: &Style,
    t: Option<f64>,
) -> Result<(), PlotError> {
    let pal = Palette::new(style.dark);
    let traj = report.trajectory.as_ref().ok_or(PlotError::NoTrajectory)?;
    let eps = report.params.eps;
    let (t1, lo, hi) = extent(traj, eps);
    let mut chart = chart(area, t1, lo..hi, style, &pal)?;
    // A unit step along a piece of a curve in pixels (y down), from its last two points in
    // time and decades.
    let (pw, ph) = {
        let (x, y) = chart.plotting_area().get_pixel_range();
        ((x.end - x.start) as f64, (y.end - y.start) as f64)
    };
    let pixels = |a: (f64, f64), b: (f64, f64)| {
        let dx = (b.0 - a.0) / t1 * pw;
        let dy = -(b.1.log10() - a.1.log10()) / (hi / lo).log10() * ph;
        let n = dx.hypot(dy);
        (n > 0.0).then(|| (dx / n, dy / n))
    };
    let mut labels = Labels::in_chart(&chart, px(style, 2.0) as f64);
    let mut legend = Legend::default();
    let len = px(style, 16.0) as i32;
    let level_style = pal.level.stroke_width(px(style, 1.5));
    chart
        .draw_series(LineSeries::new([(0.0, eps), (t1, eps)], level_style))
        .map_err(backend_err)?;
    labels.chart_path(&chart, [(0.0, eps), (t1, eps)]);
    legend.line("ε", level_style, len);
    // The moment the learning rate drops, and the playhead.
    let vertical = |t: f64, color: RGBAColor| {
        LineSeries::new([(t, lo), (t, hi)], color.stroke_width(px(style, 1.5)))
    };
    let mut drop = None;
    if let (Some(last), false) = (traj.annealed_gd.last(), traj.annealed_flow.is_empty()) {
        chart
            .draw_series(vertical(last.t, pal.fg.mix(0.35)))
            .map_err(backend_err)?;
        labels.chart_path(&chart, [(last.t, lo), (last.t, hi)]);
        drop = Some(last.t);
    }
    if let Some(head) = t.and_then(|t| report.at(t)) {
        chart
            .draw_series(vertical(head.t, pal.fg.mix(1.0)))
            .map_err(backend_err)?;
    }
    // Train (thick) and test (thin, lighter: solid, as dashes cost a stroke each) loss of both
    // runs.
    let gf_path: Vec<&Point> = traj.gradient_flow.iter().collect();
    let an_path: Vec<&Point> = traj.annealed_gd.iter().chain(&traj.annealed_flow).collect();
    let curve = |path: &[&Point], loss: fn(&Point) -> f64| -> Vec<(f64, f64)> {
        path.iter().map(|p| (p.t, loss(p))).collect()
    };
    let train: fn(&Point) -> f64 = |p| p.train_loss;
    let test: fn(&Point) -> f64 = |p| p.test_loss;
    let gf_train = pal.gf.stroke_width(px(style, 3.0));
    let gf_test = pal.gf.mix(0.55).stroke_width(px(style, 1.5));
    let an_train = pal.an.stroke_width(px(style, 2.5));
    let an_test = pal.an.mix(0.55).stroke_width(px(style, 1.5));
    let s = px(style, 3.0) as i32;
    let mut notes: Vec<(String, (f64, f64))> = Vec::new();
    for (points, line, label, long) in [
        (
            curve(&gf_path, train),
            gf_train,
            "gradient flow: train",
            true,
        ),
        (curve(&gf_path, test), gf_test, "gradient flow: test", false),
        (curve(&an_path, train), an_train, "annealed: train", true),
        (curve(&an_path, test), an_test, "annealed: test", false),
    ] {
        // Clipped to the window, with an arrow where a curve leaves it or comes back (the
        // annealed train loss of a diverging run: labelled with the step it overflows at).
        let pieces = clip_log(&points, t1, lo, hi);
        for (n, piece) in pieces.iter().enumerate() {
            labels.chart_path(&chart, piece.points.iter().copied());
            chart
                .draw_series(LineSeries::new(piece.points.iter().copied(), line))
                .map_err(backend_err)?;
            let color = line.color;
            let ends = |a: usize, b: usize| Some((*piece.points.get(a)?, *piece.points.get(b)?));
            if let (true, Some((a, b))) = (piece.enters, ends(0, 1)) {
                if let Some(dir) = pixels(a, b) {
                    arrow(&mut chart, a, dir, false, &color, style, &mut labels)?;
                }
            }
            let k = piece.points.len();
            if let (Some(_), Some((a, b))) = (piece.leaves, ends(k.wrapping_sub(2), k - 1)) {
                if let Some(dir) = pixels(a, b) {
                    arrow(&mut chart, b, dir, true, &color, style, &mut labels)?;
                    if let (Some(step), true, true) = (
                        report.annealed.diverged_at_step,
                        label == "annealed: train",
                        n + 1 == pieces.len(),
                    ) {
                        notes.push((format!("diverges at step {step}"), b));
                    }
                }
            }
        }
        let mut key = vec![Key::Line(line, if long { len } else { len * 3 / 8 })];
        if label == "annealed: train" && !traj.annealed_gd.is_empty() {
            key.push(Key::Square(pal.an.filled(), s, len / 2));
        }
        legend.add(label, key);
    }
    // The large steps' squares, those in the window.
    let squares: Vec<(f64, f64)> = traj
        .annealed_gd
        .iter()
        .map(|p| (p.t, p.train_loss))
        .filter(|&(_, v)| v >= lo && v <= hi)
        .collect();
    chart
        .draw_series(
            squares.iter().map(|&p| {
                EmptyElement::at(p) + Rectangle::new([(-s, -s), (s, s)], pal.an.filled())
            }),
        )
        .map_err(backend_err)?;
    for p in &squares {
        labels.mark(chart.backend_coord(p), s);
    }
    legend.draw(
        &chart,
        &mut labels,
        &[
            (1.0, 0.0),
            (1.0, 1.0),
            (0.0, 0.0),
            (0.0, 1.0),
            (0.5, 0.0),
            (0.5, 1.0),
            (1.0, 0.5),
            (0.0, 0.5),
            (0.5, 0.5),
            (0.25, 0.5),
            (0.75, 0.5),
        ],
        style,
        &pal,
    )?;
    for (text, at) in &notes {
        labels.draw(
            &chart.plotting_area().strip_coord_spec(),
            chart.backend_coord(at),
            px(style, 6.0) as i32,
            text,
            font(style, LABEL_SIZE, &pal.fg),
            LABEL_SIZE * style.scale,
            Around::Point,
        )?;
    }
    if let Some(t_drop) = drop {
        let (x, _) = chart.backend_coord(&(t_drop, hi));
        let top = labels.bounds().y0 as i32;
        labels.draw(
            &chart.plotting_area().strip_coord_spec(),
            (x, top + px(style, 14.0) as i32),
            px(style, 1.0) as i32,
            "η drops",
            font(style, LABEL_SIZE, &pal.fg),
            LABEL_SIZE * style.scale,
            Around::Point,
        )?;
    }
    Ok(())
}
