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
         summit/press-briefing: v001 output/summit/press-briefing/v001.docx (135 words)\n\
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
    assert!(page.contains("\\fBlectern snippets list\\fR [\\fIOPTIONS\\fR] \\fI[ID...]\\fR\n"));
    assert!(page.contains("\\fBLECTERN_TODAY\\fR\n"));
    assert!(page.contains(".TP\n\\fB2\\fR\nBad usage or input"));
    let help = ws.run(&["--help"]).stdout();
    assert!(
        help.contains("\n  man           Print the manual page (roff: `lectern man | man -l -`)\n"),
        "{help}"
    );
}

#[test]
fn diff_of_an_event_compares_each_kind_and_takes_versions_as_printed() {
    let ws = Ws::fixture("basic");
    ws.run(&["draft", "summit"]).success();
    // Edited approved text comes with a new version (else drafting refuses it).
    let msgs = ws
        .read("snippets/messages/core.json")
        .replace(
            "protection comes before prosecution",
            "protection comes first",
        )
        .replace(
            "\"approved_on\": \"2026-02-01\",\n    \"version\": 1",
            "\"approved_on\": \"2026-02-01\",\n    \"version\": 2",
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
         inputs changed:\n  message msg-victims v1\u{2192}v2\n\
         +1 \u{2212}2 words, 1 paragraph changed\n\
         \n\
         summit blog has one version, v001: nothing to compare yet\n\
         \n\
         summit press-briefing has one version, v001: nothing to compare yet\n\
         \n\
         summit briefing-note v001 \u{2192} summit briefing-note v002\n\
         inputs changed:\n  message msg-victims v1\u{2192}v2\n\
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

#[test]
fn events_list_fits_100_columns_and_aligns_right_to_left_titles() {
    use unicode_width::UnicodeWidthStr;
    let ws = Ws::sample();
    let r = ws.run(&["events", "list"]);
    r.success();
    let out = r.stdout();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "ID                                      DATE        LANG  OUTPUTS            TITLE"
    );
    assert_eq!(
        lines[1],
        "singapore-cyber-summit-2026             2026-12-08  en    speech,press,note  Opening address and pr…"
    );
    assert_eq!(
        lines[5],
        "abu-dhabi-financial-crime-2027          2027-02-03  ar    speech             كلمة الأمينة العامة في…"
    );
    for l in &lines {
        assert!(l.width() <= 100, "{} columns: {l}", l.width());
    }
    // Every title starts in the same column, Arabic ones too.
    let col = lines[0].find("TITLE").unwrap();
    for l in &lines[1..] {
        assert_eq!(l[..col].width(), col, "{l}");
    }
    // -v adds the city and speaker and keeps whole titles.
    let r = ws.run(&["events", "list", "-v"]);
    r.success()
        .stdout_has("Singapore     Dr Amina Okafor     Opening address and press conference, Global Cybercrime Cooperation Summit\n");
}

#[test]
fn batch_summary_is_by_date_groups_warnings_and_json_has_paths_and_counts() {
    let ws = Ws::fixture("basic");
    ws.write("lectern.json", r#"{"stale_after_days": 30}"#);
    let r = ws.run(&["batch", "summit", "note", "summit-fr", "--jobs", "2"]);
    r.success();
    let out = r.stdout();
    assert_eq!(
        out.lines().take(6).collect::<Vec<_>>(),
        [
            "DATE        EVENT      KIND            LANG  VERSION  WORDS  TIME  STATUS",
            "2026-12-08  summit     speech          en    v001        80  0:37  1 warning",
            "2026-12-08  summit     blog            en    v001        65  0:30  1 warning",
            "2026-12-08  summit     press-briefing  en    v001       135     -  1 warning",
            "2026-12-08  summit     briefing-note   en    v001       185     -  1 warning",
            // "5 500" carries a narrow no-break space in the model (French typography) and is one word.
            "2026-12-08  summit-fr  speech          fr    v001        66  0:26  1 warning",
        ]
    );
    assert_eq!(
        out.lines().last().unwrap(),
        "2026-12-14  note       briefing-note   en    v001       112     -  2 warnings"
    );
    let err = r.stderr();
    assert!(err.starts_with(
        "warning: fact `fact-haechi` is stale: as_of 2024-12-02 is 719 days old (stale after 30) (8 drafts: summit/speech, summit/blog, summit/press-briefing and 5 more)\n"
    ), "{err}");
    assert_eq!(
        err.matches("fact `fact-haechi` is stale").count(),
        1,
        "{err}"
    );
    assert!(err.contains(
        "warning: note/briefing-note: fact `fact-internal` is stale: as_of 2026-10-01 is 51 days old (stale after 30)\n"
    ), "{err}");

    let r = ws.run(&["batch", "--format", "json", "note", "summit"]);
    r.success();
    let v: serde_json::Value = serde_json::from_str(&r.stdout()).unwrap();
    assert_eq!(
        v["counts"],
        serde_json::json!({"written": 0, "unchanged": 5, "failed": 0, "not_started": 0})
    );
    assert_eq!(v["items"][0]["event"], "summit");
    assert_eq!(v["items"][0]["date"], "2026-12-08");
    assert_eq!(
        v["items"][0]["files"],
        serde_json::json!({
            "docx": "output/summit/speech/v001.docx",
            "markdown": "output/summit/speech/v001.md",
            "manifest": "output/summit/speech/v001.json",
        })
    );
    assert_eq!(v["items"][4]["event"], "note");
    for item in v["items"].as_array().unwrap() {
        for f in item["files"].as_object().unwrap().values() {
            assert!(ws.exists(f.as_str().unwrap()), "{f}");
        }
    }
}

#[test]
fn listings_of_what_needs_attention_show_the_events_using_each_item() {
    let ws = Ws::fixture("basic");
    let r = ws.run(&[
        "snippets",
        "list",
        "--expiring-within",
        "30",
        "--today",
        "2027-12-10",
    ]);
    r.success();
    assert_eq!(
        r.stdout(),
        "ID               STATUS    REVIEW BY           TOPIC         LANG         V  USED BY                               TITLE\n\
         msg-cooperation  approved  expires 2027-12-31  partnerships  en fr es ar  2  summit,summit-ar,summit-es,summit-fr  No country alone\n"
    );
    let r = ws.run(&["facts", "list", "--clearance", "restricted"]);
    r.success();
    assert_eq!(
        r.stdout(),
        "ID             CLEARANCE   AS OF       UNIT                  TOPIC  LANG  V  USED BY  STATEMENT\n\
         fact-internal  restricted  2026-10-01  Analysis Directorate  -      en    1  note     Internal estimates point to further compounds across the re…\n"
    );
    let r = ws.run(&["facts", "list", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout()).unwrap();
    let haechi = v
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "fact-haechi")
        .unwrap();
    assert_eq!(
        haechi["used_by"],
        serde_json::json!(["summit", "summit-ar", "summit-es", "summit-fr"])
    );
}

#[test]
fn templates_export_writes_one_kind_and_its_help_agrees_with_force() {
    let ws = Ws::empty();
    let r = ws.run(&["templates", "export", "press-briefing"]);
    r.success();
    assert_eq!(
        r.stderr(),
        "wrote templates/press-briefing.hbs\n1 written, 0 kept; edit it, then `lectern check` renders every event with it\n"
    );
    assert!(!ws.exists("templates/speech.hbs"));
    assert!(!ws.exists("templates/partials"));
    ws.write("templates/press-briefing.hbs", "# Mine\n");
    ws.run(&["templates", "export", "press-briefing"])
        .success()
        .stderr_has("warning: kept templates/press-briefing.hbs: it already exists (--force overwrites it)\n");
    assert_eq!(ws.read("templates/press-briefing.hbs"), "# Mine\n");
    ws.run(&["templates", "export", "press-briefing", "--force"])
        .success();
    assert_ne!(ws.read("templates/press-briefing.hbs"), "# Mine\n");
    let help = ws.run(&["templates", "export", "--help"]).stdout();
    assert!(help.starts_with(
        "Write built-in templates into templates/ to adapt; existing files are kept unless --force\n"
    ), "{help}");
    assert!(
        help.contains("--force            Replace files that already exist in templates/\n"),
        "{help}"
    );
    assert!(!help.contains("never overwriting"), "{help}");
}

/// What bash offers after `line` (the last word is being completed), through the script that
/// `lectern completions bash` prints, with lectern on the PATH.
fn bash_completes(cwd: &std::path::Path, line: &[&str]) -> Vec<String> {
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_lectern"));
    let words: Vec<String> = line.iter().map(|w| format!("'{w}'")).collect();
    let script = format!(
        "source <(lectern completions bash) && COMP_WORDS=({}) && COMP_CWORD={} && \
         _clap_complete_lectern lectern '{}' && printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        words.join(" "),
        line.len() - 1,
        line[line.len() - 1]
    );
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(script)
        .current_dir(cwd)
        .env("PATH", &path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| l.trim_end().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

#[test]
fn shells_complete_the_workspace_ids() {
    let ws = Ws::fixture("basic");
    let root = ws.path().to_path_buf();
    assert_eq!(
        bash_completes(&root, &["lectern", "draft", "summit-"]),
        ["summit-ar", "summit-es", "summit-fr"]
    );
    assert_eq!(bash_completes(&root, &["lectern", "diff", "no"]), ["note"]);
    assert_eq!(
        bash_completes(&root, &["lectern", "history", "summit-f"]),
        ["summit-fr"]
    );
    // From a subfolder, and with -C from elsewhere.
    assert_eq!(
        bash_completes(
            &root.join("snippets"),
            &["lectern", "snippets", "list", "msg-v"]
        ),
        ["msg-victims"]
    );
    let elsewhere = tempfile::tempdir().unwrap();
    let c = root.display().to_string();
    assert_eq!(
        bash_completes(
            elsewhere.path(),
            &["lectern", "-C", &c, "facts", "list", "fact-"]
        ),
        ["fact-haechi", "fact-internal", "fact-old"]
    );
    // The listings take the ids they complete.
    ws.run(&["facts", "list", "fact-h*", "fact-old"])
        .success()
        .stderr_has("2 facts\n");
    // zsh and fish get the ids with their titles.
    let out = ws
        .command()
        .env("LECTERN_COMPLETE", "fish")
        .args(["--", "lectern", "snippets", "list", "msg-c"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "msg-cooperation\tNo country alone\n"
    );
    let zsh = ws.run(&["completions", "zsh"]);
    zsh.success().stdout_has("LECTERN_COMPLETE=\"zsh\"");
}

#[test]
fn today_stays_out_of_the_help_of_commands_without_dates() {
    let ws = Ws::fixture("basic");
    for cmd in [
        &["draft"][..],
        &["batch"],
        &["check"],
        &["snippets", "list"],
        &["facts", "list"],
        &["events", "list"],
    ] {
        let mut args = cmd.to_vec();
        args.push("--help");
        ws.run(&args).success().stdout_has("      --today <DATE>");
    }
    for cmd in [
        &["diff"][..],
        &["history"],
        &["init"],
        &["templates", "export"],
        &["schema"],
        &["completions"],
        &["man"],
    ] {
        let mut args = cmd.to_vec();
        args.push("--help");
        let help = ws.run(&args).stdout();
        assert!(!help.contains("--today"), "{cmd:?}:\n{help}");
    }
    ws.run(&["--help"])
        .success()
        .stdout_has("      --today <DATE>");
    // Still accepted everywhere, and still checked.
    ws.run(&["draft", "summit", "--kind", "speech"]).success();
    ws.run(&["history", "summit", "--today", "2026-11-21"])
        .success();
    let r = ws.run(&["diff", "summit", "--today", "2026-02-30"]);
    r.failure(2);
    assert_eq!(
        r.stderr(),
        "error: --today: invalid date \"2026-02-30\": there is no 30 February\nhint: set --today or LECTERN_TODAY as YYYY-MM-DD\n"
    );
}

#[test]
fn the_batch_progress_bar_shows_a_rounded_rate_and_an_eta_at_a_terminal() {
    // `script` (util-linux) gives the batch a terminal; without it there is nothing to see.
    if std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipped: no `script` to provide a terminal");
        return;
    }
    let ws = Ws::fixture("basic");
    // Enough drafts that the bar is redrawn with a measured rate (77 drafts, one job).
    let summit = ws.read("events/summit.json");
    for i in 0..15 {
        ws.write(
            &format!("events/copy-{i:02}.json"),
            &summit.replacen(r#""id": "summit""#, &format!(r#""id": "copy-{i:02}""#), 1),
        );
    }
    let bin = env!("CARGO_BIN_EXE_lectern");
    let out = std::process::Command::new("script")
        .args([
            "-qec",
            &format!("{bin} batch --jobs 1 > /dev/null"),
            "/dev/null",
        ])
        .current_dir(ws.path())
        .env("LECTERN_TODAY", crate::TODAY)
        .env("NO_COLOR", "1")
        .env("TERM", "xterm")
        .output()
        .unwrap();
    let seen = String::from_utf8_lossy(&out.stdout).replace('\r', "\n");
    assert!(out.status.success(), "{seen}");
    let bar = seen
        .lines()
        .rfind(|l| l.contains("/77 drafts") && !l.contains(" - drafts/s"))
        .unwrap_or_else(|| {
            panic!(
                "no finished bar in:\n{seen}\n{}",
                String::from_utf8_lossy(&out.stderr)
            )
        });
    let re_rate = bar.split("/77 drafts  ").nth(1).unwrap_or_default();
    // "56 drafts/s  ETA 0:00": a whole number per second and m:ss.
    let (rate, rest) = re_rate.split_once(" drafts/s  ETA ").expect(bar);
    assert!(
        rate.chars().all(|c| c.is_ascii_digit() || c == '.') && !rate.ends_with('.'),
        "{bar}"
    );
    assert!(
        !rate.contains('.') || rate.split('.').nth(1).unwrap().len() == 1,
        "{bar}"
    );
    let eta = rest.split_whitespace().next().unwrap();
    let (m, s) = eta.split_once(':').expect(bar);
    assert!(
        m.parse::<u64>().is_ok() && s.len() == 2 && s.parse::<u64>().is_ok(),
        "{bar}"
    );
}
