//! The random sweep: no request, under any policy, gets a token beyond that policy.

use super::*;

/// A small deterministic generator, so the sweep below is the same on every run.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    fn chance(&mut self) -> bool {
        self.below(2) == 0
    }
}

/// A request body assembled from the fields' names (either spelling), names no request
/// has, and room-config members allowed or not.
fn any_body(rng: &mut Lcg) -> Value {
    let top = [
        "room_name",
        "roomName",
        "participant_identity",
        "participantIdentity",
        "participant_name",
        "participant_metadata",
        "participant_attributes",
        "room_config",
        "roomConfig",
        "video",
        "kind",
        "roomAdmin",
    ];
    let config_members = [
        "agents",
        "max_participants",
        "maxParticipants",
        "egress",
        "name",
        "tags",
        "secretKnob",
    ];
    let dispatch_members = [
        "agent_name",
        "agentName",
        "metadata",
        "deployment",
        "restart_policy",
        "restartPolicy",
        "attributes",
        "agentAttributes",
    ];
    let names = ["support-bot", "admin-bot", "", "r", "lang", "role"];
    let mut body = serde_json::Map::new();
    for _ in 0..rng.below(5) {
        let key = rng.pick(&top);
        let value = match key {
            "participant_attributes" => json!({ rng.pick(&names): "v" }),
            "room_config" | "roomConfig" => {
                let mut config = serde_json::Map::new();
                for _ in 0..rng.below(3) {
                    let member = rng.pick(&config_members);
                    let value = match member {
                        "agents" => {
                            let mut dispatch = serde_json::Map::new();
                            for _ in 0..rng.below(3) {
                                let m = rng.pick(&dispatch_members);
                                let v = match m {
                                    "restart_policy" | "restartPolicy" => json!("JRP_NEVER"),
                                    "attributes" if rng.chance() => json!({}),
                                    "attributes" | "agentAttributes" => {
                                        json!({ rng.pick(&names): "v" })
                                    }
                                    _ => json!(rng.pick(&names)),
                                };
                                dispatch.insert(m.into(), v);
                            }
                            json!([dispatch])
                        }
                        "egress" if rng.chance() => json!({"room": {"s3": {"secret": "S"}}}),
                        "egress" => json!({"room": {"roomName": "r"}}),
                        "tags" => json!({"t": "1"}),
                        "name" => json!(rng.pick(&names)),
                        "secretKnob" => json!(true),
                        _ => json!(rng.below(10)),
                    };
                    config.insert(member.into(), value);
                }
                Value::Object(config)
            }
            "video" => json!({"roomAdmin": true}),
            "roomAdmin" => json!(true),
            _ => json!(rng.pick(&names)),
        };
        body.insert(key.into(), value);
    }
    Value::Object(body)
}

/// How far a drawn policy opened a list of names: not at all, to one name, or to any.
#[derive(Default, Clone, Copy)]
enum Opening {
    #[default]
    Closed,
    Named,
    Any,
}

impl Opening {
    fn draw(rng: &mut Lcg) -> Self {
        [Opening::Closed, Opening::Named, Opening::Any][rng.below(3)]
    }

    /// Whether a policy opened this far lets `name` through, `named` being the one name
    /// a `Named` opening lists.
    fn allows(self, name: &str, named: &str) -> bool {
        match self {
            Opening::Closed => false,
            Opening::Named => name == named,
            Opening::Any => true,
        }
    }
}

/// What a policy drawn by [`any_policy`] opened.
#[derive(Default)]
struct Opened {
    attributes: Opening,
    agents: Opening,
    agent_attributes: Opening,
    room_settings: bool,
    room_egress: bool,
}

fn any_policy(rng: &mut Lcg) -> (TokenSourcePolicy, Opened) {
    let mut opened = Opened::default();
    let rules = [
        FieldRule::Forbidden,
        FieldRule::Optional,
        FieldRule::Required,
    ];
    let mut policy = TokenSourcePolicy::new()
        .identity(rules[rng.below(3)])
        .name(rules[rng.below(3)])
        .room(rules[rng.below(3)]);
    if rng.chance() {
        policy = policy.allow_metadata();
    }
    opened.attributes = Opening::draw(rng);
    policy = match opened.attributes {
        Opening::Closed => policy,
        Opening::Named => policy.allow_attributes(["lang"]),
        Opening::Any => policy.allow_any_attributes(),
    };
    opened.agents = Opening::draw(rng);
    policy = match opened.agents {
        Opening::Closed => policy,
        Opening::Named => policy.allow_agents(["support-bot"]),
        Opening::Any => policy.allow_any_agent(),
    };
    opened.agent_attributes = Opening::draw(rng);
    policy = match opened.agent_attributes {
        Opening::Closed => policy,
        Opening::Named => policy.allow_agent_attributes(["lang"]),
        Opening::Any => policy.allow_any_agent_attributes(),
    };
    if rng.chance() {
        opened.room_settings = true;
        policy = policy.allow_room_settings();
    }
    if rng.chance() {
        opened.room_egress = true;
        policy = policy.allow_room_egress();
    }
    (policy, opened)
}

/// Whatever the request, a token the policy lets through carries the policy's grant for
/// one room, no claim the request has no field for, only allowed attributes and agents,
/// room settings and egress only where allowed, and never credentials.
#[test]
fn no_request_gets_a_token_beyond_its_policy() {
    let mut rng = Lcg(17);
    let (mut minted, mut refused) = (0, 0);
    for _ in 0..20_000 {
        let (policy, opened) = any_policy(&mut rng);
        let body = any_body(&mut rng);
        let Ok(claims) = mint(&policy, &body.to_string()) else {
            refused += 1;
            continue;
        };
        minted += 1;
        let video = claims.video.clone().unwrap();
        let mut expected = VideoClaims::new();
        (expected.can_publish, expected.can_subscribe) = (Some(true), Some(true));
        (expected.can_publish_data, expected.room_join) = (Some(true), Some(true));
        expected.room = video.room.clone();
        assert_eq!(video, expected, "{body}");
        assert!(
            claims.kind.is_none() && claims.kind_details.is_none(),
            "{body}"
        );
        assert!(claims.sip.is_none() && claims.agent.is_none() && claims.extra.is_empty());
        for key in claims.attributes.iter().flat_map(|a| a.keys()) {
            assert!(opened.attributes.allows(key, "lang"), "{body}");
        }
        for dispatch in agents(&claims) {
            assert!(dispatch.restart_policy.is_none(), "{body}");
            for key in dispatch.attributes.iter().flat_map(|a| a.keys()) {
                assert!(opened.agent_attributes.allows(key, "lang"), "{body}");
            }
            let name = dispatch.agent_name.unwrap_or_default();
            assert!(opened.agents.allows(&name, "support-bot"), "{body}");
        }
        if let Some(config) = &claims.room_config {
            assert!(config.extra.is_empty(), "{body}");
            assert_eq!(config.sensitive_credentials_path(), None, "{body}");
            assert!(config.egress.is_none() || opened.room_egress, "{body}");
            let settings = config.max_participants.is_some() || config.tags.is_some();
            assert!(!settings || opened.room_settings, "{body}");
        }
    }
    assert!(
        minted > 2_000 && refused > 2_000,
        "both sides exercised: {minted} minted, {refused} refused"
    );
}
