//! Finding the workspace from wherever the command runs, as git and cargo do: the nearest
//! folder, from the current one upwards, that holds `lectern.json`, or both `events/` and
//! `snippets/`. The root is returned as a relative path (`.`, `..`, `../..`) so the paths in
//! messages stay short and point from where the user stands. Nothing here prints.

use std::path::{Path, PathBuf};

use crate::settings::Settings;
use crate::workspace::{EVENTS_DIR, FACTS_DIR, MESSAGES_DIR, TEMPLATES_DIR};

/// True when `dir` is a workspace root by the discovery rule.
pub fn is_root(dir: &Path) -> bool {
    dir.join(Settings::FILE).is_file()
        || (dir.join(EVENTS_DIR).is_dir() && dir.join("snippets").is_dir())
}

/// True when `dir` holds anything of a workspace (what `-C DIR` must point at).
pub fn has_content(dir: &Path) -> bool {
    [
        MESSAGES_DIR,
        FACTS_DIR,
        EVENTS_DIR,
        TEMPLATES_DIR,
        Settings::FILE,
    ]
    .iter()
    .any(|p| dir.join(p).exists())
}

/// The nearest workspace root at or above `start` (a folder, usually `.`), as a path
/// relative to `start`'s own form: `.`, then `..`, `../..` and so on.
pub fn find_root(start: &Path) -> Option<PathBuf> {
    let absolute = std::fs::canonicalize(start).ok()?;
    let mut relative = start.to_path_buf();
    for (depth, dir) in absolute.ancestors().enumerate() {
        if is_root(dir) {
            return Some(if depth == 0 {
                start.to_path_buf()
            } else {
                relative
            });
        }
        relative = if depth == 0 && start == Path::new(".") {
            PathBuf::from("..")
        } else {
            relative.join("..")
        };
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nearest_root_above_is_found_as_a_relative_path() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("ws");
        std::fs::create_dir_all(root.join("events/sub/deeper")).unwrap();
        std::fs::create_dir_all(root.join("snippets")).unwrap();
        let deeper = root.join("events/sub/deeper");
        assert_eq!(find_root(&deeper), Some(deeper.join("../../..")));
        assert_eq!(find_root(&root), Some(root.clone()));
        assert_eq!(find_root(dir.path()), None);
    }
}
