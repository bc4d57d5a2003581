//! The root of "Amministrazione Trasparente" and every section of the tree. A
//! section shows, in order: the Markdown page of `content/` at its path, what the data feeds into
//! it, and the links to its sub-sections; with neither page nor data, an honest placeholder.

use crate::html::markdown;
use crate::load::values::date_text;
use crate::model::Site;
use crate::render::views::{self, Link};
use crate::render::{Page, ThemeError, routes, tree};

use crate::export::Dataset;

use super::{SectionContext, catalogue, feeds};

/// The tree root and one page per section.
pub fn pages<'a>(
    site: &'a Site,
    shared: &views::Shared,
    datasets: &[Dataset],
    size: &dyn Fn(&str) -> usize,
) -> Result<Vec<Page<'a>>, ThemeError> {
    let mut pages = Vec::new();
    let first_level: Vec<Link> = tree::children(None).map(views::section_link).collect();
    let home = Link { name: "Home".into(), url: String::new() };
    let tree_root = format!("{}/", routes::TREE_ROOT);
    let context = SectionContext {
        body_html: content_html(site, &tree_root),
        children: first_level,
        ..SectionContext::default()
    };
    let common = views::common(site, shared, &tree_root, "Amministrazione trasparente", vec![home], site_updated(site));
    pages.push(Page::new(tree_root, "section.html", common, context)?);
    for section in tree::sections() {
        let address = routes::section(&section.slug);
        let catalogue = catalogue::SECTIONS.contains(&section.slug.as_str());
        let feed = feeds::for_section(site, &section.slug);
        let context = SectionContext {
            body_html: content_html(site, &address),
            legal_basis: section.legal_basis.clone(),
            details: Vec::new(),
            groups: feed.groups,
            tables: feed.tables.into_iter().map(views::TableView::without_empty_columns).collect(),
            children: tree::children(Some(&section.slug)).map(views::section_link).collect(),
            datasets: if catalogue { catalogue::datasets(datasets, size) } else { vec![] },
            pagination: None,
            progress: None,
        };
        let updated = if catalogue { site_updated(site) } else { feed.updated };
        let common =
            views::common(site, shared, &address, &section.name, views::section_breadcrumbs(&section.slug), updated);
        pages.push(Page::new(address, "section.html", common, context)?);
    }
    Ok(pages)
}

/// The privacy notice: who controls the data and who protects it, and what this site collects.
fn privacy_notice(site: &Site) -> String {
    let privacy = &site.config.privacy;
    let entity = site.entity.as_ref();
    let controller = privacy.titolare.clone().or_else(|| entity.map(|e| e.name.clone()));
    let contact = entity.and_then(|e| e.pec.clone().or_else(|| e.email.clone()));
    let mut text = String::from(
        "## Dati di chi consulta il sito\n\n\
         Questo sito non usa cookie, non carica risorse da altri siti e non raccoglie dati personali di chi lo \
         consulta. La ricerca avviene nel browser, senza inviare a nessuno le parole cercate.\n\n\
         ## Dati personali nei contenuti pubblicati\n\n\
         I dati personali eventualmente presenti nei documenti pubblicati sono trattati per adempiere agli obblighi \
         di pubblicazione del D.Lgs. 33/2013, secondo il Regolamento (UE) 2016/679 (GDPR), e pubblicati solo quando \
         una norma lo prevede.\n\n## Titolare e responsabile della protezione dei dati\n\n",
    );
    match controller {
        Some(name) => text.push_str(&format!("Titolare del trattamento: {name}")),
        None => text.push_str("Titolare del trattamento: l'ente che pubblica il sito"),
    }
    match &contact {
        Some(address) => text.push_str(&format!(", <{address}>.\n\n")),
        None => text.push_str(".\n\n"),
    }
    match (&privacy.responsabile_protezione_dati, &privacy.email_responsabile_protezione_dati) {
        (Some(name), Some(email)) => {
            text.push_str(&format!("Responsabile della protezione dei dati (RPD/DPO): {name}, <{email}>.\n\n"))
        }
        (Some(name), None) => text.push_str(&format!("Responsabile della protezione dei dati (RPD/DPO): {name}.\n\n")),
        (None, Some(email)) => {
            text.push_str(&format!("Responsabile della protezione dei dati (RPD/DPO): <{email}>.\n\n"))
        }
        (None, None) => text.push_str(
            "Per il nome e i recapiti del responsabile della protezione dei dati (RPD/DPO) rivolgersi al titolare.\n\n",
        ),
    }
    text.push_str(
        "Chi è interessato può chiedere l'accesso ai propri dati, la rettifica, la cancellazione o la limitazione \
         del trattamento (artt. 15–22 GDPR) e può proporre reclamo al Garante per la protezione dei dati personali \
         (<https://www.garanteprivacy.it/>).",
    );
    text
}

