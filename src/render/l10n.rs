//! Localisation of the fixed strings, dates, times and numbers a draft prints, for the
//! organisation's four official languages. Pure functions, usable by any module (the DOCX
//! header and footer use the labels and the embargo line too).
//!
//! Conventions, chosen to match the organisation's house style for each language:
//! - dates: "3 December 2026", "3 décembre 2026" ("1er" for the first day), "3 de diciembre
//!   de 2026", "3 ديسمبر 2026" (Western digits, the month names used across the Arab League
//!   and at the UN);
//! - times: 24-hour "10:00", French "10 h 00";
//! - numbers: en `1,234.5`; fr `1 234,5` with U+202F NARROW NO-BREAK SPACE; es follows the RAE
//!   and UN rule: decimal comma, U+202F groups only from five digits (`1234`, `12 345,5`);
//!   ar keeps Western digits with `,` and `.` as in the organisation's Arabic releases, which
//!   keeps figures identical to the English and searchable;
//! - French labels carry the narrow no-break space before `:` `;` `!` `?` `»` and after `«`.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveTime, Timelike, Utc};

use crate::library::{Figure, Lang};

/// U+202F NARROW NO-BREAK SPACE: French and Spanish digit groups, French punctuation.
pub const NNBSP: char = '\u{202F}';

