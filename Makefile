# contentcal — build, test, benchmark.
#
#   make            build build/contentcal
#   make demo       install missing packages, build, run the main job on content-sample/
#   make check      install missing packages, build, run every test, then again under ASan+UBSan
#   make bench      benchmarks against peers on a synthetic corpus (see bench/README.md)
#   make leakcheck  the test suite under valgrind
#   make fuzz       libFuzzer targets (clang): big seeds under a timeout, then FUZZ_SECONDS each (default 60)
#   make fuzz-big   libFuzzer with inputs up to 4 MiB for FUZZ_BIG_SECONDS each
#   make install    PREFIX=/usr/local DESTDIR=
#   make deb        a Debian package (dpkg-buildpackage) in DEB_DIR (default build/deb)

CC       ?= cc
PKG_CONFIG ?= pkg-config
PKGS     := libgit2 libcmark sqlite3 yaml-0.1 jansson libmicrohttpd
PREFIX   ?= /usr/local
LIBEXECDIR ?= $(PREFIX)/libexec/contentcal
BUILD    ?= build
OPT      ?= -O2 -g

PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)
# The front end (cmd/front.c, built as contentcal) links neither libgit2 nor
# libmicrohttpd: it answers a search on an index proven current and hands
# every other run to contentcal-full (docs/design.md, "Search start-up").
FRONT_PKGS := libcmark sqlite3 yaml-0.1 jansson
FRONT_LIBS := $(shell $(PKG_CONFIG) --libs $(FRONT_PKGS) 2>/dev/null) -lcsv -lmbedcrypto -lpthread -lm

CFLAGS   ?=
CPPFLAGS += -D_GNU_SOURCE -Ilib
ALL_CFLAGS = -std=c11 $(OPT) -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -Wno-unused-parameter -Wno-missing-field-initializers -pthread -MMD -MP $(PKG_CFLAGS) $(SANFLAGS) $(CFLAGS)
# -lmbedcrypto (libmbedtls-dev, which libgit2-dev depends on): SHA-256 for
# the report's Content-Security-Policy hashes.
LDLIBS   += $(PKG_LIBS) -lcsv -lmbedcrypto -lpthread -lm

ifeq ($(SAN),1)
SANFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
endif

