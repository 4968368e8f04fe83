//! The house style: an office's own `.docx` or `.dotx` (saved by Word, LibreOffice, pandoc or
//! python-docx) read as a package. Its style sheet, theme, fonts (embedded ones with their
//! relationships), list numbering, page setup, headers and footers (default, first page, even
//! pages, with their pictures) and harmless settings are copied into every draft; the body is
//! lectern's. What would collide is renumbered: numbering ids (lectern's lists come after the
//! house's), drawing ids (`wp:docPr`, from `DRAWING_IDS_FROM`), pictures' part names
//! (`media/house-*`), relationship ids (each copied part keeps its own relationships part;
//! the document's are written by lectern). Roles are found by style name (`roles`),
//! placeholders in headers and footers become slots (`marks`).
//!
//! A house style is read and prepared once per process and file, then shared by every draft.

mod marks;
mod roles;
mod sample;
mod tree;

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use sha2::{Digest, Sha256};

pub(crate) use marks::{Found, Mark};
pub(crate) use roles::{RoleUse, StyleIds};
pub use sample::{export, logo};
use tree::{El, Node, Template};

use super::container::Packed;
use super::schema_order::{self, Part};
use crate::error::{Error, Result};
use crate::library::Kind;

/// Drawing ids (`wp:docPr/@id`) of the house's headers and footers start here, far above
/// those of the body's pictures (numbered from 1), so no two drawings share one (jgm/pandoc#7503:
/// Word hides pictures with duplicate ids).
pub(crate) const DRAWING_IDS_FROM: u64 = 100_000;

/// A house style file is at most this large (fonts and logos included).
const MAX_BYTES: u64 = 64 * 1024 * 1024;

const NS_R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";

/// Which pages a header or footer is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Pages {
    Default,
    First,
    Even,
}

impl Pages {
    pub(crate) fn attr(self) -> &'static str {
        match self {
            Pages::Default => "default",
            Pages::First => "first",
            Pages::Even => "even",
        }
    }
}

/// A header or footer of the house style, ready to fill per draft.
#[derive(Debug)]
pub(crate) struct HeaderFooter {
    pub(crate) footer: bool,
    pub(crate) pages: Pages,
    /// The part up to its last child (declaration, root start tag, content with slots).
    pub(crate) body: Template,
    /// The root's closing tag.
    pub(crate) close: String,
    /// The placeholders it holds.
    pub(crate) found: Vec<Found>,
    /// Its relationships part, targets renamed.
    pub(crate) rels: Option<Packed>,
    /// Each raw piece of `body` deflated once (`container::deflate_piece`), by piece index:
    /// a draft's part is spliced from them and its own values.
    pub(crate) deflated: Vec<Vec<u8>>,
}

impl HeaderFooter {
    /// This part of a draft, `out` as `body.fill_spans` wrote it (with `spans`) and lectern's
    /// lines after it, compressed: the raw pieces still as written are copied as deflated
    /// once, the rest is compressed as it comes.
    pub(crate) fn pack(&self, out: &str, spans: &[(usize, usize, usize)]) -> Result<Packed> {
        let bytes = out.as_bytes();
        let mut splice = super::container::Splice::with_capacity(out.len() / 2);
        let mut at = 0;
        for &(start, end, i) in spans {
            let (Some(tree::Piece::Raw(raw)), Some(deflated)) =
                (self.body.pieces.get(i), self.deflated.get(i))
            else {
                continue;
            };
            // A separator dropped after an empty value may have changed a piece written.
            if start < at || raw.is_empty() || bytes.get(start..end) != Some(raw.as_bytes()) {
                continue;
            }
            raw_clean(&mut splice, &bytes[at..start])?;
            splice.deflated(deflated);
            at = end;
        }
        raw_clean(&mut splice, &bytes[at..])?;
        splice.finish(bytes)
    }

    /// Whether a visible placeholder for `m` is in this part.
    pub(crate) fn shows(&self, m: Mark) -> bool {
        self.found.iter().any(|f| f.mark == m && f.visible)
    }
}

/// Add `raw` to `splice`, unless `text::sanitize_part` would change it (an error: the part is
/// then deflated whole, through it).
fn raw_clean(splice: &mut super::container::Splice, raw: &[u8]) -> Result<()> {
    if matches!(super::text::sanitize_part(raw), std::borrow::Cow::Owned(_)) {
        return Err(Error::input("a header or footer to sanitise"));
    }
    splice.raw(raw, super::package::DEFLATE_LEVEL)
}