/// Every label key with its text in en, fr, es, ar.
pub const LABELS: &[(&str, [&str; 4])] = &[
    ("check_against_delivery", ["Check against delivery", "Seul le prononcé fait foi", "Cotéjese con el discurso pronunciado", "العبرة بالإلقاء"]),
    ("embargoed_until", ["Embargoed until", "Sous embargo jusqu’au", "Embargo hasta el", "محظور النشر حتى"]),
    ("embargo", ["Embargo", "Embargo", "Embargo", "حظر النشر"]),
    ("for_immediate_release", ["For immediate release", "Pour diffusion immédiate", "Para difusión inmediata", "للنشر الفوري"]),
    ("press_release", ["Press release", "Communiqué de presse", "Comunicado de prensa", "بيان صحفي"]),
    ("press_briefing", ["Press briefing", "Point de presse", "Rueda de prensa", "إحاطة صحفية"]),
    ("speech", ["Speech", "Discours", "Discurso", "كلمة"]),
    ("blog", ["Blog", "Blog", "Blog", "مدونة"]),
    ("briefing_note", ["Briefing note", "Note d’information", "Nota informativa", "مذكرة إحاطة"]),
    ("key_messages", ["Key messages", "Messages clés", "Mensajes clave", "الرسائل الرئيسية"]),
    ("facts_and_figures", ["Facts and figures", "Faits et chiffres", "Datos y cifras", "حقائق وأرقام"]),
    ("questions_and_answers", ["Questions and answers", "Questions et réponses", "Preguntas y respuestas", "أسئلة وأجوبة"]),
    ("question", ["Question", "Question", "Pregunta", "سؤال"]),
    ("answer", ["Answer", "Réponse", "Respuesta", "الجواب"]),
    ("lines_to_take", ["Lines to take", "Éléments de langage", "Argumentos clave", "النقاط الرئيسية للرد"]),
    ("contacts", ["Contacts", "Contacts", "Contactos", "جهات الاتصال"]),
    ("media_contacts", ["Media contacts", "Contacts presse", "Contactos de prensa", "جهات الاتصال الإعلامية"]),
    ("purpose_text", [
        "To prepare the speaker for the event below: logistics, the approved messages in delivery order, the facts that support them and the lines to take on likely questions.",
        "Préparer l’orateur à l’événement ci-dessous\u{202F}: informations pratiques, messages validés dans l’ordre du discours, faits à l’appui et éléments de langage pour les questions probables.",
        "Preparar al orador para el evento que se indica: aspectos logísticos, mensajes aprobados en el orden de intervención, datos que los respaldan y argumentos clave para las preguntas previsibles.",
        "إعداد المتحدث للحدث المبيَّن أدناه: الترتيبات اللوجستية، والرسائل المعتمدة بترتيب إلقائها، والحقائق الداعمة لها، والنقاط الرئيسية للرد على الأسئلة المتوقعة.",
    ]),
    ("purpose", ["Purpose", "Objet", "Objetivo", "الغرض"]),
    ("logistics", ["Logistics", "Informations pratiques", "Aspectos logísticos", "الترتيبات اللوجستية"]),
    ("background", ["Background", "Contexte", "Antecedentes", "معلومات أساسية"]),
    ("notes", ["Notes", "Remarques", "Observaciones", "ملاحظات"]),
    ("photo", ["Photo", "Photo", "Foto", "صورة"]),
    ("figure", ["Figure", "Chiffre", "Cifra", "الرقم"]),
    ("back_to_text", ["Back to text", "Retour au texte", "Volver al texto", "العودة إلى النص"]),
    ("note", ["Note", "Remarque", "Nota", "ملاحظة"]),
    ("event", ["Event", "Événement", "Evento", "الحدث"]),
    ("date", ["Date", "Date", "Fecha", "التاريخ"]),
    ("time", ["Time", "Heure", "Hora", "الوقت"]),
    ("venue", ["Venue", "Lieu", "Lugar", "المكان"]),
    ("city", ["City", "Ville", "Ciudad", "المدينة"]),
    ("audience", ["Audience", "Public", "Público", "الجمهور"]),
    ("speaker", ["Speaker", "Orateur", "Orador", "المتحدث"]),
    ("length", ["Length", "Durée", "Extensión", "الطول"]),
    ("minutes", ["minutes", "minutes", "minutos", "دقائق"]),
    ("words", ["words", "mots", "palabras", "كلمة"]),
    ("source", ["Source", "Source", "Fuente", "المصدر"]),
    ("sources", ["Sources", "Sources", "Fuentes", "المصادر"]),
    ("restricted", ["Restricted", "Diffusion restreinte", "Uso restringido", "مقيَّد"]),
    ("public", ["Public", "Public", "Público", "عام"]),
    ("internal", ["Internal: not for publication", "Interne\u{202F}: ne pas diffuser", "Interno: no publicar", "داخلي: ليس للنشر"]),
    ("stale", ["Stale", "Périmé", "Desactualizado", "قديم"]),
    ("page", ["Page", "Page", "Página", "صفحة"]),
    ("of", ["of", "sur", "de", "من"]),
    ("draft", ["Draft", "Projet", "Borrador", "مسودة"]),
    ("version", ["Version", "Version", "Versión", "الإصدار"]),
    ("not_cleared", ["NOT CLEARED", "NON VALIDÉ", "NO APROBADO", "غير مُجاز"]),
    ("not_cleared_notice", [
        "This draft contains text that is not cleared for use.",
        "Ce projet contient des passages non validés.",
        "Este borrador contiene texto no aprobado.",
        "تتضمن هذه المسودة نصوصاً غير مُجازة للاستخدام.",
    ]),
    ("not_cleared_detail", [
        "contains passages not cleared for use",
        "contient des passages non validés",
        "contiene pasajes no aprobados",
        "تتضمن مقاطع غير مُجازة للاستخدام",
    ]),
    // `{{label "salutation"}}` picks one of the `salutation_*` below by the event's audience
    // (see `salutation_key`); this entry is the one for an audience that names no one.
    ("salutation", [
        "Distinguished guests, ladies and gentlemen,",
        "Mesdames et Messieurs,",
        "Distinguidos invitados, señoras y señores:",
        "الضيوف الكرام، السيدات والسادة،",
    ]),
    ("salutation_dignitaries", [
        "Excellencies, distinguished guests, ladies and gentlemen,",
        "Excellences, Mesdames et Messieurs,",
        "Excelencias, distinguidos invitados, señoras y señores:",
        "أصحاب المعالي والسعادة، الضيوف الكرام، السيدات والسادة،",
    ]),
    ("salutation_media", [
        "Ladies and gentlemen of the press,",
        "Mesdames et Messieurs les journalistes,",
        "Señoras y señores periodistas:",
        "السيدات والسادة ممثلي وسائل الإعلام،",
    ]),
    ("salutation_students", [
        "Dear students, ladies and gentlemen,",
        "Chères étudiantes, chers étudiants, Mesdames et Messieurs,",
        "Queridos estudiantes, señoras y señores:",
        "أعزائي الطلبة، السيدات والسادة،",
    ]),
    ("salutation_staff", [
        "Dear colleagues,",
        "Chères et chers collègues,",
        "Estimados colegas:",
        "الزميلات والزملاء الأعزاء،",
    ]),
    ("thank_you", ["Thank you.", "Je vous remercie.", "Muchas gracias.", "وشكراً لكم."]),
    ("ends", ["ENDS", "FIN", "FIN", "انتهى"]),
    ("by", ["By", "Par", "Por", "بقلم"]),
    ("colon", [":", "\u{202F}:", ":", ":"]),
    ("comma", [",", ",", ",", "،"]),
    ("email", ["Email", "Courriel", "Correo electrónico", "البريد الإلكتروني"]),
    ("phone", ["Phone", "Téléphone", "Teléfono", "الهاتف"]),
    ("utc", ["UTC", "UTC", "UTC", "UTC"]),
];

