//! The project's only driver: `cargo xtask <command>` reads `spec/`, calls the pure
//! `codegen` library, and is the one place that touches the disk.

mod bench_build;
mod diff;
mod flags;
mod generate;

mod tidy;

use std::io::Write as _;
use std::process::ExitCode;

use clap::Parser as _;
use codegen::Severity;
use xtask::spec;

use flags::{Command, Deny, DiffFormat, Flags, LintFormat};

// A run parses about 3,300 pages into many small allocations and frees them again;
// mimalloc takes about an eighth off `codegen::load` against glibc's allocator (see the
// README's "Why these dependencies").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let flags = Flags::parse();
    match run(flags.command) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(command: Command) -> Result<ExitCode, String> {
    match command {
        Command::Codegen { check, spec } => {
            let mode = if check { generate::Mode::Check } else { generate::Mode::Write };
            let outcome = generate::run(&spec::workspace_root(), &spec.dir(), mode)?;
            Ok(if generate::report(&outcome, mode) { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
        Command::BenchBuild { only } => {
            bench_build::run(&spec::workspace_root(), &only)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Ir { spec } => {
            let files = spec::read_spec(&spec.dir())?;
            let loaded = codegen::load(&files);
            let json = serde_json::to_string_pretty(&loaded.api).map_err(|e| e.to_string())?;
            write_stdout(&format!("{json}\n"))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Lint { spec, format } => {
            let files = spec::read_spec(&spec.dir())?;
            let loaded = codegen::load(&files);
            let text = match format {
                LintFormat::Json => {
                    let report = serde_json::json!({ "summary": loaded.summary, "diagnostics": loaded.diagnostics });
                    format!("{}\n", serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?)
                }
                LintFormat::Human => human_report(&loaded, &files),
            };
            write_stdout(&text)?;
            let has_errors = loaded.diagnostics.iter().any(|d| d.severity == Severity::Error);
            Ok(if has_errors { ExitCode::from(1) } else { ExitCode::SUCCESS })
        }
        Command::Diff { old, new, format, deny } => {
            let found = diff::compare(&spec::workspace_root(), &old, new.as_deref())?;
            let text = match format {
                DiffFormat::Human => found.to_human(),
                DiffFormat::Markdown => found.to_markdown(),
                DiffFormat::Json => found.to_json(),
            };
            write_stdout(&text)?;
            let denied = deny == Some(Deny::Breaking) && found.has_breaking();
            Ok(if denied { ExitCode::from(1) } else { ExitCode::SUCCESS })
        }
    }
}

fn human_report(loaded: &codegen::Loaded, files: &[codegen::SpecFile]) -> String {
    let mut out = String::new();
    for diagnostic in &loaded.diagnostics {
        // Lines as the parser counted them (a lone carriage return ends one too).
        let text = files.iter().find(|f| f.path == diagnostic.file).map(|f| codegen::parse::markdown::with_lone_carriage_returns_as_line_feeds(&f.text));
        out.push_str(&diagnostic.render(text.as_deref()));
        out.push('\n');
    }
    let s = &loaded.summary;
    out.push_str(&format!(
        "summary: {} pages ({} API, {} resource, {} enum); {} operations, {} paths; {} types, {} properties, {} enums; {} JSON examples, {} parsed, {} checked\n",
        s.pages, s.api_pages, s.resource_pages, s.enum_pages, s.operations, s.paths, s.types, s.properties, s.enums, s.examples, s.examples_parsed, s.examples_checked
    ));
    let severities = s.diagnostics_by_severity.iter().map(|(k, v)| format!("{v} {k}s")).collect::<Vec<_>>().join(", ");
    out.push_str(&format!("diagnostics: {}\n", if severities.is_empty() { "none".to_owned() } else { severities }));
    let mut by_code: Vec<_> = s.diagnostics_by_code.iter().collect();
    by_code.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    for (code, count) in by_code {
        out.push_str(&format!("  {count:>6}  {code}\n"));
    }
    out
}

/// Writes to stdout, treating a closed pipe (`| head`) as success.
fn write_stdout(text: &str) -> Result<(), String> {
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(error) => Err(format!("cannot write to stdout: {error}")),
    }
}