/// A house style, read and prepared.
#[derive(Debug)]
pub struct House {
    /// As written in `lectern.json`.
    pub(crate) path: String,
    pub(crate) ids: StyleIds,
    pub(crate) roles: Vec<RoleUse>,
    /// Whether the house had a style sheet at all.
    pub(crate) has_styles: bool,
    /// The style sheets for the office look and for the speech reading copy.
    styles: [Arc<Packed>; 2],
    pub(crate) theme: Packed,
    pub(crate) theme_from_house: bool,
    pub(crate) font_table: Option<Packed>,
    pub(crate) font_rels: Option<Packed>,
    /// Copied parts other than XML parts lectern names itself: pictures, fonts.
    pub(crate) files: Vec<(String, Packed)>,
    pub(crate) embedded_fonts: usize,
    pub(crate) settings: Packed,
    numbering: HouseNumbering,
    /// `w:sectPr` children other than header and footer references, in order.
    pub(crate) section: String,
    pub(crate) parts: Vec<HeaderFooter>,
    /// The headers and footers of every draft: (footer, pages).
    pub(crate) layout: Vec<(bool, Pages)>,
    pub(crate) content_types: Packed,
    /// The same, as XML, for drafts that add picture types to it.
    pub(crate) content_types_xml: Vec<u8>,
    /// For `style show`: page size and margins as found.
    pub(crate) page: PageSetup,
}

/// Page size and margins in twips, orientation and columns, for `style show`.
#[derive(Debug, Clone, Default)]
pub(crate) struct PageSetup {
    pub(crate) width: u32,
    pub(crate) height: u32,
    pub(crate) landscape: bool,
    pub(crate) margins: [i64; 4],
    pub(crate) columns: u32,
    pub(crate) from_house: bool,
}

/// The house's list definitions and instances, and the ids lectern's lists take after them.
#[derive(Debug)]
struct HouseNumbering {
    abstracts: String,
    nums: String,
    pub(crate) first_abstract: usize,
    pub(crate) first_num: usize,
    cache: Mutex<HashMap<Vec<usize>, Arc<Packed>>>,
}

/// The numbering ids lectern's lists use in a draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct NumIds {
    pub(crate) bullet: usize,
    pub(crate) first_decimal: usize,
    /// Whether the numbering part must be related even without lists (the house's styles
    /// refer to it).
    pub(crate) always: bool,
}

impl NumIds {
    pub(crate) const BUILTIN: NumIds = NumIds {
        bullet: super::styles::BULLET_NUM_ID,
        first_decimal: super::styles::FIRST_DECIMAL_NUM_ID,
        always: false,
    };
}

impl House {
    pub(crate) fn styles(&self, kind: Kind) -> Arc<Packed> {
        self.styles[usize::from(kind == Kind::Speech)].clone()
    }

    pub(crate) fn num_ids(&self) -> NumIds {
        NumIds {
            bullet: self.numbering.first_num,
            first_decimal: self.numbering.first_num + 1,
            always: !self.numbering.nums.is_empty(),
        }
    }

    /// The numbering part for a draft whose numbered lists have instance ids `lists`.
    pub(crate) fn numbering(&self, lists: &[usize]) -> Result<Arc<Packed>> {
        let mut cache = self
            .numbering
            .cache
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        if let Some(p) = cache.get(lists) {
            return Ok(p.clone());
        }
        let n = &self.numbering;
        let ours = super::styles::numbering_elements(n.first_abstract, n.first_num, lists);
        let xml = format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="{NS_R}">{}{}{}{}</w:numbering>"#,
            n.abstracts, ours.0, n.nums, ours.1
        );
        let packed = Arc::new(share(Part::Numbering, xml.as_bytes())?);
        if cache.len() < 64 {
            cache.insert(lists.to_vec(), packed.clone());
        }
        Ok(packed)
    }

    /// The house header or footer for `pages`.
    pub(crate) fn part(&self, footer: bool, pages: Pages) -> Option<&HeaderFooter> {
        self.parts
            .iter()
            .find(|p| p.footer == footer && p.pages == pages)
    }
}

fn share(part: Part, xml: &[u8]) -> Result<Packed> {
    Packed::new(&schema_order::fix(part, xml, false)?, SHARED_LEVEL)
}

/// Deflate level of the parts prepared from the house style. They are compressed once per
/// process but a house style sheet can be large (350 KB of XML for python-docx's template):
/// level 6 takes half the time of level 9 for 1 KB more (measured on that sheet).
const SHARED_LEVEL: u32 = 6;

/// A house style file, read and hashed: enough to decide whether a draft is unchanged. It is
/// prepared (parsed, merged, compressed) only when a draft is written, once per process.
pub struct HouseFile {
    /// As written in `lectern.json`.
    path: String,
    /// sha256 of the file: part of every draft's fingerprint.
    hash: String,
    /// The file's bytes until it is prepared.
    bytes: Mutex<Option<Vec<u8>>>,
    prepared: OnceLock<std::result::Result<Arc<House>, String>>,
}

impl HouseFile {
    /// The file as `lectern.json` names it.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// sha256 of the file, hex.
    pub fn hash(&self) -> &str {
        &self.hash
    }

