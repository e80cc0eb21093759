/* bench_open.c: opens the default output device one way and plays a short tone at once, for
 * tests/bench_open.py to time launch-to-sound: `bench_open portaudio` (PortAudio's normal
 * API: Pa_Initialize, the default device, a blocking stream) or `bench_open pcaudiolib` (the
 * library eSpeak NG plays through). Exit status 1 when the device cannot be opened. */
#include <math.h>
#include <pcaudiolib/audio.h>
#include <portaudio.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define RATE 22050
#define PI   3.14159265358979323846

static int16_t tone[RATE / 4];

/* pcaudiolib: its first working backend (PulseAudio, then ALSA, ...) on the default device. */
static int play_pcaudiolib(void)
{
	struct audio_object *out = create_audio_device_object(NULL, "bench_open", "tone");
	if (!out || audio_object_open(out, AUDIO_OBJECT_FORMAT_S16LE, RATE, 1) != 0)
		return 1;
	audio_object_write(out, tone, sizeof tone);
	audio_object_drain(out);
	audio_object_close(out);
	audio_object_destroy(out);
	return 0;
}

/* PortAudio's normal API: every host API probed, then the default output device. */
static int play_portaudio(void)
{
	if (Pa_Initialize() != paNoError)
		return 1;
	PaStreamParameters out = {0};
	out.device = Pa_GetDefaultOutputDevice();
	const PaDeviceInfo *info = out.device == paNoDevice ? NULL : Pa_GetDeviceInfo(out.device);
	PaStream *stream;
	if (!info) {
		Pa_Terminate();
		return 1;
	}
	out.channelCount = 1;
	out.sampleFormat = paInt16;
	out.suggestedLatency = info->defaultLowOutputLatency;
	if (Pa_OpenStream(&stream, NULL, &out, RATE, 512, paClipOff, NULL, NULL) != paNoError) {
		Pa_Terminate();
		return 1;
	}
	Pa_StartStream(stream);
	Pa_WriteStream(stream, tone, sizeof tone / sizeof *tone);
	Pa_StopStream(stream);
	Pa_CloseStream(stream);
	Pa_Terminate();
	return 0;
}

int main(int argc, char **argv)
{
	for (size_t i = 0; i < sizeof tone / sizeof *tone; i++)
		tone[i] = (int16_t)(12000 * sin(2 * PI * 440 * (double)i / RATE));
	if (argc == 2 && strcmp(argv[1], "pcaudiolib") == 0)
		return play_pcaudiolib();
	if (argc == 2 && strcmp(argv[1], "portaudio") == 0)
		return play_portaudio();
	fprintf(stderr, "usage: bench_open portaudio|pcaudiolib\n");
	return 2;
}
