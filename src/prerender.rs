//! The page's first screen, written natively at build time (`lr-anneal prerender`): the served
//! `index.html` is the page's source (`www/index.template.html`) with
//!
//! - the claim card's and Figure 1's hooks filled for one state (the default one), with the same
//!   function the wasm module fills them with ([`crate::hooks`]), and Figure 1 (a), (b), (c)
//!   drawn into each panel as SVG by the same plot functions as the canvases ([`panel_svg`], at
//!   the panel's size on a desktop and on a phone);
//! - the parameter panel's first fields set for that state (sliders, values, the learning
//!   rate's landmarks: [`crate::controls`]);
//! - what the schema lists written out (presets, choices and their words, the walk's steps,
//!   the downloads, the help texts and ranges), so no script builds them;
//! - `boot.js` inlined, with the data it needs: the state prerendered, the queries that mean it,
//!   and the view keys' values.
//!
//! So the page paints its claim with no script at all; the module then takes over the same boxes.

use lol_html::html_content::{ContentType, Element};
use lol_html::{element, rewrite_str, HandlerResult, RewriteStrSettings};
use serde_json::Value as Json;
use thiserror::Error;

use crate::controls::{controls, Controls, Slider};
use crate::fmt::{html, js_number};
use crate::hooks::{Hook, Value};
use crate::params::{label, schema_json, spec, Params, Range, Role, Schema, SCHEMA};
use crate::plot::{panel_css, panel_svg, Figure};
use crate::report::{run, Report};

/// The CSS size of a panel of Figure 1 on a desktop (a 1280 px wide window or wider, where the
/// page's column stops growing): a third of the figure card, less its gaps.
pub const PANEL_WIDE: (u32, u32) = (294, 279);
/// The CSS size of a panel on a phone 375 px wide (one panel a row).
pub const PANEL_NARROW: (u32, u32) = (309, 293);

/// Why the page could not be prerendered.
#[derive(Debug, Error)]
pub enum PrerenderError {
    /// The HTML rewriter failed.
    #[error("rewriting the page failed: {0}")]
    Html(String),
    /// A figure could not be drawn.
    #[error("drawing a figure failed: {0}")]
    Plot(#[from] crate::plot::PlotError),
}

/// What the page's first screen shows, for one state.
struct State {
    params: Params,
    report: Report,
    json: Json,
    controls: Controls,
    schema: Schema,
    svg: Vec<(Figure, String, String)>,
}

/// The JSON at a dotted path of the report's JSON (`None` where there is none).
fn json_at<'a>(json: &'a Json, path: &str) -> Option<&'a Json> {
    let mut v = json;
    for part in path.split('.') {
        v = match v {
            Json::Object(m) => m.get(part)?,
            Json::Array(a) => a.get(part.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(v)
}

/// Whether a part marked `data-if`, `data-if-null` or `data-if-eq` shows (as hooks.js decides):
/// `attr` is which, `spec` its value.
fn shown(json: &Json, attr: &str, spec: &str) -> bool {
    let present = |path: &str| json_at(json, path).is_some_and(|v| !v.is_null());
    match attr {
        "data-if" => present(spec),
        "data-if-null" => !present(spec),
        _ => {
            let (path, want) = spec.split_once('=').unwrap_or((spec, ""));
            let text = match json_at(json, path) {
                Some(Json::String(s)) => s.clone(),
                Some(Json::Number(n)) => n.as_f64().map_or(String::new(), js_number),
                Some(Json::Bool(b)) => b.to_string(),
                Some(Json::Null) => "null".into(),
                None => "undefined".into(),
                Some(other) => other.to_string(),
            };
            text == want
        }
    }
}

/// Sets or removes an element's `hidden` attribute.
fn toggle_hidden(el: &mut Element<'_, '_>, show: bool) -> HandlerResult {
    if show {
        el.remove_attribute("hidden");
    } else {
        el.set_attribute("hidden", "")?;
    }
    Ok(())
}

/// A list hook (`data-vec`): one `data-key` child per entry of the list at `path` (or one for
/// none), each filled, as hooks.js builds them.
fn vec_html(el: &Element<'_, '_>, state: &State) -> String {
    let path = el.get_attribute("data-vec").unwrap_or_default();
    let format = el.get_attribute("data-fmt").unwrap_or_default();
    let null = el.get_attribute("data-null");
    let hook = Hook::new("key", &format, "", "", null.as_deref());
    let keys: Vec<String> = match value_at(&state.json, &path) {
        Value::List(n) => (0..n).map(|i| format!("{path}.{i}")).collect(),
        _ => vec![path.clone()],
    };
    keys.iter()
        .map(|key| {
            let filled = hook.fill(value_at(&state.json, key), state.params.eps());
            let mut attrs = format!(
                "class=\"v{}{}\" data-key=\"{}\"",
                if filled.class.is_empty() { "" } else { " " },
                filled.class,
                html(key)
            );
            if !format.is_empty() {
                attrs.push_str(&format!(" data-fmt=\"{}\"", html(&format)));
            }
            if let Some(n) = &null {
                attrs.push_str(&format!(" data-null=\"{}\"", html(n)));
            }
            if let Some(v) = &filled.value {
                attrs.push_str(&format!(" data-value=\"{}\"", html(v)));
            }
            format!("<span {attrs}>{}</span>", html(&filled.text))
        })
        .collect()
}

/// The value at a dotted path of the report's JSON, as a hook reads it.
fn value_at<'a>(json: &'a Json, path: &str) -> Value<'a> {
    let Some(v) = json_at(json, path) else {
        return Value::Null;
    };
    match v {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(n) => n.as_f64().map_or(Value::Null, Value::Num),
        Json::String(s) => Value::Text(s),
        Json::Array(a) => Value::List(a.len()),
        Json::Object(_) => Value::Null,
    }
}