    /// The house style prepared, once per process (the first caller prepares, the others
    /// wait for it); a failure is kept and returned again, so it is found once.
    pub fn prepare(&self) -> Result<Arc<House>> {
        self.prepared
            .get_or_init(|| {
                let bytes = self
                    .bytes
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .take()
                    .unwrap_or_default();
                read(bytes, &self.path)
                    .map(Arc::new)
                    .map_err(|e| e.message().to_string())
            })
            .clone()
            .map_err(Error::input)
    }
}

/// The house style at `path` (relative to `root` unless absolute), read and hashed once per
/// process; a file that cannot be read is an error, kept and returned again for the same path.
pub fn open(root: &Path, path: &str) -> Result<Arc<HouseFile>> {
    type Cache = HashMap<PathBuf, std::result::Result<Arc<HouseFile>, String>>;
    static CACHE: OnceLock<Mutex<Cache>> = OnceLock::new();
    let full = root.join(path);
    let mut cache = CACHE
        .get_or_init(Mutex::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    cache
        .entry(full)
        .or_insert_with_key(|full| read_file(full, path).map(Arc::new))
        .clone()
        .map_err(Error::input)
}

/// `open`, then `prepare`.
pub fn load(root: &Path, path: &str) -> Result<Arc<House>> {
    open(root, path)?.prepare()
}

/// Read and hash the file (through the capped reader); errors as messages.
fn read_file(full: &Path, shown: &str) -> std::result::Result<HouseFile, String> {
    let cap = crate::capped::Cap {
        bytes: MAX_BYTES,
        what: "house style",
        hint: "a house style is a Word file of styles, headers and footers; remove large pictures or embedded fonts from it",
    };
    let bytes = crate::capped::read_bytes_opt(full, Path::new(shown), cap)
        .map_err(|e| e.message().to_string())?
        .ok_or_else(|| format!("cannot read {shown}: there is no such file"))?;
    Ok(HouseFile {
        path: shown.to_string(),
        hash: crate::workspace::hex(&Sha256::digest(&bytes)),
        bytes: Mutex::new(Some(bytes)),
        prepared: OnceLock::new(),
    })
}

/// The package, entry by entry.
struct Package {
    zip: zip::ZipArchive<std::io::Cursor<Vec<u8>>>,
    /// Content types: defaults by extension, overrides by part name (without `/`).
    defaults: HashMap<String, String>,
    overrides: HashMap<String, String>,
}

impl Package {
    fn has(&self, name: &str) -> bool {
        self.zip.index_for_name(name).is_some()
    }

    fn bytes(&mut self, name: &str) -> Result<Vec<u8>> {
        let mut f = self
            .zip
            .by_name(name)
            .map_err(|e| Error::input(format!("cannot read its part {name}: {e}")))?;
        let too_large = || Error::input(format!("its part {name} is too large"));
        if f.size() > MAX_BYTES {
            return Err(too_large());
        }
        let mut v = Vec::with_capacity(f.size() as usize);
        // The declared size may lie: never inflate more than the cap.
        (&mut f)
            .take(MAX_BYTES + 1)
            .read_to_end(&mut v)
            .map_err(|e| Error::input(format!("cannot read its part {name}: {e}")))?;
        if v.len() as u64 > MAX_BYTES {
            return Err(too_large());
        }
        Ok(v)
    }

    fn xml(&mut self, name: &str) -> Result<El> {
        let bytes = self.bytes(name)?;
        tree::parse(&bytes).map_err(|e| Error::input(format!("its part {name}: {}", e.message())))
    }

    /// The relationships of part `name`: id → (type, resolved target, external).
    fn rels(&mut self, name: &str) -> Result<Vec<Rel>> {
        let (dir, file) = match name.rfind('/') {
            Some(i) => (&name[..i + 1], &name[i + 1..]),
            None => ("", name),
        };
        let rels_name = format!("{dir}_rels/{file}.rels");
        if !self.has(&rels_name) {
            return Ok(Vec::new());
        }
        let root = self.xml(&rels_name)?;
        Ok(root
            .elements()
            .filter(|e| e.local() == "Relationship")
            .map(|e| {
                let target = tree::unescape(e.attr("Target").unwrap_or_default());
                let external = e.attr("TargetMode") == Some("External");
                Rel {
                    id: e.attr("Id").unwrap_or_default().to_string(),
                    kind: e.attr("Type").unwrap_or_default().to_string(),
                    part: if external {
                        target.clone()
                    } else {
                        resolve(dir, &target)
                    },
                    target,
                    external,
                }
            })
            .collect())
    }

    fn content_type(&self, part: &str) -> Option<String> {
        self.overrides.get(part).cloned().or_else(|| {
            let ext = part.rsplit('.').next()?.to_ascii_lowercase();
            self.defaults.get(&ext).cloned()
        })
    }
}

#[derive(Debug, Clone)]
struct Rel {
    id: String,
    kind: String,
    target: String,
    /// The target as a part name (for internal targets).
    part: String,
    external: bool,
}

impl Rel {
    fn is(&self, kind: &str) -> bool {
        self.kind.strip_prefix(REL) == Some(kind) || self.kind.rsplit('/').next() == Some(kind)
    }
}

/// A target relative to `dir` (e.g. `word/`) as a part name.
fn resolve(dir: &str, target: &str) -> String {
    let joined = match target.strip_prefix('/') {
        Some(abs) => abs.to_string(),
        None => format!("{dir}{target}"),
    };
    let mut parts: Vec<&str> = Vec::new();
    for p in joined.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// Prepare the house style `shown` from its bytes.
fn read(bytes: Vec<u8>, shown: &str) -> Result<House> {
    let not_docx = |why: String| Error::input(format!("{shown} is not a Word document: {why}"));
    let zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| not_docx(format!("not a zip package ({e})")))?;
    let mut pkg = Package {
        zip,
        defaults: HashMap::new(),
        overrides: HashMap::new(),
    };
    if pkg.has("[Content_Types].xml") {
        let ct = pkg
            .xml("[Content_Types].xml")
            .map_err(|e| not_docx(e.message()))?;
        for e in ct.elements() {
            let t = e.attr("ContentType").unwrap_or_default().to_string();
            match e.local() {
                "Default" => {
                    let ext = e.attr("Extension").unwrap_or_default().to_ascii_lowercase();
                    pkg.defaults.insert(ext, t);
                }
                "Override" => {
                    let name = e.attr("PartName").unwrap_or_default();
                    pkg.overrides
                        .insert(name.trim_start_matches('/').to_string(), t);
                }
                _ => {}
            }
        }
    }
    let main = pkg
        .rels("")
        .map_err(|e| not_docx(e.message()))?
        .into_iter()
        .find(|r| r.is("officeDocument"))
        .map(|r| r.part)
        .unwrap_or_else(|| "word/document.xml".to_string());
    if !pkg.has(&main) {
        return Err(not_docx(format!("it has no main document part ({main})")));
    }
    prepare(&mut pkg, &main, shown).map_err(|e| {
        Error::input(format!(
            "cannot use {shown} as a house style: {}",
            e.message()
        ))
    })
}

fn prepare(pkg: &mut Package, main: &str, shown: &str) -> Result<House> {
    let rels = pkg.rels(main)?;
    let find = |kind: &str| rels.iter().find(|r| r.is(kind) && !r.external).cloned();
    let mut types = ContentTypes::default();

    // Styles: the house sheet with lectern's definitions for the roles it lacks, one for the
    // office look and one for the speech reading copy. The speech sheet is made on a thread of
    // its own while this one goes on with the other parts: the rest of a batch waits for them.
    let builtin_office = tree::parse(&super::styles::styles_part(
        Kind::Blog,
        crate::library::Lang::En,
    ))?;
    let house_styles = match find("styles") {
        Some(r) if pkg.has(&r.part) => Some(pkg.xml(&r.part)?),
        _ => None,
    };
    let has_styles = house_styles.is_some();
    let base = house_styles.unwrap_or_else(|| builtin_office.clone());
    let mut speech = base.clone();
    let mut office = base;
    std::thread::scope(|scope| -> Result<House> {
        let speech_sheet = scope.spawn(move || -> Result<Packed> {
            let builtin_speech = tree::parse(&super::styles::styles_part(
                Kind::Speech,
                crate::library::Lang::En,
            ))?;
            roles::merge(&mut speech, &builtin_speech, true);
            share(Part::Styles, &with_r(speech).to_part())
        });
        let (ids, mut roles) = roles::merge(&mut office, &builtin_office, false);
        if !has_styles {
            // Every role then has lectern's definition, none the house's.
            roles.iter_mut().for_each(|r| r.from_house = false);
        }
        let office = share(Part::Styles, &with_r(office).to_part())?;
        let rest = prepare_rest(pkg, main, shown, &rels, &mut types)?;
        let speech = speech_sheet
            .join()
            .map_err(|_| Error::input("its style sheet could not be prepared"))??;
        Ok(rest.finish(ids, roles, has_styles, [Arc::new(office), Arc::new(speech)]))
    })
}

/// What `prepare` makes besides the style sheets.
struct Rest {
    path: String,
    theme: Packed,
    theme_from_house: bool,
    font_table: Option<Packed>,
    font_rels: Option<Packed>,
    files: Vec<(String, Packed)>,
    embedded_fonts: usize,
    settings: Packed,
    numbering: HouseNumbering,
    section: String,
    parts: Vec<HeaderFooter>,
    layout: Vec<(bool, Pages)>,
    content_types: Packed,
    content_types_xml: Vec<u8>,
    page: PageSetup,
}

impl Rest {
    fn finish(
        self,
        ids: StyleIds,
        roles: Vec<RoleUse>,
        has_styles: bool,
        styles: [Arc<Packed>; 2],
    ) -> House {
        House {
            path: self.path,
            ids,
            roles,
            has_styles,
            styles,
            theme: self.theme,
            theme_from_house: self.theme_from_house,
            font_table: self.font_table,
            font_rels: self.font_rels,
            files: self.files,
            embedded_fonts: self.embedded_fonts,
            settings: self.settings,
            numbering: self.numbering,
            section: self.section,
            parts: self.parts,
            layout: self.layout,
            content_types: self.content_types,
            content_types_xml: self.content_types_xml,
            page: self.page,
        }
    }
}

/// Theme, fonts, settings, numbering, page setup, headers and footers.
fn prepare_rest(
    pkg: &mut Package,
    main: &str,
    shown: &str,
    rels: &[Rel],
    types: &mut ContentTypes,
) -> Result<Rest> {
    let find = |kind: &str| rels.iter().find(|r| r.is(kind) && !r.external).cloned();

    // Theme.
    let house_theme = match find("theme") {
        Some(r) if pkg.has(&r.part) => Some(pkg.xml(&r.part)?),
        _ => None,
    };
    let theme_from_house = house_theme.is_some();
    let theme = match house_theme {
        Some(t) => Packed::new(&with_r(t).to_part(), SHARED_LEVEL)?,
        None => Packed::new(super::theme::THEME.as_bytes(), 9)?,
    };

    // Fonts, embedded ones with their relationships.
    let mut files: Vec<(String, Packed)> = Vec::new();
    let (mut font_table, mut font_rels, mut embedded_fonts) = (None, None, 0);
    if let Some(r) = find("fontTable").filter(|r| pkg.has(&r.part)) {
        let table = pkg.xml(&r.part)?;
        font_table = Some(share(Part::Other, &with_r(table).to_part())?);
        let frels = pkg.rels(&r.part)?;
        let mut kept = Vec::new();
        for fr in &frels {
            if fr.external || !pkg.has(&fr.part) {
                continue;
            }
            let name = format!("word/fonts/house-{}", base_name(&fr.part));
            let ct = pkg.content_type(&fr.part).unwrap_or_else(|| {
                "application/vnd.openxmlformats-officedocument.obfuscatedFont".into()
            });
            let data = pkg.bytes(&fr.part)?;
            types.add(&name, &ct);
            files.push((name.clone(), Packed::new(&data, 6)?));
            kept.push((fr.clone(), name.trim_start_matches("word/").to_string()));
            embedded_fonts += 1;
        }
        if !kept.is_empty() {
            font_rels = Some(Packed::new(rels_part(&kept).as_bytes(), 9)?);
        }
    }

    // Settings: lectern's, with the house's harmless ones.
    let doc = pkg.xml(main)?;
    let house_settings = match find("settings") {
        Some(r) if pkg.has(&r.part) => Some(pkg.xml(&r.part)?),
        _ => None,
    };
    let even_and_odd = house_settings
        .as_ref()
        .and_then(|s| s.child("w:evenAndOddHeaders"))
        .is_some_and(on);
    let settings = share(
        Part::Settings,
        &settings_part(house_settings.as_ref(), embedded_fonts > 0)?,
    )?;

    // Numbering: the house's definitions, lectern's after them.
    let numbering = match find("numbering").filter(|r| pkg.has(&r.part)) {
        Some(r) => house_numbering(&pkg.xml(&r.part)?),
        None => house_numbering(&El::new("w:numbering")),
    };

    // Page setup, headers and footers: the last section of the house document.
    let sect = doc
        .child("w:body")
        .and_then(|b| b.elements().filter(|e| e.is("w:sectPr")).last())
        .cloned()
        .unwrap_or_else(|| El::new("w:sectPr"));
    let mut section = String::new();
    let mut title_page = false;
    let mut page = PageSetup::default();
    for c in sect.elements() {
        match c.local() {
            // Written by lectern; the printer settings part is not copied.
            "headerReference" | "footerReference" | "printerSettings" | "sectPrChange" => {}
            _ => {
                if c.local() == "titlePg" {
                    title_page = on(c);
                }
                let mut c = c.clone();
                c.attrs.retain(|(n, _)| !n.starts_with("w:rsid"));
                section.push_str(&c.to_xml());
            }
        }
        read_page(c, &mut page);
    }
    let mut parts = Vec::new();
    let mut drawing_id = DRAWING_IDS_FROM;
    let mut media_names: Vec<String> = Vec::new();
    for c in sect.elements() {
        let footer = match c.local() {
            "headerReference" => false,
            "footerReference" => true,
            _ => continue,
        };
        let pages = match c.attr("w:type") {
            Some("first") => Pages::First,
            Some("even") => Pages::Even,
            _ => Pages::Default,
        };
        if parts
            .iter()
            .any(|p: &HeaderFooter| p.footer == footer && p.pages == pages)
        {
            continue;
        }
        let Some(rid) = c.attr("r:id") else { continue };
        let Some(rel) = rels.iter().find(|r| r.id == rid && !r.external) else {
            continue;
        };
        if !pkg.has(&rel.part) {
            continue;
        }
        let mut root = pkg.xml(&rel.part)?;
        // Drawing ids renumbered; paragraph ids dropped (they must be unique in the document
        // and are optional).
        root.for_each_mut(&mut |e| {
            if e.is("wp:docPr") {
                e.set("id", &drawing_id.to_string());
                drawing_id += 1;
            }
            e.remove_attr("w14:paraId");
            e.remove_attr("w14:textId");
        });
        let found = marks::prepare(&mut root);
        // Its relationships: pictures and other parts copied under new names.
        let prels = pkg.rels(&rel.part)?;
        let mut kept = Vec::new();
        for pr in prels {
            if pr.external {
                kept.push((pr.clone(), pr.target.clone()));
                continue;
            }
            if !pkg.has(&pr.part) {
                continue;
            }
            let name = format!("word/media/house-{}", base_name(&pr.part));
            if !media_names.contains(&name) {
                let ct = pkg
                    .content_type(&pr.part)
                    .unwrap_or_else(|| "application/octet-stream".into());
                let data = pkg.bytes(&pr.part)?;
                types.add(&name, &ct);
                files.push((name.clone(), Packed::new(&data, 6)?));
                media_names.push(name.clone());
            }
            kept.push((pr.clone(), name.trim_start_matches("word/").to_string()));
        }
        let rels = if kept.is_empty() {
            None
        } else {
            Some(Packed::new(rels_part(&kept).as_bytes(), 9)?)
        };
        let root = with_r(root);
        let close = format!("</{}>", root.name);
        let mut body = root.to_template();
        // Drop the closing tag (or turn an empty root `<w:hdr/>` into an open one), so
        // lectern's lines can follow the house's content.
        match body.pieces.last_mut() {
            Some(tree::Piece::Raw(s)) if s.ends_with(&close) => {
                s.truncate(s.len() - close.len());
            }
            Some(tree::Piece::Raw(s)) if s.ends_with("/>") => {
                s.truncate(s.len() - 2);
                s.push('>');
            }
            _ => {}
        }
        // Characters XML cannot carry are dropped once here (every draft's values are
        // sanitised as they are made), so the spliced part is what `sanitize_part` would give.
        let mut deflated = Vec::with_capacity(body.pieces.len());
        for piece in &mut body.pieces {
            let mut d = Vec::new();
            if let tree::Piece::Raw(s) = piece {
                if let std::borrow::Cow::Owned(clean) = super::text::sanitize_part(s.as_bytes()) {
                    *s = String::from_utf8_lossy(&clean).into_owned();
                }
                super::container::deflate_piece(s.as_bytes(), SHARED_LEVEL, &mut d)?;
            }
            deflated.push(d);
        }
        parts.push(HeaderFooter {
            footer,
            pages,
            body,
            close,
            found,
            rels,
            deflated,
        });
    }
    parts.sort_by_key(|p| (p.footer, p.pages));
    let layout = layout(&parts, title_page, even_and_odd);
    let content_types_xml = types.part(&layout).into_bytes();
    let content_types = Packed::new(&content_types_xml, 9)?;
    Ok(Rest {
        path: shown.to_string(),
        theme,
        theme_from_house,
        font_table,
        font_rels,
        files,
        embedded_fonts,
        settings,
        numbering,
        section,
        parts,
        layout,
        content_types,
        content_types_xml,
        page,
    })
}

/// The headers and footers every draft with this house style has: the default ones always,
/// first-page and even-page ones when the house uses them. A first-page or even header the
/// house lacks is made by lectern (the clearance marking must be on every page); a missing
/// first-page footer stays blank (letterheads often want that), a missing even one is made.
fn layout(parts: &[HeaderFooter], title_page: bool, even_and_odd: bool) -> Vec<(bool, Pages)> {
    let has =
        |footer: bool, pages: Pages| parts.iter().any(|p| p.footer == footer && p.pages == pages);
    let mut out = vec![(false, Pages::Default), (true, Pages::Default)];
    if title_page {
        out.push((false, Pages::First));
        if has(true, Pages::First) {
            out.push((true, Pages::First));
        }
    }
    if even_and_odd {
        out.push((false, Pages::Even));
        out.push((true, Pages::Even));
    }
    out.sort();
    out
}

/// Whether an on/off element is on.
fn on(e: &El) -> bool {
    !matches!(e.attr("w:val"), Some("0" | "false" | "off"))
}

fn base_name(part: &str) -> &str {
    part.rsplit('/').next().unwrap_or(part)
}

/// Declare the relationship namespace on a part's root (readers such as docx2python look
/// it up on every part).
fn with_r(mut root: El) -> El {
    if root.attr("xmlns:r").is_none() {
        root.attrs.push(("xmlns:r".into(), NS_R.into()));
    }
    root
}

fn read_page(c: &El, page: &mut PageSetup) {
    let num = |n: &str| c.attr(n).and_then(|v| v.parse::<i64>().ok());
    match c.local() {
        "pgSz" => {
            page.from_house = true;
            page.width = num("w:w").unwrap_or(0).max(0) as u32;
            page.height = num("w:h").unwrap_or(0).max(0) as u32;
            page.landscape = c.attr("w:orient") == Some("landscape") || page.width > page.height;
        }
        "pgMar" => {
            page.margins = [
                num("w:top").unwrap_or(0),
                num("w:right").unwrap_or(0),
                num("w:bottom").unwrap_or(0),
                num("w:left").unwrap_or(0),
            ];
        }
        "cols" => page.columns = num("w:num").unwrap_or(1).max(1) as u32,
        _ => {}
    }
}

/// A relationships part listing `kept` (relationship, new target).
fn rels_part(kept: &[(Rel, String)]) -> String {
    let mut s = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    );
    for (r, target) in kept {
        let esc = |v: &str| super::text::escape_xml(v).into_owned();
        s.push_str(&format!(
            r#"<Relationship Id="{}" Type="{}" Target="{}"{}/>"#,
            esc(&r.id),
            esc(&r.kind),
            esc(target),
            if r.external {
                r#" TargetMode="External""#
            } else {
                ""
            }
        ));
    }
    s.push_str("</Relationships>");
    s
}

