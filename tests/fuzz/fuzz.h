/*
 * fuzz.h — shared bits of the libFuzzer targets in tests/fuzz/.
 *
 * Each fuzz_*.c defines LLVMFuzzerTestOneInput and is linked by `make fuzz`
 * against build-fuzz/libcontentcal.a (clang, -fsanitize=fuzzer,address,
 * undefined). The targets also check the library's documented contracts
 * (out parameters set on success, problems located, *out released) and
 * abort() when one is broken, so that a contract bug is a finding too.
 */
#ifndef CC_FUZZ_H
#define CC_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "problem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_ASSERT(cond)                                                              \
	do {                                                                               \
		if (!(cond)) {                                                                 \
			fprintf(stderr, "%s:%d: contract broken: %s\n", __FILE__, __LINE__, #cond); \
			abort();                                                                   \
		}                                                                              \
	} while (0)

/* Every problem has a path, a rule, a message and sane positions. */
static inline void fuzz_check_problems(const struct cc_problems *p)
{
	for (size_t i = 0; i < p->n; i++) {
		FUZZ_ASSERT(p->v[i].path && p->v[i].rule && p->v[i].message);
		FUZZ_ASSERT(p->v[i].line >= 0 && p->v[i].col >= 0);
		FUZZ_ASSERT(p->v[i].severity >= CC_SEV_INFO && p->v[i].severity <= CC_SEV_ERROR);
	}
}

#endif
