//! `lectern init`: a new workspace that drafts at once, never overwriting.

use crate::Ws;

#[test]
fn init_creates_a_workspace_that_drafts() {
    let ws = Ws::empty();
    ws.run(&["init", "new"])
        .success()
        .stderr_has("created a workspace in new");
    for f in [
        "snippets/messages/starter.json",
        "snippets/facts/starter.json",
        "events/starter-event.json",
        "lectern.json",
    ] {
        assert!(ws.exists(&format!("new/{f}")), "missing {f}");
    }
    ws.run(&["-C", "new", "batch"])
        .success()
        .stderr_has("0 failed");
}

#[test]
fn init_never_overwrites() {
    let ws = Ws::empty();
    ws.write("new/lectern.json", "{}");
    ws.run(&["init", "new"])
        .failure(2)
        .stderr_has("lectern.json already exists; `lectern init` never overwrites files");
    assert_eq!(ws.read("new/lectern.json"), "{}");
}
