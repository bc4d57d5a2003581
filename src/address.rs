//! Every address of the site in one place, for the renderer that writes the pages and for the
//! model that checks that no two sources get the same one. Addresses are Italian, lowercase, built
//! from codes and plan folders checked by the model; a page's address ends with `/` (the file is
//! `index.html` inside).

/// Folder of the "Amministrazione Trasparente" tree.
pub const TREE_ROOT: &str = "amministrazione-trasparente";

/// The section of the tree where plans and their objectives are published.
pub const PLAN_SECTION: &str = "performance/piano-della-performance";

/// Folder under `dati/` of the downloads that hold the rows of every plan together, each row with
/// its plan: not a name a plan folder can take.
pub const ALL_PLANS: &str = "tutti-i-piani";

/// A page's address and the date of last update of its data.
pub type Dated = (String, Option<chrono::NaiveDate>);

/// Every page's address and the date of last update of its data, sorted by address.
pub type PageList = Vec<Dated>;

/// Address of a section of the tree (`amministrazione-trasparente/performance/`).
pub fn section(slug: &str) -> String {
    format!("{TREE_ROOT}/{slug}/")
}

/// Address of a plan's page.
pub fn plan(plan: &str) -> String {
    format!("{TREE_ROOT}/{PLAN_SECTION}/{plan}/")
}

/// The section of the tree where the annual performance reports are published.
pub const REPORT_SECTION: &str = "performance/relazione-sulla-performance";

/// Address of the annual performance report of `year` of a plan.
pub fn report(plan: &str, year: i32) -> String {
    format!("{TREE_ROOT}/{REPORT_SECTION}/{plan}/{year}/")
}

/// Address of an objective's page.
pub fn objective(plan_id: &str, code: &str) -> String {
    format!("{}obiettivi/{code}/", plan(plan_id))
}

/// Address of a plan's index page of `kind` (`aree`, `strutture`, `scadenze`, `stakeholder`,
/// `etichette`, `obiettivi-strategici`, `sezioni`), or of one entry of it when `key` is given.
pub fn plan_index(plan_id: &str, kind: &str, key: Option<&str>) -> String {
    match key {
        Some(key) => format!("{}{kind}/{key}/", plan(plan_id)),
        None => format!("{}{kind}/", plan(plan_id)),
    }
}

/// The section of the tree where deliberations are published.
pub const DELIBERATIONS_SECTION: &str = "provvedimenti/provvedimenti-organi-indirizzo-politico";

/// Address of a deliberation's page (`…/provvedimenti-organi-indirizzo-politico/cda-2026-21/`).
pub fn deliberation(organ: &str, number: &str, year: i32) -> String {
    format!("{TREE_ROOT}/{DELIBERATIONS_SECTION}/{}-{year}-{}/", slug(organ), slug(number))
}

/// The section of the tree where the offices are published, with the ANAC art. 13 files.
pub const OFFICES_SECTION: &str = "organizzazione/articolazione-degli-uffici";

/// Address of a file of the ANAC art. 13 schema (delibera ANAC 495/2024) named as ANAC prescribes,
/// `art.13-<id>-AAAAMMGG-AAAAMMGG.<extension>` with the dates of first publication and last
/// change, in the section of the offices; without dates (`art.13-<id>.<extension>`) when the data
/// has none.
pub fn art13(id: &str, dates: Option<(chrono::NaiveDate, chrono::NaiveDate)>, extension: &str) -> String {
    let dates = dates
        .map_or_else(String::new, |(first, last)| format!("-{}-{}", first.format("%Y%m%d"), last.format("%Y%m%d")));
    format!("{TREE_ROOT}/{OFFICES_SECTION}/art.13-{id}{dates}.{extension}")
}

/// Address of the RSS feed of deliberations.
pub const FEED: &str = "delibere.xml";

/// A lowercase ASCII slug of free text (stakeholders, tags, page names): `Comuni consorziati` →
/// `comuni-consorziati`, `Città/Enti` → `citta-enti`. Never empty, never `.` or `..`.
pub fn slug(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'à' | 'á' | 'â' | 'ä' => 'a',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ò' | 'ó' | 'ô' | 'ö' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    slug.truncate(80);
    if slug.is_empty() { "voce".to_string() } else { slug.trim_end_matches('-').to_string() }
}

/// Address of the Frictionless data package.
pub const DATAPACKAGE: &str = "dati/datapackage.json";

