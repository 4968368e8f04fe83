//! Repairs the XML parts docx-rs writes so they validate against the ISO/IEC 29500
//! transitional schemas (shared/ooxml-schemas, checked by shared/tools/docx-schema-check).
//! docx-rs emits children of `w:pPr`, `w:rPr`, `w:style`, `w:sectPr`, `w:settings`,
//! `w:numPr` ... in its own order (trap 8), which Word may answer with a "repair" prompt.
//!
//! One streaming pass over each part: elements listed in `ORDERS` have their children
//! buffered and stably sorted into schema order; everything else is copied byte for byte. The
//! same pass makes the few content repairs docx-rs needs:
//! - `w:rPr` inside a style's, numbering level's or default `w:pPr` is not allowed there
//!   (CT_PPrGeneral) and is dropped (docx-rs writes it empty);
//! - the built-in empty `Normal` style docx-rs always writes is dropped when the document
//!   defines its own (two styles with one id);
//! - `w:specVanish` in a run becomes `w:rtl` when the caller used it as the right-to-left
//!   marker (docx-rs has no run-level `rtl`, trap 7);
//! - each footnote's first paragraph gets its `w:footnoteRef` mark and each comment's its
//!   `w:annotationRef` (docx-rs writes neither, so footnotes printed without their number),
//!   and the separator footnotes Word expects are added;
//! - relationships are sorted by id (docx-rs collects hyperlinks in a `HashMap`).
//!
//! The pass never changes text, so what the writer put in comes out literally.

use quick_xml::events::Event;
use quick_xml::Reader;

use crate::error::{Error, Result};

/// Which package part is being fixed; decides the part-specific repairs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Part {
    Rels,
    Styles,
    Settings,
    Comments,
    Numbering,
    Footnotes,
    Other,
}

/// Child order of CT_PPr (CT_PPrBase, then `rPr`, `sectPr`, `pPrChange`).
const PPR: &[&str] = &[
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "framePr",
    "widowControl",
    "numPr",
    "suppressLineNumbers",
    "pBdr",
    "shd",
    "tabs",
    "suppressAutoHyphens",
    "kinsoku",
    "wordWrap",
    "overflowPunct",
    "topLinePunct",
    "autoSpaceDE",
    "autoSpaceDN",
    "bidi",
    "adjustRightInd",
    "snapToGrid",
    "spacing",
    "ind",
    "contextualSpacing",
    "mirrorIndents",
    "suppressOverlap",
    "jc",
    "textDirection",
    "textAlignment",
    "textboxTightWrap",
    "outlineLvl",
    "divId",
    "cnfStyle",
    "rPr",
    "sectPr",
    "pPrChange",
];

/// Child order of CT_ParaRPr, a superset of CT_RPr in the same order.
const RPR: &[&str] = &[
    "ins",
    "del",
    "moveFrom",
    "moveTo",
    "rStyle",
    "rFonts",
    "b",
    "bCs",
    "i",
    "iCs",
    "caps",
    "smallCaps",
    "strike",
    "dstrike",
    "outline",
    "shadow",
    "emboss",
    "imprint",
    "noProof",
    "snapToGrid",
    "vanish",
    "webHidden",
    "color",
    "spacing",
    "w",
    "kern",
    "position",
    "sz",
    "szCs",
    "highlight",
    "u",
    "effect",
    "bdr",
    "shd",
    "fitText",
    "vertAlign",
    "rtl",
    "cs",
    "em",
    "lang",
    "eastAsianLayout",
    "specVanish",
    "oMath",
    "rPrChange",
];

const STYLE: &[&str] = &[
    "name",
    "aliases",
    "basedOn",
    "next",
    "link",
    "autoRedefine",
    "hidden",
    "uiPriority",
    "semiHidden",
    "unhideWhenUsed",
    "qFormat",
    "locked",
    "personal",
    "personalCompose",
    "personalReply",
    "rsid",
    "pPr",
    "rPr",
    "tblPr",
    "trPr",
    "tcPr",
    "tblStylePr",
];

