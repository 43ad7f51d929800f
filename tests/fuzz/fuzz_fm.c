/*
 * fuzz_fm.c — front-matter splitting and parsing (cc_fm_parse): YAML, TOML
 * and JSON fences, BOMs, CRLF, unterminated blocks.
 */
#include <string.h>

#include "frontmatter.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cc_fm fm;
	struct cc_problems problems = CC_PROBLEMS_INIT;
	/* An exact-size copy so ASan sees any read past the end. */
	char *text = malloc(size ? size : 1);
	if (size)
		memcpy(text, data, size);
	FUZZ_ASSERT(cc_fm_parse(&fm, text, size, "fuzz.md", &problems) == 0);
	FUZZ_ASSERT(fm.data && json_is_object(fm.data));
	FUZZ_ASSERT(fm.body_offset <= size);
	FUZZ_ASSERT(fm.body_line >= 1);
	FUZZ_ASSERT(fm.ok || problems.n > 0);
	fuzz_check_problems(&problems);
	cc_fm_release(&fm);
	cc_problems_release(&problems);
	free(text);
	return 0;
}
