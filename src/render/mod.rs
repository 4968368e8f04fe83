//! Templates: the only module that uses handlebars. Loads the built-in templates (compiled into
//! the binary) and the workspace's overrides and partials, renders a `Resolved` draft to
//! Markdown with data escaped for Markdown, and owns the localisation of labels, dates and
//! numbers (`l10n`).
//!
//! The registry is built once per `Templates` and shared by every thread; what one render
//! collects (review comments, cited sources) lives in a thread-local for that render only.

mod context;
mod each;
pub mod escape;
mod helpers;
pub mod l10n;
pub mod limits;
mod shape;

#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use handlebars::{Context, Handlebars, RenderError, RenderErrorReason, Template, TemplateError};
use sha2::{Digest, Sha256};

use crate::document::Comment;
use crate::error::{Error, Origin, Result};
use crate::library::Kind;
use crate::resolve::Resolved;
use crate::versions::TemplateRef;
use crate::workspace::{hex, TEMPLATES_DIR};

/// The built-in template of each kind.
pub fn builtin(kind: Kind) -> &'static str {
    match kind {
        Kind::Speech => include_str!("templates/speech.hbs"),
        Kind::Blog => include_str!("templates/blog.hbs"),
        Kind::PressBriefing => include_str!("templates/press-briefing.hbs"),
        Kind::BriefingNote => include_str!("templates/briefing-note.hbs"),
    }
}

/// The built-in partials, by name; `templates/partials/<name>.hbs` replaces one.
pub const BUILTIN_PARTIALS: &[(&str, &str)] = &[
    ("contacts", include_str!("templates/partials/contacts.hbs")),
    (
        "fact-list",
        include_str!("templates/partials/fact-list.hbs"),
    ),
];

/// The templates of a workspace: built-ins, overridden per kind by `templates/<kind>.hbs`,
/// plus `templates/partials/*.hbs`.
pub struct Templates {
    registry: Handlebars<'static>,
    kinds: BTreeMap<Kind, KindTemplate>,
    /// Registered name of every template and partial → the path shown in errors.
    paths: HashMap<String, String>,
    /// Every partial's path (as shown in errors) and text, to locate what a render produced.
    partial_sources: Vec<(String, String)>,
}

struct KindTemplate {
    /// `builtin:speech` or `templates/speech.hbs`; also its registry name.
    name: String,
    source: String,
    hash: String,
}

impl std::fmt::Debug for Templates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Templates")
            .field(
                "kinds",
                &self.kinds.values().map(|k| &k.name).collect::<Vec<_>>(),
            )
            .finish()
    }
}

/// A rendered draft: Markdown, the review comments its markers refer to, and which template
/// produced it.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub markdown: String,
    pub comments: Vec<Comment>,
    pub template: TemplateRef,
}

/// A template file found in the workspace: its path for messages and its text.
struct Found {
    display: String,
    source: String,
}

/// The path of a template file as the user can open it from the current folder.
fn display_path(dir: &Path, rel: &str) -> String {
    dir.strip_prefix(".")
        .unwrap_or(dir)
        .join(rel)
        .display()
        .to_string()
}

/// A template file through the capped reader (`capped::TEMPLATE`: regular files only, bounded
/// size); `None` when there is none.
fn read(path: &Path, display: &str) -> Result<Option<String>> {
    crate::capped::read_text_opt(path, Path::new(display), crate::capped::TEMPLATE)
}

fn template_error(display: &str, e: &TemplateError) -> Error {
    let origin = match e.pos() {
        Some((line, col)) => Origin::at(display, line, col),
        None => Origin::file(display),
    };
    let reason = e.reason().to_string();
    // The parser recurses once per nesting level and gives up, instead of overflowing its
    // stack, when the stack runs low: the template nests far beyond the limits.
    if reason.contains("stack limit reached") {
        return Error::input(format!(
            "template blocks are nested more than {} levels deep",
            limits::MAX_BLOCK_DEPTH
        ))
        .at(origin)
        .hint("split the template into partials, or flatten the {{#if}}/{{#each}} blocks");
    }
    Error::input(format!("template syntax error: {reason}"))
        .at(origin)
        .hint("check that every {{#block}} has its {{/block}} and every {{ has its }}")
}