const SECT_PR: &[&str] = &[
    "headerReference",
    "footerReference",
    "footnotePr",
    "endnotePr",
    "type",
    "pgSz",
    "pgMar",
    "paperSrc",
    "pgBorders",
    "lnNumType",
    "pgNumType",
    "cols",
    "formProt",
    "vAlign",
    "noEndnote",
    "titlePg",
    "textDirection",
    "bidi",
    "rtlGutter",
    "docGrid",
    "printerSettings",
    "sectPrChange",
];

const SETTINGS: &[&str] = &[
    "writeProtection",
    "view",
    "zoom",
    "removePersonalInformation",
    "removeDateAndTime",
    "doNotDisplayPageBoundaries",
    "displayBackgroundShape",
    "printPostScriptOverText",
    "printFractionalCharacterWidth",
    "printFormsData",
    "embedTrueTypeFonts",
    "embedSystemFonts",
    "saveSubsetFonts",
    "saveFormsData",
    "mirrorMargins",
    "alignBordersAndEdges",
    "bordersDoNotSurroundHeader",
    "bordersDoNotSurroundFooter",
    "gutterAtTop",
    "hideSpellingErrors",
    "hideGrammaticalErrors",
    "activeWritingStyle",
    "proofState",
    "formsDesign",
    "attachedTemplate",
    "linkStyles",
    "stylePaneFormatFilter",
    "stylePaneSortMethod",
    "documentType",
    "mailMerge",
    "revisionView",
    "trackRevisions",
    "doNotTrackMoves",
    "doNotTrackFormatting",
    "documentProtection",
    "autoFormatOverride",
    "styleLockTheme",
    "styleLockQFSet",
    "defaultTabStop",
    "autoHyphenation",
    "consecutiveHyphenLimit",
    "hyphenationZone",
    "doNotHyphenateCaps",
    "showEnvelope",
    "summaryLength",
    "clickAndTypeStyle",
    "defaultTableStyle",
    "evenAndOddHeaders",
    "bookFoldRevPrinting",
    "bookFoldPrinting",
    "bookFoldPrintingSheets",
    "drawingGridHorizontalSpacing",
    "drawingGridVerticalSpacing",
    "displayHorizontalDrawingGridEvery",
    "displayVerticalDrawingGridEvery",
    "doNotUseMarginsForDrawingGridOrigin",
    "drawingGridHorizontalOrigin",
    "drawingGridVerticalOrigin",
    "doNotShadeFormData",
    "noPunctuationKerning",
    "characterSpacingControl",
    "printTwoOnOne",
    "strictFirstAndLastChars",
    "noLineBreaksAfter",
    "noLineBreaksBefore",
    "savePreviewPicture",
    "doNotValidateAgainstSchema",
    "saveInvalidXml",
    "ignoreMixedContent",
    "alwaysShowPlaceholderText",
    "doNotDemarcateInvalidXml",
    "saveXmlDataOnly",
    "useXSLTWhenSaving",
    "saveThroughXslt",
    "showXMLTags",
    "alwaysMergeEmptyNamespace",
    "updateFields",
    "hdrShapeDefaults",
    "footnotePr",
    "endnotePr",
    "compat",
    "docVars",
    "rsids",
    "mathPr",
    "attachedSchema",
    "themeFontLang",
    "clrSchemeMapping",
    "doNotIncludeSubdocsInStats",
    "doNotAutoCompressPictures",
    "forceUpgrade",
    "captions",
    "readModeInkLockDown",
    "smartTagType",
    "schemaLibrary",
    "shapeDefaults",
    "doNotEmbedSmartTags",
    "decimalSymbol",
    "listSeparator",
];

