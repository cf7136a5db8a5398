//! lk's long flags written with one dash. lk's parser reads `-identity=u`, `-ingress` and
//! `-dev` as `--identity=u`, `--ingress` and `--dev`; clap reads a short flag and glues the
//! rest on as its value (`-i` = `ngress`, `-d` = `ev`), so an lk command line written so
//! would mint another token, with no error. Such a word is refused before parsing.

use clap::{Arg, Command};

/// The refusal of the first word of `words` (the subcommand first) that names one of the
/// subcommand's long flags after a single dash. Values are skipped: the word after a flag
/// that takes one (`--api-secret -dev`, `--valid-for -5m`) is that flag's, whatever it
/// looks like. Only the flag's name is said back, never what follows its `=`.
pub fn long_flag_with_one_dash(cli: &Command, words: &[String]) -> Option<String> {
    let (subcommand, words) = words.split_first()?;
    let mut cmd = cli.find_subcommand(subcommand)?.clone();
    cmd.build();
    let mut value_next = false;
    for word in words {
        if std::mem::take(&mut value_next) {
            continue;
        }
        if word == "--" {
            return None;
        }
        if let Some(long) = word.strip_prefix("--") {
            value_next = !long.contains('=') && long_arg(&cmd, long).is_some_and(takes_value);
            continue;
        }
        let Some(shorts) = word.strip_prefix('-') else {
            continue;
        };
        let name = shorts.split_once('=').map_or(shorts, |(name, _)| name);
        if name.chars().nth(1).is_some() && long_arg(&cmd, name).is_some() {
            return Some(refusal(&cmd, name));
        }
        value_next = takes_the_next_word(&cmd, shorts);
    }
    None
}

/// Whether a cluster of short flags (`j`, `ji`) ends in one that takes a value with none
/// glued on, so the next word is its value.
fn takes_the_next_word(cmd: &Command, shorts: &str) -> bool {
    let mut chars = shorts.chars();
    while let Some(short) = chars.next() {
        let Some(arg) = cmd.get_arguments().find(|a| a.get_short() == Some(short)) else {
            return false;
        };
        if takes_value(arg) {
            return chars.next().is_none();
        }
    }
    false
}

/// The argument of `cmd` whose long name or alias is `name`.
pub fn long_arg<'a>(cmd: &'a Command, name: &str) -> Option<&'a Arg> {
    cmd.get_arguments().find(|arg| {
        arg.get_long() == Some(name) || arg.get_all_aliases().is_some_and(|a| a.contains(&name))
    })
}

fn takes_value(arg: &Arg) -> bool {
    arg.get_action().takes_values()
}

/// What `-name` means here, and the word to write instead.
fn refusal(cmd: &Command, name: &str) -> String {
    let read_as = name.chars().next().and_then(|first| {
        let arg = cmd.get_arguments().find(|a| a.get_short() == Some(first))?;
        Some(if takes_value(arg) {
            format!(" and this tool as `-{first}` with the rest of the word as its value")
        } else {
            format!(" and this tool as `-{first}` and more short flags")
        })
    });
    format!(
        "`-{name}` has one dash, which lk's parser reads as two{}: write `--{name}`",
        read_as.unwrap_or_default()
    )
}