/// The accessibility statement after AgID's model, from `[accessibilita]` in `config.toml`: what
/// it applies to, how far the site conforms, what is not accessible and why, how and when the
/// statement was made, how to report a problem, and the enforcement procedure.
fn accessibility_statement(site: &Site) -> String {
    let statement = &site.config.accessibilita;
    let entity = site.entity.as_ref();
    let name = entity.map_or(site.config.titolo.as_str(), |e| e.name.as_str());
    let address = if site.config.url_base.is_empty() {
        "questo sito".to_string()
    } else {
        format!("il sito {}", site.config.url_base)
    };
    let mut text = format!(
        "{name} si impegna a rendere il proprio sito accessibile, conformemente alla legge 9 gennaio 2004, n. 4 e \
         alla direttiva (UE) 2016/2102. La presente dichiarazione di accessibilità si applica a {address}.\n\n\
         ## Stato di conformità\n\n"
    );
    match statement.stato {
        Some(state) => text.push_str(&format!(
            "Il sito è **{}** ai requisiti previsti dall'allegato A della norma UNI EN 301549 e alle WCAG 2.1 di livello AA.\n\n",
            state.text()
        )),
        None => text.push_str(
            "L'ente non ha ancora indicato lo stato di conformità del sito. Il sito è progettato per i requisiti della \
             norma UNI EN 301549 e delle WCAG 2.1 di livello AA: ogni pagina è verificata automaticamente a ogni \
             pubblicazione.\n\n",
        ),
    }
    text.push_str("## Contenuti non accessibili\n\n");
    if statement.contenuti_non_accessibili.is_empty() {
        text.push_str("L'ente non ha segnalato contenuti non accessibili.\n\n");
    } else {
        for content in &statement.contenuti_non_accessibili {
            text.push_str(&format!("- {content}\n"));
        }
        text.push('\n');
    }
    text.push_str("## Redazione della dichiarazione\n\n");
    let method = statement.metodo.as_deref().unwrap_or("autovalutazione");
    let date = |text: &Option<String>| text.as_deref().and_then(crate::load::values::parse_date).map(date_text);
    match date(&statement.data_dichiarazione) {
        Some(day) => text.push_str(&format!("La dichiarazione è stata redatta il {day}, con {method}")),
        None => {
            text.push_str(&format!("La data della dichiarazione non è stata ancora indicata; valutazione: {method}"))
        }
    }
    match date(&statement.data_revisione) {
        Some(day) => text.push_str(&format!(", ed è stata riesaminata l'ultima volta il {day}.\n\n")),
        None => text.push_str(".\n\n"),
    }
    text.push_str("## Meccanismo di feedback\n\n");
    let feedback =
        statement.email_segnalazioni.clone().or_else(|| entity.and_then(|e| e.email.clone().or_else(|| e.pec.clone())));
    match feedback {
        Some(email) => text.push_str(&format!(
            "Per segnalare un contenuto non accessibile o chiedere le informazioni in un formato accessibile, scrivere a <{email}>. L'ente risponde entro 30 giorni.\n\n"
        )),
        None => text.push_str(
            "Per segnalare un contenuto non accessibile o chiedere le informazioni in un formato accessibile, scrivere all'ente ai recapiti indicati in fondo alla pagina. L'ente risponde entro 30 giorni.\n\n",
        ),
    }
    text.push_str(
        "## Procedura di attuazione\n\n\
         In caso di risposta insoddisfacente o di mancata risposta entro 30 giorni, si può inviare una segnalazione \
         al Difensore civico per il digitale di AgID (art. 3-quinquies, comma 3, legge 4/2004) con il modulo \
         <https://form.agid.gov.it/>.",
    );
    text
}

