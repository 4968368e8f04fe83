//! The text as delivered (`import --as-delivered`), speaking rates calibrated on delivered
//! speeches, and versions that are never rewritten by clearance (DESIGN.md §11).

use super::Ws;

const SPEECH: &str = "output/summit/speech";

fn drafted() -> Ws {
    let ws = Ws::fixture("basic");
    ws.run(&["draft", "summit", "--kind", "speech"]).success();
    ws
}

/// A copy of the `summit` event under another id: the same speaker, language and text.
fn another_summit(ws: &Ws, id: &str) {
    let text = ws.read("events/summit.json").replacen(
        "\"id\": \"summit\"",
        &format!("\"id\": \"{id}\""),
        1,
    );
    assert!(text.contains(&format!("\"id\": \"{id}\"")));
    ws.write(&format!("events/{id}.json"), &text);
}

fn clear(ws: &Ws, event: &str) {
    ws.run(&["clear", event, "--kind", "speech", "--by", "Spokesperson"])
        .success();
}

/// Import `file` as the delivered text of `event`'s speech.
fn deliver(ws: &Ws, event: &str, file: &str, extra: &[&str]) -> super::Run {
    let mut args = vec![
        "import",
        event,
        "--kind",
        "speech",
        file,
        "--by",
        "Speechwriter",
        "--as-delivered",
    ];
    args.extend_from_slice(extra);
    ws.run(&args)
}

fn files_of(ws: &Ws, dir: &str) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(ws.path().join(dir))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// What a version's files are: bytes, length and modification time of each.
fn snapshot(ws: &Ws, n: u32) -> Vec<(Vec<u8>, std::time::SystemTime)> {
    ["docx", "md", "json"]
        .iter()
        .map(|ext| {
            let p = ws.path().join(format!("{SPEECH}/v{n:03}.{ext}"));
            (
                std::fs::read(&p).unwrap(),
                std::fs::metadata(&p).unwrap().modified().unwrap(),
            )
        })
        .collect()
}