fn idx(lang: Lang) -> usize {
    match lang {
        Lang::En => 0,
        Lang::Fr => 1,
        Lang::Es => 2,
        Lang::Ar => 3,
    }
}

/// The label `key` in `lang`, or `None` for an unknown key.
pub fn label(lang: Lang, key: &str) -> Option<&'static str> {
    LABELS
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, v)| v[idx(lang)])
}

/// The audiences a salutation is chosen for, most senior first (a room of ministers and
/// journalists is greeted as "Excellencies"): the label key, then the words that identify the
/// audience in en, fr, es, ar, matched without case in the event's `audience`. Latin-script
/// words match whole words (so "press" is not "pressure"); Arabic ones match anywhere in a
/// word, since the article and conjunctions attach to it (والصحفيين).
pub const AUDIENCES: &[(&str, [&[&str]; 4])] = &[
    (
        "salutation_dignitaries",
        [
            &[
                "minister",
                "ministers",
                "ambassador",
                "ambassadors",
                "excellencies",
                "head of state",
                "heads of state",
                "heads of government",
                "delegates",
                "delegations",
                "diplomats",
                "diplomatic corps",
                "member states",
                "parliamentarians",
                "dignitaries",
            ],
            &[
                "ministre",
                "ministres",
                "ambassadeur",
                "ambassadeurs",
                "ambassadrices",
                "excellences",
                "chefs d’état",
                "délégués",
                "délégations",
                "diplomates",
                "corps diplomatique",
                "états membres",
                "parlementaires",
            ],
            &[
                "ministro",
                "ministros",
                "ministras",
                "embajador",
                "embajadores",
                "excelencias",
                "jefes de estado",
                "delegados",
                "delegaciones",
                "diplomáticos",
                "cuerpo diplomático",
                "estados miembros",
                "parlamentarios",
            ],
            &[
                "وزير",
                "وزراء",
                "سفير",
                "سفراء",
                "أصحاب المعالي",
                "أصحاب السعادة",
                "رؤساء الدول",
                "الوفود",
                "وفود",
                "دبلوماسي",
                "الدول الأعضاء",
                "برلمان",
            ],
        ],
    ),
    (
        "salutation_media",
        [
            &[
                "media",
                "press",
                "journalist",
                "journalists",
                "reporters",
                "correspondents",
                "news agencies",
                "newsrooms",
            ],
            &[
                "médias",
                "média",
                "presse",
                "journaliste",
                "journalistes",
                "correspondants",
                "rédactions",
            ],
            &[
                "medios",
                "prensa",
                "periodista",
                "periodistas",
                "corresponsales",
                "reporteros",
            ],
            &[
                "إعلام",
                "صحفي",
                "صحفيين",
                "صحفيون",
                "صحافة",
                "الصحافة",
                "مراسلين",
                "مراسلون",
            ],
        ],
    ),
    (
        "salutation_students",
        [
            &[
                "students",
                "student",
                "pupils",
                "young people",
                "youth",
                "cadets",
                "graduates",
            ],
            &[
                "étudiants",
                "étudiantes",
                "élèves",
                "jeunes",
                "cadets",
                "diplômés",
            ],
            &["estudiantes", "alumnos", "jóvenes", "cadetes", "graduados"],
            &["طلاب", "طلبة", "الشباب", "خريجين"],
        ],
    ),
    (
        "salutation_staff",
        [
            &[
                "staff",
                "colleagues",
                "employees",
                "personnel",
                "town hall",
                "all-staff",
            ],
            &["personnel", "collègues", "agents", "collaborateurs"],
            &["personal", "colegas", "funcionarios", "empleados"],
            &["موظفي", "موظفين", "الموظفين", "الزملاء", "العاملين"],
        ],
    ),
];

