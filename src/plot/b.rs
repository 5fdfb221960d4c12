//! Figure (b): the large, then small learning rate. `k` large gradient-descent steps from 0
//! (each iterate a square), then gradient flow to the level set `train loss = eps`.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::contours::{level_set, train_contours};
use super::frame::Plane;
use super::labels::Labels;
use super::legend::{Key, Legend, ANYWHERE};
use super::markers::{beta_star, marker, name_points, playback, small_steps, start, Runs};
use super::{backend_err, px, Figure, Palette, PlotError, Style};
use crate::report::Report;

/// Draws figure (b) onto `area` (over its background); with `t`, marks where the annealed run
/// is at that time (playback).
pub(crate) fn draw_b<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    report: &Report,
    style: &Style,
    t: Option<f64>,
) -> Result<(), PlotError> {
    let pal = Palette::new(style.dark);
    let plane = Plane::new(report)?;
    let traj = plane.traj;
    let mut shown = vec![plane.star, (0.0, 0.0)];
    shown.extend(plane.path(&traj.gradient_flow));
    shown.extend(plane.path(&traj.annealed_gd));
    shown.extend(plane.path(&traj.annealed_flow));
    shown.extend(plane.marks());
    let mut chart = plane.chart(area, Figure::B.title(), &shown, 0.08, 0.0, style, &pal)?;
    train_contours(&mut chart, &plane, style, &pal)?;
    let mut labels = Labels::in_chart(&chart, px(style, 2.0) as f64);
    let mut legend = Legend::default();
    level_set(&mut chart, &plane, style, &pal, &mut labels, &mut legend)?;

    // The large steps: a thin line through squares, the last one ringed.
    let len = px(style, 16.0) as i32;
    let gd: Vec<(f64, f64)> = plane.path(&traj.annealed_gd).collect();
    let an_dash = pal.an.stroke_width(px(style, 1.5));
    chart
        .draw_series(LineSeries::new(gd.clone(), an_dash))
        .map_err(backend_err)?;
    labels.chart_path(&chart, gd.iter().copied());
    let sq_size = px(style, 3.5) as i32;
    chart
        .draw_series(gd.iter().map(|&p| {
            EmptyElement::at(p)
                + Rectangle::new([(-sq_size, -sq_size), (sq_size, sq_size)], pal.an.filled())
        }))
        .map_err(backend_err)?;
    for p in &gd {
        labels.mark(chart.backend_coord(p), sq_size);
    }
    legend.add(
        "large steps",
        vec![
            Key::Line(an_dash, len),
            Key::Square(pal.an.filled(), px(style, 3.0) as i32, len / 2),
        ],
    );
    let mut names = Vec::new();
    if let Some(&last) = gd.last() {
        let ring = px(style, 9.0) as i32;
        let note = if report.annealed.diverged {
            "diverged"
        } else {
            "η drops"
        };
        chart
            .draw_series([EmptyElement::at(last)
                + Circle::new((0, 0), ring, pal.fg.stroke_width(px(style, 1.5)))])
            .map_err(backend_err)?;
        labels.mark(chart.backend_coord(&last), ring + 1);
        names.push((note, last, ring + 1));
    }
    // Then the flow, to a square at its stop.
    let an_style = pal.an.stroke_width(px(style, 2.5));
    chart
        .draw_series(LineSeries::new(plane.path(&traj.annealed_flow), an_style))
        .map_err(backend_err)?;
    labels.chart_path(&chart, plane.path(&traj.annealed_flow));
    let mut key = vec![Key::Line(an_style, len)];
    if let Some(e) = plane.an_end {
        let m = marker(style);
        chart
            .draw_series(
                [EmptyElement::at(e) + Rectangle::new([(-m, -m), (m, m)], pal.an.filled())],
            )
            .map_err(backend_err)?;
        labels.mark(chart.backend_coord(&e), m);
        key.push(Key::Square(pal.an.filled(), px(style, 3.5) as i32, len));
    }
    if !traj.annealed_flow.is_empty() || plane.an_end.is_some() {
        legend.add("then gradient flow", key);
    }

    small_steps(
        &mut chart,
        &plane,
        &traj.discrete_annealed,
        style,
        &pal,
        &mut labels,
        &mut legend,
    )?;
    playback(&mut chart, &plane, t, Runs::Annealed, style, &pal)?;
    names.insert(0, beta_star(&mut chart, &plane, style, &pal, &mut labels)?);
    names.insert(1, start(&mut chart, style, &pal, &mut labels)?);
    legend.draw(&chart, &mut labels, &ANYWHERE, style, &pal)?;
    name_points(&chart, &mut labels, &names, style, &pal)
}
