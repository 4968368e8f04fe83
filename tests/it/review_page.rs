//! `lectern diff … --format html`: the review page. Reviews made as a reviewer's Word stores
//! them (lectern's own drafts edited in their XML, a comment and a tracked insertion) imported
//! as versions; two files; several kinds; `-o` through the output-file rules; a snapshot of
//! the page for a small fixed diff; and the pages opened in a real browser (headless
//! Chromium): a screenshot that shows the marks, the DOM, and the printed PDF's text.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::import::reviewed;
use crate::Ws;

const COMMENT: &str = r#"<w:comment w:id="0" w:author="Ann Lee" w:date="2026-11-20T09:05:00Z" w:initials="AL"><w:p><w:r><w:t>Say which crimes.</w:t></w:r></w:p></w:comment>"#;

/// `xml` with `from` replaced by `to`, which must be there.
fn edit(xml: &str, from: &str, to: &str) -> String {
    assert!(xml.contains(from), "the draft changed shape: no {from:?}");
    xml.replacen(from, to, 1)
}

/// The `<w:p …>…</w:p>` element around byte `at`.
fn paragraph_around(xml: &str, at: usize) -> std::ops::Range<usize> {
    let start = xml[..at]
        .rfind("<w:p ")
        .max(xml[..at].rfind("<w:p>"))
        .expect("paragraph start");
    let end = at + xml[at..].find("</w:p>").expect("paragraph end") + "</w:p>".len();
    start..end
}

/// Move the paragraph holding `what` to after the paragraph holding `after`.
fn move_paragraph(xml: &str, what: &str, after: &str) -> String {
    let p = paragraph_around(xml, xml.find(what).expect("moved text"));
    let moved = xml[p.clone()].to_string();
    let mut rest = xml.to_string();
    rest.replace_range(p, "");
    let a = paragraph_around(&rest, rest.find(after).expect("anchor text"));
    rest.insert_str(a.end, &moved);
    rest
}

/// `import` of `file` as `event`'s speech by `by`, with `extra` arguments.
fn import_speech(ws: &Ws, event: &str, file: &str, by: &str, extra: &[&str]) {
    let mut args = vec!["import", event, "--kind", "speech", file, "--by", by];
    args.extend_from_slice(extra);
    ws.run(&args).success();
}

/// An English review: a comment on "transnational crime", a tracked insertion, a word
/// changed; imported as v002 by Ann Lee.
fn english_review() -> Ws {
    let ws = Ws::fixture("basic");
    ws.run(&["draft", "summit", "--kind", "speech"]).success();
    reviewed(
        &ws,
        "output/summit/speech/v001.docx",
        "review.docx",
        |x| {
            let x = edit(
                &x,
                "<w:t xml:space=\"preserve\">No country can fight transnational crime alone.</w:t></w:r>",
                r#"<w:t xml:space="preserve">No country can fight </w:t></w:r><w:commentRangeStart w:id="0"/><w:r><w:t>transnational crime</w:t></w:r><w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r><w:r><w:t xml:space="preserve"> alone.</w:t></w:r><w:ins w:id="101" w:author="Ann Lee" w:date="2026-11-20T09:00:00Z"><w:r><w:t xml:space="preserve"> Together we are stronger.</w:t></w:r></w:ins>"#,
            );
            edit(&x, "Thank you.", "Thank you all.")
        },
        Some(COMMENT),
    );
    // Saved by the reviewer's Word: the core properties say who and when.
    crate::import::rewrite_part(
        &ws,
        "review.docx",
        "docProps/core.xml",
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>Communications Office</dc:creator><cp:lastModifiedBy>Ann Lee</cp:lastModifiedBy><cp:revision>2</cp:revision><dcterms:modified xsi:type="dcterms:W3CDTF">2026-11-20T09:30:00Z</dcterms:modified></cp:coreProperties>"#,
    );
    import_speech(
        &ws,
        "summit",
        "review.docx",
        "Ann Lee",
        &["--note", "legal review"],
    );
    ws
}

