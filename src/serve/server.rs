//! The preview's HTTP server: serves the last good site from the output folder, only regular
//! files inside it reached without following a symbolic link (any other path answers 404), adds
//! the live-reload script and, while the data is invalid, the overlay with the diagnostics to
//! every page. While there is no site at all to show (the data was invalid from the first build
//! on), every page answers with the diagnostics alone ([`no_site_page`]), and reloads itself
//! until the site appears.
//!
//! It answers only `GET` and `HEAD` (405 otherwise), and only requests whose `Host` names this
//! server ([`host_allowed`], 403 otherwise): a page of another site that makes its own name point
//! at 127.0.0.1 (DNS rebinding) gets nothing from the preview.

use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use tiny_http::{Header, Method, Request, Response, Server};

use crate::html;
use crate::output::SitePath;

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

/// Answers requests until the server is dropped; one thread per request. `bound` is the address
/// the server listens on, which requests must name in their `Host`.
pub fn run(server: Server, shared: Shared, bound: SocketAddr) {
    for request in server.incoming_requests() {
        let shared = Arc::clone(&shared);
        std::thread::spawn(move || handle(request, &shared, bound));
    }
}

/// Whether the `Host` header `host` names the preview listening on `bound`: `localhost` or a
/// loopback address, or the address it is bound to (any IP address when bound to all of them),
/// with the port it listens on (no port only for port 80). Names other than `localhost` are
/// refused: only a name can be made to point at this computer by someone else.
pub fn host_allowed(host: &str, bound: SocketAddr) -> bool {
    let (name, port) = match host.strip_prefix('[') {
        Some(rest) => match rest.split_once(']') {
            Some((name, "")) => (name, None),
            Some((name, rest)) if rest.starts_with(':') => (name, Some(&rest[1..])),
            _ => return false,
        },
        None => match host.rsplit_once(':') {
            Some((name, port)) => (name, Some(port)),
            None => (host, None),
        },
    };
    let port_matches = match port {
        Some(port) => port.parse::<u16>().is_ok_and(|port| port == bound.port()),
        None => bound.port() == 80,
    };
    let name_matches = name.eq_ignore_ascii_case("localhost")
        || name.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback() || ip == bound.ip() || bound.ip().is_unspecified());
    port_matches && name_matches
}

/// A short plain-text answer.
fn plain(status: u16, text: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    Response::from_data(text.as_bytes().to_vec())
        .with_status_code(status)
        .with_header(header("Content-Type", "text/plain; charset=utf-8"))
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes())
        .unwrap_or_else(|_| Header::from_bytes(&b"X-Ignored"[..], &b"1"[..]).expect("static header"))
}

fn handle(request: Request, shared: &Shared, bound: SocketAddr) {
    let host = request.headers().iter().find(|h| h.field.equiv("Host")).map(|h| h.value.as_str().to_string());
    if !host.is_some_and(|host| host_allowed(&host, bound)) {
        let text = format!(
            "403 - l'anteprima risponde solo all'indirizzo http://{bound}/ o http://localhost:{}/",
            bound.port()
        );
        let _ = request.respond(plain(403, &text));
        return;
    }
    if !matches!(request.method(), Method::Get | Method::Head) {
        let response = plain(405, "405 - l'anteprima accetta solo richieste GET e HEAD");
        let _ = request.respond(response.with_header(header("Allow", "GET, HEAD")));
        return;
    }
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
        None => match problems {
            Some(problems) if !has_site(&site) => Response::from_data(no_site_page(&problems).into_bytes())
                .with_header(header("Content-Type", "text/html; charset=utf-8")),
            _ => plain(404, "404 - pagina non trovata"),
        },
    };
    let _ = request.respond(response.with_header(header("Cache-Control", "no-store")));
}

/// The file of the site folder `site` that a request path names: `/a/b/` is `a/b/index.html`.
/// Paths that are not plain relative paths inside the site (`..`, encoded slashes, backslashes)
/// name nothing; nor do folders, names that begin with a dot (the writer's temporary files), or
/// paths through a symbolic link (`regular_file`).
pub fn find(site: &Path, path: &str) -> Option<(String, PathBuf)> {
    let decoded = percent_encoding::percent_decode_str(path.trim_start_matches('/')).decode_utf8().ok()?.into_owned();
    let key = if decoded.is_empty() || decoded.ends_with('/') { format!("{decoded}index.html") } else { decoded };
    let path = SitePath::new(key.clone()).ok()?;
    if path.as_str().split('/').any(|segment| segment.starts_with('.')) {
        return None;
    }
    if let Some(file) = regular_file(site, &path) {
        return Some((key, file));
    }
    let index = format!("{key}/index.html");
    let file = regular_file(site, &SitePath::new(index.clone()).ok()?)?;
    Some((index, file))
}

