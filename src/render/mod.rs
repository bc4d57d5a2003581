//! The site as HTML pages: every section of the "Amministrazione Trasparente" tree, each plan and
//! one page per objective, rendered with Tera in parallel and handed to the [`Writer`] one by one.
//! A page whose template and context are those it had in the previous build with the same
//! templates ([`Rendered`]) is kept as it is, not rendered again. Pure except for reading the
//! theme; text from data is escaped, HTML from data or Markdown is sanitised.

pub mod charts;
mod fingerprint;
pub mod format;
pub(crate) mod pages;
pub mod progress;
pub mod routes;
pub mod search;
pub mod theme;
pub mod tree;
pub mod views;

use std::collections::HashMap;

use rayon::prelude::*;
use serde::Serialize;

use crate::export::{Dataset, Sizes};
use crate::model::{Scope, Site};
use crate::output::{SitePath, Writer};
use fingerprint::Fingerprinter;

pub use theme::ThemeError;

/// A page to render: its address, its template and what it shows.
pub(crate) struct Page<'a> {
    address: String,
    template: String,
    contents: Box<dyn Contents + 'a>,
    updated: Option<chrono::NaiveDate>,
}

impl<'a> Page<'a> {
    fn new(
        address: String,
        template: &str,
        common: views::Common,
        extra: impl Serialize + Send + Sync + 'a,
    ) -> Result<Page<'a>, ThemeError> {
        let updated = common.updated_on;
        let contents = PageContents { common, extra };
        Ok(Page { address, template: template.to_string(), contents: Box::new(contents), updated })
    }

    /// The fingerprint of the page's template name and context.
    fn fingerprint(&self) -> Result<u128, ThemeError> {
        let mut fingerprinter = Fingerprinter::new();
        fingerprinter
            .add(&self.template)
            .and_then(|()| self.contents.fingerprint(&mut fingerprinter))
            .map_err(|e| ThemeError::Context { address: self.address.clone(), cause: e.to_string() })?;
        Ok(fingerprinter.finish())
    }
}

/// What a page shows, made into Tera's context only when the page is rendered: a page whose
/// fingerprint says it is unchanged costs one serialisation into the hash ([`fingerprint`]).
trait Contents: Send + Sync {
    /// Adds what the page shows to a fingerprint.
    fn fingerprint(&self, into: &mut Fingerprinter) -> Result<(), fingerprint::Refused>;
    /// The context of the page's template.
    fn context(&self) -> tera::Result<tera::Context>;
}

/// The part every page shows (`page` in templates) and the part of its template.
struct PageContents<T> {
    common: views::Common,
    extra: T,
}

impl<T: Serialize + Send + Sync> Contents for PageContents<T> {
    fn fingerprint(&self, into: &mut Fingerprinter) -> Result<(), fingerprint::Refused> {
        into.add(&self.extra)?;
        into.add(&self.common)
    }

    fn context(&self) -> tera::Result<tera::Context> {
        let mut context = tera::Context::from_serialize(&self.extra)?;
        context.insert("page", &self.common);
        Ok(context)
    }
}

/// What each page was rendered from: the fingerprint of the templates, and by address the
/// fingerprint of the page's template name and context; or, for a build that no other follows
/// ([`Rendered::default`]), nothing, since fingerprinting a page costs a serialisation of it.
#[derive(Debug, Default)]
pub struct Rendered {
    remembered: bool,
    templates: u128,
    pages: HashMap<String, u128>,
}

impl Rendered {
    /// Nothing rendered yet, by a build whose pages the next one compares with: the preview's.
    pub fn remembering() -> Rendered {
        Rendered { remembered: true, ..Rendered::default() }
    }
}

pub use crate::address::{Dated, PageList};

/// Renders pages with the `templates` into a `writer`, keeping as they are those that `previous`
/// (the build whose files the writer holds, if any) rendered from the same templates, template
/// name and context.
struct Renderer<'a> {
    templates: &'a theme::Templates,
    previous: &'a Rendered,
    writer: &'a Writer,
}

impl Renderer<'_> {
    /// Renders and writes `page`, or keeps it when the previous build rendered it from the same
    /// templates, name and context; its address and, when builds are remembered, fingerprint.
    fn render(&self, page: &Page) -> Result<(String, Option<u128>), ThemeError> {
        let path = routes::file(&page.address)?;
        let fingerprint = if self.previous.remembered { Some(page.fingerprint()?) } else { None };
        let unchanged = self.previous.templates == self.templates.fingerprint
            && fingerprint.is_some_and(|fingerprint| self.previous.pages.get(&page.address) == Some(&fingerprint));
        if unchanged {
            self.writer.keep(&path);
        } else {
            self.write(page, path)?;
        }
        Ok((page.address.clone(), fingerprint))
    }

    /// Writes `page` into its file `path`. A new file is rendered straight into, never whole in
    /// memory (the page of a plan of 10,000 objectives is over 5 MB); over a previous version, the
    /// page is rendered in memory first, so that the file is rewritten only if its bytes changed.
    /// A template that fails leaves no file, and the previous version as it was.
    fn write(&self, page: &Page, path: SitePath) -> Result<(), ThemeError> {
        if self.writer.holds(&path) {
            self.writer.put(path, page.html(self.templates)?.as_bytes())?;
            return Ok(());
        }
        let context = page.contents.context().map_err(|e| page.failure(&e))?;
        let mut failed = None;
        let written = self.writer.put_streamed(path, |out| {
            self.templates.tera.render_to(&page.template, &context, out).map_err(|error| {
                let cause = std::io::Error::other(theme::error_chain(&error));
                failed = Some(error);
                cause
            })
        });
        match (written, failed) {
            (Ok(_), _) => Ok(()),
            (Err(_), Some(error)) if !matches!(error.kind, tera::ErrorKind::Io(_)) => Err(page.failure(&error)),
            (Err(error), _) => Err(error.into()),
        }
    }
}

