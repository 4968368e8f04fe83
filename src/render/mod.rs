//! Templates: the only module that uses handlebars. Loads the built-in templates (compiled into
//! the binary) and the workspace's overrides and partials, renders a `Resolved` draft to
//! Markdown with data escaped for Markdown, and owns the localisation of labels, dates and
//! numbers (`l10n`).
//!
//! The registry is built once per `Templates` and shared by every thread; what one render
//! collects (review comments, cited sources) lives in a thread-local for that render only.

mod context;
pub mod escape;
mod helpers;
pub mod l10n;
mod limits;

#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use handlebars::template::{Parameter, TemplateElement};
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
    Error::input(format!("template syntax error: {}", e.reason()))
        .at(origin)
        .hint("check that every {{#block}} has its {{/block}} and every {{ has its }}")
}

impl Templates {
    /// Load and compile every template; a syntax error names the file, line and column.
    /// A missing `dir` means built-ins only.
    pub fn load(dir: &Path) -> Result<Templates> {
        let mut registry = Handlebars::new();
        registry.set_strict_mode(true);
        registry.register_escape_fn(escape::escape_markdown);
        helpers::register(&mut registry);

        // Partials: built-ins first, then the workspace's, which replace same-named ones.
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
                    partials.insert(stem, Found { display, source });
                }
            }
        }

        let mut paths = HashMap::new();
        let mut compiled: BTreeMap<String, Template> = BTreeMap::new();
        for (name, found) in &partials {
            limits::check_nesting(&found.source, &found.display)?;
            let t = Template::compile_with_name(&found.source, name.clone())
                .map_err(|e| template_error(&found.display, &e))?;
            compiled.insert(name.clone(), t);
            paths.insert(name.clone(), found.display.clone());
        }
        check_partial_cycles(&compiled, &paths)?;

        let mut partial_hash = Sha256::new();
        for (name, found) in &partials {
            partial_hash.update(name.as_bytes());
            partial_hash.update([0]);
            partial_hash.update(found.source.as_bytes());
            partial_hash.update([0]);
        }

        let mut kinds = BTreeMap::new();
        for kind in Kind::ALL {
            let file = format!("{}.hbs", kind.name());
            let display = display_path(dir, &file);
            // The name (in manifests) is relative to the workspace; the path is for messages.
            let (name, path, source) = match read(&dir.join(&file), &display)? {
                Some(s) => (format!("{TEMPLATES_DIR}/{file}"), display, s),
                None => {
                    let name = format!("builtin:{}", kind.name());
                    (name.clone(), name, builtin(kind).to_string())
                }
            };
            limits::check_nesting(&source, &name)?;
            let t = Template::compile_with_name(&source, name.clone())
                .map_err(|e| template_error(&path, &e))?;
            check_partial_refs(&t, &path, &compiled, &paths)?;
            let mut h = partial_hash.clone();
            h.update(b"template\0");
            h.update(source.as_bytes());
            let hash = hex(&h.finalize());
            paths.insert(name.clone(), path);
            registry.register_template(&name, t);
            kinds.insert(kind, KindTemplate { name, source, hash });
        }
        for (name, t) in compiled {
            registry.register_template(&name, t);
        }
        Ok(Templates {
            registry,
            kinds,
            paths,
        })
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
            RenderErrorReason::MissingVariable(Some(var)) => (
                format!("template uses `{var}`, which is not defined"),
                Some("the context has event, speaker, messages, facts, qa, contacts, draft, labels, notes, organisation; use {{#if x}} for optional values".to_string()),
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
                Some("helpers: message, fact, figure, date, label, number, text, upper".into()),
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

/// Static check that every partial a template includes exists or is registered later, and
/// that names are literal (so the cycle check below sees every edge).
fn partial_refs(t: &Template, out: &mut Vec<Result<String, ()>>) {
    for el in &t.elements {
        match el {
            TemplateElement::PartialExpression(d) | TemplateElement::PartialBlock(d) => {
                match &d.name {
                    Parameter::Name(_) | Parameter::Path(_) => {
                        out.push(d.name.as_name().map(str::to_string).ok_or(()));
                    }
                    _ => out.push(Err(())),
                }
                if let Some(inner) = &d.template {
                    partial_refs(inner, out);
                }
            }
            TemplateElement::HelperBlock(h) => {
                if let Some(inner) = &h.template {
                    partial_refs(inner, out);
                }
                if let Some(inner) = &h.inverse {
                    partial_refs(inner, out);
                }
            }
            TemplateElement::DecoratorBlock(d) => {
                if let Some(inner) = &d.template {
                    partial_refs(inner, out);
                }
            }
            _ => {}
        }
    }
}

fn check_partial_refs(
    t: &Template,
    display: &str,
    partials: &BTreeMap<String, Template>,
    paths: &HashMap<String, String>,
) -> Result<()> {
    let _ = paths;
    let mut refs = Vec::new();
    partial_refs(t, &mut refs);
    for r in refs {
        match r {
            Err(()) => {
                return Err(Error::input(
                    "template includes a partial by a computed name; lectern needs literal partial names",
                )
                .at(Origin::file(display))
                .hint("write {{> name}} with the partial's file name"))
            }
            Ok(n) if n == "@partial-block" => {}
            Ok(n) if !partials.contains_key(&n) => {
                return Err(Error::input(format!(
                    "template includes partial `{n}`, which does not exist"
                ))
                .at(Origin::file(display))
                .hint(format!("add templates/partials/{n}.hbs")))
            }
            Ok(_) => {}
        }
    }
    Ok(())
}

/// handlebars only refuses a partial that includes itself directly; a longer cycle would
/// recurse until the stack overflows, so cycles are refused when loading.
fn check_partial_cycles(
    partials: &BTreeMap<String, Template>,
    paths: &HashMap<String, String>,
) -> Result<()> {
    let mut edges: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (name, t) in partials {
        check_partial_refs(t, &paths[name], partials, paths)?;
        let mut refs = Vec::new();
        partial_refs(t, &mut refs);
        edges.insert(
            name,
            refs.into_iter()
                .flatten()
                .filter(|n| n != "@partial-block")
                .collect(),
        );
    }
    // Depth-first search with colours: 1 = on the current path, 2 = done. The path is also
    // bounded: handlebars renders partials recursively, so a chain thousands deep would
    // overflow the stack just like a cycle (see `limits`).
    enum Problem {
        Cycle(Vec<String>),
        TooDeep(Vec<String>),
    }
    fn visit<'a>(
        n: &'a str,
        edges: &'a BTreeMap<&str, Vec<String>>,
        colour: &mut HashMap<&'a str, u8>,
        height: &mut HashMap<&'a str, usize>,
        path: &mut Vec<&'a str>,
    ) -> std::result::Result<usize, Problem> {
        match colour.get(n) {
            Some(2) => return Ok(height.get(n).copied().unwrap_or(1)),
            Some(1) => {
                let start = path.iter().position(|p| *p == n).unwrap_or(0);
                let mut cycle: Vec<String> = path[start..].iter().map(|s| s.to_string()).collect();
                cycle.push(n.to_string());
                return Err(Problem::Cycle(cycle));
            }
            _ => {}
        }
        if path.len() >= limits::MAX_PARTIAL_DEPTH {
            let mut chain: Vec<String> = path.iter().map(|s| s.to_string()).collect();
            chain.push(n.to_string());
            return Err(Problem::TooDeep(chain));
        }
        colour.insert(n, 1);
        path.push(n);
        let mut h = 1;
        for m in edges.get(n).into_iter().flatten() {
            if let Some((key, _)) = edges.get_key_value(m.as_str()) {
                h = h.max(1 + visit(key, edges, colour, height, path)?);
            }
        }
        if path.len() + h - 1 > limits::MAX_PARTIAL_DEPTH {
            let chain: Vec<String> = path.iter().map(|s| s.to_string()).collect();
            return Err(Problem::TooDeep(chain));
        }
        path.pop();
        colour.insert(n, 2);
        height.insert(n, h);
        Ok(h)
    }
    let mut colour = HashMap::new();
    let mut height = HashMap::new();
    for name in edges.keys() {
        match visit(name, &edges, &mut colour, &mut height, &mut Vec::new()) {
            Ok(_) => {}
            Err(Problem::Cycle(cycle)) => {
                return Err(Error::input(format!(
                    "partials include each other in a cycle: {}",
                    cycle.join(" → ")
                ))
                .at(Origin::file(&paths[&cycle[0]]))
                .hint("a partial may not include itself, directly or through others"));
            }
            Err(Problem::TooDeep(chain)) => {
                let shown: Vec<&str> = chain.iter().take(4).map(String::as_str).collect();
                return Err(Error::input(format!(
                    "partials include each other more than {} levels deep: {} → …",
                    limits::MAX_PARTIAL_DEPTH,
                    shown.join(" → ")
                ))
                .at(Origin::file(&paths[&chain[0]]))
                .hint("flatten the chain of partials"));
            }
        }
    }
    Ok(())
}

/// Render `draft` with the template for its kind.
pub fn render(templates: &Templates, draft: &Resolved<'_>) -> Result<Rendered> {
    let k = &templates.kinds[&draft.kind];
    let (json, state) = context::build(draft);
    let ctx = Context::from(json);
    let (result, state) = context::with_state(state, || {
        templates.registry.render_with_context(&k.name, &ctx)
    });
    let mut markdown = result.map_err(|e| templates.render_error(&e))?;
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
