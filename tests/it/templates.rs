//! `lectern templates list | show | export`: which template each kind uses, the built-in
//! sources, and an export that never overwrites without `--force`.

use std::path::Path;

use assert_cmd::Command;

fn lectern(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("lectern").expect("binary");
    cmd.current_dir(dir).args(["--color", "never"]);
    cmd
}

#[test]
fn list_shows_built_ins_and_overrides() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = lectern(dir.path())
        .args(["templates", "list"])
        .output()
        .expect("run");
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(text.starts_with("speech              built-in\n"), "{text}");
    assert!(text.contains("briefing-note       built-in\n"), "{text}");

    std::fs::create_dir_all(dir.path().join("templates")).expect("mkdir");
    std::fs::write(dir.path().join("templates/blog.hbs"), "# {{event.title}}\n").expect("write");
    let out = lectern(dir.path())
        .args(["templates", "list"])
        .output()
        .expect("run");
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(
        text.contains("blog                templates/blog.hbs\n"),
        "{text}"
    );
    assert!(text.contains("speech              built-in\n"), "{text}");
}

#[test]
fn show_prints_the_built_in_source() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = lectern(dir.path())
        .args(["templates", "show", "speech"])
        .output()
        .expect("run");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(text.contains("{{event.title}}"), "{text}");
}

#[test]
fn export_writes_once_and_overwrites_only_with_force() {
    let dir = tempfile::tempdir().expect("temp dir");
    let speech = dir.path().join("templates/speech.hbs");
    lectern(dir.path())
        .args(["templates", "export"])
        .assert()
        .success();
    let built_in = std::fs::read_to_string(&speech).expect("exported");
    for file in [
        "blog.hbs",
        "press-briefing.hbs",
        "briefing-note.hbs",
        "partials/contacts.hbs",
    ] {
        assert!(dir.path().join("templates").join(file).is_file(), "{file}");
    }
    let show = lectern(dir.path())
        .args(["templates", "show", "speech"])
        .output()
        .expect("run");
    assert_eq!(built_in.as_bytes(), show.stdout.as_slice());

    std::fs::write(&speech, "# Mine\n").expect("edit");
    lectern(dir.path())
        .args(["templates", "export"])
        .assert()
        .success()
        .stderr(predicates::str::contains(
            "warning: kept templates/speech.hbs: it already exists (--force overwrites it)",
        ));
    assert_eq!(std::fs::read_to_string(&speech).expect("read"), "# Mine\n");

    lectern(dir.path())
        .args(["templates", "export", "--force"])
        .assert()
        .success();
    assert_eq!(std::fs::read_to_string(&speech).expect("read"), built_in);
    // No temporary files are left behind.
    let leftovers: Vec<_> = std::fs::read_dir(dir.path().join("templates"))
        .expect("read dir")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".lectern-"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn an_exported_template_is_what_check_renders() {
    let dir = tempfile::tempdir().expect("temp dir");
    lectern(dir.path())
        .args(["templates", "export"])
        .assert()
        .success();
    std::fs::write(
        dir.path().join("templates/speech.hbs"),
        "# {{event.title}}\n\n{{#each messages}}\n",
    )
    .expect("edit");
    lectern(dir.path())
        .args(["check", "--format", "json"])
        .assert()
        .code(1)
        .stdout(predicates::str::contains("\"code\": \"template\""));
}