/// Settings the house may decide: layout and typography only. Nothing that protects,
/// tracks, attaches a template, merges mail or points at other parts.
const HARMLESS_SETTINGS: &[&str] = &[
    "w:mirrorMargins",
    "w:gutterAtTop",
    "w:bordersDoNotSurroundHeader",
    "w:bordersDoNotSurroundFooter",
    "w:defaultTabStop",
    "w:autoHyphenation",
    "w:consecutiveHyphenLimit",
    "w:hyphenationZone",
    "w:doNotHyphenateCaps",
    "w:evenAndOddHeaders",
    "w:characterSpacingControl",
    "w:themeFontLang",
    "w:decimalSymbol",
    "w:listSeparator",
];

/// lectern's settings part with the house's harmless settings in place of its own.
fn settings_part(house: Option<&El>, embedded_fonts: bool) -> Result<Vec<u8>> {
    let ours = docx_rs::Docx::new().build().settings;
    let mut root = tree::parse(&ours)?;
    if let Some(house) = house {
        for c in house.elements() {
            if HARMLESS_SETTINGS.contains(&c.name.as_str()) {
                root.remove_children(&c.name);
                root.children.push(Node::El(c.clone()));
            }
        }
    }
    if embedded_fonts {
        root.remove_children("w:embedTrueTypeFonts");
        root.children
            .push(Node::El(El::new("w:embedTrueTypeFonts")));
    }
    Ok(with_r(root).to_part())
}

