//! lectern: approved messages, facts and event metadata, through Handlebars templates, into
//! versioned DOCX drafts with provenance, word-level diffs and content governance.
//!
//! The pipeline, one module per stage: `workspace` (load) → `resolve` (governance) →
//! `render` (Handlebars → Markdown) → `document` (Markdown → model) → `docx` (export) →
//! `versions` (store). `diff` compares documents. `cmd` orchestrates; nothing below it prints.

pub mod assets;
pub mod batch;
pub mod calibrate;
pub mod capped;
pub mod check;
pub mod clearance;
pub mod cli;
pub mod cmd;
pub mod complete;
pub mod content;
pub mod delivered;
pub mod diff;
pub mod discover;
pub mod document;
pub mod docx;
pub mod draft;
pub mod error;
pub mod governance;
pub mod html;
pub mod import;
pub mod jsonpos;
pub mod languages;
pub mod length;
pub mod library;
pub mod listing;
pub mod outfile;
pub mod output;
pub mod picture;
pub mod problems;
pub mod recorded;
pub mod regenerate;
pub mod render;
pub mod resolve;
pub mod safefs;
pub mod schema;
pub mod settings;
pub mod settings_check;
pub mod skeleton;
pub mod suggest;
pub mod translations;
pub mod validate;
pub mod versions;
pub mod workspace;
pub mod zone;
