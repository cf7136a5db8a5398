//! Where lk reads a command line otherwise than clap would: refused, never minted.

use super::*;

#[test]
fn an_lk_long_flag_written_with_one_dash_is_refused_not_read_as_a_short_flag() {
    // lk reads `-ingress` as `--ingress`; clap alone reads `-i` and the identity `ngress`,
    // a token other than the one the command line asked lk for.
    let glued = "and this tool as `-i` with the rest of the word as its value";
    for (line, flag, read_as) in [
        ("create --create --list -ingress", "ingress", glued),
        (
            "create --join -r r -i u -room=CANARY-room",
            "room",
            "this tool as `-r` with the rest",
        ),
        (
            "create -dev --join -r r -i u",
            "dev",
            "this tool as `-d` with the rest",
        ),
        (
            "create --join -r r -i u -json",
            "json",
            "this tool as `-j` and more short flags",
        ),
        (
            "verify -api-key=k token",
            "api-key",
            "`-api-key` has one dash",
        ),
    ] {
        let out = run(&words(line, &[]));
        assert_eq!(out.code, 2, "{line}: {}", out.stderr);
        out.refused_with(&format!(
            "`-{flag}` has one dash, which lk's parser reads as two"
        ));
        out.refused_with(read_as);
        out.refused_with(&format!(": write `--{flag}`"));
    }
    // Right after a switch, long or short, such a word is still refused.
    for line in ["create --create -ingress", "create --create -j -ingress"] {
        run(&words(line, &[])).refused_with("`-ingress` has one dash");
    }
    // A value is its flag's, whatever it looks like (clap wants one that is not dashed
    // after `-i`), and a short flag's glued value that names no flag is still taken.
    let out = run(&words("create --create -i -dev", &[]));
    out.refused_with("a value is required for '--identity <IDENTITY>'");
    let dev_secret = "create --create --api-key K --api-secret -dev --allow-insecure-short-secret";
    assert_eq!(run(&words(dev_secret, &[])).code, 0);
    let out = run(&words("create --join -r r -i u --valid-for -dev", &[]));
    out.refused_with("invalid value '-dev' for '--valid-for <DURATION>'");
    assert_eq!(
        minted("create --join -r r -iingress", &[])["sub"],
        "ingress"
    );
}

#[test]
fn a_null_in_grant_over_a_flags_value_is_refused() {
    // lk decodes --grant over the flags' grant: `null` clears a pointer member (here every
    // source would be allowed) and leaves a plain one; merged, the flag's value would stay.
    for (flags, key) in [
        ("--allow-source camera", "canPublishSources"),
        ("--can-publish", "canPublish"),
        ("--allow-update-metadata", "canUpdateOwnMetadata"),
    ] {
        let grant = format!("{{{key:?}:null}}");
        let line = format!("create --join -r r -i u {flags} --grant");
        run(&words(&line, &[&grant])).refused_with(&format!(
            "--grant sets {key:?} to null where a flag set it: lk then clears"
        ));
        // Over no flag, `null` is absent in both.
        let claims = minted("create --join -r r -i u --grant", &[&grant]);
        assert!(claims["video"].get(key).is_none(), "{claims}");
    }
}