/// Compile one template file, refusing it first when it is over the size limit.
fn compile(source: &str, name: &str, display: &str) -> Result<Template> {
    limits::check_size(source.len(), display)?;
    Template::compile_with_name(source, name.to_string()).map_err(|e| template_error(display, &e))
}

impl Templates {
    /// Load and compile every template; a syntax error names the file, line and column.
    /// A missing `dir` means built-ins only.
    pub fn load(dir: &Path) -> Result<Templates> {
        // Partials: built-ins first, then the workspace's, which replace same-named ones.
        let mut partials: BTreeMap<String, Found> = BTreeMap::new();
        let mut total = 0;
        let partial_dir = dir.join("partials");
        if let Ok(rd) = std::fs::read_dir(&partial_dir) {
            let mut files: Vec<PathBuf> = rd
                .flatten()
                .map(|e| e.path())
                // Not only regular files: a FIFO or device named *.hbs is refused by `read`.
                .filter(|p| !p.is_dir() && p.extension().is_some_and(|x| x == "hbs"))
                .collect();
            files.sort();
            for path in files {
                let Some(stem) = path.file_stem().map(|s| s.to_string_lossy().into_owned()) else {
                    continue;
                };
                let display = display_path(dir, &format!("partials/{stem}.hbs"));
                if let Some(source) = read(&path, &display)? {
                    total += source.len();
                    limits::check_total(total, &display)?;
                    partials.insert(stem, Found { display, source });
                }
            }
        }
        let mut kinds = BTreeMap::new();
        for kind in Kind::ALL {
            let file = format!("{}.hbs", kind.name());
            let display = display_path(dir, &file);
            if let Some(source) = read(&dir.join(&file), &display)? {
                total += source.len();
                limits::check_total(total, &display)?;
                kinds.insert(kind, Found { display, source });
            }
        }
        Templates::build(kinds, partials)
    }

    /// Templates given as text instead of files (tests, fuzzing): `kinds` replace built-in
    /// templates (`templates/<kind>.hbs`), `partials` are `templates/partials/<name>.hbs`.
    pub fn from_sources(kinds: &[(Kind, &str)], partials: &[(&str, &str)]) -> Result<Templates> {
        let kinds = kinds
            .iter()
            .map(|(kind, source)| {
                let display = format!("{TEMPLATES_DIR}/{}.hbs", kind.name());
                let source = (*source).to_string();
                (*kind, Found { display, source })
            })
            .collect();
        let partials = partials
            .iter()
            .map(|(name, source)| {
                let display = format!("{TEMPLATES_DIR}/partials/{name}.hbs");
                let source = (*source).to_string();
                ((*name).to_string(), Found { display, source })
            })
            .collect();
        Templates::build(kinds, partials)
    }

    /// Compile and check the templates: the built-ins, with `kinds` and `partials` (found in
    /// the workspace) in their place where given.
    fn build(
        mut found_kinds: BTreeMap<Kind, Found>,
        found_partials: BTreeMap<String, Found>,
    ) -> Result<Templates> {
        let mut registry = Handlebars::new();
        registry.set_strict_mode(true);
        registry.register_escape_fn(escape::escape_value);
        helpers::register(&mut registry);

        let mut partials: BTreeMap<String, Found> = BUILTIN_PARTIALS
            .iter()
            .map(|(name, src)| {
                (
                    (*name).to_string(),
                    Found {
                        display: format!("builtin:partials/{name}"),
                        source: (*src).to_string(),
                    },
                )
            })
            .collect();
        partials.extend(found_partials);

        let mut paths = HashMap::new();
        let mut compiled: BTreeMap<String, Template> = BTreeMap::new();
        for (name, found) in &partials {
            let t = compile(&found.source, name, &found.display)?;
            compiled.insert(name.clone(), t);
            paths.insert(name.clone(), found.display.clone());
        }

        let mut partial_hash = Sha256::new();
        for (name, found) in &partials {
            partial_hash.update(name.as_bytes());
            partial_hash.update([0]);
            partial_hash.update(found.source.as_bytes());
            partial_hash.update([0]);
        }

        let mut kinds = BTreeMap::new();
        let mut kind_templates = Vec::new();
        for kind in Kind::ALL {
            let file = format!("{}.hbs", kind.name());
            // The name (in manifests) is relative to the workspace; the path is for messages.
            let (name, path, source) = match found_kinds.remove(&kind) {
                Some(f) => (format!("{TEMPLATES_DIR}/{file}"), f.display, f.source),
                None => {
                    let name = format!("builtin:{}", kind.name());
                    (name.clone(), name, builtin(kind).to_string())
                }
            };
            let t = compile(&source, &name, &path)?;
            let mut h = partial_hash.clone();
            h.update(b"template\0");
            h.update(source.as_bytes());
            let hash = hex(&h.finalize());
            paths.insert(name.clone(), path);
            kind_templates.push((name.clone(), t));
            kinds.insert(kind, KindTemplate { name, source, hash });
        }
        {
            let sources: Vec<shape::Source<'_>> = kind_templates
                .iter()
                .map(|(name, t)| shape::Source {
                    template: t,
                    display: &paths[name],
                })
                .collect();
            let partial_sources = compiled
                .iter()
                .map(|(name, t)| {
                    let source = shape::Source {
                        template: t,
                        display: &paths[name],
                    };
                    (name.clone(), source)
                })
                .collect();
            shape::check(&sources, &partial_sources)?;
        }
        for (name, t) in kind_templates {
            registry.register_template(&name, t);
        }
        for (name, t) in compiled {
            registry.register_template(&name, t);
        }
        let partial_sources = partials
            .into_values()
            .map(|f| (f.display, f.source))
            .collect();
        Ok(Templates {
            registry,
            kinds,
            paths,
            partial_sources,
        })
    }