#[test]
fn the_text_as_delivered_is_based_on_the_last_cleared_version() {
    let ws = drafted();
    super::import::reviewed(
        &ws,
        "output/summit/speech/v001.docx",
        "delivered.docx",
        |x| x.replace("Thank you.", "Thank you all very much."),
        None,
    );
    // Nothing cleared yet: refused, nothing written.
    let r = deliver(&ws, "summit", "delivered.docx", &["--duration", "0:40"]);
    r.failure(1);
    assert_eq!(
        r.stderr(),
        "error: summit has no cleared speech version, and a text as delivered is based on the cleared one\n  --> output/summit/speech\nhint: sign the prepared version off first: `lectern clear summit --kind speech --by NAME`\n"
    );
    assert!(!ws.exists("output/summit/speech/v002.json"));

    // v001 cleared, then a v002 drafted after a change: the delivery is based on v001.
    clear(&ws, "summit");
    let event = ws.read("events/summit.json");
    ws.write(
        "events/summit.json",
        &event.replacen("\"city\": \"", "\"city\": \"Greater ", 1),
    );
    ws.run(&["draft", "summit", "--kind", "speech"])
        .success()
        .stdout_has("summit/speech: v002 ");
    // --from must name a cleared version.
    let r = deliver(&ws, "summit", "delivered.docx", &["--from", "2"]);
    r.failure(1);
    assert_eq!(
        r.stderr(),
        "error: --from 2: summit's speech v002 is not cleared, and a text as delivered is based on a cleared version\n  --> output/summit/speech\nhint: the cleared versions are v001\n"
    );
    let r = deliver(
        &ws,
        "summit",
        "delivered.docx",
        &["--duration", "0:40", "--delivered-on", "2026-11-20"],
    );
    r.success();
    let out = r.stdout();
    let words: usize = ws.manifest("output/summit/speech/v003.json")["words"]
        .as_u64()
        .unwrap() as usize;
    let rate = words as f64 * 60.0 / 40.0;
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 4, "{out}");
    assert_eq!(
        lines[0],
        format!("summit/speech: v003 output/summit/speech/v003.docx as delivered on 2026-11-20, from delivered.docx by Speechwriter ({words} words in 0:40, {rate:.0} words a minute)")
    );
    assert_eq!(
        lines[1],
        "  based on v001, the last cleared version; `lectern diff summit --kind speech` compares them"
    );
    assert!(lines[2].starts_with("  since v002: "), "{out}");
    assert_eq!(
        lines[3],
        format!(
            "  Dr Amina Okafor (en): {rate:.0} words a minute, calibrated on 1 delivered speech"
        )
    );
    let m = ws.manifest("output/summit/speech/v003.json");
    assert_eq!(m["origin"]["kind"], "delivered");
    assert_eq!(m["origin"]["based_on"], 1);
    assert_eq!(m["origin"]["speaker"], "Dr Amina Okafor");
    assert_eq!(m["origin"]["duration_seconds"], 40);
    assert_eq!(m["origin"]["delivered_on"], "2026-11-20");

    // diff: prepared (the cleared v001) against delivered, without naming versions.
    ws.run(&["diff", "summit", "--kind", "speech"])
        .success()
        .stdout_has("--- summit speech v001 (as prepared)\n+++ summit speech v003 (as delivered)\n")
        .stdout_has("all very much");
    // --from still chooses.
    ws.run(&["diff", "summit", "--kind", "speech", "--from", "2"])
        .success()
        .stdout_has("--- summit speech v002\n+++ summit speech v003\n");

    // Stage and duration in status and history.
    ws.run(&["status", "summit"])
        .success()
        .stdout_has("summit  speech          v003    delivered     17    0:40  -\n")
        .stdout_has(&format!(
            "~ speeches by Dr Amina Okafor (en): {rate:.0} words a minute, calibrated on 1 delivered speech\n"
        ));
    ws.run(&["history", "summit", "--kind", "speech"])
        .success()
        .stdout_has(&format!(
            "as delivered on 2026-11-20 in 0:40 ({rate:.0} words a minute), from delivered.docx by Speechwriter, based on v001\n"
        ));

    // The same delivery again writes nothing; a delivered text is not cleared or released.
    deliver(
        &ws,
        "summit",
        "delivered.docx",
        &["--duration", "0:40", "--delivered-on", "2026-11-20"],
    )
    .success()
    .stdout_has("summit/speech: delivered.docx is unchanged from v003; nothing written\n");
    assert!(!ws.exists("output/summit/speech/v004.json"));
    for cmd in ["clear", "release"] {
        let mut args = vec![cmd, "summit", "--kind", "speech", "--version", "3"];
        if cmd == "clear" {
            args.extend(["--by", "Spokesperson"]);
        }
        let r = ws.run(&args);
        r.failure(1);
        assert_eq!(
            r.stderr(),
            "error: v003 is the text as delivered: a record of what was said, not a draft to clear or release\n  --> output/summit/speech/v003.json\nhint: clear and release the prepared version; `lectern history` shows each version's stage\n"
        );
    }
    assert!(!ws.exists("output/summit/speech/v003.signoffs"));
}

#[test]
fn a_delivery_equal_to_the_prepared_text_is_still_recorded() {
    let ws = drafted();
    clear(&ws, "summit");
    std::fs::copy(
        ws.path().join("output/summit/speech/v001.docx"),
        ws.path().join("as-said.docx"),
    )
    .unwrap();
    deliver(&ws, "summit", "as-said.docx", &[])
        .success()
        .stdout_has("summit/speech: v002 output/summit/speech/v002.docx as delivered, from as-said.docx by Speechwriter (")
        .stdout_has("  since v001: no changes\n");
    ws.run(&["diff", "summit", "--kind", "speech"])
        .success()
        .stdout_has("no changes");
}

