//! The shape of compiled templates, checked before anything renders: how deep blocks and
//! subexpressions nest, which partials each template includes, where inline partials
//! (`{{#*inline "name"}}`) are defined, and whether the inclusions form a cycle or a chain
//! deeper than the limits. handlebars renders blocks, subexpressions and partials recursively,
//! so every one of these becomes stack depth at render time; checking them on the parsed
//! `Template` (not the text) sees exactly what the renderer will see, whatever the spacing
//! (`{{ #if }}`, `{{~#if~}}`) or the chains of `{{else if}}`.
//!
//! Partials are resolved by name at render time and an inline partial shadows a partial file
//! of the same name, so the inclusion graph is built by name: an inclusion of `p` may reach
//! the file `partials/p.hbs` and every inline partial named `p`, wherever it is defined.

use std::collections::{BTreeMap, HashMap};

use handlebars::template::{Parameter, TemplateElement, TemplateMapping};
use handlebars::Template;

use super::limits::{MAX_BLOCK_DEPTH, MAX_PARTIAL_DEPTH};
use crate::error::{Error, Origin, Result};

/// A compiled template and the path its errors name.
pub(crate) struct Source<'a> {
    pub(crate) template: &'a Template,
    pub(crate) display: &'a str,
}

/// A partial inclusion `{{> name}}` found in a body.
struct Include {
    name: String,
    line: usize,
    column: usize,
}

/// One body that renders as a unit: a kind template, a partial file, or an inline partial.
struct Body<'a> {
    display: &'a str,
    includes: Vec<Include>,
}

fn origin(display: &str, at: Option<(usize, usize)>) -> Origin {
    match at {
        Some((line, column)) => Origin::at(display, line, column),
        None => Origin::file(display),
    }
}

fn position(t: &Template, i: usize, inherited: Option<(usize, usize)>) -> Option<(usize, usize)> {
    t.mapping
        .get(i)
        .map(|m: &TemplateMapping| (m.0, m.1))
        .or(inherited)
}

/// The deepest nesting of subexpressions in `p` (0 when it is none).
fn subexpression_depth(p: &Parameter) -> usize {
    // Iterative: the parser accepts nesting as deep as its stack allows.
    let mut deepest = 0;
    let mut stack = vec![(p, 0usize)];
    while let Some((p, d)) = stack.pop() {
        if let Parameter::Subexpression(s) = p {
            let d = d + 1;
            deepest = deepest.max(d);
            if let TemplateElement::Expression(h) | TemplateElement::HtmlExpression(h) =
                s.as_element()
            {
                stack.push((&h.name, d));
                stack.extend(h.params.iter().map(|q| (q, d)));
                stack.extend(h.hash.values().map(|q| (q, d)));
            }
        }
    }
    deepest
}

fn parameters_depth<'p>(
    name: &'p Parameter,
    params: &'p [Parameter],
    hash: impl Iterator<Item = &'p Parameter>,
) -> usize {
    std::iter::once(name)
        .chain(params)
        .chain(hash)
        .map(subexpression_depth)
        .max()
        .unwrap_or(0)
}

fn too_deep(display: &str, at: Option<(usize, usize)>, what: &str) -> Error {
    Error::input(format!(
        "template {what} are nested more than {MAX_BLOCK_DEPTH} levels deep"
    ))
    .at(origin(display, at))
    .hint("split the template into partials, or flatten the {{#if}}/{{#each}} blocks")
}

/// A template still to walk: itself, its block depth, the position of its enclosing element.
type Frame<'a> = (&'a Template, usize, Option<(usize, usize)>);