/// The queries (as a browser's `URLSearchParams` writes them, without view keys) that mean the
/// state of `canonical`: what boot.js compares a link against.
fn same_queries(canonical: &str) -> Vec<String> {
    let target = Params::from_query(canonical).params.query();
    let parts: Vec<&str> = canonical.split('&').collect();
    let mut candidates = vec![String::new(), canonical.to_string()];
    // Each key left out (the preset's or the schema's default), and the two header keys swapped.
    for i in 0..parts.len() {
        let rest: Vec<&str> = parts
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .map(|(_, p)| *p)
            .collect();
        candidates.push(rest.join("&"));
    }
    if parts.len() >= 2 {
        let mut swapped = parts.clone();
        swapped.swap(0, 1);
        candidates.push(swapped.join("&"));
    }
    let mut out: Vec<String> = Vec::new();
    for c in candidates {
        let parsed = Params::from_query(&c);
        if parsed.warnings.is_empty() && parsed.params.query() == target && !out.contains(&c) {
            out.push(c);
        }
    }
    out
}

/// What boot.js reads: `{state, same, view}` (see www/boot.js).
fn boot_data(state: &State) -> String {
    let mut view = serde_json::Map::new();
    for s in SCHEMA.iter().filter(|s| s.role == Role::View) {
        let values: Vec<Json> = match s.range {
            Range::Name(names) | Range::Names(names) => {
                names.iter().map(|n| Json::from(*n)).collect()
            }
            Range::Flag => vec![Json::from("0"), Json::from("1")],
            _ => Vec::new(),
        };
        view.insert(s.key.to_string(), Json::Array(values));
    }
    let query = state.params.query();
    let data = serde_json::json!({
        "state": query,
        "same": same_queries(&query),
        "view": view,
    });
    // Inside <script>: no `</` may end it early.
    data.to_string().replace("</", "<\\/")
}

/// `<option>`s of the presets, each carrying its description and what to look for.
fn presets_html(state: &State) -> String {
    let current = state.params.preset().name;
    state
        .schema
        .presets
        .iter()
        .map(|p| {
            format!(
                "<option value=\"{}\" data-query=\"{}\" data-desc=\"{}\" data-look=\"{}\"{}>{} · \
                 {}</option>",
                html(p.name),
                html(&p.query),
                html(p.description),
                html(p.look_for),
                if p.name == current { " selected" } else { "" },
                html(p.name),
                html(p.description)
            )
        })
        .collect()
}

/// The preset gallery's cards.
fn gallery_html(state: &State) -> String {
    state
        .schema
        .presets
        .iter()
        .map(|p| {
            format!(
                "<li><a class=\"preset-card\" href=\"?{}\" data-preset=\"{}\"><span \
                 class=\"preset-card-name\">{}</span><span class=\"preset-card-desc\">{}</span>\
                 <span class=\"preset-card-look\"><b>Look for: </b>{}</span></a></li>",
                html(&p.query),
                html(p.name),
                html(p.name),
                html(p.description),
                html(p.look_for)
            )
        })
        .collect()
}

