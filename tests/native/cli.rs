//! The command line: `lr-anneal run|mc|schema`, its JSON contract and its exit codes.

use crate::common::unexpected_nulls;

use std::process::{Command, Output};

use serde_json::Value;

fn cli(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lr-anneal"))
        .args(args)
        .output()
        .expect("the binary runs")
}

/// Runs and requires success; returns the parsed stdout.
fn json(args: &[&str]) -> Value {
    let out = cli(args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{args:?}: {:?}\n{stderr}", out.status);
    assert!(stderr.is_empty(), "{args:?}: unexpected stderr {stderr}");
    serde_json::from_slice(&out.stdout).expect("stdout is JSON")
}

/// Follows a dotted path (`a.b.c`) through objects.
#[track_caller]
fn at<'a>(v: &'a Value, path: &str) -> &'a Value {
    path.split('.').fold(v, |v, k| {
        v.get(k)
            .unwrap_or_else(|| panic!("missing key {path} (at {k})"))
    })
}

#[track_caller]
fn num(v: &Value, path: &str) -> f64 {
    at(v, path)
        .as_f64()
        .unwrap_or_else(|| panic!("{path} is not a number: {}", at(v, path)))
}

#[test]
fn run_prints_the_contract() {
    let r = json(&["run", ""]);
    for key in [
        "params.query",
        "warnings",
        "samples.x",
        "samples.gamma",
        "samples.lambda",
        "gradient_flow.reached",
        "gradient_flow.time",
        "gradient_flow.beta",
        "gradient_flow.residual",
        "gradient_flow.train_loss",
        "gradient_flow.test_loss",
        "annealed.lr",
        "annealed.gd_steps",
        "annealed.diverged",
        "annealed.beta_after_gd",
        "annealed.reached",
        "annealed.time",
        "annealed.beta",
        "annealed.residual",
        "annealed.train_loss",
        "annealed.test_loss",
        "level_set.good_test_loss",
        "level_set.bad_test_loss",
        "level_set.good_beta",
        "level_set.bad_beta",
        "ratio",
        "bounds",
        "bounds.lemma2",
    ] {
        at(&r, key);
    }
    assert!(r.get("trajectory").is_none(), "trajectory only on request");
    // The default is the paper preset: x = 1,1,2, gamma = (2/3, 1/3), lambda = (1/2, 1/2),
    // level set 0.75 eps and 1.5 eps with eps = 0.01 (Section 2's table).
    assert_eq!(at(&r, "params.query"), "v=1&preset=paper");
    assert_eq!(at(&r, "warnings"), &serde_json::json!([]));
    assert_eq!(at(&r, "samples.x"), &serde_json::json!([1, 1, 2]));
    assert_eq!(
        at(&r, "samples.gamma"),
        &serde_json::json!([2.0 / 3.0, 1.0 / 3.0])
    );
    assert_eq!(at(&r, "samples.lambda"), &serde_json::json!([0.5, 0.5]));
    assert!((num(&r, "level_set.good_test_loss") - 0.0075).abs() < 1e-15);
    assert!((num(&r, "level_set.bad_test_loss") - 0.015).abs() < 1e-15);
    assert_eq!(at(&r, "gradient_flow.reached"), true);
    assert_eq!(at(&r, "annealed.lr"), 1.5);
    assert_eq!(at(&r, "annealed.gd_steps"), 4);
    assert_eq!(at(&r, "annealed.diverged"), false);
    assert!(num(&r, "ratio") >= 1.9);
    assert_eq!(at(&r, "bounds.proposition1.case"), "lucky");
}

#[test]
fn run_with_trajectory_adds_the_paths() {
    let r = json(&["run", "--trajectory", "preset=paper"]);
    let t = at(&r, "trajectory");
    let gf = t["gradient_flow"].as_array().unwrap();
    let gd = t["annealed_gd"].as_array().unwrap();
    let flow = t["annealed_flow"].as_array().unwrap();
    assert!(gf.len() > 10 && flow.len() > 10);
    // K = 4 steps: iterates at steps 0..=4.
    assert_eq!(gd.len(), 5);
    // Paths start at 0 with train loss beta*^T Sigma_hat beta* = 2/3 + 1/3 = 1 and end where the
    // runs stop (train loss eps = 0.01).
    assert_eq!(gf[0]["beta"], serde_json::json!([0.0, 0.0]));
    assert!((gf[0]["train_loss"].as_f64().unwrap() - 1.0).abs() < 1e-15);
    let last = gf.last().unwrap();
    assert!((last["train_loss"].as_f64().unwrap() - 0.01).abs() < 1e-14);
    assert!((last["t"].as_f64().unwrap() - num(&r, "gradient_flow.time")).abs() < 1e-12);
    assert_eq!(last["beta"], *at(&r, "gradient_flow.beta"));
    // The annealed flow starts where the large steps end, at time K * lr = 6.
    assert_eq!(flow[0]["beta"], *at(&r, "annealed.beta_after_gd"));
    assert_eq!(flow[0]["t"].as_f64().unwrap(), 6.0);
    assert_eq!(flow.last().unwrap()["beta"], *at(&r, "annealed.beta"));
    // Times increase along each path.
    for path in [gf, flow, gd] {
        for w in path.windows(2) {
            assert!(w[1]["t"].as_f64().unwrap() > w[0]["t"].as_f64().unwrap());
        }
    }
}

