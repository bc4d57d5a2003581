//! The machine-readable files: the RSS feed of deliberations, the sitemap, robots.txt, the
//! Frictionless data package and the DCAT-AP_IT catalogue.

use serde_json::Value as Json;

use crate::harness::{SiteTest, repo_root, run};

/// The consortium's site with an IPA code (its plan gives none), for the catalogue.
fn concass_with_ipa_code() -> SiteTest {
    let site = SiteTest::copy_of(&repo_root().join("examples/concass"));
    let config = std::fs::read_to_string(site.path().join("config.toml")).unwrap();
    site.write("config.toml", config.replacen("[privacy]", "codice_ipa = \"cdp_0001\"\n\n[privacy]", 1));
    site
}

fn concass() -> (SiteTest, std::path::PathBuf) {
    let site = concass_with_ipa_code();
    site.write("static/delibere/cda-21-2026.pdf", "%PDF-1.4 testo della delibera");
    let deliberations = std::fs::read_to_string(site.path().join("data/delibere.csv")).unwrap();
    let deliberations = deliberations.replace(",535,,", ",535,delibere/cda-21-2026.pdf,");
    assert!(deliberations.contains("delibere/cda-21-2026.pdf"), "{deliberations}");
    site.write("data/delibere.csv", deliberations);
    let result = run(&["build", "--site", site.path().to_str().unwrap()]);
    assert_eq!(result.code, 0, "{}", result.stderr);
    let public = site.path().join("public");
    (site, public)
}

#[test]
fn the_feed_has_one_item_per_deliberation_newest_first() {
    let (_site, public) = concass();
    let channel = rss::Channel::read_from(&std::fs::read(public.join("delibere.xml")).unwrap()[..]).unwrap();
    assert_eq!(channel.language(), Some("it-IT"));
    assert_eq!(
        channel.last_build_date(),
        Some("Wed, 25 Mar 2026 00:00:00 +0000"),
        "the newest deliberation, not the clock"
    );
    let titles: Vec<&str> = channel.items().iter().filter_map(|i| i.title()).collect();
    assert_eq!(titles.len(), 3);
    assert!(
        titles[0].starts_with(
            "Consiglio di amministrazione – deliberazione n. 21 del 25/03/2026 – Approvazione del Piano Integrato"
        ),
        "the board first: {titles:?}"
    );
    assert!(titles[2].starts_with("Consiglio di amministrazione – deliberazione n. 8 del 18/01/2022 – "), "{titles:?}");
    let xml = std::fs::read_to_string(public.join("delibere.xml")).unwrap();
    assert!(
        xml.contains(
            "<atom:link href=\"https://www.concass.it/delibere.xml\" rel=\"self\" type=\"application/rss+xml\">"
        ),
        "the feed gives its own address: {xml}"
    );
    assert!(xml.contains("xmlns:atom=\"http://www.w3.org/2005/Atom\""));
    for link in channel.items().iter().filter_map(|i| i.link()).chain([channel.link()]) {
        assert!(link.starts_with("https://www.concass.it/"), "{link}");
    }
    let first = &channel.items()[0];
    let link = first.link().unwrap();
    assert_eq!(
        link,
        "https://www.concass.it/amministrazione-trasparente/provvedimenti/provvedimenti-organi-indirizzo-politico/cda-2026-21/"
    );
    assert!(public.join(link.trim_start_matches("https://www.concass.it/")).join("index.html").is_file());
    let guid = first.guid().unwrap();
    assert!(guid.is_permalink() && guid.value() == link);
    assert_eq!(first.pub_date(), Some("Wed, 25 Mar 2026 00:00:00 +0000"));
    let categories: Vec<&str> = first.categories().iter().map(|c| c.name()).collect();
    assert_eq!(categories, ["2026/21", "Deliberazione", "CdA"]);
    let enclosure = first.enclosure().unwrap();
    assert_eq!(enclosure.url(), "https://www.concass.it/delibere/cda-21-2026.pdf");
    assert_eq!(enclosure.length(), "29");
    assert_eq!(enclosure.mime_type(), "application/pdf");
    assert!(channel.items()[1].enclosure().is_none(), "no document, no enclosure");
    let page = std::fs::read_to_string(public.join("index.html")).unwrap();
    assert!(page.contains(
        "<link rel=\"alternate\" type=\"application/rss+xml\" title=\"Deliberazioni\" href=\"delibere.xml\">"
    ));
}

#[test]
fn the_feed_can_be_limited() {
    let site = SiteTest::copy_of(&repo_root().join("examples/concass"));
    let config = std::fs::read_to_string(site.path().join("config.toml")).unwrap();
    site.write("config.toml", config.replacen("[privacy]", "rss_voci_massime = 2\n\n[privacy]", 1));
    assert_eq!(run(&["build", "--site", site.path().to_str().unwrap()]).code, 0);
    let channel =
        rss::Channel::read_from(&std::fs::read(site.path().join("public/delibere.xml")).unwrap()[..]).unwrap();
    assert_eq!(channel.items().len(), 2);
}

