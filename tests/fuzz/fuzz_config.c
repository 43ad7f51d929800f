/*
 * fuzz_config.c — contentcal.yml loading and validation (cc_config_load).
 *
 * cc_config_load reads a path, so each input is written to one temporary
 * file made at start-up (unlinked at exit). A buffer entry point
 * (cc_config_load_buffer) would avoid the file system round trip; see the
 * note in tests/fuzz/README.md.
 */
#include <git2.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

#include "config.h"
#include "fuzz.h"

static char path[64];
static int fd = -1;

static void cleanup(void)
{
	if (fd >= 0)
		unlink(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cc_config cfg;
	struct cc_problems problems = CC_PROBLEMS_INIT;
	if (fd < 0) {
		snprintf(path, sizeof(path), "/tmp/cc-fuzz-config-%ld.yml", (long)getpid());
		fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
		FUZZ_ASSERT(fd >= 0);
		atexit(cleanup);
		/* cc_config_load hashes the file with libgit2, initialising and
		 * shutting it down each time (about 4 ms: it loads the CA store)
		 * unless someone holds a reference; hold one, as the CLI does. */
		git_libgit2_init();
	}
	FUZZ_ASSERT(ftruncate(fd, 0) == 0);
	FUZZ_ASSERT(pwrite(fd, data, size, 0) == (ssize_t)size);
	memset(&cfg, 0, sizeof(cfg));
	int rc = cc_config_load(&cfg, path, "contentcal.yml", "", &problems);
	if (rc < 0)
		FUZZ_ASSERT(cc_problems_count(&problems, CC_SEV_ERROR) > 0);
	else
		FUZZ_ASSERT(cfg.stages.n > 0);
	for (size_t i = 0; i < problems.n; i++)
		FUZZ_ASSERT(!strcmp(problems.v[i].path, "contentcal.yml"));
	fuzz_check_problems(&problems);
	cc_config_release(&cfg);
	cc_problems_release(&problems);
	return 0;
}
