/* main.c: baonoi-engine, the helper program libbaonoi starts with posix_spawn (never a fork
 * of its caller), not meant to be run by hand:
 *   baonoi-engine                      the synthesis engine (src/speech/engine.h), socket as 3
 *   baonoi-engine player RATE [DEVICE] the audio player (src/sink/sink_play.c)
 *   baonoi-engine devices              the output devices, listed on descriptor 3 */
#include "engine.h"
#include "internal.h"
#include "sink.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* 1 when descriptor fd is open. */
static int is_open(int fd)
{
	return fcntl(fd, F_GETFD) != -1;
}

int main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "player") == 0 && is_open(3) && is_open(4) && is_open(5)) {
		bn_close_fds_from(6);
		return bn_player_main(argc, argv);
	}
	if (argc == 2 && strcmp(argv[1], "devices") == 0 && is_open(3)) {
		bn_close_other_fds(3, -1);
		return bn_devices_main();
	}
	int type = 0;
	socklen_t len = sizeof type;
	if (argc != 1 || getsockopt(3, SOL_SOCKET, SO_TYPE, &type, &len) != 0 ||
	    type != SOCK_SEQPACKET) {
		fputs("baonoi-engine: a helper of libbaonoi, started by it, not by hand\n", stderr);
		return 2;
	}
	/* Only the host's socket: nothing else the host had open stays open here. The engine
	 * never plays (the player does): eSpeak NG's own audio output must not reach a sound
	 * server (eSpeak NG 1.51 connects to PulseAudio even in synchronous mode). */
	bn_close_other_fds(3, -1);
	setenv("PULSE_SERVER", "unix:/dev/null", 1);
	return bn_engine_serve(3);
}
