//! Where a draft's time goes, stage by stage, single-threaded, in process.
//!
//! cargo bench --bench stages -- WORKSPACE     (e.g. one written by benches/gen_workspace.py)
//!
//! Runs each stage over every event × kind of the workspace in its own pass: resolve, render
//! (Handlebars → Markdown), parse (Markdown → model), to_markdown, docx::write (parts, deflate,
//! zip), then the whole `draft` including its file writes (three files, atomically, into a
//! scratch folder). Prints the mean per draft as CPU time of this thread (user + system, from
//! /proc/thread-self/schedstat), which a busy machine disturbs far less than wall-clock time,
//! and wall-clock time beside it.

use std::path::PathBuf;
use std::time::Instant;

use lectern::document::{markdown::to_markdown, parse::parse, Document};
use lectern::draft::{draft, Options};
use lectern::library::Kind;
use lectern::render::{render, Templates};
use lectern::resolve::{resolve, Policy};
use lectern::workspace::Workspace;

/// Nanoseconds this thread has run on a CPU (Linux); 0 elsewhere.
fn thread_cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

/// Time `f` over the whole pass: (CPU µs, wall µs) per draft.
fn pass<T>(n: usize, f: impl FnOnce() -> T) -> (T, f64, f64) {
    let (cpu, wall) = (thread_cpu_ns(), Instant::now());
    let out = f();
    let cpu_us = (thread_cpu_ns() - cpu) as f64 / 1e3 / n as f64;
    let wall_us = wall.elapsed().as_secs_f64() * 1e6 / n as f64;
    (out, cpu_us, wall_us)
}

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
    let items: Vec<(&lectern::library::Loaded<lectern::library::Event>, Kind)> = ws
        .events
        .values()
        .flat_map(|e| e.item.outputs.iter().map(move |&k| (e, k)))
        .collect();
    let n = items.len();
    let mut rows: Vec<(&str, f64, f64)> = Vec::new();

    let (resolved, cpu, wall) = pass(n, || {
        items
            .iter()
            .map(|(e, k)| resolve(&ws, e, *k, policy).expect("resolves"))
            .collect::<Vec<_>>()
    });
    rows.push(("resolve", cpu, wall));
    let (rendered, cpu, wall) = pass(n, || {
        resolved
            .iter()
            .map(|r| render(&templates, r).expect("renders"))
            .collect::<Vec<_>>()
    });
    rows.push(("render", cpu, wall));
    let (docs, cpu, wall) = pass(n, || {
        rendered
            .into_iter()
            .map(|r| parse(&r.markdown, r.comments))
            .collect::<Vec<Document>>()
    });
    rows.push(("parse", cpu, wall));
    let (md_bytes, cpu, wall) = pass(n, || {
        docs.iter().map(|d| to_markdown(d).len()).sum::<usize>()
    });
    rows.push(("to_markdown", cpu, wall));
    let (docx_bytes, cpu, wall) = pass(n, || {
        docs.iter()
            .zip(&resolved)
            .map(|(doc, r)| {
                let meta = lectern::docx::DocMeta {
                    company: String::new(),
                    title: doc.title().unwrap_or_default(),
                    author: "bench".into(),
                    created: chrono::Utc::now(),
                    lang: r.lang,
                    kind: r.kind,
                    event_id: r.event.item.id.to_string(),
                    version: 1,
                    clearance: r.clearance,
                    header: vec!["DRAFT · Version 1 · PUBLIC".into()],
                    not_cleared: None,
                    footer: "bench".into(),
                    page_word: "Page".into(),
                    of_word: "of".into(),
                    marks: lectern::docx::Marks::default(),
                };
                lectern::docx::write(doc, &meta).expect("writes").len()
            })
            .sum::<usize>()
    });
    rows.push(("docx::write", cpu, wall));

    // The whole pipeline including the three atomic file writes, into a scratch output folder.
    // lectern writes only inside the workspace, so the folder is made there (removed at the
    // end) and named by its path relative to the workspace, as `output` in lectern.json is.
    let scratch = tempfile::Builder::new()
        .prefix(".bench-stages-")
        .tempdir_in(&ws.root)
        .expect("scratch dir inside the workspace");
    let mut ws2 = ws.clone();
    ws2.settings.output = format!(
        "{}/output",
        scratch
            .path()
            .file_name()
            .expect("a folder name")
            .to_string_lossy()
    );
    let opts = Options {
        today,
        allow_unapproved: false,
        now: chrono::Utc::now(),
        discard_edits: false,
    };
    let ((), cpu, wall) = pass(n, || {
        for event in ws2.events.values() {
            for &kind in &event.item.outputs {
                draft(&ws2, &templates, event, kind, &opts).expect("drafts");
            }
        }
    });
    let stages_cpu: f64 = rows.iter().map(|r| r.1).sum();
    let stages_wall: f64 = rows.iter().map(|r| r.2).sum();
    rows.push(("whole draft", cpu, wall));
    rows.push(("=> the rest", cpu - stages_cpu, wall - stages_wall));

    println!("{n} drafts, mean per draft (µs)    CPU     wall");
    for (name, cpu, wall) in rows {
        println!("  {name:<28} {cpu:>8.1} {wall:>8.1}");
    }
    println!(
        "  (the rest: fingerprint, manifest, hashing, and the file writes, mostly kernel time)"
    );
    println!(
        "mean DOCX + Markdown size: {:.1} KB",
        (md_bytes + docx_bytes) as f64 / n as f64 / 1024.0
    );
}
