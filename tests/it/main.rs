//! lectern's integration tests: one binary, a module per command. Each test copies a fixture
//! workspace into a temporary folder, runs the real `lectern` binary with a clean environment
//! and asserts its stdout, stderr, exit status and files.

mod batch;
mod check;
mod clearance;
mod delivered;
mod diff;
mod draft;
mod errors;
mod export;
mod formats;
mod governance;
mod history;
mod hostile;
mod hostile_fs;
mod hostile_render;
mod import;
mod init;
mod languages;
mod list;
mod load;
mod merge;
mod pictures;
mod readback;
mod reader;
mod redline;
mod review_notes;
mod review_page;
mod roundtrip;
mod schema;
mod style;
mod superscript;
mod templates;
mod terminal;
mod translations;
mod wording;

use std::path::{Path, PathBuf};
use std::process::Output;

/// The fixed "today" every test runs with, so governance checks are reproducible.
pub const TODAY: &str = "2026-11-21";

/// A temporary workspace.
pub struct Ws {
    dir: tempfile::TempDir,
}

/// What a run of the binary produced.
pub struct Run {
    pub out: Output,
}

impl Run {
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.out.stdout).into_owned()
    }
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.out.stderr).into_owned()
    }
    pub fn code(&self) -> i32 {
        self.out.status.code().unwrap_or(-1)
    }
    #[track_caller]
    pub fn success(&self) -> &Self {
        assert_eq!(
            self.code(),
            0,
            "expected success\nstdout:\n{}\nstderr:\n{}",
            self.stdout(),
            self.stderr()
        );
        self
    }
    #[track_caller]
    pub fn failure(&self, code: i32) -> &Self {
        assert_eq!(
            self.code(),
            code,
            "unexpected exit status\nstdout:\n{}\nstderr:\n{}",
            self.stdout(),
            self.stderr()
        );
        self
    }
    #[track_caller]
    pub fn stderr_has(&self, needle: &str) -> &Self {
        let s = self.stderr();
        assert!(s.contains(needle), "stderr lacks {needle:?}:\n{s}");
        self
    }
    #[track_caller]
    pub fn stdout_has(&self, needle: &str) -> &Self {
        let s = self.stdout();
        assert!(s.contains(needle), "stdout lacks {needle:?}:\n{s}");
        self
    }
}

/// `xml` without the elements named `tag` (not nested in themselves), content included.
pub fn strip(xml: &str, tag: &str) -> String {
    let (open, close) = (format!("<{tag} "), format!("</{tag}>"));
    let mut out = String::new();
    let mut rest = xml;
    while let Some(i) = rest.find(&open) {
        out.push_str(&rest[..i]);
        let Some(j) = rest[i..].find(&close) else {
            break;
        };
        rest = &rest[i + j + close.len()..];
    }
    out.push_str(rest);
    out
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

impl Ws {
    pub fn empty() -> Ws {
        Ws {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    /// A copy of `tests/fixtures/<name>`.
    pub fn fixture(name: &str) -> Ws {
        let ws = Ws::empty();
        copy_tree(&repo().join("tests/fixtures").join(name), ws.path());
        ws
    }

    /// A copy of the repository's own sample workspace.
    pub fn sample() -> Ws {
        let ws = Ws::empty();
        for d in ["snippets", "events", "templates", "style"] {
            if repo().join(d).is_dir() {
                copy_tree(&repo().join(d), &ws.path().join(d));
            }
        }
        std::fs::copy(repo().join("lectern.json"), ws.path().join("lectern.json")).unwrap();
        ws
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, rel: &str, text: &str) -> &Self {
        let p = self.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
        self
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path().join(rel))
            .unwrap_or_else(|e| panic!("cannot read {rel}: {e}"))
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.path().join(rel).exists()
    }

    /// Run `lectern ARGS` in the workspace with a clean environment and `--today` fixed.
    pub fn run(&self, args: &[&str]) -> Run {
        let mut cmd = self.command();
        cmd.args(args);
        Run {
            out: cmd.output().unwrap(),
        }
    }

    pub fn command(&self) -> std::process::Command {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_lectern"));
        cmd.current_dir(self.path())
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("LECTERN_TODAY", TODAY)
            .env("NO_COLOR", "1");
        cmd
    }

    /// Text of `word/document.xml` inside a DOCX in the workspace.
    pub fn docx_xml(&self, rel: &str, part: &str) -> String {
        let f = std::fs::File::open(self.path().join(rel)).unwrap();
        let mut z = zip::ZipArchive::new(f).unwrap();
        let mut s = String::new();
        std::io::Read::read_to_string(&mut z.by_name(part).unwrap(), &mut s).unwrap();
        s
    }

    pub fn manifest(&self, rel: &str) -> serde_json::Value {
        serde_json::from_str(&self.read(rel)).unwrap()
    }
}
