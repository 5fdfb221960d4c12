//! Figure (b): the large, then small learning rate. `k` large gradient-descent steps from 0
//! (each iterate a square), then gradient flow to the level set `train loss = eps`.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::contours::{level_set, train_contours};
use super::frame::Plane;
use super::labels::{Around, Labels};
use super::legend::{Key, Legend, ANYWHERE};
use super::markers::{beta_star, marker, name_points, playback, small_steps, start, Runs};
use super::{backend_err, font, px, Figure, Palette, PlotError, Style};
use crate::outcome::Outcome;

/// Draws figure (b) onto `area` (over its background); with `t`, marks where the annealed run
/// is at that time (playback).
pub(crate) fn draw_b<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    report: &Outcome,
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
    name_points(&chart, &mut labels, &names, style, &pal)?;
    // Last, so the names keep their places: each large-step iterate's number.
    let at: Vec<(i32, i32)> = gd.iter().skip(1).map(|p| chart.backend_coord(p)).collect();
    let area = chart.plotting_area().strip_coord_spec();
    for (text, p) in step_numbers(&at) {
        labels.draw(
            &area,
            p,
            sq_size + 1,
            &text,
            font(style, STEP_SIZE, &pal.fg),
            STEP_SIZE * style.scale,
            Around::Point,
        )?;
    }
    Ok(())
}

/// The font size of the iterates' numbers.
const STEP_SIZE: f64 = 10.0;
/// Iterates this close (in pixels, each way) are one spot and share a label.
const SAME_SPOT: i32 = 3;
/// Spots numbered: those first reached by one of the first this many steps, and the last one.
const NUMBERED: usize = 9;

/// The labels of the large-step iterates `at[0]` (step 1) ... (backend pixels): iterates on one
/// spot share a label (`1, 3` for a bounce between two points; `1, 3, …, 99` for more than three),
/// each at the spot's first iterate. Only the spots first reached within [`NUMBERED`] steps are
/// numbered, and the one the last step reaches.
fn step_numbers(at: &[(i32, i32)]) -> Vec<(String, (i32, i32))> {
    let mut spots: Vec<((i32, i32), Vec<usize>)> = Vec::new();
    for (t, &p) in at.iter().enumerate() {
        let near =
            |q: &(i32, i32)| (q.0 - p.0).abs() <= SAME_SPOT && (q.1 - p.1).abs() <= SAME_SPOT;
        match spots.iter_mut().find(|(q, _)| near(q)) {
            Some((_, steps)) => steps.push(t + 1),
            None => spots.push((p, vec![t + 1])),
        }
    }
    let last = at.len();
    spots
        .into_iter()
        .filter(|(_, steps)| steps[0] <= NUMBERED || steps.last() == Some(&last))
        .map(|(p, steps)| {
            let text = match steps.as_slice() {
                [a, b, _, .., z] => format!("{a}, {b}, …, {z}"),
                few => few
                    .iter()
                    .map(|t| t.to_string())
                    .collect::<Vec<_>>()
                    .join(", "),
            };
            (text, p)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::step_numbers;

    #[test]
    fn a_bounce_between_two_spots_is_two_labels() {
        let at = [(10, 10), (50, 10), (11, 9), (50, 10)];
        let got = step_numbers(&at);
        assert_eq!(
            got,
            vec![("1, 3".into(), (10, 10)), ("2, 4".into(), (50, 10))]
        );
        let long: Vec<(i32, i32)> = (0..9).map(|t| [(10, 10), (50, 10)][t % 2]).collect();
        let got: Vec<String> = step_numbers(&long).into_iter().map(|(s, _)| s).collect();
        assert_eq!(got, ["1, 3, …, 9", "2, 4, …, 8"]);
    }

    #[test]
    fn late_spots_are_not_numbered_but_the_last_is() {
        let at: Vec<(i32, i32)> = (0..12).map(|t| (10 * t, 0)).collect();
        let got: Vec<String> = step_numbers(&at).into_iter().map(|(s, _)| s).collect();
        assert_eq!(got, ["1", "2", "3", "4", "5", "6", "7", "8", "9", "12"]);
    }
}