const COMPAT: &[&str] = &[
    "useSingleBorderforContiguousCells",
    "wpJustification",
    "noTabHangInd",
    "noLeading",
    "spaceForUL",
    "noColumnBalance",
    "balanceSingleByteDoubleByteWidth",
    "noExtraLineSpacing",
    "doNotLeaveBackslashAlone",
    "ulTrailSpace",
    "doNotExpandShiftReturn",
    "spacingInWholePoints",
    "lineWrapLikeWord6",
    "printBodyTextBeforeHeader",
    "printColBlack",
    "wpSpaceWidth",
    "showBreaksInFrames",
    "subFontBySize",
    "suppressBottomSpacing",
    "suppressTopSpacing",
    "suppressSpacingAtTopOfPage",
    "suppressTopSpacingWP",
    "suppressSpBfAfterPgBrk",
    "swapBordersFacingPages",
    "convMailMergeEsc",
    "truncateFontHeightsLikeWP6",
    "mwSmallCaps",
    "usePrinterMetrics",
    "doNotSuppressParagraphBorders",
    "wrapTrailSpaces",
    "footnoteLayoutLikeWW8",
    "shapeLayoutLikeWW8",
    "alignTablesRowByRow",
    "forgetLastTabAlignment",
    "adjustLineHeightInTable",
    "autoSpaceLikeWord95",
    "noSpaceRaiseLower",
    "doNotUseHTMLParagraphAutoSpacing",
    "layoutRawTableWidth",
    "layoutTableRowsApart",
    "useWord97LineBreakRules",
    "doNotBreakWrappedTables",
    "doNotSnapToGridInCell",
    "selectFldWithFirstOrLastChar",
    "applyBreakingRules",
    "doNotWrapTextWithPunct",
    "doNotUseEastAsianBreakRules",
    "useWord2002TableStyleRules",
    "growAutofit",
    "useFELayout",
    "useNormalStyleForList",
    "doNotUseIndentAsNumberingTabStop",
    "useAltKinsokuLineBreakRules",
    "allowSpaceOfSameStyleInTable",
    "doNotSuppressIndentation",
    "doNotAutofitConstrainedTables",
    "autofitToFirstFixedWidthCell",
    "underlineTabInNumList",
    "displayHangulFixedWidth",
    "splitPgBreakAndParaMark",
    "doNotVertAlignCellWithSp",
    "doNotBreakConstrainedForcedTable",
    "doNotVertAlignInTxbx",
    "useAnsiKerningPairs",
    "cachedColBalance",
    "compatSetting",
];

const LVL: &[&str] = &[
    "start",
    "numFmt",
    "lvlRestart",
    "pStyle",
    "isLgl",
    "suff",
    "lvlText",
    "lvlPicBulletId",
    "legacy",
    "lvlJc",
    "pPr",
    "rPr",
];
const ABSTRACT_NUM: &[&str] = &[
    "nsid",
    "multiLevelType",
    "tmpl",
    "name",
    "styleLink",
    "numStyleLink",
    "lvl",
];
const NUM: &[&str] = &["abstractNumId", "lvlOverride"];
const LVL_OVERRIDE: &[&str] = &["startOverride", "lvl"];
const NUM_PR: &[&str] = &["ilvl", "numId", "numberingChange", "ins"];
const NUMBERING: &[&str] = &["numPicBullet", "abstractNum", "num", "numIdMacAtCleanup"];
const DOC_DEFAULTS: &[&str] = &["rPrDefault", "pPrDefault"];
const STYLES: &[&str] = &["docDefaults", "latentStyles", "style"];
const P_BDR: &[&str] = &["top", "left", "bottom", "right", "between", "bar"];
const IND: &[&str] = &[];
/// CT_TcPr and CT_TblPr: house style sheets (pandoc's reference document) may write them out
/// of order.
const TC_PR: &[&str] = &[
    "cnfStyle",
    "tcW",
    "gridSpan",
    "hMerge",
    "vMerge",
    "tcBorders",
    "shd",
    "noWrap",
    "tcMar",
    "textDirection",
    "tcFitText",
    "vAlign",
    "hideMark",
    "headers",
    "cellIns",
    "cellDel",
    "cellMerge",
    "tcPrChange",
];
const TBL_PR: &[&str] = &[
    "tblStyle",
    "tblpPr",
    "tblOverlap",
    "bidiVisual",
    "tblStyleRowBandSize",
    "tblStyleColBandSize",
    "tblW",
    "jc",
    "tblCellSpacing",
    "tblInd",
    "tblBorders",
    "shd",
    "tblLayout",
    "tblCellMar",
    "tblLook",
    "tblCaption",
    "tblDescription",
    "tblPrChange",
];

