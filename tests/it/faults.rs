//! Faults during a build, through the real binary: templates that would run forever or
//! allocate without end, `build` killed with SIGKILL at random moments, a missing,
//! write-protected or full output location. In every case the user gets one German message
//! and `output/` holds the old complete set (or, after a kill, the new complete set).

use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::support::{TestDir, build, build_command, finish, folder_contents, redact};

/// A work folder with the example as `input/` and its first build in `output/`.
struct Built {
    work: TestDir,
}

impl Built {
    fn new() -> Self {
        let work = TestDir::new();
        work.example("input");
        let built = Self { work };
        let (code, _, stderr) = build(&built.input(), &built.output());
        assert_eq!(code, 0, "{stderr}");
        built
    }

    fn input(&self) -> PathBuf {
        self.work.path().join("input")
    }

    fn output(&self) -> PathBuf {
        self.work.path().join("output")
    }

    /// `text` with the work folder as `[WORK]`, for a snapshot.
    fn redact(&self, text: &str) -> String {
        redact(text, &[(self.work.path(), "[WORK]")])
    }

    /// Puts `text` in `templates/beschlussvorlage.typ` beside the project.
    fn template(&self, text: &str) {
        let dir = self.work.path().join("templates");
        std::fs::create_dir_all(&dir).expect("mkdir");
        std::fs::write(dir.join("beschlussvorlage.typ"), text).expect("write template");
    }

    /// Builds with the environment variables `env`; exit code, stderr and the time taken.
    fn build_with(&self, env: &[(&str, &str)]) -> (i32, String, Duration) {
        let mut command = build_command(&self.input(), &self.output());
        command.envs(env.iter().copied());
        let started = Instant::now();
        let (code, _, stderr) = finish(&mut command);
        (code, stderr, started.elapsed())
    }
}

#[test]
fn an_enormous_template_range_stops_at_the_memory_cap_and_keeps_the_output() {
    let built = Built::new();
    let before = folder_contents(&built.output());
    built.template("#set document(title: \"x\")\n#range(1000000000).len()\n");
    let (code, stderr, took) = built.build_with(&[("RATSVORLAGE_SPEICHER_MIB", "2048")]);
    assert_eq!(code, 1, "{stderr}");
    // „Die Vorlagen brauchen beim Satz mehr als 2 GiB Arbeitsspeicher“, the likely cause „…
    // in templates/ oder texte/*.typ ist vermutlich zu groß“, „Ausgabeordner ist unverändert“.
    insta::assert_snapshot!("memory_cap", built.redact(&stderr));
    assert!(took < Duration::from_secs(60), "took {took:?}");
    assert_eq!(folder_contents(&built.output()), before);
}

#[test]
fn an_endless_template_loop_stops_at_the_time_limit_and_keeps_the_output() {
    let built = Built::new();
    let before = folder_contents(&built.output());
    // 10^10 iterations: Typst's own cap (10,000 for `while`) does not apply to `for`.
    built.template(
        "#set document(title: \"x\")\n#for i in range(100000) { for j in range(100000) { } }\n",
    );
    let (code, stderr, took) = built.build_with(&[("RATSVORLAGE_SATZ_SEKUNDEN", "3")]);
    assert_eq!(code, 1, "{stderr}");
    // „Der Satz der Dokumente dauert länger als 3 Sekunden und wurde abgebrochen.“, …,
    // „Ausgabeordner ist unverändert“.
    insta::assert_snapshot!("time_limit", built.redact(&stderr));
    assert!(took < Duration::from_secs(60), "took {took:?}");
    assert!(took >= Duration::from_secs(3), "took {took:?}");
    assert_eq!(folder_contents(&built.output()), before);
}

#[test]
fn invalid_guard_settings_are_named() {
    let built = Built::new();
    let (code, stderr, _) = built.build_with(&[("RATSVORLAGE_SATZ_SEKUNDEN", "fünf")]);
    assert_eq!(code, 1);
    // „Die Umgebungsvariable RATSVORLAGE_SATZ_SEKUNDEN muss eine ganze Zahl größer 0 in
    // Sekunden angeben, ist aber „fünf“. …“, and nothing else.
    insta::assert_snapshot!("invalid_guard_setting", stderr);
}

