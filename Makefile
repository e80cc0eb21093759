# Makefile for baonoi: libbaonoi (static and shared), the baonoi command, tests, benchmarks.
#
#   make                  build build/baonoi, build/libbaonoi.a, build/libbaonoi.so
#   make check            unit tests (cmocka) and end-to-end tests of the command
#   make unit-tests       build the unit tests only (build/tests/)
#   make check SANITIZE=1 the same under AddressSanitizer + UndefinedBehaviorSanitizer
#   make valgrind         the unit tests and a render under valgrind's leak checker
#   make tsan / helgrind  the library from four threads at once, under ThreadSanitizer / helgrind
#   make bench            speed and memory against espeak-ng on the same text
#   make corpus           extraction on Readability.js's test pages (../shared/corpora)
#   make corpus-peers     the same beside readability-lxml and Readability.js (npm), timed
#   make demo             read the bundled example aloud (or write build/example.wav)
#   make fuzz             libFuzzer (clang) on each target of tests/fuzz, FUZZ_SECONDS each
#   make install PREFIX=/usr/local [DESTDIR=...]
#   make format           clang-format the sources;  make format-check  checks them
#   CC=clang make         build with clang

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
LIBDIR ?= $(PREFIX)/lib
LIBEXECDIR ?= $(PREFIX)/libexec
INCLUDEDIR ?= $(PREFIX)/include
DATADIR ?= $(PREFIX)/share/baonoi
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
MANDIR ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR ?= $(PREFIX)/share/zsh/site-functions
# sd_baonoi goes where speech-dispatcher looks for its modules when PREFIX is /usr (elsewhere,
# its AddModule line names it by its full path), its baonoi.conf beside the server's others.
SYSCONFDIR ?= $(if $(filter /usr,$(PREFIX)),/etc,$(PREFIX)/etc)
SDMODULEDIR ?= $(LIBDIR)/speech-dispatcher-modules
SDCONFDIR ?= $(SYSCONFDIR)/speech-dispatcher/modules

