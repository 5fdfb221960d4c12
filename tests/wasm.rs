//! Browser tests of the wasm boundary (wasm-bindgen-test in headless Chromium):
//! `cargo test --target wasm32-unknown-unknown`, run by `./build.sh test`. Every export against
//! the native function it wraps: the values that cross are typed JS objects equal to the JSON of
//! `lr-anneal run`, and bad input is a JS `Error`, never a panic.
#![cfg(target_arch = "wasm32")]

use lr_anneal::montecarlo::{MonteCarlo, Setup};
use lr_anneal::plot::{self, Figure};
use lr_anneal::web::{
    draw_histogram, exact_view, export_size, monte_carlo_key, parse, schema, set_param,
    MonteCarloRun, View,
};
use lr_anneal::{share, Params};
use serde_json::Value;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

wasm_bindgen_test_configure!(run_in_browser);

fn canvas(width: u32, height: u32) -> HtmlCanvasElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let canvas: HtmlCanvasElement = document
        .create_element("canvas")
        .unwrap()
        .dyn_into()
        .unwrap();
    canvas.set_width(width);
    canvas.set_height(height);
    canvas
}

/// RGBA pixels of a canvas.
fn pixels(canvas: &HtmlCanvasElement) -> Vec<u8> {
    let ctx: CanvasRenderingContext2d = canvas
        .get_context("2d")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    ctx.get_image_data(0.0, 0.0, canvas.width() as f64, canvas.height() as f64)
        .unwrap()
        .data()
        .0
}

/// How many pixels are within `tol` of an RGB colour in every channel.
fn count(px: &[u8], rgb: (u8, u8, u8), tol: i32) -> usize {
    px.chunks(4)
        .filter(|p| {
            (p[0] as i32 - rgb.0 as i32).abs() <= tol
                && (p[1] as i32 - rgb.1 as i32).abs() <= tol
                && (p[2] as i32 - rgb.2 as i32).abs() <= tol
        })
        .count()
}

const GRADIENT_FLOW: (u8, u8, u8) = (0xd5, 0x5e, 0x00);
const ANNEALED: (u8, u8, u8) = (0x00, 0x72, 0xb2);
const LEVEL_SET: (u8, u8, u8) = (0xcc, 0x79, 0xa7);

#[wasm_bindgen_test]
fn figure_a_draws_background_level_set_and_gradient_flow() {
    let view = View::new("preset=paper");
    let c = canvas(400, 360);
    view.draw("a", c.clone(), false, 1.0, None).unwrap();
    let px = pixels(&c);
    assert_eq!(
        &px[..4],
        &[255, 255, 255, 255],
        "light background in the corner"
    );
    assert!(
        count(&px, GRADIENT_FLOW, 8) > 200,
        "gradient-flow path drawn"
    );
    assert!(count(&px, LEVEL_SET, 8) > 100, "level set drawn");
    assert_eq!(count(&px, ANNEALED, 8), 0, "figure (a) has no annealed run");
}

#[wasm_bindgen_test]
fn figure_b_draws_the_annealed_run_and_dark_theme_changes_the_background() {
    let view = View::new("preset=paper");
    let c = canvas(400, 360);
    view.draw("b", c.clone(), true, 2.0, None).unwrap();
    let px = pixels(&c);
    assert_eq!(&px[..4], &[0x16, 0x18, 0x1d, 255], "dark background");
    assert!(
        count(&px, (0x56, 0xb4, 0xe9), 8) > 200,
        "annealed run in the dark palette"
    );
}

#[wasm_bindgen_test]
fn a_different_query_draws_different_pixels() {
    let c1 = canvas(300, 300);
    let c2 = canvas(300, 300);
    View::new("preset=paper")
        .draw("loss", c1.clone(), false, 1.0, None)
        .unwrap();
    View::new("preset=paper&eps=0.001")
        .draw("loss", c2.clone(), false, 1.0, None)
        .unwrap();
    assert_ne!(pixels(&c1), pixels(&c2));
}

fn error_message(e: wasm_bindgen::JsError) -> String {
    let value: JsValue = e.into();
    let error: js_sys::Error = value.dyn_into().expect("a JS Error");
    error.message().into()
}

#[wasm_bindgen_test]
fn bad_input_from_js_is_an_error_not_a_panic() {
    let view = View::new("preset=paper");
    let c = canvas(100, 100);
    let e = view.draw("zzz", c.clone(), false, 1.0, None).unwrap_err();
    assert!(error_message(e).contains("unknown figure"));
    let e = view.draw("a", c, false, f64::NAN, None).unwrap_err();
    assert!(error_message(e).contains("scale"));
    let e = set_param("preset=paper", "eps", "abc").unwrap_err();
    let message = error_message(e);
    assert!(
        message.contains("eps") && message.contains("not a number"),
        "{message}"
    );
    let e = set_param("preset=paper", "nope", "1").unwrap_err();
    assert!(error_message(e).contains("unknown key"));
}

