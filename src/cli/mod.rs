//! Command-line interface. `main.rs` calls [`run`] with the process's
//! arguments and streams; everything else happens here and below, writing
//! only to the streams given.

mod check;
mod config;
mod convert;
mod failure;
mod rules;
mod setup;

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

pub use failure::Failure;

use crate::report::Format;

/// Exit status: no error-severity findings.
pub const EXIT_OK: u8 = 0;
/// Exit status: error-severity findings.
pub const EXIT_FINDINGS: u8 = 1;
/// Exit status: usage, configuration or I/O failure.
pub const EXIT_FAILURE: u8 = 2;

#[derive(Parser, Debug)]
#[command(
    name = "tclint",
    version,
    about = "Content linter and migration tool for legacy documentation sites"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,

    /// When to use colors.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,

    /// Use this configuration file instead of the nearest tclint.toml.
    #[arg(long, global = true, value_name = "FILE", conflicts_with = "isolated")]
    config: Option<PathBuf>,

    /// Ignore all configuration files: defaults only.
    #[arg(long, global = true)]
    isolated: bool,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Check pages for broken links and anchors, stale hosts, placeholders and markup problems.
    Check(CheckArgs),
    /// List the rules.
    Rules {
        /// Output format.
        #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
        format: RulesFormat,
    },
    /// Show a rule's documentation.
    Rule {
        /// Rule name or code (`broken-anchor`, `TC101`).
        name: String,
    },
    /// Print the effective configuration and where each value comes from.
    Config {
        /// A page or folder of the site (default: the working directory).
        path: Option<PathBuf>,
    },
    /// Migrate the whole site to unified Markdown, verified page by page.
    Convert(ConvertArgs),
    /// Manage the cache of external link checks (`--online`).
    Cache {
        #[command(subcommand)]
        action: CacheAction,
    },
    /// Print a shell completion script.
    Completions { shell: clap_complete::Shell },
    /// Print the manual page (roff).
    Man,
}

#[derive(Args, Debug)]
struct ConvertArgs {
    /// The legacy site's folder.
    site: PathBuf,

    /// Where to write the unified Markdown site (outside SITE).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,

    /// Write into OUT even if it is not empty.
    #[arg(long)]
    force: bool,

    /// Convert and verify, print what would be written, write nothing.
    #[arg(long, conflicts_with = "diff")]
    dry_run: bool,

    /// Show one page's conversion as a diff against what OUT holds; write nothing.
    #[arg(long, value_name = "PAGE")]
    diff: Option<PathBuf>,

    /// What to do with files that are not pages.
    #[arg(long, value_enum, default_value_t = convert::Assets::Copy)]
    assets: convert::Assets,

    /// Follow symbolic links that lead out of the site into DIR (repeatable).
    /// Without it, such links are reported and not followed.
    #[arg(long, value_name = "DIR")]
    follow_links: Vec<PathBuf>,
}

#[derive(Subcommand, Debug)]
enum CacheAction {
    /// Delete the cache (`.tclint-cache/` at the site root).
    Clear {
        /// A page or folder of the site (default: the working directory).
        path: Option<PathBuf>,
    },
}

#[derive(Args, Debug)]
struct CheckArgs {
    /// Pages or directories to report on (default: the whole site). The whole
    /// site is always loaded, so links resolve against every page.
    paths: Vec<PathBuf>,

    /// Rules to run: names, codes, code prefixes or families, comma-separated.
    #[arg(long, value_name = "RULES")]
    select: Vec<String>,

    /// Rules to skip: names, codes, code prefixes or families, comma-separated.
    #[arg(long, value_name = "RULES")]
    ignore: Vec<String>,

    /// Also run the rules in preview (`tclint rules` shows which): not yet
    /// shown to hold on sites they were not developed on.
    #[arg(long)]
    preview: bool,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Full)]
    format: Format,

    /// Print findings only, no summary.
    #[arg(long, short)]
    quiet: bool,

    /// Apply safe fixes (atomic writes; bytes outside each edit are kept).
    #[arg(long)]
    fix: bool,

    /// Show the safe fixes as a diff; write nothing.
    #[arg(long, conflicts_with = "fix")]
    diff: bool,

    /// The site root (default: the directory of tclint.toml, or the checked directory).
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,

    /// Worker threads (default: one per core).
    #[arg(long, value_name = "N")]
    threads: Option<usize>,

    /// Print how long each phase took to stderr.
    #[arg(long, hide = true)]
    timings: bool,

    /// With --fix: exit with status 1 when files were changed (for
    /// pre-commit, which then asks to review and stage the changes).
    #[arg(long, requires = "fix")]
    exit_non_zero_on_fix: bool,

    /// Report only findings not recorded in this baseline file.
    #[arg(long, value_name = "FILE", conflicts_with = "write_baseline")]
    baseline: Option<PathBuf>,

    /// Record today's findings in a baseline file and exit 0.
    #[arg(long, value_name = "FILE")]
    write_baseline: Option<PathBuf>,

    /// Also request every external http(s) link (and check its #fragment).
    #[arg(long)]
    online: bool,

    /// With --online: neither read nor write the cache of earlier results.
    #[arg(long, requires = "online")]
    no_cache: bool,

    /// With --online: allow requests to loopback, private, link-local and reserved addresses.
    #[arg(long, requires = "online")]
    allow_private: bool,

    /// Follow symbolic links that lead out of the site into DIR (repeatable).
    /// Without it, such links are reported and not followed.
    #[arg(long, value_name = "DIR")]
    follow_links: Vec<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum RulesFormat {
    Text,
    Json,
}