CC ?= cc
# Debian's Python, whose packages (python3-feedparser, python3-numpy) install-deps.sh installs,
# even where another python3 comes first on PATH.
PYTHON ?= $(shell test -x /usr/bin/python3 && echo /usr/bin/python3 || echo python3)
# eSpeak NG, libcurl, PortAudio and ALSA are loaded at run time when speech, a URL or playback
# needs them (src/core/dynlib.h): linked, they would add about 10 ms to every start (measured with
# hyperfine: 4.5 -> 15 ms for `baonoi text FILE`), a third of eSpeak NG's own time to first
# audio. Their sonames come from the libraries this build compiles against (never literals in
# the code), and the pointers are typed from their headers. libxml2 (about 1 ms) is linked.
PKGS = libutf8proc sndfile samplerate taglib_c uchardet json-c libxml-2.0
DLPKGS = espeak-ng libcurl portaudio-2.0 alsa
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) $(DLPKGS))
PKG_LIBS := $(shell pkg-config --libs $(PKGS)) -ldl
# The soname of a pkg-config package's library, read from the library's ELF header.
soname = $(shell readelf -d $(shell pkg-config --variable=libdir $(1))/lib$(2).so 2>/dev/null | \
	sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
SONAMES := -DBN_SONAME_CURL='"$(call soname,libcurl,curl)"' \
	-DBN_SONAME_PORTAUDIO='"$(call soname,portaudio-2.0,portaudio)"' \
	-DBN_SONAME_ESPEAK='"$(call soname,espeak-ng,espeak-ng)"' \
	-DBN_SONAME_ASOUND='"$(call soname,alsa,asound)"'

ifeq ($(FUZZ),1)
# libFuzzer builds (make fuzz): coverage for the fuzzer and the sanitizers in the library.
BUILD ?= build-fuzz
SAN = -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
OPT = -O1 -g
else ifeq ($(TSAN),1)
# ThreadSanitizer builds (make tsan): the library embedded in a program with threads.
BUILD ?= build-tsan
SAN = -fsanitize=thread -fno-omit-frame-pointer
OPT = -O1 -g
else ifeq ($(SANITIZE),1)
BUILD ?= build-san
SAN = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
OPT = -O1 -g
else
BUILD ?= build
SAN =
OPT = -O2 -g
endif

CFLAGS ?= $(OPT)
WARN = -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wformat=2 -Wno-format-nonliteral
CPPFLAGS_ALL = -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Iinclude $(SRC_DIRS:%=-Isrc/%) -Isrc/speechd \
	-DBN_DATA_DIR='"$(DATADIR)"' -DBN_LIBEXEC_DIR='"$(LIBEXECDIR)/baonoi"' $(SONAMES) \
	$(PKG_CFLAGS)
ALL_CFLAGS = $(WARN) $(CFLAGS) $(SAN) -fPIC -pthread
LIBS = $(PKG_LIBS) -pthread -lm

# The interactive reader and what only it uses (the terminal, key bindings, reading positions,
# spelling out) belong to the command, not the library: they change the terminal's modes and
# handle signals, which a library embedded in someone else's program must not do.
# src/ has a folder per stage of the pipeline, in the order data flows through them, and the
# shared helpers and the command around them.
SRC_DIRS = core fetch extract text speech sink cli
UI_SRCS = src/cli/reader.c src/cli/term.c src/cli/keymap.c src/cli/positions.c src/cli/spell.c
CLI_SRCS = $(wildcard src/cli/*.c)
# The synthesis engine's program (src/speech/engine.h), started by the library.
ENGINE_SRCS = src/engine/main.c
# sd_baonoi, the Speech Dispatcher output module (src/speechd/sd.h), a program on the library.
SD_SRCS = $(wildcard src/speechd/*.c)
SD_OBJS = $(SD_SRCS:src/%.c=$(BUILD)/obj/%.o)
# ... all but its main(), for its unit tests (tests/unit/speechd/).
SD_PART_OBJS = $(filter-out %/main.o,$(SD_OBJS))
LIB_SRCS = $(filter-out $(CLI_SRCS),$(wildcard $(SRC_DIRS:%=src/%/*.c)))
UI_OBJS = $(UI_SRCS:src/%.c=$(BUILD)/obj/%.o)
CLI_OBJS = $(CLI_SRCS:src/%.c=$(BUILD)/obj/%.o)
ENGINE_OBJS = $(ENGINE_SRCS:src/%.c=$(BUILD)/obj/%.o)
LIB_OBJS = $(LIB_SRCS:src/%.c=$(BUILD)/obj/%.o)
# Unit tests mirror src/: tests/unit/STAGE/test_*.c, each built into $(BUILD)/tests/.
UNIT_SRCS = $(wildcard tests/unit/*/test_*.c)
UNIT_BINS = $(addprefix $(BUILD)/tests/,$(notdir $(UNIT_SRCS:.c=)))
vpath test_%.c $(sort $(dir $(UNIT_SRCS)))

all: $(BUILD)/baonoi $(BUILD)/baonoi-engine $(BUILD)/libbaonoi.a $(BUILD)/libbaonoi.so \
	$(BUILD)/baonoi.1 $(BUILD)/sd_baonoi

$(BUILD)/obj/%.o: src/%.c $(wildcard src/*/*.h) include/baonoi.h | $(BUILD)/obj
	@echo CC $<
	@mkdir -p $(@D)
	@$(CC) $(CPPFLAGS_ALL) $(ALL_CFLAGS) -c $< -o $@

# The data directory compiled in (the last place the library looks: src/core/datadir.c) is kept in
# a stamp that changes only with it: `make install PREFIX=X` after `make` rebuilds what
# depends on it instead of installing objects built for another prefix.
$(BUILD)/datadir.stamp: FORCE | $(BUILD)/obj
	@echo '$(DATADIR) $(LIBEXECDIR)' | cmp -s - $@ || echo '$(DATADIR) $(LIBEXECDIR)' >$@
$(BUILD)/obj/core/datadir.o $(BUILD)/obj/speech/engine.o: $(BUILD)/datadir.stamp
FORCE:

# The manual page is made from --help and --version (help2man): it cannot drift from them.
$(BUILD)/baonoi.1: $(BUILD)/baonoi
	@echo MAN $@
	@help2man -N -n "read Vietnamese news articles aloud" -o $@ $(abspath $(BUILD))/baonoi

$(BUILD)/obj $(BUILD)/tests:
	mkdir -p $@

$(BUILD)/libbaonoi.a: $(LIB_OBJS)
	@echo AR $@
	@rm -f $@
	@ar rcs $@ $^

# The shared library exports exactly the functions include/baonoi.h declares: a version script
# made from the header (the names before '(' on its declaration lines), everything else local.
$(BUILD)/libbaonoi.map: include/baonoi.h | $(BUILD)/obj
	@{ echo 'BAONOI_0 {'; echo '  global:'; \
	  sed -n 's/^[A-Za-z].*[ *]\(bn_[a-z0-9_]*\)(.*/    \1;/p' $< | sort -u; \
	  echo '  local: *;'; echo '};'; } > $@

$(BUILD)/libbaonoi.so: $(LIB_OBJS) $(BUILD)/libbaonoi.map
	@echo LD $@
	@$(CC) -shared -Wl,-soname,libbaonoi.so.0 -Wl,--version-script=$(BUILD)/libbaonoi.map \
		$(SAN) -o $@ $(LIB_OBJS) $(LIBS)

$(BUILD)/baonoi: $(CLI_OBJS) $(BUILD)/libbaonoi.a | $(BUILD)/baonoi-engine
	@echo LD $@
	@$(CC) $(SAN) -o $@ $(CLI_OBJS) $(BUILD)/libbaonoi.a $(LIBS)

$(BUILD)/sd_baonoi: $(SD_OBJS) $(BUILD)/libbaonoi.a | $(BUILD)/baonoi-engine
	@echo LD $@
	@$(CC) $(SAN) -o $@ $(SD_OBJS) $(BUILD)/libbaonoi.a $(LIBS)

$(BUILD)/baonoi-engine: $(ENGINE_OBJS) $(BUILD)/libbaonoi.a
	@echo LD $@
	@$(CC) $(SAN) -o $@ $(ENGINE_OBJS) $(BUILD)/libbaonoi.a $(LIBS)

unit-tests: $(UNIT_BINS)

$(BUILD)/tests/%: %.c tests/unit/unit.h $(BUILD)/libbaonoi.a $(UI_OBJS) $(SD_PART_OBJS) | $(BUILD)/tests
	@echo CC $<
	@$(CC) $(CPPFLAGS_ALL) $(ALL_CFLAGS) $(TEST_CFLAGS) -Itests/unit -o $@ $< $(UI_OBJS) \
		$(TEST_OBJS) $(BUILD)/libbaonoi.a $(LIBS) $(shell pkg-config --libs cmocka sndfile) $(TEST_LIBS)

# The module's tests (tests/unit/speechd/test_sd_*.c) link its parts.
$(BUILD)/tests/test_sd_%: TEST_OBJS = $(SD_PART_OBJS)

# The session test embeds the library in a GLib main loop, as a desktop program would.
$(BUILD)/tests/test_session: TEST_CFLAGS = $(shell pkg-config --cflags glib-2.0)
$(BUILD)/tests/test_session: TEST_LIBS = $(shell pkg-config --libs glib-2.0)

# Under the sanitizers, leaks inside system audio libraries are suppressed (tests/lsan.supp).
SAN_ENV = $(if $(SAN),ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
	LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:fast_unwind_on_malloc=0:print_suppressions=0 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1)

check: all $(UNIT_BINS)
	@set -e; for t in $(UNIT_BINS); do echo "== $$t"; \
		$(SAN_ENV) BAONOI_DATA_DIR=$(CURDIR) timeout 600 $$t; done
	@$(SAN_ENV) BAONOI=$(CURDIR)/$(BUILD)/baonoi timeout 900 tests/e2e.sh
	@echo "== audio editions"
	@$(SAN_ENV) timeout 900 $(PYTHON) tests/edition.py $(CURDIR)/$(BUILD)/baonoi
	@echo "== the Speech Dispatcher module (sd_baonoi) with a private speech-dispatcher"
	@$(SAN_ENV) timeout 600 tests/with_pulse.sh $(PYTHON) tests/sd_baonoi.py \
		$(CURDIR)/$(BUILD)/sd_baonoi $(CURDIR)/$(BUILD)/baonoi
	@$(MAKE) --no-print-directory fuzz-replay
	@echo "== extraction fixtures"
	@$(SAN_ENV) BAONOI_DATA_DIR=$(CURDIR) timeout 600 tests/score_extraction.py \
		$(CURDIR)/$(BUILD)/baonoi

# ---- fuzzing (tests/fuzz) -------------------------------------------------------------------
# Each target takes any bytes: a page (extract, preparse), a line of text (text), cue text
# (timings), a hand-written file (files), a feed (feed). `make fuzz` runs each for FUZZ_SECONDS under libFuzzer
# (clang); `make check` replays the kept crash inputs and the seeds through the same targets
# built without libFuzzer (tests/fuzz/standalone.c).
FUZZ_TARGETS = extract preparse text timings files feed ssml
FUZZ_SECONDS ?= 60
FUZZ_LINK_OBJS = $(UI_OBJS) $(BUILD)/obj/cli/cli_options.o $(SD_PART_OBJS)
FUZZ_HDRS = tests/fuzz/fuzz.h tests/fuzz/tree.h

fuzz:
	$(MAKE) FUZZ=1 CC=clang fuzz-run

fuzz-run: $(FUZZ_TARGETS:%=$(BUILD)/fuzz/fuzz_%)
	@set -e; for t in $(FUZZ_TARGETS); do \
		tests/fuzz/run.sh $(BUILD)/fuzz/fuzz_$$t $$t $(FUZZ_SECONDS); done

$(BUILD)/fuzz:
	mkdir -p $@

$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_HDRS) $(BUILD)/libbaonoi.a $(FUZZ_LINK_OBJS) | $(BUILD)/fuzz
	@echo CC $<
	@$(CC) $(CPPFLAGS_ALL) $(ALL_CFLAGS) -Itests/fuzz -fsanitize=fuzzer -o $@ $< \
		$(FUZZ_LINK_OBJS) $(BUILD)/libbaonoi.a $(LIBS)

