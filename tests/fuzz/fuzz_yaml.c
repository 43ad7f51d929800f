/*
 * fuzz_yaml.c — YAML to jansson (cc_yaml_load): anchors, aliases, nesting
 * limits, duplicate keys, odd scalars.
 */
#include <string.h>

#include "fuzz.h"
#include "yaml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *out = NULL;
	struct cc_locs locs = CC_LOCS_INIT;
	struct cc_problems problems = CC_PROBLEMS_INIT;
	char *text = malloc(size ? size : 1);
	if (size)
		memcpy(text, data, size);
	int rc = cc_yaml_load(&out, &locs, text, size, 3, "fuzz.yml", &problems);
	if (rc == 0) {
		FUZZ_ASSERT(out && json_is_object(out));
		/* The tree must be serialisable (no NaN/inf, valid UTF-8 keys). */
		char *s = json_dumps(out, JSON_COMPACT);
		FUZZ_ASSERT(s);
		free(s);
	} else {
		FUZZ_ASSERT(!out);
		FUZZ_ASSERT(cc_problems_count(&problems, CC_SEV_ERROR) > 0);
	}
	for (size_t i = 0; i < locs.n; i++)
		FUZZ_ASSERT(locs.v[i].key && locs.v[i].line >= 4);
	fuzz_check_problems(&problems);
	json_decref(out);
	cc_locs_release(&locs);
	cc_problems_release(&problems);
	free(text);
	return 0;
}
