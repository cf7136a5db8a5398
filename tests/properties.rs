//! Properties: whatever grants go in come back out of the verifier unchanged, and no
//! byte string makes the verifier panic.

use std::collections::BTreeMap;

use livekit_access_token::*;
use proptest::prelude::*;

mod common;
use common::{API_KEY, NOW, SECRET, creds, verifier};

fn text(max: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(any::<char>(), 1..max).prop_map(|c| c.into_iter().collect())
}

fn flag() -> impl Strategy<Value = Option<bool>> {
    proptest::option::of(any::<bool>())
}

prop_compose! {
    fn video()(
        flags in proptest::collection::vec(flag(), 15),
        room in text(40),
        join in any::<bool>(),
        admin in any::<bool>(),
        dest in proptest::option::of(text(20)),
        // An empty list is refused (SECURITY.md N04), so a list holds one source or more.
        sources in proptest::option::of(proptest::sample::subsequence(TrackSource::ALL.to_vec(), 1..=TrackSource::ALL.len())),
    ) -> VideoClaims {
        let mut v = VideoClaims::new();
        v.room = Some(room);
        v.room_join = Some(join);
        v.room_admin = Some(admin);
        v.destination_room = if admin { dest } else { None };
        v.room_create = flags[0];
        v.room_list = flags[1];
        v.room_record = flags[2];
        v.can_publish = flags[3];
        v.can_subscribe = flags[4];
        v.can_publish_data = flags[5];
        v.can_update_own_metadata = flags[6];
        v.ingress_admin = flags[7];
        v.hidden = flags[8];
        v.recorder = flags[9];
        v.agent = flags[10];
        v.can_subscribe_metrics = flags[11];
        v.can_manage_agent_session = flags[12];
        v.can_publish_sources = sources.map(|s| s.iter().map(|t| t.as_str().to_owned()).collect());
        v
    }
}

