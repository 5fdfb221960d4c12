//! Writes a sweep chart as SVG: `cargo run --example sweep_svg -- lr 'preset=paper'`.
use lr_anneal::plot::{sweep_svg, SweepRefs};
use lr_anneal::sweep::{sweep, Axis, SWEEP_POINTS};
use lr_anneal::{simulate, Params};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let axis = Axis::parse(args.get(1).map_or("lr", |s| s.as_str())).expect("lr, k or eps");
    let params = Params::from_query(args.get(2).map_or("", |s| s.as_str())).params;
    let refs = SweepRefs::of(&simulate(&params, false));
    let (svg, _) = sweep_svg(&sweep(&params, axis, SWEEP_POINTS), &refs, false).expect("drawn");
    print!("{svg}");
}