/// The house's numbering, pictures bullets dropped (their pictures are not copied), and the
/// first ids free after it.
fn house_numbering(root: &El) -> HouseNumbering {
    let id = |e: &El, a: &str| e.attr(a).and_then(|v| v.parse::<usize>().ok()).unwrap_or(0);
    let (mut abstracts, mut nums) = (String::new(), String::new());
    let (mut max_abstract, mut max_num) = (0, 0);
    for c in root.elements() {
        let mut c = c.clone();
        c.for_each_mut(&mut |e| e.remove_children("w:lvlPicBulletId"));
        c.remove_children("w:lvlPicBulletId");
        match c.name.as_str() {
            "w:abstractNum" => {
                max_abstract = max_abstract.max(id(&c, "w:abstractNumId"));
                abstracts.push_str(&c.to_xml());
            }
            "w:num" => {
                max_num = max_num.max(id(&c, "w:numId"));
                nums.push_str(&c.to_xml());
            }
            _ => {}
        }
    }
    // Ids 1 and below are avoided as in lectern's own numbering (trap 4).
    HouseNumbering {
        abstracts,
        nums,
        first_abstract: (max_abstract + 1).max(2),
        first_num: (max_num + 1).max(2),
        cache: Mutex::default(),
    }
}

/// The content types of a draft with this house style.
#[derive(Default)]
struct ContentTypes {
    defaults: Vec<(String, String)>,
}

