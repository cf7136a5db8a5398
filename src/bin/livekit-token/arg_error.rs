//! Clap's refusals as one line, like every other error of this tool, and without any value
//! from the command line: a value given to the wrong flag, or one that lost its flag, may
//! be the secret.

use std::process::ExitCode;

use clap::error::{ContextKind, ContextValue, ErrorKind};

use clap::CommandFactory;

use crate::credentials::{KEY_SOURCES, secret_left_out};

/// Help and version go out as clap writes them; an argument error becomes one line that
/// keeps clap's reason and tip but not its usage block, nor any value given.
pub fn argument_error(e: &clap::Error) -> ExitCode {
    if matches!(
        e.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        // Nothing useful to do if stdout is gone.
        let _ = e.print();
        return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
    }
    let words = crate::words();
    if let Some(message) = secret_left_out(&crate::Cli::command(), &words) {
        crate::say_error(&message);
        return ExitCode::from(2);
    }
    let invalid_arg = match e.get(ContextKind::InvalidArg) {
        Some(ContextValue::String(arg)) => Some(arg.as_str()),
        _ => None,
    };
    let unknown = invalid_arg.filter(|_| e.kind() == ErrorKind::UnknownArgument);
    // A short flag clap cut from the start of a word as long as a secret (`-CANARY…` read
    // as `-C`) is part of that word.
    let cut_from_a_value =
        |arg: &str| arg.len() == 2 && words.iter().any(|w| w.len() >= 32 && w.starts_with(arg));
    // One clap found after another in a cluster of short switches (`-jZq9…` read as `-j`,
    // then `-Z`) may be the first character of a secret glued to them.
    let in_a_cluster = |arg: &str| {
        arg.strip_prefix('-').is_some_and(|short| {
            short.chars().count() == 1
                && words.iter().any(|w| {
                    !w.starts_with("--")
                        && after_the_first_short(w).is_some_and(|rest| rest.contains(short))
                })
        })
    };
    let message = if unknown.is_some_and(|arg| !looks_like_a_flag(arg) || cut_from_a_value(arg)) {
        STRAY_WORD.to_owned()
    } else if unknown.is_some_and(in_a_cluster) {
        SHORT_IN_A_CLUSTER.to_owned()
    } else if let Some(message) = unknown.and_then(lk_only) {
        message
    } else {
        // Values are left out of clap's text as it is, before its lines are joined: a
        // value that holds a line break would no longer be found in the joined line.
        let rendered = e.render().to_string();
        switch_given_a_value(&one_line(&rendered))
            .or_else(|| without_values(&rendered, &words).map(|shown| one_line(&shown)))
            .unwrap_or_else(|| match invalid_arg {
                Some(flag) => format!("{flag}: {SOME_VALUE}"),
                None => SOME_VALUE.to_owned(),
            })
    };
    crate::say_error(&message);
    ExitCode::from(2)
}

/// An argument no flag takes: often a value that lost its flag, the secret among them
/// (`--api-key K SECRET`, an unquoted secret with a space).
const STRAY_WORD: &str = "an unexpected argument, not shown as it may be a secret: give each \
     value after its flag, and quote a value that holds spaces (--help lists the flags)";

/// A short switch no flag has, found after others in one word (`-jZ…`): a secret glued to
/// the switches would start with it.
const SHORT_IN_A_CLUSTER: &str = "an unexpected short switch in a cluster of them (several \
     after one -), not shown as the word may hold a secret: write each switch apart, and give \
     each value after its flag (--help lists the flags)";

/// What is refused when a value given is still found in the message, quoted some other way.
const SOME_VALUE: &str = "a value was refused, not shown as it may be a secret: \
     --help lists the flags and the values they take";

