//! A plane figure as the page's panel shows it, as SVG: drawn by the same function as the
//! canvas (no title, no legend: the page writes both in HTML) at the panel's CSS size, with two
//! changes that make the SVG paint as the canvas does. Text sizes are written as the canvas
//! draws them (plotters' SVG backend writes a font of size `s` as `s / 1.24`), and every palette
//! colour also gets a class (`pf-gf`: fill in gradient flow's colour, `ps-level`: stroke in the
//! level set's), which [`panel_css`] colours for the light and the dark theme, so one SVG follows
//! the reader's theme. This is what the native build prerenders into the page before the module
//! loads, and what `lr-anneal svg --panel` writes.

use std::fmt::Write;

use plotters::prelude::*;

use super::{draw, Figure, Palette, PlotError, Style};
use crate::outcome::Outcome;

/// Plotters' SVG backend writes a font of size `s` as `font-size = s / 1.24`.
const SVG_FONT: f64 = 1.24;

/// Figure `figure` of `outcome` as the page's panel of `size` CSS pixels, as SVG (see the module).
pub fn panel_svg(figure: Figure, outcome: &Outcome, size: (u32, u32)) -> Result<String, PlotError> {
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, size).into_drawing_area();
        let style = Style {
            dark: false,
            scale: 1.0,
            legend: false,
            titles: false,
        };
        draw(&root, figure, outcome, &style)?;
        root.present().map_err(super::backend_err)?;
    }
    Ok(themed(&out))
}

/// The colour of each palette role in both themes, as CSS for [`panel_svg`]'s classes
/// (`light-dark()` follows the page's `color-scheme`).
pub fn panel_css() -> String {
    let hex = |c: RGBColor| format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2);
    let mut css = String::new();
    for (role, light, dark) in Palette::roles() {
        let color = format!("light-dark({}, {})", hex(light), hex(dark));
        let _ = write!(
            css,
            "svg .pf-{role}{{fill:{color}}}svg .ps-{role}{{stroke:{color}}}"
        );
    }
    css
}

/// The light palette's role of a colour written as `#RRGGBB`.
fn role_of(hex: &str) -> Option<&'static str> {
    Palette::roles().into_iter().find_map(|(role, light, _)| {
        (format!("#{:02X}{:02X}{:02X}", light.0, light.1, light.2) == hex).then_some(role)
    })
}

/// `svg` with text at the canvas's sizes and a class per palette colour (see the module).
fn themed(svg: &str) -> String {
    let mut out = String::with_capacity(svg.len() + svg.len() / 4);
    let mut rest = svg;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let tail = &rest[start..];
        let end = match tail.find('>') {
            Some(e) => e + 1,
            None => tail.len(),
        };
        out.push_str(&themed_tag(&tail[..end]));
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

/// One tag of [`themed`].
fn themed_tag(tag: &str) -> String {
    if tag.starts_with("</") || tag.starts_with("<svg") {
        return tag.to_string();
    }
    let mut classes = Vec::new();
    let mut out = String::with_capacity(tag.len() + 24);
    let mut rest = tag;
    while let Some(i) = rest.find("=\"") {
        let name_start = rest[..i].rfind(' ').map_or(0, |s| s + 1);
        let name = &rest[name_start..i];
        let value_end = rest[i + 2..].find('"').map_or(rest.len(), |e| i + 2 + e);
        let value = &rest[i + 2..value_end];
        out.push_str(&rest[..i + 2]);
        match name {
            "font-size" => match value.parse::<f64>() {
                Ok(v) => {
                    let _ = write!(out, "{}", (v * SVG_FONT * 1000.0).round() / 1000.0);
                }
                Err(_) => out.push_str(value),
            },
            "fill" | "stroke" => {
                if let Some(role) = role_of(value) {
                    classes.push(format!("p{}-{role}", &name[..1]));
                }
                out.push_str(value);
            }
            _ => out.push_str(value),
        }
        rest = &rest[value_end..];
    }
    out.push_str(rest);
    if classes.is_empty() {
        return out;
    }
    let close = if out.ends_with("/>") { 2 } else { 1 };
    let at = out.len() - close;
    out.insert_str(at, &format!(" class=\"{}\"", classes.join(" ")));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcome::simulate;
    use crate::params::Params;

    #[test]
    fn a_panel_is_the_canvas_drawing_with_theme_classes() {
        let o = simulate(&Params::default(), true);
        let svg = panel_svg(Figure::A, &o, (300, 280)).unwrap();
        assert!(svg.starts_with("<svg width=\"300\" height=\"280\""));
        // The background follows the theme; gradient flow's path is in its colour.
        assert!(
            svg.contains("fill=\"#FFFFFF\" stroke=\"none\" class=\"pf-bg\"/>"),
            "{}",
            &svg[..400]
        );
        assert!(svg.contains("class=\"ps-gf\""));
        // Tick labels at the canvas's 11 px (plotters writes 11 / 1.24).
        assert!(svg.contains("font-size=\"11\""), "{}", &svg[..1200]);
        let css = panel_css();
        assert!(
            css.contains("svg .pf-gf{fill:light-dark(#D55E00, #F07E3A)}"),
            "{css}"
        );
        assert_eq!(themed("<text x=\"1\">a</text>"), "<text x=\"1\">a</text>");
    }
}
