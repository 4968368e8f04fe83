//! Hostile templates, data and files against rendering and text output: inline partials that
//! recurse, nesting hidden by spacing, the deepest templates the limits allow on every
//! thread, drafts that would grow without bound, oversized templates, control characters in
//! redline authors and in the terminal output of `diff`, and line breaks in headings.

use std::io::Read;

use serde_json::json;

use crate::Ws;

/// A message with `text` (English) and an event `big` that lists it `times` times.
fn listed(ws: &Ws, text: &str, times: usize) {
    ws.write(
        "snippets/messages/big.json",
        &json!({
            "id": "msg-big", "title": "Big", "topic": "t", "status": "approved",
            "approved_by": "Director", "approved_on": "2026-01-01", "version": 1,
            "text": { "en": text }
        })
        .to_string(),
    );
    ws.write(
        "events/big.json",
        &json!({
            "id": "big", "title": "Big", "outputs": ["speech"],
            "starts_at": "2026-12-08T10:00:00+01:00",
            "speaker": { "name": "S" }, "language": "en",
            "messages": vec!["msg-big"; times]
        })
        .to_string(),
    );
}

#[test]
fn recursive_inline_partials_are_located_errors() {
    let ws = Ws::fixture("basic");
    ws.write(
        "templates/speech.hbs",
        "# {{event.title}}\n\n{{#*inline \"p\"}}{{> p}}{{/inline}}{{> p}}\n",
    );
    let r = ws.run(&["draft", "summit", "--kind", "speech"]);
    r.failure(2);
    assert_eq!(
        r.stderr(),
        "error: partials include each other in a cycle: p → p\n  \
         --> templates/speech.hbs:3:17\n  |\n\
         3 | {{#*inline \"p\"}}{{> p}}{{/inline}}{{> p}}\n  \
         |                 ^\n\
         hint: a partial may not include itself, directly or through others\n"
    );

    // Two inline partials calling each other, through the names of the built-in partials.
    ws.write(
        "templates/speech.hbs",
        "{{#*inline \"contacts\"}}{{> fact-list}}{{/inline}}\n\
         {{#*inline \"fact-list\"}}{{> contacts}}{{/inline}}\n\
         {{> contacts}}\n",
    );
    ws.run(&["draft", "summit", "--kind", "speech"])
        .failure(2)
        .stderr_has("error: partials include each other in a cycle: contacts → fact-list → contacts\n  --> templates/speech.hbs:2:25\n");

    // A chain through inline partials counts towards the partial depth.
    let mut t = String::new();
    for i in 0..40 {
        t.push_str(&format!(
            "{{{{#*inline \"p{i}\"}}}}{{{{> p{}}}}}{{{{/inline}}}}\n",
            i + 1
        ));
    }
    t.push_str("{{#*inline \"p40\"}}end{{/inline}}\n{{> p0}}\n");
    ws.write("templates/speech.hbs", &t);
    ws.run(&["draft", "summit", "--kind", "speech"])
        .failure(2)
        .stderr_has("error: partials include each other more than 32 levels deep: p0 → p1 → p2 → p3 → …\n  --> templates/speech.hbs:42:1\n");
    ws.run(&["batch"]).failure(2).stderr_has("32 levels deep");
    assert!(!ws.exists("output"));
}

#[test]
fn nesting_is_counted_however_the_tags_are_spaced() {
    let ws = Ws::fixture("basic");
    for open in ["{{ #if true}}", "{{~ #if true ~}}", "{{\n#if true}}"] {
        let n = 2500;
        ws.write(
            "templates/speech.hbs",
            &format!("{}x{}", open.repeat(n), "{{/if}}".repeat(n)),
        );
        let col = 64 * open.chars().filter(|c| *c != '\n').count() + 1;
        let r = ws.run(&["draft", "summit", "--kind", "speech"]);
        r.failure(2)
            .stderr_has("error: template blocks are nested more than 64 levels deep\n");
        if !open.contains('\n') {
            r.stderr_has(&format!("--> templates/speech.hbs:1:{col}\n"));
        }
        ws.run(&["batch"])
            .failure(2)
            .stderr_has("more than 64 levels");
    }
    // An else-if chain nests as deep as it is long.
    ws.write(
        "templates/speech.hbs",
        &format!("{{{{#if a}}}}{}{{{{/if}}}}", "{{else if b}}".repeat(100)),
    );
    ws.run(&["draft", "summit", "--kind", "speech"])
        .failure(2)
        .stderr_has(
        "error: template blocks are nested more than 64 levels deep\n  --> templates/speech.hbs:1:",
    );
    // 64 levels, spaced, is within the limit.
    ws.write(
        "templates/speech.hbs",
        &format!("{}x{}", "{{ #if true}}".repeat(64), "{{/if}}".repeat(64)),
    );
    ws.run(&["draft", "summit", "--kind", "speech"]).success();
    assert!(!ws.exists("output/summit/briefing-note"));
}