/// The salutation label key for an event's `audience`: the first of [`AUDIENCES`] whose words
/// it names, else `salutation` (a neutral greeting).
pub fn salutation_key(lang: Lang, audience: Option<&str>) -> &'static str {
    let Some(audience) = audience else {
        return "salutation";
    };
    let text = audience.to_lowercase().replace('\'', "’");
    AUDIENCES
        .iter()
        .find(|(_, words)| {
            words[idx(lang)].iter().any(|w| {
                if lang == Lang::Ar {
                    text.contains(w)
                } else {
                    names_word(&text, w)
                }
            })
        })
        .map_or("salutation", |(key, _)| key)
}

/// Whether `text` contains `word` (already lower case) as a whole word or phrase.
pub fn names_word(text: &str, word: &str) -> bool {
    let is_word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    text.match_indices(word).any(|(at, _)| {
        !is_word(text[..at].chars().next_back()) && !is_word(text[at + word.len()..].chars().next())
    })
}

/// Where an event takes place, as a title block prints it: "venue, city", or the venue alone
/// when it already names the city ("General Secretariat, Lyon" and "Lyon" give "General
/// Secretariat, Lyon", never "General Secretariat, Lyon, Lyon"). Compared without case; in
/// Arabic the city may carry an attached article or conjunction.
pub fn place(lang: Lang, venue: Option<&str>, city: Option<&str>) -> Option<String> {
    let venue = venue.map(str::trim).filter(|v| !v.is_empty());
    let city = city.map(str::trim).filter(|c| !c.is_empty());
    match (venue, city) {
        (Some(v), Some(c)) => {
            let (lv, lc) = (v.to_lowercase(), c.to_lowercase());
            let named = if lang == Lang::Ar {
                lv.contains(&lc)
            } else {
                names_word(&lv, &lc)
            };
            if named {
                Some(v.to_string())
            } else {
                let comma = label(lang, "comma").unwrap_or(",");
                Some(format!("{v}{comma} {c}"))
            }
        }
        (Some(one), None) | (None, Some(one)) => Some(one.to_string()),
        (None, None) => None,
    }
}

/// Every label key, in table order.
pub fn label_keys() -> impl Iterator<Item = &'static str> {
    LABELS.iter().map(|(k, _)| *k)
}

const MONTHS: [[&str; 12]; 4] = [
    [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
    [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ],
    [
        "يناير",
        "فبراير",
        "مارس",
        "أبريل",
        "مايو",
        "يونيو",
        "يوليو",
        "أغسطس",
        "سبتمبر",
        "أكتوبر",
        "نوفمبر",
        "ديسمبر",
    ],
];

/// How much of a date to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateStyle {
    /// "3 December 2026"
    Long,
    /// "03/12/2026" (day first in all four languages)
    Short,
}