#[test]
fn the_sitemap_lists_every_page_and_robots_points_at_it() {
    let (_site, public) = concass();
    let sitemap = std::fs::read_to_string(public.join("sitemap.xml")).unwrap();
    let mut pages = 0;
    let mut stack = vec![public.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.file_name().unwrap() == "index.html" {
                pages += 1;
                let address = path.parent().unwrap().strip_prefix(&public).unwrap().to_str().unwrap();
                let url = if address.is_empty() {
                    "https://www.concass.it/".to_string()
                } else {
                    format!("https://www.concass.it/{address}/")
                };
                assert!(sitemap.contains(&format!("<loc>{url}</loc>")), "{url} missing from the sitemap");
            }
        }
    }
    assert_eq!(sitemap.matches("<url>").count(), pages);
    assert!(sitemap.contains("<lastmod>2026-03-25</lastmod>"));
    let robots = std::fs::read_to_string(public.join("robots.txt")).unwrap();
    assert!(robots.contains("Sitemap: https://www.concass.it/sitemap.xml"));
}

#[test]
fn the_data_package_and_the_catalogue_describe_every_file() {
    let (_site, public) = concass();
    let package: Json = serde_json::from_slice(&std::fs::read(public.join("dati/datapackage.json")).unwrap()).unwrap();
    let resources = package["resources"].as_array().unwrap();
    assert_eq!(resources.len(), 32, "every table as CSV and as XLSX");
    for resource in resources {
        let path = public.join("dati").join(resource["path"].as_str().unwrap());
        if resource["format"] == "xlsx" {
            assert_eq!(resource["dialect"]["excel"]["sheet"], "dati");
            assert!(std::fs::read(&path).unwrap().starts_with(b"PK"), "{path:?} is a workbook");
            continue;
        }
        let header = std::fs::read_to_string(&path).unwrap().lines().next().unwrap().to_string();
        let fields: Vec<&str> =
            resource["schema"]["fields"].as_array().unwrap().iter().map(|f| f["name"].as_str().unwrap()).collect();
        assert_eq!(header, fields.join(","), "{path:?}");
    }
    assert_eq!(package["licenses"][0]["name"], "CC-BY-4.0");
    assert_eq!(package["contributors"][0]["title"], "Consorzio Casalasco Servizi Sociali");
    let steps = resources.iter().find(|r| r["name"] == "piao-2026-2028-fasi").unwrap();
    assert_eq!(steps["schema"]["primaryKey"], serde_json::json!(["obiettivo", "codice"]));
    assert_eq!(steps["schema"]["foreignKeys"][0]["reference"]["resource"], "piao-2026-2028-obiettivi");
    let catalogue: Json = serde_json::from_slice(&std::fs::read(public.join("dati/catalogo.jsonld")).unwrap()).unwrap();
    assert_eq!(catalogue["dct:publisher"]["foaf:name"]["@value"], "Consorzio Casalasco Servizi Sociali");
    let datasets = catalogue["dcat:dataset"].as_array().unwrap();
    assert_eq!(datasets.len(), 16);
    for dataset in datasets {
        for distribution in dataset["dcat:distribution"].as_array().unwrap() {
            let url = distribution["dcat:downloadURL"]["@id"].as_str().unwrap();
            let file = public.join(url.trim_start_matches("https://www.concass.it/"));
            let size: usize = distribution["dcat:byteSize"]["@value"].as_str().unwrap().parse().unwrap();
            assert_eq!(std::fs::metadata(&file).unwrap().len() as usize, size, "{url}");
        }
        let formats: Vec<&str> = dataset["dcat:distribution"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["dct:format"]["@id"].as_str().unwrap().rsplit('/').next().unwrap())
            .collect();
        assert_eq!(formats, ["CSV", "JSON", "XLSX"], "{}", dataset["dct:title"]);
    }
    let page = std::fs::read_to_string(public.join("amministrazione-trasparente/altri-contenuti/accessibilita-e-catalogo-dei-dati-metadati-e-banche-dati/index.html")).unwrap();
    assert!(
        page.contains("<h3>Dotazione organica – Piano Integrato di attività e organizzazione (PIAO) 2026/2028</h3>"),
        "{page}"
    );
    assert!(page.contains("è preceduta da un apostrofo"), "the formula rule is documented");
}

