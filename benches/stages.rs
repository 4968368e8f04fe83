//! Where a draft's time goes, stage by stage, single-threaded, in process.
//!
//! cargo bench --bench stages -- WORKSPACE     (e.g. one written by benches/gen_workspace.py)
//!
//! Prints the mean time per draft of: resolve, render (Handlebars → Markdown), parse (Markdown
//! → model), to_markdown, docx::write (build + schema-order fix + deflate), and the file
//! writes of a version (three files, atomically), over every event × kind of the workspace.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use lectern::document::{markdown::to_markdown, parse::parse};
use lectern::draft::{draft, Options};
use lectern::render::{render, Templates};
use lectern::resolve::{resolve, Policy};
use lectern::workspace::Workspace;

fn main() {
    let root = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with("--"))
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            eprintln!("usage: cargo bench --bench stages -- WORKSPACE");
            std::process::exit(2)
        });
    let ws = Workspace::open(&root).unwrap_or_else(|e| panic!("{e:?}"));
    let templates = Templates::load(&ws.templates_dir()).expect("templates");
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 21).unwrap();
    let policy = Policy {
        today,
        allow_unapproved: false,
    };
    let mut t = [Duration::ZERO; 5];
    let mut n = 0u32;
    let mut bytes = 0usize;
    for event in ws.events.values() {
        for &kind in &event.item.outputs {
            let s = Instant::now();
            let r = resolve(&ws, event, kind, policy).expect("resolves");
            t[0] += s.elapsed();
            let s = Instant::now();
            let rendered = render(&templates, &r).expect("renders");
            t[1] += s.elapsed();
            let s = Instant::now();
            let doc = parse(&rendered.markdown, rendered.comments);
            t[2] += s.elapsed();
            let s = Instant::now();
            let md = to_markdown(&doc);
            t[3] += s.elapsed();
            let meta = lectern::docx::DocMeta {
                title: doc.title().unwrap_or_default(),
                author: "bench".into(),
                created: chrono::Utc::now(),
                lang: r.lang,
                kind,
                event_id: event.item.id.to_string(),
                version: 1,
                clearance: r.clearance,
                header: vec!["DRAFT · Version 1 · PUBLIC".into()],
                not_cleared: None,
                footer: "bench".into(),
                page_word: "Page".into(),
                of_word: "of".into(),
            };
            let s = Instant::now();
            let docx = lectern::docx::write(&doc, &meta).expect("writes");
            t[4] += s.elapsed();
            bytes += docx.len() + md.len();
            n += 1;
        }
    }
    let per = |d: Duration| d.as_secs_f64() * 1e6 / f64::from(n);
    let names = ["resolve", "render", "parse", "to_markdown", "docx::write"];
    println!("{n} drafts, mean per draft (µs):");
    for (name, d) in names.iter().zip(t) {
        println!("  {name:<12} {:>8.1}", per(d));
    }
    // The whole pipeline including the three atomic file writes, into a scratch output folder.
    let scratch = tempfile::tempdir().expect("scratch dir");
    let mut ws2 = ws.clone();
    ws2.settings.output = scratch.path().join("output").display().to_string();
    let opts = Options {
        today,
        allow_unapproved: false,
        now: chrono::Utc::now(),
    };
    let s = Instant::now();
    for event in ws2.events.values() {
        for &kind in &event.item.outputs {
            draft(&ws2, &templates, event, kind, &opts).expect("drafts");
        }
    }
    let whole = s.elapsed();
    println!("  {:<12} {:>8.1}", "whole draft", per(whole));
    println!(
        "  => files    {:>8.1} (whole draft minus the stages)",
        per(whole) - names.iter().zip(t).map(|(_, d)| per(d)).sum::<f64>()
    );
    println!(
        "mean DOCX + Markdown size: {:.1} KB",
        bytes as f64 / f64::from(n) / 1024.0
    );
}
