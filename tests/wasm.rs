//! Browser tests of the wasm boundary (wasm-bindgen-test in headless Chromium):
//! `cargo test --target wasm32-unknown-unknown`, run by `./build.sh test`. Both modules' exports
//! (the default features `page` and `extras`, which the page loads as two modules).
#![cfg(all(target_arch = "wasm32", feature = "page", feature = "extras"))]

use lr_anneal::plot::{self, Figure};
use lr_anneal::web::{
    draw_histogram, draw_sweep, file_name, set_param, svg, table_csv, trajectory_csv,
    trajectory_json, View,
};
use lr_anneal::{share, Params};
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
    view.draw("a", c.clone(), false, 1.0).unwrap();
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
    view.draw("b", c.clone(), true, 2.0).unwrap();
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
        .draw("loss", c1.clone(), false, 1.0)
        .unwrap();
    View::new("preset=paper&eps=0.001")
        .draw("loss", c2.clone(), false, 1.0)
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
    let e = view.draw("zzz", c.clone(), false, 1.0).unwrap_err();
    assert!(error_message(e).contains("unknown figure"));
    let e = view.draw("a", c, false, f64::NAN).unwrap_err();
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

#[wasm_bindgen_test]
fn hostile_queries_render_with_warnings() {
    let mut view = View::new("eps=NaN&lr=-1&beta=1e400&x=9&<script>=1");
    let json: serde_json::Value = serde_json::from_str(&view.json().unwrap()).unwrap();
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
    view.draw("c", canvas(200, 200), false, 1.0).unwrap();
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
fn view_json_is_the_report_without_paths_and_keeps_them_for_drawing() {
    let q = "preset=paper&eps=0.02";
    let mut view = View::new(q);
    let c1 = canvas(300, 280);
    view.draw("b", c1.clone(), false, 1.0).unwrap();
    let json = view.json().unwrap();
    assert_eq!(json, serde_json::to_string(&report(q, false)).unwrap());
    assert!(!json.contains("\"trajectory\""));
    // The paths are back after json(): the same picture.
    let c2 = canvas(300, 280);
    view.draw("b", c2.clone(), false, 1.0).unwrap();
    assert_eq!(pixels(&c1), pixels(&c2));
    // Playback's stops: the paper's four large steps of 1.5.
    assert_eq!(view.step_times(), vec![1.5, 3.0, 4.5, 6.0]);
}

#[wasm_bindgen_test]
fn the_extras_exports_are_the_native_functions_of_the_same_query() {
    let q = "preset=large-lr&eps=0.03";
    assert_eq!(
        svg(q, "a, loss", true).unwrap(),
        plot::svg(&[Figure::A, Figure::Loss], &report(q, true), true).unwrap()
    );
    assert_eq!(table_csv(q), share::table_csv(&report(q, false)));
    assert_eq!(trajectory_csv(q), share::trajectory_csv(&report(q, true)));
    assert_eq!(
        trajectory_json(q).unwrap(),
        serde_json::to_string(&report(q, true).trajectory).unwrap()
    );
    assert_eq!(
        file_name(q, "table", "csv"),
        share::file_name(&Params::from_query(q).params, "table", "csv")
    );
}

#[wasm_bindgen_test]
fn a_sweep_is_drawn_and_says_where_its_points_are() {
    let c = canvas(400, 240);
    let json = draw_sweep("preset=paper", "lr", 41, c.clone(), false, 1.0).unwrap();
    let view: serde_json::Value = serde_json::from_str(&json).unwrap();
    let xs = view["hit"]["x"].as_array().unwrap();
    assert_eq!(xs.len(), 41);
    let x: Vec<f64> = xs.iter().map(|v| v.as_f64().unwrap()).collect();
    assert!(x.windows(2).all(|w| w[0] < w[1]), "left to right: {x:?}");
    assert!(x[0] >= 0.0 && x[40] <= 400.0);
    let px = pixels(&c);
    assert!(count(&px, GRADIENT_FLOW, 40) > 50 && count(&px, ANNEALED, 40) > 50);
}

#[wasm_bindgen_test]
fn bad_input_to_the_extras_is_an_error_not_a_panic() {
    let e = svg("preset=paper", "a,zzz", false).unwrap_err();
    assert!(error_message(e).contains("unknown figure"));
    let e = draw_sweep("preset=paper", "beta", 10, canvas(50, 50), false, 1.0).unwrap_err();
    assert!(error_message(e).contains("axis"));
    let e = draw_sweep("preset=paper", "k", 10, canvas(50, 50), false, 0.0).unwrap_err();
    assert!(error_message(e).contains("scale"));
    let e = draw_histogram("{not json", canvas(50, 50), false, 1.0).unwrap_err();
    assert!(!error_message(e).is_empty());
}