/// A French review: a paragraph moved (and lightly edited on the way), a word changed.
fn french_review() -> Ws {
    let ws = Ws::fixture("basic");
    ws.run(&["draft", "summit-fr", "--kind", "speech"])
        .success();
    reviewed(
        &ws,
        "output/summit-fr/speech/v001.docx",
        "relu.docx",
        |x| {
            let x = move_paragraph(&x, "Chaque victime secourue", "Je vous remercie.");
            let x = edit(&x, "pas une statistique", "jamais une simple statistique");
            let x = move_paragraph(&x, "Je vous remercie.", "jamais une simple statistique");
            edit(&x, "lutter seul contre", "combattre seul")
        },
        None,
    );
    import_speech(&ws, "summit-fr", "relu.docx", "Claire Dubois", &[]);
    ws
}

/// An Arabic review: words added and replaced, a comment in Arabic on an added word.
fn arabic_review() -> Ws {
    let ws = Ws::fixture("basic");
    ws.run(&["draft", "summit-ar", "--kind", "speech"])
        .success();
    let comment = r#"<w:comment w:id="0" w:author="ليلى حسن" w:date="2026-11-20T10:05:00Z"><w:p><w:r><w:t>أضفت كلمة «المنظمة» للدقة.</w:t></w:r></w:p></w:comment>"#;
    reviewed(
        &ws,
        "output/summit-ar/speech/v001.docx",
        "murajaa.docx",
        |x| {
            edit(
                &x,
                "يكافح الجريمة العابرة للحدود وحده.</w:t></w:r>",
                r#"يكافح الجريمة </w:t></w:r><w:commentRangeStart w:id="0"/><w:r><w:rPr><w:rtl/></w:rPr><w:t>المنظمة</w:t></w:r><w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r><w:r><w:rPr><w:rtl/></w:rPr><w:t xml:space="preserve"> العابرة للحدود بمفرده.</w:t></w:r>"#,
            )
        },
        Some(comment),
    );
    import_speech(&ws, "summit-ar", "murajaa.docx", "ليلى حسن", &[]);
    ws
}

/// Nothing in the page reaches outside it: no script, style sheet, font, frame or picture
/// from elsewhere.
#[track_caller]
fn self_contained(html: &str) {
    for outside in [
        "<script",
        "<link",
        "<iframe",
        "<img",
        "src=",
        "url(",
        "@import",
        "href=\"http",
        "href=\"//",
        "@font-face",
    ] {
        assert!(!html.contains(outside), "{outside} in the page:\n{html}");
    }
    assert!(html.starts_with(
        "<!DOCTYPE html>\n<html lang=\"en\" dir=\"ltr\">\n<head>\n<meta charset=\"utf-8\">"
    ));
    assert!(html.ends_with("</main>\n</body>\n</html>\n"));
}

