//! Text from the data stays text in every format: markup, scripts, `javascript:` and `data:`
//! addresses, CDATA and `</script>` terminators and template delimiters, put in deliberation
//! subjects, entity fields and plan texts, come out as text in pages, in the RSS feed and in the
//! JSON-LD catalogue, and never as a tag, an event handler or a link.

use crate::harness::{SiteTest, fixture, tree};

/// What an attacker would write in a cell.
const PAYLOADS: &[&str] = &[
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)><circle r=1 /></svg>",
    "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
    "<a href=\"JaVaScRiPt:alert(1)\">clic</a>",
    "<a href='data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=='>dati</a>",
    "<iframe src=\"jAvAsCrIpT:alert(1)\"></iframe>",
    "]]><script>alert(1)</script><![CDATA[",
    "</script><script>alert(1)</script>",
    "\" onmouseover=\"alert(1)\" x=\"",
    "' onfocus='alert(1)' autofocus '",
    "{{ 7 * 7 }} {% if true %}tera{% endif %} {# commento #}",
    "&lt;b&gt;già escapato&lt;/b&gt; &amp; &#106;avascript:alert(1)",
];

/// A CSV cell, quoted.
fn cell(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

/// The base site with every payload in the subjects of deliberations, in the entity's fields and
/// in the plan's and objectives' texts.
fn poisoned() -> SiteTest {
    let site = SiteTest::copy_of(&fixture("base"));
    let mut deliberations =
        String::from("organo;numero;data;oggetto;tipo\nCdA;21;25/03/2025;Approvazione del PIAO 2025/2027;\n");
    for (index, payload) in PAYLOADS.iter().enumerate() {
        deliberations.push_str(&format!(
            "CdA;{};{:02}/04/2025;{};{}\n",
            30 + index,
            index + 1,
            cell(payload),
            cell(payload)
        ));
    }
    site.write("data/delibere.csv", deliberations);
    let all = PAYLOADS.join(" ");
    site.write(
        "data/ente.csv",
        format!(
            "denominazione;tipologia;indirizzo;comune;codice_fiscale;codice_ipa;pec;telefono\n{};{};{};{};90000000000;cdp_prova;prova@pec.it;{}\n",
            cell(PAYLOADS[1]),
            cell(PAYLOADS[4]),
            cell(PAYLOADS[8]),
            cell(PAYLOADS[11]),
            cell(PAYLOADS[2])
        ),
    );
    site.write(
        "data/piao-2025-2027/piano.csv",
        format!(
            "titolo;anno_inizio;anno_fine;delibera_approvazione;descrizione\n{};2025;2027;CdA 21/2025;{}\n",
            cell(PAYLOADS[9]),
            cell(&all)
        ),
    );
    let objectives = std::fs::read_to_string(fixture("base").join("data/piao-2025-2027/obiettivi.csv")).unwrap();
    let objectives = objectives
        .replace("Sostegno alle famiglie", &cell(&PAYLOADS[..6].join(" ")))
        .replace("Rispetto dei tempi di pagamento", &cell(&PAYLOADS[6..].join(" ")))
        .replace("<p>Situazione di partenza.</p>", &cell(&all));
    site.write("data/piao-2025-2027/obiettivi.csv", objectives);
    site
}

/// Undoes one level of HTML escaping (the five characters `html::escape` escapes).
fn unescape_once(text: &str) -> String {
    text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&")
}

/// The tags of an HTML page, as (name, attributes) with attribute names lowercased. Text escaped
/// by the templates (`&lt;…`) holds no `<`, so only real markup is found.
/// The only scripts a page may load: the theme's, by their address from the site root.
const THEME_SCRIPTS: [&str; 4] = ["sito.js", "elasticlunr.min.js", "ricerca/indice.js", "ricerca.js"];

fn tags(html: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        rest = &rest[open + 1..];
        if !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue;
        }
        let name: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
        let mut attributes = Vec::new();
        let mut chars = rest[name.len()..].char_indices().peekable();
        let mut end = rest.len();
        while let Some((at, c)) = chars.next() {
            if c == '>' {
                end = name.len() + at;
                break;
            }
            if c.is_whitespace() || c == '/' {
                continue;
            }
            let mut attribute = String::from(c);
            while let Some(&(_, c)) = chars.peek() {
                if c.is_whitespace() || c == '=' || c == '>' || c == '/' {
                    break;
                }
                attribute.push(c);
                chars.next();
            }
            let mut value = String::new();
            if chars.peek().map(|&(_, c)| c) == Some('=') {
                chars.next();
                match chars.peek().map(|&(_, c)| c) {
                    Some(quote @ ('"' | '\'')) => {
                        chars.next();
                        for (_, c) in chars.by_ref() {
                            if c == quote {
                                break;
                            }
                            value.push(c);
                        }
                    }
                    _ => {
                        while let Some(&(_, c)) = chars.peek() {
                            if c.is_whitespace() || c == '>' {
                                break;
                            }
                            value.push(c);
                            chars.next();
                        }
                    }
                }
            }
            attributes.push((attribute.to_ascii_lowercase(), unescape_once(&value)));
        }
        found.push((name.to_ascii_lowercase(), attributes));
        rest = &rest[end.min(rest.len())..];
    }
    found
}