/// A small pseudo-random sequence (xorshift), seeded from the clock unless `RV_KILL_SEED`
/// is set; the seed is printed so a failing run can be repeated.
struct Zufall(u64);

impl Zufall {
    fn new() -> Self {
        let seed = std::env::var("RV_KILL_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .expect("clock after 1970")
                    .subsec_nanos() as u64
                    | 1
            });
        println!("RV_KILL_SEED={seed}");
        Self(seed)
    }

    /// A number in `0..below`.
    fn below(&mut self, below: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % below.max(1)
    }
}

/// Replaces `from` by `to` (both ASCII) in the file at `path`, whatever its encoding.
fn change(path: &Path, from: &str, to: &str) {
    let bytes = std::fs::read(path).expect("read");
    let text: String = bytes.iter().map(|&b| char::from(b)).collect();
    assert!(text.contains(from), "{} holds {from}", path.display());
    let changed: Vec<u8> = text
        .replace(from, to)
        .chars()
        .map(|c| u8::try_from(u32::from(c)).expect("Latin-1"))
        .collect();
    std::fs::write(path, changed).expect("write");
}

#[test]
fn a_killed_build_leaves_the_old_or_the_new_complete_set() {
    let work = TestDir::new();
    // Two projects whose outputs differ in every file: the Betreff stands in the
    // Beschlussvorlage, the measure in the Anlage, both in konzept.json and the package.
    let (a, b) = (work.example("a/input"), work.example("b/input"));
    change(
        &b.join("konzept.toml"),
        "betreff = \"Kommunales",
        "betreff = \"Erneuertes",
    );
    change(
        &b.join("ag/ag-4_massnahmen.csv"),
        "Politische Bildung",
        "Politische Weiterbildung",
    );
    let reference = |project: &Path, name: &str| {
        let out = work.path().join(name);
        let started = Instant::now();
        assert_eq!(build(project, &out).0, 0);
        (folder_contents(&out), started.elapsed())
    };
    let (set_a, duration) = reference(&a, "referenz-a");
    let (set_b, _) = reference(&b, "referenz-b");
    assert!(
        set_a
            .iter()
            .all(|(name, bytes)| name.starts_with('.') || set_b.get(name) != Some(bytes)),
        "every file must differ between the two sets"
    );

    let out = work.path().join("output");
    assert_eq!(build(&a, &out).0, 0);
    let mut zufall = Zufall::new();
    let window = duration.as_millis() as u64 * 5 / 4;
    let (mut unchanged, mut replaced) = (0, 0);
    for round in 0..12 {
        // Build the other project than the one whose set is in place.
        let now_a = folder_contents(&out) == set_a;
        let (project, old, new) = if now_a {
            (&b, &set_a, &set_b)
        } else {
            (&a, &set_b, &set_a)
        };
        let mut child = build_command(project, &out)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("start build");
        let delay = zufall.below(window);
        std::thread::sleep(Duration::from_millis(delay));
        child.kill().expect("SIGKILL");
        child.wait().expect("wait");
        let found = folder_contents(&out);
        if &found == old {
            unchanged += 1;
        } else if &found == new {
            replaced += 1;
        } else {
            panic!(
                "round {round}, killed after {delay} ms: output/ is neither the old nor the new \
                 set: {:?}",
                found.keys().collect::<Vec<_>>()
            );
        }
    }
    println!("12 kills: {unchanged}× old set, {replaced}× new set");
    // A build after the kills completes and cleans up what they left.
    assert_eq!(build(&a, &out).0, 0);
    assert_eq!(folder_contents(&out), set_a);
    let mut beside: Vec<String> = std::fs::read_dir(work.path())
        .expect("read")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    beside.sort();
    assert_eq!(beside, ["a", "b", "output", "referenz-a", "referenz-b"]);
}

#[test]
fn a_missing_output_folder_is_created_with_its_parents() {
    let work = TestDir::new();
    let out = work.path().join("neu/tief/output");
    let (code, stdout, stderr) = build(&crate::support::example_copy().1, &out);
    assert_eq!(code, 0, "{stderr}");
    assert!(out.join("konzept.json").is_file(), "{stdout}");
}