/// Elements whose children must be in schema order, by qualified name.
const ORDERS: &[(&str, &[&str])] = &[
    ("w:pPr", PPR),
    ("w:rPr", RPR),
    ("w:style", STYLE),
    ("w:sectPr", SECT_PR),
    ("w:settings", SETTINGS),
    ("w:compat", COMPAT),
    ("w:lvl", LVL),
    ("w:abstractNum", ABSTRACT_NUM),
    ("w:num", NUM),
    ("w:lvlOverride", LVL_OVERRIDE),
    ("w:numPr", NUM_PR),
    ("w:numbering", NUMBERING),
    ("w:docDefaults", DOC_DEFAULTS),
    ("w:styles", STYLES),
    ("w:pBdr", P_BDR),
    ("w:ind", IND),
    ("w:tcPr", TC_PR),
    ("w:tblPr", TBL_PR),
    ("Relationships", &[]),
];

fn order_of(name: &[u8]) -> Option<&'static [&'static str]> {
    ORDERS
        .iter()
        .find(|(n, _)| n.as_bytes() == name)
        .map(|(_, o)| *o)
}

/// Rank of child `name` in `order`; children outside the `w:` namespace (w14, w15 ...) are
/// `None` and stay right after the child they followed.
fn rank(order: &[&str], name: &[u8]) -> Option<u16> {
    let local = name.strip_prefix(b"w:")?;
    order
        .iter()
        .position(|o| o.as_bytes() == local)
        .map(|i| i as u16)
}

const FOOTNOTE_REF_RUN: &[u8] = b"<w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr><w:footnoteRef/></w:r><w:r><w:t xml:space=\"preserve\"> </w:t></w:r>";
const ANNOTATION_REF_RUN: &[u8] =
    b"<w:r><w:rPr><w:rStyle w:val=\"CommentReference\"/></w:rPr><w:annotationRef/></w:r>";
const SEPARATOR_FOOTNOTES: &[u8] = b"<w:footnote w:type=\"separator\" w:id=\"-1\"><w:p><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:type=\"continuationSeparator\" w:id=\"0\"><w:p><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>";

/// Fix one part (see the module documentation). `rtl_marker`: turn `w:specVanish` into
/// `w:rtl`.
pub(crate) fn fix(part: Part, xml: &[u8], rtl_marker: bool) -> Result<Vec<u8>> {
    let drop_first_normal = part == Part::Styles && count(xml, b"w:styleId=\"Normal\"") > 1;
    let mut fixer = Fixer {
        xml,
        reader: Reader::from_reader(xml),
        part,
        rtl_marker,
        drop_first_normal,
        mark_pending: false,
        spare: Vec::new(),
    };
    let mut out = Vec::with_capacity(xml.len() + 512);
    loop {
        let (event, raw) = fixer.next()?;
        match event {
            Event::Start(_) => {
                let name = tag_name(raw);
                out.extend_from_slice(raw);
                if part == Part::Footnotes && name == b"w:footnotes" {
                    out.extend_from_slice(SEPARATOR_FOOTNOTES);
                }
                fixer.element_body(name, b"", &mut out)?;
            }
            Event::Empty(s) if part == Part::Footnotes && s.name().as_ref() == b"w:footnotes" => {
                // An empty footnotes part still gets its separators.
                let open = &raw[..raw.len() - 2];
                let open = open.strip_suffix(b" ").unwrap_or(open);
                out.extend_from_slice(open);
                out.extend_from_slice(b">");
                out.extend_from_slice(SEPARATOR_FOOTNOTES);
                out.extend_from_slice(b"</w:footnotes>");
            }
            Event::Eof => break,
            _ => out.extend_from_slice(raw),
        }
    }
    let keep_r = part != Part::Rels;
    Ok(prune_namespaces(out, keep_r))
}