/// The guided walk's steps, each a link to its state.
fn walk_html(state: &State) -> String {
    state
        .report
        .story
        .steps
        .iter()
        .enumerate()
        .map(|(i, s)| {
            format!(
                "<li data-story-step=\"{}\" data-figure=\"{}\"><a href=\"?{}\">{}. {}</a></li>",
                i + 1,
                s.figure,
                html(&s.query),
                i + 1,
                html(s.title)
            )
        })
        .collect()
}

/// The named values of `key` as radio buttons (`type` `radio`) or checkboxes, labelled with the
/// schema's words; `checked` says which are on.
fn choices_html(key: &str, kind: &str, class: &str, checked: &dyn Fn(&str) -> bool) -> String {
    let Some(spec) = spec(key) else {
        return String::new();
    };
    let names: &[&str] = match spec.range {
        Range::Name(n) | Range::Names(n) => n,
        _ => &[],
    };
    // The Embed dialog's groups (class `check`) are named as its script reads them.
    let group = match (class, key) {
        ("", _) => key.to_string(),
        (_, "show") => "embed-part".to_string(),
        _ => format!("embed-{key}"),
    };
    names
        .iter()
        .map(|v| {
            let id = if class.is_empty() {
                format!(" id=\"{}-{}\"", html(key), html(v))
            } else {
                String::new()
            };
            format!(
                "<label{}><input type=\"{kind}\" name=\"{}\" value=\"{}\"{id}{}> {}</label>",
                if class.is_empty() {
                    String::new()
                } else {
                    format!(" class=\"{class}\"")
                },
                html(&group),
                html(v),
                if checked(v) { " checked" } else { "" },
                html(label(key, v).unwrap_or(v))
            )
        })
        .collect()
}

/// The Download menu's rows: each figure as PNG and SVG, Figure 1 as one PNG, all four figures
/// as SVG, the tables and the trajectories (export.js does the work when one is clicked).
fn downloads_html() -> String {
    let mut rows: Vec<(String, Vec<(&str, String)>)> = Figure::ALL
        .iter()
        .map(|f| {
            let what = format!("fig-{}", f.name());
            (
                label("show", f.name()).unwrap_or(f.name()).to_string(),
                vec![
                    ("PNG", format!("{what}.png")),
                    ("SVG", format!("{what}.svg")),
                ],
            )
        })
        .collect();
    rows.push((
        "Figure 1, (a) to (c)".into(),
        vec![("PNG", "fig-1.png".into()), ("SVG", "fig-1.svg".into())],
    ));
    rows.push((
        "All four figures".into(),
        vec![("SVG", "figures.svg".into())],
    ));
    rows.push((
        "Table".into(),
        vec![("CSV", "table.csv".into()), ("JSON", "report.json".into())],
    ));
    rows.push((
        "Trajectories".into(),
        vec![
            ("CSV", "trajectories.csv".into()),
            ("JSON", "trajectories.json".into()),
        ],
    ));
    rows.iter()
        .map(|(name, formats)| {
            let buttons: String = formats
                .iter()
                .map(|(format, file)| {
                    format!(
                        "<button type=\"button\" class=\"btn btn-small\" data-download=\"{}\" \
                         aria-label=\"{} as {format}\">{format}</button>",
                        html(file),
                        html(name)
                    )
                })
                .collect();
            format!(
                "<div class=\"menu-row\"><span class=\"menu-label\">{}</span>{buttons}</div>",
                html(name)
            )
        })
        .collect()
}

/// The Monte Carlo panel's choices of draws.
fn trials_html(state: &State) -> String {
    let trials = state.params.trials();
    let mut values = crate::text::montecarlo::TRIAL_CHOICES.to_vec();
    if !values.contains(&trials) {
        values.push(trials);
        values.sort_unstable();
    }
    values
        .iter()
        .map(|v| {
            format!(
                "<option value=\"{v}\"{}>{}</option>",
                if *v == trials { " selected" } else { "" },
                crate::fmt::int(*v)
            )
        })
        .collect()
}

/// A slider's attributes for its state.
fn slider(el: &mut Element<'_, '_>, s: &Slider) -> HandlerResult {
    el.set_attribute("min", &js_number(s.min))?;
    el.set_attribute("max", &js_number(s.max))?;
    el.set_attribute("value", &js_number(s.position))?;
    el.set_attribute("aria-valuetext", &s.valuetext)?;
    Ok(())
}