/// What the process knows about its surroundings.
pub struct Environment {
    pub current_dir: PathBuf,
    /// Whether stdout is a terminal.
    pub stdout_is_terminal: bool,
    /// Where progress bars draw, if anywhere: the binary passes the
    /// process's stderr when it is a terminal, so that nothing here picks
    /// a stream by itself.
    pub progress_bars: Option<fn() -> indicatif::ProgressDrawTarget>,
    /// `NO_COLOR` is set (and not empty).
    pub no_color: bool,
    pub terminal_width: usize,
    /// The proxies `HTTP_PROXY`, `HTTPS_PROXY`, `ALL_PROXY` and `NO_PROXY`
    /// set (for `--online`).
    pub proxies: crate::online::ProxySettings,
}

impl Environment {
    /// The real environment of this process.
    pub fn detect() -> Environment {
        use std::io::IsTerminal;
        Environment {
            current_dir: std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")),
            stdout_is_terminal: std::io::stdout().is_terminal(),
            progress_bars: std::io::stderr()
                .is_terminal()
                .then_some(indicatif::ProgressDrawTarget::stderr as fn() -> _),
            no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
            terminal_width: std::env::var("COLUMNS")
                .ok()
                .and_then(|c| c.parse().ok())
                .unwrap_or(100),
            proxies: crate::online::ProxySettings::from_variables(|name| std::env::var(name).ok()),
        }
    }
}

/// Runs tclint with `args` (program name first); returns the exit status.
/// Made for the binary, which exits next: `check` leaves the site it loaded
/// for the exit to free.
pub fn run(
    args: impl IntoIterator<Item = impl Into<OsString> + Clone>,
    environment: &Environment,
    stdout: &mut (dyn Write + Send),
    stderr: &mut dyn Write,
) -> u8 {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(error) => {
            let is_info = matches!(
                error.kind(),
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion
            );
            let out: &mut dyn Write = if is_info { stdout as &mut dyn Write } else { stderr };
            let _ = write!(out, "{}", error.render());
            return if is_info { EXIT_OK } else { EXIT_FAILURE };
        }
    };
    let color = match cli.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => environment.stdout_is_terminal && !environment.no_color,
    };
    // `tclint check | head`: when the reader goes away, stop writing quietly.
    let stdout = &mut UntilClosed {
        inner: stdout,
        closed: false,
    };
    let global = check::Global {
        color,
        config: cli.config.as_deref(),
        isolated: cli.isolated,
    };
    let result = match &cli.command {
        Command::Check(args) => check::run(args, &global, environment, stdout, stderr),
        Command::Convert(args) => convert::run(args, &global, environment, stdout, stderr),
        Command::Rules { format } => rules::list(*format, stdout as &mut dyn Write),
        Command::Rule { name } => rules::show(name, stdout as &mut dyn Write, stderr),
        Command::Config { path } => config::show(path.as_deref(), &global, environment, stdout, stderr),
        Command::Cache {
            action: CacheAction::Clear { path },
        } => config::clear_cache(path.as_deref(), &global, environment, stdout, stderr),
        Command::Completions { shell } => {
            let mut command = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(*shell, &mut command, "tclint", stdout);
            Ok(EXIT_OK)
        }
        Command::Man => {
            let command = <Cli as clap::CommandFactory>::command();
            clap_mangen::Man::new(command)
                .render(stdout)
                .map(|()| EXIT_OK)
                .map_err(Failure::Output)
        }
    };
    match result {
        Ok(code) => code,
        Err(failure) => {
            let _ = writeln!(stderr, "tclint: {failure}");
            failure.exit_code()
        }
    }
}

/// A progress bar of `length` steps drawn where the environment says, or
/// none; `template` is indicatif's.
fn progress_bar(environment: &Environment, length: u64, template: &str) -> Option<indicatif::ProgressBar> {
    let target = environment.progress_bars?;
    let style = indicatif::ProgressStyle::with_template(template)
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
    Some(indicatif::ProgressBar::with_draw_target(Some(length), target()).with_style(style))
}

/// Writes to the inner writer until it reports a closed pipe, then drops
/// output silently: a reader that stopped reading is not an error.
struct UntilClosed<'a> {
    inner: &'a mut (dyn Write + Send),
    closed: bool,
}

impl Write for UntilClosed<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.closed {
            return Ok(buf.len());
        }
        match self.inner.write(buf) {
            Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(buf.len())
            }
            other => other,
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.closed {
            return Ok(());
        }
        match self.inner.flush() {
            Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(())
            }
            other => other,
        }
    }
}