#[test]
fn bad_durations_and_days_are_clear_errors_and_write_nothing() {
    let ws = drafted();
    clear(&ws, "summit");
    std::fs::copy(
        ws.path().join("output/summit/speech/v001.docx"),
        ws.path().join("as-said.docx"),
    )
    .unwrap();
    let hint =
        "hint: give how long the delivery took, e.g. --duration 12:30 or --duration 1:05:00\n";
    for (arg, why) in [
        ("5:75", "`5:75` is not M:SS or H:MM:SS"),
        ("5:7", "`5:7` is not M:SS or H:MM:SS"),
        ("330", "`330` is not M:SS or H:MM:SS"),
        ("1:60:00", "`1:60:00` is not M:SS or H:MM:SS"),
        ("0:00", "`0:00` is no time at all"),
        ("25:00:00", "`25:00:00` is longer than a day"),
    ] {
        let r = deliver(&ws, "summit", "as-said.docx", &["--duration", arg]);
        r.failure(2);
        assert_eq!(
            r.stderr(),
            format!("error: --duration: {why}\n{hint}"),
            "{arg}"
        );
    }
    let r = deliver(
        &ws,
        "summit",
        "as-said.docx",
        &["--delivered-on", "2026-11-22"],
    );
    r.failure(2);
    assert_eq!(
        r.stderr(),
        "error: --delivered-on: 2026-11-22 is after today (2026-11-21)\nhint: give the day the text was delivered; --today sets today for a reproducible run\n"
    );
    let r = deliver(
        &ws,
        "summit",
        "as-said.docx",
        &["--delivered-on", "2026-02-30"],
    );
    r.failure(2);
    assert!(
        r.stderr().starts_with("error: --delivered-on: "),
        "{}",
        r.stderr()
    );
    // A press briefing is read, not delivered aloud: no duration.
    ws.run(&["draft", "summit", "--kind", "press-briefing"])
        .success();
    let r = ws.run(&[
        "import",
        "summit",
        "--kind",
        "press-briefing",
        "as-said.docx",
        "--by",
        "X",
        "--as-delivered",
        "--duration",
        "3:00",
    ]);
    r.failure(2);
    assert_eq!(
        r.stderr(),
        "error: --duration: a press-briefing is read, not delivered aloud; only a speech's duration calibrates its speaker\nhint: leave --duration out, or import the speech with it\n"
    );
    assert_eq!(
        files_of(&ws, SPEECH),
        ["v001.docx", "v001.json", "v001.md", "v001.signoffs"]
    );
    // An absurd duration is recorded, with a warning, and never calibrates.
    let r = deliver(&ws, "summit", "as-said.docx", &["--duration", "0:05"]);
    r.success();
    let words = ws.manifest("output/summit/speech/v002.json")["words"]
        .as_u64()
        .unwrap();
    assert_eq!(
        r.stderr(),
        format!(
            "warning: summit/speech: {words} words in 0:05 is {} words a minute, outside 40–400: the duration is recorded but not used to calibrate speaking times\n",
            words * 12
        )
    );
    assert!(!r.stdout().contains("calibrated"), "{}", r.stdout());
    another_summit(&ws, "summit-next");
    let r = ws.run(&["draft", "summit-next", "--kind", "speech"]);
    r.success();
    assert!(!r.stdout().contains("calibrated"), "{}", r.stdout());
}

