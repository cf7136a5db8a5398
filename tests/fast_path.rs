//! The verifier reads tokens of the usual shape on a fast path (a byte scanner for exactly
//! what the minters write, then a serde reader) and leaves everything else to the strict
//! path. The fast path may only ever agree: on every signed payload, valid
//! or hostile, `verify` must return exactly what the strict path alone returns (the same
//! claims, or the same error), with one key and with a key ring.

use livekit_access_token::__private::{reader_for, verify_strict};
use livekit_access_token::*;
use proptest::prelude::*;

mod common;
use common::NOW;
const SECRET: &str = "fast-path-secret-0123456789abcdef0123";
const OTHER_SECRET: &str = "other-fast-path-secret-0123456789abcdef";

fn single() -> TokenVerifier {
    TokenVerifier::new(&Credentials::new("APIfast", SECRET).unwrap()).with_clock(FixedClock(NOW))
}

fn ring() -> TokenVerifier {
    let keys = KeyRing::new()
        .with(Credentials::new("APIfast", SECRET).unwrap())
        .unwrap()
        .with(Credentials::new("APIother", OTHER_SECRET).unwrap())
        .unwrap();
    TokenVerifier::from_key_ring(keys)
        .unwrap()
        .with_clock(FixedClock(NOW))
        .with_max_lifetime(std::time::Duration::from_secs(7200))
}

fn signed(payload: &str, secret: &str) -> String {
    common::sign_raw(r#"{"alg":"HS256","typ":"JWT"}"#, payload, secret.as_bytes())
}

/// Member names: every claim the fast path reads itself, some it hands to the strict
/// parser, unknown ones, and spellings the server would fold or unescape onto a claim;
/// with [`common::OTHER_GRANTS`], every grant.
const TOP_NAMES: &[&str] = &[
    "iss",
    "sub",
    "jti",
    "exp",
    "nbf",
    "iat",
    "name",
    "metadata",
    "kind",
    "kindDetails",
    "roomPreset",
    "sha256",
    "video",
    "aud",
    "attributes",
    "roomConfig",
    "identity",
    "x",
    "X",
    "ISS",
    "Exp",
    "VIDEO",
    "\\u0069ss",
    "s\u{17f}b",
];

const VIDEO_NAMES: &[&str] = &[
    "roomJoin",
    "room",
    "canPublish",
    "canSubscribe",
    "canPublishSources",
    "destinationRoom",
    "roomAdmin",
    "hidden",
    "ROOM",
    "roomjoin",
    "\\u0072oom",
    "x",
    "X",
];

/// Values of every type, including the edge cases of dates and `null`.
const VALUES: &[&str] = &[
    "null",
    "true",
    "false",
    "0",
    "-1",
    "1.5",
    "1e3",
    "1700000000",
    "1700003600",
    "1700000000.5",
    "1699999000",
    "1099511627777",
    "9007199254740993",
    "\"\"",
    "\"APIfast\"",
    "\"APIother\"",
    "\"my-room\"",
    "\"u\\u0041\"",
    "\"camera\"",
    "[\"camera\",\"microphone\"]",
    "[1]",
    "[]",
    "{}",
    "{\"a\":\"1\"}",
    "{\"a\":\"1\",\"a\":\"2\"}",
    "{\"admin\":true}",
    "{\"admin\":true,\"Admin\":false}",
];

fn member(names: Vec<&'static str>, values: Vec<String>) -> impl Strategy<Value = String> {
    (
        proptest::sample::select(names),
        proptest::sample::select(values),
    )
        .prop_map(|(k, v)| format!("\"{k}\":{v}"))
}

fn owned(values: &[&str]) -> Vec<String> {
    values.iter().map(|v| (*v).to_owned()).collect()
}

fn video_object() -> impl Strategy<Value = String> {
    let base = vec![
        "\"roomJoin\":true".to_owned(),
        "\"room\":\"my-room\"".to_owned(),
        "\"canPublish\":true".to_owned(),
    ];
    edited(base, member(VIDEO_NAMES.to_vec(), owned(VALUES)))
}

/// `base`, then up to four edits: a member inserted, removed or replaced.
fn edited(
    base: Vec<String>,
    extra: impl Strategy<Value = String>,
) -> impl Strategy<Value = String> {
    let edit = (0usize..3, any::<prop::sample::Index>(), extra);
    proptest::collection::vec(edit, 0..5).prop_map(move |edits| {
        let mut members = base.clone();
        for (op, at, m) in edits {
            match op {
                0 => {
                    let i = at.index(members.len() + 1);
                    members.insert(i, m);
                }
                _ if members.is_empty() => members.push(m),
                1 => {
                    members.remove(at.index(members.len()));
                }
                _ => {
                    let i = at.index(members.len());
                    members[i] = m;
                }
            }
        }
        format!("{{{}}}", members.join(","))
    })
}

/// Dates around every boundary the verifier checks: `exp` at now - leeway, `nbf` at
/// now + leeway, `exp` at the ring's maximum lifetime (now + 7200).
const DATES: &[&str] = &[
    "1699999940",
    "1699999941",
    "1700000060",
    "1700000061",
    "1700003600",
    "1700007200",
    "1700007201",
    "1700000000.5",
    "1699999940.5",
    "1700000060.5",
    "1e9",
    "01700003600",
    "0",
    "-0",
];

fn payload() -> impl Strategy<Value = String> {
    let dates = || proptest::sample::select(DATES);
    (
        video_object(),
        any::<bool>(),
        dates(),
        proptest::option::of(dates()),
    )
        .prop_flat_map(move |(video, with_video, exp, nbf)| {
            let mut base = vec![
                "\"iss\":\"APIfast\"".to_owned(),
                "\"sub\":\"user-123\"".to_owned(),
                "\"name\":\"John Doe\"".to_owned(),
                format!("\"exp\":{exp}"),
            ];
            if let Some(nbf) = nbf {
                base.push(format!("\"nbf\":{nbf}"));
            }
            if with_video {
                base.push(format!("\"video\":{video}"));
            }
            let mut values = owned(VALUES);
            values.extend(owned(DATES));
            // A video object is a value like any other, under any name.
            values.push(video);
            let names = TOP_NAMES.iter().copied().chain(common::OTHER_GRANTS);
            edited(base, member(names.collect(), values))
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2048, ..ProptestConfig::default() })]

    #[test]
    fn verify_returns_exactly_what_the_strict_path_returns(
        payload in payload(),
        other_key in any::<bool>(),
    ) {
        let token = signed(&payload, if other_key { OTHER_SECRET } else { SECRET });
        for verifier in [single(), ring()] {
            prop_assert_eq!(verifier.verify(&token), verify_strict(&verifier, &token), "{}", payload);
        }
    }
}

