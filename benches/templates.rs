//! Template compilation time against template size. handlebars' compiler asks pest for the
//! line and column of every tag (`Template::compile2` in handlebars' `src/template.rs` calls
//! `span.start_pos().line_col()`), and pest's `Position::line_col` (`src/position.rs`) counts
//! from the start of the text each time: the cost is tags × size, quadratic in the size. This
//! bench shows it (the time roughly quadruples when the size doubles) and what lectern's load
//! costs at its size limit (`render::limits::MAX_TEMPLATE_BYTES`).
//!
//! cargo bench --bench templates [-- LINES...]

use std::time::Instant;

use lectern::library::Kind;
use lectern::render::{limits, Templates};

type Shape = (&'static str, fn(usize) -> String);

fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![2_500, 5_000, 10_000, 20_000]
    } else {
        sizes
    };
    let shapes: [Shape; 3] = [
        ("{{event.title}} lines", |n| "{{event.title}}\n".repeat(n)),
        ("{{a}} tags", |n| "{{a}}".repeat(n)),
        ("plain text lines", |n| {
            "Thank you all for coming.\n".repeat(n)
        }),
    ];
    println!("handlebars::Template::compile");
    for (label, make) in shapes {
        println!("  {label}");
        for &n in &sizes {
            let source = make(n);
            let start = Instant::now();
            let ok = handlebars::Template::compile(&source).is_ok();
            let secs = start.elapsed().as_secs_f64();
            println!(
                "    {n:>7} × {:>9} bytes  {secs:>8.3} s  {}",
                source.len(),
                if ok { "ok" } else { "error" }
            );
        }
    }
    println!(
        "lectern: Templates::from_sources at the size limit ({} KB)",
        limits::MAX_TEMPLATE_BYTES / 1024
    );
    for (label, make) in shapes {
        let mut source = make(limits::MAX_TEMPLATE_BYTES);
        source.truncate(limits::MAX_TEMPLATE_BYTES);
        // Cut back to whole lines or tags so the template still parses.
        let cut = source.rfind(['\n', '}']).map_or(0, |i| i + 1);
        source.truncate(cut);
        let start = Instant::now();
        let result = Templates::from_sources(&[(Kind::Speech, &source)], &[]);
        let secs = start.elapsed().as_secs_f64();
        println!(
            "  {label:<24} {:>9} bytes  {secs:>8.3} s  {}",
            source.len(),
            match result {
                Ok(_) => "ok".to_string(),
                Err(e) => e.to_string(),
            }
        );
    }
}