/// Writes a hook's text, value and class into its element.
fn fill_hook(el: &mut Element<'_, '_>, kind: &str, state: &State) -> HandlerResult {
    let attr = match kind {
        "key" => "data-key",
        "of-eps" => "data-of-eps",
        _ => "data-len",
    };
    let path = el.get_attribute(attr).unwrap_or_default();
    let hook = Hook::new(
        kind,
        &el.get_attribute("data-fmt").unwrap_or_default(),
        &el.get_attribute("data-yes").unwrap_or_default(),
        &el.get_attribute("data-no").unwrap_or_default(),
        el.get_attribute("data-null").as_deref(),
    );
    let filled = hook.fill(value_at(&state.json, &path), state.params.eps());
    el.set_inner_content(&filled.text, ContentType::Text);
    if let Some(v) = filled.value {
        el.set_attribute("data-value", &v)?;
    }
    if !filled.class.is_empty() {
        let class = el.get_attribute("class").unwrap_or_default();
        let joined = format!("{class} {}", filled.class);
        el.set_attribute("class", joined.trim())?;
    }
    if let Some(kind_key) = el.get_attribute("data-kind-key") {
        if let Value::Text(k) = value_at(&state.json, &kind_key) {
            el.set_attribute("data-kind", k)?;
        }
    }
    Ok(())
}

