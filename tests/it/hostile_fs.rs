//! Hostile filesystems and settings: symbolic links at any component of a written path, a
//! redline aimed at a stored version, devices, FIFOs and oversized files wherever lectern
//! reads, link loops under the content folders, stray version numbers, output folders inside
//! content folders, concurrent drafts of unchanged content, unfinished versions and absurd
//! speaking rates.

#![cfg(unix)]

use std::os::unix::fs::symlink;
use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::{Run, Ws};

/// Run `lectern ARGS`, killing it (and failing) if it has not finished within `secs`.
#[track_caller]
fn run_within(ws: &Ws, args: &[&str], secs: u64) -> Run {
    let mut child = ws
        .command()
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(secs) {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("lectern {args:?} did not finish within {secs} s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    Run {
        out: child.wait_with_output().unwrap(),
    }
}

fn findings(run: &Run) -> Vec<Value> {
    let mut all: Vec<Value> = serde_json::from_str(&run.stdout())
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\n{}", run.stdout(), run.stderr()));
    // Notes (suggestions) are tested in `translations`.
    all.retain(|f| f["severity"] != "note");
    all
}

fn empty(dir: &Path) -> bool {
    std::fs::read_dir(dir).unwrap().next().is_none()
}

#[test]
fn a_link_in_a_middle_component_of_the_output_path_is_refused() {
    let ws = Ws::fixture("basic");
    let elsewhere = tempfile::tempdir().unwrap();
    symlink(elsewhere.path(), ws.path().join("drafts")).unwrap();
    ws.write("lectern.json", r#"{ "output": "drafts/out" }"#);
    let target = elsewhere.path().display().to_string();
    ws.run(&["draft", "summit", "--kind", "speech"])
        .failure(2)
        .stderr_has(&format!(
            "error: refusing to write through the symbolic link drafts → {target}"
        ))
        .stderr_has("hint: lectern writes only inside the workspace and never through a link");
    ws.run(&["batch"])
        .failure(1)
        .stderr_has("refusing to write through the symbolic link drafts");
    assert!(
        empty(elsewhere.path()),
        "something was written through the link"
    );

    // A link deeper down, below folders that are real.
    std::fs::remove_file(ws.path().join("drafts")).unwrap();
    std::fs::create_dir_all(ws.path().join("drafts/out/summit")).unwrap();
    symlink(elsewhere.path(), ws.path().join("drafts/out/summit/speech")).unwrap();
    ws.run(&["draft", "summit", "--kind", "speech"])
        .failure(2)
        .stderr_has("error: refusing to write through the symbolic link drafts/out/summit/speech");
    assert!(empty(elsewhere.path()));

    // Versions already behind the link: refused too, not reported "unchanged" from there.
    std::fs::remove_dir_all(ws.path().join("drafts")).unwrap();
    ws.run(&["draft", "summit", "--kind", "speech"]).success();
    let moved = elsewhere.path().join("drafts");
    std::fs::rename(ws.path().join("drafts"), &moved).unwrap();
    symlink(&moved, ws.path().join("drafts")).unwrap();
    ws.run(&["draft", "summit", "--kind", "speech"])
        .failure(2)
        .stderr_has("error: refusing to write through the symbolic link drafts");
}

#[test]
fn a_redline_never_replaces_a_stored_version_nor_writes_into_output() {
    let ws = Ws::fixture("basic");
    ws.run(&["draft", "summit", "--kind", "speech"]).success();
    ws.write("a.txt", "One.\n\nTwo.\n");
    ws.write("b.txt", "One.\n\nTwo and more.\n");
    let dir = "output/summit/speech";
    let stored = || -> Vec<Vec<u8>> {
        ["json", "md", "docx"]
            .iter()
            .map(|x| std::fs::read(ws.path().join(format!("{dir}/v001.{x}"))).unwrap())
            .collect()
    };
    let before = stored();
    for x in ["json", "md", "docx"] {
        let out = format!("{dir}/v001.{x}");
        for force in [false, true] {
            let mut args = vec!["diff", "a.txt", "b.txt", "--redline", &out];
            if force {
                args.push("--force");
            }
            ws.run(&args)
                .failure(2)
                .stderr_has(&format!(
                    "error: refusing to write {out}: it is inside the output folder output, which holds only stored versions"
                ))
                .stderr_has("hint: write it outside the output folder");
        }
    }
    // A new name inside output/, and output/ reached through a link, are refused too.
    symlink(ws.path().join("output"), ws.path().join("out-link")).unwrap();
    for out in [
        format!("{dir}/redline.docx"),
        "out-link/summit/r.docx".into(),
    ] {
        ws.run(&["diff", "a.txt", "b.txt", "--redline", &out])
            .failure(2)
            .stderr_has(&format!(
                "error: refusing to write {out}: it is inside the output folder"
            ));
    }
    assert!(before == stored(), "a stored version changed");
    // Another workspace's version folder (here under -C of this one) is never written either.
    let other = tempfile::tempdir().unwrap();
    let other_dir = other.path().join("output/summit/speech");
    std::fs::create_dir_all(&other_dir).unwrap();
    std::fs::copy(
        ws.path().join(format!("{dir}/v001.json")),
        other_dir.join("v001.json"),
    )
    .unwrap();
    let target = other_dir.join("v001.md").display().to_string();
    ws.run(&["diff", "a.txt", "b.txt", "--redline", &target, "--force"])
        .failure(2)
        .stderr_has(&format!(
            "error: refusing to write {target}: {} holds stored versions",
            other_dir.display()
        ));
    assert!(!other_dir.join("v001.md").exists());
    assert!(!ws.exists(&format!("{dir}/redline.docx")));
    assert!(!ws.exists("output/summit/r.docx"));
    let (f, code) = {
        let run = ws.run(&["check", "--format", "json"]);
        (findings(&run), run.code())
    };
    assert_eq!(code, 0, "{f:#?}");

    // An existing file elsewhere needs --force; the file is whole and shared (0644).
    ws.run(&["diff", "a.txt", "b.txt", "--redline", "r.docx"])
        .success();
    ws.write("r.docx", "mine");
    ws.run(&["diff", "a.txt", "b.txt", "--redline", "r.docx"])
        .failure(2)
        .stderr_has("error: r.docx already exists")
        .stderr_has("hint: pass --force to replace it, or choose another name");
    assert_eq!(ws.read("r.docx"), "mine");
    ws.run(&["diff", "a.txt", "b.txt", "--redline", "r.docx", "--force"])
        .success();
    let bytes = std::fs::read(ws.path().join("r.docx")).unwrap();
    assert!(bytes.starts_with(b"PK"), "not a DOCX");
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(ws.path().join("r.docx"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o744, 0o644, "{mode:o}");
    // --force replaces a link itself, never the file it points to.
    symlink(ws.path().join("a.txt"), ws.path().join("link.docx")).unwrap();
    ws.run(&[
        "diff",
        "a.txt",
        "b.txt",
        "--redline",
        "link.docx",
        "--force",
    ])
    .success();
    assert_eq!(ws.read("a.txt"), "One.\n\nTwo.\n");
    // A device is never replaced, even with --force.
    ws.run(&[
        "diff",
        "a.txt",
        "b.txt",
        "--redline",
        "/dev/null",
        "--force",
    ])
    .failure(2)
    .stderr_has("error: cannot write /dev/null: it is not a regular file");
    // --force needs --redline.
    ws.run(&["diff", "a.txt", "b.txt", "--force"]).failure(2);
    let leftovers: Vec<String> = std::fs::read_dir(ws.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".lectern-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn templates_as_a_link_to_elsewhere_is_never_written_through() {
    let ws = Ws::fixture("basic");
    let elsewhere = tempfile::tempdir().unwrap();
    symlink(elsewhere.path(), ws.path().join("templates")).unwrap();
    for args in [
        &["templates", "export"][..],
        &["templates", "export", "--force"],
    ] {
        ws.run(args).failure(2).stderr_has(&format!(
            "error: refusing to write through the symbolic link templates → {}",
            elsewhere.path().display()
        ));
    }
    assert!(empty(elsewhere.path()));
    // templates/partials as a link, under a real templates/.
    std::fs::remove_file(ws.path().join("templates")).unwrap();
    std::fs::create_dir(ws.path().join("templates")).unwrap();
    symlink(elsewhere.path(), ws.path().join("templates/partials")).unwrap();
    ws.run(&["templates", "export"])
        .failure(2)
        .stderr_has("error: refusing to write through the symbolic link templates/partials");
    assert!(empty(elsewhere.path()));
}

#[test]
fn stray_version_numbers_past_the_maximum_are_refused_by_name() {
    let ws = Ws::fixture("basic");
    ws.run(&["draft", "summit", "--kind", "speech"]).success();
    let dir = "output/summit/speech";
    for stray in [
        "v4294967295.docx",
        "v99999999999999999999.md",
        "v100000.json",
    ] {
        ws.write(&format!("{dir}/{stray}"), "x");
        ws.run(&["draft", "summit", "--kind", "speech", "--allow-unapproved"])
            .failure(2)
            .stderr_has(&format!(
                "error: {dir}/{stray} has a version number past 99999, the highest lectern numbers"
            ))
            .stderr_has("hint: lectern did not write this file; move it out of the output folder");
        let run = ws.run(&["check", "--format", "json"]);
        let f = findings(&run);
        let found: Vec<&Value> = f.iter().filter(|f| f["code"] == "version-number").collect();
        assert_eq!(found.len(), 1, "{f:#?}");
        assert_eq!(found[0]["file"], format!("{dir}/{stray}"));
        assert_eq!(run.code(), 1);
        std::fs::remove_file(ws.path().join(dir).join(stray)).unwrap();
    }
    // The highest number itself is fine; the next draft has no number left.
    for x in ["docx", "md", "json"] {
        std::fs::copy(
            ws.path().join(format!("{dir}/v001.{x}")),
            ws.path().join(format!("{dir}/v99999.{x}")),
        )
        .unwrap();
    }
    // Something to draft: another author changes the fingerprint.
    ws.write("lectern.json", r#"{ "author": "Press Office" }"#);
    ws.run(&["draft", "summit", "--kind", "speech", "--allow-unapproved"])
        .failure(2)
        .stderr_has(&format!(
            "error: {dir} has reached version 99999, the highest lectern numbers"
        ));
    // History is in numeric order (v999 before v1000), and the next number follows v1000.
    for n in ["99999"] {
        for x in ["docx", "md", "json"] {
            std::fs::remove_file(ws.path().join(format!("{dir}/v{n}.{x}"))).unwrap();
        }
    }
    for n in [1000u32, 999] {
        let mut m = ws.manifest(&format!("{dir}/v001.json"));
        m["version"] = json!(n);
        ws.write(&format!("{dir}/v{n:03}.json"), &m.to_string());
        ws.write(
            &format!("{dir}/v{n:03}.md"),
            &ws.read(&format!("{dir}/v001.md")),
        );
    }
    let run = ws.run(&["history", "summit", "--kind", "speech", "--format", "json"]);
    run.success();
    let h: Value = serde_json::from_str(&run.stdout()).unwrap();
    let numbers: Vec<u64> = h["kinds"][0]["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["version"].as_u64().unwrap())
        .collect();
    assert_eq!(numbers, vec![1, 999, 1000]);
    ws.run(&["draft", "summit", "--kind", "speech", "--allow-unapproved"])
        .success()
        .stdout_has("v1001");
}

#[test]
fn a_link_loop_under_snippets_neither_hangs_nor_floods() {
    let ws = Ws::fixture("basic");
    // Two links to `.` walk 2^40 paths when followed (a hang); one gives a flood of duplicates.
    symlink(".", ws.path().join("snippets/messages/a")).unwrap();
    symlink(".", ws.path().join("snippets/messages/b")).unwrap();
    symlink("..", ws.path().join("snippets/facts/up")).unwrap();
    let run = run_within(&ws, &["check"], 20);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    run.stderr_has(
        "error: snippets/messages/a is a link to a folder (.); lectern does not follow links to folders",
    )
    .stderr_has("error: snippets/facts/up is a link to a folder (..)")
    .stderr_has("hint: move or copy the folder here instead, or link each file");
    assert!(!run.stderr().contains("duplicate"), "{}", run.stderr());
    // The links block nothing the event uses: it drafts; the listing shows them as warnings.
    let run = run_within(&ws, &["draft", "summit"], 20);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let run = run_within(&ws, &["snippets", "list"], 20);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    run.stderr_has("warning: snippets/messages/a is a link to a folder (.)");
    assert!(!run.stderr().contains("duplicate"), "{}", run.stderr());
    let run = run_within(&ws, &["check", "--format", "json"], 20);
    let f = findings(&run);
    let errors = f.iter().filter(|f| f["severity"] == "error").count();
    assert_eq!(errors, 3, "{f:#?}");
}

#[test]
fn a_file_where_a_content_folder_should_be_is_an_error() {
    let ws = Ws::fixture("basic");
    std::fs::remove_dir_all(ws.path().join("snippets/facts")).unwrap();
    ws.write("snippets/facts", "[]");
    ws.run(&["draft", "summit", "--kind", "speech"])
        .failure(2)
        .stderr_has("error: snippets/facts is a file; it must be a folder")
        .stderr_has("hint: move the file into a folder named snippets/facts/");
    let run = ws.run(&["check", "--format", "json"]);
    let f = findings(&run);
    assert!(
        f.iter().any(|f| f["file"] == "snippets/facts"
            && f["message"] == "snippets/facts is a file; it must be a folder"),
        "{f:#?}"
    );
}

#[test]
fn devices_fifos_and_oversized_files_are_refused_wherever_lectern_reads() {
    let ws = Ws::fixture("basic");
    symlink("/dev/zero", ws.path().join("events/zero.json")).unwrap();
    rustix::fs::mkfifoat(
        rustix::fs::CWD,
        ws.path().join("events/pipe.json"),
        rustix::fs::Mode::from(0o644),
    )
    .unwrap();
    for args in [&["check"][..], &["events", "list"]] {
        let run = run_within(&ws, args, 20);
        // A listing shows what loads and the problems of the rest as warnings.
        let (code, label) = match args[0] {
            "check" => (1, "error"),
            _ => (0, "warning"),
        };
        assert_eq!(run.code(), code, "{}", run.stderr());
        run.stderr_has(&format!("{label}: events/zero.json is a device, not a regular file; lectern reads a content file only from a regular file"))
            .stderr_has("hint: replace it with an ordinary file")
            .stderr_has(&format!(
                "{label}: events/pipe.json is a FIFO (named pipe), not a regular file"
            ));
    }
    // The other events are not blocked by them.
    assert_eq!(run_within(&ws, &["draft", "summit"], 20).code(), 0);
    std::fs::remove_file(ws.path().join("events/zero.json")).unwrap();
    std::fs::remove_file(ws.path().join("events/pipe.json")).unwrap();

    // lectern.json and templates: devices, and over their caps.
    symlink("/dev/zero", ws.path().join("lectern.json")).unwrap();
    run_within(&ws, &["check"], 20)
        .failure(1)
        .stderr_has("error: lectern.json is a device, not a regular file; lectern reads a settings file only from a regular file");
    std::fs::remove_file(ws.path().join("lectern.json")).unwrap();
    let phrases: Vec<String> = (0..200_000).map(|i| format!("phrase {i}")).collect();
    ws.write(
        "lectern.json",
        &json!({ "banned_phrases": phrases }).to_string(),
    );
    run_within(&ws, &["check"], 20)
        .failure(1)
        .stderr_has("error: lectern.json is larger than 1 MB, the most lectern reads from one settings file")
        .stderr_has("hint: lectern.json holds a few settings");
    let phrases: Vec<String> = (0..1001).map(|i| format!("phrase {i}")).collect();
    ws.write(
        "lectern.json",
        &json!({ "banned_phrases": phrases }).to_string(),
    );
    run_within(&ws, &["check"], 20)
        .failure(1)
        .stderr_has("error: `banned_phrases` lists 1001 phrases; lectern checks at most 1000\n  --> lectern.json:1:2\n");
    std::fs::remove_file(ws.path().join("lectern.json")).unwrap();

    symlink("/dev/zero", ws.path().join("templates/speech.hbs")).ok();
    if !ws.exists("templates") {
        std::fs::create_dir_all(ws.path().join("templates/partials")).unwrap();
        symlink("/dev/zero", ws.path().join("templates/speech.hbs")).unwrap();
    }
    run_within(&ws, &["draft", "summit", "--kind", "speech"], 20)
        .failure(2)
        .stderr_has("error: templates/speech.hbs is a device, not a regular file; lectern reads a template only from a regular file");
    std::fs::remove_file(ws.path().join("templates/speech.hbs")).unwrap();
    ws.write(
        "templates/partials/big.hbs",
        &"{{event.title}}\n".repeat(20_000),
    );
    run_within(&ws, &["check"], 20)
        .failure(1)
        .stderr_has("error: templates/partials/big.hbs is larger than 64 KB, the most lectern reads from one template")
        .stderr_has("hint: split the template into partials");
}

#[test]
fn an_output_folder_inside_a_content_folder_is_refused() {
    let ws = Ws::fixture("basic");
    for (output, why) in [
        ("events", "it is inside the content folder events/, where drafts would be read as content"),
        ("snippets/facts", "it is inside the content folder snippets/facts/, where drafts would be read as content"),
        ("./templates/out", "it is inside the content folder templates/, where drafts would be read as content"),
        ("snippets", "it contains the content folder snippets/messages/; drafts and content must be apart"),
    ] {
        ws.write("lectern.json", &format!("{{\n  \"output\": \"{output}\"\n}}\n"));
        for args in [&["draft", "summit", "--kind", "speech"][..], &["check"]] {
            let run = ws.run(args);
            assert_eq!(run.code(), if args[0] == "check" { 1 } else { 2 }, "{}", run.stderr());
            run.stderr_has(&format!(
                "error: `output` is `{output}`: {why}\n  --> lectern.json:2:3\n"
            ))
                .stderr_has("hint: `output` is a folder inside the workspace, such as \"output\" or \"drafts/out\"");
        }
    }
    assert!(!ws.exists("events/summit"));
    assert!(!ws.exists("snippets/facts/summit"));
}

#[test]
fn concurrent_drafts_of_unchanged_content_write_one_version() {
    let ws = Ws::fixture("basic");
    for round in 1..=2 {
        let children: Vec<_> = (0..8)
            .map(|_| {
                ws.command()
                    .args(["draft", "summit", "--kind", "speech"])
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        let mut unchanged = 0;
        for child in children {
            let out = child.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            if String::from_utf8_lossy(&out.stdout).contains("unchanged") {
                unchanged += 1;
            }
        }
        // Round 1: one process writes v001, seven find it; round 2: all eight find it.
        assert_eq!(unchanged, if round == 1 { 7 } else { 8 });
        let versions: Vec<String> = std::fs::read_dir(ws.path().join("output/summit/speech"))
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        let mut versions = versions;
        versions.sort();
        assert_eq!(versions, ["v001.docx", "v001.json", "v001.md"]);
    }
}

#[test]
fn check_reports_every_file_of_an_unfinished_version() {
    let ws = Ws::fixture("basic");
    ws.run(&["draft", "summit", "--kind", "speech"]).success();
    let dir = "output/summit/speech";
    // A kill after the DOCX and the Markdown were linked, before the manifest.
    std::fs::copy(
        ws.path().join(format!("{dir}/v001.docx")),
        ws.path().join(format!("{dir}/v002.docx")),
    )
    .unwrap();
    ws.write(
        &format!("{dir}/v002.md"),
        &ws.read(&format!("{dir}/v001.md")),
    );
    let run = ws.run(&["check", "--format", "json"]);
    let f = findings(&run);
    let orphans: Vec<(&str, &str)> = f
        .iter()
        .filter(|f| f["code"] == "orphan-version")
        .map(|f| (f["file"].as_str().unwrap(), f["message"].as_str().unwrap()))
        .collect();
    assert_eq!(
        orphans,
        [
            (
                "output/summit/speech/v002.docx",
                "version 2 has no manifest (v002.docx without v002.json)"
            ),
            (
                "output/summit/speech/v002.md",
                "version 2 has no manifest (v002.md without v002.json)"
            ),
        ]
    );
    assert_eq!(run.code(), 0);
    ws.write("lectern.json", r#"{ "author": "Press Office" }"#);
    ws.run(&["draft", "summit", "--kind", "speech"])
        .success()
        .stdout_has("v003");
}

#[test]
fn absurd_speaking_rates_are_located_settings_errors() {
    let ws = Ws::fixture("basic");
    for (rate, shown) in [
        ("1e-300", "1e-300"),
        ("0", "0"),
        ("-130", "-130"),
        ("1e300", "1e300"),
        ("401", "401"),
        ("39.5", "39.5"),
    ] {
        ws.write(
            "lectern.json",
            &format!("{{\n  \"speaking_rates\": {{ \"en\": 130, \"fr\": {rate} }}\n}}\n"),
        );
        ws.run(&["draft", "summit", "--kind", "speech"])
            .failure(2)
            .stderr_has(&format!(
                "error: speaking rate for `fr` is {shown} words a minute; it must be between 40 and 400\n  --> lectern.json:2:34\n"
            ))
            .stderr_has("hint: speakers deliver 100 to 200 words a minute");
    }
    ws.write(
        "lectern.json",
        r#"{ "speaking_rates": { "en": 40, "fr": 400 } }"#,
    );
    ws.run(&["draft", "summit", "--kind", "speech"]).success();
}