/// Address of the DCAT-AP_IT catalogue.
pub const CATALOGUE: &str = "dati/catalogo.jsonld";

/// Address of the sitemap (written when the site has a base address).
pub const SITEMAP: &str = "sitemap.xml";

/// Address of the instructions for search engines.
pub const ROBOTS: &str = "robots.txt";

/// Address of the privacy notice, a standard page that a page of `content/` may replace.
pub const PRIVACY: &str = "privacy/";

/// Address of the accessibility statement, a standard page that a page of `content/` may replace.
pub const ACCESSIBILITY: &str = "dichiarazione-di-accessibilita/";

/// The section of the tree where the catalogue of the open data is published.
pub const CATALOGUE_SECTION: &str = "altri-contenuti/accessibilita-e-catalogo-dei-dati-metadati-e-banche-dati/catalogo-dei-dati-metadati-e-delle-banche-dati";

/// Address of the search page.
pub const SEARCH: &str = "ricerca/";

/// The search index, a script that the search page loads (also from a folder on disk, where a
/// page cannot fetch a JSON file).
pub const SEARCH_INDEX: &str = "ricerca/indice.js";

/// Address of the legal notes (the licence of the data and texts), a standard page that a page
/// of `content/` may replace.
pub const LEGAL_NOTES: &str = "note-legali/";

/// Address of the site map.
pub const SITE_MAP: &str = "mappa-del-sito/";

/// The page a web server shows for an address that does not exist. It is a file, not a folder:
/// its links start from the site's root, since it is shown at any depth.
pub const NOT_FOUND: &str = "404.html";

/// The standard pages of every site.
pub const STANDARD_PAGES: [&str; 3] = [PRIVACY, ACCESSIBILITY, LEGAL_NOTES];

/// The files at fixed addresses: the home page, the feed, the sitemap, `robots.txt`, the data
/// package with the catalogue, the search page and its index, the site map and the page of
/// addresses that do not exist.
pub const FIXED_FILES: [&str; 10] = [
    "index.html",
    NOT_FOUND,
    FEED,
    SITEMAP,
    ROBOTS,
    DATAPACKAGE,
    CATALOGUE,
    "ricerca/index.html",
    SEARCH_INDEX,
    "mappa-del-sito/index.html",
];

/// Address of the JSON of one objective (`dati/piao-2025-2027/obiettivi/1.json`).
pub fn objective_json(plan: &str, code: &str) -> String {
    format!("dati/{plan}/obiettivi/{code}.json")
}

/// Address of the download of the table `stem` of the plan `folder` (site-wide when empty) in
/// the format `extension` (`dati/piao-2025-2027/obiettivi.csv`, `dati/delibere.json`).
pub fn download(folder: &str, stem: &str, extension: &str) -> String {
    if folder.is_empty() { format!("dati/{stem}.{extension}") } else { format!("dati/{folder}/{stem}.{extension}") }
}

/// Address of the free page of `content/` at `path` (`content/privacy.md` → `privacy/`), or
/// `None` for a page that is not a free page: the tree's and the plans' pages, the home page's.
pub fn free_page(path: &str) -> Option<String> {
    let relative = path.strip_prefix("content/").and_then(|p| p.strip_suffix(".md"))?;
    if relative.starts_with("amministrazione-trasparente/") || relative.starts_with("piani/") || relative == "_index" {
        return None;
    }
    let relative = relative.strip_suffix("/_index").unwrap_or(relative);
    Some(relative.split('/').map(|segment| format!("{}/", slug(segment))).collect())
}

/// Address of the plan section of `content/` at `path` (`content/piani/<plan>/01-premessa.md` →
/// `…/<plan>/sezioni/01-premessa/`), or `None` when it is not a section of the plan `plan`.
pub fn plan_section(plan: &str, path: &str) -> Option<String> {
    let stem = path.strip_prefix("content/piani/")?.strip_prefix(plan)?.strip_prefix('/')?.trim_end_matches(".md");
    (!stem.contains('/')).then(|| plan_index(plan, "sezioni", Some(&slug(stem))))
}

/// Address of the page that shows the page of `content/` at `path`, whichever kind it is: a page
/// of the tree or the home page (shown in place of their placeholder), a section of one of the
/// `plans`, or a free page.
pub fn content_page<'a>(plans: impl IntoIterator<Item = &'a str>, path: &str) -> Option<String> {
    let relative = path.strip_prefix("content/")?.strip_suffix(".md")?;
    let relative = relative.strip_suffix("_index").unwrap_or(relative);
    if relative.is_empty() {
        return Some(String::new());
    }
    if relative.starts_with(TREE_ROOT) {
        return Some(format!("{}/", relative.trim_end_matches('/')));
    }
    free_page(path).or_else(|| plans.into_iter().find_map(|plan| plan_section(plan, path)))
}

