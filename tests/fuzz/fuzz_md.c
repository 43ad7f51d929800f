/*
 * fuzz_md.c — Markdown analysis (cc_md_analyze); the first byte chooses
 * MDX (import/export and JSX stripping) or plain Markdown.
 */
#include <string.h>

#include "fuzz.h"
#include "markdown.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cc_md md;
	if (size < 1)
		return 0;
	int mdx = data[0] & 1;
	data++;
	size--;
	char *body = malloc(size ? size : 1);
	if (size)
		memcpy(body, data, size);
	FUZZ_ASSERT(cc_md_analyze(&md, size ? body : NULL, size, mdx) == 0);
	FUZZ_ASSERT(md.plain);
	FUZZ_ASSERT(md.words == 0 || md.reading_minutes >= 1);
	for (size_t i = 0; i < md.nheadings; i++) {
		FUZZ_ASSERT(md.headings[i].level >= 1 && md.headings[i].level <= 6);
		FUZZ_ASSERT(md.headings[i].text && md.headings[i].line >= 1);
	}
	for (size_t i = 0; i < md.nlinks; i++)
		FUZZ_ASSERT(md.links[i].url && md.links[i].text && md.links[i].line >= 1);
	cc_md_release(&md);
	free(body);
	return 0;
}