#[test]
fn an_imported_review_side_by_side_with_its_comment_and_inputs() {
    let ws = english_review();
    let r = ws.run(&["diff", "summit", "--kind", "speech", "--format", "html"]);
    r.success();
    let html = r.stdout();
    self_contained(&html);
    assert!(
        html.contains("<title>Review: summit speech v001 \u{2192} v002</title>"),
        "{html}"
    );
    assert!(
        html.contains("<dt>Event</dt><dd>summit</dd>\n<dt>Kind</dt><dd>speech</dd>"),
        "{html}"
    );
    assert!(html.contains("<dt>Newer</dt><dd><strong>summit speech v002</strong> \u{2014} edited by Ann Lee in review.docx (based on v001), imported "), "{html}");
    assert!(
        html.contains(" \u{2014} \u{201c}legal review\u{201d}</dd>"),
        "{html}"
    );
    assert!(html.contains("<dt>Changes</dt><dd>+5 \u{2212}0 words, 2 paragraphs changed; 1 tracked change still pending in the newer text</dd>"), "{html}");
    // The words, marked inside the paragraphs, on the side they belong to.
    assert!(
        html.contains(
            "No country can fight transnational crime<sup class=\"c\"><a href=\"#speech-c1\" title=\"comment 1\">C1</a></sup> alone.<ins> Together we are stronger.</ins>"
        ),
        "{html}"
    );
    assert!(html.contains("Thank you<ins> all</ins>."), "{html}");
    // The comment, linked to the paragraph it is anchored in, and back.
    let para = html
        .find("No country can fight transnational crime<sup")
        .expect("paragraph");
    let cell = &html[html[..para].rfind("<td").expect("cell")..para];
    let id = cell
        .split("id=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("id");
    assert!(id.starts_with("speech-n"), "{cell}");
    assert!(html.contains(&format!(
        "<li id=\"speech-c1\"><bdi class=\"who\">Ann Lee</bdi> <span class=\"on\">2026-11-20 09:05 UTC \u{b7} v002 \u{b7} <a href=\"#{id}\">on \u{b6}{}</a></span><blockquote class=\"anchor\">transnational crime</blockquote><p>Say which crimes.</p></li>",
        &id["speech-n".len()..]
    )), "{html}");
    assert!(
        html.contains("<sup class=\"c\"><a href=\"#speech-c1\" title=\"comment 1\">C1</a></sup>"),
        "{html}"
    );
    // An input changed between the two versions: the drafted one and the imported one
    // record different tools' work, so the list is there when the manifests differ.
    let inputs = ws.run(&["diff", "summit", "--kind", "speech"]).stdout();
    assert_eq!(
        html.contains("<h3>Inputs that changed</h3>"),
        inputs.contains("inputs changed:"),
        "{inputs}"
    );
}

#[test]
fn inputs_that_changed_are_listed() {
    let dir = tempfile::tempdir().unwrap();
    fixed_pair(dir.path());
    let o = crate::diff::lectern(dir.path(), &["diff", "sg-test", "--format", "html"]);
    assert!(o.status.success(), "{o:?}");
    let html = String::from_utf8(o.stdout).unwrap();
    assert!(html.contains("<h3>Inputs that changed</h3>\n<ul>\n<li>message cyber-1 v2\u{2192}v3</li>\n<li>message fin-2 v1 added</li>\n<li>now NOT CLEARED</li>\n</ul>"), "{html}");
}

#[test]
fn a_moved_paragraph_is_linked_both_ways() {
    let ws = french_review();
    let r = ws.run(&["diff", "summit-fr", "--kind", "speech", "--format", "html"]);
    r.success();
    let html = r.stdout();
    self_contained(&html);
    let away = html.find("\u{21c4} moved to \u{b6}").expect("moved away");
    let here = html
        .find("\u{21c4} moved from (\u{b6}")
        .expect("moved here");
    // Each end links to the other's cell, and that cell exists.
    let target = |at: usize| {
        let a = html[..at].rfind("href=\"#").expect("link") + "href=\"#".len();
        html[a..].split('"').next().unwrap().to_string()
    };
    let (to_new, to_old) = (target(away), target(here));
    assert!(
        to_new.starts_with("speech-n") && to_old.starts_with("speech-o"),
        "{to_new} {to_old}"
    );
    assert!(
        html.contains(&format!("id=\"{to_new}\" lang=\"fr\"")),
        "{html}"
    );
    assert!(
        html.contains(&format!("id=\"{to_old}\" lang=\"fr\"")),
        "{html}"
    );
    // The edit made on the way is marked on both sides.
    assert!(
        html.contains("<del>pas</del>") && html.contains("<ins>jamais</ins>"),
        "{html}"
    );
    assert!(
        html.contains("<del>lutter</del>") && html.contains("<ins>combattre</ins>"),
        "{html}"
    );
    assert!(html.contains("<dt>Language</dt><dd>fr</dd>"), "{html}");
}

#[test]
fn arabic_paragraphs_are_set_right_to_left() {
    let ws = arabic_review();
    let r = ws.run(&["diff", "summit-ar", "--kind", "speech", "--format", "html"]);
    r.success();
    let html = r.stdout();
    self_contained(&html);
    assert!(html.contains("<table class=\"sbs\" dir=\"rtl\">"), "{html}");
    assert!(html.contains(" lang=\"ar\"><p class=\"p\" dir=\"rtl\">لا يمكن لأي بلد أن يكافح الجريمة <ins>المنظمة</ins><sup class=\"c\"><a href=\"#speech-c1\" title=\"comment 1\">C1</a></sup><ins> </ins>العابرة للحدود <ins>بمفرده</ins>."), "{html}");
    assert!(html.contains("<del>وحده</del>"), "{html}");
    // The comment, its author isolated from the Latin around it, its text right to left.
    assert!(html.contains("<bdi class=\"who\">ليلى حسن</bdi>"), "{html}");
    assert!(
        html.contains("<p dir=\"rtl\">أضفت كلمة «المنظمة» للدقة.</p>"),
        "{html}"
    );
    // A Latin title in an Arabic document stays left to right.
    assert!(
        html.contains(
            "<p class=\"title\" lang=\"\" dir=\"ltr\">Global Summit on Financial Crime</p>"
        ),
        "{html}"
    );
}

#[test]
fn two_files_and_their_comments() {
    let ws = english_review();
    let r = ws.run(&[
        "diff",
        "output/summit/speech/v001.docx",
        "review.docx",
        "--format",
        "html",
    ]);
    r.success();
    let html = r.stdout();
    self_contained(&html);
    assert!(
        html.contains("<title>Review: output/summit/speech/v001.docx \u{2192} review.docx</title>"),
        "{html}"
    );
    assert!(html.contains("<th scope=\"col\" colspan=\"2\">Older: v001.docx</th><th scope=\"col\" colspan=\"2\">Newer: review.docx</th>"), "{html}");
    assert!(html.contains("<bdi class=\"who\">Ann Lee</bdi> <span class=\"on\">2026-11-20 09:05 UTC \u{b7} review.docx \u{b7} <a href=\"#f-n"), "{html}");
    assert!(
        html.contains("1 tracked change still pending in the newer text"),
        "{html}"
    );
    assert!(!html.contains("<dt>Event</dt>"), "{html}");
    // A stored version's file is known by its manifest: how it came to be, its language.
    assert!(
        html.contains("<dt>Older</dt><dd><strong>output/summit/speech/v001.docx</strong> \u{2014} drafted by lectern "),
        "{html}"
    );
    assert!(html.contains("id=\"f-o1\" lang=\"en\">"), "{html}");
    // A Word file says who saved it last.
    assert!(
        html.contains("<dt>Newer</dt><dd><strong>review.docx</strong> \u{2014} last saved by Ann Lee, 2026-11-20 09:30 UTC</dd>"),
        "{html}"
    );
    assert!(html.contains("id=\"f-n1\" lang=\"\">"), "{html}");
    // Markdown and plain text too.
    let fixtures = crate::repo().join("tests/fixtures/review");
    let o = crate::diff::lectern(&fixtures, &["diff", "old.md", "new.md", "--format", "html"]);
    assert!(o.status.success(), "{o:?}");
    let html = String::from_utf8(o.stdout).unwrap();
    assert!(html.contains("<a class=\"move\" href=\"#f-n8\" id=\"f-away4\">\u{21c4} moved to \u{b6}8 \u{2193}</a>"), "{html}");
    assert!(
        html.contains(
            "<a class=\"move\" href=\"#f-o4\">\u{21c4} moved from (\u{b6}4) \u{2191}</a>"
        ),
        "{html}"
    );
    let o = crate::diff::lectern(
        &fixtures,
        &["diff", "ar-old.txt", "ar-new.txt", "--format", "html"],
    );
    let html = String::from_utf8(o.stdout).unwrap();
    // No manifest says the language: the script does.
    assert!(html.contains("<table class=\"sbs\" dir=\"rtl\">"), "{html}");
    assert!(
        html.contains("lang=\"\"><p class=\"p\" lang=\"ar\" dir=\"rtl\">"),
        "{html}"
    );
}

#[test]
fn several_kinds_make_one_page() {
    let ws = english_review();
    ws.run(&["draft", "summit", "--kind", "blog"]).success();
    let r = ws.run(&["diff", "summit", "--format", "html"]);
    r.success();
    let html = r.stdout();
    self_contained(&html);
    assert!(html.contains("<title>Review: summit</title>"), "{html}");
    assert!(html.contains("<section class=\"comparison\" id=\"speech\">\n<h2>speech \u{2014} v001 \u{2192} v002</h2>"), "{html}");
    assert!(
        html.contains(
            "<p class=\"note\">summit blog has one version, v001: nothing to compare yet</p>"
        ),
        "{html}"
    );
}

#[test]
fn the_page_is_written_as_an_output_file() {
    let ws = english_review();
    let args = [
        "diff",
        "summit",
        "--kind",
        "speech",
        "--format",
        "html",
        "-o",
        "review.html",
    ];
    ws.run(&args).success().stderr_has("wrote review.html");
    let page = ws.read("review.html");
    assert!(page.starts_with("<!DOCTYPE html>"));
    ws.run(&args)
        .failure(2)
        .stderr_has("error: review.html already exists");
    let mut forced = args.to_vec();
    forced.push("--force");
    ws.run(&forced).success();
    let r = ws.run(&[
        "diff",
        "summit",
        "--kind",
        "speech",
        "--format",
        "html",
        "-o",
        "output/summit/review.html",
    ]);
    r.failure(2);
    assert_eq!(
        r.stderr(),
        "error: refusing to write output/summit/review.html: it is inside the output folder output, which holds only stored versions\nhint: write it outside the output folder, e.g. in the workspace itself\n"
    );
    assert!(!ws.exists("output/summit/review.html"));
}

/// Two versions as `draft` stores them, with fixed dates, the newer one imported from a
/// reviewer with two comments.
fn fixed_pair(root: &Path) {
    let fixtures = crate::repo().join("tests/fixtures/review");
    let old = std::fs::read_to_string(fixtures.join("old.md")).unwrap();
    let new = std::fs::read_to_string(fixtures.join("new.md")).unwrap();
    let store = crate::diff::store_version;
    store(root, "sg-test", "speech", 1, &old, &[("cyber-1", 1)], false);
    store(root, "sg-test", "speech", 2, &old, &[("cyber-1", 2)], false);
    store(
        root,
        "sg-test",
        "speech",
        3,
        &new,
        &[("cyber-1", 3), ("fin-2", 1)],
        true,
    );
    let path = root.join("output/sg-test/speech/v003.json");
    let mut m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    m["origin"] = serde_json::json!({"kind": "import", "by": "Ana Ruiz", "file": "speech-AR.docx",
        "sha256": "0".repeat(64), "based_on": 2, "note": "second reading"});
    m["comments"] = serde_json::json!([
        {"author": "Ana Ruiz", "date": "2026-03-03T08:15:00Z", "text": "Is \"keeps rising\" <sourced>?", "anchor": "keeps rising"},
        {"author": "Bo Chen", "date": "2026-03-03T08:40:00Z", "text": "A point comment.", "anchor": ""}
    ]);
    std::fs::write(&path, serde_json::to_string_pretty(&m).unwrap()).unwrap();
}

#[test]
fn snapshot_of_a_small_fixed_review() {
    let dir = tempfile::tempdir().unwrap();
    fixed_pair(dir.path());
    let o = crate::diff::lectern(
        dir.path(),
        &["diff", "sg-test", "--from", "1", "--format", "html"],
    );
    assert!(o.status.success(), "{o:?}");
    let html = String::from_utf8(o.stdout).unwrap();
    self_contained(&html);
    insta::assert_snapshot!("review_page", html);
}

// --- In a real browser --------------------------------------------------------------------

/// Debian's Chromium, if installed. CI installs it (`.ci/run`), so there its absence fails.
fn chromium() -> Option<PathBuf> {
    let found = ["chromium", "chromium-browser"]
        .into_iter()
        .find_map(|name| {
            std::env::var_os("PATH").and_then(|paths| {
                std::env::split_paths(&paths)
                    .map(|p| p.join(name))
                    .find(|p| p.is_file())
            })
        });
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "chromium is not installed: CI must install it (.ci/run)"
        );
        eprintln!("skipped: chromium is not installed (apt-get install chromium to run this test)");
    }
    found
}

