//! How many files a build of the whole site writes, counted from the model before the first one
//! is written, so that its progress bar knows its total from the start. The pages are counted by
//! listing them as the renderer does; the other files by the rules that decide whether they are
//! written. The [`Writer`](crate::output::Writer) checks, when it finishes, that as many were
//! written.

use crate::export::{self, Dataset, Format};
use crate::model::Site;
use crate::render::{self, ThemeError};

/// The number of files of `site`, whose downloads are `datasets`, with `static_files` static
/// files: the static files, every dataset in every format, each objective's page and JSON, the
/// other pages, the search index and the metadata.
pub fn files(site: &Site, datasets: &[Dataset], static_files: usize) -> Result<usize, ThemeError> {
    let objectives: usize = site.plans.iter().map(|plan| plan.objectives.len()).sum();
    let mut pages = 0;
    render::pages::each(site, datasets, &|_| 0, &mut |group| {
        pages += group.len();
        Ok(())
    })?;
    Ok(static_files + Format::ALL.len() * datasets.len() + 2 * objectives + pages + 1 + metadata(site))
}

/// The files of [`export::metadata`]: the data package and `robots.txt`; with a base address,
/// the sitemap, the feed and, when the entity's IPA code is known, the catalogue; with offices,
/// the files of the ANAC art. 13 schema.
fn metadata(site: &Site) -> usize {
    let absolute = !site.config.url_base.is_empty();
    let art13 = if site.offices.is_empty() { 0 } else { export::anac::Art13::ALL.len() };
    2 + art13 + 2 * usize::from(absolute) + usize::from(absolute && site.ipa_code().is_some())
}
