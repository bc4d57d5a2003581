//! `sitemap.xml` with every page and its `lastmod` from the data, and `robots.txt` pointing at it.
//! Both need absolute addresses: without `url_base` they are not written.

use chrono::NaiveDate;

use crate::html;

/// The sitemap of `pages` (address and data date), or `None` without a base address.
pub fn sitemap(pages: &[(String, Option<NaiveDate>)], base_url: &str) -> Option<String> {
    if base_url.is_empty() {
        return None;
    }
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (address, updated) in pages.iter().filter(|(address, _)| address != crate::address::NOT_FOUND) {
        xml.push_str(&format!("  <url><loc>{}</loc>", html::escape(&format!("{base_url}{address}"))));
        if let Some(date) = updated {
            xml.push_str(&format!("<lastmod>{}</lastmod>", date.format("%Y-%m-%d")));
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    Some(xml)
}

/// `robots.txt`: everything may be indexed; the sitemap is named when there is one.
pub fn robots(base_url: &str) -> String {
    if base_url.is_empty() {
        "User-agent: *\nAllow: /\n".to_string()
    } else {
        format!("User-agent: *\nAllow: /\nSitemap: {base_url}sitemap.xml\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_with_their_data_dates() {
        let pages = vec![(String::new(), None), ("a/".to_string(), NaiveDate::from_ymd_opt(2026, 3, 25))];
        let xml = sitemap(&pages, "https://www.ente.it/").unwrap();
        assert!(xml.contains("<url><loc>https://www.ente.it/</loc></url>"));
        assert!(xml.contains("<url><loc>https://www.ente.it/a/</loc><lastmod>2026-03-25</lastmod></url>"));
        assert_eq!(sitemap(&pages, ""), None);
        assert!(robots("https://www.ente.it/").ends_with("Sitemap: https://www.ente.it/sitemap.xml\n"));
    }
}
