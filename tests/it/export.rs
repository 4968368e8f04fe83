//! `lectern export EVENT --kind K --format html`: a stored version as one self-contained web
//! page, to standard output or a file that is never replaced without `--force` and never
//! inside the output folder.

use crate::pictures::png;
use crate::Ws;

fn drafted() -> Ws {
    let ws = Ws::fixture("basic");
    let text = ws.read("events/summit.json");
    let at = text.find("  \"language\"").unwrap();
    let text = format!(
        "{}  \"image\": {{\"path\": \"assets/lead.png\", \"alt\": \"Delegates <in> the hall\", \"credit\": \"Example\"}},\n{}",
        &text[..at],
        &text[at..]
    );
    ws.write("events/summit.json", &text);
    let p = ws.path().join("assets/lead.png");
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, png(192, 96, 96)).unwrap();
    ws.run(&["draft", "summit", "--kind", "blog"]).success();
    ws
}

#[test]
fn writes_the_latest_version_as_one_page_on_stdout() {
    let ws = drafted();
    let r = ws.run(&["export", "summit", "--kind", "blog", "--format", "html"]);
    r.success();
    assert_eq!(r.stderr(), "");
    let html = r.stdout();
    assert!(
        html.starts_with(
            "<!DOCTYPE html>\n<html lang=\"en\" dir=\"ltr\">\n<head>\n<meta charset=\"utf-8\">"
        ),
        "{html}"
    );
    assert!(
        html.contains("<title>Global Summit on Financial Crime</title>"),
        "{html}"
    );
    assert!(
        html.contains("<h1>Global Summit on Financial Crime</h1>"),
        "{html}"
    );
    assert!(
        html.contains("<img src=\"data:image/png;base64,iVBORw0KGgo"),
        "{html}"
    );
    assert!(
        html.contains("alt=\"Delegates &lt;in&gt; the hall\" width=\"192\" height=\"96\">"),
        "{html}"
    );
    assert!(html.contains("<p><em>Photo: Example</em></p>"), "{html}");
    // The fact's citation: a numbered note, linked both ways.
    assert!(
        html.contains("<sup><a id=\"fnref-1\" href=\"#fn-1\" role=\"doc-noteref\">1</a></sup>"),
        "{html}"
    );
    assert!(html.contains("<li id=\"fn-1\">"), "{html}");
    assert!(
        html.contains(
            "<a href=\"#fnref-1\" role=\"doc-backlink\" aria-label=\"Back to text\">↩</a>"
        ),
        "{html}"
    );
    // Self-contained: nothing fetched from elsewhere.
    assert!(
        !html.contains("<script") && !html.contains("<link"),
        "{html}"
    );
    assert!(html.ends_with("</article>\n</body>\n</html>\n"), "{html}");
}

#[test]
fn arabic_web_copy_is_right_to_left_with_its_table() {
    let ws = Ws::fixture("basic");
    ws.run(&["draft", "summit-ar", "--kind", "press-briefing"])
        .success();
    let r = ws.run(&["export", "summit-ar", "--kind", "press-briefing"]);
    r.success();
    let html = r.stdout();
    assert!(html.contains("<html lang=\"ar\" dir=\"rtl\">"), "{html}");
    assert!(
        html.contains("<table>\n<thead>\n<tr><th scope=\"col\">الرقم</th><th scope=\"col\">المصدر</th></tr>\n</thead>\n<tbody>\n"),
        "{html}"
    );
    assert!(html.contains("<h2>ملاحظات</h2>"), "{html}");
}

#[cfg(unix)]
#[test]
fn a_file_is_written_once_and_replaced_only_with_force() {
    use std::os::unix::fs::PermissionsExt;
    let ws = drafted();
    std::fs::create_dir(ws.path().join("web")).unwrap();
    let r = ws.run(&[
        "export",
        "summit",
        "--kind",
        "blog",
        "--version",
        "1",
        "-o",
        "web/blog.html",
    ]);
    r.success();
    assert_eq!(r.stdout(), "");
    assert_eq!(r.stderr(), "wrote web/blog.html (summit blog v001)\n");
    let first = ws.read("web/blog.html");
    assert!(first.contains("<h1>Global Summit on Financial Crime</h1>"));
    let mode = std::fs::metadata(ws.path().join("web/blog.html"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o644);

    ws.write("web/blog.html", "edited by hand\n");
    let r = ws.run(&["export", "summit", "--kind", "blog", "-o", "web/blog.html"]);
    r.failure(2);
    assert_eq!(
        r.stderr(),
        "error: web/blog.html already exists\nhint: pass --force to replace it, or choose another name\n"
    );
    assert_eq!(ws.read("web/blog.html"), "edited by hand\n");
    ws.run(&[
        "export",
        "summit",
        "--kind",
        "blog",
        "-o",
        "web/blog.html",
        "--force",
    ])
    .success();
    assert_eq!(ws.read("web/blog.html"), first);
}

#[test]
fn never_into_the_output_folder_and_only_stored_versions() {
    let ws = drafted();
    let r = ws.run(&[
        "export",
        "summit",
        "--kind",
        "blog",
        "-o",
        "output/summit/blog/page.html",
    ]);
    r.failure(2);
    assert_eq!(
        r.stderr(),
        "error: refusing to write output/summit/blog/page.html: it is inside the output folder output, which holds only stored versions\nhint: write it outside the output folder, e.g. in the workspace itself\n"
    );
    assert!(!ws.exists("output/summit/blog/page.html"));
    ws.run(&[
        "export",
        "summit",
        "--kind",
        "blog",
        "-o",
        "output/web/page.html",
    ])
    .failure(2)
    .stderr_has("error: cannot write into output/web: No such file or directory");
    assert!(!ws.exists("output/web"));
    let r = ws.run(&["export", "summit", "--kind", "blog", "--version", "7"]);
    r.failure(2);
    assert_eq!(
        r.stderr(),
        "error: summit blog has no version 7\nhint: versions stored: 1\n"
    );
    ws.run(&["export", "summit", "--kind", "speech"])
        .failure(2)
        .stderr_has("error: summit speech has no versions yet\n");
}

#[test]
fn a_picture_gone_since_drafting_names_the_markdown_line() {
    let ws = drafted();
    std::fs::remove_file(ws.path().join("assets/lead.png")).unwrap();
    let r = ws.run(&["export", "summit", "--kind", "blog"]);
    r.failure(2);
    assert_eq!(r.stdout(), "");
    r.stderr_has(
        "error: picture `assets/lead.png` does not exist\n  --> output/summit/blog/v001.md:5:",
    );
}
