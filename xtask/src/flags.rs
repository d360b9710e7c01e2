//! The command line, as one declaration.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(name = "cargo xtask", about = "Generate and check the Microsoft Graph bindings from spec/")]
pub struct Flags {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Regenerate every generated file from `spec/` (only files whose text changed are written).
    Codegen {
        /// Write nothing; print a diff of stale files and exit 1 if anything differs.
        #[arg(long)]
        check: bool,
        // Another version or checkout of the reference, generated into the same files.
        #[command(flatten)]
        spec: SpecArg,
    },
    /// Time clean builds of graph-models and graph-client (debug/release, all features/one workload).
    BenchBuild {
        /// Only the configurations whose label contains this text.
        #[arg(long, default_value = "")]
        only: String,
    },
    /// Print the API model (IR) of a spec folder as JSON.
    Ir {
        #[command(flatten)]
        spec: SpecArg,
    },
    /// Print the diagnostics of a spec folder and a summary; exit 1 if there are errors.
    Lint {
        #[command(flatten)]
        spec: SpecArg,
        #[arg(long, value_enum, default_value_t = LintFormat::Human)]
        format: LintFormat,
    },
    /// Compare the API of two specs; list each change, breaking or additive, by workload.
    Diff {
        /// The old side: a spec folder, or else a git revision whose `spec/v1.0` is read.
        #[arg(long, value_name = "DIR|REV", default_value = "HEAD")]
        old: String,
        /// The new side, like `--old`; the default is the working tree's `spec/v1.0`.
        #[arg(long, value_name = "DIR|REV")]
        new: Option<String>,
        #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
        format: DiffFormat,
        /// Exit 1 when a change of this class is found.
        #[arg(long, value_enum, value_name = "CLASS")]
        deny: Option<Deny>,
    },
}

#[derive(Debug, Args)]
pub struct SpecArg {
    /// A folder laid out like the docs' `api-reference/<version>` (with `api/` and `resources/`).
    #[arg(long = "spec", value_name = "DIR")]
    pub spec: Option<PathBuf>,
}

impl SpecArg {
    pub fn dir(&self) -> PathBuf {
        self.spec.clone().unwrap_or_else(xtask::spec::default_spec_dir)
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum LintFormat {
    Human,
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum DiffFormat {
    /// One line per change, under its workload.
    Human,
    /// A section for a pull request or CHANGELOG.
    Markdown,
    /// `{"breaking": n, "additive": n, "changes": [...]}` for tools.
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Deny {
    Breaking,
}
