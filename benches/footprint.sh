#!/usr/bin/env bash
# Footprint (issue 5): a minimal binary that mints one room-join token, with this crate
# and with the official Rust crate (livekit-api, default-features = false,
# features = ["access-token"]). Prints the unique crates of each (name and version) as
# plain `cargo tree` counts them (normal and build dependencies) and with `-e normal`
# only, and its clean release build time on this machine. Both use the same
# registry cache; nothing is downloaded twice.
#
#   bash benches/footprint.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$root/target/footprint"
rm -rf "$work"
mkdir -p "$work/ours/src" "$work/official/src"

cat > "$work/ours/Cargo.toml" <<TOML
[package]
name = "footprint-ours"
version = "0.0.0"
edition = "2024"
publish = false
[dependencies]
livekit-access-token = { path = "$root" }
[workspace]
TOML
cat > "$work/ours/src/main.rs" <<'RS'
use livekit_access_token::{AccessToken, Credentials, VideoGrant};
fn main() {
    let creds = Credentials::new("APIfootprint", "footprint-secret-0123456789abcdef0123").unwrap();
    let jwt = AccessToken::with_credentials(&creds)
        .add_identity("user")
        .add_grants(VideoGrant::new().room_join().room("room"))
        .to_jwt()
        .unwrap();
    println!("{jwt}");
}
RS

cat > "$work/official/Cargo.toml" <<TOML
[package]
name = "footprint-official"
version = "0.0.0"
edition = "2024"
publish = false
[dependencies]
livekit-api = { version = "0.10", default-features = false, features = ["access-token"] }
[workspace]
TOML
cat > "$work/official/src/main.rs" <<'RS'
use livekit_api::access_token::{AccessToken, VideoGrants};
fn main() {
    let jwt = AccessToken::with_api_key("APIfootprint", "footprint-secret-0123456789abcdef0123")
        .with_identity("user")
        .with_grants(VideoGrants { room_join: true, room: "room".into(), ..Default::default() })
        .to_jwt()
        .unwrap();
    println!("{jwt}");
}
RS

count() { cargo tree -q --prefix none "$@" | sed 's/ (\*)$//; s/ (proc-macro)$//' | awk '{print $1, $2}' | sort -u | wc -l; }
echo "| | unique crates (cargo tree) | of which normal (-e normal) | clean release build |"
echo "|---|---:|---:|---:|"
for side in ours official; do
  cd "$work/$side"
  cargo generate-lockfile -q
  all=$(count)
  normal=$(count -e normal)
  start=$(date +%s%N)
  cargo build -q --release
  secs=$(( ($(date +%s%N) - start + 500000000) / 1000000000 ))
  ./target/release/footprint-$side > /dev/null
  echo "| $side | $all | $normal | $secs s |"
done