/// Drop namespace declarations of the root element that the part never uses (docx-rs
/// declares ~40 on every part; they cost ~400 bytes per part even deflated), keeping
/// `mc:Ignorable` consistent: it may only name prefixes still declared.
///
/// With `keep_r`, the relationship namespace is declared on the root whether or not the part
/// uses it: readers such as docx2python look it up on every part.
fn prune_namespaces(xml: Vec<u8>, keep_r: bool) -> Vec<u8> {
    let Some((tag_start, tag_end)) = root_tag(&xml) else {
        return xml;
    };
    let body = &xml[tag_end..];
    // Every `prefix:` that follows `<`, `</` or a space in the body: element and attribute
    // prefixes. Text such as "Note: x" may add false positives, which only keep a declaration.
    let mut used: Vec<&[u8]> = Vec::new();
    // The root's own prefix: an empty part (`<w:comments …/>`) uses nothing else.
    let root = &xml[tag_start + 1..tag_end];
    if let Some(colon) = root.iter().position(|&b| b == b':') {
        if root[..colon].iter().all(u8::is_ascii_alphanumeric) {
            used.push(&root[..colon]);
        }
    }
    for (i, &b) in body.iter().enumerate() {
        if b != b':' {
            continue;
        }
        let mut j = i;
        while j > 0 && (body[j - 1].is_ascii_alphanumeric()) {
            j -= 1;
        }
        if j < i && j > 0 && matches!(body[j - 1], b'<' | b'/' | b' ') {
            let p = &body[j..i];
            if !used.contains(&p) {
                used.push(p);
            }
        }
    }
    // The tag without its closing `>` (a `/` of an empty root element stays in the last piece).
    let tag = &xml[tag_start..tag_end - 1];
    let mut kept_ignorable: Vec<&[u8]> = Vec::new();
    let mut new_tag: Vec<u8> = Vec::with_capacity(tag.len());
    let mut ignorable_at = None;
    for piece in split_attrs(tag) {
        if let Some(rest) = piece.strip_prefix(b" xmlns:") {
            let prefix = &rest[..rest.iter().position(|&b| b == b'=').unwrap_or(rest.len())];
            if prefix != b"mc" && !(keep_r && prefix == b"r") && !used.contains(&prefix) {
                continue;
            }
        }
        if let Some(rest) = piece.strip_prefix(b" mc:Ignorable=\"") {
            ignorable_at = Some(new_tag.len());
            let list = rest.strip_suffix(b"\"").unwrap_or(rest);
            for p in list.split(|&b| b == b' ') {
                if used.contains(&p) {
                    kept_ignorable.push(p);
                }
            }
            continue;
        }
        new_tag.extend_from_slice(piece);
    }
    if let Some(at) = ignorable_at {
        if !kept_ignorable.is_empty() {
            let mut attr = b" mc:Ignorable=\"".to_vec();
            attr.extend_from_slice(&kept_ignorable.join(&b' '));
            attr.push(b'"');
            new_tag.splice(at..at, attr);
        }
    }
    if keep_r && !new_tag.windows(9).any(|w| w == b" xmlns:r=") {
        let at = if new_tag.ends_with(b"/") {
            new_tag.len() - 1
        } else {
            new_tag.len()
        };
        new_tag.splice(at..at, NS_R_ATTR.iter().copied());
    }
    new_tag.push(b'>');
    let mut out = Vec::with_capacity(xml.len());
    out.extend_from_slice(&xml[..tag_start]);
    out.extend_from_slice(&new_tag);
    out.extend_from_slice(&xml[tag_end..]);
    out
}

const NS_R_ATTR: &[u8] =
    b" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"";

/// Byte range of the root element's start tag.
fn root_tag(xml: &[u8]) -> Option<(usize, usize)> {
    let mut i = 0;
    loop {
        let start = i + xml[i..].iter().position(|&b| b == b'<')?;
        if matches!(xml.get(start + 1), Some(b'?' | b'!')) {
            i = start + 1;
            continue;
        }
        let end = start + xml[start..].iter().position(|&b| b == b'>')? + 1;
        return Some((start, end));
    }
}

/// A start tag split into its name part and each ` attr="value"` (values hold no quotes:
/// docx-rs writes URIs and prefix lists there).
fn split_attrs(tag: &[u8]) -> Vec<&[u8]> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut in_value = false;
    for (i, &b) in tag.iter().enumerate() {
        match b {
            b'"' => in_value = !in_value,
            b' ' if !in_value => {
                pieces.push(&tag[start..i]);
                start = i;
            }
            _ => {}
        }
    }
    pieces.push(&tag[start..]);
    pieces
}

fn count(hay: &[u8], needle: &[u8]) -> usize {
    hay.windows(needle.len()).filter(|w| *w == needle).count()
}