$(BUILD)/fuzz/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/standalone.c $(FUZZ_HDRS) $(BUILD)/libbaonoi.a $(FUZZ_LINK_OBJS) | $(BUILD)/fuzz
	@echo CC $<
	@$(CC) $(CPPFLAGS_ALL) $(ALL_CFLAGS) -Itests/fuzz -o $@ $< tests/fuzz/standalone.c \
		$(FUZZ_LINK_OBJS) $(BUILD)/libbaonoi.a $(LIBS)

fuzz-replay: $(FUZZ_TARGETS:%=$(BUILD)/fuzz/replay_%)
	@$(SAN_ENV) BAONOI_DATA_DIR=$(CURDIR) tests/fuzz/replay.sh $(BUILD)/fuzz

valgrind: all $(UNIT_BINS)
	timeout 1800 tests/valgrind.sh $(BUILD)

# The library from four threads at once (tests/unit/speech/test_threads.c), under
# ThreadSanitizer (clang) and under valgrind's helgrind: no data race, no lock-order problem.
tsan:
	$(MAKE) TSAN=1 CC=clang build-tsan/baonoi-engine build-tsan/tests/test_threads
	BAONOI_DATA_DIR=$(CURDIR) TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 \
		timeout 600 build-tsan/tests/test_threads