pub fn format_date(lang: Lang, d: NaiveDate, style: DateStyle) -> String {
    match style {
        DateStyle::Short => format!("{:02}/{:02}/{}", d.day(), d.month(), d.year()),
        DateStyle::Long => {
            let month = MONTHS[idx(lang)][d.month0() as usize];
            match lang {
                Lang::En | Lang::Ar => format!("{} {month} {}", d.day(), d.year()),
                Lang::Fr if d.day() == 1 => format!("1er {month} {}", d.year()),
                Lang::Fr => format!("{} {month} {}", d.day(), d.year()),
                Lang::Es => format!("{} de {month} de {}", d.day(), d.year()),
            }
        }
    }
}

pub fn format_time(lang: Lang, t: NaiveTime) -> String {
    match lang {
        Lang::Fr => format!("{}\u{a0}h\u{a0}{:02}", t.hour(), t.minute()),
        _ => format!("{:02}:{:02}", t.hour(), t.minute()),
    }
}

/// Date and time: "3 December 2026, 10:00", "3 décembre 2026 à 10 h 00".
pub fn format_datetime(lang: Lang, dt: &DateTime<FixedOffset>) -> String {
    let date = format_date(lang, dt.date_naive(), DateStyle::Long);
    let time = format_time(lang, dt.time());
    match lang {
        Lang::En | Lang::Es => format!("{date}, {time}"),
        Lang::Fr => format!("{date} à {time}"),
        Lang::Ar => format!("{date}، الساعة {time}"),
    }
}

/// "UTC+01:00"; "UTC" for a zero offset.
pub fn format_offset(offset: &FixedOffset) -> String {
    let secs = offset.local_minus_utc();
    if secs == 0 {
        return "UTC".into();
    }
    let sign = if secs < 0 { '-' } else { '+' };
    let secs = secs.abs();
    format!("UTC{sign}{:02}:{:02}", secs / 3600, (secs % 3600) / 60)
}

/// The review comment on a message that is not cleared, in `lang`.
pub fn not_cleared_comment(
    lang: Lang,
    id: &str,
    problem: &crate::resolve::MessageProblem,
) -> String {
    use crate::resolve::MessageProblem as P;
    let why = match (lang, problem) {
        (Lang::En, p) => p.to_string(),
        (Lang::Fr, P::Draft) => "a le statut «\u{A0}brouillon\u{A0}» (non approuvé)".into(),
        (Lang::Fr, P::Retired) => "a le statut «\u{A0}retiré\u{A0}»".into(),
        (
            Lang::Fr,
            P::Expired {
                review_by,
                against,
                today,
            },
        ) => format!(
            "a expiré\u{A0}: sa date de révision, {review_by}, précède {} ({against})",
            if *today {
                "la date du jour"
            } else {
                "la date de l’événement"
            }
        ),
        (Lang::Es, P::Draft) => "tiene el estado «borrador» (no aprobado)".into(),
        (Lang::Es, P::Retired) => "tiene el estado «retirado»".into(),
        (
            Lang::Es,
            P::Expired {
                review_by,
                against,
                today,
            },
        ) => format!(
            "ha caducado: su fecha de revisión, {review_by}, es anterior a {} ({against})",
            if *today {
                "la fecha de hoy"
            } else {
                "la fecha del evento"
            }
        ),
        (Lang::Ar, P::Draft) => "حالتها مسودة (غير معتمدة)".into(),
        (Lang::Ar, P::Retired) => "حالتها مسحوبة".into(),
        (
            Lang::Ar,
            P::Expired {
                review_by,
                against,
                today,
            },
        ) => format!(
            "انتهت صلاحيتها: تاريخ مراجعتها {review_by} سابق ل{} ({against})",
            if *today {
                "تاريخ اليوم"
            } else {
                "تاريخ الحدث"
            }
        ),
    };
    match lang {
        Lang::En => format!("NOT CLEARED: message `{id}` {why}"),
        Lang::Fr => format!("NON VALIDÉ\u{A0}: le message `{id}` {why}"),
        Lang::Es => format!("NO APROBADO: el mensaje `{id}` {why}"),
        Lang::Ar => format!("غير مُجاز: الرسالة `{id}` {why}"),
    }
}

