//! `SiteTest`: a site folder copied into a temporary directory, changed, and run through the
//! `trasparenza` binary.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The repository root (the main example site).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture folder under `tests/fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    repo_root().join("tests/fixtures").join(name)
}

/// What a run of the binary printed and how it exited.
#[derive(Debug)]
pub struct Run {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
}

/// Runs `trasparenza` with `args`, its standard output and error piped.
pub fn run(args: &[&str]) -> Run {
    run_with(args, &[])
}

/// Runs `trasparenza` with `args` and the environment variables `vars`, none of the variables
/// that ask for colours or forbid them set unless in `vars`.
pub fn run_with(args: &[&str], vars: &[(&str, &str)]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_trasparenza"));
    for colours in ["CLICOLOR", "CLICOLOR_FORCE", "NO_COLOR", "FORCE_COLOR"] {
        command.env_remove(colours);
    }
    let output = command.args(args).envs(vars.iter().copied()).output().expect("the binary runs");
    Run {
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        code: output.status.code().unwrap_or(-1),
    }
}

/// A site in a temporary folder.
pub struct SiteTest {
    dir: tempfile::TempDir,
}

impl SiteTest {
    /// A copy of the site folder `source` (only its site files: config, data, content, static).
    pub fn copy_of(source: &Path) -> Self {
        let dir = tempfile::tempdir().expect("temporary folder");
        for entry in ["config.toml", "data", "content", "static"] {
            let from = source.join(entry);
            if from.exists() {
                copy_recursive(&from, &dir.path().join(entry));
            }
        }
        SiteTest { dir }
    }

    /// The site folder.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes `bytes` to the site file `relative`, creating folders.
    pub fn write(&self, relative: &str, bytes: impl AsRef<[u8]>) {
        let path = self.path().join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }

    /// Removes the site file or folder `relative`.
    pub fn remove(&self, relative: &str) {
        let path = self.path().join(relative);
        if path.is_dir() { std::fs::remove_dir_all(path) } else { std::fs::remove_file(path) }.unwrap();
    }

    /// Runs `trasparenza build` on the site with extra arguments; the site goes to `public/`.
    pub fn build(&self, extra: &[&str]) -> Run {
        let site = self.path().to_str().unwrap().to_string();
        let mut args = vec!["build", "--site", &site];
        args.extend_from_slice(extra);
        run(&args)
    }

    /// Checks that `check` reports errors (exit 1) containing every one of `needles`, and that
    /// `build` then fails with the same report and leaves the output of the previous build
    /// (made before the problem was introduced by the caller) as it was. Returns the report.
    pub fn check_and_build_fail(&self, before: &BTreeMap<String, Vec<u8>>, needles: &[&str]) -> String {
        let checked = self.check(&[]);
        assert_eq!(checked.code, 1, "{}{}", checked.stdout, checked.stderr);
        for needle in needles {
            assert!(checked.stdout.contains(needle), "«{needle}» missing from:\n{}", checked.stdout);
        }
        let built = self.build(&[]);
        assert_eq!(built.code, 1, "{}{}", built.stdout, built.stderr);
        // Piped, the build's progress comes first, one plain line per stage.
        let report: String =
            built.stderr.split_inclusive('\n').filter(|line| !line.starts_with("Generazione del sito: ")).collect();
        assert!(report.starts_with(&checked.stdout), "build:\n{}\ncheck:\n{}", built.stderr, checked.stdout);
        assert_eq!(&tree(&self.path().join("public")), before, "the previous output changed");
        checked.stdout
    }

    /// Runs `trasparenza check` on the site with extra arguments.
    pub fn check(&self, extra: &[&str]) -> Run {
        let site = self.path().to_str().unwrap().to_string();
        let mut args = vec!["check", "--site", &site];
        args.extend_from_slice(extra);
        run(&args)
    }
}

/// Copies a file or a folder tree.
pub fn copy_recursive(from: &Path, to: &Path) {
    if from.is_dir() {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            copy_recursive(&entry.path(), &to.join(entry.file_name()));
        }
    } else {
        std::fs::copy(from, to).unwrap();
    }
}

/// Every file under `dir`, by `/`-separated relative path, with its bytes.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(dir: &Path, prefix: &str, files: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
            if entry.file_type().unwrap().is_dir() {
                walk(&entry.path(), &format!("{name}/"), files);
            } else {
                files.insert(name, std::fs::read(entry.path()).unwrap());
            }
        }
    }
    let mut files = BTreeMap::new();
    walk(dir, "", &mut files);
    files
}
