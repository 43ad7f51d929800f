/*
 * calopts.h — options the calendar commands share (calendar, coverage,
 * gaps): --as-of and --quarter, and the quarter's JSON form.
 */
#ifndef CC_CALOPTS_H
#define CC_CALOPTS_H

#include <jansson.h>
#include <stdint.h>

#include "calendar.h"
#include "cmd.h"

struct cc_calopts {
	const char *as_of_arg;   /* --as-of, or NULL for today */
	const char *quarter_arg; /* --quarter, or NULL for the current one */
	int64_t as_of;
	struct cc_quarter quarter;
};

/* Resolves as_of and quarter from the arguments and the config; prints a usage error and returns CC_EXIT_ERROR on bad values. */
int cc_calopts_resolve(struct cc_calopts *o, const struct cc_env *env);

#endif
