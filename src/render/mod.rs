//! Templates: the only module that uses handlebars. Loads the built-in templates (compiled into
//! the binary) and the workspace's overrides and partials, renders a `Resolved` draft to
//! Markdown with data escaped for Markdown, and owns the localisation of labels, dates and
//! numbers (`l10n`).

use std::path::Path;

use crate::document::Comment;
use crate::error::Result;
use crate::library::Kind;
use crate::resolve::Resolved;
use crate::versions::TemplateRef;

/// The templates of a workspace: built-ins, overridden per kind by `templates/<kind>.hbs`,
/// plus `templates/partials/*.hbs`.
#[derive(Debug)]
pub struct Templates {}

/// A rendered draft: Markdown, the review comments its markers refer to, and which template
/// produced it.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub markdown: String,
    pub comments: Vec<Comment>,
    pub template: TemplateRef,
}

impl Templates {
    /// Load and compile every template; a syntax error names the file, line and column.
    pub fn load(dir: &Path) -> Result<Templates> {
        let _ = dir;
        unimplemented!("Templates::load")
    }

    /// The template source used for `kind` and its name (`builtin:speech` or a path).
    pub fn source(&self, kind: Kind) -> (String, String) {
        let _ = kind;
        unimplemented!("Templates::source")
    }
}

/// Render `draft` with the template for its kind.
pub fn render(templates: &Templates, draft: &Resolved<'_>) -> Result<Rendered> {
    let _ = (templates, draft);
    unimplemented!("render")
}