/// A JS value as JSON (through `JSON.stringify`, as a downloaded file has it).
fn json_of(value: &JsValue) -> Value {
    let text: String = js_sys::JSON::stringify(value).unwrap().into();
    serde_json::from_str(&text).unwrap()
}

/// Equal JSON values, numbers compared as f64 (JS writes 1.0 as `1`, serde_json as `1.0`) to
/// 1e-12 relative: the module's libm (exp, ln) may round a last bit differently from the host's.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            x == y || (x - y).abs() <= 1e-12 * x.abs().max(y.abs())
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.keys().eq(y.keys()) && x.iter().all(|(k, v)| same(v, &y[k]))
        }
        _ => a == b,
    }
}

#[wasm_bindgen_test]
fn hostile_queries_render_with_warnings() {
    let mut view = View::new("eps=NaN&lr=-1&beta=1e400&x=9&<script>=1");
    let json = json_of(&view.report().unwrap());
    let keys: Vec<&str> = json["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["key"].as_str().unwrap())
        .collect();
    for key in ["eps", "lr", "beta", "x", "<script>"] {
        assert!(keys.contains(&key), "warning for {key}: {keys:?}");
    }
    assert_eq!(json["params"]["query"], "v=1&preset=paper");
    view.draw("c", canvas(200, 200), false, 1.0, None).unwrap();
}

#[wasm_bindgen_test]
fn set_param_returns_the_canonical_query() {
    assert_eq!(
        set_param("", "eps", "0.001").unwrap(),
        "v=1&preset=paper&eps=0.001"
    );
    assert_eq!(
        set_param("preset=unlucky&eps=0.5", "x", "2,2,1").unwrap(),
        "v=1&preset=unlucky&x=2,2,1&eps=0.5"
    );
}

/// The report of `query` as the native code makes it.
fn report(query: &str, with_trajectory: bool) -> lr_anneal::Report {
    let parsed = Params::from_query(query);
    lr_anneal::run(&parsed.params, parsed.warnings, with_trajectory)
}

#[wasm_bindgen_test]
fn the_report_crosses_as_a_typed_object_equal_to_the_clis_json() {
    for q in [
        "preset=paper&eps=0.02",
        "preset=lemma2-3d",
        "lr=2&k=40",
        "noise=0.3&flow_lr=0.05",
    ] {
        let mut view = View::new(q);
        let c1 = canvas(300, 280);
        view.draw("b", c1.clone(), false, 1.0, None).unwrap();
        let js = view.report().unwrap();
        assert!(
            js.is_object() && !js.is_string(),
            "{q}: an object, not JSON text"
        );
        let native = serde_json::to_value(report(q, false)).unwrap();
        let shown = json_of(&js);
        assert!(same(&shown, &native), "{q}: {shown} vs {native}");
        assert!(shown.get("trajectory").is_none());
        // The paths are kept for drawing: the same picture after report().
        let c2 = canvas(300, 280);
        view.draw("b", c2.clone(), false, 1.0, None).unwrap();
        assert_eq!(pixels(&c1), pixels(&c2));
        let paths = serde_json::to_value(report(q, true).outcome.trajectory).unwrap();
        assert!(same(&json_of(&view.trajectory().unwrap()), &paths), "{q}");
    }
    // Playback's stops: the paper's four large steps of 1.5 are among them.
    let view = View::new("preset=paper");
    let stops = view.stops();
    for t in [1.5, 3.0, 4.5, 6.0] {
        assert!(stops.contains(&t), "{stops:?}");
    }
    assert_eq!(stops, report("preset=paper", true).playback_stops());
    let at = json_of(&view.playhead(3.0).unwrap());
    let native = serde_json::to_value(report("preset=paper", true).at(3.0)).unwrap();
    assert!(same(&at, &native));
}

#[wasm_bindgen_test]
fn schema_and_parse_are_the_native_values() {
    let native = serde_json::to_value(lr_anneal::params::schema_json()).unwrap();
    assert!(same(&json_of(&schema().unwrap()), &native));
    let parsed = json_of(&parse("eps=2&nope=1").unwrap());
    assert_eq!(parsed["params"]["query"], "v=1&preset=paper&eps=2");
    assert_eq!(parsed["warnings"][0]["key"], "nope");
    for (name, figure) in [("a", Figure::A), ("loss", Figure::Loss)] {
        let (w, h) = plot::composed_size(&[figure]);
        assert_eq!(&*export_size(name).unwrap(), &[w, h]);
    }
    assert!(export_size("zzz").is_err());
    // A download's PNG is drawn as the SVG export: at twice its size, with pixels of (B)'s run.
    let (w, h) = plot::composed_size(&[Figure::B]);
    let c = canvas(2 * w, 2 * h);
    View::new("preset=paper")
        .draw_export("b", c.clone(), false, 2.0)
        .unwrap();
    assert!(
        count(&pixels(&c), ANNEALED, 8) > 400,
        "the annealed run drawn at 2x"
    );
}

#[wasm_bindgen_test]
fn the_views_downloads_are_the_native_functions_of_the_same_state() {
    let q = "preset=large-lr&eps=0.03";
    let view = View::new(q);
    assert_eq!(
        view.svg("a, loss", true).unwrap(),
        plot::svg(&[Figure::A, Figure::Loss], &report(q, true), true).unwrap()
    );
    assert_eq!(view.table_csv(), share::table_csv(&report(q, false)));
    assert_eq!(
        view.trajectory_csv(),
        share::trajectory_csv(&report(q, true))
    );
    assert_eq!(
        view.file_name("table", "csv"),
        share::file_name(&Params::from_query(q).params, "table", "csv")
    );
}

#[wasm_bindgen_test]
fn a_sweep_is_drawn_and_says_where_its_points_are() {
    let c = canvas(400, 240);
    let mut view = View::new("preset=paper");
    let sweep = json_of(&view.sweep("lr").unwrap());
    // The numbers are the native sweep of the same state.
    let native = lr_anneal::sweep::sweep(
        &Params::from_query("preset=paper").params,
        lr_anneal::sweep::Axis::Lr,
        lr_anneal::sweep::SWEEP_POINTS,
    );
    assert!(same(
        &sweep["sweep"],
        &serde_json::to_value(&native).unwrap()
    ));
    let n = native.values.len();
    assert_eq!(sweep["text"]["values"].as_array().unwrap().len(), n);
    let hit = json_of(&view.draw_sweep("lr", c.clone(), false, 1.0).unwrap());
    let xs = hit["x"].as_array().unwrap();
    assert_eq!(xs.len(), n);
    let x: Vec<f64> = xs.iter().map(|v| v.as_f64().unwrap()).collect();
    assert!(x.windows(2).all(|w| w[0] < w[1]), "left to right: {x:?}");
    assert!(x[0] >= 0.0 && x[n - 1] <= 400.0);
    // The marks are typed: symbol, note, value.
    let mark = &sweep["sweep"]["marks"][0];
    assert_eq!(mark["symbol"], "1/γₘₐₓ");
    assert_eq!(mark["value"].as_f64(), Some(1.5));
    assert!(mark["note"].as_str().unwrap().contains("top direction"));
    let px = pixels(&c);
    assert!(count(&px, GRADIENT_FLOW, 40) > 50 && count(&px, ANNEALED, 40) > 50);
}

#[wasm_bindgen_test]
fn monte_carlo_crosses_typed_and_equals_the_native_run() {
    let q = "preset=paper&trials=3000&seed=11";
    let mut run = MonteCarloRun::new(q);
    assert_eq!(run.step(1000), 1000.0);
    while !run.done() {
        run.step(700);
    }
    let summary = run.summary().unwrap();
    let params = Params::from_query(q).params;
    let mut native = MonteCarlo::new(Setup::from_params(&params), params.seed());
    native.run(3000);
    let want = serde_json::to_value(native.summary(None)).unwrap();
    assert!(same(&json_of(&summary), &want), "{}", json_of(&summary));
    // The summary comes back typed to draw its histogram; null draws an empty chart.
    let c = canvas(300, 200);
    draw_histogram(summary, c.clone(), false, 1.0).unwrap();
    draw_histogram(JsValue::NULL, canvas(300, 200), false, 1.0).unwrap();
    let exact = json_of(&exact_view("preset=paper").unwrap());
    assert_eq!(exact["fraction"], "3/4");
    assert!(exact_view("preset=paper&noise=0.1").unwrap().is_null());
    let keys = json_of(&monte_carlo_key(q).unwrap());
    let other = json_of(&monte_carlo_key("preset=paper&trials=3000&seed=12").unwrap());
    assert_eq!(keys["exact"], other["exact"]);
    assert_ne!(keys["run"], other["run"]);
}

#[wasm_bindgen_test]
fn bad_input_to_the_boundary_is_an_error_not_a_panic() {
    let mut view = View::new("preset=paper");
    let e = view.svg("a,zzz", false).unwrap_err();
    assert!(error_message(e).contains("unknown figure"));
    let e = view.sweep("beta").unwrap_err();
    assert!(error_message(e).contains("axis"));
    let e = view
        .draw_sweep("beta", canvas(50, 50), false, 1.0)
        .unwrap_err();
    assert!(error_message(e).contains("axis"));
    let e = view
        .draw_sweep("k", canvas(50, 50), false, 0.0)
        .unwrap_err();
    assert!(error_message(e).contains("scale"));
    let e = draw_histogram(
        JsValue::from_str("{not a summary"),
        canvas(50, 50),
        false,
        1.0,
    )
    .unwrap_err();
    assert!(!error_message(e).is_empty());
}
