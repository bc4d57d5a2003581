//! The output folder cannot hurt: `build` refuses outputs that would destroy the
//! site's files, replace only folders a build made, and, killed at any moment (between the steps
//! of the swap too), leave either the previous site or the new one, byte for byte, with nothing
//! left over once the next run has started.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::harness::{Run, SiteTest, fixture, run, tree};

/// Runs `trasparenza build` on `site` with `--output output`.
fn build(site: &Path, output: &Path) -> Run {
    run(&["build", "--site", site.to_str().unwrap(), "--output", output.to_str().unwrap()])
}

/// Names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

/// A copy of the base site, in a folder `sito` of a temporary folder (so that its parent can be
/// named too).
fn site_in_a_folder() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().canonicalize().unwrap().join("sito");
    crate::harness::copy_recursive(&fixture("base"), &site);
    (dir, site)
}

#[test]
fn outputs_that_would_destroy_the_site_are_refused_and_leave_every_file_intact() {
    let (dir, site) = site_in_a_folder();
    std::fs::create_dir_all(site.join("templates")).unwrap();
    std::fs::write(site.join("templates/.tieni"), "").unwrap();
    let before = tree(dir.path());
    let parent = dir.path().canonicalize().unwrap();
    let cases: Vec<(String, &str)> = vec![
        (site.display().to_string(), "è la cartella del sito"),
        (".".into(), "è la cartella del sito"),
        ("../sito".into(), "è la cartella del sito"),
        (parent.display().to_string(), "è la cartella del sito"),
        ("..".into(), "è la cartella del sito"),
        ("/".into(), "è la cartella del sito"),
        ("data".into(), "fa parte dei file del sito"),
        (site.join("data/piao-2025-2027").display().to_string(), "fa parte dei file del sito"),
        ("static".into(), "fa parte dei file del sito"),
        ("content".into(), "fa parte dei file del sito"),
        ("templates".into(), "fa parte dei file del sito"),
        ("themes/mio".into(), "fa parte dei file del sito"),
        ("./data/../content/nuova".into(), "fa parte dei file del sito"),
        ("config.toml".into(), "fa parte dei file del sito"),
        (site.join("data/ente.csv").display().to_string(), "fa parte dei file del sito"),
    ];
    for (output, reason) in &cases {
        let run = build(&site, Path::new(output));
        assert_eq!(run.code, 2, "{output}: {run:?}");
        assert!(run.stderr.contains(reason), "{output}: {}", run.stderr);
        assert!(run.stderr.contains(&site.display().to_string()), "{output}: names the site: {}", run.stderr);
        assert_eq!(tree(dir.path()), before, "{output}: the site's files are untouched");
    }
}

#[test]
fn an_existing_file_the_home_folder_and_folders_no_build_made_are_refused() {
    let (dir, site) = site_in_a_folder();
    let parent = dir.path().canonicalize().unwrap();
    std::fs::write(parent.join("appunti.txt"), "da tenere").unwrap();
    let run = build(&site, &parent.join("appunti.txt"));
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("non è una cartella"), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(parent.join("appunti.txt")).unwrap(), "da tenere");

    let documents = parent.join("documenti");
    std::fs::create_dir(&documents).unwrap();
    std::fs::write(documents.join("lettera.odt"), "da tenere").unwrap();
    let run = build(&site, &documents);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("non è stata creata da trasparenza"), "{}", run.stderr);
    assert!(run.stderr.contains("svuotarla"), "says how to proceed: {}", run.stderr);
    assert_eq!(names(&documents), ["lettera.odt"]);

    std::os::unix::fs::symlink(&documents, parent.join("collegamento")).unwrap();
    let run = build(&site, &parent.join("collegamento"));
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("collegamento simbolico"), "{}", run.stderr);

    let home = parent.join("casa");
    std::fs::create_dir(&home).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_trasparenza"))
        .args(["build", "--site", site.to_str().unwrap(), "--output", home.to_str().unwrap()])
        .env("HOME", &home)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("cartella personale"));
    assert_eq!(names(&home), Vec::<String>::new());
}