/// The legal notes: the licence of the data and of the texts, and what it allows.
fn legal_notes(site: &Site) -> String {
    let licence = &site.config.licenza;
    let url = crate::export::feed::licence_url(licence);
    let entity = site.entity.as_ref().map_or(site.config.titolo.as_str(), |e| e.name.as_str());
    format!(
        "## Licenza dei dati e dei contenuti\n\n\
         Salvo dove è indicato diversamente, i dati, i documenti e i testi pubblicati in questo sito da {entity} \
         sono rilasciati con licenza [{licence}]({url}): si possono copiare, distribuire e riutilizzare, \
         anche per fini commerciali, citando la fonte e indicando le eventuali modifiche \
         (art. 7 del D.Lgs. 33/2013 e art. 52 del D.Lgs. 82/2005).\n\n\
         I dati aperti sono scaricabili, con la descrizione di ogni colonna, dal \
         [catalogo dei dati](../{catalogue}).\n\n\
         ## Dati personali\n\n\
         I dati personali eventualmente contenuti nei documenti sono pubblicati solo quando una norma lo prevede, \
         e si possono riutilizzare solo nei limiti dell'art. 7-bis del D.Lgs. 33/2013 e del Regolamento (UE) 2016/679.\n\n\
         ## Collegamenti ad altri siti\n\n\
         I collegamenti a siti esterni sono offerti per comodità: l'ente non risponde del loro contenuto.",
        catalogue = routes::section(routes::CATALOGUE_SECTION),
    )
}

/// The site map: the pages of the site that are not data records, section by section.
fn site_map<'a>(site: &'a Site, shared: &views::Shared) -> Result<Page<'a>, ThemeError> {
    let link = |section: &tree::Section| views::Item {
        name: format!("{}{}", "– ".repeat(usize::from(section.level.saturating_sub(2))), section.name),
        url: routes::section(&section.slug),
        note: None,
    };
    let mut groups = vec![views::Group {
        title: "Il sito".into(),
        items: [
            ("Home", String::new()),
            ("Cerca nel sito", routes::SEARCH.to_string()),
            ("Amministrazione trasparente", format!("{}/", routes::TREE_ROOT)),
            ("Note legali", routes::LEGAL_NOTES.to_string()),
            ("Informativa sulla privacy", routes::PRIVACY.to_string()),
            ("Dichiarazione di accessibilità", routes::ACCESSIBILITY.to_string()),
        ]
        .into_iter()
        .map(|(name, url)| views::Item { name: name.into(), url, note: None })
        .collect(),
    }];
    groups.push(views::Group {
        title: "Piani".into(),
        items: site
            .plans_listed()
            .into_iter()
            .map(|plan| views::Item { name: plan.title.clone(), url: routes::plan(&plan.id), note: None })
            .collect(),
    });
    for first in tree::children(None) {
        let below = tree::sections().iter().filter(|s| s.slug.starts_with(&format!("{}/", first.slug)));
        groups.push(views::Group {
            title: first.name.clone(),
            items: std::iter::once(first).chain(below).map(link).collect(),
        });
    }
    let home = Link { name: "Home".into(), url: String::new() };
    let common = views::common(site, shared, routes::SITE_MAP, "Mappa del sito", vec![home], None);
    Page::new(routes::SITE_MAP.to_string(), "section.html", common, SectionContext::listing(groups, None))
}