helgrind: $(BUILD)/baonoi-engine $(BUILD)/tests/test_threads
	BAONOI_DATA_DIR=$(CURDIR) timeout 900 valgrind -q --tool=helgrind --error-exitcode=1 \
		$(BUILD)/tests/test_threads

$(BUILD)/bench_extract: tests/bench_extract.c tests/bench_time.h $(BUILD)/libbaonoi.a
	@echo CC $<
	@$(CC) $(CPPFLAGS_ALL) $(ALL_CFLAGS) -o $@ $< $(BUILD)/libbaonoi.a $(LIBS)

$(BUILD)/bench_text: tests/bench_text.c tests/bench_time.h $(BUILD)/libbaonoi.a
	@echo CC $<
	@$(CC) $(CPPFLAGS_ALL) $(ALL_CFLAGS) -o $@ $< $(BUILD)/libbaonoi.a $(LIBS)

# Opening the default device with PortAudio's normal API or pcaudiolib (tests/bench_open.c).
$(BUILD)/bench_open: tests/bench_open.c
	@echo CC $<
	@$(CC) $(WARN) $(CFLAGS) -o $@ $< $(shell pkg-config --cflags --libs portaudio-2.0) -lpcaudio -lm

bench: all $(BUILD)/bench_extract $(BUILD)/bench_text $(BUILD)/bench_open
	BAONOI=$(CURDIR)/$(BUILD)/baonoi tests/bench.sh
	BAONOI=$(CURDIR)/$(BUILD)/baonoi tests/bench_extract.sh $(BUILD)/bench_extract
	BAONOI=$(CURDIR)/$(BUILD)/baonoi tests/bench_text.sh $(BUILD)/bench_text
	BAONOI=$(CURDIR)/$(BUILD)/baonoi BENCH_OPEN=$(CURDIR)/$(BUILD)/bench_open tests/bench_play.sh
	BAONOI=$(CURDIR)/$(BUILD)/baonoi tests/bench_keys.sh
	$(PYTHON) tests/bench_edition.py $(CURDIR)/$(BUILD)/baonoi 50 5
	tests/with_pulse.sh $(PYTHON) tests/bench_sd_baonoi.py $(CURDIR)/$(BUILD)/sd_baonoi 15