    /// The template of `kind` and then every partial, as (path shown in errors, text).
    fn sources(&self, kind: Kind) -> impl Iterator<Item = (&str, &str)> + '_ {
        let k = &self.kinds[&kind];
        let path = self
            .paths
            .get(&k.name)
            .map_or(k.name.as_str(), String::as_str);
        std::iter::once((path, k.source.as_str())).chain(
            self.partial_sources
                .iter()
                .map(|(p, s)| (p.as_str(), s.as_str())),
        )
    }

    /// Where `needle`, literal template text that ended up in a render of `kind`, is written:
    /// its first occurrence in the kind's template, else in a partial; else the template file.
    pub fn locate(&self, kind: Kind, needle: &str) -> Origin {
        let needle = needle.trim();
        if !needle.is_empty() {
            for (path, source) in self.sources(kind) {
                if let Some(at) = source.find(needle) {
                    let loc = crate::error::location_of(source, at);
                    return Origin::at(path, loc.line, loc.column);
                }
            }
        }
        let k = &self.kinds[&kind];
        Origin::file(
            self.paths
                .get(&k.name)
                .map_or(k.name.as_str(), String::as_str),
        )
    }

    /// Picture paths written literally (`![alt](path)`) in the template of `kind` or in any
    /// partial: the files whose content shapes the draft beside its inputs.
    pub fn picture_paths(&self, kind: Kind) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for (_, source) in self.sources(kind) {
            let mut rest = source;
            while let Some(i) = rest.find("![") {
                rest = &rest[i + 2..];
                let Some(close) = rest.find("](") else { break };
                let after = &rest[close + 2..];
                let dest = match after.strip_prefix('<') {
                    Some(a) => a.split('>').next(),
                    None => after.split([')', ' ']).next(),
                };
                if let Some(d) = dest.filter(|d| !d.is_empty() && !d.contains("{{")) {
                    if !out.iter().any(|o| o == d) {
                        out.push(d.to_string());
                    }
                }
            }
        }
        out
    }

    /// The template source used for `kind` and its name (`builtin:speech` or a path).
    pub fn source(&self, kind: Kind) -> (String, String) {
        let k = &self.kinds[&kind];
        (k.source.clone(), k.name.clone())
    }

    /// Name and hash of the template used for `kind` (the manifest's `template`).
    pub fn template_ref(&self, kind: Kind) -> TemplateRef {
        let k = &self.kinds[&kind];
        TemplateRef {
            name: k.name.clone(),
            hash: k.hash.clone(),
        }
    }

    fn render_error(&self, e: &RenderError) -> Error {
        let name = e.template_name.clone().unwrap_or_default();
        let path = self.paths.get(&name).cloned().unwrap_or(name);
        let origin = match (e.line_no, e.column_no) {
            (Some(l), Some(c)) => Origin::at(&path, l, c),
            _ => Origin::file(&path),
        };
        let (message, hint) = match e.reason() {
            RenderErrorReason::IOError(io) if io.to_string() == limits::OUTPUT_FULL => (
                format!(
                    "the draft would be more than {} MB of Markdown",
                    limits::MAX_OUTPUT_BYTES >> 20
                ),
                Some("a loop repeats more than intended ({{#each}} inside {{#each}}?), or a large message is printed many times".to_string()),
            ),
            RenderErrorReason::Other(m) if m == each::LOOPS_EXHAUSTED => (
                format!(
                    "the template's loops repeat more than {} times for this draft",
                    limits::MAX_LOOP_STEPS
                ),
                Some("a loop runs inside another over the same list ({{#each}} inside {{#each}}?); loop once and use {{#if}} inside".to_string()),
            ),
            RenderErrorReason::MissingVariable(Some(var)) => (
                format!("template uses `{var}`, which is not defined"),
                Some("the context has event, speaker, messages, facts, figures, qa, contacts, draft, labels, notes, organisation; use {{#if x}} for optional values".to_string()),
            ),
            RenderErrorReason::MissingVariable(None) => (
                "template uses a value that is not defined".to_string(),
                None,
            ),
            RenderErrorReason::PartialNotFound(p) => (
                format!("template uses partial `{p}`, which does not exist"),
                Some(format!("add templates/partials/{p}.hbs")),
            ),
            RenderErrorReason::HelperNotFound(h) => (
                format!("template uses `{h}`, which is neither a helper nor a value"),
                Some("helpers: message, fact, figure, date, label, number, text, upper, picture".into()),
            ),
            RenderErrorReason::Other(m) => (m.clone(), None),
            other => (format!("template failed: {other}"), None),
        };
        let mut err = Error::input(message).at(origin);
        if let Some(h) = hint {
            err = err.hint(h);
        }
        if path.starts_with("builtin:") {
            err = err.hint(
                "this is a bug in a built-in template; override it with `lectern templates export`",
            );
        }
        err
    }
}

