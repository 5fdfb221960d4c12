//! `lr-anneal`: the same params and the same numbers as the page, from a terminal.

// The prerender (`--panel`, `prerender`) is native only; the wasm build of this binary, which
// nothing runs, leaves it out.
#![cfg_attr(target_arch = "wasm32", allow(unused_variables, unused_assignments))]

use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;

use lr_anneal::montecarlo::{exact, MonteCarlo, Setup, Summary};
use lr_anneal::params::{schema_json, Params, ParamsJson};
#[cfg(not(target_arch = "wasm32"))]
use lr_anneal::plot::panel_svg;
use lr_anneal::plot::{svg, Figure};
#[cfg(not(target_arch = "wasm32"))]
use lr_anneal::prerender::{prerender, PANEL_NARROW, PANEL_WIDE};

const USAGE: &str = "\
lr-anneal: exact numbers for Nakkiran (2020), 'Learning Rate Annealing Can Provably Help
Generalization, Even for Convex Problems'.

Usage:
  lr-anneal run [--trajectory] 'QUERY'   one run as JSON (both optimizers, level set, bounds)
  lr-anneal mc 'QUERY'                   Monte Carlo over sample draws as JSON
  lr-anneal svg [--show a,b,c,loss] [--dark] 'QUERY'
                                         the page's figures as one SVG (default: all four)
  lr-anneal svg --panel wide|narrow --show a|b|c 'QUERY'
                                         one panel of Figure 1 as the page prerenders it
  lr-anneal prerender TEMPLATE BOOT_JS ['QUERY']
                                         the page's index.html from its source, with the
                                         first screen of QUERY (default: the default state)
  lr-anneal schema                       the URL keys, ranges and presets as JSON
  lr-anneal help                         this text

QUERY is the page's URL query, e.g. 'preset=paper&eps=0.001' (empty = the default preset).
A rejected key is an error: each warning goes to stderr and the exit status is 2.";

