//! Only the site's own regular files are read: links out of the site, special files and files
//! over their size limit are located errors of `check`, and `build` stops on them leaving the
//! previous output as it was; links that lead nowhere are warnings. These cases need symbolic
//! links, pipes or huge files, which cannot live in the corpus of `tests/fixtures/invalid/`.

#![cfg(unix)]

use std::os::unix::fs::symlink;
use std::time::{Duration, Instant};

use crate::harness::{SiteTest, fixture, tree};

/// A copy of the base site, built once, with the files of its output.
fn built_base() -> (SiteTest, std::collections::BTreeMap<String, Vec<u8>>) {
    let site = SiteTest::copy_of(&fixture("base"));
    std::fs::create_dir_all(site.path().join("static")).unwrap();
    let built = site.build(&[]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    let before = tree(&site.path().join("public"));
    (site, before)
}

/// Makes a named pipe at `relative` in the site.
fn fifo(site: &SiteTest, relative: &str) {
    let path = site.path().join(relative);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let status = std::process::Command::new("mkfifo").arg(&path).status().unwrap();
    assert!(status.success());
}

/// Runs `f` and fails if it takes longer than a minute (a read of a pipe would block forever).
fn within_a_minute<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || send.send(f()).unwrap());
    receive.recv_timeout(Duration::from_secs(60)).expect("the command did not block")
}

#[test]
fn a_static_link_to_a_system_file_is_an_error_naming_where_it_points() {
    let (site, before) = built_base();
    symlink("/etc/passwd", site.path().join("static/passwd")).unwrap();
    let report =
        site.check_and_build_fail(&before, &["errore[L014 collegamento-esterno]", "--> static/passwd", "/etc/passwd"]);
    assert!(report.ends_with("1 errore, 0 avvisi\n"), "{report}");
}

#[test]
fn a_static_folder_linked_from_outside_the_site_is_an_error_for_each_file() {
    let (site, before) = built_base();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("segreto.txt"), "riservato").unwrap();
    symlink(outside.path(), site.path().join("static/esterni")).unwrap();
    site.check_and_build_fail(&before, &["L014", "--> static/esterni"]);
}

#[test]
fn a_table_linked_to_an_endless_device_is_refused_without_reading_it() {
    let (site, before) = built_base();
    std::fs::remove_file(site.path().join("data/ente.csv")).unwrap();
    symlink("/dev/zero", site.path().join("data/ente.csv")).unwrap();
    let started = Instant::now();
    site.check_and_build_fail(&before, &["L014", "--> data/ente.csv", "/dev/zero"]);
    assert!(started.elapsed() < Duration::from_secs(60));
}

#[test]
fn named_pipes_in_static_and_data_are_errors_and_never_block() {
    let (site, before) = built_base();
    fifo(&site, "static/tubo");
    std::fs::remove_file(site.path().join("data/piao-2025-2027/fasi.csv")).unwrap();
    fifo(&site, "data/piao-2025-2027/fasi.csv");
    let report = within_a_minute(move || {
        let report = site.check_and_build_fail(&before, &["--> static/tubo", "--> data/piao-2025-2027/fasi.csv"]);
        drop(site);
        report
    });
    assert_eq!(report.matches("errore[L015 file-speciale]").count(), 2, "{report}");
}

#[test]
fn files_over_their_limit_are_refused_from_their_size() {
    let (site, before) = built_base();
    // Sparse files: their size is known without writing (or reading) their bytes.
    let table = std::fs::File::create(site.path().join("data/strutture.csv")).unwrap();
    table.set_len(257 << 20).unwrap();
    let document = std::fs::File::create(site.path().join("static/video.mp4")).unwrap();
    document.set_len(129 << 20).unwrap();
    let report = site.check_and_build_fail(&before, &["--> data/strutture.csv", "--> static/video.mp4"]);
    assert_eq!(report.matches("errore[L016 file-troppo-grande]").count(), 2, "{report}");
    assert!(report.contains("su un massimo di 256 MiB"), "{report}");
    assert!(report.contains("su un massimo di 128 MiB"), "{report}");
}

#[test]
fn a_cell_over_its_limit_is_located() {
    let (site, before) = built_base();
    let mut offices = std::fs::read_to_string(site.path().join("data/strutture.csv")).unwrap();
    let separator = if offices.lines().next().unwrap().contains(';') { ';' } else { ',' };
    let columns = offices.lines().next().unwrap().split(separator).count();
    let mut row = vec!["x".repeat((1 << 20) + 1)];
    row.resize(columns, String::new());
    offices.push_str(&row.join(&separator.to_string()));
    offices.push('\n');
    site.write("data/strutture.csv", offices);
    site.check_and_build_fail(&before, &["errore[L017 cella-troppo-grande]", "--> data/strutture.csv, riga"]);
}

#[test]
fn templates_linked_from_outside_the_site_are_reported_by_check() {
    let (site, before) = built_base();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("base.html"), "{{ page.title }}").unwrap();
    std::fs::create_dir_all(site.path().join("templates")).unwrap();
    symlink(outside.path().join("base.html"), site.path().join("templates/base.html")).unwrap();
    site.check_and_build_fail(&before, &["L014", "--> templates/base.html"]);
}

#[test]
fn links_inside_the_site_are_followed_and_broken_ones_are_warnings() {
    let site = SiteTest::copy_of(&fixture("base"));
    std::fs::create_dir_all(site.path().join("static")).unwrap();
    site.write("documenti/piano.pdf", "%PDF-1.4 piano");
    symlink(site.path().join("documenti/piano.pdf"), site.path().join("static/piano.pdf")).unwrap();
    symlink(site.path().join("documenti"), site.path().join("static/documenti")).unwrap();
    symlink("non-esiste.pdf", site.path().join("static/rotto.pdf")).unwrap();
    symlink(site.path().join("static"), site.path().join("static/giro")).unwrap();
    symlink(site.path().join("documenti/piano.pdf"), site.path().join("static/.nascosto.pdf")).unwrap();
    let checked = site.check(&[]);
    assert_eq!(checked.code, 0, "{}", checked.stdout);
    assert!(checked.stdout.ends_with("0 errori, 3 avvisi\n"), "{}", checked.stdout);
    assert_eq!(checked.stdout.matches("avviso[L018 collegamento-ignorato]: ").count(), 3, "{}", checked.stdout);
    for file in ["static/rotto.pdf", "static/giro", "static/.nascosto.pdf"] {
        assert!(checked.stdout.contains(&format!("--> {file}\n")), "{file}: {}", checked.stdout);
    }
    let built = site.build(&[]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    let public = site.path().join("public");
    assert_eq!(std::fs::read(public.join("piano.pdf")).unwrap(), b"%PDF-1.4 piano");
    assert_eq!(std::fs::read(public.join("documenti/piano.pdf")).unwrap(), b"%PDF-1.4 piano");
    for left_out in ["rotto.pdf", "giro", ".nascosto.pdf"] {
        assert!(!public.join(left_out).exists(), "{left_out}");
    }
}