#[test]
fn the_deepest_templates_within_the_limits_draft_on_every_thread() {
    // The kind's template and a chain of 32 partials, each nesting 64 blocks: 2,145 levels.
    let ws = Ws::fixture("basic");
    let nest = |inner: &str| {
        format!(
            "{}{inner}{}",
            "{{#if @root.event.title}}{{#with @root.event}}".repeat(32),
            "{{/with}}{{/if}}".repeat(32)
        )
    };
    for kind in ["speech", "blog", "press-briefing", "briefing-note"] {
        ws.write(&format!("templates/{kind}.hbs"), &nest("{{> p0}}"));
    }
    for i in 0..32 {
        let inner = if i < 31 {
            format!("{{{{> p{}}}}}", i + 1)
        } else {
            "Deep enough.".to_string()
        };
        ws.write(&format!("templates/partials/p{i}.hbs"), &nest(&inner));
    }
    ws.run(&["draft", "summit", "--kind", "speech"]).success();
    assert!(ws
        .read("output/summit/speech/v001.md")
        .contains("Deep enough."));
    // Batch workers render on stacks of their own.
    let r = ws.run(&["batch", "--jobs", "4"]);
    r.success().stderr_has("0 failed");
    // One partial more is refused.
    ws.write("templates/partials/p31.hbs", &nest("{{> p32}}"));
    ws.write("templates/partials/p32.hbs", "x");
    ws.run(&["draft", "summit", "--kind", "speech"])
        .failure(2)
        .stderr_has("more than 32 levels deep");
}

#[test]
fn a_draft_that_would_grow_past_the_output_limit_stops_early() {
    let ws = Ws::fixture("basic");
    // Seven nested loops over the event's messages: far more than 16 MB if it ran to the end.
    let loops = 7;
    ws.write(
        "templates/speech.hbs",
        &format!(
            "# {{{{event.title}}}}\n\n{}{{{{title}}}} {}\n",
            "{{#each @root.messages}}".repeat(loops),
            "{{/each}}".repeat(loops)
        ),
    );
    thirty_messages(&ws, "A title of some length to print");
    let start = std::time::Instant::now();
    let r = ws.run(&["draft", "loops"]);
    r.failure(2);
    assert!(
        r.stderr().starts_with(
            "error: the draft would be more than 16 MB of Markdown\n  --> templates/speech.hbs:3:"
        ),
        "{}",
        r.stderr()
    );
    r.stderr_has("hint: a loop repeats more than intended ({{#each}} inside {{#each}}?), or a large message is printed many times\n");
    assert!(!ws.exists("output/loops"));
    // Stopped at the limit: 30^7 titles would take minutes.
    assert!(start.elapsed().as_secs() < 60, "{:?}", start.elapsed());
}

#[test]
fn a_large_message_listed_many_times_is_refused_before_it_is_copied() {
    let ws = Ws::fixture("basic");
    let text = "No country can fight transnational crime alone. ".repeat(150_000);
    listed(&ws, &text, 500);
    ws.run(&["draft", "big"])
        .failure(2)
        .stderr_has("error: the draft's data would take ")
        .stderr_has(" MB, more than the 64 MB a draft may hold\n  --> events/big.json\n")
        .stderr_has("hint: a large message or fact is listed many times in `messages` or `qa`; list it once\n");
    // Listed three times, a smaller message drafts (well under both limits)…
    listed(&ws, &text[..3_000_000], 3);
    ws.run(&["draft", "big"]).success();
    // …unless the template prints it more often than the output limit allows.
    ws.write(
        "templates/speech.hbs",
        "# {{event.title}}\n\n{{#each messages}}\n{{this.text}}\n\n{{this.text}}\n{{/each}}\n",
    );
    ws.run(&["draft", "big"]).failure(2).stderr_has(
        "error: the draft would be more than 16 MB of Markdown\n  --> templates/speech.hbs:6:1\n",
    );
}