/// `--join=true`, which lk's (Go's) switches take and this tool's do not: the way out,
/// where clap says only that no value was expected. The value is one of Go's spellings
/// of a bool, so quoting it shows nothing secret.
fn switch_given_a_value(message: &str) -> Option<String> {
    let (value, rest) = message
        .strip_prefix("unexpected value '")?
        .split_once("' for '")?;
    // A counted flag (`--yes`) is named `--yes...`.
    let flag = rest.split_once('\'')?.0.trim_end_matches("...");
    match value {
        "1" | "t" | "T" | "true" | "TRUE" | "True" => Some(format!(
            "{flag} is a switch: write {flag} alone (it takes no ={value})"
        )),
        "0" | "f" | "F" | "false" | "FALSE" | "False" => Some(format!(
            "{flag} is a switch: leave it out (it takes no ={value})"
        )),
        _ => None,
    }
}

/// What follows the first short switch of a word of them (`Zq9` of `-jZq9`).
fn after_the_first_short(word: &str) -> Option<&str> {
    let mut shorts = word.strip_prefix('-')?.chars();
    shorts.next()?;
    Some(shorts.as_str())
}

/// lk's flags this tool leaves out on purpose: a ported command line is told why, and
/// what to write instead, not only that the flag is unknown.
fn lk_only(flag: &str) -> Option<String> {
    let instead = match flag {
        "--project" | "--subdomain" | "--config" => format!(
            "lk's projects (~/.livekit/cli-config.yaml) and livekit.toml are not read here. \
             For the keys, {KEY_SOURCES}; for create --json's URL, --url or LIVEKIT_URL"
        ),
        "--open" => "nothing is opened here (lk opens the token in Meet or the Cloud \
                     console): this tool prints the token, open it yourself"
            .to_owned(),
        _ => return None,
    };
    Some(format!("{flag} is lk's, not this tool's: {instead}"))
}

/// A flag's name (`--identity`, `-i`), shown in errors; any other word is a value. A word
/// as long as a secret (32 bytes) is a value however it looks: every flag's name is
/// shorter, and a flag that takes a value takes one that starts with `-`.
fn looks_like_a_flag(word: &str) -> bool {
    word.starts_with('-')
        && if word.len() == 2 {
            word.as_bytes()
                .get(1)
                .is_some_and(u8::is_ascii_alphanumeric)
        } else {
            word.len() < 32
                && word
                    .bytes()
                    .all(|b| b == b'-' || b.is_ascii_lowercase() || b.is_ascii_digit())
        }
}

/// `message` with each value of the command line `words` left out where clap (`'value'`)
/// or a value parser (`"value"`) quotes it, the parts of a comma-separated list too (a
/// flag that takes a list splits it). Longest first: a shorter value left out first could
/// take a quote of a longer one that starts with it, which would then no longer be found.
/// `None` where any 16 characters in a row of a value as long as a secret are still found
/// in the message, as written or escaped: nothing of it is shown.
fn without_values(message: &str, words: &[String]) -> Option<String> {
    let values = words.iter().filter_map(|word| match word.split_once('=') {
        Some((flag, value)) if flag.starts_with("--") => Some(value),
        _ => (!looks_like_a_flag(word)).then_some(word.as_str()),
    });
    let mut parts: Vec<&str> = values
        .flat_map(|value| std::iter::once(value).chain(value.split(',')))
        .filter(|part| !part.is_empty())
        .collect();
    parts.sort_by_key(|part| std::cmp::Reverse(part.len()));
    let mut out = message.to_owned();
    for part in &parts {
        out = out
            .replace(&format!("'{part}'"), "(not shown)")
            .replace(&format!("{part:?}"), "it");
    }
    let long = parts.iter().filter(|part| part.len() >= 32);
    let found = long
        .flat_map(|part| [part.to_string(), part.escape_debug().to_string()])
        .any(|form| windows(&form, 16).iter().any(|window| out.contains(window)));
    (!found).then_some(out)
}

/// Every run of `n` characters in `text`.
fn windows(text: &str, n: usize) -> Vec<&str> {
    let starts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    let ends = starts.iter().skip(n).copied().chain([text.len()]);
    starts
        .iter()
        .zip(ends)
        .filter_map(|(&start, end)| text.get(start..end))
        .collect()
}