#[test]
fn an_output_folder_below_a_file_is_refused_in_german() {
    let work = TestDir::new();
    std::fs::write(work.path().join("datei"), "x").expect("write");
    let out = work.path().join("datei/output");
    let (code, _, stderr) = build(&crate::support::example_copy().1, &out);
    assert_eq!(code, 1, "{stderr}");
    // „[TEMP]/datei/output kann nicht gelesen werden: ein Teil des Pfades ist kein Ordner“, …,
    // „Ausgabeordner ist unverändert“.
    insta::assert_snapshot!(
        "output_below_a_file",
        redact(&stderr, &[(work.path(), "[TEMP]")])
    );
}

#[test]
fn a_write_protected_output_folder_is_refused_and_keeps_its_files() {
    let built = Built::new();
    let out = built.output();
    let before = folder_contents(&out);
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o555)).expect("chmod");
    let (code, stderr, _) = built.build_with(&[]);
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    assert_eq!(code, 1, "{stderr}");
    let canonical = std::fs::canonicalize(&out).expect("canonical");
    assert!(
        stderr.starts_with(&format!(
            "Der Ausgabeordner {} ist schreibgeschützt.",
            canonical.display()
        )),
        "{stderr}"
    );
    insta::assert_snapshot!("write_protected", built.redact(&stderr));
    assert_eq!(folder_contents(&out), before);
}

/// A tmpfs mounted for one test, unmounted when dropped.
struct Tmpfs(PathBuf);

impl Tmpfs {
    /// Mounts a tmpfs of `mib` MiB at `dir`; `None` where mounting is not allowed.
    fn mount(dir: &Path, mib: u32) -> Option<Self> {
        std::fs::create_dir_all(dir).expect("mkdir");
        let status = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={mib}m"), "tmpfs"])
            .arg(dir)
            .stderr(std::process::Stdio::null())
            .status()
            .ok()?;
        status.success().then(|| Self(dir.to_path_buf()))
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
    }
}

/// Fills the file system of `dir` with a file until it is full.
fn fill(dir: &Path) {
    use std::io::Write;
    let mut file = std::fs::File::create(dir.join("fuellung")).expect("create");
    let chunk = vec![0u8; 4096];
    while file.write_all(&chunk).is_ok() {}
    let _ = file.sync_all();
}

#[test]
fn a_full_disk_gives_a_clear_error_and_keeps_the_old_files() {
    let work = TestDir::new();
    let Some(disk) = Tmpfs::mount(&work.path().join("disk"), 16) else {
        println!("mount -t tmpfs is not allowed here; the RLIMIT_FSIZE test covers write errors");
        return;
    };
    let out = disk.0.join("output");
    assert_eq!(build(&crate::support::example_copy().1, &out).0, 0);
    let before = folder_contents(&out);
    fill(&disk.0);
    let project = work.example("input");
    change(
        &project.join("konzept.toml"),
        "betreff = \"Kommunales",
        "betreff = \"Neues",
    );
    let (code, _, stderr) = build(&project, &out);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("der Datenträger ist voll"),
        "the message names the cause: {stderr}"
    );
    assert!(stderr.contains("Ausgabeordner ist unverändert"), "{stderr}");
    assert_eq!(folder_contents(&out), before);
}

#[test]
fn a_file_size_limit_gives_a_clear_error_and_keeps_the_old_files() {
    let built = Built::new();
    let before = folder_contents(&built.output());
    // New bytes, so that the build must write (unchanged files would be hard-linked).
    change(
        &built.input().join("konzept.toml"),
        "betreff = \"Kommunales",
        "betreff = \"Neues",
    );
    let mut command = build_command(&built.input(), &built.output());
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        command.pre_exec(|| {
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            let limit = libc::rlimit {
                rlim_cur: 16 << 10,
                rlim_max: 16 << 10,
            };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &limit) == 0 {
                Ok(())
            } else {
                Err(std::io::Error::last_os_error())
            }
        });
    }
    let (code, _, stderr) = finish(&mut command);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("die Datei überschreitet die zulässige Dateigröße"),
        "{stderr}"
    );
    assert!(stderr.contains("Ausgabeordner ist unverändert"), "{stderr}");
    assert_eq!(folder_contents(&built.output()), before);
}
