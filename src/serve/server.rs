//! The preview's HTTP server: serves the last good site from the output folder, only files inside
//! it (any other path answers 404), adds the live-reload script and, while the data is invalid,
//! the overlay with the diagnostics to every page.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use tiny_http::{Header, Request, Response, Server};

use crate::output::SitePath;
use crate::render::theme::escape_html;

/// Address of the Server-Sent Events stream that tells pages to reload.
pub const EVENTS: &str = "/__trasparenza/eventi";

/// What the server shows: the last good site, and the problems of the last attempt, if any.
#[derive(Default)]
pub struct State {
    /// The output folder, which holds the last site built without errors.
    pub site: PathBuf,
    /// The diagnostics of the last rebuild, when it failed.
    pub problems: Option<String>,
    /// Counts rebuilds, successful or not: a change tells open pages to reload.
    pub generation: u64,
}

/// The state shared between the rebuild loop and the request handlers.
pub type Shared = Arc<(Mutex<State>, Condvar)>;

/// Answers requests until the server is dropped; one thread per request.
pub fn run(server: Server, shared: Shared) {
    for request in server.incoming_requests() {
        let shared = Arc::clone(&shared);
        std::thread::spawn(move || handle(request, &shared));
    }
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes())
        .unwrap_or_else(|_| Header::from_bytes(&b"X-Ignored"[..], &b"1"[..]).expect("static header"))
}

fn handle(request: Request, shared: &Shared) {
    let path = request.url().split(['?', '#']).next().unwrap_or("/").to_string();
    if path == EVENTS {
        stream_events(request.into_writer(), shared);
        return;
    }
    let (site, problems) = match shared.0.lock() {
        Ok(state) => (state.site.clone(), state.problems.clone()),
        Err(_) => return,
    };
    let found = find(&site, &path).and_then(|(key, file)| Some((key, std::fs::read(file).ok()?)));
    let response = match found {
        Some((key, bytes)) if key.ends_with(".html") => {
            let html = inject(&String::from_utf8_lossy(&bytes), problems.as_deref());
            Response::from_data(html.into_bytes()).with_header(header("Content-Type", "text/html; charset=utf-8"))
        }
        Some((key, bytes)) => Response::from_data(bytes).with_header(header("Content-Type", content_type(&key))),
        None => Response::from_data(b"404 - pagina non trovata".to_vec())
            .with_status_code(404)
            .with_header(header("Content-Type", "text/plain; charset=utf-8")),
    };
    let _ = request.respond(response.with_header(header("Cache-Control", "no-store")));
}

/// The file of the site folder `site` that a request path names: `/a/b/` is `a/b/index.html`.
/// Paths that are not plain relative paths inside the site (`..`, encoded slashes, backslashes)
/// name nothing; nor do folders, or names that begin with a dot (the writer's temporary files).
pub fn find(site: &Path, path: &str) -> Option<(String, PathBuf)> {
    let decoded = percent_decode(path.trim_start_matches('/'))?;
    let key = if decoded.is_empty() || decoded.ends_with('/') { format!("{decoded}index.html") } else { decoded };
    let path = SitePath::new(key.clone()).ok()?;
    if path.as_str().split('/').any(|segment| segment.starts_with('.')) {
        return None;
    }
    let file = path.under(site);
    if file.is_file() {
        return Some((key, file));
    }
    let index = format!("{key}/index.html");
    let file = SitePath::new(index.clone()).ok()?.under(site);
    file.is_file().then_some((index, file))
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" | "jsonld" => "application/json",
        "csv" => "text/csv; charset=utf-8",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "pdf" => "application/pdf",
        "png" => "image/png",
        "svg" => "image/svg+xml",
        "jpg" | "jpeg" => "image/jpeg",
        _ => "application/octet-stream",
    }
}

/// The live-reload script, and the overlay when there are problems, before `</body>`.
pub fn inject(html: &str, problems: Option<&str>) -> String {
    let mut extra = String::new();
    if let Some(problems) = problems {
        extra.push_str("<div id=\"trasparenza-errori\" role=\"alert\" style=\"position:fixed;inset:0;overflow:auto;background:#fff;color:#000;border:6px solid #b00020;padding:1rem;z-index:9999;font:14px/1.4 monospace\"><h2 style=\"font-family:sans-serif\">I dati contengono errori: il sito mostrato è l'ultima versione valida</h2><pre style=\"white-space:pre-wrap\">");
        extra.push_str(&escape_html(problems));
        extra.push_str("</pre></div>");
    }
    extra.push_str(&format!(
        "<script>new EventSource(\"{EVENTS}\").onmessage=function(){{location.reload()}};</script>"
    ));
    match html.rfind("</body>") {
        Some(at) => format!("{}{extra}{}", &html[..at], &html[at..]),
        None => format!("{html}{extra}"),
    }
}

/// Server-Sent Events: one `data:` message per rebuild, written and flushed as it happens (a
/// comment every 15 s keeps the connection open), until the browser goes away.
fn stream_events(mut writer: Box<dyn Write + Send>, shared: &Shared) {
    let (lock, changed) = &**shared;
    let Ok(state) = lock.lock() else { return };
    let mut seen = state.generation;
    drop(state);
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: keep-alive\r\n\r\nretry: 500\n\n";
    if writer.write_all(head.as_bytes()).and_then(|()| writer.flush()).is_err() {
        return;
    }
    loop {
        let Ok(state) = lock.lock() else { return };
        let Ok((state, _)) = changed.wait_timeout_while(state, Duration::from_secs(15), |s| s.generation == seen)
        else {
            return;
        };
        let message: &[u8] = if state.generation == seen { b": attesa\n\n" } else { b"data: ricarica\n\n" };
        seen = state.generation;
        drop(state);
        if writer.write_all(message).and_then(|()| writer.flush()).is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_map_to_files_inside_the_site_only() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("public");
        for (name, text) in [("index.html", "home"), ("a/b/index.html", "b"), ("stile.css", "x"), (".x.tmp", "")] {
            let file = SitePath::new(name).unwrap().under(&site);
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(file, text).unwrap();
        }
        std::fs::write(dir.path().join("segreto.txt"), "fuori").unwrap();
        assert_eq!(find(&site, "/").unwrap().0, "index.html");
        assert_eq!(find(&site, "/a/b/").unwrap().0, "a/b/index.html");
        assert_eq!(find(&site, "/a/b").unwrap().0, "a/b/index.html");
        assert_eq!(find(&site, "/stile.css").unwrap().0, "stile.css");
        for escape in [
            "/../segreto.txt",
            "/a/../../x",
            "/%2e%2e/segreto.txt",
            "/a%2f..%2f..%2fx",
            "/a\\..\\x",
            "/%zz",
            "/.x.tmp",
            "/a",
        ] {
            assert!(find(&site, escape).is_none(), "{escape}");
        }
    }

    #[test]
    fn pages_get_the_reload_script_and_the_overlay() {
        let page = inject("<body>x</body>", None);
        assert!(page.contains("EventSource(\"/__trasparenza/eventi\")"));
        assert!(!page.contains("trasparenza-errori"));
        let page = inject("<body>x</body>", Some("errore[V002] <data>"));
        assert!(page.contains("id=\"trasparenza-errori\""));
        assert!(page.contains("errore[V002] &lt;data&gt;"));
        assert!(page.ends_with("</body>"));
    }
}