/// True for a path segment that cannot name a folder everywhere the site is copied: `index.html`
/// (the file of every page), the device names of Windows (`CON`, `PRN`, `AUX`, `NUL`, `COM1`–`COM9`,
/// `LPT1`–`LPT9`, in any case and with any extension) and a name ending with a dot (which Windows
/// drops).
pub fn is_reserved_segment(segment: &str) -> bool {
    let lower = segment.to_ascii_lowercase();
    let stem = lower.split('.').next().unwrap_or("");
    let numbered = |prefix: &str| {
        stem.strip_prefix(prefix).is_some_and(|n| n.len() == 1 && n.as_bytes()[0].is_ascii_digit() && n != "0")
    };
    lower == "index.html"
        || segment.ends_with('.')
        || matches!(stem, "con" | "prn" | "aux" | "nul")
        || numbered("com")
        || numbered("lpt")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_plain_ascii() {
        assert_eq!(slug("Comuni consorziati"), "comuni-consorziati");
        assert_eq!(slug("Cittadini/Famiglie da accompagnare"), "cittadini-famiglie-da-accompagnare");
        assert_eq!(slug("Università di Padova"), "universita-di-padova");
        assert_eq!(slug("../.."), "voce");
        assert_eq!(slug("  PNRR  "), "pnrr");
        assert_eq!(
            plan_index("p", "aree", Some("1")),
            "amministrazione-trasparente/performance/piano-della-performance/p/aree/1/"
        );
    }

    #[test]
    fn every_page_of_content_has_the_address_of_the_page_that_shows_it() {
        let plans = ["piao-2025-2027"];
        assert_eq!(content_page(plans, "content/_index.md").as_deref(), Some(""));
        assert_eq!(
            content_page(plans, "content/amministrazione-trasparente/personale/_index.md").as_deref(),
            Some("amministrazione-trasparente/personale/")
        );
        assert_eq!(
            content_page(plans, "content/amministrazione-trasparente/personale.md").as_deref(),
            Some("amministrazione-trasparente/personale/")
        );
        assert_eq!(content_page(plans, "content/privacy.md").as_deref(), Some("privacy/"));
        assert_eq!(
            content_page(plans, "content/piani/piao-2025-2027/01-premessa.md").as_deref(),
            Some("amministrazione-trasparente/performance/piano-della-performance/piao-2025-2027/sezioni/01-premessa/")
        );
        assert_eq!(content_page(plans, "content/piani/altro/01.md"), None);
    }

    #[test]
    fn art13_files_are_named_by_their_dates() {
        let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(
            art13("op", Some((day(2025, 1, 2), day(2026, 3, 25))), "csv"),
            "amministrazione-trasparente/organizzazione/articolazione-degli-uffici/art.13-op-20250102-20260325.csv"
        );
        assert_eq!(art13("pa", None, "json"), format!("{TREE_ROOT}/{OFFICES_SECTION}/art.13-pa.json"));
    }

    #[test]
    fn reserved_names_are_recognised_in_any_case_and_with_extensions() {
        for reserved in ["index.html", "INDEX.HTML", "CON", "con", "Nul.txt", "aux.tar.gz", "COM1", "lpt9.csv", "1."] {
            assert!(is_reserved_segment(reserved), "{reserved}");
        }
        for allowed in ["1", "1A", "1.3", "console", "com", "com0", "com10", "lpt", "index", "nullo", "conto.1"] {
            assert!(!is_reserved_segment(allowed), "{allowed}");
        }
    }

    #[test]
    fn free_pages_are_addressed_by_their_path() {
        assert_eq!(free_page("content/privacy.md").as_deref(), Some("privacy/"));
        assert_eq!(free_page("content/Guide/Uso del sito.md").as_deref(), Some("guide/uso-del-sito/"));
        assert_eq!(free_page("content/guide/_index.md").as_deref(), Some("guide/"));
        for not_free in ["content/_index.md", "content/piani/p/01.md", "content/amministrazione-trasparente/x.md"] {
            assert_eq!(free_page(not_free), None, "{not_free}");
        }
    }
}
