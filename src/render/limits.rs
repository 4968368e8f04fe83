//! Limits that keep rendering bounded in time, memory and stack, whatever the templates and
//! the data. handlebars parses templates with a cost that grows with the square of their size
//! and renders blocks, subexpressions and partials recursively; a draft's output grows with
//! every loop over the data, and its time with every loop, printing or not. Real templates are
//! a few kilobytes, nest a handful of levels and produce a few hundred kilobytes of Markdown;
//! these limits turn the pathological ones into located errors instead of an aborted process,
//! gigabytes of memory or hours of work.
//!
//! The nesting limits are checked on the parsed template (`shape`); the worker threads that
//! render are given stacks sized for them (`RENDER_STACK_BYTES`).

use std::io;

use crate::error::{Error, Origin, Result};

/// The deepest nesting of blocks (and subexpressions) one template may have.
pub(crate) const MAX_BLOCK_DEPTH: usize = 64;

/// The longest chain of partials including partials, counting from the kind's template.
pub(crate) const MAX_PARTIAL_DEPTH: usize = 32;

/// The largest template or partial file. handlebars finds the line and column of every tag by
/// counting from the start of the file (pest's `Position::line_col`), so compiling costs the
/// number of tags times the size (`benches/templates.rs`): at this size the worst case (a file
/// of nothing but tags) compiles in about 3 s on a busy machine; built-in templates are 2 KB.
pub const MAX_TEMPLATE_BYTES: usize = 64 * 1024;

/// The most template text (templates and partials together) a workspace may have.
pub const MAX_TEMPLATES_TOTAL_BYTES: usize = 256 * 1024;

/// The most Markdown one draft may render.
pub const MAX_OUTPUT_BYTES: usize = 16 * 1024 * 1024;

/// The most loop work one draft may do: iterations of `{{#each}}`, each counted as one plus
/// the number of elements in its block. The built-in templates use a few hundred on a
/// 30-message event; at this budget a loop that prints nothing stops within about a second.
pub const MAX_LOOP_STEPS: u64 = 2_000_000;

/// The most text (message texts, statements, titles…) one draft's template context may hold,
/// counting every reference: an event that lists one large message hundreds of times would
/// otherwise copy it hundreds of times.
pub const MAX_CONTEXT_BYTES: usize = 64 * 1024 * 1024;

/// A stack on which any template within the limits renders: the deepest render is
/// `MAX_PARTIAL_DEPTH + 1` templates each nesting `MAX_BLOCK_DEPTH` blocks, 2,145 levels.
/// Measured by `tests::the_deepest_template_within_the_limits_renders_on_a_render_stack`:
/// 5.1 MB (2.5 KB a level) in the test build, less optimised; this is six times that. The
/// pages are only reserved: memory is used as deep as a render goes.
pub const RENDER_STACK_BYTES: usize = 32 * 1024 * 1024;

/// Refuse a template larger than `MAX_TEMPLATE_BYTES`, before it is compiled. Files are
/// refused earlier, while read (`capped::TEMPLATE`, the same limit and wording); this covers
/// templates given as text (`Templates::from_sources`).
pub(crate) fn check_size(len: usize, display: &str) -> Result<()> {
    if len > MAX_TEMPLATE_BYTES {
        return Err(Error::input(format!(
            "{display} is larger than {} KB, the most lectern reads from one template",
            MAX_TEMPLATE_BYTES / 1024
        ))
        .at(Origin::file(display))
        .hint("split the template into partials under templates/partials/"));
    }
    Ok(())
}

/// Refuse the template file `display` when, with those read before it, the templates pass
/// `MAX_TEMPLATES_TOTAL_BYTES`.
pub(crate) fn check_total(total: usize, display: &str) -> Result<()> {
    if total > MAX_TEMPLATES_TOTAL_BYTES {
        return Err(Error::input(format!(
            "the templates and partials are larger than {} KB together",
            MAX_TEMPLATES_TOTAL_BYTES / 1024
        ))
        .at(Origin::file(display))
        .hint("remove partials that no template uses"));
    }
    Ok(())
}

/// The draft's Markdown as handlebars writes it: fails (and so stops the render) as soon as it
/// would grow past `limit`, before the memory is taken.
pub(crate) struct Bounded {
    pub(crate) bytes: Vec<u8>,
    pub(crate) limit: usize,
}

/// The marker in the error a full `Bounded` returns, to tell it from other failures.
pub(crate) const OUTPUT_FULL: &str = "lectern: draft output limit reached";

impl io::Write for Bounded {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.bytes.len() + buf.len() > self.limit {
            return Err(io::Error::other(OUTPUT_FULL));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn bounded_output_refuses_the_write_that_would_pass_the_limit() {
        let mut b = Bounded {
            bytes: Vec::new(),
            limit: 10,
        };
        b.write_all(b"12345").unwrap();
        b.write_all(b"67890").unwrap();
        let e = b.write_all(b"x").unwrap_err();
        assert_eq!(e.to_string(), OUTPUT_FULL);
        assert_eq!(b.bytes, b"1234567890");
    }

    #[test]
    fn oversized_templates_are_refused_before_compiling() {
        let e = check_size(MAX_TEMPLATE_BYTES + 1, "templates/speech.hbs").unwrap_err();
        assert_eq!(
            e.to_string(),
            "templates/speech.hbs is larger than 64 KB, the most lectern reads from one template"
        );
        check_size(MAX_TEMPLATE_BYTES, "t").unwrap();
    }
}
