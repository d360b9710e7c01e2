//! `cargo xtask bench-build`: clean builds of graph-models and graph-client, debug and
//! release, with all features and with one workload, plus the release build of the
//! registry, which decodes every model type from JSON once (the cost a client with an
//! endpoint per type pays), and of reqwest + tokio + serde alone (graph-client with no
//! workload), the floor any client pays.
//!
//! Each build is of a new crate that depends on the package, as a user's would be: the
//! workspace's own profile settings (the generator's dependencies, serde_json among them,
//! are optimised even in dev builds) apply only inside this workspace, so a build of the
//! member itself would time something no user builds.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

struct Config {
    label: &'static str,
    package: &'static str,
    release: bool,
    features: &'static str,
}

const CONFIGS: &[Config] = &[
    Config { package: "graph-models", label: "models debug, all features", release: false, features: "full" },
    Config { package: "graph-models", label: "models debug, cloud-communications", release: false, features: "cloud-communications" },
    Config { package: "graph-models", label: "models release, all features", release: true, features: "full" },
    Config { package: "graph-models", label: "models release, cloud-communications", release: true, features: "cloud-communications" },
    Config { package: "graph-models", label: "models release, decode every type (all features + registry)", release: true, features: "full,registry" },
    Config {
        package: "graph-models",
        label: "models release, decode every type (cloud-communications + registry)",
        release: true,
        features: "cloud-communications,registry",
    },
    Config { package: "graph-client", label: "client debug, all features", release: false, features: "full" },
    Config { package: "graph-client", label: "client debug, cloud-communications", release: false, features: "cloud-communications" },
    Config { package: "graph-client", label: "client debug, no workload (reqwest + tokio + serde + runtime)", release: false, features: "" },
    Config { package: "graph-client", label: "client release, all features", release: true, features: "full" },
    Config { package: "graph-client", label: "client release, cloud-communications", release: true, features: "cloud-communications" },
    Config { package: "graph-client", label: "client release, no workload (reqwest + tokio + serde + runtime)", release: true, features: "" },
];

/// The manifest of a library crate that depends on `config.package` with exactly its
/// features, outside every workspace.
fn consumer_manifest(root: &Path, config: &Config) -> String {
    let package_dir = root.join(config.package);
    let features: Vec<String> = config.features.split(',').filter(|f| !f.is_empty()).map(|f| format!("{f:?}")).collect();
    format!(
        "[package]\nname = \"bench-build-consumer\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n[dependencies]\n{} = {{ path = {:?}, default-features = false, features = [{}] }}\n\n[workspace]\n",
        config.package,
        package_dir.display().to_string(),
        features.join(", ")
    )
}

/// Runs the configurations whose label contains `only` (all when empty); each build
/// starts from an empty target folder, so dependencies are included, as for a new user.
pub fn run(root: &Path, only: &str) -> Result<(), String> {
    let scratch = std::env::temp_dir().join("graph-rs-bench-build");
    println!("| build | wall time |\n| --- | --- |");
    for config in CONFIGS.iter().filter(|c| c.label.contains(only)) {
        if scratch.exists() {
            std::fs::remove_dir_all(&scratch).map_err(|e| format!("cannot clear {}: {e}", scratch.display()))?;
        }
        let consumer = scratch.join("consumer");
        let write = |path: &Path, text: &str| std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()));
        std::fs::create_dir_all(consumer.join("src")).map_err(|e| format!("cannot create {}: {e}", consumer.display()))?;
        write(&consumer.join("Cargo.toml"), &consumer_manifest(root, config))?;
        write(&consumer.join("src/lib.rs"), "//! Empty: only the dependency's build is timed.\n")?;
        // The workspace's lock file, so the dependencies are the versions CI tests.
        std::fs::copy(root.join("Cargo.lock"), consumer.join("Cargo.lock")).map_err(|e| format!("cannot copy Cargo.lock: {e}"))?;
        let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()));
        command.current_dir(&consumer).env("CARGO_TARGET_DIR", scratch.join("target")).args(["build", "--quiet"]);
        if config.release {
            command.arg("--release");
        }
        let started = Instant::now();
        let status = command.status().map_err(|e| format!("cannot run cargo: {e}"))?;
        let seconds = started.elapsed().as_secs_f64();
        if !status.success() {
            return Err(format!("build failed: {}", config.label));
        }
        println!("| {} | {seconds:.1} s |", config.label);
    }
    let _ = std::fs::remove_dir_all(&scratch);
    Ok(())
}
