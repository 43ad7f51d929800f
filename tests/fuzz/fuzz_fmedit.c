/*
 * fuzz_fmedit.c — in-place front-matter edits (cc_fm_edit): any file, a
 * scalar and a list change. On success the result must parse, every byte
 * outside the front matter must be kept, and a second identical edit must
 * change nothing; on failure nothing may be written to the output.
 */
#include <string.h>

#include "fmedit.h"
#include "frontmatter.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *stage[] = {"decision"};
	const char *persona[] = {"cio", "it's \"cfo\""};
	const struct cc_fm_change ch[] = {{"stage", stage, 1}, {"persona", persona, 2}};
	struct cc_buf out = CC_BUF_INIT, again = CC_BUF_INIT;
	bool changed = false, changed2 = true;
	char *text = malloc(size ? size : 1); /* exact size: ASan sees reads past the end */
	if (size)
		memcpy(text, data, size);
	if (cc_fm_edit(&out, &changed, "fuzz.md", text, size, ch, 2) == 0) {
		struct cc_fm a, b;
		struct cc_problems pa = CC_PROBLEMS_INIT, pb = CC_PROBLEMS_INIT;
		cc_fm_parse(&a, text, size, "fuzz.md", &pa);
		cc_fm_parse(&b, out.buf, out.len, "fuzz.md", &pb);
		FUZZ_ASSERT(b.ok && b.kind == CC_FM_YAML);
		FUZZ_ASSERT(size - a.body_offset == out.len - b.body_offset);
		FUZZ_ASSERT(!memcmp(text + a.body_offset, out.buf + b.body_offset, size - a.body_offset));
		FUZZ_ASSERT(cc_fm_edit(&again, &changed2, "fuzz.md", out.buf, out.len, ch, 2) == 0);
		FUZZ_ASSERT(!changed2 && again.len == out.len);
		cc_fm_release(&a);
		cc_fm_release(&b);
		cc_problems_release(&pa);
		cc_problems_release(&pb);
	} else {
		FUZZ_ASSERT(out.len == 0);
	}
	cc_buf_release(&out);
	cc_buf_release(&again);
	free(text);
	return 0;
}
