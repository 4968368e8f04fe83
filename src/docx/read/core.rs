//! The package's core properties (`docProps/core.xml`): who saved the file last and when, as
//! Word and LibreOffice record them. Used to say who edited a file that is compared; nothing
//! else depends on them, so a missing or damaged part is simply no information.

use quick_xml::events::Event;
use quick_xml::NsReader;

use super::package::Package;

/// Who last saved a document, and when (as written: W3CDTF, usually RFC 3339).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CoreProperties {
    pub last_modified_by: Option<String>,
    pub modified: Option<String>,
    /// The document's language tag (`dc:language`, e.g. `fr-FR`), as lectern writes it.
    pub language: Option<String>,
    /// When the document was created (`dcterms:created`): lectern writes its draft's date,
    /// and a reviewer's save keeps it.
    pub created: Option<String>,
}

/// The core properties of a DOCX package; empty when it has none or they cannot be read.
pub fn core_properties(bytes: &[u8]) -> CoreProperties {
    let mut props = CoreProperties::default();
    let Ok(mut pkg) = Package::open(bytes) else {
        return props;
    };
    let Ok(Some(r)) = pkg.part("docProps/core.xml") else {
        return props;
    };
    let mut x = NsReader::from_reader(r);
    let mut buf = Vec::new();
    #[derive(Clone, Copy)]
    enum Field {
        By,
        Modified,
        Language,
        Created,
    }
    let mut field: Option<Field> = None;
    let mut depth = 0usize;
    loop {
        match x.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => {
                depth += 1;
                // A core properties part is flat; anything deep is not what it should be.
                if depth > 8 {
                    return props;
                }
                field = match e.local_name().as_ref() {
                    b"lastModifiedBy" => Some(Field::By),
                    b"modified" => Some(Field::Modified),
                    b"language" => Some(Field::Language),
                    b"created" => Some(Field::Created),
                    _ => None,
                };
            }
            Ok(Event::Text(t)) => {
                let text = t.unescape().ok().map(|s| s.trim().to_string());
                let text = text.filter(|s| !s.is_empty() && s.len() <= 256);
                match field {
                    Some(Field::By) => props.last_modified_by = text,
                    Some(Field::Modified) => props.modified = text,
                    Some(Field::Language) => props.language = text,
                    Some(Field::Created) => props.created = text,
                    None => {}
                }
            }
            Ok(Event::End(_)) => {
                depth = depth.saturating_sub(1);
                field = None;
            }
            Ok(Event::Eof) | Err(_) => return props,
            Ok(_) => {}
        }
        buf.clear();
    }
}

/// The custom properties of a DOCX package (`docProps/custom.xml`) as name → text: lectern
/// writes `event`, `kind`, `version` and `clearance` there, and Word and LibreOffice keep them
/// when a reviewer saves the file. Empty when there are none or they cannot be read.
pub fn custom_properties(bytes: &[u8]) -> Vec<(String, String)> {
    let mut props = Vec::new();
    let Ok(mut pkg) = Package::open(bytes) else {
        return props;
    };
    let Ok(Some(r)) = pkg.part("docProps/custom.xml") else {
        return props;
    };
    let mut x = NsReader::from_reader(r);
    let mut buf = Vec::new();
    let mut name: Option<String> = None;
    let mut depth = 0usize;
    loop {
        match x.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => {
                depth += 1;
                // property > vt:value: anything deeper is not a custom properties part.
                if depth > 8 || props.len() >= 256 {
                    return props;
                }
                if e.local_name().as_ref() == b"property" {
                    name = e
                        .try_get_attribute("name")
                        .ok()
                        .flatten()
                        .and_then(|a| a.unescape_value().ok())
                        .map(|v| v.into_owned());
                }
            }
            Ok(Event::Text(t)) => {
                if let (Some(n), Ok(v)) = (&name, t.unescape()) {
                    let v = v.trim();
                    if !v.is_empty() && v.len() <= 256 {
                        props.push((n.clone(), v.to_string()));
                    }
                }
            }
            Ok(Event::End(e)) => {
                depth = depth.saturating_sub(1);
                if e.local_name().as_ref() == b"property" {
                    name = None;
                }
            }
            Ok(Event::Eof) | Err(_) => return props,
            Ok(_) => {}
        }
        buf.clear();
    }
}