#[test]
fn templates_over_the_size_limits_are_refused_before_compiling() {
    let ws = Ws::fixture("basic");
    let start = std::time::Instant::now();
    ws.write("templates/speech.hbs", &"{{event.title}}\n".repeat(40_000));
    ws.run(&["draft", "summit", "--kind", "speech"])
        .failure(2)
        .stderr_has("error: templates/speech.hbs is larger than 64 KB, the most lectern reads from one template\n  --> templates/speech.hbs\nhint: split the template into partials under templates/partials/\n");
    assert!(start.elapsed().as_secs() < 30);
    // Just under the limit compiles.
    ws.write(
        "templates/speech.hbs",
        &"{{event.title}}\n".repeat(64 * 1024 / 16),
    );
    ws.run(&["draft", "summit", "--kind", "speech"]).success();
    // Together, the templates are limited too.
    std::fs::remove_file(ws.path().join("templates/speech.hbs")).unwrap();
    for i in 0..5 {
        ws.write(
            &format!("templates/partials/p{i}.hbs"),
            &"x".repeat(60 * 1024),
        );
    }
    ws.run(&["draft", "summit", "--kind", "speech"])
        .failure(2)
        .stderr_has("error: the templates and partials are larger than 256 KB together\n  --> templates/partials/p4.hbs\n");
}

#[test]
fn partial_blocks_are_refused_with_a_location() {
    let ws = Ws::fixture("basic");
    ws.write(
        "templates/partials/layout.hbs",
        "before {{> @partial-block}} after",
    );
    ws.write(
        "templates/speech.hbs",
        "# T\n\n{{#> layout}}{{#each @root.messages}}{{text}}{{/each}}{{/layout}}\n",
    );
    ws.run(&["draft", "summit", "--kind", "speech"])
        .failure(2)
        .stderr_has("error: template uses a partial block ({{#> name}}…{{/name}}), which lectern does not support\n  --> templates/speech.hbs:3:1\n");
}

#[test]
fn line_breaks_in_titles_and_questions_stay_in_their_headings() {
    let ws = Ws::fixture("basic");
    let mut event: serde_json::Value =
        serde_json::from_str(&ws.read("events/summit.json")).unwrap();
    event["title"] = json!("Line one\nline two");
    event["qa"][0]["question"] = json!("First part\nsecond part?");
    ws.write("events/summit.json", &event.to_string());
    ws.run(&["draft", "summit", "--kind", "briefing-note"])
        .success();
    let md = ws.read("output/summit/briefing-note/v001.md");
    assert!(md.contains("# Line one<br>line two\n"), "{md}");
    assert!(md.contains("First part<br>second part?\n"), "{md}");
    assert!(
        !md.lines()
            .any(|l| l.starts_with("line two") || l.starts_with("second part")),
        "{md}"
    );
    assert!(
        !md.contains("Line one\\\n") && !md.contains("First part\\\n"),
        "{md}"
    );
    // Each heading is one paragraph in the DOCX, holding a line break.
    let xml = ws.docx_xml("output/summit/briefing-note/v001.docx", "word/document.xml");
    let title = xml
        .split("<w:p>")
        .chain(xml.split("<w:p "))
        .find(|p| p.contains("Line one"))
        .expect("a paragraph with the title");
    assert!(
        title.contains("line two") && title.contains("<w:br"),
        "{title}"
    );
}

#[test]
fn a_redline_author_with_control_characters_is_well_formed() {
    let ws = Ws::empty();
    ws.write("old.md", "One.\n\nTwo.\n");
    ws.write("new.md", "One.\n\nTwo and three.\n\nFour.\n");
    ws.run(&[
        "diff",
        "old.md",
        "new.md",
        "--format",
        "stat",
        "--redline",
        "red.docx",
        "--author",
        "R\u{1}&\u{1b}D <x>\u{ffff}",
    ])
    .success();
    let f = std::fs::File::open(ws.path().join("red.docx")).unwrap();
    let mut z = zip::ZipArchive::new(f).unwrap();
    let mut seen = false;
    for i in 0..z.len() {
        let mut part = z.by_index(i).unwrap();
        let name = part.name().to_string();
        if !(name.ends_with(".xml") || name.ends_with(".rels")) {
            continue;
        }
        let mut text = String::new();
        part.read_to_string(&mut text).unwrap();
        assert!(
            !text.contains(['\u{1}', '\u{1b}', '\u{ffff}']),
            "{name} holds an XML-illegal character"
        );
        let mut reader = quick_xml::Reader::from_str(&text);
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(_) => {}
                Err(e) => panic!("{name} is not well-formed: {e}"),
            }
        }
        seen |= text.contains("w:author=\"R&amp;D &lt;x&gt;\"");
    }
    assert!(seen, "the author is kept, without the control characters");
    // And the redline reads back as the newer text.
    ws.run(&["diff", "new.md", "red.docx", "--format", "stat"])
        .success()
        .stdout_has("no changes");
}