/// Run headless Chromium on `page` with `args`, in a profile of its own, for at most two
/// minutes; its stdout.
fn browse(chromium: &Path, page: &Path, args: &[String]) -> Vec<u8> {
    let profile = tempfile::tempdir().unwrap();
    let mut child = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--no-first-run",
            "--disable-extensions",
            "--disable-dev-shm-usage",
            "--allow-file-access-from-files",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("chromium starts");
    let start = Instant::now();
    let mut out = Vec::new();
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = std::io::Read::read_to_end(&mut stdout, &mut buf);
        buf
    });
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if start.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            panic!(
                "chromium did not finish within two minutes on {}",
                page.display()
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    out.extend(reader.join().unwrap());
    out
}

/// A PNG's pixels as RGB (8-bit RGB or RGBA, not interlaced: what Chromium writes).
fn png_pixels(bytes: &[u8]) -> (usize, usize, Vec<[u8; 3]>) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
    let (mut w, mut h, mut channels) = (0usize, 0usize, 0usize);
    let mut data = Vec::new();
    let mut at = 8;
    while at + 8 <= bytes.len() {
        let len = u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap()) as usize;
        let kind = &bytes[at + 4..at + 8];
        let body = &bytes[at + 8..at + 8 + len];
        match kind {
            b"IHDR" => {
                w = u32::from_be_bytes(body[0..4].try_into().unwrap()) as usize;
                h = u32::from_be_bytes(body[4..8].try_into().unwrap()) as usize;
                assert_eq!(body[8], 8, "bit depth");
                assert_eq!(body[12], 0, "interlaced");
                channels = match body[9] {
                    2 => 3,
                    6 => 4,
                    t => panic!("PNG colour type {t}"),
                };
            }
            b"IDAT" => data.extend_from_slice(body),
            _ => {}
        }
        at += 12 + len;
    }
    let mut raw = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::ZlibDecoder::new(&data[..]), &mut raw).unwrap();
    let stride = w * channels;
    let mut prev = vec![0u8; stride];
    let mut pixels = Vec::with_capacity(w * h);
    for y in 0..h {
        let line = &raw[y * (stride + 1)..(y + 1) * (stride + 1)];
        let (filter, src) = (line[0], &line[1..]);
        let mut cur = vec![0u8; stride];
        for i in 0..stride {
            let a = if i >= channels { cur[i - channels] } else { 0 };
            let b = prev[i];
            let c = if i >= channels { prev[i - channels] } else { 0 };
            let x = src[i];
            cur[i] = match filter {
                0 => x,
                1 => x.wrapping_add(a),
                2 => x.wrapping_add(b),
                3 => x.wrapping_add(((u16::from(a) + u16::from(b)) / 2) as u8),
                4 => {
                    let p = i16::from(a) + i16::from(b) - i16::from(c);
                    let (pa, pb, pc) = (
                        (p - i16::from(a)).abs(),
                        (p - i16::from(b)).abs(),
                        (p - i16::from(c)).abs(),
                    );
                    let pred = if pa <= pb && pa <= pc {
                        a
                    } else if pb <= pc {
                        b
                    } else {
                        c
                    };
                    x.wrapping_add(pred)
                }
                f => panic!("PNG filter {f}"),
            };
        }
        for px in cur.chunks(channels) {
            pixels.push([px[0], px[1], px[2]]);
        }
        prev = cur;
    }
    (w, h, pixels)
}

