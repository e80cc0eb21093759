#!/bin/bash
# pulse.sh: a private PulseAudio server with a null sink, paced like a real sound card, for
# tests that must hear playback in real time. Source it, then:
#   pulse_start DIR   start a server whose state lives in DIR; sets HOME and XDG_RUNTIME_DIR
#                     for the commands that follow, with ALSA's default device on PulseAudio
#   pulse_stop        stop it
pulse_start() {
	local dir=$1
	mkdir -p "$dir/runtime" "$dir/home"
	chmod 700 "$dir/runtime"
	export XDG_RUNTIME_DIR=$dir/runtime HOME=$dir/home
	cat >"$HOME/.asoundrc" <<'ASOUND'
pcm.!default { type pulse }
ctl.!default { type pulse }
ASOUND
	# Its mixing thread runs at real-time priority under a 200 ms limit of CPU time without a
	# pause, past which the kernel kills the server without a word: the likely way the test
	# server died mid-test, with nothing in its log, in 2 of 8 sanitizer runs on this loaded
	# virtual machine. No such limit here (the log, at level info, shows on a failure).
	mkdir -p "$HOME/.config/pulse"
	echo "rlimit-rttime = -1" >"$HOME/.config/pulse/daemon.conf"
	pulseaudio -n --daemonize=no --exit-idle-time=-1 --use-pid-file=no --log-level=info \
		-L module-native-protocol-unix \
		-L "module-null-sink sink_name=out rate=22050 channels=1" >"$dir/pulse.log" 2>&1 &
	PULSE_PID=$!
	# pactl waits for ever on a server that accepted the connection and never answers.
	for _ in $(seq 200); do
		timeout 5 pactl info >/dev/null 2>&1 && break
		sleep 0.05
	done
	if ! timeout 5 pactl set-default-sink out; then
		echo "pulse_start: the PulseAudio test server does not answer:" >&2
		sed 's/^/  /' "$dir/pulse.log" >&2
		pulse_stop
		return 1
	fi
}

pulse_stop() {
	[ -n "${PULSE_PID:-}" ] && kill "$PULSE_PID" 2>/dev/null && wait "$PULSE_PID" 2>/dev/null
	PULSE_PID=
}
