use super::*;
use secrecy::ExposeSecret;

/// A secret long enough for every constructor, and a canary for leak checks.
const CANARY_SECRET: &str = "CANARY-0123456789abcdef0123456789";

#[test]
fn parses_flat_map_with_comments_quotes_and_trailing_newlines() {
    let text = "# keys\nAPIa: secretA\n\nAPIb: \"quoted: secret\"\nAPIc: 'single'   # note\r\n";
    let entries = parse_key_list(text, "test").unwrap();
    let pairs: Vec<(&str, &str)> = entries
        .iter()
        .map(|e| (e.api_key.as_str(), e.secret.expose_secret()))
        .collect();
    assert_eq!(
        pairs,
        [
            ("APIa", "secretA"),
            ("APIb", "quoted: secret"),
            ("APIc", "single")
        ]
    );
}

#[test]
fn l05_duplicate_key_is_refused() {
    let err = parse_key_list("APIa: one\nAPIa: two\n", "keys.yaml").err();
    assert!(
        matches!(err, Some(CredentialsError::DuplicateKey { key: Some(ref key), .. }) if key == "APIa")
    );
    // Key and secret swapped on two lines: the repeated "key" is the secret, not shown.
    let swapped =
        "CANARY-0123456789abcdef0123456789: APIa\nCANARY-0123456789abcdef0123456789: APIb\n";
    let err = parse_key_list(swapped, "keys.yaml").err().unwrap();
    assert!(matches!(
        err,
        CredentialsError::DuplicateKey { key: None, .. }
    ));
    assert!(!format!("{err} {err:?}").contains("CANARY"), "{err}");
}

#[test]
fn l05_trailing_newline_is_trimmed_from_the_secret() {
    // `\r\n` endings, and spaces and tabs on either side of key and secret.
    let entries = parse_key_list("  APIa:   secret \t\r\n  APIb: \tother  \n", "t").unwrap();
    assert_eq!(entries[0].api_key, "APIa");
    assert_eq!(entries[0].secret.expose_secret(), "secret");
    assert_eq!(entries[1].api_key, "APIb");
    assert_eq!(entries[1].secret.expose_secret(), "other");
}

#[test]
fn syntax_errors_name_the_line_and_never_the_secret() {
    let err = parse_key_list("APIa: ok\nnot-a-pair-CANARY\n", "keys.yaml")
        .err()
        .unwrap();
    let msg = err.to_string();
    assert!(msg.contains("line 2"), "{msg}");
    assert!(!msg.contains("CANARY"), "{msg}");
    assert!(parse_key_list("APIa: \"unterminated\n", "t").is_err());
    // YAML would decode `\\` in double quotes; refused rather than read differently.
    assert!(parse_key_list("APIa: \"ab\\\\cd\"\n", "t").is_err());
    assert!(parse_key_list("APIa: 'ab\\cd'\n", "t").is_ok());
}

#[test]
fn what_the_servers_yaml_reads_otherwise_is_a_syntax_error() {
    for text in [
        "livekit:\n  APIa: secret-0123456789\n", // a nested map
        "APIa: s1\n  APIb: s2\n",                // a deeper line
        "{APIa: secret}\n",                      // a flow map
        "APIa: [secret]\n",                      // a flow sequence
        "APIa: |\n  secret\n",                   // a block scalar
        "APIa: &anchor secret\n",
        "APIa: !tag secret\n",
        "APIa: - secret\n",
        "APIa: x: y\n",                        // a map where the secret would be
        "APIa:\n  # note\n\n  APIb: secret\n", // a nested map's start
        "APIa:\n# note\n\n  APIb: secret\n",   // past a comment and a blank line
        "APIa:\n  secret-0123456789\n",        // a scalar continued
        "APIa:\n- secret-0123456789\n",        // a list
        "APIa:\t# note\n",                     // a tab after the colon
    ] {
        assert!(
            matches!(
                parse_key_list(text, "t").err(),
                Some(CredentialsError::KeyListSyntax { .. })
            ),
            "{text:?}"
        );
    }
    // A map indented as a whole is the same flat map; a tab starts a comment too;
    // indicators inside a plain scalar are part of it.
    let entries = parse_key_list("  APIa: s-1:x#y\t# note\n  APIb: -s2\n", "t").unwrap();
    let pairs: Vec<(&str, &str)> = entries
        .iter()
        .map(|e| (e.api_key.as_str(), e.secret.expose_secret()))
        .collect();
    assert_eq!(pairs, [("APIa", "s-1:x#y"), ("APIb", "-s2")]);
}