struct Fixer<'a> {
    xml: &'a [u8],
    reader: Reader<&'a [u8]>,
    part: Part,
    rtl_marker: bool,
    drop_first_normal: bool,
    /// A footnote or comment was entered and its first paragraph has not yet had its mark.
    mark_pending: bool,
    /// Child lists of finished ordered elements, reused by the next ones.
    spare: Vec<Vec<Span>>,
}

/// A child of an ordered element: its rank, its sort key (a range of the input) and where
/// it was written in the output.
struct Span {
    rank: u16,
    key: (usize, usize),
    bytes: (usize, usize),
}

impl<'a> Fixer<'a> {
    /// The next event and its raw bytes in the input.
    fn next(&mut self) -> Result<(Event<'a>, &'a [u8])> {
        let start = self.reader.buffer_position() as usize;
        let event = self
            .reader
            .read_event()
            .map_err(|e| Error::input(format!("docx-rs wrote XML that does not parse: {e}")))?;
        let end = self.reader.buffer_position() as usize;
        Ok((event, &self.xml[start..end]))
    }

    /// Skip the rest of an element whose start tag was just read.
    fn skip(&mut self) -> Result<()> {
        let mut depth = 1usize;
        while depth > 0 {
            match self.next()?.0 {
                Event::Start(_) => depth += 1,
                Event::End(_) => depth -= 1,
                Event::Eof => return Err(Error::input("unexpected end of a DOCX part")),
                _ => {}
            }
        }
        Ok(())
    }

    /// Whether child `name` of `parent` (whose parent is `grand`) is dropped.
    fn dropped(&mut self, name: &[u8], raw: &[u8], parent: &[u8], grand: &[u8]) -> bool {
        if name == b"w:rPr"
            && parent == b"w:pPr"
            && matches!(grand, b"w:style" | b"w:lvl" | b"w:pPrDefault")
        {
            return true;
        }
        if self.drop_first_normal && name == b"w:style" && parent == b"w:styles" {
            let is_normal = count(raw, b"w:styleId=\"Normal\"") == 1;
            if is_normal {
                self.drop_first_normal = false;
                return true;
            }
        }
        false
    }

