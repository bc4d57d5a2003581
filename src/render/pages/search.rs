//! The search page: a field whose results `ricerca.js` shows as one types, from the index of
//! [`crate::render::search`]; without JavaScript, the index pages where everything is listed.

use crate::model::Site;
use crate::render::views::{self, Group, Item, Link};
use crate::render::{Page, ThemeError, routes};

use super::SectionContext;

/// The search page, whose lists lead to the site's index pages.
pub fn page<'a>(site: &'a Site, shared: &views::Shared) -> Result<Page<'a>, ThemeError> {
    let mut groups = Vec::new();
    for plan in site.plans_listed() {
        let index = |kind: &str, name: &str| Item {
            name: name.to_string(),
            url: routes::plan_index(&plan.id, kind, None),
            note: None,
        };
        let mut items =
            vec![Item { name: "Il piano e i suoi obiettivi".into(), url: routes::plan(&plan.id), note: None }];
        if !plan.areas.is_empty() {
            items.push(index("aree", "Aree strategiche"));
        }
        if !plan.strategic_objectives.is_empty() {
            items.push(index("obiettivi-strategici", "Obiettivi strategici"));
        }
        items.push(index("strutture", "Obiettivi per struttura"));
        items.push(index("scadenze", "Fasi per scadenza"));
        groups.push(Group { title: plan.title.clone(), items });
    }
    groups.push(Group {
        title: "Tutto il sito".into(),
        items: vec![
            Item {
                name: "Amministrazione trasparente, sezione per sezione".into(),
                url: format!("{}/", routes::TREE_ROOT),
                note: None,
            },
            Item {
                name: "Deliberazioni degli organi".into(),
                url: routes::section(routes::DELIBERATIONS_SECTION),
                note: None,
            },
        ],
    });
    let home = Link { name: "Home".into(), url: String::new() };
    let common = views::common(site, shared, routes::SEARCH, "Cerca nel sito", vec![home], None);
    Page::new(routes::SEARCH.to_string(), "search.html", common, SectionContext::listing(groups, None))
}