/// How many pixels are within 4 of `rgb` on every channel.
fn count_near(pixels: &[[u8; 3]], rgb: [u8; 3]) -> usize {
    pixels
        .iter()
        .filter(|p| p.iter().zip(rgb).all(|(a, b)| a.abs_diff(b) <= 4))
        .count()
}

/// The page `html` opened in Chromium: a screenshot at 100% that is not blank and shows
/// inserted (green) and deleted (red) marks, the DOM holding `words`, and the printed PDF
/// whose text holds `words` too.
fn check_in_browser(chromium: &Path, name: &str, html: &str, words: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join(format!("{name}.html"));
    std::fs::write(&page, html).unwrap();

    let shot = dir.path().join(format!("{name}.png"));
    browse(
        chromium,
        &page,
        &[
            format!("--screenshot={}", shot.display()),
            "--window-size=1280,1400".into(),
        ],
    );
    let bytes = std::fs::read(&shot).unwrap_or_else(|e| panic!("no screenshot of {name}: {e}"));
    // LECTERN_REVIEW_SHOTS=DIR keeps the screenshots and PDFs to look at.
    let keep = std::env::var_os("LECTERN_REVIEW_SHOTS").map(PathBuf::from);
    if let Some(k) = &keep {
        std::fs::write(k.join(format!("{name}.png")), &bytes).unwrap();
        std::fs::write(k.join(format!("{name}.html")), html).unwrap();
    }
    let (w, h, pixels) = png_pixels(&bytes);
    assert_eq!((w, h), (1280, 1400), "{name}");
    let white = count_near(&pixels, [255, 255, 255]);
    assert!(
        pixels.len() - white > pixels.len() / 50,
        "{name}: the screenshot is blank ({white} of {} pixels white)",
        pixels.len()
    );
    // The `ins` and `del` backgrounds of the style sheet.
    assert!(
        count_near(&pixels, [0xd6, 0xf2, 0xdb]) > 200,
        "{name}: no insertion shows"
    );
    assert!(
        count_near(&pixels, [0xfb, 0xdc, 0xdb]) > 100,
        "{name}: no deletion shows"
    );

    let dom = String::from_utf8(browse(chromium, &page, &["--dump-dom".into()])).unwrap();
    for w in words {
        assert!(dom.contains(w), "{name}: {w:?} not in the DOM:\n{dom}");
    }
    assert!(dom.contains("<table class=\"sbs\""), "{name}");

    let pdf = dir.path().join(format!("{name}.pdf"));
    browse(
        chromium,
        &page,
        &[
            format!("--print-to-pdf={}", pdf.display()),
            "--no-pdf-header-footer".into(),
            "--print-to-pdf-no-header".into(),
        ],
    );
    if let Some(k) = &keep {
        let _ = std::fs::copy(&pdf, k.join(format!("{name}.pdf")));
    }
    assert!(
        std::fs::metadata(&pdf)
            .map(|m| m.len() > 1000)
            .unwrap_or(false),
        "{name}: no PDF"
    );
    let text = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs (poppler-utils)");
    let text = String::from_utf8_lossy(&text.stdout);
    // PDF text runs may break lines anywhere: compare with spacing folded.
    // pdftotext also wraps right-to-left runs in embedding marks.
    let fold = |s: &str| {
        s.chars()
            .filter(|c| !matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'))
            .collect::<String>()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let text = fold(&text);
    for w in words {
        assert!(
            text.contains(&fold(w)),
            "{name}: {w:?} not in the printed text:\n{text}"
        );
    }
}

#[test]
fn the_pages_render_in_chromium() {
    let Some(chromium) = chromium() else { return };
    let ws = english_review();
    let html = ws
        .run(&["diff", "summit", "--kind", "speech", "--format", "html"])
        .stdout();
    check_in_browser(
        &chromium,
        "english",
        &html,
        &[
            "Together we are stronger.",
            "Say which crimes.",
            "legal review",
        ],
    );

    let ws = french_review();
    let html = ws
        .run(&["diff", "summit-fr", "--kind", "speech", "--format", "html"])
        .stdout();
    check_in_browser(
        &chromium,
        "french",
        &html,
        &["combattre", "lutter", "jamais", "moved to"],
    );

    let ws = arabic_review();
    let html = ws
        .run(&["diff", "summit-ar", "--kind", "speech", "--format", "html"])
        .stdout();
    check_in_browser(&chromium, "arabic", &html, &["بمفرده", "وحده", "المنظمة"]);
}