#[test]
fn the_tag_scanner_finds_markup_and_only_markup() {
    let found = tags("<p class=\"a\">x &lt;img onerror=1&gt;</p><a href='JaVa:x' onclick=y>z</a>");
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[1].0, "a");
    assert_eq!(found[1].1, vec![("href".into(), "JaVa:x".into()), ("onclick".into(), "y".into())]);
}

#[test]
fn markup_from_data_never_survives_in_pages_feed_or_catalogue() {
    let site = poisoned();
    let result = site.build(&["--base-url", "https://www.ente.it/"]);
    assert_eq!(result.code, 0, "{}{}", result.stdout, result.stderr);
    let public = site.path().join("public");

    // The feed: every description is escaped text that a reader shows literally.
    let channel = rss::Channel::read_from(&std::fs::read(public.join("delibere.xml")).unwrap()[..]).unwrap();
    for (index, payload) in PAYLOADS.iter().enumerate() {
        let number = 30 + index;
        let item = channel
            .items()
            .iter()
            .find(|item| item.link().is_some_and(|l| l.ends_with(&format!("/cda-2025-{number}/"))))
            .unwrap_or_else(|| panic!("no item for {payload}"));
        let description = item.description().unwrap();
        assert!(!description.contains('<') && !description.contains('>'), "{description}");
        assert_eq!(unescape_once(description), format!("{payload} CdA n. {number}: {payload}"));
        assert!(item.title().unwrap().ends_with(&format!(" – {payload}")), "titles are plain text");
        assert!(item.categories().iter().any(|c| c.name() == *payload), "categories are plain text");
    }
    assert!(channel.title().ends_with(PAYLOADS[1]), "{}", channel.title());
    assert_eq!(
        unescape_once(channel.description()),
        format!("Le deliberazioni degli organi di indirizzo politico di {}", PAYLOADS[1])
    );
    assert!(!channel.description().contains('<'));

    // The catalogue: JSON that gives back the entity's name exactly.
    let catalogue: serde_json::Value =
        serde_json::from_slice(&std::fs::read(public.join("dati/catalogo.jsonld")).unwrap()).unwrap();
    assert_eq!(catalogue["dct:publisher"]["foaf:name"]["@value"], PAYLOADS[1]);
    assert_eq!(catalogue["dct:title"]["@value"], format!("Catalogo dei dati – {}", PAYLOADS[1]));

    // Every page: no tag that runs or embeds anything, no event handler, no link but the site's,
    // web and mail addresses; and the template delimiters from the data are shown, not run.
    let mut pages = 0;
    for (path, bytes) in tree(&public) {
        let text = String::from_utf8_lossy(&bytes);
        if path.ends_with(".xml") {
            assert!(!text.to_ascii_lowercase().contains("<script"), "{path}");
        }
        if !path.ends_with(".html") {
            continue;
        }
        pages += 1;
        // The theme's charts are the only SVG a page may hold, and only with the elements they draw.
        let mut in_chart = false;
        for (name, attributes) in tags(&text) {
            in_chart = match name.as_str() {
                "svg" => attributes.iter().any(|(a, v)| a == "role" && v == "img"),
                "figure" | "p" | "div" | "table" | "h2" | "h3" => false,
                _ => in_chart,
            };
            let drawn = ["svg", "title", "desc", "line", "polyline", "circle", "rect", "text"];
            if name == "script" {
                let source = attributes.iter().find(|(a, _)| a == "src").map(|(_, v)| v.as_str()).unwrap_or("");
                // Relative to the page, or, on the page of addresses that do not exist, from the root.
                let local = source.trim_start_matches('/').trim_start_matches("../");
                assert!(THEME_SCRIPTS.contains(&local), "{path}: a script not of the theme: <script src=\"{source}\">");
            } else if in_chart {
                assert!(drawn.contains(&name.as_str()), "{path}: <{name}> inside a chart");
            } else {
                assert!(
                    !["script", "iframe", "svg", "math", "object", "embed", "mi", "circle"].contains(&name.as_str()),
                    "{path}: <{name}>"
                );
            }
            for (attribute, value) in attributes {
                assert!(!attribute.starts_with("on"), "{path}: <{name} {attribute}={value}>");
                if ["href", "src", "xlink:href", "action", "formaction"].contains(&attribute.as_str()) {
                    let scheme = value.trim().split_once(':').map(|(s, _)| s.to_ascii_lowercase());
                    let allowed = match scheme.as_deref() {
                        None => !value.trim_start().starts_with("//"),
                        Some(scheme) => ["http", "https", "mailto", "tel"].contains(&scheme),
                    };
                    assert!(allowed, "{path}: <{name} {attribute}=\"{value}\">");
                }
            }
        }
    }
    assert!(pages > 20, "only {pages} pages");
    let act = std::fs::read_to_string(public.join(
        "amministrazione-trasparente/provvedimenti/provvedimenti-organi-indirizzo-politico/cda-2025-41/index.html",
    ))
    .unwrap();
    assert!(act.contains("{{ 7 * 7 }} {% if true %}tera{% endif %} {# commento #}"), "Tera delimiters stay text");
    let act = std::fs::read_to_string(public.join(
        "amministrazione-trasparente/provvedimenti/provvedimenti-organi-indirizzo-politico/cda-2025-42/index.html",
    ))
    .unwrap();
    assert!(act.contains("&amp;lt;b&amp;gt;già escapato"), "text already escaped is escaped once more");
}