/// Walk one body: check its nesting, collect its inclusions, and hand inline partial
/// definitions to `inline` (they are bodies of their own, not walked here).
fn walk<'a>(
    t: &'a Template,
    display: &'a str,
    inline: &mut dyn FnMut(String, &'a Template),
) -> Result<Vec<Include>> {
    let mut includes = Vec::new();
    let mut stack: Vec<Frame<'a>> = vec![(t, 0, None)];
    while let Some((t, depth, inherited)) = stack.pop() {
        for (i, el) in t.elements.iter().enumerate() {
            let at = position(t, i, inherited);
            match el {
                TemplateElement::Expression(h) | TemplateElement::HtmlExpression(h)
                    if depth + parameters_depth(&h.name, &h.params, h.hash.values())
                        > MAX_BLOCK_DEPTH =>
                {
                    return Err(too_deep(display, at, "subexpressions"));
                }
                TemplateElement::HelperBlock(h) => {
                    let inner = depth + 1;
                    if inner > MAX_BLOCK_DEPTH {
                        return Err(too_deep(display, at, "blocks"));
                    }
                    if inner + parameters_depth(&h.name, &h.params, h.hash.values())
                        > MAX_BLOCK_DEPTH
                    {
                        return Err(too_deep(display, at, "subexpressions"));
                    }
                    // An `{{else if}}` chain is an inverse holding the next block, so each
                    // link of the chain counts as a level, as it does when rendering.
                    stack.extend(h.template.iter().map(|t| (t, inner, at)));
                    stack.extend(h.inverse.iter().map(|t| (t, inner, at)));
                }
                TemplateElement::DecoratorExpression(d) if d.name.as_name() == Some("inline") => {
                    return Err(Error::input(
                        "`{{*inline}}` needs a body: write {{#*inline \"name\"}}…{{/inline}}",
                    )
                    .at(origin(display, at)));
                }
                TemplateElement::DecoratorBlock(d) => {
                    if d.name.as_name() == Some("inline") {
                        let name = match d.params.first() {
                            Some(Parameter::Literal(serde_json::Value::String(s))) => s.clone(),
                            _ => {
                                return Err(Error::input(
                                    "inline partial without a literal name; lectern needs literal partial names",
                                )
                                .at(origin(display, at))
                                .hint("write {{#*inline \"name\"}}…{{/inline}}"))
                            }
                        };
                        if let Some(body) = &d.template {
                            inline(name, body);
                        }
                    } else {
                        let inner = depth + 1;
                        if inner > MAX_BLOCK_DEPTH {
                            return Err(too_deep(display, at, "blocks"));
                        }
                        stack.extend(d.template.iter().map(|t| (t, inner, at)));
                    }
                }
                TemplateElement::PartialExpression(d) => {
                    if depth + parameters_depth(&d.name, &d.params, d.hash.values())
                        > MAX_BLOCK_DEPTH
                    {
                        return Err(too_deep(display, at, "subexpressions"));
                    }
                    let name = match &d.name {
                        Parameter::Name(_) | Parameter::Path(_) => d.name.as_name(),
                        _ => None,
                    };
                    let Some(name) = name else {
                        return Err(Error::input(
                            "template includes a partial by a computed name; lectern needs literal partial names",
                        )
                        .at(origin(display, at))
                        .hint("write {{> name}} with the partial's file name"));
                    };
                    let (line, column) = at.unwrap_or((1, 1));
                    includes.push(Include {
                        name: name.to_string(),
                        line,
                        column,
                    });
                }
                TemplateElement::PartialBlock(_) => {
                    // handlebars renders a partial block's body into a string of its own
                    // before the partial runs, outside any bound on the draft's size.
                    return Err(Error::input(
                        "template uses a partial block ({{#> name}}…{{/name}}), which lectern does not support",
                    )
                    .at(origin(display, at))
                    .hint("include the partial with {{> name}} and put the block's content around it"));
                }
                // Any element a later handlebars adds: nothing known to check.
                _ => {}
            }
        }
    }
    Ok(includes)
}

