//! Limits on template shape, checked before handlebars sees a template. handlebars parses and
//! renders recursively, so a template nested thousands of blocks deep, or partials that include
//! one another thousands of levels down, would overflow the stack and abort the process (batch
//! threads have small stacks). Real templates nest a handful of levels; these limits turn the
//! pathological ones into a located error instead.

use crate::error::{Error, Origin, Result};

/// The deepest nesting of `{{#block}}`s one template may have.
pub(crate) const MAX_BLOCK_DEPTH: usize = 64;

/// The longest chain of partials including partials, counting from the kind's template.
pub(crate) const MAX_PARTIAL_DEPTH: usize = 32;

/// Refuse a template whose blocks nest deeper than `MAX_BLOCK_DEPTH`. The scan is textual, so
/// it runs before the (recursive) parser: `{{#` and `{{^name` open a block, `{{/` closes one,
/// comments are skipped. It may over-count in odd corners, never under-count a real nesting.
pub(crate) fn check_nesting(source: &str, display: &str) -> Result<()> {
    let bytes = source.as_bytes();
    let mut depth: usize = 0;
    let mut i = 0;
    while let Some(at) = source[i..].find("{{") {
        let start = i + at;
        let mut j = start + 2;
        while j < bytes.len() && (bytes[j] == b'{' || bytes[j] == b'~') {
            j += 1;
        }
        if source[j..].starts_with("!--") {
            i = source[j..].find("--}}").map_or(bytes.len(), |e| j + e + 4);
            continue;
        }
        match bytes.get(j) {
            Some(b'#') => depth += 1,
            // `{{^}}` alone is an `else`; `{{^name}}` opens an inverse block.
            Some(b'^') if bytes.get(j + 1).is_some_and(|b| !matches!(b, b'}' | b'~')) => {
                depth += 1;
            }
            Some(b'/') => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth > MAX_BLOCK_DEPTH {
            let loc = crate::error::location_of(source, start);
            return Err(Error::input(format!(
                "template blocks are nested more than {MAX_BLOCK_DEPTH} levels deep"
            ))
            .at(Origin::at(display, loc.line, loc.column))
            .hint("split the template into partials, or flatten the {{#if}}/{{#each}} blocks"));
        }
        i = j;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_nesting_passes_and_deep_nesting_is_located() {
        let ok = "{{#if a}}{{#each b}}{{^c}}x{{/c}}{{^}}y{{/each}}{{else}}z{{/if}}";
        assert!(check_nesting(ok, "t.hbs").is_ok());
        let n = MAX_BLOCK_DEPTH + 1;
        let deep = format!("{}x{}", "{{#if a}}".repeat(n), "{{/if}}".repeat(n));
        let e = check_nesting(&deep, "t.hbs").unwrap_err();
        assert!(e.to_string().contains("nested more than 64"), "{e}");
        // A comment is not a block.
        let commented = format!("{{{{!-- {} --}}}}", "{{#if a}}".repeat(n));
        assert!(check_nesting(&commented, "t.hbs").is_ok());
        // Unterminated openers and odd bytes never panic.
        for s in ["{{", "{{~", "{{{{#", "{{!--", "é{{#é", "{{^"] {
            let _ = check_nesting(s, "t.hbs");
        }
    }
}
