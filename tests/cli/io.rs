//! What the tool reads into a token (files, --grant's JSON): read up to what a token can
//! carry, refused with what to pass, and echoed at most 64 characters at a time.

use super::*;

#[test]
fn a_file_larger_than_a_token_can_carry_is_refused_without_reading_it_all() {
    // /dev/zero never ends: read whole, it would fill memory.
    for flag in ["--attribute-file", "--room-config"] {
        run(&["create", "--join", "-r", "r", "-i", "u", flag, "/dev/zero"])
            .refused_with("/dev/zero holds more than 1000000 bytes, more than a token can carry");
    }
    let dir = TempDir::new("large-file");
    let path = dir.write("room.json", &" ".repeat(1_000_001));
    run(&words("create --join -r r -i u --room-config", &[&path]))
        .refused_with("holds more than 1000000 bytes");
    // One that just fits is read (and refused for what it holds, here nothing).
    let path = dir.write("room.json", &" ".repeat(1_000_000));
    run(&words("create --join -r r -i u --room-config", &[&path]))
        .refused_with("is not a room configuration: EOF while parsing");
}

#[test]
fn a_file_that_is_not_text_or_not_a_file_is_refused_with_what_to_pass() {
    let dir = TempDir::new("not-text");
    let path = dir.write("attrs.json", "");
    std::fs::write(&path, [0xff, 0xfe, b'{', b'}']).unwrap();
    run(&words("create --create --attribute-file", &[&path]))
        .refused_with("is not UTF-8 text: pass the path of a JSON file");
    run(&["create", "--create", "--attribute-file", "/"])
        .refused_with("cannot read /: Is a directory (os error 21): pass the path of a JSON file");
}

#[test]
fn a_long_value_in_grant_json_or_a_file_is_echoed_cut() {
    let long = "A".repeat(300);
    let cut = format!("{}…", "A".repeat(64));
    // serde writes a `"` in a value as `\"`, which does not end the value.
    for grant in [
        format!(r#"{{"{long}":true}}"#),
        format!(r#"{{"roomJoin":"{long}"}}"#),
        format!(r#"{{"roomJoin":"\"{long}"}}"#),
    ] {
        let out = run(&["create", "--join", "-r", "r", "-i", "u", "--grant", &grant]);
        out.refused_with(&"A".repeat(60));
        assert!(out.stderr.contains('…'), "{}", out.stderr);
        assert!(!out.stderr.contains(&"A".repeat(65)), "{}", out.stderr);
    }
    // A value that fits is echoed whole, and what follows it too.
    for len in [61, 64] {
        let fits = "A".repeat(len);
        let grant = format!(r#"{{"roomJoin":"{fits}"}}"#);
        run(&["create", "--join", "-r", "r", "-i", "u", "--grant", &grant])
            .refused_with(&format!("string \"{fits}\", expected a boolean"));
    }
    let dir = TempDir::new("long-value");
    let path = dir.write("room.json", &format!(r#"{{"maxParticipants":"{long}"}}"#));
    let out = run(&words("create --join -r r -i u --room-config", &[&path]));
    out.refused_with(&format!(
        "is not a room configuration: invalid type: string \"{cut}\""
    ));
}
