/*
 * fuzz_asset.c — the whole per-file parse (cc_asset_parse) with the default
 * config: front matter, Markdown, field mapping, vocabulary, dates, slugs.
 * The first byte picks the path's extension (.md or .mdx).
 */
#include <string.h>

#include "asset.h"
#include "config.h"
#include "fuzz.h"

static struct cc_config cfg;
static int ready;

static int valid_day(const char *s)
{
	return !*s || (strlen(s) == 10 && s[4] == '-' && s[7] == '-');
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cc_asset a;
	if (!ready) {
		cc_config_defaults(&cfg);
		ready = 1;
	}
	if (size < 1)
		return 0;
	const char *path = data[0] & 1 ? "content/fuzz/a b.mdx" : "content/fuzz/x.md";
	data++;
	size--;
	char *text = malloc(size ? size : 1);
	if (size)
		memcpy(text, data, size);
	FUZZ_ASSERT(cc_asset_parse(&a, &cfg, path, text, size) == 0);
	FUZZ_ASSERT(a.fields && json_is_object(a.fields));
	FUZZ_ASSERT(a.slug && a.title && a.summary && a.status && a.format && a.author && a.url);
	FUZZ_ASSERT(valid_day(a.date) && valid_day(a.due) && valid_day(a.review_by) && valid_day(a.expires));
	fuzz_check_problems(&a.problems);
	/* What the indexer stores must serialise. */
	char *s = json_dumps(a.fields, JSON_COMPACT);
	FUZZ_ASSERT(s);
	free(s);
	cc_asset_release(&a);
	free(text);
	return 0;
}