#[test]
fn a_rejected_value_exits_2_naming_the_key() {
    let out = cli(&["run", "eps=abc"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty(), "no JSON on error");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("eps"), "{err}");
    assert!(err.contains("abc"), "{err}");

    for args in [
        &["run", "bogus=1"][..],
        &["run", "eps=0.1&eps=0.2"],
        &["run", "x=9"],
        &["run", "v=2"],
        &["mc", "trials=0"],
        &["mc", "preset=nope"],
    ] {
        let out = cli(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(!out.stderr.is_empty(), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
    // One line per warning.
    let out = cli(&["run", "eps=abc&k=-1&lr=zero"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 3, "{err}");
    for key in ["eps=", "k=", "lr="] {
        assert!(err.contains(key), "{err}");
    }
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &[][..],
        &["frobnicate"],
        &["run", "a=1", "b=2"],
        &["run", "--bogus", ""],
        &["mc", "--trajectory", ""],
        &["schema", "extra"],
    ] {
        let out = cli(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("Usage"),
            "{args:?}"
        );
    }
    for args in [&["help"][..], &["--help"]] {
        let out = cli(args);
        assert!(out.status.success(), "{args:?}");
        assert!(String::from_utf8_lossy(&out.stdout).contains("lr-anneal run"));
    }
}

/// n = 3, d = 2, paper params: P(ratio >= 1.5) = 3/4 exactly (tests/native/paper.rs derives it).
#[test]
fn mc_prints_fraction_interval_exact_and_histogram() {
    let r = json(&["mc", "trials=20000"]);
    for key in [
        "trials",
        "seed",
        "fraction_ratio_ge_1_5",
        "ci95",
        "exact_probability",
        "histogram",
        "elapsed_ms",
    ] {
        at(&r, key);
    }
    assert_eq!(at(&r, "trials"), 20000);
    assert_eq!(at(&r, "seed"), 1);
    let f = num(&r, "fraction_ratio_ge_1_5");
    let ci: Vec<f64> = serde_json::from_value(at(&r, "ci95").clone()).unwrap();
    assert!(ci[0] <= f && f <= ci[1], "{f} outside {ci:?}");
    assert!(ci[0] <= 0.75 && 0.75 <= ci[1], "3/4 outside {ci:?}");
    assert!((num(&r, "exact_probability") - 0.75).abs() <= 1e-12);
    assert!(num(&r, "elapsed_ms") >= 0.0);
    let h = at(&r, "histogram");
    let counts: Vec<u64> = serde_json::from_value(h["counts"].clone()).unwrap();
    let centers: Vec<f64> = serde_json::from_value(h["bin_centers"].clone()).unwrap();
    assert_eq!(counts.len(), centers.len());
    let total: u64 = counts.iter().sum::<u64>()
        + h["overflow"].as_u64().unwrap()
        + h["undefined"].as_u64().unwrap();
    assert_eq!(total, 20000);
    // Ratios are 1 (the 1/4 case) or 1.946: the bins centred on 1.0 and 1.9 hold everything.
    let bin = |c: f64| centers.iter().position(|&x| (x - c).abs() < 1e-9).unwrap();
    assert_eq!(counts[bin(1.0)] + counts[bin(1.9)], 20000);
    assert!(((counts[bin(1.9)] as f64 / 20000.0) - f).abs() < 1e-15);

    // The same seed gives the same draws; label noise has no exact probability.
    assert_eq!(
        json(&["mc", "trials=20000"])["fraction_ratio_ge_1_5"],
        r["fraction_ratio_ge_1_5"]
    );
    assert!(json(&["mc", "trials=10&noise=0.1"])["exact_probability"].is_null());
}

#[test]
fn schema_lists_every_key_and_preset() {
    let s = json(&["schema"]);
    let keys: Vec<&str> = s["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["key"].as_str().unwrap())
        .collect();
    assert_eq!(
        keys,
        [
            "v", "preset", "beta", "x", "n", "seed", "eps", "lr", "k", "gd_stop", "schedule",
            "lr_end", "batch", "inputs", "cov", "noise", "trials", "flow_lr", "gamma", "lambda",
            "small", "plane", "embed", "show", "controls", "theme", "step"
        ]
    );
    let presets: Vec<(&str, &str)> = s["presets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["name"].as_str().unwrap(), p["query"].as_str().unwrap()))
        .collect();
    assert_eq!(presets.len(), lr_anneal::params::PRESETS.len());
    assert!(presets.len() >= 8, "{presets:?}");
    for (name, query) in presets {
        assert_eq!(query, format!("v=1&preset={name}"));
    }
    assert_eq!(s["version"], "1");
}

/// lr = 1000, K = 1000 on the paper draw: factor 1 - 2000 (2/3) = -1332.33 on delta_1, so
/// |delta_1| = 1332.33^k and the train loss (2/3) delta_1^2 overflows (> 1.8e308) once
/// 2 k ln 1332.33 > ln(1.8e308 * 3/2), i.e. k > 709.8 / 14.39 = 49.3: first at step 50, where the
/// run is declared diverged. Nothing may be NaN.
#[test]
fn a_diverging_run_has_no_nan() {
    for args in [
        &["run", "lr=1000&k=1000"][..],
        &["run", "--trajectory", "lr=1000&k=1000"],
        &["run", "lr=1000&k=1000&noise=3&beta=1000,-1000,5&n=1000"],
        &["mc", "lr=1000&k=1000&trials=200"],
        &["mc", "lr=1000&k=1000&trials=200&noise=1"],
    ] {
        let out = cli(args);
        assert!(out.status.success(), "{args:?}");
        let text = String::from_utf8_lossy(&out.stdout);
        for bad in ["NaN", "nan", "inf"] {
            assert!(!text.contains(bad), "{args:?}: {bad} in output");
        }
        let v: Value = serde_json::from_str(&text).unwrap();
        let mut nulls = Vec::new();
        unexpected_nulls(&v, "", &mut nulls);
        assert!(nulls.is_empty(), "{args:?}: null at {nulls:?}");
        if args[0] == "run" {
            assert_eq!(v["annealed"]["diverged"], true, "{args:?}");
            assert_eq!(v["annealed"]["reached"], false);
            assert!(v["ratio"].is_null());
            let steps = v["annealed"]["diverged_at_step"].as_u64().unwrap();
            assert!(steps > 0 && steps < 1000, "{steps}");
        } else {
            assert_eq!(v["histogram"]["undefined"], 200, "{args:?}");
        }
    }
    let v = json(&["run", "lr=1000&k=1000"]);
    assert_eq!(v["annealed"]["diverged_at_step"], 50);
    assert_eq!(v["annealed"]["gd_steps"], 50);
    // The last finite iterate is step 49: delta_1 = -(-1332.33...)^49 > 0 (odd power), so
    // beta_1 = 1 + 1332.33^49 ~ 1.3e153.
    let b1 = v["annealed"]["beta_after_gd"][0].as_f64().unwrap();
    let expected = (1.0f64 - 2000.0 * (2.0 / 3.0)).abs().powi(49);
    assert!(
        (b1 - expected).abs() <= 1e-12 * expected,
        "{b1:e} vs {expected:e}"
    );
}

/// `run` states whether the comparison is like-for-like, the rule the large steps stop by, the
/// fraction of a shortened last step, and one caption per figure.
#[test]
fn run_says_whether_the_comparison_is_like_for_like() {
    let v = json(&["run", "lr=1.08"]);
    assert_eq!(v["params"]["gd_stop"], "check");
    assert_eq!(v["comparable"], false);
    assert_eq!(v["verdict"]["kind"], "not_comparable");
    assert!(v["annealed"]["cut_fraction"].is_null());
    let v = json(&["run", "lr=1.08&gd_stop=cut"]);
    assert_eq!(v["params"]["gd_stop"], "cut");
    assert_eq!(v["params"]["query"], "v=1&preset=paper&lr=1.08&gd_stop=cut");
    assert_eq!(v["comparable"], true);
    let s = v["annealed"]["cut_fraction"].as_f64().unwrap();
    assert!(0.0 < s && s < 1.0, "{s}");
    for part in ["a", "b", "c", "loss"] {
        let text = v["captions"][part].as_str().unwrap();
        assert!(text.ends_with('.'), "{part}: {text}");
    }
    // A rejected rule is an error, as every rejected value.
    assert_eq!(cli(&["run", "gd_stop=flow"]).status.code(), Some(2));
}