impl ContentTypes {
    /// Register part `name` of type `ct` (by its extension).
    fn add(&mut self, name: &str, ct: &str) {
        let ext = name
            .rsplit('.')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        if !self.defaults.iter().any(|(e, _)| *e == ext) && ext != "xml" && ext != "rels" {
            self.defaults.push((ext, ct.to_string()));
        }
    }

    fn part(&self, layout: &[(bool, Pages)]) -> String {
        let names: Vec<String> = layout.iter().map(|(f, p)| part_name(*f, *p)).collect();
        super::package::content_types(&self.defaults, &names)
    }
}

/// The part name of a header or footer in a draft, under `word/`.
pub(crate) fn part_name(footer: bool, pages: Pages) -> String {
    let n = match pages {
        Pages::Default => 1,
        Pages::First => 2,
        Pages::Even => 3,
    };
    format!("{}{n}.xml", if footer { "footer" } else { "header" })
}

/// One role in `style show`: the style it maps to and whether the house style has it.
#[derive(Debug, Clone, PartialEq)]
pub struct RoleRow {
    pub role: &'static str,
    pub id: String,
    pub name: String,
    /// Found in the house style; otherwise lectern's definition is used.
    pub from_house: bool,
    /// The style names looked for.
    pub looked_for: &'static [&'static str],
}