/// Clap's multi-line error text as one line: the message and its tips, without the usage
/// block and the pointer to --help.
fn one_line(rendered: &str) -> String {
    let mut line = String::new();
    for part in rendered
        .lines()
        .take_while(|l| !l.starts_with("Usage:"))
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("For more information"))
    {
        let part = part.strip_prefix("error: ").unwrap_or(part);
        if !line.is_empty() {
            line.push_str(if line.ends_with(':') { " " } else { "; " });
        }
        line.push_str(part);
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(line: &str) -> Vec<String> {
        line.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn every_flag_name_is_shown_and_a_word_as_long_as_a_secret_is_not() {
        let cli = crate::Cli::command();
        let mut names = 0;
        for command in std::iter::once(&cli).chain(cli.get_subcommands()) {
            for arg in command.get_arguments() {
                let longs = arg
                    .get_long()
                    .into_iter()
                    .chain(arg.get_all_aliases().into_iter().flatten());
                for long in longs {
                    assert!(looks_like_a_flag(&format!("--{long}")), "--{long}");
                    names += 1;
                }
                for short in arg
                    .get_short()
                    .into_iter()
                    .chain(arg.get_all_short_aliases().into_iter().flatten())
                {
                    assert!(looks_like_a_flag(&format!("-{short}")), "-{short}");
                }
            }
        }
        assert!(names > 40, "{names} flags");
        assert!(!looks_like_a_flag(&format!("-{}", "s".repeat(31))));
    }

    #[test]
    fn a_value_is_left_out_however_it_is_quoted() {
        let line = words("create --kind=agnet --allow-source camera,camra -r r");
        assert_eq!(
            without_values(
                "invalid value 'agnet': \"agnet\" is not; 'camra' or \"camra\"; 'r'; 'camera,camra'",
                &line
            ),
            Some(
                "invalid value (not shown): it is not; (not shown) or it; (not shown); (not shown)"
                    .into()
            )
        );
        // Flag names stay, and so does a word no value is.
        assert_eq!(
            without_values("'--kind' and 'camera!'", &line),
            Some("'--kind' and 'camera!'".into())
        );
    }

    #[test]
    fn a_value_as_long_as_a_secret_found_unquoted_leaves_the_whole_message_out() {
        let secret = "CANARY-0123456789abcdef0123456789";
        let line = words(&format!("create --valid-for {secret}"));
        assert_eq!(
            without_values(&format!("bad duration {secret} here"), &line),
            None
        );
        // Cut short and escaped, as `{:?}` of its first 64 characters writes it.
        let quoted = format!("a\"{secret}{}", "x".repeat(40));
        let line = words(&format!("create --kind {quoted}"));
        let cut: String = quoted.chars().take(64).collect();
        assert_eq!(without_values(&format!("{cut:?} is not"), &line), None);
        // Shorter values are left out only where quoted: a value such as `microphone`
        // also stands in lists of the values a flag takes.
        let line = words("create --allow-source microphone,camra");
        assert_eq!(
            without_values("'camra': use one of camera, microphone", &line),
            Some("(not shown): use one of camera, microphone".into())
        );
    }

    #[test]
    fn a_switch_given_a_go_bool_gets_the_way_out() {
        let message = |value: &str, flag: &str| {
            switch_given_a_value(&format!(
                "unexpected value '{value}' for '{flag}' found; no more were expected"
            ))
        };
        for value in ["true", "TRUE", "1", "t"] {
            assert_eq!(
                message(value, "--join"),
                Some(format!(
                    "--join is a switch: write --join alone (it takes no ={value})"
                ))
            );
        }
        assert_eq!(
            message("False", "--yes..."),
            Some("--yes is a switch: leave it out (it takes no =False)".into())
        );
        assert_eq!(message("maybe", "--join"), None);
        assert_eq!(
            switch_given_a_value("unexpected argument '--jion' found"),
            None
        );
    }
}