#[test]
fn the_catalogue_names_the_publisher_by_its_ipa_code_and_is_left_out_without_it() {
    let without = SiteTest::copy_of(&repo_root().join("examples/concass"));
    let built = without.build(&[]);
    assert!(built.stderr.contains("R049 codice-ipa-mancante"), "{}", built.stderr);
    assert!(!without.path().join("public/dati/catalogo.jsonld").exists(), "no IPA code, no catalogue");
    let page = std::fs::read_to_string(without.path().join("public/amministrazione-trasparente/altri-contenuti/accessibilita-e-catalogo-dei-dati-metadati-e-banche-dati/catalogo-dei-dati-metadati-e-delle-banche-dati/index.html")).unwrap();
    assert!(!page.contains("catalogo.jsonld") && page.contains("delibere.xml"), "{page}");
    let site = concass_with_ipa_code();
    assert_eq!(run(&["build", "--site", site.path().to_str().unwrap()]).code, 0);
    let catalogue: Json =
        serde_json::from_slice(&std::fs::read(site.path().join("public/dati/catalogo.jsonld")).unwrap()).unwrap();
    assert_eq!(catalogue["dct:publisher"]["dct:identifier"], "cdp_0001");
    assert_eq!(catalogue["dcat:dataset"][0]["dct:identifier"], "cdp_0001:ente");
}

/// Every `@id` of a JSON-LD document, wherever it is.
fn identifiers(json: &Json, found: &mut Vec<String>) {
    match json {
        Json::Object(object) => {
            for (key, value) in object {
                match (key.as_str(), value) {
                    ("@id", Json::String(id)) => found.push(id.clone()),
                    _ => identifiers(value, found),
                }
            }
        }
        Json::Array(items) => items.iter().for_each(|item| identifiers(item, found)),
        _ => {}
    }
}

#[test]
fn the_catalogue_has_every_mandatory_element_of_dcat_ap_it_with_absolute_addresses() {
    let site = concass_with_ipa_code();
    let built = site.build(&[]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    let catalogue: Json =
        serde_json::from_slice(&std::fs::read(site.path().join("public/dati/catalogo.jsonld")).unwrap()).unwrap();
    for key in ["dct:title", "dct:description", "dct:publisher", "dct:modified", "foaf:homepage", "dct:language"] {
        assert!(!catalogue[key].is_null(), "the catalogue has no {key}");
    }
    assert_eq!(catalogue["dct:title"]["@language"], "it");
    assert_eq!(catalogue["dct:modified"]["@value"], "2026-03-25", "the newest date of the data");
    let datasets = catalogue["dcat:dataset"].as_array().unwrap();
    assert_eq!(datasets.len(), 16);
    for dataset in datasets {
        let name = dataset["dct:identifier"].as_str().unwrap();
        assert!(name.starts_with("cdp_0001:"), "{name}");
        for key in [
            "dct:title",
            "dct:description",
            "dct:modified",
            "dcat:theme",
            "dct:rightsHolder",
            "dct:accrualPeriodicity",
            "dcat:distribution",
            "dcat:contactPoint",
            "dcat:keyword",
            "dct:publisher",
            "dct:temporal",
            "dct:language",
        ] {
            assert!(!dataset[key].is_null(), "{name} has no {key}");
        }
        assert_eq!(dataset["dcat:contactPoint"]["vcard:hasEmail"]["@id"], "mailto:amministrazioneconcass@legalmail.it");
        assert_eq!(dataset["dct:temporal"]["dcat:startDate"]["@value"], "2026-01-01", "{name}: the plan's years");
        assert_eq!(dataset["dct:temporal"]["dcat:endDate"]["@value"], "2028-12-31", "{name}: the plan's years");
        for distribution in dataset["dcat:distribution"].as_array().unwrap() {
            for key in ["dct:format", "dcat:accessURL", "dct:license", "dct:description", "dcat:downloadURL"] {
                assert!(!distribution[key].is_null(), "a distribution of {name} has no {key}");
            }
            assert_eq!(distribution["dct:description"]["@language"], "it");
        }
    }
    assert_eq!(catalogue["dct:publisher"]["dct:identifier"], "cdp_0001");
    let mut ids = Vec::new();
    identifiers(&catalogue, &mut ids);
    assert!(ids.len() > 100, "{ids:?}");
    for id in ids {
        assert!(id.starts_with("https://") || id.starts_with("http://") || id.starts_with("mailto:"), "{id}");
    }
}

#[test]
fn without_a_base_address_neither_catalogue_nor_feed_is_written_nor_linked() {
    let site = SiteTest::copy_of(&repo_root().join("examples/concass"));
    let config = std::fs::read_to_string(site.path().join("config.toml")).unwrap();
    site.write("config.toml", config.replace("url_base = \"https://www.concass.it/\"", "url_base = \"\""));
    let built = site.build(&[]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    assert!(built.stderr.contains("R031 url-base-mancante"), "{}", built.stderr);
    assert!(built.stderr.contains("il catalogo DCAT-AP_IT (dati/catalogo.jsonld)"), "{}", built.stderr);
    let public = site.path().join("public");
    assert!(!public.join("dati/catalogo.jsonld").exists());
    assert!(!public.join("delibere.xml").exists());
    assert!(public.join("dati/datapackage.json").is_file(), "the data package has no absolute address");
    for (path, bytes) in crate::harness::tree(&public) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("delibere.xml\"") && !text.contains("catalogo.jsonld\""), "{path} links a missing file");
    }
}