fn main() -> ExitCode {
    let mut flags: Vec<String> = Vec::new();
    let mut words: Vec<&str> = Vec::new();
    let mut show: Option<String> = None;
    let mut panel: Option<String> = None;
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--show" {
            show = Some(it.next().cloned().unwrap_or_default());
        } else if let Some(v) = a.strip_prefix("--show=") {
            show = Some(v.to_string());
        } else if a == "--panel" {
            panel = Some(it.next().cloned().unwrap_or_default());
        } else if a.starts_with("--") || a == "-h" {
            flags.push(a.clone());
        } else {
            words.push(a);
        }
    }
    let flags: Vec<&str> = flags.iter().map(String::as_str).collect();
    let query = words.get(1).copied().unwrap_or("");
    match (words.first().copied(), words.len()) {
        (Some("run"), 1 | 2) => match only_flags(&flags, &["--trajectory"]) {
            Ok(()) => with_params(query, |p, w| {
                let report = lr_anneal::run(&p, w, flags.contains(&"--trajectory"));
                serde_json::to_value(report).unwrap_or_default()
            }),
            Err(e) => usage_error(&e),
        },
        (Some("mc"), 1 | 2) => match only_flags(&flags, &[]) {
            Ok(()) => with_params(query, |p, _| monte_carlo(&p)),
            Err(e) => usage_error(&e),
        },
        #[cfg(not(target_arch = "wasm32"))]
        (Some("svg"), 1 | 2) if panel.is_some() => {
            let size = match panel.as_deref() {
                Some("wide") => PANEL_WIDE,
                Some("narrow") => PANEL_NARROW,
                _ => return usage_error("--panel takes wide or narrow"),
            };
            let figure = match show.as_deref().map(Figure::parse) {
                Some(Ok(f)) if f != Figure::Loss => f,
                _ => return usage_error("--panel draws one of a, b, c (--show a)"),
            };
            let parsed = Params::from_query(query);
            if report_warnings(&parsed.warnings) {
                return ExitCode::from(2);
            }
            let report = lr_anneal::run(&parsed.params, Vec::new(), true);
            match panel_svg(figure, &report, size) {
                Ok(text) => {
                    print!("{text}");
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("lr-anneal: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        #[cfg(not(target_arch = "wasm32"))]
        (Some("prerender"), 3 | 4) => {
            let read = |path: &str| {
                std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))
            };
            let (template, boot) = match (read(words[1]), read(words[2])) {
                (Ok(t), Ok(b)) => (t, b),
                (Err(e), _) | (_, Err(e)) => return usage_error(&e),
            };
            let query = words.get(3).copied().unwrap_or("");
            let parsed = Params::from_query(query);
            if report_warnings(&parsed.warnings) {
                return ExitCode::from(2);
            }
            match prerender(&template, &boot, query) {
                Ok(page) => {
                    print!("{page}");
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("lr-anneal: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        (Some("svg"), 1 | 2) => {
            if let Err(e) = only_flags(&flags, &["--dark"]) {
                return usage_error(&e);
            }
            let figures = match show
                .as_deref()
                .map(parse_figures)
                .unwrap_or(Ok(Figure::ALL.to_vec()))
            {
                Ok(f) => f,
                Err(e) => return usage_error(&e),
            };
            let parsed = Params::from_query(query);
            if report_warnings(&parsed.warnings) {
                return ExitCode::from(2);
            }
            let report = lr_anneal::run(&parsed.params, Vec::new(), true);
            match svg(&figures, &report, flags.contains(&"--dark")) {
                Ok(text) => {
                    print!("{text}");
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("lr-anneal: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        (Some("schema"), 1) => print_json(&schema_json()),
        (Some("help"), 1) => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ if flags.contains(&"--help") || flags.contains(&"-h") => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => usage_error("expected a command"),
    }
}

fn only_flags(given: &[&str], allowed: &[&str]) -> Result<(), String> {
    match given.iter().find(|f| !allowed.contains(f)) {
        Some(f) => Err(format!("unknown option {f}")),
        None => Ok(()),
    }
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("lr-anneal: {message}\n\n{USAGE}");
    ExitCode::from(2)
}

/// Parses the query; any warning is an error here (exit 2), unlike on the page.
fn with_params(
    query: &str,
    f: impl FnOnce(Params, Vec<lr_anneal::Warning>) -> serde_json::Value,
) -> ExitCode {
    let parsed = Params::from_query(query);
    if report_warnings(&parsed.warnings) {
        return ExitCode::from(2);
    }
    print_json(&f(parsed.params, Vec::new()))
}

/// Prints each warning to stderr; true when there were any.
fn report_warnings(warnings: &[lr_anneal::Warning]) -> bool {
    for w in warnings {
        let fallback = if w.fallback.is_empty() {
            String::new()
        } else {
            format!(" (the page would use {})", w.fallback)
        };
        eprintln!("lr-anneal: {}={}: {}{fallback}", w.key, w.value, w.reason);
    }
    !warnings.is_empty()
}

/// Reads `a,b,c,loss`.
fn parse_figures(list: &str) -> Result<Vec<Figure>, String> {
    list.split(',')
        .map(|name| Figure::parse(name.trim()).map_err(|e| e.to_string()))
        .collect()
}

fn print_json(value: &impl serde::Serialize) -> ExitCode {
    let mut out = std::io::stdout().lock();
    match serde_json::to_writer_pretty(&mut out, value).map(|_| writeln!(out)) {
        Ok(Ok(())) => ExitCode::SUCCESS,
        _ => ExitCode::FAILURE,
    }
}

/// What `lr-anneal mc` prints: the run's summary, the params it used and how long the draws took.
#[derive(serde::Serialize)]
struct McOutput {
    #[serde(flatten)]
    summary: Summary,
    params: ParamsJson,
    elapsed_ms: f64,
}

fn monte_carlo(p: &Params) -> serde_json::Value {
    let setup = Setup::from_params(p);
    let start = Instant::now();
    let mut mc = MonteCarlo::new(setup.clone(), p.seed());
    mc.run(p.trials());
    let elapsed_ms = start.elapsed().as_secs_f64() * 1e3;
    let out = McOutput {
        summary: mc.summary(exact(&setup).as_ref()),
        params: p.to_json(),
        elapsed_ms,
    };
    // Through a `Value`, like `run`: its keys come out in alphabetical order.
    serde_json::to_value(out).unwrap_or_default()
}