/// Render `draft` with the template for its kind. handlebars renders recursively, so the
/// render runs on a stack sized for the deepest template the limits allow (a fresh segment
/// when this thread has less left), whichever thread calls it.
pub fn render(templates: &Templates, draft: &Resolved<'_>) -> Result<Rendered> {
    stacker::maybe_grow(
        limits::RENDER_STACK_BYTES,
        limits::RENDER_STACK_BYTES,
        || render_here(templates, draft),
    )
}

fn render_here(templates: &Templates, draft: &Resolved<'_>) -> Result<Rendered> {
    let k = &templates.kinds[&draft.kind];
    let size = context::size(draft);
    if size > limits::MAX_CONTEXT_BYTES {
        return Err(Error::input(format!(
            "the draft's data would take {} MB, more than the {} MB a draft may hold",
            size >> 20,
            limits::MAX_CONTEXT_BYTES >> 20
        ))
        .at(Origin::file(&draft.event.path))
        .hint("a large message or fact is listed many times in `messages` or `qa`; list it once"));
    }
    let (json, state) = context::build(draft);
    let ctx = Context::from(json);
    let mut out = limits::Bounded {
        bytes: Vec::new(),
        limit: limits::MAX_OUTPUT_BYTES,
    };
    let (result, state) = context::with_state(state, || {
        templates
            .registry
            .render_with_context_to_write(&k.name, &ctx, &mut out)
    });
    drop(ctx);
    result.map_err(|e| templates.render_error(&e))?;
    // handlebars writes only `&str`s, so the bytes are UTF-8.
    let mut markdown = String::from_utf8(out.bytes)
        .map_err(|e| Error::input(format!("template output is not UTF-8: {e}")))?;
    // One footnote definition per cited fact, in order of first citation.
    if !state.cited.is_empty() {
        while markdown.ends_with("\n\n") {
            markdown.pop();
        }
        if !markdown.ends_with('\n') {
            markdown.push('\n');
        }
        for id in &state.cited {
            if let Some(f) = state.facts.get(id) {
                markdown.push('\n');
                markdown.push_str("[^");
                markdown.push_str(&f.label);
                markdown.push_str("]: ");
                markdown.push_str(&f.citation);
                markdown.push('\n');
            }
        }
    }
    Ok(Rendered {
        markdown,
        comments: state.comments,
        template: TemplateRef {
            name: k.name.clone(),
            hash: k.hash.clone(),
        },
    })
}