/// The review comment on a stale fact, in `lang`: its date and the limit in days. No day
/// count: the comment is part of the document, which must be the same whichever day it is
/// drafted on (the terminal warning gives the age).
pub fn stale_comment(lang: Lang, id: &str, as_of: NaiveDate, limit: i64) -> String {
    match lang {
        Lang::En => format!("Stale fact `{id}`: as_of {as_of} is more than {limit} days old"),
        Lang::Fr => format!(
            "Fait périmé `{id}`\u{A0}: donnée au {as_of}, vieille de plus de {limit}\u{A0}jours"
        ),
        Lang::Es => format!(
            "Dato desactualizado `{id}`: dato al {as_of}, con más de {limit} días de antigüedad"
        ),
        Lang::Ar => format!("معلومة قديمة `{id}`: بتاريخ {as_of}، مضى عليها أكثر من {limit} يوماً"),
    }
}

/// "Embargoed until 3 December 2026, 10:00 (UTC+01:00) — 09:00 UTC"; the UTC side repeats the
/// date only when it differs from the local date.
pub fn embargo_line(lang: Lang, until: &DateTime<FixedOffset>) -> String {
    let prefix = label(lang, "embargoed_until").unwrap_or("Embargoed until");
    let local = format_datetime(lang, until);
    let offset = format_offset(until.offset());
    if until.offset().local_minus_utc() == 0 {
        return format!("{prefix} {local} (UTC)");
    }
    let utc = until.with_timezone(&Utc).fixed_offset();
    let utc_text = if utc.date_naive() == until.date_naive() {
        format_time(lang, utc.time())
    } else {
        format_datetime(lang, &utc)
    };
    format!("{prefix} {local} ({offset}) — {utc_text} UTC")
}

/// A number in the language's convention; integers print without decimals, others with the
/// shortest exact decimal form.
pub fn format_number(lang: Lang, value: f64) -> String {
    let raw = if value.fract() == 0.0 && value.abs() < 1e17 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    };
    let (neg, raw) = match raw.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, raw.as_str()),
    };
    let (int, frac) = match raw.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (raw, None),
    };
    let (group, decimal, min_group) = match lang {
        Lang::En | Lang::Ar => (",", ".", 4),
        Lang::Fr => ("\u{202F}", ",", 4),
        Lang::Es => ("\u{202F}", ",", 5),
    };
    let mut out = String::with_capacity(raw.len() + 8);
    if neg {
        out.push('-');
    }
    if int.len() >= min_group && int.bytes().all(|b| b.is_ascii_digit()) {
        for (i, ch) in int.chars().enumerate() {
            if i > 0 && (int.len() - i) % 3 == 0 {
                out.push_str(group);
            }
            out.push(ch);
        }
    } else {
        out.push_str(int);
    }
    if let Some(f) = frac {
        out.push_str(decimal);
        out.push_str(f);
    }
    out
}

/// A figure: qualifier, number and unit, e.g. "more than 5,500 arrests". The qualifier and the
/// unit are printed as written in the fact (they belong to its text); a `%` unit follows the
/// language's spacing.
pub fn format_figure(lang: Lang, figure: &Figure) -> String {
    let number = format_number(lang, figure.value);
    let mut out = String::new();
    if let Some(q) = figure.qualifier.as_deref().filter(|q| !q.is_empty()) {
        out.push_str(q);
        out.push(' ');
    }
    out.push_str(&number);
    let unit = figure.unit.as_str();
    if unit == "%" {
        match lang {
            Lang::Fr | Lang::Es => out.push(NNBSP),
            Lang::En | Lang::Ar => {}
        }
        out.push('%');
    } else if !unit.is_empty() {
        out.push(' ');
        out.push_str(unit);
    }
    out
}

