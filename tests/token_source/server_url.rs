//! The server URL a response sends every client: one no client SDK can connect to, or one
//! with user info, is the server's own error (500), whichever way the response is built.

use super::*;

#[test]
fn respond_takes_the_urls_client_sdks_connect_to_and_refuses_others_as_the_servers_500() {
    let policy = TokenSourcePolicy::new();
    // Both ways a server answers: `respond`, and `try_new` after minting a token of its own.
    let respond = |url: &str| {
        let request = TokenSourceRequest::from_json(b"{}").unwrap();
        let responded = policy.respond(&creds(), request, url);
        let built = TokenSourceResponse::try_new(url, "a.jwt.token");
        assert_eq!(
            responded
                .as_ref()
                .map(|r| r.server_url())
                .map_err(|e| e.to_string()),
            built
                .as_ref()
                .map(|r| r.server_url())
                .map_err(|e| e.to_string()),
            "{url:?}"
        );
        responded
    };
    for url in [
        "wss://my.livekit.cloud",
        "ws://localhost:7880",
        "https://my.livekit.cloud/",
        "HTTP://10.0.0.1:7880",
        "wss://[::1]:7880",
        "wss://bücher.example:",
        "wss://xn--bcher-kva.example",
        "wss://LOCALHOST.:0",
        "wss://10.0.0.1.",
        "wss://[::ffff:10.0.0.1]",
        "wss://rtc_1.example.com",
    ] {
        assert_eq!(respond(url).unwrap().server_url(), url);
    }
    for url in [
        "",
        "my.livekit.cloud",
        "ftp://my.livekit.cloud",
        "wss://",
        "wss:///path",
        "wss://my livekit",
        "wss://x\n",
        "wsss://x",
        "wss://?room=r",
        // Hosts and ports a WHATWG URL parser (livekit-client's) refuses.
        "wss://:443",
        "wss://[::1",
        "wss://[::1]x",
        "wss://ho^st",
        "https://%zz",
        "wss://host:99999",
        "wss://example.com:abc",
        "wss://example.com:+80",
        // A name whose last label is a number must be an IPv4 address.
        "wss://10.0.0.1.7880",
        "wss://256.0.0.1",
        "wss://example.123",
        "wss://example.0x1f",
        "wss://example.0X1F",
        // Non-ASCII that is no letter or digit: IDNA maps it to `/`, or to nothing.
        "wss://a\u{FF0F}b",
        "wss://\u{AD}",
        "wss://\u{200B}",
    ] {
        let err = respond(url).unwrap_err();
        assert_eq!(err.status(), 500, "{url:?}: {err}");
        assert!(
            matches!(&err, TokenSourceError::ServerUrl { url: echoed } if echoed == url),
            "{url:?}: {err:?}"
        );
        assert!(err.to_string().contains("wss://my.livekit.cloud"), "{err}");
    }
    // User info would be sent to every client; the error, which the server logs, shows the
    // URL without it.
    for (url, shown) in [
        (
            "wss://admin:hunter2-secret@my.livekit.cloud",
            "wss://…@my.livekit.cloud",
        ),
        ("https://hunter2-secret@h:7880/p@q", "https://…@h:7880/p@q"),
        ("wss://a@b:hunter2-secret@h", "wss://…@h"),
        // Too broken to find user info in the authority: all before the last `@` may be.
        ("wss:/admin:hunter2-secret@h", "…@h"),
        ("admin:hunter2-secret@h", "…@h"),
        ("wss:///admin:hunter2-secret@h", "…@h"),
        ("admin:hunter2-secret@wss://h", "…@wss://h"),
        ("u:hunter2-secret@h/?next=wss://x", "…@h/?next=wss://x"),
        ("u:hunter2-secret@wss://v@h", "…@h"),
    ] {
        let err = respond(url).unwrap_err();
        assert!(
            matches!(&err, TokenSourceError::ServerUrl { url: echoed } if echoed == shown),
            "{url:?}: {err:?}"
        );
        assert!(!format!("{err} {err:?}").contains("hunter2"), "{err:?}");
    }
    // An `@` after the host is the path's, not user info.
    assert_eq!(
        respond("wss://my.livekit.cloud/rooms/@r")
            .unwrap()
            .server_url(),
        "wss://my.livekit.cloud/rooms/@r"
    );
}
