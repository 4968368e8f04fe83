//! Schema-order fixing of docx-rs parts. First version: parts pass through unchanged.
use crate::error::Result;
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Part {
    ContentTypes,
    Rels,
    Document,
    Styles,
    Settings,
    Comments,
    Numbering,
    Footnotes,
    Header,
    Other,
}
pub(crate) fn fix(_part: Part, xml: &[u8], _rtl: bool) -> Result<Vec<u8>> {
    Ok(xml.to_vec())
}
