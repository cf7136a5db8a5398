//! Golden payloads of the video grant: joins, server-API and admin tokens, tri-state and
//! default-false flags, publish sources, and a second grant merged into the first.

use super::*;

/// The Elixir library's example, which this API follows, as written there: no `canPublish`
/// (the README's version adds it; golden_05 to 07 pin it).
#[test]
fn golden_01_the_elixir_librarys_example_room_join() {
    let got = mint(
        token()
            .add_identity("user123")
            .add_name("John Doe")
            .add_ttl(3600)
            .add_grants(VideoGrant::new().room_join().room("my-room")),
    );
    assert_eq!(
        got,
        r#"{"iss":"APIgolden","sub":"user123","nbf":1700000000,"iat":1700000000,"exp":1700003600,"name":"John Doe","video":{"roomJoin":true,"room":"my-room"}}"#
    );
}

#[test]
fn golden_02_default_ttl_is_one_hour_and_unset_flags_are_not_written() {
    let got = mint(
        token()
            .add_identity("u")
            .add_grants(VideoGrant::new().room_join().room("r")),
    );
    assert_eq!(
        got,
        r#"{"iss":"APIgolden","sub":"u","nbf":1700000000,"iat":1700000000,"exp":1700003600,"video":{"roomJoin":true,"room":"r"}}"#
    );
}

#[test]
fn golden_03_server_api_token_has_no_sub_and_writes_in_wire_order() {
    let got = mint(
        token()
            .add_ttl(std::time::Duration::from_secs(600))
            .add_grants(
                VideoGrant::new()
                    .ingress_admin(true)
                    .room_record(true)
                    .room_list(true)
                    .room_create(true),
            ),
    );
    assert_eq!(
        got,
        r#"{"iss":"APIgolden","nbf":1700000000,"iat":1700000000,"exp":1700000600,"video":{"roomCreate":true,"roomList":true,"roomRecord":true,"ingressAdmin":true}}"#
    );
}

#[test]
fn golden_04_room_admin_with_destination_room() {
    let got = mint(
        token().add_grants(
            VideoGrant::new()
                .room_admin()
                .room("src")
                .destination_room("dst"),
        ),
    );
    assert_eq!(
        got,
        r#"{"iss":"APIgolden","nbf":1700000000,"iat":1700000000,"exp":1700003600,"video":{"roomAdmin":true,"room":"src","destinationRoom":"dst"}}"#
    );
}

#[test]
fn golden_05_tri_state_false_is_written_and_default_false_flags_are_not() {
    let got = mint(
        token().add_identity("viewer").add_grants(
            VideoGrant::new()
                .room_join()
                .room("r")
                .can_publish(false)
                .can_subscribe(false)
                .can_publish_data(false)
                .can_update_own_metadata(false)
                .can_subscribe_metrics(false)
                .can_manage_agent_session(false)
                .hidden(false)
                .room_create(false),
        ),
    );
    assert_eq!(
        got,
        r#"{"iss":"APIgolden","sub":"viewer","nbf":1700000000,"iat":1700000000,"exp":1700003600,"video":{"roomJoin":true,"room":"r","canPublish":false,"canSubscribe":false,"canPublishData":false,"canUpdateOwnMetadata":false,"canSubscribeMetrics":false,"canManageAgentSession":false}}"#
    );
}

#[test]
fn golden_06_publish_sources_are_lower_case_names() {
    let got = mint(
        token().add_identity("u").add_grants(
            VideoGrant::new()
                .room_join()
                .room("r")
                .can_publish(true)
                .can_publish_sources(TrackSource::ALL.iter().copied()),
        ),
    );
    assert_eq!(
        got,
        r#"{"iss":"APIgolden","sub":"u","nbf":1700000000,"iat":1700000000,"exp":1700003600,"video":{"roomJoin":true,"room":"r","canPublish":true,"canPublishSources":["camera","microphone","screen_share","screen_share_audio","unknown"]}}"#
    );
}

#[test]
fn golden_07_hidden_recorder_and_agent_flags() {
    let got = mint(
        token().add_identity("rec").add_grants(
            VideoGrant::new()
                .room_join()
                .room("r")
                .can_publish(false)
                .hidden(true)
                .recorder(true)
                .agent(true),
        ),
    );
    assert_eq!(
        got,
        r#"{"iss":"APIgolden","sub":"rec","nbf":1700000000,"iat":1700000000,"exp":1700003600,"video":{"roomJoin":true,"room":"r","canPublish":false,"hidden":true,"recorder":true,"agent":true}}"#
    );
}

#[test]
fn golden_13_second_grant_merges_later_flags_win() {
    let got = mint(
        token()
            .add_identity("u")
            .add_grants(
                VideoGrant::new()
                    .room_join()
                    .can_publish(true)
                    .can_subscribe(true),
            )
            .add_grants(VideoGrant::new().room("r").can_publish(false)),
    );
    assert_eq!(
        got,
        r#"{"iss":"APIgolden","sub":"u","nbf":1700000000,"iat":1700000000,"exp":1700003600,"video":{"roomJoin":true,"room":"r","canPublish":false,"canSubscribe":true}}"#
    );
}