# Extraction on the peer's test suite (../shared/corpora/readability-test-pages, read in place):
# per-page and mean F1 against Readability.js's output, refusals, titles. Measures; never fails.
corpus: all
	@tests/corpus.py $(CURDIR)/$(BUILD)/baonoi

# The same beside the peers, for quality and speed: readability-lxml (Debian) and Readability.js
# on jsdom (npm, versions pinned in tests/peers/readability-js/package-lock.json, installed under
# $(BUILD)/peers: a benchmark tool, never a dependency of baonoi). Needs the npm registry.
PEER_JS = $(BUILD)/peers/readability-js
$(PEER_JS)/node_modules: tests/peers/readability-js/package.json tests/peers/readability-js/package-lock.json
	@mkdir -p $(PEER_JS)
	cp tests/peers/readability-js/package.json tests/peers/readability-js/package-lock.json $(PEER_JS)/
	cd $(PEER_JS) && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

corpus-peers: all $(BUILD)/bench_extract $(PEER_JS)/node_modules
	cp tests/peers/readability-js/run.js $(PEER_JS)/
	READABILITY_JS=$(CURDIR)/$(PEER_JS) tests/corpus.py --peers $(CURDIR)/$(BUILD)/baonoi

demo: all
	@tests/demo.sh $(BUILD)/baonoi

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) $(DESTDIR)$(LIBEXECDIR)/baonoi $(DESTDIR)$(INCLUDEDIR) \
		$(DESTDIR)$(PKGCONFIGDIR) $(DESTDIR)$(DATADIR)/voices $(DESTDIR)$(DATADIR)/examples \
		$(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR) \
		$(DESTDIR)$(SDMODULEDIR) $(DESTDIR)$(SDCONFDIR)
	install -m 755 $(BUILD)/baonoi $(DESTDIR)$(BINDIR)/baonoi
	install -m 755 $(BUILD)/sd_baonoi $(DESTDIR)$(SDMODULEDIR)/sd_baonoi
	install -m 644 src/speechd/baonoi.conf $(DESTDIR)$(SDCONFDIR)/baonoi.conf
	install -m 755 $(BUILD)/baonoi-engine $(DESTDIR)$(LIBEXECDIR)/baonoi/baonoi-engine
	install -m 644 $(BUILD)/libbaonoi.a $(DESTDIR)$(LIBDIR)/libbaonoi.a
	install -m 755 $(BUILD)/libbaonoi.so $(DESTDIR)$(LIBDIR)/libbaonoi.so.0
	ln -sf libbaonoi.so.0 $(DESTDIR)$(LIBDIR)/libbaonoi.so
	install -m 644 include/baonoi.h $(DESTDIR)$(INCLUDEDIR)/baonoi.h
	install -m 644 $(BUILD)/baonoi.1 $(DESTDIR)$(MANDIR)/man1/baonoi.1
	install -m 644 scripts/completion/baonoi.bash $(DESTDIR)$(BASHCOMPDIR)/baonoi
	install -m 644 scripts/completion/_baonoi $(DESTDIR)$(ZSHCOMPDIR)/_baonoi
	install -m 644 voices/* $(DESTDIR)$(DATADIR)/voices/
	install -m 644 examples/*.html examples/*.txt examples/*.md examples/*.c $(DESTDIR)$(DATADIR)/examples/
	sed -e 's|@PREFIX@|$(PREFIX)|; s|@LIBDIR@|$(LIBDIR)|; s|@INCLUDEDIR@|$(INCLUDEDIR)|' \
		-e 's|@VERSION@|$(shell sed -n 's/^#define BN_VERSION "\(.*\)"/\1/p' include/baonoi.h)|' \
		-e 's|@REQUIRES@|$(PKGS)|' baonoi.pc.in > $(DESTDIR)$(PKGCONFIGDIR)/baonoi.pc

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/baonoi $(DESTDIR)$(LIBDIR)/libbaonoi.a \
		$(DESTDIR)$(LIBDIR)/libbaonoi.so $(DESTDIR)$(LIBDIR)/libbaonoi.so.0 \
		$(DESTDIR)$(INCLUDEDIR)/baonoi.h $(DESTDIR)$(PKGCONFIGDIR)/baonoi.pc \
		$(DESTDIR)$(MANDIR)/man1/baonoi.1 $(DESTDIR)$(BASHCOMPDIR)/baonoi \
		$(DESTDIR)$(ZSHCOMPDIR)/_baonoi $(DESTDIR)$(SDMODULEDIR)/sd_baonoi \
		$(DESTDIR)$(SDCONFDIR)/baonoi.conf
	rm -rf $(DESTDIR)$(DATADIR) $(DESTDIR)$(LIBEXECDIR)/baonoi

format:
	clang-format -i src/*/*.c src/*/*.h include/*.h tests/unit/*/*.c tests/unit/*.h tests/fuzz/*.c tests/fuzz/*.h

format-check:
	clang-format --dry-run -Werror src/*/*.c src/*/*.h include/*.h tests/unit/*/*.c tests/unit/*.h \
		tests/fuzz/*.c tests/fuzz/*.h

clean:
	rm -rf build build-san build-fuzz build-tsan

.PHONY: FORCE all unit-tests check tsan helgrind fuzz fuzz-run fuzz-replay corpus corpus-peers valgrind bench demo install uninstall format format-check clean