#[test]
fn delivered_speeches_calibrate_later_estimates_for_that_speaker_and_language() {
    let ws = Ws::fixture("basic");
    ws.run(&["draft", "summit", "--kind", "speech"]).success();
    let words = ws.manifest("output/summit/speech/v001.json")["words"]
        .as_u64()
        .unwrap();
    // Three events by the same speaker, delivered at 100, 150 and 120 words a minute.
    let secs = |rate: u64| words * 60 / rate;
    let mmss = |s: u64| format!("{}:{:02}", s / 60, s % 60);
    for (id, rate) in [("summit-a", 100), ("summit-b", 150), ("summit-c", 120)] {
        another_summit(&ws, id);
        ws.run(&["draft", id, "--kind", "speech"]).success();
        clear(&ws, id);
        let file = format!("{id}.docx");
        std::fs::copy(
            ws.path().join(format!("output/{id}/speech/v001.docx")),
            ws.path().join(&file),
        )
        .unwrap();
        deliver(&ws, id, &file, &["--duration", &mmss(secs(rate))]).success();
    }
    // The median is the 120-word delivery's rate, so the same text is estimated at its time.
    let median = words as f64 * 60.0 / secs(120) as f64;
    let event = ws.read("events/summit.json");
    ws.write(
        "events/summit.json",
        &event.replacen("\"city\": \"", "\"city\": \"Greater ", 1),
    );
    let r = ws.run(&["draft", "summit", "--kind", "speech"]);
    r.success();
    let words = ws.manifest("output/summit/speech/v002.json")["words"]
        .as_u64()
        .unwrap();
    let expected = (words as f64 / median * 60.0).round() as u64;
    let off = ((300.0 - expected as f64) / 300.0 * 100.0).round();
    assert_eq!(
        r.stdout().lines().next().unwrap(),
        format!("summit/speech: v002 output/summit/speech/v002.docx ({words} words, ~{} of a 5:00 target, {off:.0}% short, calibrated on 3 delivered speeches)", mmss(expected))
    );
    // The manifest keeps the estimate at the settings' rate: calibration never makes a
    // version.
    let settings = (words as f64 / 130.0 * 60.0).round() as u64;
    assert_eq!(
        ws.manifest("output/summit/speech/v002.json")["speaking_seconds"],
        settings
    );
    ws.run(&["draft", "summit", "--kind", "speech"])
        .success()
        .stdout_has("summit/speech: unchanged since v002\n");

    // status: the time at the speaker's rate, and where it comes from.
    ws.run(&["status", "summit"])
        .success()
        .stdout_has(&format!(
            "summit  speech          v002    draft         17  {:>6}  one sign-off\n",
            format!("~{}", mmss(expected))
        ))
        .stdout_has(&format!(
            "~ speeches by Dr Amina Okafor (en): {median:.0} words a minute, calibrated on 3 delivered speeches\n"
        ));
    let s: serde_json::Value =
        serde_json::from_str(&ws.run(&["status", "summit", "--format", "json"]).stdout()).unwrap();
    assert_eq!(s[0]["speaking_seconds"], expected);
    assert_eq!(s[0]["calibrated_on"], 3);

    // check's length warning uses the same rate.
    let minutes = words as f64 / median;
    ws.run(&["check"]).stderr_has(&format!(
        "warning: speech v2 of `summit` runs about {minutes:.1} min ({words} words at {median:.0} words a minute, calibrated on 3 delivered speeches) against a target of 5 min: {:.0}% under\n",
        (5.0 - minutes) / 5.0 * 100.0
    ));

    // batch: the summary's time and the JSON.
    let b: serde_json::Value =
        serde_json::from_str(&ws.run(&["batch", "--format", "json"]).stdout()).unwrap();
    let item = b["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["event"] == "summit" && i["kind"] == "speech")
        .unwrap()
        .clone();
    assert_eq!(item["calibrated_seconds"], expected);
    assert_eq!(item["calibrated_on"], 3);
    assert_eq!(item["speaking_seconds"], settings);

    // Other languages and other kinds keep the settings' rates.
    let r = ws.run(&["draft", "summit-fr", "--kind", "speech"]);
    r.success();
    assert!(!r.stdout().contains("calibrated"), "{}", r.stdout());
    let r = ws.run(&["draft", "summit", "--kind", "blog"]);
    r.success();
    assert!(!r.stdout().contains("calibrated"), "{}", r.stdout());
}

#[test]
fn a_later_delivery_of_the_same_event_corrects_the_earlier_one() {
    let ws = drafted();
    clear(&ws, "summit");
    std::fs::copy(
        ws.path().join("output/summit/speech/v001.docx"),
        ws.path().join("as-said.docx"),
    )
    .unwrap();
    // 80 words: 0:30 is 160 words a minute, 0:40 is 120.
    deliver(&ws, "summit", "as-said.docx", &["--duration", "0:30"]).success();
    deliver(&ws, "summit", "as-said.docx", &["--duration", "0:40"])
        .success()
        .stdout_has("words a minute, calibrated on 1 delivered speech\n");
    another_summit(&ws, "summit-next");
    ws.run(&["draft", "summit-next", "--kind", "speech"])
        .success()
        .stdout_has(
            "(80 words, ~0:40 of a 5:00 target, 87% short, calibrated on 1 delivered speech)\n",
        );
}

#[test]
fn clearance_never_rewrites_a_version_and_its_header_stays_draft() {
    let ws = drafted();
    let before = snapshot(&ws, 1);
    std::thread::sleep(std::time::Duration::from_millis(20));
    clear(&ws, "summit");
    // Drafting the unchanged event again writes nothing: no "CLEARED" copy of a version.
    ws.run(&["draft", "summit", "--kind", "speech"])
        .success()
        .stdout_has("summit/speech: unchanged since v001\n");
    ws.run(&["release", "summit", "--kind", "speech"]).success();
    assert_eq!(snapshot(&ws, 1), before, "a version file was rewritten");
    assert_eq!(
        files_of(&ws, SPEECH),
        [
            "v001.docx",
            "v001.json",
            "v001.md",
            "v001.release.docx",
            "v001.signoffs"
        ]
    );
    // The version still says DRAFT; the stage lives in the records and listings; the release
    // copy carries no DRAFT line.
    let header = |rel: &str| {
        let mut all = String::new();
        for part in ["word/header1.xml", "word/header2.xml", "word/header3.xml"] {
            let f = std::fs::File::open(ws.path().join(rel)).unwrap();
            let mut z = zip::ZipArchive::new(f).unwrap();
            if let Ok(mut p) = z.by_name(part) {
                std::io::Read::read_to_string(&mut p, &mut all).unwrap();
            };
        }
        all
    };
    let draft = header("output/summit/speech/v001.docx");
    assert!(draft.contains("DRAFT · Version 1"), "{draft}");
    assert!(!draft.contains("CLEARED"), "{draft}");
    let release = header("output/summit/speech/v001.release.docx");
    assert!(!release.contains("DRAFT"), "{release}");
    assert!(release.contains("PUBLIC"), "{release}");
    ws.run(&["status", "summit"])
        .success()
        .stdout_has("summit  speech          v001    released");
    ws.run(&["history", "summit", "--kind", "speech"])
        .success()
        .stdout_has("released\n        signed off by Spokesperson (");
}

/// `"a b" c` → `["a b", "c"]`: the few shell words the README uses (double quotes, no escapes).
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let (mut quoted, mut any) = (false, false);
    for c in line.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                any = true;
            }
            c if c.is_whitespace() && !quoted => {
                if any {
                    words.push(std::mem::take(&mut cur));
                    any = false;
                }
            }
            c => {
                cur.push(c);
                any = true;
            }
        }
    }
    if any {
        words.push(cur);
    }
    words
}

