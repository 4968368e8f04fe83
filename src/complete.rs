//! Ids for shell completion: the event, message and fact ids in a workspace's content files,
//! read leniently (a file that does not parse is skipped; completion never reports errors) and
//! with their titles as help. Returns data; `cmd::complete` hands it to the shell.

use std::path::Path;

use crate::workspace::{json_files, EVENTS_DIR, FACTS_DIR, MESSAGES_DIR};

/// Which ids to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum What {
    Events,
    Messages,
    Facts,
}

/// Every id of `what` in the workspace at `root`, sorted, each with a short description (the
/// title, or a fact's statement in its first language).
pub fn ids(root: &Path, what: What) -> Vec<(String, Option<String>)> {
    let dir = match what {
        What::Events => EVENTS_DIR,
        What::Messages => MESSAGES_DIR,
        What::Facts => FACTS_DIR,
    };
    let mut out = Vec::new();
    for path in json_files(&root.join(dir)).0 {
        // Every read of content goes through the capped reader (no FIFOs, no devices, bounded).
        let Ok(text) = crate::capped::read_text(&path, &path, crate::capped::CONTENT) else {
            continue;
        };
        let Ok(value) = serde_json::from_str::<serde_json::Value>(&text) else {
            continue;
        };
        let items = match value {
            serde_json::Value::Array(items) => items,
            one => vec![one],
        };
        for item in items {
            let Some(id) = item.get("id").and_then(|v| v.as_str()) else {
                continue;
            };
            let about = item
                .get("title")
                .and_then(|v| v.as_str())
                .or_else(|| {
                    item.get("statement")
                        .and_then(|s| s.as_object())
                        .and_then(|s| s.values().next())
                        .and_then(|v| v.as_str())
                })
                .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "));
            out.push((id.to_string(), about));
        }
    }
    out.sort();
    out.dedup_by(|a, b| a.0 == b.0);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_read_leniently_from_objects_and_arrays() {
        let dir = tempfile::tempdir().unwrap();
        let m = dir.path().join(MESSAGES_DIR);
        std::fs::create_dir_all(&m).unwrap();
        std::fs::write(
            m.join("a.json"),
            r#"[{"id": "m-2", "title": "Second"}, {"id": "m-1", "title": "First  one"}]"#,
        )
        .unwrap();
        std::fs::write(m.join("broken.json"), r#"{"id": "m-3", "#).unwrap();
        let f = dir.path().join(FACTS_DIR);
        std::fs::create_dir_all(&f).unwrap();
        std::fs::write(
            f.join("f.json"),
            r#"{"id": "f-1", "statement": {"fr": "Un fait."}}"#,
        )
        .unwrap();
        assert_eq!(
            ids(dir.path(), What::Messages),
            [
                ("m-1".to_string(), Some("First one".to_string())),
                ("m-2".to_string(), Some("Second".to_string()))
            ]
        );
        assert_eq!(
            ids(dir.path(), What::Facts),
            [("f-1".to_string(), Some("Un fait.".to_string()))]
        );
        assert!(ids(dir.path(), What::Events).is_empty());
    }
}
