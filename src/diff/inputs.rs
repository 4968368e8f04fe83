//! Which inputs changed between two versions of a draft, from their manifests: messages and
//! facts (by id, version and content hash), the event, the template and the tool.

use std::fmt;

use serde::Serialize;

use crate::versions::{InputRef, Manifest};

/// One difference in what two versions were drafted from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum InputChange {
    /// A message or fact whose version (or, at the same version, text) changed.
    Changed {
        input: &'static str,
        id: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        from: Option<u32>,
        #[serde(skip_serializing_if = "Option::is_none")]
        to: Option<u32>,
    },
    Added {
        input: &'static str,
        id: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        version: Option<u32>,
    },
    Removed {
        input: &'static str,
        id: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        version: Option<u32>,
    },
    /// The same messages in a different delivery order.
    Reordered {
        input: &'static str,
    },
    EventChanged,
    TemplateChanged {
        from: String,
        to: String,
    },
    ToolChanged {
        from: String,
        to: String,
    },
    GovernanceChanged {
        not_cleared: bool,
    },
}

/// The input changes from `old` to `new`, in a fixed order: event, messages, facts,
/// template, tool, governance.
pub fn input_changes(old: &Manifest, new: &Manifest) -> Vec<InputChange> {
    let mut out = Vec::new();
    if old.inputs.event.hash != new.inputs.event.hash {
        out.push(InputChange::EventChanged);
    }
    compare_refs(
        "message",
        &old.inputs.messages,
        &new.inputs.messages,
        &mut out,
    );
    compare_refs("fact", &old.inputs.facts, &new.inputs.facts, &mut out);
    if old.template.name != new.template.name || old.template.hash != new.template.hash {
        out.push(InputChange::TemplateChanged {
            from: old.template.name.clone(),
            to: new.template.name.clone(),
        });
    }
    if old.tool_version != new.tool_version {
        out.push(InputChange::ToolChanged {
            from: old.tool_version.clone(),
            to: new.tool_version.clone(),
        });
    }
    if old.not_cleared != new.not_cleared {
        out.push(InputChange::GovernanceChanged {
            not_cleared: new.not_cleared,
        });
    }
    out
}

fn compare_refs(
    input: &'static str,
    old: &[InputRef],
    new: &[InputRef],
    out: &mut Vec<InputChange>,
) {
    for n in new {
        match old.iter().find(|o| o.id == n.id) {
            None => out.push(InputChange::Added {
                input,
                id: n.id.clone(),
                version: n.version,
            }),
            Some(o) if o.version != n.version || o.hash != n.hash => {
                out.push(InputChange::Changed {
                    input,
                    id: n.id.clone(),
                    from: o.version,
                    to: n.version,
                })
            }
            Some(_) => {}
        }
    }
    for o in old {
        if !new.iter().any(|n| n.id == o.id) {
            out.push(InputChange::Removed {
                input,
                id: o.id.clone(),
                version: o.version,
            });
        }
    }
    let kept_old: Vec<&str> = old
        .iter()
        .map(|o| o.id.as_str())
        .filter(|id| new.iter().any(|n| n.id == *id))
        .collect();
    let kept_new: Vec<&str> = new
        .iter()
        .map(|n| n.id.as_str())
        .filter(|id| old.iter().any(|o| o.id == *id))
        .collect();
    if input == "message" && kept_old != kept_new {
        out.push(InputChange::Reordered { input });
    }
}

fn v(n: Option<u32>) -> String {
    n.map(|n| format!(" v{n}")).unwrap_or_default()
}

impl fmt::Display for InputChange {
    /// "message cyber-1 v2→v3", "fact haechi-v added (v1)", "event changed", …
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputChange::Changed {
                input,
                id,
                from,
                to,
            } => match (from, to) {
                (Some(a), Some(b)) if a != b => write!(f, "{input} {id} v{a}\u{2192}v{b}"),
                (_, Some(b)) => write!(f, "{input} {id} changed (still v{b})"),
                _ => write!(f, "{input} {id} changed"),
            },
            InputChange::Added { input, id, version } => {
                write!(f, "{input} {id}{} added", v(*version))
            }
            InputChange::Removed { input, id, version } => {
                write!(f, "{input} {id}{} removed", v(*version))
            }
            InputChange::Reordered { input } => write!(f, "{input} order changed"),
            InputChange::EventChanged => f.write_str("event changed"),
            InputChange::TemplateChanged { from, to } if from == to => {
                write!(f, "template changed ({to})")
            }
            InputChange::TemplateChanged { from, to } => {
                write!(f, "template {from}\u{2192}{to}")
            }
            InputChange::ToolChanged { from, to } => write!(f, "lectern {from}\u{2192}{to}"),
            InputChange::GovernanceChanged { not_cleared: true } => f.write_str("now NOT CLEARED"),
            InputChange::GovernanceChanged { not_cleared: false } => f.write_str("now cleared"),
        }
    }
}