/// The line a `KeyListSyntax` error names, or `None` for any other outcome; the message
/// must not carry the secret, `CANARY`.
fn syntax_error_line(text: &str) -> Option<usize> {
    let err = parse_key_list(text, "t").err()?;
    let msg = err.to_string();
    assert!(!msg.contains("CANARY"), "{msg}");
    match err {
        CredentialsError::KeyListSyntax { line, .. } => Some(line),
        _ => None,
    }
}

/// Asserts that each text is a syntax error at its line.
fn assert_refused_at(cases: &[(&str, usize)]) {
    for &(text, line) in cases {
        assert_eq!(syntax_error_line(text), Some(line), "{text:?}");
    }
}

/// Asserts that `text` reads as the one pair `key: secret`.
fn assert_reads(text: &str, key: &str, secret: &str) {
    let entries = parse_key_list(text, "t").unwrap();
    let pairs: Vec<(&str, &str)> = entries
        .iter()
        .map(|e| (e.api_key.as_str(), e.secret.expose_secret()))
        .collect();
    assert_eq!(pairs, [(key, secret)], "{text:?}");
}

#[test]
fn l06_a_byte_order_mark_is_dropped_from_the_start_of_the_text_only() {
    assert_reads("\u{feff}APIa: CANARY\n", "APIa", "CANARY");
    assert_reads("\u{feff}# keys\r\nAPIa: CANARY", "APIa", "CANARY");
    // One, as YAML drops one; past it, readers differ.
    assert_refused_at(&[
        ("\u{feff}\u{feff}APIa: CANARY\n", 1),
        ("APIa: CANARY\n\u{feff}APIb: CANARY\n", 2),
        ("AP\u{feff}Ia: CANARY\n", 1),
        ("APIa: CANARY\u{feff}\n", 1),
        ("APIa: 'CANARY\u{feff}'\n", 1),
        ("APIa: CANARY # \u{feff}\n", 1),
    ]);
}

#[test]
fn l06_what_the_servers_yaml_reader_refuses_or_breaks_a_line_at_is_refused() {
    assert_refused_at(&[
        ("APIa: CAN\u{0}ARY\n", 1),
        ("APIa: CANARY\u{7}\n", 1),
        ("APIa: CAN\u{1b}[0mARY\n", 1),
        ("APIa: CANARY\u{7f}\n", 1),
        ("APIa: CAN\u{9b}ARY\n", 1),
        ("APIa: 'CAN\u{1}ARY'\n", 1),
        ("# a note\u{1}\nAPIa: CANARY\n", 1),
        ("APIa: CANARY\u{fffe}\n", 1),
        ("APIa: CANARY\u{ffff}\n", 1),
        // Line breaks to YAML: a `\r` not before `\n`, NEL, LINE and PARAGRAPH SEPARATOR.
        ("APIa: CAN\rARY\n", 1),
        ("APIa: CANARY\r", 1),
        ("APIa: CANARY\r\r\n", 1),
        ("APIa: CANARY\nAPIb: CAN\u{85}ARY\n", 2),
        ("APIa: CANARY\u{85}", 1),
        ("APIa: CAN\u{2028}ARY\n", 1),
        ("APIa: CANARY\n\nAPIb: CANARY\u{2029}\n", 3),
    ]);
    // `\r\n` ends a line as `\n` does; a tab is text.
    assert_reads("# keys\r\n\r\nAPIa: CAN\tARY\r\n", "APIa", "CAN\tARY");
}

#[test]
fn l06_a_tab_in_a_lines_indentation_is_refused() {
    assert_refused_at(&[
        ("\tAPIa: CANARY\n", 1),
        ("\tAPIa: CANARY\n\tAPIb: CANARY\n", 1),
        (" \tAPIa: CANARY\n", 1),
        ("\t# keys\nAPIa: CANARY\n", 1),
        ("APIa: CANARY\n\t\nAPIb: CANARY\n", 2),
        ("APIa: 'CANARY'\n  \t# note\n", 2),
    ]);
    // Past the indentation, a tab is white space or text.
    assert_reads("APIa:  \tCAN\tARY\t # note\t\n", "APIa", "CAN\tARY");
}