#[test]
fn the_readme_tour_from_draft_to_delivery_works_as_written() {
    let readme = std::fs::read_to_string(super::repo().join("README.md")).unwrap();
    let start = readme
        .find("## From draft to delivery")
        .expect("the README has the tour");
    let block = &readme[start..];
    let block = &block[block.find("```sh\n").unwrap() + 6..];
    let block = &block[..block.find("```").unwrap()];
    let ws = Ws::sample();
    let mut ran = 0;
    for line in block.lines() {
        let command = line.split("  #").next().unwrap().trim();
        if command.is_empty() {
            continue;
        }
        let words = shell_words(command);
        match words[0].as_str() {
            "cp" => {
                std::fs::copy(ws.path().join(&words[1]), ws.path().join(&words[2])).unwrap();
            }
            "lectern" => {
                let args: Vec<&str> = words[1..].iter().map(String::as_str).collect();
                let r = ws.run(&args);
                assert_eq!(r.code(), 0, "{command}\n{}{}", r.stdout(), r.stderr());
                ran += 1;
            }
            other => panic!("the tour runs `{other}`"),
        }
    }
    assert_eq!(ran, 9);
    let m = ws.manifest("output/singapore-cyber-summit-2026/speech/v002.json");
    assert_eq!(m["origin"]["kind"], "delivered");
    assert_eq!(m["origin"]["based_on"], 1);
    assert!(ws.exists("output/singapore-cyber-summit-2026/speech/v001.release.docx"));
    // What the last comment of the tour quotes.
    ws.run(&["status", "singapore-cyber-summit-2026"])
        .success()
        .stdout_has(
            "~ speeches by Dr Amina Okafor (en): 118 words a minute, calibrated on 1 delivered speech\n",
        );
}

#[test]
fn a_killed_delivery_import_leaves_whole_versions_or_none() {
    let ws = drafted();
    clear(&ws, "summit");
    super::import::reviewed(
        &ws,
        "output/summit/speech/v001.docx",
        "as-said.docx",
        |x| x.replace("Thank you.", "Thank you all."),
        None,
    );
    for i in 0..10u64 {
        let mut child = ws
            .command()
            .args([
                "import",
                "summit",
                "--kind",
                "speech",
                "as-said.docx",
                "--by",
                "Speechwriter",
                "--as-delivered",
                "--duration",
                &format!("0:{:02}", 40 + i),
            ])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(i * 4));
        let _ = child.kill();
        let _ = child.wait();
    }
    // Every manifest there is whole and records a delivery based on the cleared v001; files
    // without a manifest are at most an interrupted version, never read as one.
    for name in files_of(&ws, SPEECH) {
        assert!(!name.starts_with(".lectern-"), "{name}");
        if name.ends_with(".json") && name != "v001.json" {
            let m = ws.manifest(&format!("{SPEECH}/{name}"));
            assert_eq!(m["origin"]["kind"], "delivered", "{name}");
            assert_eq!(m["origin"]["based_on"], 1, "{name}");
        }
    }
    // The workspace still works: a delivery lands and calibrates.
    deliver(&ws, "summit", "as-said.docx", &["--duration", "0:39"])
        .success()
        .stdout_has("calibrated on 1 delivered speech\n");
}