/// Parse a `YYYY-MM-DD` or RFC 3339 value, as the `date` helper accepts it.
pub fn parse_date_value(s: &str) -> Option<(NaiveDate, Option<DateTime<FixedOffset>>)> {
    if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        return Some((dt.date_naive(), Some(dt)));
    }
    crate::library::Date::parse(s).ok().map(|d| (d.0, None))
}

/// The review comment on a merge conflict, in `lang`: the reviewer's wording was kept and the
/// inputs now read `inputs` (empty: the inputs no longer have the passage); `removed` when
/// the reviewer had removed the passage the inputs changed.
pub fn merge_conflict_comment(lang: Lang, inputs: &str, removed: bool) -> String {
    let quoted = match lang {
        Lang::En => format!("\u{201C}{inputs}\u{201D}"),
        Lang::Fr => format!("«\u{A0}{inputs}\u{A0}»"),
        Lang::Es => format!("«{inputs}»"),
        Lang::Ar => format!("«{inputs}»"),
    };
    let (lead, gone, was_removed) = match lang {
        Lang::En => (
            "Inputs changed since this was edited: ",
            "the inputs no longer have this passage",
            "a passage removed in review now reads ",
        ),
        Lang::Fr => (
            "Les données ont changé depuis cette révision\u{A0}: ",
            "les données n’ont plus ce passage",
            "un passage supprimé à la révision se lit maintenant ",
        ),
        Lang::Es => (
            "Los datos cambiaron después de esta revisión: ",
            "los datos ya no tienen este pasaje",
            "un pasaje suprimido en la revisión dice ahora ",
        ),
        Lang::Ar => (
            "تغيّرت المدخلات منذ تعديل هذا النص: ",
            "لم يعد هذا المقطع في المدخلات",
            "مقطع حُذف في المراجعة أصبح نصه ",
        ),
    };
    if inputs.trim().is_empty() {
        format!("{lead}{gone}")
    } else if removed {
        format!("{lead}{was_removed}{quoted}")
    } else {
        format!("{lead}{quoted}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn long_dates() {
        let day = d("2026-12-03");
        assert_eq!(
            format_date(Lang::En, day, DateStyle::Long),
            "3 December 2026"
        );
        assert_eq!(
            format_date(Lang::Fr, day, DateStyle::Long),
            "3 décembre 2026"
        );
        assert_eq!(
            format_date(Lang::Es, day, DateStyle::Long),
            "3 de diciembre de 2026"
        );
        assert_eq!(format_date(Lang::Ar, day, DateStyle::Long), "3 ديسمبر 2026");
        assert_eq!(
            format_date(Lang::Fr, d("2026-05-01"), DateStyle::Long),
            "1er mai 2026"
        );
    }

    #[test]
    fn numbers() {
        assert_eq!(format_number(Lang::En, 1234.5), "1,234.5");
        assert_eq!(format_number(Lang::Fr, 1234.5), "1\u{202F}234,5");
        assert_eq!(format_number(Lang::Es, 1234.0), "1234");
        assert_eq!(format_number(Lang::Es, 12345.0), "12\u{202F}345");
        assert_eq!(format_number(Lang::En, -1234567.0), "-1,234,567");
        assert_eq!(format_number(Lang::Ar, 5500.0), "5,500");
        assert_eq!(format_number(Lang::En, 0.25), "0.25");
    }

    #[test]
    fn figures_keep_their_qualifier() {
        let f = Figure {
            value: 5500.0,
            unit: "arrests".into(),
            qualifier: Some("more than".into()),
        };
        assert_eq!(format_figure(Lang::En, &f), "more than 5,500 arrests");
        let p = Figure {
            value: 45.0,
            unit: "%".into(),
            qualifier: None,
        };
        assert_eq!(format_figure(Lang::Fr, &p), "45\u{202F}%");
        assert_eq!(format_figure(Lang::En, &p), "45%");
    }

    #[test]
    fn embargo() {
        let t = DateTime::parse_from_rfc3339("2026-12-03T10:00:00+01:00").unwrap();
        assert_eq!(
            embargo_line(Lang::En, &t),
            "Embargoed until 3 December 2026, 10:00 (UTC+01:00) — 09:00 UTC"
        );
        let late = DateTime::parse_from_rfc3339("2026-12-03T00:30:00+01:00").unwrap();
        assert_eq!(
            embargo_line(Lang::En, &late),
            "Embargoed until 3 December 2026, 00:30 (UTC+01:00) — 2 December 2026, 23:30 UTC"
        );
        assert!(
            embargo_line(Lang::Fr, &t).starts_with("Sous embargo jusqu’au 3 décembre 2026 à 10")
        );
    }

    #[test]
    fn every_label_has_four_non_empty_texts() {
        for (k, v) in LABELS {
            assert!(v.iter().all(|s| !s.is_empty()), "{k}");
        }
    }

    #[test]
    fn the_place_names_the_city_once() {
        let p = |lang, v: Option<&str>, c: Option<&str>| place(lang, v, c);
        assert_eq!(
            p(Lang::En, Some("General Secretariat, Lyon"), Some("Lyon")).as_deref(),
            Some("General Secretariat, Lyon")
        );
        assert_eq!(
            p(Lang::En, Some("Lyon Convention Centre"), Some("lyon")).as_deref(),
            Some("Lyon Convention Centre")
        );
        assert_eq!(
            p(Lang::En, Some("Centre Lyonnais"), Some("Lyon")).as_deref(),
            Some("Centre Lyonnais, Lyon")
        );
        assert_eq!(
            p(Lang::Ar, Some("مركز المؤتمرات"), Some("الدوحة")).as_deref(),
            Some("مركز المؤتمرات، الدوحة")
        );
        assert_eq!(
            p(Lang::Ar, Some("مركز أبوظبي الوطني للمعارض"), Some("أبوظبي")).as_deref(),
            Some("مركز أبوظبي الوطني للمعارض")
        );
        assert_eq!(p(Lang::Fr, None, Some("Dakar")).as_deref(), Some("Dakar"));
        assert_eq!(p(Lang::Fr, Some("  "), None), None);
    }

    #[test]
    fn every_audience_has_words_and_a_salutation_in_every_language() {
        for (key, words) in AUDIENCES {
            assert!(label(Lang::En, key).is_some(), "{key}");
            for (i, w) in words.iter().enumerate() {
                assert!(!w.is_empty(), "{key} has no words in language {i}");
                // Matching is done on lower-case text.
                assert!(w.iter().all(|w| w.to_lowercase() == *w), "{key}: {w:?}");
            }
        }
        let key = |lang, a| salutation_key(lang, Some(a));
        assert_eq!(key(Lang::En, "Press and media"), "salutation_media");
        assert_eq!(key(Lang::En, "Impressed visitors"), "salutation");
        assert_eq!(
            key(Lang::En, "Ministers and journalists"),
            "salutation_dignitaries"
        );
        assert_eq!(
            key(Lang::Fr, "Chefs d'État et de gouvernement"),
            "salutation_dignitaries"
        );
        assert_eq!(key(Lang::Es, "Periodistas acreditados"), "salutation_media");
        assert_eq!(key(Lang::Ar, "الصحفيون والمراسلون"), "salutation_media");
        assert_eq!(key(Lang::En, "All staff"), "salutation_staff");
        assert_eq!(salutation_key(Lang::En, None), "salutation");
    }
}