/// The page of `template` prerendered for the state of `query` (see the module), with `boot`
/// (www/boot.js) inlined.
pub fn prerender(template: &str, boot: &str, query: &str) -> Result<String, PrerenderError> {
    let params = Params::from_query(query).params;
    let report = run(&params, Vec::new(), true);
    let json = serde_json::to_value(&report).unwrap_or(Json::Null);
    let mut svg = Vec::new();
    for f in [Figure::A, Figure::B, Figure::C] {
        svg.push((
            f,
            panel_svg(f, &report, PANEL_WIDE)?,
            panel_svg(f, &report, PANEL_NARROW)?,
        ));
    }
    let state = State {
        controls: controls(&report),
        schema: schema_json(),
        params,
        report,
        json,
        svg,
    };
    let s = &state;
    let c = &state.controls;
    let boot_json = boot_data(s);
    let boot_js = boot.replace("</script", "<\\/script");
    let help = |key: &str| {
        spec(key).map(|k| {
            let mut h = k.help.to_string();
            if let Some(first) = h.get(..1) {
                h.replace_range(..1, &first.to_uppercase());
            }
            format!("{h}.")
        })
    };
    let p = s.report.params.clone();
    let fields: Vec<(&str, String)> = vec![
        ("eps-text", c.eps.text.clone()),
        ("lr-text", c.lr.text.clone()),
        ("k-text", c.k.text.clone()),
        ("noise-text", c.noise.text.clone()),
        ("n-text", c.n.text.clone()),
        ("seed-text", p.seed.to_string()),
        ("trials-text", p.trials.to_string()),
        ("flow_lr-text", js_number(p.flow_lr)),
    ];
    let preset = s
        .schema
        .presets
        .iter()
        .find(|x| x.name == p.preset)
        .map(|x| (x.description, x.look_for));
    let rewritten = rewrite_str(
        template,
        RewriteStrSettings {
            element_content_handlers: vec![
                element!("script#lr-boot", |el| {
                    el.set_inner_content(&boot_json, ContentType::Html);
                    Ok(())
                }),
                element!("script[data-inline]", |el| {
                    el.replace(&format!("<script>{boot_js}</script>"), ContentType::Html);
                    Ok(())
                }),
                element!("head", |el| {
                    el.append(
                        &format!("<style id=\"lr-panel-colors\">{}</style>", panel_css()),
                        ContentType::Html,
                    );
                    Ok(())
                }),
                element!("[data-prerender] [data-key]", |el| fill_hook(el, "key", s)),
                element!("[data-prerender] [data-of-eps]", |el| fill_hook(
                    el, "of-eps", s
                )),
                element!("[data-prerender] [data-len]", |el| fill_hook(el, "len", s)),
                element!("[data-prerender] [data-vec]", |el| {
                    let list = matches!(
                        value_at(&s.json, &el.get_attribute("data-vec").unwrap_or_default()),
                        Value::List(_)
                    );
                    el.set_inner_content(&vec_html(el, s), ContentType::Html);
                    if list {
                        let class = el.get_attribute("class").unwrap_or_default();
                        el.set_attribute("class", format!("{class} vec").trim())?;
                    }
                    Ok(())
                }),
                element!("[data-prerender] [data-if]", |el| {
                    let spec = el.get_attribute("data-if").unwrap_or_default();
                    toggle_hidden(el, shown(&s.json, "data-if", &spec))
                }),
                element!("[data-prerender] [data-if-null]", |el| {
                    let spec = el.get_attribute("data-if-null").unwrap_or_default();
                    toggle_hidden(el, shown(&s.json, "data-if-null", &spec))
                }),
                element!("[data-prerender] [data-if-eq]", |el| {
                    let spec = el.get_attribute("data-if-eq").unwrap_or_default();
                    toggle_hidden(el, shown(&s.json, "data-if-eq", &spec))
                }),
                element!("[data-prerender] [data-label-key]", |el| {
                    let key = el.get_attribute("data-label-key").unwrap_or_default();
                    if let Value::Text(t) = value_at(&s.json, &key) {
                        el.set_attribute("aria-label", t)?;
                    }
                    Ok(())
                }),
                element!("[data-figure-title]", |el| {
                    let name = el.get_attribute("data-figure-title").unwrap_or_default();
                    if let Ok(f) = Figure::parse(&name) {
                        el.set_inner_content(f.title(), ContentType::Text);
                    }
                    Ok(())
                }),
                element!("[data-svg]", |el| {
                    let name = el.get_attribute("data-svg").unwrap_or_default();
                    if let Some((_, wide, narrow)) = s.svg.iter().find(|(f, _, _)| f.name() == name)
                    {
                        let tag = |svg: &str, class: &str| {
                            svg.replacen(
                                "<svg ",
                                &format!("<svg class=\"pre {class}\" aria-hidden=\"true\" "),
                                1,
                            )
                        };
                        el.append(&tag(wide, "wide"), ContentType::Html);
                        el.append(&tag(narrow, "narrow"), ContentType::Html);
                    }
                    Ok(())
                }),
                element!("[data-fill]", |el| {
                    let what = el.get_attribute("data-fill").unwrap_or_default();
                    let content = match what.split_once(':') {
                        Some(("choices", key)) => {
                            let current = value_at(&s.json, &format!("params.{key}"));
                            choices_html(key, "radio", "", &|v| current == Value::Text(v))
                        }
                        Some(("checks", key)) => {
                            let kind = if key == "show" { "checkbox" } else { "radio" };
                            let first = |v: &str| match key {
                                "show" => ["a", "b", "c"].contains(&v),
                                "controls" => v == "minimal",
                                _ => v == "auto",
                            };
                            choices_html(key, kind, "check", &first)
                        }
                        _ => match what.as_str() {
                            "presets" => presets_html(s),
                            "gallery" => gallery_html(s),
                            "walk" => walk_html(s),
                            "trials" => trials_html(s),
                            "downloads" => downloads_html(),
                            _ => return Ok(()),
                        },
                    };
                    el.set_inner_content(&content, ContentType::Html);
                    Ok(())
                }),
                element!("[data-help]", |el| {
                    let key = el.get_attribute("data-help").unwrap_or_default();
                    if let Some(h) = help(&key) {
                        el.set_inner_content(&h, ContentType::Text);
                    }
                    Ok(())
                }),
                element!("[data-range]", |el| {
                    let key = el.get_attribute("data-range").unwrap_or_default();
                    if let Some(k) = spec(&key) {
                        el.set_attribute("title", &format!("{key}: {}", k.range_text()))?;
                    }
                    Ok(())
                }),
                element!("input#eps-range", |el| slider(el, &c.eps)),
                element!("input#lr-range", |el| slider(el, &c.lr)),
                element!("input#k-range", |el| slider(el, &c.k)),
                element!("input#noise-range", |el| slider(el, &c.noise)),
                element!("input#n-range", |el| slider(el, &c.n)),
                element!("input[type=text]", |el| {
                    let id = el.get_attribute("id").unwrap_or_default();
                    if let Some((_, v)) = fields.iter().find(|(f, _)| *f == id) {
                        el.set_attribute("value", v)?;
                    }
                    Ok(())
                }),
                element!("input#lr-auto", |el| {
                    if c.lr.text == "auto" {
                        el.set_attribute("checked", "")?;
                    }
                    Ok(())
                }),
                element!(".lr-track", |el| {
                    el.set_attribute(
                        "style",
                        &format!("--f1:{};--f2:{}", c.lr_zones[0], c.lr_zones[1]),
                    )?;
                    Ok(())
                }),
                element!("#lr-marks", |el| {
                    el.set_inner_content(&c.lr_marks_html, ContentType::Html);
                    Ok(())
                }),
                element!("#controls-sum", |el| {
                    el.set_inner_content(&c.summary, ContentType::Text);
                    Ok(())
                }),
                element!("#eps-hint", |el| {
                    el.set_inner_content(&c.eps_hint, ContentType::Text);
                    Ok(())
                }),
                element!("#preset-desc", |el| {
                    if let Some((d, _)) = preset {
                        el.set_inner_content(d, ContentType::Text);
                    }
                    Ok(())
                }),
                element!("#preset-look", |el| {
                    if let Some((_, l)) = preset {
                        el.set_inner_content(l, ContentType::Text);
                    }
                    Ok(())
                }),
                element!("#print-url", |el| {
                    el.set_inner_content(&format!("?{}", p.query), ContentType::Text);
                    Ok(())
                }),
            ],
            ..RewriteStrSettings::new()
        },
    )
    .map_err(|e| PrerenderError::Html(e.to_string()))?;
    Ok(rewritten)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_queries_of_the_default_state() {
        let same = same_queries("v=1&preset=paper");
        for q in [
            "",
            "v=1&preset=paper",
            "preset=paper",
            "v=1",
            "preset=paper&v=1",
        ] {
            assert!(same.contains(&q.to_string()), "{q}: {same:?}");
        }
        assert!(!same.contains(&"preset=unlucky".to_string()));
    }

    #[test]
    fn a_template_gets_its_hooks_figures_and_lists() {
        let template = r#"<html><head><script type="application/json" id="lr-boot">{}</script><script src="boot.js" data-inline></script></head><body>
<div data-prerender><span data-key="gradient_flow.test_loss"></span><span data-of-eps="annealed.test_loss"></span>
<p data-key="verdict.text" data-kind-key="verdict.kind"></p><span data-key="comparable" data-fmt="check"></span>
<canvas data-label-key="descriptions.a" aria-label="(a) any state"></canvas>
<span class="mono" data-vec="samples.gamma"></span><p data-if-eq="params.inputs=gaussian">g</p><p data-if="level_set" hidden>l</p></div>
<span data-key="ratio"></span>
<div class="plot" data-svg="a"><canvas></canvas></div>
<select data-fill="presets"></select><ol data-fill="walk"></ol><div data-fill="choices:gd_stop"></div>
<input id="eps-range" type="range"><input id="eps-text" type="text"><div id="lr-marks"></div></body></html>"#;
        let page = prerender(template, "var x = 1;", "").unwrap();
        let r = run(&Params::default(), Vec::new(), false);
        let gf = r.gradient_flow.test_loss.unwrap();
        assert!(page.contains(&format!(
            "<span data-key=\"gradient_flow.test_loss\" data-value=\"{}\">{}</span>",
            js_number(gf),
            crate::fmt::fmt_num(gf)
        )));
        assert!(page.contains("<span data-of-eps=\"annealed.test_loss\">0.75 ε</span>"));
        assert!(page.contains("data-kind=\"helps\""));
        assert!(page.contains("class=\"is-yes\">✓ yes</span>"));
        // Lists as one hook per entry; parts shown as their conditions say.
        assert!(page.contains(
            "<span class=\"mono vec\" data-vec=\"samples.gamma\"><span class=\"v\" \
             data-key=\"samples.gamma.0\" data-value=\"0.6666666666666666\">0.6667</span>"
        ));
        assert!(page.contains("<p data-if-eq=\"params.inputs=gaussian\" hidden=\"\">g</p>"));
        assert!(page.contains("<p data-if=\"level_set\">l</p>"));
        // A figure's accessible name is its description for this state.
        assert!(page.contains(&format!(
            "<canvas data-label-key=\"descriptions.a\" aria-label=\"{}\">",
            r.descriptions.a
        )));
        // Outside the prerendered parts nothing is filled.
        assert!(page.contains("<span data-key=\"ratio\"></span>"));
        assert!(page.contains("<svg class=\"pre wide\" aria-hidden=\"true\" width=\"294\""));
        assert!(page.contains("<svg class=\"pre narrow\" aria-hidden=\"true\" width=\"309\""));
        assert!(page.contains("<option value=\"paper\""));
        assert!(page.contains("data-story-step=\"6\""));
        assert!(page.contains("id=\"gd_stop-check\" checked>"));
        assert!(page.contains("<script>var x = 1;</script>"));
        assert!(page.contains("\"state\":\"v=1&preset=paper\""));
        assert!(page.contains("id=\"eps-text\" type=\"text\" value=\"0.01\""));
        assert!(page.contains("class=\"mark-label row1"));
    }
}
