//! Colours and sizes: the theme's palette, and lengths and fonts scaled to the device.

use plotters::prelude::*;

/// Colours and scale.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// Dark theme.
    pub dark: bool,
    /// Device pixels per CSS pixel (fonts and lines scale with it).
    pub scale: f64,
    /// Draw a legend inside the chart (standalone SVGs; the page has its own legend).
    pub legend: bool,
    /// Draw each figure's title above it (exports). Without, the room it took goes to the plot
    /// (the page shows the title as a heading beside the canvas: see [`super::Figure::title`]).
    pub titles: bool,
}

impl Default for Style {
    fn default() -> Style {
        Style {
            dark: false,
            scale: 1.0,
            legend: true,
            titles: true,
        }
    }
}

/// The colour-blind-safe palette (Okabe and Ito), per theme.
pub(crate) struct Palette {
    /// Background.
    pub(crate) bg: RGBColor,
    /// Text, and the marks that are neither run's (beta*, the start).
    pub(crate) fg: RGBColor,
    /// Grid lines.
    pub(crate) grid: RGBColor,
    /// Contours and axes.
    pub(crate) contour: RGBColor,
    /// The level set `train loss = eps`.
    pub(crate) level: RGBColor,
    /// Gradient flow (optimizer A).
    pub(crate) gf: RGBColor,
    /// The annealed run (optimizer B).
    pub(crate) an: RGBColor,
    /// The level set's best point.
    pub(crate) good: RGBColor,
    /// The level set's worst point.
    pub(crate) bad: RGBColor,
}

impl Palette {
    /// The palette of the dark or the light theme.
    pub(crate) fn new(dark: bool) -> Palette {
        if dark {
            Palette {
                bg: RGBColor(0x16, 0x18, 0x1d),
                fg: RGBColor(0xe6, 0xe6, 0xe6),
                grid: RGBColor(0x2c, 0x30, 0x38),
                contour: RGBColor(0x55, 0x5b, 0x66),
                level: RGBColor(0xe0, 0x8f, 0xc0),
                gf: RGBColor(0xf0, 0x7e, 0x3a),
                an: RGBColor(0x56, 0xb4, 0xe9),
                good: RGBColor(0x2e, 0xc4, 0x95),
                bad: RGBColor(0xf0, 0xe4, 0x42),
            }
        } else {
            Palette {
                bg: RGBColor(0xff, 0xff, 0xff),
                fg: RGBColor(0x1f, 0x23, 0x28),
                grid: RGBColor(0xea, 0xec, 0xef),
                contour: RGBColor(0xb4, 0xb9, 0xc2),
                level: RGBColor(0xcc, 0x79, 0xa7),
                gf: RGBColor(0xd5, 0x5e, 0x00),
                an: RGBColor(0x00, 0x72, 0xb2),
                good: RGBColor(0x00, 0x9e, 0x73),
                bad: RGBColor(0xe6, 0x9f, 0x00),
            }
        }
    }
}

impl Palette {
    /// Each colour's role and its value in the light and the dark theme, in the order the
    /// palette lists them (for the prerendered page's SVG, whose colours follow the theme).
    pub(crate) fn roles() -> [(&'static str, RGBColor, RGBColor); 9] {
        let (l, d) = (Palette::new(false), Palette::new(true));
        [
            ("bg", l.bg, d.bg),
            ("fg", l.fg, d.fg),
            ("grid", l.grid, d.grid),
            ("contour", l.contour, d.contour),
            ("level", l.level, d.level),
            ("gf", l.gf, d.gf),
            ("an", l.an, d.an),
            ("good", l.good, d.good),
            ("bad", l.bad, d.bad),
        ]
    }
}

/// `v` CSS pixels in device pixels, rounded, at least 1.
pub(crate) fn px(style: &Style, v: f64) -> u32 {
    (v * style.scale).round().max(1.0) as u32
}

/// The sans-serif font at `size` CSS pixels, in `color`.
pub(crate) fn font<'a>(style: &Style, size: f64, color: &'a RGBColor) -> TextStyle<'a> {
    // The family as a value, not the string "sans-serif": parsing that pulls Unicode case tables
    // into the wasm module.
    (FontFamily::SansSerif, size * style.scale)
        .into_font()
        .color(color)
}