/// The regular file at `path` under `site`, if no folder on the way nor the file itself is a
/// symbolic link: a link placed in the output folder cannot make the preview serve what it points
/// to.
fn regular_file(site: &Path, path: &SitePath) -> Option<PathBuf> {
    let mut file = site.to_path_buf();
    let mut last = None;
    for segment in path.as_str().split('/') {
        file.push(segment);
        let metadata = std::fs::symlink_metadata(&file).ok()?;
        if metadata.file_type().is_symlink() {
            return None;
        }
        last = Some(metadata);
    }
    last.is_some_and(|metadata| metadata.is_file()).then_some(file)
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

/// Whether the output folder `site` holds a site to show: a home page.
pub fn has_site(site: &Path) -> bool {
    find(site, "/").is_some()
}

/// The box with the diagnostics `problems` under the heading `heading` (`h1` or `h2`).
fn problems_box(heading: &str, title: &str, problems: &str) -> String {
    format!(
        "<div id=\"trasparenza-errori\" role=\"alert\" style=\"position:fixed;inset:0;overflow:auto;background:#fff;color:#000;border:6px solid #b00020;padding:1rem;z-index:9999;font:14px/1.4 monospace\"><{heading} style=\"font-family:sans-serif\">{title}</{heading}><pre style=\"white-space:pre-wrap\">{}</pre></div>",
        html::escape(problems)
    )
}

/// The script that reloads the page after every rebuild.
fn reload_script() -> String {
    format!("<script>new EventSource(\"{EVENTS}\").onmessage=function(){{location.reload()}};</script>")
}

/// The page shown at every address while there is no site yet: the diagnostics `problems`, and
/// the script that reloads it after every rebuild, so the site appears once the data is fixed.
pub fn no_site_page(problems: &str) -> String {
    let title = "I dati contengono errori: il sito sarà mostrato appena saranno corretti";
    format!(
        "<!DOCTYPE html>\n<html lang=\"it\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Anteprima – {title}</title></head><body><main>{}</main>{}</body></html>\n",
        problems_box("h1", title, problems),
        reload_script()
    )
}

/// The live-reload script, and the overlay when there are problems, before `</body>`.
pub fn inject(html: &str, problems: Option<&str>) -> String {
    let mut extra = String::new();
    if let Some(problems) = problems {
        let title = "I dati contengono errori: il sito mostrato è l'ultima versione valida";
        extra.push_str(&problems_box("h2", title, problems));
    }
    extra.push_str(&reload_script());
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

    #[cfg(unix)]
    #[test]
    fn symbolic_links_in_the_output_are_never_followed() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("public");
        std::fs::create_dir_all(site.join("vera")).unwrap();
        std::fs::write(site.join("vera/index.html"), "ok").unwrap();
        std::fs::write(dir.path().join("segreto.txt"), "fuori").unwrap();
        std::fs::create_dir_all(dir.path().join("altrove")).unwrap();
        std::fs::write(dir.path().join("altrove/index.html"), "fuori").unwrap();
        std::os::unix::fs::symlink(dir.path().join("segreto.txt"), site.join("link.txt")).unwrap();
        std::os::unix::fs::symlink(dir.path().join("altrove"), site.join("cartella")).unwrap();
        std::os::unix::fs::symlink(site.join("vera/index.html"), site.join("interno.html")).unwrap();
        assert_eq!(find(&site, "/vera/").unwrap().0, "vera/index.html");
        for path in ["/link.txt", "/cartella/", "/cartella/index.html", "/cartella", "/interno.html"] {
            assert!(find(&site, path).is_none(), "{path}");
        }
    }

    #[test]
    fn only_requests_naming_this_server_are_answered() {
        let loopback: SocketAddr = "127.0.0.1:1111".parse().unwrap();
        for host in ["127.0.0.1:1111", "localhost:1111", "LOCALHOST:1111", "[::1]:1111"] {
            assert!(host_allowed(host, loopback), "{host}");
        }
        for host in [
            "evil.example:1111",
            "localhost.evil.example:1111",
            "127.0.0.1.nip.io:1111",
            "localhost:2222",
            "localhost",
            "127.0.0.1",
            "[::1]",
            "[::1]x",
            "192.168.1.5:1111",
            "",
            ":1111",
        ] {
            assert!(!host_allowed(host, loopback), "{host}");
        }
        let everywhere: SocketAddr = "0.0.0.0:1111".parse().unwrap();
        assert!(host_allowed("192.168.1.5:1111", everywhere));
        assert!(!host_allowed("intranet.example:1111", everywhere));
        let port_80: SocketAddr = "127.0.0.1:80".parse().unwrap();
        assert!(host_allowed("localhost", port_80));
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

    #[test]
    fn without_a_site_the_page_is_the_diagnostics_and_the_reload_script() {
        let page = no_site_page("errore[V002] <data>");
        assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"it\">"));
        assert!(page.contains("<h1 style=\"font-family:sans-serif\">I dati contengono errori: il sito sarà mostrato"));
        assert!(page.contains("errore[V002] &lt;data&gt;"));
        assert!(page.contains("EventSource(\"/__trasparenza/eventi\")"));
        let dir = tempfile::tempdir().unwrap();
        assert!(!has_site(dir.path()));
        std::fs::write(dir.path().join("index.html"), "home").unwrap();
        assert!(has_site(dir.path()));
    }
}
