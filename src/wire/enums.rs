//! The enumerated values LiveKit reads from a token: track sources, participant kinds and
//! kind details. Enums, so a typo is a compile error; `FromStr` for values that arrive at
//! run time.

use std::fmt;
use std::str::FromStr;

use crate::error::UnknownValue;

macro_rules! wire_enum {
    (
        $(#[$doc:meta])*
        $name:ident, $what:literal {
            $( $(#[$vdoc:meta])* $variant:ident => $wire:literal, )+
        }
    ) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$vdoc])* $variant, )+
        }

        impl $name {
            /// Every value, in the order listed on this page.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// `s` is none of the wire names.
            fn unknown(s: &str) -> UnknownValue {
                UnknownValue::new($what, s, $name::ALL.iter().map(|v| v.as_str()))
            }

            /// The exact string LiveKit reads for this value.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $( $name::$variant => $wire, )+
                }
            }
        }

        /// Written as its wire name.
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = UnknownValue;

            /// Parses the wire name in any case, as the server's `strings.ToUpper` reads
            /// kinds (so `ſ` and `ı` are `s` and `i`); write it back with
            /// [`as_str`](Self::as_str), the one spelling every server check matches.
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $name::ALL
                    .iter()
                    .copied()
                    .find(|v| same_upper_case(v.as_str(), s))
                    .ok_or_else(|| Self::unknown(s))
            }
        }
    };
}

/// Whether `s` reads as the ASCII `wire` name once upper-cased as Go's `strings.ToUpper`
/// does it: the only runes it turns into ASCII letters are ASCII ones, `ı` and `ſ`.
fn same_upper_case(wire: &str, s: &str) -> bool {
    let upper = |c: char| match c {
        '\u{131}' => 'I',
        '\u{17F}' => 'S',
        c => c.to_ascii_uppercase(),
    };
    wire.chars().map(upper).eq(s.chars().map(upper))
}

wire_enum!(
    /// A track source a participant may publish (the video grant's track sources).
    ///
    /// ```
    /// use livekit_access_token::{TrackSource, VideoGrant};
    /// let grant = VideoGrant::new().can_publish_sources([TrackSource::Camera, TrackSource::Microphone]);
    /// # let _ = grant;
    /// ```
    TrackSource, "track source" {
        /// A camera video track.
        Camera => "camera",
        /// A microphone audio track.
        Microphone => "microphone",
        /// A screen-share video track.
        ScreenShare => "screen_share",
        /// The audio of a screen share.
        ScreenShareAudio => "screen_share_audio",
        /// A track published without a source, as client SDKs publish custom tracks (a
        /// canvas, a processed stream). Once a token lists sources, such a track may be
        /// published only if this one is listed too.
        Unknown => "unknown",
    }
);

impl TrackSource {
    /// The source whose wire name is `s` exactly: the server matches a track source only
    /// as spelt in lower case, so a token that says `"CAMERA"` allows no camera.
    pub(crate) fn from_wire(s: &str) -> Result<Self, UnknownValue> {
        Self::ALL
            .iter()
            .copied()
            .find(|v| v.as_str() == s)
            .ok_or_else(|| Self::unknown(s))
    }
}

wire_enum!(
    /// The kind of participant the token creates (`kind`).
    ParticipantKind, "participant kind" {
        /// A regular participant (what the server assumes when `kind` is absent).
        Standard => "standard",
        /// An ingress participant.
        Ingress => "ingress",
        /// An egress participant.
        Egress => "egress",
        /// A SIP participant.
        Sip => "sip",
        /// An agent participant.
        Agent => "agent",
        /// A connector participant.
        Connector => "connector",
        /// A bridge participant.
        Bridge => "bridge",
    }
);

wire_enum!(
    /// A detail of the participant kind.
    KindDetail, "kind detail" {
        /// An agent hosted by LiveKit Cloud.
        CloudAgent => "cloud_agent",
        /// A participant forwarded from another room.
        Forwarded => "forwarded",
        /// A WhatsApp connector.
        ConnectorWhatsapp => "connector_whatsapp",
        /// A Twilio connector.
        ConnectorTwilio => "connector_twilio",
        /// An RTSP bridge.
        BridgeRtsp => "bridge_rtsp",
        /// A simulated participant.
        Simulation => "simulation",
    }
);

mod sealed {
    pub trait Sealed {}
}

/// What a setter takes where one of these enums is expected: the enum alone, sealed. It
/// exists for its message, so that a string (a typo waiting to happen) gets a sentence
/// with the way out.
macro_rules! takes_only {
    ($(#[$doc:meta])* $trait:ident: $name:ident, $method:ident; $($diagnostic:tt)+) => {
        impl sealed::Sealed for $name {}

        $(#[$doc])*
        #[diagnostic::on_unimplemented($($diagnostic)+)]
        pub trait $trait: sealed::Sealed + Copy {
            #[doc = concat!("The value as a [`", stringify!($name), "`].")]
            fn $method(self) -> $name;
        }

        #[diagnostic::do_not_recommend]
        impl $trait for $name {
            fn $method(self) -> $name {
                self
            }
        }

        // A list the caller keeps (`&allowed`, `allowed.iter()`) yields references.
        impl sealed::Sealed for &$name {}

        #[diagnostic::do_not_recommend]
        impl $trait for &$name {
            fn $method(self) -> $name {
                *self
            }
        }
    };
}

takes_only!(
    /// Values accepted where a [`TrackSource`] is expected. Sealed: only `TrackSource`, or a reference to one.
    IsTrackSource: TrackSource, track_source;
    message = "track sources are `TrackSource` values, not `{Self}`: write a variant such as `TrackSource::Camera` (or parse at run time with `\"camera\".parse::<TrackSource>()?`)",
    label = "expected `TrackSource` values"
);

takes_only!(
    /// Values accepted where a [`ParticipantKind`] is expected. Sealed: only `ParticipantKind`, or a reference to one.
    IsParticipantKind: ParticipantKind, participant_kind;
    message = "the participant kind is a `ParticipantKind`, not `{Self}`: write a variant such as `ParticipantKind::Agent` (or parse at run time with `\"agent\".parse::<ParticipantKind>()?`)",
    label = "expected a `ParticipantKind`"
);

takes_only!(
    /// Values accepted where a [`KindDetail`] is expected. Sealed: only `KindDetail`, or a reference to one.
    IsKindDetail: KindDetail, kind_detail;
    message = "kind details are `KindDetail` values, not `{Self}`: write a variant such as `KindDetail::CloudAgent` (or parse at run time with `\"cloud_agent\".parse::<KindDetail>()?`)",
    label = "expected `KindDetail` values"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_names_round_trip_and_parse_case_insensitively() {
        for s in TrackSource::ALL {
            assert_eq!(s.as_str().parse::<TrackSource>().ok(), Some(*s));
            assert_eq!(
                s.as_str().to_uppercase().parse::<TrackSource>().ok(),
                Some(*s)
            );
        }
        assert_eq!(ParticipantKind::Sip.to_string(), "sip");
        assert_eq!(KindDetail::BridgeRtsp.as_str(), "bridge_rtsp");
    }

    #[test]
    fn unknown_value_error_lists_the_accepted_names() {
        let err = "camra".parse::<TrackSource>().err().map(|e| e.to_string());
        let msg = err.unwrap_or_default();
        assert!(msg.contains("camra") && msg.contains("camera") && msg.contains("screen_share"));
    }
}