#[test]
fn an_empty_folder_and_a_folder_a_build_made_are_replaced() {
    let (dir, site) = site_in_a_folder();
    let output = dir.path().canonicalize().unwrap().join("vuota");
    std::fs::create_dir(&output).unwrap();
    assert_eq!(build(&site, &output).code, 0);
    assert!(output.join(".trasparenza").is_file(), "the build marks its folder");
    std::fs::write(output.join("rimasuglio.html"), "vecchio").unwrap();
    let run = build(&site, &output);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(!output.join("rimasuglio.html").exists(), "the whole folder is replaced");
    assert_eq!(names(dir.path()), ["sito", "vuota"], "nothing is left beside the output");
}

/// The previous site (`old`) and the new one (`new`) of a site whose title changes, each built in
/// a folder of its own, and the site itself, already built once into `output`.
struct TwoVersions {
    _dir: tempfile::TempDir,
    site: PathBuf,
    output: PathBuf,
    old: BTreeMap<String, Vec<u8>>,
    new: BTreeMap<String, Vec<u8>>,
}

impl TwoVersions {
    fn new() -> TwoVersions {
        let (dir, site) = site_in_a_folder();
        let base = dir.path().canonicalize().unwrap();
        assert_eq!(build(&site, &base.join("vecchio")).code, 0);
        let config = std::fs::read_to_string(site.join("config.toml")).unwrap();
        std::fs::write(site.join("config.toml"), config.replacen("titolo = \"", "titolo = \"Nuovo: ", 1)).unwrap();
        assert_eq!(build(&site, &base.join("nuovo")).code, 0);
        let (old, new) = (tree(&base.join("vecchio")), tree(&base.join("nuovo")));
        assert_ne!(old, new);
        let output = base.join("public");
        std::fs::rename(base.join("vecchio"), &output).unwrap();
        std::fs::remove_dir_all(base.join("nuovo")).unwrap();
        TwoVersions { _dir: dir, site, output, old, new }
    }

    /// Asserts that the output is the old or the new site, byte for byte; says which.
    fn assert_whole(&self, when: &str) -> &'static str {
        let now = if self.output.exists() { tree(&self.output) } else { BTreeMap::new() };
        if now == self.old {
            "old"
        } else if now == self.new {
            "new"
        } else {
            panic!("{when}: the output is neither the previous site nor the new one ({} files)", now.len())
        }
    }

    /// Runs the next build and asserts it publishes the new site and leaves nothing beside it.
    fn assert_next_build_clears_everything(&self, when: &str) {
        let run = build(&self.site, &self.output);
        assert_eq!(run.code, 0, "{when}: {run:?}");
        assert_eq!(tree(&self.output), self.new, "{when}");
        assert_eq!(names(self.output.parent().unwrap()), ["public", "sito"], "{when}: leftovers");
    }
}

/// Starts a build of `versions` with `environment`, waits until it prints `pausa: STEP` (when
/// given) or for `delay`, then kills it with SIGKILL.
fn kill_build(versions: &TwoVersions, environment: &[(&str, &str)], step: Option<&str>, delay: Duration) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_trasparenza"))
        .args(["build", "--site", versions.site.to_str().unwrap(), "--output", versions.output.to_str().unwrap()])
        .envs(environment.iter().copied())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(step) = step {
        let stderr = BufReader::new(child.stderr.take().unwrap());
        let paused = stderr.lines().map_while(Result::ok).any(|line| line == format!("pausa: {step}"));
        assert!(paused, "the build never reached {step}");
    } else {
        std::thread::sleep(delay);
    }
    child.kill().unwrap();
    child.wait().unwrap();
}

#[test]
fn a_build_killed_between_the_steps_of_the_swap_leaves_the_old_or_the_new_site() {
    let pause = trasparenza::output::PAUSE_VARIABLE;
    let no_exchange = trasparenza::output::NO_EXCHANGE_VARIABLE;
    for (step, environment, expected) in [
        ("generato", vec![(pause, "generato")], "old"),
        ("scambiato", vec![(pause, "scambiato")], "new"),
        ("generato", vec![(pause, "generato"), (no_exchange, "1")], "old"),
    ] {
        let versions = TwoVersions::new();
        kill_build(&versions, &environment, Some(step), Duration::ZERO);
        assert_eq!(versions.assert_whole(step), expected, "{step}");
        versions.assert_next_build_clears_everything(step);
    }
}

