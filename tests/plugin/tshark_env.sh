# Sourced by the plugin tests and scripts/bench.sh: a tshark that loads
# the freshly built plugin.
#   . tshark_env.sh PLUGIN_SO      sets $work and defines run_tshark, stage;
#                                  $work/tshark and $work/tshark-without-plugin
#                                  are the same as commands (for programs that
#                                  run one), the second without the plugin
# tshark ignores WIRESHARK_PLUGIN_DIR when its real uid or gid is 0, so as
# root it runs as nobody; that user must be able to read the plugin and the
# captures, so both are copied into a world-readable temporary folder
# (stage CAPTURE prints the copy's path). Exits 77 (skip) when the plugin
# was not built or tshark is missing.
plugin_so=$1
if [ -z "$plugin_so" ] || [ ! -f "$plugin_so" ]; then
  echo "SKIPPED: the Wireshark plugin was not built (Wireshark development files not found; scripts/install-deps.sh --test installs wireshark-dev)"
  exit 77
fi
if ! command -v tshark >/dev/null 2>&1; then
  echo "SKIPPED: tshark is not installed (scripts/install-deps.sh --test installs it)"
  exit 77
fi
as_user=""
if [ "$(id -u)" -eq 0 ] || [ "$(id -g)" -eq 0 ]; then
  if ! command -v setpriv >/dev/null 2>&1 || ! id nobody >/dev/null 2>&1; then
    echo "SKIPPED: running as root, and setpriv or the user nobody is missing to run tshark unprivileged"
    exit 77
  fi
  as_user="setpriv --reuid=nobody --regid=$(id -g nobody) --clear-groups"
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/sipscan-plugin-test.XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM
mkdir -p "$work/plugins/4.0/epan" "$work/home" "$work/captures"
cp "$plugin_so" "$work/plugins/4.0/epan/sipscan.so"
chmod -R a+rX "$work"
chmod a+rwx "$work/home"

# write_command NAME [VARIABLE=VALUE]: $work/NAME runs tshark as that
# user, with its own HOME and the variable.
write_command() {
  printf '#!/bin/sh\nexec %s env HOME="%s" %s LC_ALL=C tshark "$@"\n' \
    "$as_user" "$work/home" "${2:-}" >"$work/$1"
  chmod a+rx "$work/$1"
}
write_command tshark "WIRESHARK_PLUGIN_DIR=\"$work/plugins\""
write_command tshark-without-plugin

run_tshark() {
  "$work/tshark" "$@"
}

# stage CAPTURE: a copy tshark's user can read; prints its path.
stage() {
  staged="$work/captures/$(basename "$1")"
  cp "$1" "$staged" && chmod a+r "$staged" && echo "$staged"
}

if ! run_tshark -G plugins 2>&1 | grep -q '^sipscan\.so'; then
  echo "FAIL: tshark did not load $plugin_so:"
  run_tshark -G plugins 2>&1 | head -5
  exit 1
fi