impl Page<'_> {
    /// The page rendered with the `templates`.
    fn html(&self, templates: &theme::Templates) -> Result<String, ThemeError> {
        let html = self.contents.context().and_then(|context| templates.tera.render(&self.template, &context));
        html.map_err(|e| self.failure(&e))
    }

    /// The error of a template that fails on the page.
    fn failure(&self, error: &tera::Error) -> ThemeError {
        ThemeError::Render { address: self.address.clone(), cause: theme::error_chain(error) }
    }
}

/// The page of the objective `code` of the plan `plan` of `site`, rendered with the `templates`
/// as a build renders it: where it goes in the site, and its HTML. `None` when there is no such
/// objective.
pub fn objective_page(
    site: &Site,
    templates: &theme::Templates,
    plan: &str,
    code: &str,
) -> Result<Option<(SitePath, String)>, ThemeError> {
    let Some(plan) = site.plans.iter().find(|p| p.id == plan) else { return Ok(None) };
    let Some(objective) = plan.objectives.iter().find(|o| o.code == code) else { return Ok(None) };
    let page = pages::plans::Objectives::of(site, plan)?.page(objective)?;
    Ok(Some((routes::file(&page.address)?, page.html(templates)?)))
}

/// The objectives' pages of a build: each one's address and date, and what those rendered were
/// rendered from.
pub struct ObjectivePages {
    listed: PageList,
    rendered: HashMap<String, u128>,
}

/// Renders the objectives' pages of `scope` with the `templates` into `writer`, keeping the
/// others and those rendered by `previous` from the same templates and context. They come first,
/// before the downloads and the other pages: the page of an objective just edited is the one the
/// preview's reader waits for, and it shows no download's size.
pub fn render_objectives(
    site: &Site,
    templates: &theme::Templates,
    scope: &Scope,
    previous: &Rendered,
    writer: &Writer,
) -> Result<ObjectivePages, ThemeError> {
    let renderer = Renderer { templates, previous, writer };
    let same_templates = previous.templates == templates.fingerprint;
    let mut done = ObjectivePages { listed: PageList::new(), rendered: HashMap::new() };
    for plan in &site.plans {
        let objectives = pages::plans::Objectives::of(site, plan)?;
        let addresses: Vec<(Dated, Option<u128>)> = plan
            .objectives
            .par_iter()
            .map(|objective| {
                if !scope.includes(&plan.id, &objective.code) {
                    let (address, updated) = objectives.address_and_date(objective);
                    writer.keep(&routes::file(&address)?);
                    let fingerprint = previous.pages.get(&address).copied().filter(|_| same_templates);
                    return Ok(((address, updated), fingerprint));
                }
                let page = objectives.page(objective)?;
                let (_, fingerprint) = renderer.render(&page)?;
                Ok(((page.address, page.updated), fingerprint))
            })
            .collect::<Result<_, ThemeError>>()?;
        for ((address, updated), fingerprint) in addresses {
            if let Some(fingerprint) = fingerprint {
                done.rendered.insert(address.clone(), fingerprint);
            }
            done.listed.push((address, updated));
        }
    }
    Ok(done)
}

/// Renders every other page with the `templates` into `writer`, keeping those rendered by
/// `previous` from the same templates, template name and context. `datasets` are the downloads,
/// already written, which the catalogue page lists with their `sizes`. Returns every page's
/// address and date, the `objectives`' too, and what each page was rendered from.
pub fn render_site(
    site: &Site,
    templates: &theme::Templates,
    datasets: &[Dataset],
    sizes: &Sizes,
    previous: &Rendered,
    objectives: ObjectivePages,
    writer: &Writer,
) -> Result<(PageList, Rendered), ThemeError> {
    let renderer = Renderer { templates, previous, writer };
    let mut rendered: HashMap<String, u128> = objectives.rendered;
    let mut listed: PageList = objectives.listed;
    pages::each(site, datasets, &|path| sizes.of(path), &mut |group| {
        let fingerprints: Vec<(String, Option<u128>)> =
            group.par_iter().map(|page| renderer.render(page)).collect::<Result<_, _>>()?;
        rendered.extend(fingerprints.into_iter().filter_map(|(address, fingerprint)| Some((address, fingerprint?))));
        listed.extend(group.into_iter().map(|p| (p.address, p.updated)));
        Ok(())
    })?;
    listed.sort();
    Ok((listed, Rendered { remembered: previous.remembered, templates: templates.fingerprint, pages: rendered }))
}
