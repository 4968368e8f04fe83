//! Batch drafting: many (event, kind) items in parallel on a bounded thread pool. Every item is
//! independent — a failure is recorded and the others go on. Cancellation (Ctrl-C) stops new
//! items from starting; items already running finish their version whole, so nothing is left
//! half-written. Returns data; the caller prints.

use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;

use crate::draft::{draft_in, Options, Outcome, Report};
use crate::error::{Error, Result};
use crate::governance::{errors_for, screen_in, Blocked};
use crate::library::{Event, Id, Kind, Lang, Loaded};
use crate::render::Templates;
use crate::workspace::Workspace;

/// One unit of work.
#[derive(Debug, Clone, Copy)]
pub struct Item<'a> {
    pub event: &'a Loaded<Event>,
    pub kind: Kind,
    /// The event's language or one of its translations (DESIGN.md §12).
    pub lang: Lang,
}

/// What happened to one item.
#[derive(Debug)]
pub struct Done {
    pub event: String,
    pub kind: Kind,
    pub lang: Lang,
    /// The event's main language: its drafts keep the §5 paths.
    pub main: Lang,
    /// `None` when the batch was cancelled before this item started.
    pub result: Option<Result<Drafted>>,
}

/// What the summary of a batch shows of a drafted item: kept instead of the whole `Report`
/// (manifest, paths) so a batch's memory does not grow with the manifests of its drafts.
#[derive(Debug, Clone)]
pub struct Drafted {
    /// The version written, or the unchanged latest one.
    pub version: u32,
    /// Whether `version` was written by this batch.
    pub created: bool,
    pub words: usize,
    pub speaking_seconds: u64,
    /// The draft's language, for speaking times calibrated on its speaker's deliveries.
    pub lang: crate::library::Lang,
    pub not_cleared: bool,
    pub warnings: Vec<String>,
}

impl From<Report> for Drafted {
    fn from(r: Report) -> Drafted {
        let m = r.manifest();
        let (version, created) = match &r.outcome {
            Outcome::Created { version, .. } => (version.number, true),
            Outcome::Unchanged { version, .. } => (*version, false),
        };
        Drafted {
            version,
            created,
            words: m.words,
            speaking_seconds: m.speaking_seconds,
            lang: m.language,
            not_cleared: m.not_cleared,
            warnings: r.warnings,
        }
    }
}

/// Draft every item with `jobs` threads, calling `progress` after each one.
pub fn run(
    ws: &Workspace,
    templates: &Templates,
    items: &[Item<'_>],
    opts: &Options,
    jobs: usize,
    cancel: &AtomicBool,
    progress: &(dyn Fn(&Done) + Sync),
) -> Result<Vec<Done>> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.max(1))
        .thread_name(|i| format!("lectern-batch-{i}"))
        .build()
        .map_err(|e| Error::input(format!("cannot start {jobs} worker threads: {e}")))?;
    // Read the earlier drafts' records before the workers start: built inside the pool, a
    // worker waiting for its own scan could steal another item that needs the records too.
    ws.recorded();
    Ok(pool.install(|| {
        // Governance once per event and language, so a problem shared by its kinds is one
        // error (copied to each kind it stops, for the summary to group).
        // Each language of an event is screened on its own: text missing in one language
        // stops only that language's drafts.
        let mut events: Vec<(&Loaded<Event>, Lang, Vec<Kind>)> = Vec::new();
        for item in items {
            match events
                .iter_mut()
                .find(|(e, l, _)| e.item.id == item.event.item.id && *l == item.lang)
            {
                Some((_, _, kinds)) => kinds.push(item.kind),
                None => events.push((item.event, item.lang, vec![item.kind])),
            }
        }
        let screened: Vec<(&Id, Lang, Vec<Blocked>)> = events
            .par_iter()
            .map(|(e, lang, kinds)| {
                (
                    &e.item.id,
                    *lang,
                    screen_in(ws, e, kinds, *lang, opts.policy()),
                )
            })
            .collect();
        items
            .par_iter()
            .map(|item| {
                let blocked = screened
                    .iter()
                    .find(|(id, l, _)| **id == item.event.item.id && *l == item.lang)
                    .and_then(|(_, _, b)| errors_for(b, item.kind).into_iter().next());
                let result = (!cancel.load(Ordering::SeqCst)).then(|| match blocked {
                    Some(e) => Err(e),
                    None => draft_in(ws, templates, item.event, item.kind, item.lang, opts)
                        .map(Drafted::from),
                });
                let done = Done {
                    event: item.event.item.id.to_string(),
                    kind: item.kind,
                    lang: item.lang,
                    main: item.event.item.language,
                    result,
                };
                progress(&done);
                done
            })
            .collect()
    }))
}
