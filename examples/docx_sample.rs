//! Writes sample DOCX drafts of every kind in English, French and Arabic, built by hand to
//! resemble real drafts (title block, headings, bullets, a numbered list, a quote, footnotes
//! with sources, a review comment, ~800 words), for validation with
//! `shared/tools/docx-schema-check`, `docx-preview`, python-docx and pandoc.
//!
//! Usage: cargo run --example docx_sample [OUTDIR]          (default target/docx-samples)
//!        cargo run --release --example docx_sample -- --bench [N]

use std::time::Instant;

use chrono::{TimeZone, Utc};
use lectern::document::{Block, BlockKind, Comment, Document, Footnote, Inline, Style};
use lectern::docx::{self, DocMeta};
use lectern::library::{Clearance, Kind, Lang};

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--bench") {
        let n: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(2000);
        return bench(n);
    }
    let out = args
        .first()
        .cloned()
        .unwrap_or_else(|| "target/docx-samples".into());
    std::fs::create_dir_all(&out)?;
    for lang in [Lang::En, Lang::Fr, Lang::Ar] {
        for kind in Kind::ALL {
            let doc = sample(kind, lang);
            let bytes = docx::write(&doc, &meta(kind, lang, &doc))?;
            let path = format!("{out}/{}-{}.docx", kind.name(), lang.code());
            std::fs::write(&path, &bytes)?;
            let words: usize = doc.paragraphs().map(|p| p.split_whitespace().count()).sum();
            println!("{path}\t{} bytes\t{words} words", bytes.len());
        }
    }
    Ok(())
}

fn bench(n: usize) -> anyhow::Result<()> {
    let doc = sample(Kind::Speech, Lang::En);
    let m = meta(Kind::Speech, Lang::En, &doc);
    let words: usize = doc.paragraphs().map(|p| p.split_whitespace().count()).sum();
    let mut size = 0;
    for _ in 0..50 {
        size = docx::write(&doc, &m)?.len();
    }
    let t = Instant::now();
    for _ in 0..n {
        size = docx::write(&doc, &m)?.len();
    }
    let per = t.elapsed().as_secs_f64() / n as f64;
    println!(
        "speech-en: {words} words, {size} bytes, {:.1} µs per document ({:.0} docs/s on one thread)",
        per * 1e6,
        1.0 / per
    );
    Ok(())
}

fn meta(kind: Kind, lang: Lang, doc: &Document) -> DocMeta {
    let (page, of, draft, embargo, not_cleared) = match lang {
        Lang::Fr => (
            "Page",
            "sur",
            "PROJET · Version 3 · PUBLIC",
            "Sous embargo jusqu’au 3 décembre 2026, 10 h 00 HEC",
            "NON VALIDÉ — deux chiffres attendent la validation du service juridique",
        ),
        Lang::Ar => (
            "الصفحة",
            "من",
            "مسودة · الإصدار 3 · عام",
            "محظور النشر حتى 3 كانون الأول/ديسمبر 2026، الساعة 10:00 بتوقيت وسط أوروبا",
            "غير مُجاز — رقمان بانتظار موافقة الشؤون القانونية",
        ),
        _ => (
            "Page",
            "of",
            "DRAFT · Version 3 · PUBLIC",
            "Embargoed until 3 December 2026, 10:00 CET",
            "NOT CLEARED — two figures await Legal Affairs clearance",
        ),
    };
    DocMeta {
        company: String::new(),
        title: doc.title().unwrap_or_default(),
        author: "Communications Office <press> & Media".into(),
        created: Utc
            .with_ymd_and_hms(2026, 11, 20, 9, 30, 0)
            .single()
            .expect("valid date"),
        lang,
        kind,
        event_id: "sg-cyber-2026".into(),
        version: 3,
        clearance: Clearance::Public,
        header: vec![draft.into(), embargo.into()],
        not_cleared: (kind != Kind::Blog).then(|| not_cleared.into()),
        footer: format!("sg-cyber-2026 · {} · v3", kind.name()),
        page_word: page.into(),
        of_word: of.into(),
        marks: lectern::docx::Marks::default(),
    }
}

