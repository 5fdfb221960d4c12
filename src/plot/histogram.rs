//! The Monte Carlo histogram: the ratio of test losses (gradient flow over annealed) over the
//! draws of a run, drawn from its [`Summary`].

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{backend_err, font, mesh_style, px, tick, title, Palette, PlotError, Scale, Style};
use crate::montecarlo::{Summary, THRESHOLD};

/// Size of the histogram in a standalone SVG.
pub const HISTOGRAM_SIZE: (u32, u32) = (640, 300);

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
    use crate::montecarlo::{MonteCarlo, Setup};
    use crate::params::Params;

    /// Counts `<polyline` and `<rect` elements.
    fn count(svg: &str, tag: &str) -> usize {
        svg.matches(tag).count()
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
}
