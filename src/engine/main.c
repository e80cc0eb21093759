/* main.c: baonoi-engine, the synthesis engine that libbaonoi starts (src/speech/engine.h). It
 * serves its host on descriptor 3 and is not meant to be run by hand. */
#include "engine.h"
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	(void)argv;
	int type = 0;
	socklen_t len = sizeof type;
	if (argc != 1 || getsockopt(3, SOL_SOCKET, SO_TYPE, &type, &len) != 0 ||
	    type != SOCK_SEQPACKET) {
		fputs("baonoi-engine: started by libbaonoi, not by hand\n", stderr);
		return 2;
	}
	/* Only the host's socket: nothing else the host had open stays open here. The engine
	 * never plays (the player does): eSpeak NG's own audio output must not reach a sound
	 * server (eSpeak NG 1.51 connects to PulseAudio even in synchronous mode). */
	bn_close_other_fds(3, -1);
	setenv("PULSE_SERVER", "unix:/dev/null", 1);
	return bn_engine_serve(3);
}