/// The property above is only as good as the share of payloads the fast readers take:
/// the shape every minter writes must go to the byte scanner, the usual shapes with an
/// unknown member or another grant to the serde reader.
#[test]
fn the_usual_shapes_take_the_fast_readers() {
    for (payload, reader) in [
        (
            r#"{"iss":"APIfast","sub":"u","nbf":1699999990,"exp":1700003600,"video":{"room":"r","roomJoin":true}}"#,
            "scan",
        ),
        (
            r#"{"iss":"APIfast","sub":"u","exp":1700003600,"kindDetails":["cloud_agent"],"video":{"canPublishSources":["camera"],"canPublish":false,"room":null}}"#,
            "scan",
        ),
        (
            r#"{"iss":"APIfast","sub":"u","exp":1700003600,"identity":"u","video":{"room":"r","roomJoin":true,"x":[1]}}"#,
            "serde",
        ),
        (
            r#"{"iss":"APIfast","exp":1700003600,"sip":{"admin":true},"attributes":{"a":"1"}}"#,
            "serde",
        ),
        (
            r#"{"iss":"APIfast","exp":1700003600,"name":"J\u00f6"}"#,
            "serde",
        ),
    ] {
        assert_eq!(reader_for(payload.as_bytes()), reader, "{payload}");
        let token = signed(payload, SECRET);
        for verifier in [single(), ring()] {
            let claims = verifier.verify(&token).expect(payload);
            assert_eq!(Ok(claims), verify_strict(&verifier, &token));
        }
    }
}
