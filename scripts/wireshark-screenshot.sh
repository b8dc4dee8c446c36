#!/bin/sh
# Opens a capture in the Wireshark GUI, under Xvfb, with the freshly built
# plugin, shows the sipscan findings of one frame and takes a screenshot.
#   scripts/wireshark-screenshot.sh [CAPTURE [FRAME [FILTER [OUT.png]]]]
# Needs wireshark-qt, xvfb, xdotool and imagemagick (not installed by
# scripts/install-deps.sh: this is for the README's picture, not for CI).
# As root, Wireshark runs as nobody (it ignores WIRESHARK_PLUGIN_DIR
# otherwise).
set -eu
cd "$(dirname "$0")/.."
capture=${1:-captures/stuck_invite.pcap}
frame=${2:-4}
filter=${3:-sipscan}
out=${4:-docs/wireshark-plugin.png}
plugin=build/plugin/4.0/epan/sipscan.so
[ -f "$plugin" ] || { echo "build the plugin first ($plugin)" >&2; exit 1; }
for tool in wireshark xvfb-run xdotool import convert; do
  command -v $tool >/dev/null || { echo "$tool is missing" >&2; exit 1; }
done
work=$(mktemp -d /tmp/sipscan-gui.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/plugins/4.0/epan" "$work/home"
cp "$plugin" "$work/plugins/4.0/epan/"
cp "$capture" "$work/"
chmod -R a+rX "$work"
chmod a+rwx "$work" "$work/home"
as_user=""
[ "$(id -u)" -eq 0 ] && as_user="setpriv --reuid=nobody --regid=nogroup --clear-groups"
cat >"$work/drive.sh" <<DRIVE
#!/bin/sh
# Runs inside the X server: start Wireshark on frame $frame, apply the
# filter once the file is read (a filter active while a file is read sees
# only the first pass), expand the sipscan tree, take the picture; then
# sipscan's report window from the Telephony menu.
export HOME=$work/home WIRESHARK_PLUGIN_DIR=$work/plugins XDG_RUNTIME_DIR=$work/home
wireshark -r "$work/$(basename "$capture")" -g $frame >/dev/null 2>&1 &
pid=\$!
for i in \$(seq 60); do
  win=\$(xdotool search --onlyvisible --class wireshark 2>/dev/null | head -1)
  [ -n "\$win" ] && break
  sleep 1
done
sleep 3
xdotool windowmove \$win 0 0 windowsize \$win 1280 900
sleep 2
xdotool key --window \$win ctrl+slash
sleep 0.5
xdotool type --delay 20 "$filter"
xdotool key Return
sleep 3
# the packet details pane: its last line is the sipscan tree
# (keys do not reach it without a window manager: click the expanders)
y=\${DETAILS_Y:-580}
xdotool mousemove 11 \$y click 1
sleep 0.5
xdotool mousemove 28 \$((y + 17)) click 1
sleep 1
import -window root "$work/shot.png"
xdotool key --window \$win alt+y
sleep 1
# the Telephony menu's last item is sipscan's report
xdotool key Up Return
sleep 3
import -window root "$work/report.png"
kill \$pid
DRIVE
chmod a+rx "$work/drive.sh"
$as_user xvfb-run -a -s "-screen 0 1280x900x24" sh "$work/drive.sh"
mkdir -p "$(dirname "$out")"
# 128 colours: a fifth of the size, no visible loss on a GUI
convert "$work/shot.png" -colors 128 "$out"
convert "$work/report.png" -colors 128 "${out%.png}-report.png"
echo "wrote $out and ${out%.png}-report.png"