/// What a default-false flag set to `false` reads back as: not written, so `None`.
fn as_written(mut v: VideoClaims) -> VideoClaims {
    for f in [
        &mut v.room_create,
        &mut v.room_list,
        &mut v.room_record,
        &mut v.room_admin,
        &mut v.room_join,
        &mut v.ingress_admin,
        &mut v.hidden,
        &mut v.recorder,
        &mut v.agent,
    ] {
        if *f == Some(false) {
            *f = None;
        }
    }
    v
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn mint_then_verify_returns_exactly_what_was_put_in(
        identity in text(60),
        name in proptest::option::of(text(60)),
        metadata in proptest::option::of(text(200)),
        attributes in proptest::collection::btree_map(text(10), text(20), 0..4),
        kind in proptest::option::of(proptest::sample::select(ParticipantKind::ALL.to_vec())),
        video in video(),
        sip in (flag(), flag()),
        ttl in 1u64..100_000_000,
    ) {
        let mut t = RuntimeCheckedToken::new(&creds())
            .set_identity(identity.clone())
            .set_ttl(ttl)
            .add_grants(video.clone())
            .add_sip_grants({ let mut g = SipGrant::new(); g.admin = sip.0; g.call = sip.1; g });
        if let Some(n) = &name { t = t.set_name(n.clone()); }
        if let Some(m) = &metadata { t = t.set_metadata(m.clone()); }
        if !attributes.is_empty() { t = t.add_attributes(attributes.clone()); }
        if let Some(k) = kind { t = t.set_kind(k); }
        let jwt = t.to_jwt_checked_with_clock(&FixedClock(NOW)).unwrap();
        let c = verifier().verify(&jwt).unwrap();
        prop_assert_eq!(c.sub.as_deref(), Some(identity.as_str()));
        prop_assert_eq!(c.name, name);
        prop_assert_eq!(c.metadata, metadata);
        prop_assert_eq!(c.attributes, (!attributes.is_empty()).then_some(attributes));
        prop_assert_eq!(c.kind, kind.map(|k| k.as_str().to_owned()));
        prop_assert_eq!((c.nbf, c.exp), (Some(NOW), Some(NOW + ttl)));
        prop_assert_eq!(c.video, Some(as_written(video)));
        let sip_written = (sip.0 == Some(true) || sip.1 == Some(true))
            .then(|| { let mut g = SipGrant::new(); g.admin = sip.0.filter(|b| *b); g.call = sip.1.filter(|b| *b); g });
        prop_assert_eq!(c.sip, sip_written);
        prop_assert!(c.extra.is_empty());
    }

    #[test]
    fn arbitrary_bytes_are_refused_without_panicking(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let text = String::from_utf8_lossy(&bytes);
        prop_assert!(verifier().verify(&text).is_err());
        prop_assert!(dangerous::decode_untrusted(&text).is_err());
    }

    #[test]
    fn dotted_base64url_garbage_is_refused_without_panicking(
        parts in proptest::collection::vec("[A-Za-z0-9_-]{0,80}", 0..6),
    ) {
        prop_assert!(verifier().verify(&parts.join(".")).is_err());
    }

    /// Signed with the real key, so everything after the MAC sees the input: never a
    /// panic, the fast path agrees with the strict one, and whatever verifies is ours and
    /// unexpired.
    #[test]
    fn json_shaped_payloads_signed_with_the_real_key_are_judged_consistently(
        payload in proptest::collection::btree_map(
            prop_oneof![
                Just("exp".to_owned()),
                Just("nbf".to_owned()),
                Just("iat".to_owned()),
                Just("sub".to_owned()),
                Just("Exp".to_owned()),
                Just("video".to_owned()),
                Just("aud".to_owned()),
                "[a-zA-Z]{1,8}",
            ],
            prop_oneof![
                (NOW - 200..NOW + 200).prop_map(serde_json::Value::from),
                any::<i64>().prop_map(serde_json::Value::from),
                // Fractions, exponents and numbers past 2^64: the forms where the byte
                // scanner gives up and the two paths must still agree.
                (NOW - 200..NOW + 200, 0.0..1.0f64).prop_map(|(s, f)| serde_json::Value::from(s as f64 + f)),
                any::<f64>().prop_map(serde_json::Value::from),
                any_json_leaf(),
            ],
            0..6,
        ),
        iss_is_ours in any::<bool>(),
    ) {
        use base64::Engine;
        let mut map: BTreeMap<String, serde_json::Value> = payload;
        if iss_is_ours { map.insert("iss".into(), API_KEY.into()); }
        let b64 = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
        let input = format!("{}.{}", b64(r#"{"alg":"HS256"}"#), b64(&serde_json::to_string(&map).unwrap()));
        let sig = jsonwebtoken::crypto::sign(
            input.as_bytes(),
            &jsonwebtoken::EncodingKey::from_secret(SECRET.as_bytes()).unwrap(),
            jsonwebtoken::Algorithm::HS256,
        ).unwrap();
        let token = format!("{input}.{sig}");
        let verified = verifier().verify(&token);
        prop_assert_eq!(&verified, &__private::verify_strict(&verifier(), &token));
        if let Ok(claims) = verified {
            prop_assert_eq!(claims.iss.as_deref(), Some(API_KEY));
            prop_assert!(claims.exp.is_some_and(|exp| exp + 60 > NOW));
        }
    }
}

fn any_json_leaf() -> impl Strategy<Value = serde_json::Value> {
    prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<u32>().prop_map(serde_json::Value::from),
        (-5i64..5).prop_map(serde_json::Value::from),
        "[a-z]{0,6}".prop_map(serde_json::Value::from),
        proptest::collection::vec("[a-z]{0,4}", 0..3).prop_map(serde_json::Value::from),
        proptest::collection::btree_map("[a-z]{1,3}", "[a-z]{0,3}", 0..3)
            .prop_map(|m| serde_json::to_value(m).unwrap()),
    ]
}

const CLAIM_KEYS: &[&str] = &[
    "iss",
    "sub",
    "nbf",
    "iat",
    "exp",
    "jti",
    "name",
    "metadata",
    "attributes",
    "kind",
    "kindDetails",
    "sip",
    "agent",
    "inference",
    "observability",
    "roomPreset",
    "roomConfig",
    "sha256",
    "other",
];
const VIDEO_KEYS: &[&str] = &[
    "roomJoin",
    "room",
    "canPublish",
    "canPublishSources",
    "hidden",
    "destinationRoom",
    "canSubscribeMetrics",
    "x",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// The verifier's key-by-key reading agrees with the derived `Deserialize` on every
    /// object, valid or not.
    #[test]
    fn key_by_key_claims_reading_equals_the_derived_deserialize(
        top in proptest::collection::btree_map(proptest::sample::select(CLAIM_KEYS.to_vec()), any_json_leaf(), 0..8),
        video in proptest::option::of(proptest::collection::btree_map(proptest::sample::select(VIDEO_KEYS.to_vec()), any_json_leaf(), 0..5)),
    ) {
        let mut map: serde_json::Map<String, serde_json::Value> =
            top.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
        if let Some(v) = video {
            map.insert("video".into(), serde_json::Value::Object(v.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()));
        }
        let derived = serde_json::from_value::<Claims>(serde_json::Value::Object(map.clone())).ok();
        let by_key = livekit_access_token::__private::claims_from_map(map).ok();
        prop_assert_eq!(derived, by_key);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 192, ..ProptestConfig::default() })]

    /// The fast signer (hand-written payload, keyed HMAC state) against jsonwebtoken's
    /// `encode` (serde) on tokens carrying every kind of claim: strings needing escapes, maps, unknown keys, nested grants.
    #[test]
    fn every_claim_kind_is_written_exactly_as_serde_writes_it(
        identity in text(40),
        name in proptest::option::of(text(40)),
        attributes in proptest::collection::btree_map(text(8), text(12), 0..4),
        details in proptest::sample::subsequence(KindDetail::ALL.to_vec(), 0..=3),
        video in video(),
        extra in proptest::collection::btree_map("x[a-z0-9]{1,6}", any_json_leaf(), 0..3),
        sip in (flag(), flag()),
        preset in proptest::option::of(text(10)),
        with_config in any::<bool>(),
        metadata in proptest::option::of(text(300)),
        ttl in 1u64..100_000_000,
        // The rarer claims: kind, sha256, the service grants, a dispatch.
        rare in (
            proptest::option::of(proptest::sample::select(ParticipantKind::ALL)),
            proptest::option::of(text(60)),
            (flag(), proptest::option::of(text(12)), proptest::option::of(text(12))),
            (flag(), proptest::option::of(text(12)), proptest::option::of(proptest::collection::vec(text(8), 1..3))),
            (flag(), flag(), flag()),
            proptest::option::of((text(12), text(40))),
        ),
    ) {
        let (kind, sha256, endpoint, thread, (agent, inference, observability), dispatch) = rare;
        let mut video = video;
        video.extra = extra.into_iter().collect();
        let mut t = RuntimeCheckedToken::new(&creds())
            .allow_unknown_members()
            .set_identity(identity.clone())
            .add_grants(video.clone())
            .add_kind_details(details.clone())
            .add_sip_grants({ let mut g = SipGrant::new(); g.admin = sip.0; g.call = sip.1; g });
        if let Some(n) = name.clone() { t = t.set_name(n); }
        if !attributes.is_empty() { t = t.add_attributes(attributes.clone()); }
        if let Some(p) = preset.clone() { t = t.set_room_preset(p); }
        if let Some(m) = metadata.clone() { t = t.set_metadata(m); }
        t = t.set_ttl(ttl);
        if with_config {
            t = t.set_room_config(RoomConfiguration::builder().name("r").max_participants(3u32).build());
        }
        if let Some(k) = kind { t = t.set_kind(k); }
        if let Some(h) = sha256.clone() { t = t.set_sha256(h); }
        let mut g = AgentEndpointGrant::new();
        (g.call, g.agent_name, g.deployment) = endpoint.clone();
        t = t.add_agent_endpoint_grants(g);
        let mut g = AgentThreadGrant::new();
        (g.list, g.scope, g.thread_ids) = thread.clone();
        t = t.add_agent_thread_grants(g);
        let mut g = AgentGrant::new();
        g.admin = agent;
        t = t.add_agent_grants(g);
        let mut g = InferenceGrant::new();
        g.perform = inference;
        t = t.add_inference_grants(g);
        let mut g = ObservabilityGrant::new();
        g.write = observability;
        t = t.add_observability_grants(g);
        if let Some((agent_name, metadata)) = dispatch.clone() {
            t = t.add_agent_dispatch(RoomAgentDispatch::builder().agent_name(agent_name).metadata(metadata).build());
        }
        let ours = t.to_jwt_checked_with_clock(&FixedClock(NOW)).unwrap();
        let claims = verifier().verify(&ours).unwrap();

        // What went in comes back, so that a claim the writer drops fails here too (the
        // comparison below reads its reference from the token). A flag reads as on or off:
        // one set to `false` may be left out.
        let on = |flag: Option<bool>| flag.unwrap_or(false);
        let c = &claims;
        prop_assert_eq!(c.sub.as_deref(), Some(identity.as_str()));
        prop_assert_eq!((&c.name, &c.metadata, &c.room_preset, &c.sha256), (&name, &metadata, &preset, &sha256));
        prop_assert_eq!(c.attributes.as_ref(), (!attributes.is_empty()).then_some(&attributes));
        let details: Vec<String> = details.iter().map(|d| d.as_str().to_owned()).collect();
        prop_assert_eq!(c.kind_details.as_ref(), (!details.is_empty()).then_some(&details));
        prop_assert_eq!(c.kind.as_deref(), kind.map(|k| k.as_str()));
        prop_assert_eq!((c.nbf, c.exp), (Some(NOW), Some(NOW + ttl)));
        prop_assert_eq!(c.video.as_ref(), Some(&as_written(video)));
        let sip_read = c.sip.as_ref().map_or((false, false), |g| (on(g.admin), on(g.call)));
        prop_assert_eq!(sip_read, (on(sip.0), on(sip.1)));
        let endpoint_read = c.agent_endpoint.as_ref().map(|g| (on(g.call), g.agent_name.clone(), g.deployment.clone()));
        prop_assert_eq!(endpoint_read.unwrap_or_default(), (on(endpoint.0), endpoint.1, endpoint.2));
        let thread_read = c.agent_thread.as_ref().map(|g| (on(g.list), g.scope.clone(), g.thread_ids.clone()));
        prop_assert_eq!(thread_read.unwrap_or_default(), (on(thread.0), thread.1, thread.2));
        prop_assert_eq!(on(c.agent.as_ref().and_then(|g| g.admin)), on(agent));
        prop_assert_eq!(on(c.inference.as_ref().and_then(|g| g.perform)), on(inference));
        prop_assert_eq!(on(c.observability.as_ref().and_then(|g| g.write)), on(observability));
        let config = c.room_config.as_ref();
        prop_assert_eq!(config.and_then(|r| r.name.as_deref()), with_config.then_some("r"));
        let dispatched: Vec<_> = config.and_then(|r| r.agents.as_ref()).into_iter().flatten()
            .map(|d| (d.agent_name.clone(), d.metadata.clone())).collect();
        let asked: Vec<_> = dispatch.into_iter().map(|(n, m)| (Some(n), Some(m))).collect();
        prop_assert_eq!(dispatched, asked);

        let reference = jsonwebtoken::encode(
            &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
            &claims,
            &jsonwebtoken::EncodingKey::from_secret(SECRET.as_bytes()).unwrap(),
        ).unwrap();
        prop_assert_eq!(ours, reference);
    }
}
