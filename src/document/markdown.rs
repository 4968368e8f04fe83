//! `Document` → Markdown, the `.md` text of record.