#[test]
fn diff_shows_terminal_escapes_as_text_and_json_keeps_them() {
    let ws = Ws::empty();
    ws.write("old.txt", "Hello world.\n\nSame.\n");
    ws.write(
        "new.txt",
        "Hello \u{1b}]0;owned\u{7}\u{1b}[2J world\r.\n\nSame.\n\nAdded \u{9b}31m red.\n",
    );
    for format in ["human", "unified"] {
        let r = ws.run(&[
            "diff", "old.txt", "new.txt", "--format", format, "--color", "always",
        ]);
        let out = r.stdout();
        assert!(
            out.contains("\\u{1b}]0;owned\\u{7}\\u{1b}[2J"),
            "{format}: {out}"
        );
        assert!(
            out.contains("\\u{d}") && out.contains("\\u{9b}31m"),
            "{format}: {out}"
        );
        // The only escape sequences are lectern's own colours.
        for (i, _) in out.match_indices('\u{1b}') {
            let rest = &out[i..];
            assert!(
                rest.starts_with("\u{1b}[")
                    && rest[2..].find('m').is_some_and(|m| rest[2..2 + m]
                        .chars()
                        .all(|c| c.is_ascii_digit() || c == ';')),
                "{format}: a foreign escape sequence: {:?}",
                &rest[..rest.len().min(12)]
            );
        }
        assert!(
            !out.contains(['\u{7}', '\r', '\u{9b}']),
            "{format}: {out:?}"
        );
    }
    // File names are shown the same way.
    ws.write("odd\u{1b}[31m.txt", "Hello world.\n");
    let r = ws.run(&["diff", "old.txt", "odd\u{1b}[31m.txt", "--format", "stat"]);
    r.stdout_has("odd\\u{1b}[31m.txt");
    // JSON keeps the text exact.
    let r = ws.run(&["diff", "old.txt", "new.txt", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout()).unwrap();
    assert!(
        v.to_string().contains("\\u001b]0;owned\\u0007\\u001b[2J"),
        "{v}"
    );
}

#[test]
fn loops_in_loops_that_print_nothing_stop_at_the_loop_budget() {
    let ws = Ws::fixture("basic");
    // Twelve nested loops over thirty messages print nothing and would run 30¹² times.
    let loops = 12;
    ws.write(
        "templates/speech.hbs",
        &format!(
            "# {{{{event.title}}}}\n\n{}{}\n",
            "{{#each @root.messages}}".repeat(loops),
            "{{/each}}".repeat(loops)
        ),
    );
    thirty_messages(&ws, "T");
    let r = ws.run(&["draft", "loops"]);
    r.failure(2);
    assert!(
        r.stderr().starts_with(
            "error: the template's loops repeat more than 2000000 times for this draft\n  --> templates/speech.hbs:3:"
        ),
        "{}",
        r.stderr()
    );
    assert!(!ws.exists("output/loops"));
}

/// Thirty approved messages titled `title`, and the event `loops` that lists them all.
fn thirty_messages(ws: &Ws, title: &str) {
    let msgs: Vec<String> = (0..30).map(|i| format!("m{i}")).collect();
    for m in &msgs {
        ws.write(
            &format!("snippets/messages/{m}.json"),
            &json!({
                "id": m, "title": title, "topic": m,
                "status": "approved", "approved_by": "D", "approved_on": "2026-01-01",
                "version": 1, "text": { "en": "Text." }
            })
            .to_string(),
        );
    }
    ws.write(
        "events/loops.json",
        &json!({
            "id": "loops", "title": "Loops", "outputs": ["speech"],
            "starts_at": "2026-12-08T10:00:00+01:00",
            "speaker": { "name": "S" }, "language": "en", "messages": msgs
        })
        .to_string(),
    );
}