/// The roles lectern's own style sheet plays.
pub fn builtin_roles() -> Vec<RoleRow> {
    roles::ROLES
        .iter()
        .filter(|r| r.listed)
        .map(|r| RoleRow {
            role: r.label,
            id: r.builtin.to_string(),
            name: r.names[0].to_string(),
            from_house: false,
            looked_for: r.names,
        })
        .collect()
}

impl House {
    /// The file as `lectern.json` names it.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Each role `style show` lists.
    pub fn roles(&self) -> Vec<RoleRow> {
        self.roles
            .iter()
            .zip(roles::ROLES.iter())
            .filter(|(u, _)| u.listed)
            .map(|(u, def)| RoleRow {
                role: u.label,
                id: u.id.clone(),
                name: u.name.clone(),
                from_house: u.from_house,
                looked_for: def.names,
            })
            .collect()
    }

    /// What else drafts take from the house style, as (what, description) lines; each says
    /// whether it comes from the house or lectern.
    pub fn parts(&self) -> Vec<(String, String)> {
        let mut out = vec![(
            "styles".to_string(),
            if self.has_styles {
                "house style sheet, with built-in definitions for the roles it lacks"
            } else {
                "built-in: the house document has no style sheet"
            }
            .to_string(),
        )];
        let p = &self.page;
        let cm = |tw: i64| format!("{:.1}", tw as f64 / 567.0);
        out.push((
            "page".to_string(),
            if p.from_house {
                format!(
                    "{} × {} cm {}, margins {} / {} / {} / {} cm (top, right, bottom, left), {} column{}",
                    cm(i64::from(p.width)),
                    cm(i64::from(p.height)),
                    if p.landscape { "landscape" } else { "portrait" },
                    cm(p.margins[0]),
                    cm(p.margins[1]),
                    cm(p.margins[2]),
                    cm(p.margins[3]),
                    p.columns.max(1),
                    if p.columns > 1 { "s" } else { "" }
                )
            } else {
                "built-in (A4): the house document has no page setup".to_string()
            },
        ));
        for &(footer, pages) in &self.layout {
            let what = format!(
                "{} ({})",
                if footer { "footer" } else { "header" },
                match pages {
                    Pages::Default => "default",
                    Pages::First => "first page",
                    Pages::Even => "even pages",
                }
            );
            let own = self.part(footer, pages);
            let shows = |m: Mark| own.is_some_and(|p| p.shows(m));
            let wanted: &[&[Mark]] = match (footer, pages) {
                (true, _) => &[&[Mark::Event, Mark::Kind], &[Mark::Page, Mark::Pages]],
                (false, Pages::First) => &[&[Mark::Clearance]],
                (false, _) => &[
                    &[Mark::Status],
                    &[Mark::Version],
                    &[Mark::Clearance],
                    &[Mark::Embargo],
                ],
            };
            let added: Vec<String> = wanted
                .iter()
                .filter(|any| !any.iter().any(|m| shows(*m)))
                .map(|any| {
                    any.iter()
                        .map(|m| m.name())
                        .collect::<Vec<_>>()
                        .join(" and ")
                })
                .collect();
            let adds = if added.is_empty() {
                String::new()
            } else {
                format!("; lectern adds a line for: {}", added.join(", "))
            };
            let desc = match own {
                Some(part) => {
                    let mut shown: Vec<String> = part
                        .found
                        .iter()
                        .map(|f| {
                            let hidden = if f.visible { "" } else { " (hidden text)" };
                            format!("{{{}}}{hidden}", f.mark.name())
                        })
                        .collect();
                    shown.dedup();
                    if shown.is_empty() {
                        "house, no placeholders".to_string()
                    } else {
                        format!("house, placeholders {}", shown.join(" "))
                    }
                }
                None => "made by lectern (the house has none)".to_string(),
            };
            out.push((what, desc + &adds));
        }
        out.push((
            "theme".into(),
            if self.theme_from_house {
                "house"
            } else {
                "built-in"
            }
            .into(),
        ));
        out.push((
            "fonts".into(),
            match (&self.font_table, self.embedded_fonts) {
                (Some(_), 0) => "house font table".to_string(),
                (Some(_), n) => format!("house font table, {n} embedded font file(s)"),
                (None, _) => "built-in font table".to_string(),
            },
        ));
        out.push((
            "numbering".into(),
            if self.numbering.nums.is_empty() {
                "built-in lists".to_string()
            } else {
                format!(
                    "house list definitions kept; lectern's lists numbered from {}",
                    self.numbering.first_num
                )
            },
        ));
        out
    }
}