/// Check every body's nesting, that every included partial exists (as a file or an inline
/// partial), and that inclusions neither cycle nor chain deeper than `MAX_PARTIAL_DEPTH`
/// counting from a kind's template. `partials` are the partial files by name.
pub(crate) fn check(kinds: &[Source<'_>], partials: &BTreeMap<String, Source<'_>>) -> Result<()> {
    // Bodies by the name an inclusion uses; kind templates are roots, named by position.
    let mut by_name: BTreeMap<String, Vec<Body<'_>>> = BTreeMap::new();
    let mut roots: Vec<Body<'_>> = Vec::new();
    let mut pending: Vec<(String, &Template, &str)> = Vec::new();
    let named = kinds
        .iter()
        .map(|s| (None, s))
        .chain(partials.iter().map(|(n, s)| (Some(n), s)));
    for (name, src) in named {
        let mut found = Vec::new();
        let includes = walk(src.template, src.display, &mut |n, t| found.push((n, t)))?;
        pending.extend(found.into_iter().map(|(n, t)| (n, t, src.display)));
        let body = Body {
            display: src.display,
            includes,
        };
        match name {
            None => roots.push(body),
            Some(n) => by_name.entry(n.clone()).or_default().push(body),
        }
    }
    // Inline partials may define further inline partials inside them.
    while let Some((name, t, display)) = pending.pop() {
        let mut found = Vec::new();
        let includes = walk(t, display, &mut |n, t| found.push((n, t)))?;
        pending.extend(found.into_iter().map(|(n, t)| (n, t, display)));
        by_name
            .entry(name)
            .or_default()
            .push(Body { display, includes });
    }

    for body in roots.iter().chain(by_name.values().flatten()) {
        for inc in &body.includes {
            if inc.name != "@partial-block" && !by_name.contains_key(&inc.name) {
                return Err(Error::input(format!(
                    "template includes partial `{}`, which does not exist",
                    inc.name
                ))
                .at(Origin::at(body.display, inc.line, inc.column))
                .hint(format!("add templates/partials/{}.hbs", inc.name)));
            }
        }
    }

    // Depth-first search over names with colours (1 = on the current path, 2 = done) and
    // the height of each finished name (the longest chain of inclusions it starts).
    let mut search = Search {
        by_name: &by_name,
        colour: HashMap::new(),
        height: HashMap::new(),
        path: Vec::new(),
    };
    for body in &roots {
        for inc in &body.includes {
            search.visit(&inc.name, Origin::at(body.display, inc.line, inc.column))?;
        }
    }
    // Partials no kind template reaches are checked too: a cycle there is still a mistake.
    for (name, bodies) in &by_name {
        if !search.colour.contains_key(name.as_str()) {
            search.visit(name, Origin::file(bodies[0].display))?;
        }
    }
    Ok(())
}

struct Search<'a> {
    by_name: &'a BTreeMap<String, Vec<Body<'a>>>,
    colour: HashMap<&'a str, u8>,
    height: HashMap<&'a str, usize>,
    /// The names on the current path, each with the inclusion that led to it.
    path: Vec<(&'a str, Origin)>,
}

impl<'a> Search<'a> {
    /// Enter `name`, included at `at`; returns the longest chain of inclusions it starts.
    fn visit(&mut self, name: &str, at: Origin) -> Result<usize> {
        let Some((name, bodies)) = self.by_name.get_key_value(name) else {
            return Ok(0); // `@partial-block`
        };
        let name = name.as_str();
        match self.colour.get(name) {
            Some(2) => {
                let h = self.height.get(name).copied().unwrap_or(1);
                if self.path.len() + h > MAX_PARTIAL_DEPTH {
                    return Err(self.too_deep(name, at));
                }
                return Ok(h);
            }
            Some(1) => {
                let start = self.path.iter().position(|(n, _)| *n == name).unwrap_or(0);
                let mut cycle: Vec<&str> = self.path[start..].iter().map(|(n, _)| *n).collect();
                cycle.push(name);
                return Err(Error::input(format!(
                    "partials include each other in a cycle: {}",
                    cycle.join(" → ")
                ))
                .at(at)
                .hint("a partial may not include itself, directly or through others"));
            }
            _ => {}
        }
        if self.path.len() >= MAX_PARTIAL_DEPTH {
            return Err(self.too_deep(name, at));
        }
        self.colour.insert(name, 1);
        self.path.push((name, at));
        let mut h = 1;
        for body in bodies {
            for inc in &body.includes {
                let at = Origin::at(body.display, inc.line, inc.column);
                h = h.max(1 + self.visit(&inc.name, at)?);
            }
        }
        self.path.pop();
        self.colour.insert(name, 2);
        self.height.insert(name, h);
        Ok(h)
    }

    fn too_deep(&self, name: &str, at: Origin) -> Error {
        let mut shown: Vec<&str> = self.path.iter().take(4).map(|(n, _)| *n).collect();
        if shown.len() < 4 {
            shown.push(name);
        }
        // Located at the first inclusion of the chain, where it can be cut.
        let at = self.path.first().map_or(at, |(_, o)| o.clone());
        Error::input(format!(
            "partials include each other more than {MAX_PARTIAL_DEPTH} levels deep: {} → …",
            shown.join(" → ")
        ))
        .at(at)
        .hint("flatten the chain of partials")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(kind: &str, partials: &[(&str, &str)]) -> Result<()> {
        let kt = Template::compile(kind).unwrap();
        let compiled: Vec<(String, Template, String)> = partials
            .iter()
            .map(|(n, s)| {
                (
                    n.to_string(),
                    Template::compile(s).unwrap(),
                    format!("partials/{n}.hbs"),
                )
            })
            .collect();
        let map = compiled
            .iter()
            .map(|(n, t, d)| {
                (
                    n.clone(),
                    Source {
                        template: t,
                        display: d,
                    },
                )
            })
            .collect();
        check(
            &[Source {
                template: &kt,
                display: "speech.hbs",
            }],
            &map,
        )
    }

    fn err(kind: &str, partials: &[(&str, &str)]) -> String {
        let e = run(kind, partials).unwrap_err();
        format!("{e} at {}", e.origin().unwrap())
    }

    #[test]
    fn nesting_is_counted_on_the_parsed_template_whatever_the_spacing() {
        let n = MAX_BLOCK_DEPTH + 1;
        for open in ["{{#if a}}", "{{ #if a}}", "{{~ #if a ~}}", "{{\n#if a}}"] {
            let t = format!("{}x{}", open.repeat(n), "{{/if}}".repeat(n));
            let e = err(&t, &[]);
            assert!(e.contains("blocks are nested more than 64"), "{open}: {e}");
        }
        let ok = format!("{}x{}", "{{ #if a}}".repeat(64), "{{/if}}".repeat(64));
        run(&ok, &[]).unwrap();
        // An else-if chain nests at render time.
        let chain = format!("{{{{#if a}}}}{}{{{{/if}}}}", "{{else if b}}".repeat(n));
        assert!(err(&chain, &[]).contains("nested more than 64"));
        // Subexpressions nest too.
        let sub = format!("{{{{upper {}x{}}}}}", "(upper ".repeat(n), ")".repeat(n));
        assert!(err(&sub, &[]).contains("subexpressions are nested"));
        // A comment is not a block.
        run(&format!("{{{{!-- {} --}}}}", "{{#if a}}".repeat(n)), &[]).unwrap();
    }

    #[test]
    fn inline_partials_take_part_in_the_cycle_check() {
        let e = err(r#"{{#*inline "p"}}{{> p}}{{/inline}}{{> p}}"#, &[]);
        assert!(e.contains("cycle: p → p"), "{e}");
        assert!(e.contains("speech.hbs"), "{e}");
        let e = err(
            r#"{{#*inline "a"}}{{> b}}{{/inline}}{{#*inline "b"}}{{> a}}{{/inline}}{{> a}}"#,
            &[],
        );
        assert!(e.contains("cycle: a → b → a"), "{e}");
        // An inline partial shadowing a file of the same name that includes that name.
        let e = err(
            r#"{{#*inline "contacts"}}{{> contacts}}{{/inline}}{{> contacts}}"#,
            &[("contacts", "x")],
        );
        assert!(e.contains("cycle: contacts → contacts"), "{e}");
        // Inline partials that do not recurse are fine, nested ones too.
        run(
            r#"{{#*inline "a"}}{{#*inline "b"}}b{{/inline}}{{> b}}{{/inline}}{{> a}}"#,
            &[],
        )
        .unwrap();
        let e = err(r#"{{#*inline x}}y{{/inline}}"#, &[]);
        assert!(e.contains("literal name"), "{e}");
        let e = err(
            "{{#> layout}}x{{/layout}}",
            &[("layout", "{{> @partial-block}}")],
        );
        assert!(e.contains("partial block"), "{e}");
    }

    #[test]
    fn chains_through_inline_partials_count() {
        // 40 inline partials, each including the next.
        let mut t = String::new();
        for i in 0..40 {
            t.push_str(&format!(
                "{{{{#*inline \"p{i}\"}}}}{{{{> p{}}}}}{{{{/inline}}}}",
                i + 1
            ));
        }
        t.push_str("{{#*inline \"p40\"}}end{{/inline}}{{> p0}}");
        let e = err(&t, &[]);
        assert!(
            e.contains("more than 32 levels deep: p0 → p1 → p2 → p3 → …"),
            "{e}"
        );
        let missing = err("a\n  {{> nope}}", &[]);
        assert!(
            missing.contains("`nope`, which does not exist") && missing.contains("speech.hbs:2:3"),
            "{missing}"
        );
    }
}