fn t(s: &str) -> Inline {
    Inline::text(s)
}

fn styled(s: &str, bold: bool, italic: bool, code: bool) -> Inline {
    Inline::Text {
        text: s.into(),
        style: Style {
            bold,
            italic,
            code,
            ..Style::default()
        },
        link: None,
    }
}

fn link(s: &str, url: &str) -> Inline {
    Inline::Text {
        text: s.into(),
        style: Style::default(),
        link: Some(url.into()),
    }
}

fn b(kind: BlockKind, inlines: Vec<Inline>) -> Block {
    Block::new(kind, inlines)
}

fn para(s: &str) -> Block {
    b(BlockKind::Paragraph, vec![t(s)])
}

/// The texts of one language.
struct Texts {
    title: &'static str,
    subtitle: &'static str,
    headings: [&'static str; 4],
    opening: &'static str,
    fact_before: &'static str,
    fact_after: &'static str,
    commented: &'static str,
    comment: &'static str,
    body: [&'static str; 6],
    bullets: [&'static str; 4],
    steps: [&'static str; 3],
    quote: &'static str,
    closing: &'static str,
    sources: [&'static str; 2],
    link_text: &'static str,
    extra: [&'static str; 3],
}

fn texts(lang: Lang) -> Texts {
    match lang {
        Lang::Fr => Texts {
            title: "Coopérer plus vite que les criminels : la réponse mondiale à la cybercriminalité",
            subtitle: "Allocution du Secrétaire général · Sommet sur la cybercriminalité · Singapour, 3 décembre 2026",
            headings: ["Ce que nous avons accompli", "Ce que nous demandons", "Prochaines étapes", "Conclusion"],
            opening: "Mesdames et Messieurs les ministres, chers collègues, merci d’être ici. La cybercriminalité ne connaît pas de frontières ; notre réponse ne doit pas en connaître non plus. Chaque jour, des familles perdent leurs économies, des hôpitaux sont paralysés et des entreprises ferment leurs portes. Ces victimes attendent de nous une chose simple : que nous travaillions ensemble, et vite !",
            fact_before: "L’an dernier, l’opération HAECHI a permis de saisir plus de 400 000 000 USD",
            fact_after: " d’avoirs illicites dans 40 pays. Ce résultat n’est pas un hasard : il est le fruit d’échanges d’informations en temps réel.",
            commented: "Nous avons formé 1 250 enquêteurs en 2026",
            comment: "Chiffre à confirmer par la Direction de la formation avant diffusion.",
            body: [
                "Le Centre de lutte contre la cybercriminalité a traité plus de demandes que jamais. Nos équipes ont aidé les pays membres à remonter des réseaux de rançongiciels, à bloquer des paiements frauduleux et à identifier des victimes qui ignoraient encore qu’elles l’étaient.",
                "Mais les criminels s’adaptent. Ils utilisent l’intelligence artificielle pour rédiger des messages d’hameçonnage parfaits, dans toutes les langues. Ils louent leurs outils comme un service. Ils déplacent les fonds en quelques minutes, d’un continent à l’autre.",
                "Face à cela, la question n’est pas de savoir si nous devons coopérer, mais comment coopérer plus vite. Une demande d’entraide qui prend six mois arrive trop tard ; un signalement partagé en six minutes peut sauver des vies.",
                "Je veux être clair : aucun pays, aucune agence, aucune entreprise ne peut gagner seul ce combat. Le secteur privé détient une grande partie des données ; les forces de l’ordre détiennent les pouvoirs d’enquête. Nous devons réunir les deux, dans le respect du droit et des droits fondamentaux.",
                "C’est pourquoi nous lançons aujourd’hui un nouveau cadre de partenariat avec les fournisseurs de services. Il fixe des règles claires : qui partage quoi, dans quel délai, et sous quel contrôle.",
                "Nous mesurerons nos progrès de façon transparente. Chaque année, nous publierons le nombre de demandes traitées, le délai moyen de réponse et les montants restitués aux victimes.",
            ],
            bullets: [
                "désigner un point de contact joignable 24 heures sur 24, 7 jours sur 7 ;",
                "raccourcir les délais de réponse aux demandes urgentes : moins de 24 heures ;",
                "partager les indicateurs de compromission dans un format commun ;",
                "investir dans la formation des enquêteurs et des procureurs.",
            ],
            steps: [
                "Dès janvier : ouverture du guichet unique pour les demandes urgentes.",
                "Au premier semestre : premiers accords avec les fournisseurs de services.",
                "Fin 2027 : bilan public devant l’Assemblée générale.",
            ],
            quote: "« La sécurité de chacun dépend de la coopération de tous. »",
            closing: "Mesdames et Messieurs, les criminels ont compris depuis longtemps la puissance des réseaux. À nous de construire le nôtre : plus rapide, plus fiable, plus humain. Je vous remercie.",
            sources: [
                "INTERPOL, « Opération HAECHI V : bilan », communiqué de presse, 12 juin 2026, ",
                "INTERPOL, Rapport d’évaluation mondial de la cybercriminalité 2026, p. 14.",
            ],
            link_text: "https://www.interpol.int/fr/Actualites-et-evenements",
            extra: [
                "Pensons à une petite entreprise de Lyon, de Dakar ou de Montréal. Un matin, ses fichiers sont chiffrés et une demande de rançon s’affiche à l’écran. Le dirigeant appelle la police locale. Ce qui se passe ensuite dépend de nous tous : de la rapidité avec laquelle l’information circule, de la confiance entre services, et de la capacité à suivre l’argent au-delà des frontières.",
                "Dans trop de cas aujourd’hui, l’enquête s’arrête à la frontière. Les preuves numériques disparaissent, les comptes sont vidés, les auteurs changent d’identité. Ce n’est pas une fatalité. Là où les équipes se connaissent, où les procédures sont prêtes et où les outils sont partagés, les résultats suivent — et ils sont spectaculaires.",
                "Nous avons aussi appris de nos erreurs. Les échanges doivent être protégés, les données personnelles respectées, et chaque demande justifiée. La confiance du public est notre premier capital : sans elle, aucune coopération ne dure. C’est pourquoi le cadre que nous proposons prévoit des garanties claires et un contrôle indépendant.",
            ],
        },
        Lang::Ar => Texts {
            title: "التعاون أسرع من المجرمين: الاستجابة العالمية للجريمة السيبرية",
            subtitle: "كلمة الأمين العام · قمة الجريمة السيبرية · سنغافورة، 3 كانون الأول/ديسمبر 2026",
            headings: ["ما حققناه", "ما نطلبه", "الخطوات المقبلة", "الخاتمة"],
            opening: "أصحاب المعالي الوزراء، الزملاء الأعزاء، شكراً لحضوركم. الجريمة السيبرية لا تعرف حدوداً، ويجب ألا تعرف استجابتنا حدوداً أيضاً. في كل يوم تفقد أسر مدخراتها، وتتعطل مستشفيات، وتغلق شركات أبوابها. وينتظر منا الضحايا أمراً بسيطاً: أن نعمل معاً، وبسرعة.",
            fact_before: "في العام الماضي، أتاحت عملية HAECHI ضبط أكثر من 400 مليون دولار أمريكي",
            fact_after: " من الأصول غير المشروعة في 40 بلداً. ولم تكن هذه النتيجة مصادفة، بل ثمرة تبادل المعلومات في الوقت الحقيقي عبر منظومة I-24/7.",
            commented: "دربنا 1250 محققاً في عام 2026",
            comment: "رقم ينتظر تأكيد مديرية التدريب قبل النشر.",
            body: [
                "عالج مركز مكافحة الجريمة السيبرية عدداً غير مسبوق من الطلبات. وساعدت فرقنا البلدان الأعضاء على تتبع شبكات برمجيات الفدية، ووقف المدفوعات الاحتيالية، والتعرف على ضحايا لم يكونوا يعلمون بعد أنهم ضحايا.",
                "لكن المجرمين يتكيفون. فهم يستخدمون الذكاء الاصطناعي لكتابة رسائل تصيّد متقنة بكل اللغات، ويؤجرون أدواتهم كخدمة، وينقلون الأموال في دقائق من قارة إلى أخرى.",
                "وأمام ذلك، لا يكمن السؤال في ما إذا كان علينا أن نتعاون، بل في كيفية التعاون بشكل أسرع. فطلب المساعدة الذي يستغرق ستة أشهر يصل متأخراً، أما البلاغ الذي يُتبادل في ست دقائق فقد ينقذ أرواحاً.",
                "أريد أن أكون واضحاً: لا يستطيع أي بلد أو جهاز أو شركة أن يكسب هذه المعركة وحده. فالقطاع الخاص يملك جزءاً كبيراً من البيانات، وأجهزة إنفاذ القانون تملك صلاحيات التحقيق، وعلينا أن نجمع بين الطرفين في إطار احترام القانون والحقوق الأساسية.",
                "لهذا نطلق اليوم إطاراً جديداً للشراكة مع مقدمي الخدمات، يحدد قواعد واضحة: من يتبادل ماذا، وفي أي مهلة، وتحت أي رقابة.",
                "وسنقيس تقدمنا بشفافية. ففي كل عام سننشر عدد الطلبات المعالجة، ومتوسط مدة الاستجابة، والمبالغ المعادة إلى الضحايا.",
            ],
            bullets: [
                "تعيين جهة اتصال متاحة على مدار الساعة طوال أيام الأسبوع؛",
                "تقليص مهلة الرد على الطلبات العاجلة إلى أقل من 24 ساعة؛",
                "تبادل مؤشرات الاختراق بصيغة مشتركة مثل STIX؛",
                "الاستثمار في تدريب المحققين والمدعين العامين.",
            ],
            steps: [
                "اعتباراً من كانون الثاني/يناير: فتح نافذة موحدة للطلبات العاجلة.",
                "في النصف الأول من العام: أولى الاتفاقات مع مقدمي الخدمات.",
                "نهاية عام 2027: تقييم علني أمام الجمعية العامة.",
            ],
            quote: "«أمن كل واحد منا يتوقف على تعاون الجميع».",
            closing: "السيدات والسادة، لقد أدرك المجرمون منذ زمن بعيد قوة الشبكات. وعلينا أن نبني شبكتنا: أسرع، وأكثر موثوقية، وأكثر إنسانية. شكراً لكم.",
            sources: [
                "الإنتربول، «عملية HAECHI V: الحصيلة»، بيان صحفي، 12 حزيران/يونيو 2026، ",
                "الإنتربول، التقييم العالمي للجريمة السيبرية 2026، ص. 14.",
            ],
            link_text: "https://www.interpol.int/ar/News-and-Events",
            extra: [
                "لنفكر في شركة صغيرة في عمّان أو الدار البيضاء أو دبي. في صباح أحد الأيام تُشفَّر ملفاتها ويظهر على الشاشة طلب فدية. يتصل المدير بالشرطة المحلية. وما يحدث بعد ذلك يتوقف علينا جميعاً: على سرعة تدفق المعلومات، وعلى الثقة بين الأجهزة، وعلى القدرة على تتبع الأموال عبر الحدود.",
                "في حالات كثيرة اليوم يتوقف التحقيق عند الحدود. فالأدلة الرقمية تختفي، والحسابات تُفرغ، والجناة يغيرون هوياتهم. وليس هذا قدراً محتوماً. فحيث تعرف الفرق بعضها بعضاً، وتكون الإجراءات جاهزة، والأدوات مشتركة، تأتي النتائج، وتكون لافتة.",
                "وقد تعلمنا أيضاً من أخطائنا. يجب أن تكون عمليات التبادل محمية، وأن تُحترم البيانات الشخصية، وأن يكون لكل طلب ما يبرره. فثقة الجمهور هي رأس مالنا الأول، ومن دونها لا يدوم أي تعاون. ولهذا ينص الإطار الذي نقترحه على ضمانات واضحة ورقابة مستقلة وفق معايير GDPR وما يماثلها.",
            ],
        },
        _ => Texts {
            title: "Faster than the criminals: a global answer to cybercrime",
            subtitle: "Remarks by the Secretary General · Cybercrime Summit · Singapore, 3 December 2026",
            headings: ["What we have achieved", "What we ask of you", "Next steps", "Closing"],
            opening: "Ministers, colleagues, friends: thank you for being here. Cybercrime knows no borders, and neither can our response. Every day, families lose their savings, hospitals are locked out of their systems and small businesses close their doors. The victims expect one simple thing from us: that we work together, and that we work fast.",
            fact_before: "Last year, Operation HAECHI seized more than USD 400 million",
            fact_after: " in illicit assets across 40 countries. That result was no accident: it came from police officers sharing information in real time, through I-24/7, across time zones and legal systems.",
            commented: "We trained 1,250 investigators in 2026",
            comment: "Figure to be confirmed by the Training Directorate before release.",
            body: [
                "Our Cybercrime Directorate handled more requests this year than ever before. Our teams helped member countries trace ransomware networks, stop fraudulent payments mid-flight and identify victims who did not yet know they were victims.",
                "But criminals adapt. They use artificial intelligence to write flawless phishing messages in every language. They rent out their tools as a service. They move money in minutes, from one continent to another, through layers of mule accounts and crypto-assets.",
                "So the question is not whether we cooperate, but how to cooperate faster. A request for mutual legal assistance that takes six months arrives too late; an alert shared in six minutes can save a company, a hospital, a life.",
                "Let me be clear: no country, no agency and no company can win this alone. The private sector holds much of the data; law enforcement holds the powers of investigation. We must bring the two together, within the law and with full respect for fundamental rights.",
                "That is why today we are launching a new partnership framework with service providers. It sets out clear rules: who shares what, within which deadline, and under whose oversight.",
                "And we will measure our progress in the open. Every year we will publish the number of requests handled, the average response time and the amounts returned to victims.",
            ],
            bullets: [
                "name a point of contact who can be reached 24 hours a day, 7 days a week;",
                "answer urgent requests in under 24 hours;",
                "share indicators of compromise in a common format such as STIX;",
                "invest in training for investigators and prosecutors.",
            ],
            steps: [
                "From January: a single window for urgent requests opens.",
                "In the first half of the year: the first agreements with service providers.",
                "End of 2027: a public review before the General Assembly.",
            ],
            quote: "“The safety of each of us depends on the cooperation of all of us.”",
            closing: "Ladies and gentlemen, criminals understood the power of networks long ago. It is our turn to build ours: faster, more reliable and more human. Thank you.",
            sources: [
                "INTERPOL, “Operation HAECHI V: results”, press release, 12 June 2026, ",
                "INTERPOL, Global Cybercrime Assessment 2026, p. 14.",
            ],
            link_text: "https://www.interpol.int/en/News-and-Events",
            extra: [
                "Think of a small business in Lyon, Nairobi or Montreal. One morning its files are encrypted and a ransom demand appears on every screen. The owner calls the local police. What happens next depends on all of us: on how fast the information travels, on the trust between our services, and on our ability to follow the money across borders.",
                "Too often today, the investigation stops at the border. Digital evidence disappears, accounts are emptied, offenders change identities. This is not inevitable. Where teams know each other, where procedures are ready and where tools are shared, results follow, and they are remarkable.",
                "We have also learned from our mistakes. Exchanges must be protected, personal data respected and every request justified. Public trust is our first asset: without it, no cooperation lasts. That is why the framework we propose includes clear safeguards and independent oversight.",
            ],
        },
    }
}

/// A hand-built draft of `kind` in `lang`, shaped like the templates' output.
fn sample(kind: Kind, lang: Lang) -> Document {
    let x = texts(lang);
    let mut blocks = vec![
        b(BlockKind::Title, vec![t(x.title)]),
        b(
            BlockKind::Paragraph,
            vec![styled(x.subtitle, false, true, false)],
        ),
        para(x.opening),
        b(BlockKind::Heading(1), vec![t(x.headings[0])]),
        b(
            BlockKind::Paragraph,
            vec![t(x.fact_before), Inline::FootnoteRef(0), t(x.fact_after)],
        ),
        b(
            BlockKind::Paragraph,
            vec![
                Inline::CommentStart(0),
                styled(x.commented, true, false, false),
                t(". "),
                t(x.body[0]),
            ],
        ),
        b(
            BlockKind::Paragraph,
            vec![t(x.body[1]), Inline::CommentEnd(0)],
        ),
        para(x.body[2]),
        para(x.extra[0]),
        para(x.extra[1]),
        b(BlockKind::Heading(1), vec![t(x.headings[1])]),
        para(x.body[3]),
    ];
    blocks.extend(
        x.bullets
            .iter()
            .map(|s| b(BlockKind::Bullet { level: 0 }, vec![t(s)])),
    );
    blocks.push(b(
        BlockKind::Bullet { level: 1 },
        vec![
            styled("STIX 2.1", false, false, true),
            t(" / TAXII"),
            Inline::FootnoteRef(1),
        ],
    ));
    blocks.push(para(x.body[4]));
    blocks.push(para(x.extra[2]));
    blocks.push(b(BlockKind::Quote, vec![t(x.quote)]));
    if kind != Kind::Speech {
        blocks.push(b(BlockKind::Heading(2), vec![t(x.headings[2])]));
    } else {
        blocks.push(b(BlockKind::Heading(1), vec![t(x.headings[2])]));
    }
    blocks.extend(
        x.steps
            .iter()
            .map(|s| b(BlockKind::Numbered { level: 0, list: 1 }, vec![t(s)])),
    );
    blocks.push(para(x.body[5]));
    if kind == Kind::BriefingNote || kind == Kind::PressBriefing {
        blocks.push(b(BlockKind::Heading(3), vec![t(x.headings[3])]));
        blocks.extend(
            x.bullets[..2]
                .iter()
                .map(|s| b(BlockKind::Numbered { level: 0, list: 2 }, vec![t(s)])),
        );
    }
    if kind == Kind::Speech {
        blocks.push(b(BlockKind::PageBreak, vec![]));
    }
    blocks.push(b(BlockKind::Heading(1), vec![t(x.headings[3])]));
    blocks.push(b(
        BlockKind::Paragraph,
        vec![
            t(x.body[0]),
            Inline::LineBreak,
            styled(x.body[2], false, true, false),
        ],
    ));
    blocks.push(para(x.body[3]));
    blocks.push(para(x.closing));
    blocks.push(b(
        BlockKind::Paragraph,
        vec![
            link(x.link_text, x.link_text),
            Inline::Tab,
            t("#SGCyber2026"),
        ],
    ));
    Document {
        blocks,
        footnotes: vec![
            Footnote {
                label: "src-fact-haechi-v".into(),
                inlines: vec![t(x.sources[0]), link("interpol.int", "https://www.interpol.int/News-and-Events/News/2026/HAECHI-V?lang=en&src=press")],
            },
            Footnote {
                label: "src-fact-gca".into(),
                inlines: vec![t(x.sources[1])],
            },
        ],
        comments: vec![Comment {
            author: "Legal Affairs <LA> & Co".into(),
            text: x.comment.into(),
        }],
    }
}