#[test]
fn l06_an_indicator_before_a_tab_is_read_as_before_a_space() {
    assert_refused_at(&[
        ("APIa: CANARY:\tx\n", 1),
        ("AP:\tIa: CANARY\n", 1),
        ("APIa: :\tCANARY\n", 1),
        ("APIa: -\tCANARY\n", 1),
        ("APIa: ?\tCANARY\n", 1),
        ("-\tAPIa: CANARY\n", 1),
        ("?\tAPIa: CANARY\n", 1),
        ("APIa:\n-\tCANARY\n", 1), // a list, where it was a key with no secret
    ]);
    assert_reads("APIa: CAN:ARY-\t?\tx\n", "APIa", "CAN:ARY-\t?\tx");
    assert_reads("APIa: 'CAN:\tARY'\n", "APIa", "CAN:\tARY");
}

#[test]
fn l06_only_spaces_and_tabs_are_trimmed_and_other_white_space_at_an_end_is_refused() {
    assert_refused_at(&[
        ("APIa: CANARY\u{a0}\n", 1),
        ("APIa: \u{3000}CANARY\n", 1),
        ("APIa: CANARY\u{2003} # note\n", 1),
        ("\u{a0}APIa: CANARY\n", 1),
        ("APIa\u{202f}: CANARY\n", 1),
        ("APIa: 'CANARY'\u{a0}\n", 1),
        ("APIa: \u{a0}\n", 1),           // a secret to YAML, not nothing
        ("APIa: CANARY\n\u{3000}\n", 2), // a line YAML reads as a stray scalar
        ("APIa: CANARY\n\u{a0}# note\n", 2),
    ]);
    // Inside a key or secret, or quoted, it is theirs, as to YAML.
    assert_reads("APIa: CAN\u{a0}ARY\n", "APIa", "CAN\u{a0}ARY");
    assert_reads("APIa: 'CANARY\u{a0}'\n", "APIa", "CANARY\u{a0}");
    assert_reads("\"\u{3000}APIa\": CANARY\n", "\u{3000}APIa", "CANARY");
}

#[test]
fn l06_a_secret_yaml_reads_as_a_number_boolean_or_date_is_refused_unless_quoted() {
    // The server reads LIVEKIT_KEYS into a map of any values and drops a key whose value
    // is not a string: minting with it would make tokens no server accepts.
    let number = "12345678901234567890123456789012345";
    for secret in [
        number,
        "true",
        "0x0123456789abcdef",
        "2024-01-01",
        "1_000_000",
    ] {
        let text = format!("APIok: {CANARY_SECRET}\nAPIodd: {secret}  # note\n");
        let err = parse_key_list(&text, "LIVEKIT_KEYS").err();
        assert!(
            matches!(&err, Some(CredentialsError::KeyListSecretNotText { line: 2, source_name }) if source_name == "LIVEKIT_KEYS"),
            "{secret}: {err:?}"
        );
        let message = err.map(|e| e.to_string()).unwrap_or_default();
        assert!(message.contains("put the secret in quotes"), "{message}");
        for quoted in [format!("'{secret}'"), format!("\"{secret}\"")] {
            assert_reads(&format!("APIodd: {quoted}"), "APIodd", secret);
        }
    }
    // Text that only starts like a number is text.
    assert_reads("APIhex: 3f9a0b1c", "APIhex", "3f9a0b1c");
    assert_reads("APIyes: yes", "APIyes", "yes");
}

#[test]
fn l06_the_merge_key_is_refused() {
    // `<<` merges a map into the list's, which the server refuses for a secret.
    assert_refused_at(&[("APIa: one\n<<: secret\n", 2)]);
}

#[test]
fn l06_a_quoted_blank_secret_is_no_secret_told_by_its_line() {
    let text = format!("APIa: {CANARY_SECRET}\nAPIb: \" \"\n");
    let entry = parse_key_list(&text, "keys.yaml").unwrap().pop().unwrap();
    let err = entry.into_credentials("keys.yaml", false).err();
    assert!(
        matches!(
            &err,
            Some(CredentialsError::KeyListNoSecret { line: 2, .. })
        ),
        "{err:?}"
    );
}