    /// An empty child element, possibly replaced.
    fn empty_child<'r>(
        &self,
        name: &[u8],
        raw: &'r [u8],
        parent: &[u8],
    ) -> (&'r [u8], &'static [u8]) {
        if self.rtl_marker && name == b"w:specVanish" && parent == b"w:rPr" {
            return (b"", b"<w:rtl/>");
        }
        (raw, b"")
    }

    /// Copy the content of element `name` (its start tag already written) through its end tag.
    fn element_body(&mut self, name: &[u8], parent: &[u8], out: &mut Vec<u8>) -> Result<()> {
        match order_of(name) {
            Some(order) => self.ordered_body(name, parent, order, out),
            None => self.plain_body(name, parent, out),
        }
    }

    fn ordered_body(
        &mut self,
        name: &[u8],
        parent: &[u8],
        order: &[&str],
        out: &mut Vec<u8>,
    ) -> Result<()> {
        // Children are written straight to `out` and only moved when they are out of order,
        // which keeps the common case free of copies and allocations.
        let base = out.len();
        let mut kids = self.spare.pop().unwrap_or_default();
        kids.clear();
        let mut last_rank = 0u16;
        let sort_by_id = name == b"Relationships";
        loop {
            let (event, raw) = self.next()?;
            let start = out.len();
            let child = match event {
                Event::Start(_) => {
                    let child = tag_name(raw);
                    if self.dropped(child, raw, name, parent) {
                        self.skip()?;
                        continue;
                    }
                    out.extend_from_slice(raw);
                    self.element_body(child, name, out)?;
                    child
                }
                Event::Empty(_) => {
                    let mut child = tag_name(raw);
                    if self.dropped(child, raw, name, parent) {
                        continue;
                    }
                    let (keep, add) = self.empty_child(child, raw, name);
                    if !add.is_empty() {
                        child = b"w:rtl";
                    }
                    out.extend_from_slice(keep);
                    out.extend_from_slice(add);
                    child
                }
                Event::End(_) => {
                    let key = |k: &Span| (k.rank, &self.xml[k.key.0..k.key.1]);
                    if kids.windows(2).any(|w| key(&w[0]) > key(&w[1])) {
                        kids.sort_by(|a, b| key(a).cmp(&key(b)));
                        let written = out.split_off(base);
                        for k in &kids {
                            out.extend_from_slice(&written[k.bytes.0 - base..k.bytes.1 - base]);
                        }
                    }
                    self.spare.push(kids);
                    out.extend_from_slice(raw);
                    return Ok(());
                }
                Event::Eof => return Err(Error::input("unexpected end of a DOCX part")),
                // Whitespace or comments between ordered children carry nothing.
                _ => continue,
            };
            let r = rank(order, child).unwrap_or(last_rank);
            last_rank = r;
            let key = if sort_by_id {
                id_attr(self.xml, raw)
            } else {
                (0, 0)
            };
            kids.push(Span {
                rank: r,
                key,
                bytes: (start, out.len()),
            });
        }
    }

    fn plain_body(&mut self, name: &[u8], parent: &[u8], out: &mut Vec<u8>) -> Result<()> {
        // The first paragraph of a footnote or comment receives its reference mark after its
        // properties.
        if matches!(name, b"w:footnote" | b"w:comment") {
            self.mark_pending = true;
        }
        let mut mark: &[u8] = match (self.part, name, parent) {
            (Part::Footnotes, b"w:p", b"w:footnote") if self.mark_pending => FOOTNOTE_REF_RUN,
            (Part::Comments, b"w:p", b"w:comment") if self.mark_pending => ANNOTATION_REF_RUN,
            _ => b"",
        };
        if !mark.is_empty() {
            self.mark_pending = false;
        }
        loop {
            let (event, raw) = self.next()?;
            match event {
                Event::Start(_) => {
                    let child = tag_name(raw);
                    if self.dropped(child, raw, name, parent) {
                        self.skip()?;
                        continue;
                    }
                    if !mark.is_empty() && child != b"w:pPr" {
                        out.extend_from_slice(mark);
                        mark = b"";
                    }
                    out.extend_from_slice(raw);
                    self.element_body(child, name, out)?;
                }
                Event::Empty(_) => {
                    let child = tag_name(raw);
                    if self.dropped(child, raw, name, parent) {
                        continue;
                    }
                    if !mark.is_empty() && child != b"w:pPr" {
                        out.extend_from_slice(mark);
                        mark = b"";
                    }
                    let (keep, add) = self.empty_child(child, raw, name);
                    out.extend_from_slice(keep);
                    out.extend_from_slice(add);
                }
                Event::End(_) => {
                    out.extend_from_slice(mark);
                    out.extend_from_slice(raw);
                    return Ok(());
                }
                Event::Eof => return Err(Error::input("unexpected end of a DOCX part")),
                _ => out.extend_from_slice(raw),
            }
        }
    }
}

/// Where the value of the `Id` attribute of start tag `raw` (a slice of `xml`) lies in `xml`,
/// for sorting relationships; an empty range when there is none.
fn id_attr(xml: &[u8], raw: &[u8]) -> (usize, usize) {
    let at = raw.as_ptr() as usize - xml.as_ptr() as usize;
    let pat = b" Id=\"";
    raw.windows(pat.len())
        .position(|w| w == pat)
        .map(|i| {
            let from = i + pat.len();
            let rest = &raw[from..];
            let end = rest.iter().position(|&b| b == b'"').unwrap_or(rest.len());
            (at + from, at + from + end)
        })
        .unwrap_or((0, 0))
}

/// The qualified name of the element whose start or empty tag is `raw` (`<w:p w:x="">`).
fn tag_name(raw: &[u8]) -> &[u8] {
    let tag = raw.strip_prefix(b"<").unwrap_or(raw);
    let end = tag
        .iter()
        .position(|&b| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'/' | b'>'))
        .unwrap_or(tag.len());
    &tag[..end]
}

/// Schema rank of `child` inside `parent`, if `parent` has a fixed child order.
#[cfg(test)]
pub(crate) fn order_rank_for_test(parent: &[u8], child: &[u8]) -> Option<u16> {
    order_of(parent).and_then(|o| rank(o, child))
}
