//! Output at a terminal and in pipes: lengths against targets, the man page, closed pipes,
//! completions, tables that fit, batch summaries.

use std::io::Read;
use std::process::Stdio;

use crate::Ws;

#[test]
fn draft_compares_the_length_with_the_target_and_warns_when_far_off() {
    let ws = Ws::fixture("basic");
    let r = ws.run(&["draft", "summit"]);
    r.success();
    assert_eq!(
        r.stdout(),
        "summit/speech: v001 output/summit/speech/v001.docx (80 words, ~0:37 of a 5:00 target, 88% short)\n\
         summit/blog: v001 output/summit/blog/v001.docx (65 words, ~0:30 of a 5:00 target, 90% short)\n\
         summit/press-briefing: v001 output/summit/press-briefing/v001.docx (117 words)\n\
         summit/briefing-note: v001 output/summit/briefing-note/v001.docx (185 words)\n"
    );
    assert_eq!(
        r.stderr(),
        "warning: summit/speech: 88% short of the 5:00 target (~0:37)\n\
         warning: summit/blog: 90% short of the 5:00 target (~0:30)\n"
    );

    // Within ±20% there is no warning; a words target compares words.
    let ev = ws
        .read("events/summit.json")
        .replace(r#""minutes": 5"#, r#""words": 70"#);
    ws.write("events/summit.json", &ev);
    let r = ws.run(&["draft", "summit", "--kind", "speech"]);
    r.success();
    assert_eq!(
        r.stdout(),
        "summit/speech: v002 output/summit/speech/v002.docx (80 of a 70-word target, 14% long, ~0:37 spoken)\n  since v001: no changes; event changed\n"
    );
    assert_eq!(r.stderr(), "");
    let ev = ws
        .read("events/summit.json")
        .replace(r#""words": 70"#, r#""words": 60"#);
    ws.write("events/summit.json", &ev);
    ws.run(&["draft", "summit", "--kind", "speech"])
        .success()
        .stdout_has("(80 of a 60-word target, 33% long, ~0:37 spoken)");
    let r = ws.run(&["draft", "summit", "--kind", "speech"]);
    assert_eq!(
        r.stderr(),
        "warning: summit/speech: 33% over the 60-word target (80 words)\n"
    );
}

/// Run `lectern ARGS | head -c 1`-like: read `keep` bytes of stdout, close it, and wait.
fn closed_pipe(ws: &Ws, args: &[&str], keep: usize) -> (i32, String) {
    let mut child = ws
        .command()
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut buf = vec![0; keep];
    stdout.read_exact(&mut buf).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_closed_pipe_is_not_an_error_for_any_command() {
    let ws = Ws::sample();
    // Enough events that the listing outgrows the pipe's buffer.
    let base = ws.read("events/singapore-cyber-summit-2026.json");
    for i in 0..400 {
        ws.write(
            &format!("events/copy-{i:03}.json"),
            &base.replacen(
                r#""id": "singapore-cyber-summit-2026""#,
                &format!(r#""id": "copy-{i:03}""#),
                1,
            ),
        );
    }
    for args in [
        &["man"][..],
        &["completions", "bash"],
        &["completions", "zsh"],
        &["events", "list"],
        &["snippets", "list"],
        &["schema", "event"],
        &["templates", "show", "speech"],
        &["check", "--format", "json"],
        &["draft", "singapore-cyber-summit-2026"],
    ] {
        let (code, stderr) = closed_pipe(&ws, args, 1);
        assert!(
            !stderr.contains("internal error") && !stderr.contains("panicked"),
            "{args:?}: {stderr}"
        );
        assert!(
            !stderr.contains("Broken pipe") && !stderr.contains("cannot write"),
            "{args:?}: {stderr}"
        );
        if args[0] != "check" {
            assert!(matches!(code, 0), "{args:?} exited {code}: {stderr}");
        }
    }
}

#[test]
fn the_man_page_has_the_usual_sections_and_names_no_missing_page() {
    let ws = Ws::empty();
    let r = ws.run(&["man"]);
    r.success();
    let page = r.stdout();
    for section in [
        ".SH NAME",
        ".SH SYNOPSIS",
        ".SH DESCRIPTION",
        ".SH OPTIONS",
        ".SH COMMANDS",
        ".SH EXAMPLES",
        ".SH FILES",
        ".SH \"EXIT STATUS\"",
        ".SH ENVIRONMENT",
    ] {
        assert!(
            page.contains(&format!("\n{section}\n")),
            "no {section}:\n{page}"
        );
    }
    // Every subcommand is described here, not in pages that do not exist.
    assert!(!page.contains("lectern-draft(1)"), "{page}");
    assert!(!page.contains("(1)"), "{page}");
    assert!(page.contains("\\fBlectern draft\\fR [\\fIOPTIONS\\fR] \\fIEVENT...\\fR\n"));
    assert!(page.contains("\\fBlectern snippets list\\fR [\\fIOPTIONS\\fR]\n"));
    assert!(page.contains("\\fBLECTERN_TODAY\\fR\n"));
    assert!(page.contains(".TP\n\\fB2\\fR\nBad usage or input"));
    let help = ws.run(&["--help"]).stdout();
    assert!(
        help.contains("\n  man          Print the manual page (roff: `lectern man | man -l -`)\n"),
        "{help}"
    );
}

#[test]
fn diff_of_an_event_compares_each_kind_and_takes_versions_as_printed() {
    let ws = Ws::fixture("basic");
    ws.run(&["draft", "summit"]).success();
    let msgs = ws.read("snippets/messages/core.json").replace(
        "protection comes before prosecution",
        "protection comes first",
    );
    ws.write("snippets/messages/core.json", &msgs);
    ws.run(&["draft", "summit", "--kind", "speech"]).success();
    ws.run(&["draft", "summit", "--kind", "briefing-note"])
        .success();

    let r = ws.run(&["diff", "summit", "--format", "stat"]);
    r.success();
    assert_eq!(
        r.stdout(),
        "summit speech v001 \u{2192} summit speech v002\n\
         inputs changed:\n  message msg-victims changed (still v1)\n\
         +1 \u{2212}2 words, 1 paragraph changed\n\
         \n\
         summit blog has one version, v001: nothing to compare yet\n\
         \n\
         summit press-briefing has one version, v001: nothing to compare yet\n\
         \n\
         summit briefing-note v001 \u{2192} summit briefing-note v002\n\
         inputs changed:\n  message msg-victims changed (still v1)\n\
         +1 \u{2212}2 words, 1 paragraph changed\n"
    );

    let r = ws.run(&["diff", "summit", "--format", "json"]);
    r.success();
    let v: serde_json::Value = serde_json::from_str(&r.stdout()).unwrap();
    assert_eq!(v["event"], "summit");
    let kinds: Vec<&str> = v["kinds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["speech", "briefing-note"]);
    assert_eq!(v["skipped"][0]["kind"], "blog");

    // Versions as printed, zero-padded or plain.
    let expected = ws
        .run(&[
            "diff", "summit", "--kind", "speech", "--from", "1", "--to", "2",
        ])
        .stdout();
    for (from, to) in [("v001", "v002"), ("001", "002"), ("V1", "2")] {
        let r = ws.run(&[
            "diff", "summit", "--kind", "speech", "--from", from, "--to", to,
        ]);
        r.success();
        assert_eq!(r.stdout(), expected);
    }
    let r = ws.run(&["diff", "summit", "--kind", "speech", "--from", "v1.0"]);
    r.failure(2);
    assert_eq!(
        r.stderr(),
        "error: invalid value 'v1.0' for '--from <N>': `v1.0` is not a version: write it as printed (v001), or as a number (1)\n\nFor more information, try '--help'.\n"
    );

    // One redline file cannot hold several kinds.
    let r = ws.run(&["diff", "summit", "--redline", "r.docx"]);
    r.failure(2);
    assert_eq!(
        r.stderr(),
        "error: --redline writes one file, and summit has drafts of several kinds: speech, blog, press-briefing, briefing-note\nhint: choose one with --kind speech\n"
    );

    // -q: errors only; the redline is still written.
    let r = ws.run(&[
        "-q",
        "diff",
        "summit",
        "--kind",
        "speech",
        "--redline",
        "r.docx",
    ]);
    r.success();
    assert_eq!((r.stdout().as_str(), r.stderr().as_str()), ("", ""));
    assert!(ws.exists("r.docx"));
    let r = ws.run(&["-q", "draft", "summit"]);
    r.success();
    assert_eq!((r.stdout().as_str(), r.stderr().as_str()), ("", ""));
}