LIB_SRC  := $(sort $(wildcard lib/*.c))
CMD_SRC  := $(sort $(filter-out cmd/front.c,$(wildcard cmd/*.c)))
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
CMD_OBJ  := $(CMD_SRC:%.c=$(BUILD)/%.o)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

BIN := $(BUILD)/contentcal
FULL := $(BUILD)/contentcal-full
FRONT_OBJ := $(addprefix $(BUILD)/cmd/,front.o global.o search.o util.o)

all: $(BIN) $(FULL)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

# Where `new` and `report` find the built-in templates when the binary is not installed
# (the source tree) and where `make install` puts them; an installed binary
# also finds BINDIR/../share/contentcal/templates on its own.
TEMPLATE_DIR := $(abspath templates)
$(BUILD)/lib/templates.o: Makefile
$(BUILD)/lib/templates.o: CPPFLAGS += -DCC_TEMPLATE_DIR='"$(TEMPLATE_DIR)"' \
	-DCC_INSTALL_TEMPLATE_DIR='"$(PREFIX)/share/contentcal/templates"'

$(BUILD)/libcontentcal.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(FULL): $(CMD_OBJ) $(BUILD)/libcontentcal.a
	$(CC) $(ALL_CFLAGS) -o $@ $(CMD_OBJ) $(BUILD)/libcontentcal.a $(LDFLAGS) $(LDLIBS)

# Where an installed front end finds contentcal-full when /proc/self/exe
# cannot say (beside it, or BINDIR/../libexec/contentcal, come first).
$(BUILD)/cmd/front.o: Makefile
$(BUILD)/cmd/front.o: CPPFLAGS += -DCC_LIBEXEC_DIR='"$(LIBEXECDIR)"'

# --as-needed: a library none of the front end's objects use is not loaded.
$(BIN): $(FRONT_OBJ) $(BUILD)/libcontentcal.a
	$(CC) $(ALL_CFLAGS) -o $@ $(FRONT_OBJ) $(BUILD)/libcontentcal.a $(LDFLAGS) -Wl,--as-needed $(FRONT_LIBS)

$(BUILD)/tests/%: $(BUILD)/tests/unit/%.o $(BUILD)/libcontentcal.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(BUILD)/libcontentcal.a $(LDFLAGS) $(LDLIBS) -lcmocka

deps:
	@.ci/deps build

# CI (CI set, as on GitHub Actions) also installs chromium for the report's
# browser test; elsewhere that test is skipped, visibly, when it is missing.
deps-test:
	@.ci/deps build test $(if $(CI),browser)

# The main job on the sample library: index it, summarise it, show its gaps.
demo: deps
	@$(MAKE) --no-print-directory all
	@tests/demo.sh $(BIN)

unit: $(UNIT_BIN)
	@set -e; for t in $(UNIT_BIN); do echo "# $$t"; $$t; done

cli: $(BIN)
	@CONTENTCAL=$(abspath $(BIN)) prove -f $(sort $(wildcard tests/cli/t*.sh))

# One pass as built, then a second under AddressSanitizer + UndefinedBehaviorSanitizer.
check: deps-test
	@$(MAKE) --no-print-directory all unit
	@$(MAKE) --no-print-directory cli
	@$(MAKE) --no-print-directory BUILD=build-san SAN=1 OPT="-O1 -g" all unit
	@ASAN_OPTIONS=detect_leaks=1 $(MAKE) --no-print-directory BUILD=build-san SAN=1 OPT="-O1 -g" cli
	@echo "check: all passes succeeded"

leakcheck: deps-test all $(UNIT_BIN)
	@set -e; for t in $(UNIT_BIN); do valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect --trace-children=yes $$t; done
	@CONTENTCAL=$(abspath $(BIN)) CONTENTCAL_WRAP="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect --trace-children=yes" prove -f $(sort $(wildcard tests/cli/t*.sh))

# libFuzzer targets (tests/fuzz/fuzz_*.c) built with clang, ASan and UBSan
# into build-fuzz/. For each target, `make fuzz` first runs the big seeds
# tests/fuzz/bigseeds.py writes (up to FUZZ_BIG_BYTES: long lines, many
# nodes, deep nesting) once each under -timeout=FUZZ_BIG_TIMEOUT (a linear
# parser takes seconds on 4 MiB under the sanitizers, a quadratic one
# hours), so a parser that is not linear fails there; then it fuzzes
# FUZZ_SECONDS on the seeds
# in tests/fuzz/corpus/<target>/ with inputs up to FUZZ_MAX_LEN (new inputs
# go to build-fuzz/corpus/<target>/). `make fuzz-big` fuzzes
# FUZZ_BIG_SECONDS per target from the big seeds with -max_len FUZZ_BIG_BYTES.
FUZZ_SECONDS ?= 60
FUZZ_TIMEOUT ?= 10
FUZZ_BIG_TIMEOUT ?= 60
FUZZ_MAX_LEN ?= 65536
FUZZ_BIG_BYTES ?= 4194304
FUZZ_BIG_SECONDS ?= 60
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BIN := $(FUZZ_SRC:tests/fuzz/%.c=build-fuzz/%)
FUZZ_SAN := -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_OPTS = -rss_limit_mb=2048 -print_final_stats=1 \
	-artifact_prefix=build-fuzz/artifacts/$$n/ $$( [ -f tests/fuzz/$$n.dict ] && echo -dict=tests/fuzz/$$n.dict )

build-fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h build-fuzz/libcontentcal.a
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -fsanitize=fuzzer -o $@ $< build-fuzz/libcontentcal.a $(LDFLAGS) $(LDLIBS)

fuzz-build:
	@.ci/deps build fuzz
	@$(MAKE) --no-print-directory BUILD=build-fuzz CC=clang OPT="-O1 -g" CPPFLAGS="-D_GNU_SOURCE -iquote lib" \
		CFLAGS="-Wno-include-next-absolute-path" \
		SANFLAGS="$(FUZZ_SAN)" $(FUZZ_BIN)

build-fuzz/big/.stamp: tests/fuzz/bigseeds.py
	@rm -rf build-fuzz/big
	python3 tests/fuzz/bigseeds.py build-fuzz/big $(FUZZ_BIG_BYTES)
	@touch $@

fuzz: fuzz-build build-fuzz/big/.stamp
	@set -e; for t in $(FUZZ_BIN); do n=$${t#build-fuzz/}; n=$${n#fuzz_}; \
		mkdir -p build-fuzz/corpus/$$n build-fuzz/artifacts/$$n; \
		if [ -d build-fuzz/big/$$n ]; then \
			echo "# fuzz_$$n: big seeds, each within $(FUZZ_BIG_TIMEOUT) s"; \
			$$t $(FUZZ_OPTS) -timeout=$(FUZZ_BIG_TIMEOUT) -max_len=$(FUZZ_BIG_BYTES) build-fuzz/big/$$n/*; fi; \
		echo "# fuzz_$$n: $(FUZZ_SECONDS) s"; \
		$$t -max_total_time=$(FUZZ_SECONDS) -timeout=$(FUZZ_TIMEOUT) -max_len=$(FUZZ_MAX_LEN) $(FUZZ_OPTS) \
			build-fuzz/corpus/$$n tests/fuzz/corpus/$$n; done

fuzz-big: fuzz-build build-fuzz/big/.stamp
	@set -e; for t in $(FUZZ_BIN); do n=$${t#build-fuzz/}; n=$${n#fuzz_}; \
		[ -d build-fuzz/big/$$n ] || continue; \
		mkdir -p build-fuzz/corpus-big/$$n build-fuzz/artifacts/$$n; \
		echo "# fuzz_$$n: big inputs, $(FUZZ_BIG_SECONDS) s"; \
		$$t -max_total_time=$(FUZZ_BIG_SECONDS) -timeout=$(FUZZ_BIG_TIMEOUT) -max_len=$(FUZZ_BIG_BYTES) \
			-len_control=0 $(FUZZ_OPTS) \
			build-fuzz/corpus-big/$$n build-fuzz/big/$$n; done

bench: all
	@.ci/deps build bench
	@bench/run.sh $(BIN)

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
		$(DESTDIR)$(PREFIX)/share/contentcal/templates \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions
	install -d $(DESTDIR)$(LIBEXECDIR)
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/contentcal
	install -m 755 $(FULL) $(DESTDIR)$(LIBEXECDIR)/contentcal-full
	install -m 644 docs/contentcal.1 $(DESTDIR)$(PREFIX)/share/man/man1/contentcal.1
	install -m 644 docs/contentcal.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/contentcal
	cd templates && find . -type f | sort | while read -r f; do \
		install -D -m 644 "$$f" "$(DESTDIR)$(PREFIX)/share/contentcal/templates/$$f" || exit 1; \
	done

# A Debian package built by dpkg-buildpackage from a copy of the source tree
# (tracked and untracked files that git does not ignore; never build outputs),
# so the build neither needs nor touches this tree's build/. The .deb lands in
# DEB_DIR; debian/ holds control, rules, changelog and copyright.
DEB_DIR ?= $(BUILD)/deb
deb:
	@.ci/deps build deb
	@rm -rf "$(DEB_DIR)" && mkdir -p "$(DEB_DIR)/src"
	@.ci/source-copy "$(DEB_DIR)/src"
	cd "$(DEB_DIR)/src" && DEB_BUILD_OPTIONS="nocheck noddebs parallel=2" \
		dpkg-buildpackage -b -us -uc --no-sign >../build.log 2>&1 || { tail -40 ../build.log; exit 1; }
	@ls "$(DEB_DIR)"/*.deb

clean:
	rm -rf build build-san build-fuzz

format:
	clang-format -i lib/*.[ch] cmd/*.[ch] tests/unit/*.c

.SECONDARY:

.PHONY: all deps deps-test demo unit cli check leakcheck fuzz fuzz-build fuzz-big bench install deb clean format

-include $(LIB_OBJ:.o=.d) $(CMD_OBJ:.o=.d) $(BUILD)/cmd/front.d $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/unit/%.d)
