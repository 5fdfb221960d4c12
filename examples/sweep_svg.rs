//! Writes a sweep chart as SVG: `cargo run --example sweep_svg -- lr 'preset=paper'`.
use lr_anneal::plot_explore::sweep_svg;
use lr_anneal::sweep::Axis;
use lr_anneal::Params;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let axis = Axis::parse(args.get(1).map_or("lr", |s| s.as_str())).expect("lr, k or eps");
    let params = Params::from_query(args.get(2).map_or("", |s| s.as_str())).params;
    let (svg, _) = sweep_svg(&params, axis, 60, false).expect("drawn");
    print!("{svg}");
}