/// The page of an address that does not exist, with links that start from the site's root (the
/// path of its base address, or `/`), since a web server shows it at any depth.
fn not_found<'a>(site: &'a Site, shared: &views::Shared) -> Result<Page<'a>, ThemeError> {
    let mut common = views::common(site, shared, routes::NOT_FOUND, "Pagina non trovata", vec![], None);
    // `https://www.ente.it/trasparenza/` → `/trasparenza/`: the same server, never another site.
    let path = site.config.url_base.splitn(4, '/').nth(3).unwrap_or("");
    common.root = format!("/{path}");
    common.canonical = None;
    let text = "L'indirizzo richiesto non corrisponde a nessuna pagina del sito: forse la pagina è stata spostata, \
                oppure l'indirizzo contiene un errore.\n\n\
                Si può cercare il contenuto con la ricerca del sito, ripartire dalla pagina iniziale oppure \
                consultare la mappa del sito.";
    let groups = vec![views::Group {
        title: "Da dove ripartire".into(),
        items: [("Pagina iniziale", ""), ("Cerca nel sito", routes::SEARCH), ("Mappa del sito", routes::SITE_MAP)]
            .into_iter()
            .map(|(name, url)| views::Item { name: name.into(), url: url.into(), note: None })
            .collect(),
    }];
    let context = SectionContext { body_html: Some(markdown::to_html(text)), ..SectionContext::listing(groups, None) };
    Page::new(routes::NOT_FOUND.to_string(), "section.html", common, context)
}

/// Markdown pages of `content/` outside the tree and the plans (free pages such as the privacy
/// notice), at their own address, plus the standard pages the site needs and the site map.
pub fn free_pages<'a>(site: &'a Site, shared: &views::Shared) -> Result<Vec<Page<'a>>, ThemeError> {
    let mut pages = Vec::new();
    let mut addresses = Vec::new();
    for page in site.pages.iter().filter(|p| !p.front.draft) {
        let Some(address) = routes::free_page(&page.path) else { continue };
        let title = page.title();
        let common = views::common(
            site,
            shared,
            &address,
            &title,
            vec![Link { name: "Home".into(), url: String::new() }],
            page.front.updated.or(page.front.date),
        );
        let template = page.front.template.as_deref().unwrap_or("section.html");
        let context = SectionContext { body_html: Some(markdown::to_html(&page.body)), ..SectionContext::default() };
        addresses.push(address.clone());
        pages.push(Page::new(address, template, common, context)?);
    }
    let standard = [
        (routes::PRIVACY, "Informativa sulla privacy", privacy_notice(site)),
        (routes::ACCESSIBILITY, "Dichiarazione di accessibilità", accessibility_statement(site)),
        (routes::LEGAL_NOTES, "Note legali", legal_notes(site)),
    ];
    for (address, title, text) in &standard {
        if addresses.iter().any(|a| a == address) {
            continue;
        }
        let common =
            views::common(site, shared, address, title, vec![Link { name: "Home".into(), url: String::new() }], None);
        let context = SectionContext { body_html: Some(markdown::to_html(text)), ..SectionContext::default() };
        pages.push(Page::new(address.to_string(), "section.html", common, context)?);
    }
    pages.push(site_map(site, shared)?);
    pages.push(not_found(site, shared)?);
    Ok(pages)
}

/// The Markdown page of `content/` that replaces the placeholder at `address`, rendered: either
/// `content/<address>.md` or `content/<address>/_index.md`.
pub(super) fn content_html(site: &Site, address: &str) -> Option<String> {
    let trimmed = address.trim_end_matches('/');
    let wanted = [format!("content/{trimmed}.md"), format!("content/{address}_index.md")];
    site.pages.iter().find(|p| !p.front.draft && wanted.contains(&p.path)).map(|p| markdown::to_html(&p.body))
}

/// The most recent update date anywhere in the data, for the pages that summarise everything.
pub(super) fn site_updated(site: &Site) -> Option<chrono::NaiveDate> {
    let plans = site.plans.iter().filter_map(crate::model::Plan::updated_on);
    let entity = site.entity.as_ref().and_then(|e| e.updated);
    plans.chain(entity).max()
}