#[test]
fn a_build_killed_between_two_renames_is_put_right_by_the_next_run_even_a_failing_one() {
    let versions = TwoVersions::new();
    let environment =
        [(trasparenza::output::PAUSE_VARIABLE, "tra-le-rinomine"), (trasparenza::output::NO_EXCHANGE_VARIABLE, "1")];
    kill_build(&versions, &environment, Some("tra-le-rinomine"), Duration::ZERO);
    assert!(!versions.output.exists(), "without an exchange the output is briefly missing");
    // A build that stops on bad data still puts the previous site back.
    let steps = versions.site.join("data/piao-2025-2027/fasi.csv");
    let good = std::fs::read(&steps).unwrap();
    std::fs::write(&steps, b"non,una,tabella\n\"aperta").unwrap();
    assert_eq!(build(&versions.site, &versions.output).code, 1);
    assert_eq!(versions.assert_whole("after a failing run"), "old");
    std::fs::write(&steps, good).unwrap();
    versions.assert_next_build_clears_everything("tra-le-rinomine");
}

#[test]
fn builds_killed_at_any_moment_leave_the_old_or_the_new_site() {
    let versions = TwoVersions::new();
    let mut seen = Vec::new();
    for delay in [0, 5, 20, 50, 100, 200, 400, 800] {
        kill_build(&versions, &[], None, Duration::from_millis(delay));
        seen.push(versions.assert_whole(&format!("killed after {delay} ms")));
        // Back to the old site for the next try, through a build of the old data.
        versions.assert_next_build_clears_everything(&format!("after {delay} ms"));
        let config = std::fs::read_to_string(versions.site.join("config.toml")).unwrap();
        std::fs::write(versions.site.join("config.toml"), config.replacen("Nuovo: ", "", 1)).unwrap();
        assert_eq!(build(&versions.site, &versions.output).code, 0);
        assert_eq!(tree(&versions.output), versions.old);
        std::fs::write(versions.site.join("config.toml"), config).unwrap();
    }
    assert!(seen.contains(&"old"), "some kill came before the swap: {seen:?}");
}

#[test]
fn concurrent_builds_take_turns_and_leave_nothing_beside_the_output() {
    let versions = TwoVersions::new();
    let spawn = || {
        Command::new(env!("CARGO_BIN_EXE_trasparenza"))
            .args(["build", "--site", versions.site.to_str().unwrap(), "--output", versions.output.to_str().unwrap()])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let children: Vec<_> = (0..3).map(|_| spawn()).collect();
    for child in children {
        let output = child.wait_with_output().unwrap();
        assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    }
    assert_eq!(tree(&versions.output), versions.new);
    assert_eq!(names(versions.output.parent().unwrap()), ["public", "sito"]);
}

#[test]
fn a_second_preview_of_the_same_site_stops_with_a_clear_message() {
    let site = SiteTest::copy_of(&fixture("base"));
    // The previews write under the system's temporary folder: this one.
    let temporary = tempfile::tempdir().unwrap();
    let serve = || {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port().to_string();
        let mut command = Command::new(env!("CARGO_BIN_EXE_trasparenza"));
        command
            .args(["serve", "--site", site.path().to_str().unwrap(), "--port", &port])
            .env("TMPDIR", temporary.path());
        command
    };
    let mut first = serve().stdout(Stdio::piped()).stderr(Stdio::null()).spawn().unwrap();
    let stdout = BufReader::new(first.stdout.take().unwrap());
    assert!(stdout.lines().map_while(Result::ok).any(|line| line.starts_with("Anteprima su")));
    let second = serve().output().unwrap();
    let _ = first.kill();
    let _ = first.wait();
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert_eq!(second.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("un'altra generazione o anteprima sta scrivendo"), "{stderr}");
}
